/**
 * The DynamoDB client factory. One client per Lambda container (create it at module scope).
 *
 * The SDK's default HTTP handler waits forever on a frozen connection; a frozen database must
 * not hang a request, so every call has a connection timeout and a whole-request timeout that
 * throws, and a bounded number of attempts. A caller then answers 503 with Retry-After.
 *
 * On top of that, time is bounded per call and per request:
 * - one call, all its attempts and back-offs together, waits at most `callBudgetMs` (2.5 s);
 * - one HTTP request has a deadline, `REQUEST_DEADLINE_MS` after it arrived (the handler
 *   wrapper runs each request inside `runWithDeadline`). A call gets min(its own budget, the
 *   time left), so a chain of calls (claim, place, release; customer, catalog, price lists)
 *   cannot add up to several budgets while the database does not answer: the 503 goes out by
 *   the deadline. Once a call of the request ran out of time, later calls get only what is
 *   left (nothing, past the deadline), so a release after a timeout gives up at once. A request
 *   past its deadline by its own work (a cold catalog compile) whose calls all answered so far
 *   still gets `PAST_DEADLINE_FLOOR_MS` per call: a healthy database is not failed for it.
 * Running out is a `TimeoutError`, which `callStore` turns into `StoreUnavailableError` (503).
 */
import { currentDeadline } from '#core/deadline';
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

/** A call that ran out of time: named like the SDK's own timeouts, so it maps to 503. */
export class StoreTimeoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TimeoutError';
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

export type Send = (command: unknown, options?: { abortSignal?: AbortSignal; requestTimeout?: number }) => Promise<unknown>;

/**
 * `send` bounded by a per-call budget and the request's deadline (above): throws a `StoreTimeoutError`
 * at the limit. Shared with the artifact bucket's S3 client.
 */
export function boundedSend(send: Send, callBudgetMs: number | undefined, requestTimeoutMs: number): Send {
  return (command, options) => {
    const deadline = currentDeadline();
    const limitMs = callLimitMs(callBudgetMs, deadline?.leftMs(Date.now()));
    const name = (command as { constructor?: { name?: string } }).constructor?.name ?? 'command';
    if (limitMs <= 0) {
      deadline?.markTimedOut();
      return Promise.reject(new StoreTimeoutError(`${name}: the request's time for the database is up`));
    }
    if (limitMs === Infinity) return send(command, options);
    const controller = new AbortController();
    const signal = options?.abortSignal ? AbortSignal.any([options.abortSignal, controller.signal]) : controller.signal;
    const timeout = (cause?: unknown) => {
      deadline?.markTimedOut();
      return new StoreTimeoutError(`${name}: no answer within ${Math.round(limitMs)} ms`, cause === undefined ? undefined : { cause });
    };
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      // Answer at the limit even if the SDK were still busy with a response body.
      const timer = setTimeout(() => {
        const error = timeout();
        controller.abort(error);
        settle(() => reject(error));
      }, limitMs);
      send(command, { ...options, abortSignal: signal, requestTimeout: attemptTimeoutMs(requestTimeoutMs, limitMs) }).then(
        (output) => settle(() => resolve(output)),
        (error: unknown) =>
          settle(() => {
            if (controller.signal.aborted) return reject(timeout(error));
            // The SDK's own attempt timeouts ran out first: the database did not answer either.
            if ((error as Error | undefined)?.name === 'TimeoutError') deadline?.markTimedOut();
            reject(error);
          }),
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
  documentClient.send = boundedSend(
    documentClient.send.bind(documentClient) as Send,
    callBudgetMs,
    requestTimeoutMs,
  ) as typeof documentClient.send;
  return documentClient;
}
