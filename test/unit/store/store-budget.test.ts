/**
 * The store's time bounds (shared/store/client.ts): a request's store budget counts only time
 * spent waiting for the database, a call gets min(its own budget, what the request has left),
 * and a client never waits past that bound, also on a connection that never answers (a
 * stand-in for a frozen database: a local socket that accepts and stays silent).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptTimeoutMs, callLimitMs, createDocumentClient, currentStoreBudget, runWithStoreBudget, StoreWaitBudget } from '#store/client';
import { callStore, isUnavailable } from '#store/store-errors';
import { StoreUnavailableError } from '../../../shared/errors.ts';

function fakeClock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('StoreWaitBudget', () => {
  it('starts with its whole budget and spends only time with a call outstanding', () => {
    // Prepare
    const clock = fakeClock();
    const budget = new StoreWaitBudget(2_500, clock.now);
    // Act
    clock.advance(700); // the request's own work
    const done = budget.begin();
    clock.advance(400);
    const whileWaiting = budget.leftMs();
    done();
    clock.advance(5_000); // more own work
    // Assess
    expect(whileWaiting).toBe(2_100);
    expect(budget.leftMs()).toBe(2_100);
  });

  it('counts concurrent calls once', () => {
    // Prepare
    const clock = fakeClock();
    const budget = new StoreWaitBudget(2_500, clock.now);
    // Act
    const first = budget.begin();
    clock.advance(300);
    const second = budget.begin();
    clock.advance(200);
    first();
    clock.advance(100);
    second();
    // Assess
    expect(budget.leftMs()).toBe(1_900);
  });

  it('never goes below zero, and marking a call done twice spends nothing more', () => {
    // Prepare
    const clock = fakeClock();
    const budget = new StoreWaitBudget(1_000, clock.now);
    // Act
    const done = budget.begin();
    clock.advance(4_000);
    const overdrawn = budget.leftMs();
    done();
    done();
    const next = budget.begin();
    clock.advance(10);
    next();
    // Assess
    expect(overdrawn).toBe(0);
    expect(budget.leftMs()).toBe(0);
  });
});

describe('callLimitMs and attemptTimeoutMs', () => {
  it.each([
    [2_500, undefined, 2_500],
    [2_500, 900, 900],
    [2_500, 4_000, 2_500],
    [undefined, 1_200, 1_200],
    [undefined, undefined, Infinity],
    [2_500, 0, 0],
    [2_500, -5, 0],
  ])('a call with budget %s in a request with %s ms left may take %s ms', (callBudget, left, expected) => {
    // Act
    const limit = callLimitMs(callBudget, left);
    // Assess
    expect(limit).toBe(expected);
  });

  it.each([
    [1_000, 2_500, 1_000],
    [1_000, 400, 400],
    [1_000, 0.4, 1],
    [1_000, 0, 1],
    [1_000, Infinity, 1_000],
  ])('an attempt timeout of %s ms within a call limit of %s ms is %s ms (never 0, which means none)', (requestTimeout, limit, expected) => {
    // Act
    const timeout = attemptTimeoutMs(requestTimeout, limit);
    // Assess
    expect(timeout).toBe(expected);
  });
});

describe('a client against a connection that never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let endpoint: string;

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const read = (client: ReturnType<typeof createDocumentClient>) => callStore('read', () => client.send(new GetCommand({ TableName: 't', Key: { PK: 'a', SK: 'b' } })));

  it('gives up after its own call budget, as StoreUnavailableError', async () => {
    // Prepare
    const client = createDocumentClient({ endpoint, callBudgetMs: 600, requestTimeoutMs: 1_000, maxAttempts: 3 });
    const started = performance.now();
    // Act
    const outcome = await read(client).catch((error: unknown) => error);
    const elapsed = performance.now() - started;
    client.destroy();
    // Assess
    expect(outcome).toBeInstanceOf(StoreUnavailableError);
    expect(elapsed).toBeGreaterThanOrEqual(550);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('gives up when the request has no time left, and a later call fails at once without sending', async () => {
    // Prepare
    const client = createDocumentClient({ endpoint });
    const budget = new StoreWaitBudget(400);
    const started = performance.now();
    // Act
    const [first, second] = await runWithStoreBudget(budget, async () => {
      expect(currentStoreBudget()).toBe(budget);
      const one = await read(client).catch((error: unknown) => error);
      const afterFirst = performance.now();
      const two = await read(client).catch((error: unknown) => error);
      return [
        { error: one, ms: afterFirst - started },
        { error: two, ms: performance.now() - afterFirst },
      ];
    });
    client.destroy();
    // Assess
    expect(first.error).toBeInstanceOf(StoreUnavailableError);
    expect(first.ms).toBeGreaterThanOrEqual(350);
    expect(first.ms).toBeLessThan(900);
    expect(second.error).toBeInstanceOf(StoreUnavailableError);
    expect(second.ms).toBeLessThan(50);
    expect(budget.leftMs()).toBe(0);
    expect(currentStoreBudget()).toBeUndefined();
  });

  it('throws a TimeoutError the availability check recognises, also without callStore', async () => {
    // Prepare
    const client = createDocumentClient({ endpoint, callBudgetMs: 200 });
    // Act
    const error = await client.send(new GetCommand({ TableName: 't', Key: { PK: 'a', SK: 'b' } })).catch((e: unknown) => e);
    client.destroy();
    // Assess
    expect((error as Error).name).toBe('TimeoutError');
    expect(isUnavailable(error)).toBe(true);
  });
});
