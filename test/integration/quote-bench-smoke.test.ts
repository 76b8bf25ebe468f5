/**
 * The quote benchmark (test/bench/quote.ts) in its tiny form, so it cannot rot: a 6-line quote
 * over the 3 products, one run, against a local stack on the shared DynamoDB Local. No timing is
 * asserted.
 */
import { describe, expect, inject, it } from 'vitest';
import { quoteLines, runQuoteBench } from '../bench/quote.ts';

describe('quote benchmark, tiny run', () => {
  it('prices and stores a multi-line quote and reports p50 beside the 1-line baseline', async () => {
    // Act
    const result = await runQuoteBench({ runs: 1, lines: 6, dynamoEndpoint: inject('dynamoEndpoint') });
    // Assess
    expect(Object.keys(result).sort()).toEqual(['baselineP50Ms', 'gross', 'lines', 'p50Ms', 'p90Ms', 'ratio', 'runs', 'unavailable']);
    expect(result.lines).toBe(6);
    expect(result.gross).toBeGreaterThan(0);
    expect(new Set(quoteLines(200).map((l) => l.productId)).size).toBe(3);
  }, 180_000);
});
