/**
 * The DynamoDB client factory. One client per Lambda container (create it at module scope).
 *
 * The SDK's default HTTP handler waits forever on a frozen connection; a frozen database must
 * not hang a request, so every call has a connection timeout and a whole-request timeout that
 * throws, and a bounded number of attempts. A caller then answers 503 with Retry-After.
 *
 * On top of that, time is bounded per call and per request:
 * - one call, all its attempts and back-offs together, waits at most `callBudgetMs`;
 * - one HTTP request waits for the store at most `REQUEST_STORE_BUDGET_MS` in all, over all
 *   its calls (the handler wrapper runs each request inside `runWithStoreBudget`). A call gets
 *   min(its own budget, what the request has left), and a call begun with nothing left fails at
 *   once, so a chain of calls (claim, place, release; customer, catalog, price lists) cannot
 *   add up to several budgets while the database does not answer.
 * Running out is a `TimeoutError`, which `callStore` turns into `StoreUnavailableError` (503).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StoreClientOptions {
  /** Local endpoint (DynamoDB Local); unset in AWS. */
  endpoint?: string;
  region?: string;
  /** Milliseconds to establish a connection. */
  connectionTimeoutMs?: number;
  /** Milliseconds for one attempt, request and response together. */
  requestTimeoutMs?: number;
  /** Attempts in total, including the first. */
  maxAttempts?: number;
  /**
   * Milliseconds one call may take, all attempts together. Default: `STORE_CLIENT_DEFAULTS`'s
   * when the attempt timeout is the default one; unbounded (only the attempts' own timeouts)
   * for a client given a longer `requestTimeoutMs` (setup scripts, checkers).
   */
  callBudgetMs?: number;
}

/**
 * Defaults sized so that a failed call answers well within 3 s: attempts of at most 1 s, at
 * most 3 of them, and 2.5 s for the whole call, back-offs included.
 */
export const STORE_CLIENT_DEFAULTS = { connectionTimeoutMs: 500, requestTimeoutMs: 1_000, maxAttempts: 3, callBudgetMs: 2_500 } as const;

/**
 * How long one HTTP request may wait for the store, all its calls together: its 503 goes out
 * this long after its first call began waiting, plus the request's own work (milliseconds for
 * an order), so within 3 s of its arrival.
 */
export const REQUEST_STORE_BUDGET_MS = 2_500;

/** A call that ran out of time: named like the SDK's own timeouts, so it maps to 503. */
export class StoreTimeoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TimeoutError';
  }
}

/**
 * The time one request may still spend waiting for the store. Only waiting counts (time with
 * at least one call outstanding; concurrent calls count once), not the request's own work,
 * so a cold catalog compile does not eat the budget of a healthy database. Pure apart from
 * the clock, which is injected.
 */
export class StoreWaitBudget {
  private spentMs = 0;
  private outstanding = 0;
  private waitingSince = 0;

  constructor(
    readonly totalMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds the request may still wait (never negative). */
  leftMs(): number {
    const waiting = this.outstanding > 0 ? this.clock() - this.waitingSince : 0;
    return Math.max(0, this.totalMs - this.spentMs - waiting);
  }

  /** Marks one call as waiting; returns the function that marks it done (idempotent). */
  begin(): () => void {
    if (this.outstanding++ === 0) this.waitingSince = this.clock();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.outstanding === 0) this.spentMs += this.clock() - this.waitingSince;
    };
  }
}

/** The time one call may take: its own budget cut to what the request has left (pure). */
export function callLimitMs(callBudgetMs: number | undefined, requestLeftMs: number | undefined): number {
  return Math.max(0, Math.min(callBudgetMs ?? Infinity, requestLeftMs ?? Infinity));
}

/** One attempt's timeout within a call's limit: never 0 (0 would mean "no timeout" to the SDK). */
export function attemptTimeoutMs(requestTimeoutMs: number, limitMs: number): number {
  return Math.max(1, Math.min(requestTimeoutMs, Math.ceil(limitMs)));
}

const requestBudgets = new AsyncLocalStorage<StoreWaitBudget>();

/** Runs one request with a store budget: every store call inside `run` honours it. */
export function runWithStoreBudget<T>(budget: StoreWaitBudget, run: () => Promise<T>): Promise<T> {
  return requestBudgets.run(budget, run);
}

/** The budget of the request being served, if any. */
export function currentStoreBudget(): StoreWaitBudget | undefined {
  return requestBudgets.getStore();
}

type Send = (command: unknown, options?: { abortSignal?: AbortSignal; requestTimeout?: number }) => Promise<unknown>;

function boundedSend(send: Send, callBudgetMs: number | undefined, requestTimeoutMs: number): Send {
  return (command, options) => {
    const budget = requestBudgets.getStore();
    const limitMs = callLimitMs(callBudgetMs, budget?.leftMs());
    const name = (command as { constructor?: { name?: string } }).constructor?.name ?? 'command';
    if (limitMs <= 0) return Promise.reject(new StoreTimeoutError(`${name}: the request's time for the database is used up`));
    if (limitMs === Infinity) return send(command, options);
    const done = budget?.begin();
    const controller = new AbortController();
    const signal = options?.abortSignal ? AbortSignal.any([options.abortSignal, controller.signal]) : controller.signal;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        done?.();
        outcome();
      };
      // Answer at the limit even if the SDK were still busy with a response body.
      const timer = setTimeout(() => {
        const timeout = new StoreTimeoutError(`${name}: no answer within ${Math.round(limitMs)} ms`);
        controller.abort(timeout);
        settle(() => reject(timeout));
      }, limitMs);
      send(command, { ...options, abortSignal: signal, requestTimeout: attemptTimeoutMs(requestTimeoutMs, limitMs) }).then(
        (output) => settle(() => resolve(output)),
        (error: unknown) => settle(() => reject(controller.signal.aborted ? new StoreTimeoutError(`${name}: no answer within ${Math.round(limitMs)} ms`, { cause: error }) : error)),
      );
    });
  };
}

export function createDocumentClient(options: StoreClientOptions = {}): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined;
  const requestTimeoutMs = options.requestTimeoutMs ?? STORE_CLIENT_DEFAULTS.requestTimeoutMs;
  const client = new DynamoDBClient({
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-1',
    maxAttempts: options.maxAttempts ?? STORE_CLIENT_DEFAULTS.maxAttempts,
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? STORE_CLIENT_DEFAULTS.connectionTimeoutMs,
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(local
      ? {
          endpoint: options.endpoint,
          // DynamoDB Local accepts any credentials; fixed ones keep one shared database per region.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  const callBudgetMs = options.callBudgetMs ?? (options.requestTimeoutMs === undefined ? STORE_CLIENT_DEFAULTS.callBudgetMs : undefined);
  documentClient.send = boundedSend(documentClient.send.bind(documentClient) as Send, callBudgetMs, requestTimeoutMs) as typeof documentClient.send;
  return documentClient;
}
