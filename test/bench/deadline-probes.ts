/**
 * The store's time bounds, measured (shared/store/client.ts, shared/core/deadline.ts). The chaos
 * run (chaos.ts) runs these probes before its load and judges their timing goals with its own:
 *
 * - call budget: a call against a connection that never answers (a loopback socket that accepts
 *   and stays silent) gives up after its budget. Goal: it overshoots the budget by at most
 *   100 ms more than a plain timer of the same length overshoots in the same run (the event
 *   loop's own lateness on a loaded machine is the baseline, not a failure);
 * - after the deadline: once a call of a request ran out of time, a later call of that request
 *   (a release) gives up without waiting. Goal: within 50 ms;
 * - an order whose database freezes right after its key was claimed gets its 503 within one
 *   request deadline, the release after the failure included. Goal: within 3 s
 *   (FAILURE_LATENCY_BOUND_MS; the deadline is 2.5 s, two would be 5 s).
 *
 * What these bounds do, without timing, is tested in test/unit/store/store-budget.test.ts and
 * test/integration/order-budget.test.ts; timing goals live here, never in timed tests.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { CompiledCatalogs, type CatalogSource } from '#catalog/compiled-catalogs';
import { RequestDeadline, runWithDeadline } from '#core/deadline';
import { StoreUnavailableError } from '#core/errors';
import { newOrderId } from '#core/ids';
import { problemResponse } from '#http/problem';
import { placeOrder, requestHashOf } from '#orders/placement';
import { CatalogRepository } from '#store/catalog-repository';
import { createDocumentClient } from '#store/client';
import { CustomerRepository } from '#store/customer-repository';
import { OrderRepository } from '#store/order-repository';
import { isUnavailable } from '#store/store-errors';
import { DEMO_PARTNER_ID } from '../../infra/local/seed.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';
import { DEFAULT_TIER_PERKS } from '#customers/tier-settings';

/** A loopback socket that accepts connections and never answers: a stand-in for a frozen database. */
export interface SilentServer {
  endpoint: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    endpoint: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    connections: () => accepted,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface DeadlineProbes {
  callBudget: { budgetMs: number; elapsedMs: number; timerBaselineMs: number; unavailable: boolean };
  afterDeadline: { elapsedMs: number; unavailable: boolean };
  frozenAfterClaim: { elapsedMs: number; status: number; retryAfter: string | undefined };
}

/** Goals the probes' figures must meet (ms). */
export const DEADLINE_GOALS = { callBudgetSlackMs: 100, afterDeadlineMs: 50, frozenAfterClaimMs: 3_000 } as const;

const CALL_BUDGET_MS = 600;
const read = (client: ReturnType<typeof createDocumentClient>) =>
  client.send(new GetCommand({ TableName: 't', Key: { PK: 'a', SK: 'b' } }));

/** The call budget and the after-deadline probes, against a silent socket. */
async function probeSilentSocket(): Promise<Pick<DeadlineProbes, 'callBudget' | 'afterDeadline'>> {
  const silent = await startSilentServer();
  try {
    const timerStarted = performance.now();
    await sleep(CALL_BUDGET_MS);
    const timerBaselineMs = performance.now() - timerStarted;

    const budgeted = createDocumentClient({
      endpoint: silent.endpoint,
      callBudgetMs: CALL_BUDGET_MS,
      requestTimeoutMs: 1_000,
      maxAttempts: 3,
    });
    const started = performance.now();
    const budgetError = await read(budgeted).catch((error: unknown) => error);
    const elapsedMs = performance.now() - started;
    budgeted.destroy();

    const client = createDocumentClient({ endpoint: silent.endpoint });
    const deadline = RequestDeadline.after(Date.now(), 300, 200);
    const second = await runWithDeadline(deadline, async () => {
      await read(client).catch(() => undefined);
      const secondStarted = performance.now();
      const error = await read(client).catch((e: unknown) => e);
      return { error, elapsedMs: performance.now() - secondStarted };
    });
    client.destroy();
    return {
      callBudget: {
        budgetMs: CALL_BUDGET_MS,
        elapsedMs: Math.round(elapsedMs),
        timerBaselineMs: Math.round(timerBaselineMs),
        unavailable: isUnavailable(budgetError),
      },
      afterDeadline: { elapsedMs: Math.round(second.elapsedMs), unavailable: isUnavailable(second.error) },
    };
  } finally {
    await silent.close();
  }
}

/**
 * An order whose database freezes (SIGSTOP, by PID) right after its key was claimed, on the
 * chaos run's own DynamoDB Local and table; thawed before returning, and its key given back.
 */
async function probeFrozenAfterClaim(database: { endpoint: string; freeze(): void; thaw(): void }, tableName: string, customerId: string) {
  const client = createDocumentClient({ endpoint: database.endpoint });
  try {
    const orders = new OrderRepository(client, tableName);
    const customers = new CustomerRepository(client, tableName);
    const catalogs = new CatalogRepository(client, tableName);
    const customer = await customers.get(DEMO_PARTNER_ID, customerId);
    if (!customer) throw new Error(`no customer ${customerId} to probe with`);
    const freezingSource: CatalogSource = {
      findCurrent: (productId) => catalogs.findCurrent(productId),
      get: (productId, version) => {
        database.freeze();
        return catalogs.get(productId, version);
      },
    };
    const command = {
      customer,
      channel: 'partner' as const,
      idempotencyKey: `deadline-probe-${randomUUID()}`,
      productId: 'laptop-x1',
      picks: [...FULL_LAPTOP_PICKS],
      remember: true,
    };
    const deps = {
      orders,
      repeatOrders: customers,
      catalogs: new CompiledCatalogs(freezingSource),
      now: () => new Date(),
      newOrderId,
      priceLists: async () => [],
      tierPerks: async (_tenantId: string, tier: keyof typeof DEFAULT_TIER_PERKS) => DEFAULT_TIER_PERKS[tier],
    };
    const started = performance.now();
    let outcome: unknown;
    try {
      outcome = await runWithDeadline(RequestDeadline.after(Date.now()), () => placeOrder(deps, command)).then(
        () => 'placed',
        (error: unknown) => error,
      );
    } finally {
      database.thaw();
    }
    const elapsedMs = performance.now() - started;
    // The key the failed request could not give back: free it, so the run's table holds only its own keys.
    await orders.release(DEMO_PARTNER_ID, command.idempotencyKey, requestHashOf({ ...command, customerId }));
    const answer = outcome instanceof StoreUnavailableError ? problemResponse(outcome) : undefined;
    return {
      elapsedMs: Math.round(elapsedMs),
      status: outcome === 'placed' ? 201 : (answer?.statusCode ?? problemResponse(outcome).statusCode),
      retryAfter: answer?.headers['Retry-After'],
    };
  } finally {
    client.destroy();
  }
}

/** Runs the three probes; `database` is the run's own DynamoDB Local (it is frozen for up to 2.5 s). */
export async function runDeadlineProbes(
  database: { endpoint: string; freeze(): void; thaw(): void },
  tableName: string,
  customerId: string,
): Promise<DeadlineProbes> {
  const socket = await probeSilentSocket();
  return { ...socket, frozenAfterClaim: await probeFrozenAfterClaim(database, tableName, customerId) };
}

/** What the probes broke (behaviour) and which timing goals they missed. */
export function judgeDeadlineProbes(probes: DeadlineProbes): { violations: string[]; misses: string[] } {
  const violations: string[] = [];
  const misses: string[] = [];
  const { callBudget, afterDeadline, frozenAfterClaim } = probes;
  if (!callBudget.unavailable) violations.push('a call against a silent database did not end as "unavailable" (503)');
  if (!afterDeadline.unavailable) violations.push('a call after its request timed out did not end as "unavailable" (503)');
  if (frozenAfterClaim.status !== 503 || !(Number(frozenAfterClaim.retryAfter) > 0))
    violations.push(`an order frozen after its claim was answered ${frozenAfterClaim.status}, not 503 with Retry-After`);
  const overshoot = callBudget.elapsedMs - callBudget.budgetMs;
  const timerOvershoot = callBudget.timerBaselineMs - callBudget.budgetMs;
  if (overshoot > timerOvershoot + DEADLINE_GOALS.callBudgetSlackMs)
    misses.push(
      `a ${callBudget.budgetMs} ms call budget gave up after ${callBudget.elapsedMs} ms (a ${callBudget.budgetMs} ms timer took ${callBudget.timerBaselineMs} ms)`,
    );
  if (afterDeadline.elapsedMs > DEADLINE_GOALS.afterDeadlineMs)
    misses.push(
      `a call after its request's deadline took ${afterDeadline.elapsedMs} ms to give up (goal ${DEADLINE_GOALS.afterDeadlineMs} ms)`,
    );
  if (frozenAfterClaim.elapsedMs > DEADLINE_GOALS.frozenAfterClaimMs)
    misses.push(
      `an order frozen after its claim got its 503 after ${frozenAfterClaim.elapsedMs} ms (goal ${DEADLINE_GOALS.frozenAfterClaimMs} ms)`,
    );
  return { violations, misses };
}
