/**
 * The load run (test/bench/load.ts) in its small form, so it cannot rot: 2 seconds per route on
 * the shared DynamoDB Local. Only the shape of the result and the absence of errors are
 * asserted: timings belong to the benchmark's output, never to the suite.
 */
import { describe, expect, inject, it } from 'vitest';
import { runLoad } from '../bench/load.ts';

describe('load (2 s per route)', () => {
  it('reports throughput, p50/p99 and ratios against GetItem, with every answer 2xx', async () => {
    // Act
    const result = await runLoad({ durationS: 2, connections: 2, dynamoEndpoint: inject('dynamoEndpoint'), quietLogs: true });
    // Assess
    for (const figures of [result.configure, result.placeOrder]) {
      expect(figures).toMatchObject({
        requests: expect.any(Number),
        requestsPerSecond: expect.any(Number),
        p50Ms: expect.any(Number),
        p99Ms: expect.any(Number),
      });
      expect(figures.requests).toBeGreaterThan(0);
      expect(figures.non2xx + figures.errors + figures.timeouts).toBe(0);
    }
    expect(result.getItem).toMatchObject({ requests: expect.any(Number), p50Ms: expect.any(Number), p99Ms: expect.any(Number) });
    expect(result.ratios).toMatchObject({
      configureP50: expect.any(Number),
      configureP99: expect.any(Number),
      placeOrderP50: expect.any(Number),
      placeOrderP99: expect.any(Number),
    });
    expect(result.unexpected).toBe(0);
  }, 120_000);
});
