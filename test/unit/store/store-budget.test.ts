/**
 * The store's time bounds (shared/store/client.ts): a request's deadline, what a call gets of
 * it (min(its own budget, the time left); a floor while nothing timed out; nothing past the
 * deadline once something did), and what ends a call on a connection that never answers (a
 * stand-in for a frozen database: a local socket that accepts and stays silent). No wall-clock
 * durations are asserted: how fast the bounds give up is measured by the chaos run
 * (test/bench/deadline-probes.ts).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptTimeoutMs, callLimitMs, createDocumentClient } from '#store/client';
import { currentDeadline, PAST_DEADLINE_FLOOR_MS, REQUEST_DEADLINE_MS, RequestDeadline, runWithDeadline } from '#core/deadline';
import { requestArrival } from '#http/handler';
import { callStore, isUnavailable } from '#store/store-errors';
import { StoreUnavailableError } from '#core/errors';
import { startSilentServer, type SilentServer } from '../../bench/deadline-probes.ts';

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
  // How long giving up takes is a timing goal, measured by the chaos run (test/bench/deadline-probes.ts);
  // here, what ends each call and whether it reaches the network at all.
  let silent: SilentServer;

  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(async () => {
    await silent.close();
  });

  const get = () => new GetCommand({ TableName: 't', Key: { PK: 'a', SK: 'b' } });

  it('gives up when its own call budget is spent, before its attempts are, as StoreUnavailableError', async () => {
    // Prepare: without the budget, 3 attempts of 1 s each, on 3 connections
    const client = createDocumentClient({ endpoint: silent.endpoint, callBudgetMs: 600, requestTimeoutMs: 1_000, maxAttempts: 3 });
    const before = silent.connections();
    // Act
    const raw = await client.send(get()).catch((error: unknown) => error);
    const mapped = await callStore('read', () => client.send(get())).catch((error: unknown) => error);
    client.destroy();
    // Assess: the budget's own timer ended it (its message names the budget), not the SDK's last attempt
    expect((raw as Error).name).toBe('TimeoutError');
    expect((raw as Error).message).toBe('GetCommand: no answer within 600 ms');
    expect(isUnavailable(raw)).toBe(true);
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    // At most a retry began before the budget ran out (2 calls, so at most 4 connections of the 6 the attempts allow).
    expect(silent.connections() - before).toBeLessThanOrEqual(4);
  });

  it("gives a call no more than the request's deadline, and once a call timed out, fails a later call without sending it", async () => {
    // Prepare
    const client = createDocumentClient({ endpoint: silent.endpoint });
    const deadline = RequestDeadline.after(Date.now(), 400, 300);
    // Act
    const [first, second, sent] = await runWithDeadline(deadline, async () => {
      expect(currentDeadline()).toBe(deadline);
      const one = await client.send(get()).catch((error: unknown) => error);
      // The release of a failed request comes after the deadline; make sure it does here too.
      while (Date.now() <= deadline.at) await new Promise((resolve) => setTimeout(resolve, 5));
      const before = silent.connections();
      const two = await client.send(get()).catch((error: unknown) => error);
      return [one, two, silent.connections() - before] as const;
    });
    client.destroy();
    // Assess: the first call got the deadline's share (300 to 400 ms), not its own 2.5 s budget
    const allotted = Number(/no answer within (\d+) ms$/.exec((first as Error).message)?.[1]);
    expect(allotted).toBeGreaterThanOrEqual(300);
    expect(allotted).toBeLessThanOrEqual(400);
    expect(deadline.hasTimedOut).toBe(true);
    expect((second as Error).message).toBe("GetCommand: the request's time for the database is up");
    expect(isUnavailable(second)).toBe(true);
    expect(sent).toBe(0);
    expect(currentDeadline()).toBeUndefined();
  });

  it('throws a TimeoutError the availability check recognises, also without callStore', async () => {
    // Prepare
    const client = createDocumentClient({ endpoint: silent.endpoint, callBudgetMs: 200 });
    // Act
    const error = await client.send(get()).catch((e: unknown) => e);
    client.destroy();
    // Assess
    expect((error as Error).name).toBe('TimeoutError');
    expect(isUnavailable(error)).toBe(true);
  });
});
