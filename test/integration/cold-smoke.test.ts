/**
 * The cold-start benchmark (test/bench/cold.ts) in its small form, so it cannot rot: the demo
 * laptop, from its artifact and from its document, each in a fresh process, on the shared
 * DynamoDB Local. Only the shape of the result is asserted: timings belong to the benchmark's
 * output, never to the suite.
 */
import { describe, expect, inject, it } from 'vitest';
import { runCold } from '../bench/cold.ts';

describe('cold start (laptop, 3 warm calls)', () => {
  it('times the first configure of a fresh process from the artifact and from the document, beside the warm p50', async () => {
    // Act
    const result = await runCold({ only: ['laptop'], warm: 3, dynamoEndpoint: inject('dynamoEndpoint') });
    // Assess
    expect(result.runs.map((r) => [r.model, r.mode])).toEqual([
      ['laptop', 'artifact'],
      ['laptop', 'document'],
    ]);
    for (const run of result.runs) {
      expect(run).toMatchObject({
        firstRequestMs: expect.any(Number),
        firstConfigureMs: expect.any(Number),
        warmP50Ms: expect.any(Number),
      });
      expect(run.firstConfigureMs).toBeGreaterThan(0);
    }
    expect(result.artifactBytes.laptop).toBeGreaterThan(0);
  }, 180_000);
});
