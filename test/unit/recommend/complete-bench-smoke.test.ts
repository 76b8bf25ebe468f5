/**
 * Keeps the corrections benchmark of `complete` runnable (`npm run bench:complete`): a few cars
 * of one fold of Renault medium, every method, every k. Only the shape and the bounds of the
 * counts are asserted (no method is required to win), plus what holds by construction: with
 * all but one value revealed, at most one correction remains.
 */
import { describe, expect, it } from 'vitest';
import { METHODS, runCompleteBench, table } from '../../bench/complete.ts';

describe('complete corrections benchmark, smoke', () => {
  it('counts corrections per method at k = 0, 5, 10, 20 and all but one, and prints the table', () => {
    // Act
    const result = runCompleteBench({ model: 'medium', fold: 9, cars: 3 });
    // Assess
    expect(result).toMatchObject({ model: 'medium', fold: 9, cars: 3, values: 44, reveals: [0, 5, 10, 20, 43], failures: 0 });
    for (const m of METHODS) {
      expect(result.corrections[m]).toHaveLength(5);
      result.corrections[m].forEach((c, i) => {
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(44 - result.reveals[i]!);
      });
    }
    expect(table(result)).toContain('complete popular');
  }, 120_000);
});
