/**
 * The fuzz run (test/bench/fuzz.ts) in its small form, so it cannot rot: 300 hostile requests
 * from the route table (fixed seed) against a local stack on the shared DynamoDB Local.
 */
import { describe, expect, inject, it } from 'vitest';
import { runFuzz } from '../bench/fuzz.ts';

describe('hostile input (fuzz, 300 requests)', () => {
  it('never answers 5xx, answers every rejection with problem+json, and rejected requests write nothing', async () => {
    // Act
    const result = await runFuzz({ runs: 300, seed: 20_261_123, dynamoEndpoint: inject('dynamoEndpoint'), quietLogs: true });
    // Assess
    expect(result.findings).toEqual([]);
    expect(result.serverErrors).toBe(0);
    expect(result.notProblemJson).toBe(0);
    expect(result.writesFromRejected).toBe(0);
    expect(result.rejected).toBeGreaterThan(result.accepted);
    expect(result.routesCovered).toBe(result.routesTotal);
  }, 180_000);
});
