/**
 * The store's time bounds (shared/store/client.ts): a request's deadline, what a call gets of
 * it (min(its own budget, the time left); a floor while nothing timed out; nothing past the
 * deadline once something did), and a client never waits past that bound, also on a connection that never answers (a
 * stand-in for a frozen database: a local socket that accepts and stays silent).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptTimeoutMs, callLimitMs, createDocumentClient } from '#store/client';
import { currentDeadline, PAST_DEADLINE_FLOOR_MS, REQUEST_DEADLINE_MS, RequestDeadline, runWithDeadline } from '#core/deadline';
import { requestArrival } from '#http/handler';
import { callStore, isUnavailable } from '#store/store-errors';
import { StoreUnavailableError } from '#core/errors';

describe('RequestDeadline', () => {
  it('gives a call the time left until the deadline', () => {
    // Prepare
    const deadline = RequestDeadline.after(10_000, 2_500, 500);
    // Act
    const left = [deadline.leftMs(10_000), deadline.leftMs(11_200), deadline.leftMs(12_000)];
    // Assess
    expect(deadline.at).toBe(12_500);
    expect(left).toEqual([2_500, 1_300, 500]);
  });

  it("still gives a call the floor when the request's own work took it near or past the deadline and nothing timed out", () => {
    // Prepare
    const deadline = RequestDeadline.after(10_000, 2_500, 500);
    // Act
    const left = [deadline.leftMs(12_300), deadline.leftMs(14_000)];
    // Assess
    expect(left).toEqual([500, 500]);
    expect(deadline.hasTimedOut).toBe(false);
  });

  it('gives only what is left, nothing past the deadline, once a call of the request timed out', () => {
    // Prepare
    const deadline = RequestDeadline.after(10_000, 2_500, 500);
    // Act
    deadline.markTimedOut();
    const left = [deadline.leftMs(12_300), deadline.leftMs(12_500), deadline.leftMs(14_000)];
    // Assess
    expect(left).toEqual([200, 0, 0]);
  });

  it('defaults to a 2.5 s deadline and a floor of one 1 s attempt', () => {
    // Act
    const deadline = RequestDeadline.after(0);
    // Assess
    expect(REQUEST_DEADLINE_MS).toBe(2_500);
    expect(PAST_DEADLINE_FLOOR_MS).toBe(1_000);
    expect(deadline.at).toBe(2_500);
    expect(deadline.floorMs).toBe(1_000);
  });
});

describe('requestArrival', () => {
  it.each([
    ["API Gateway's requestTimeEpoch, 800 ms before the handler started", 9_200, 9_200],
    ['the handler start when there is no requestTimeEpoch', undefined, 10_000],
    ['the handler start when requestTimeEpoch is in the future (clock skew)', 10_050, 10_000],
    ['the handler start when requestTimeEpoch is implausibly old', 10_000 - 60_000, 10_000],
    ['the handler start when requestTimeEpoch is not a number', '9000', 10_000],
  ])('is %s', (_label, epoch, expected) => {
    // Act
    const arrival = requestArrival(10_000, epoch);
    // Assess
    expect(arrival).toBe(expected);
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

  const read = (client: ReturnType<typeof createDocumentClient>) =>
    callStore('read', () => client.send(new GetCommand({ TableName: 't', Key: { PK: 'a', SK: 'b' } })));

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

  it("gives up at the request's deadline, and a later call (a release) fails at once without waiting", async () => {
    // Prepare
    const client = createDocumentClient({ endpoint });
    const started = Date.now();
    const deadline = RequestDeadline.after(started, 400, 300);
    // Act
    const [first, second] = await runWithDeadline(deadline, async () => {
      expect(currentDeadline()).toBe(deadline);
      const one = await read(client).catch((error: unknown) => error);
      const afterFirst = Date.now();
      const two = await read(client).catch((error: unknown) => error);
      return [
        { error: one, ms: afterFirst - started },
        { error: two, ms: Date.now() - afterFirst },
      ];
    });
    client.destroy();
    // Assess
    expect(first.error).toBeInstanceOf(StoreUnavailableError);
    expect(first.ms).toBeGreaterThanOrEqual(350);
    expect(first.ms).toBeLessThan(900);
    expect(second.error).toBeInstanceOf(StoreUnavailableError);
    expect(second.ms).toBeLessThan(50);
    expect(deadline.hasTimedOut).toBe(true);
    expect(currentDeadline()).toBeUndefined();
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
