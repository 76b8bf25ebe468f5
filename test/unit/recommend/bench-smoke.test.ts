/**
 * Keeps the recommendation benchmark runnable: a tiny --quick run (a few cars of one fold of
 * Renault medium), spawned like `npm run bench:recommend`, must print exactly one JSON object
 * of the documented shape. No precision or timing is asserted.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const METHODS = ['mostFrequent', 'naiveBayes', 'ours', 'oursUnfiltered'];

describe('recommendation benchmark, quick mode', () => {
  it('prints one JSON object with per-fold precision per reveal index, a summary and the latency', () => {
    // Act
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/recommend.ts', '--quick', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });

    // Assess
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const output = JSON.parse(lines[0]!);
    expect(Object.keys(output).sort()).toEqual(['folds', 'latency', 'model', 'peMrf', 'seed', 'summary']);
    expect(output.model).toBe('medium');
    expect(output.peMrf).toEqual({ fold: 9, first: 0.819, last: 0.97 });
    expect(output.folds).toHaveLength(1);
    const fold = output.folds[0];
    expect(fold.cars).toBeGreaterThan(0);
    expect(fold.orders).toBe(1);
    expect(fold.firstExpected).toBeGreaterThan(0);
    expect(fold.firstExpected).toBeLessThanOrEqual(1);
    expect(Object.keys(fold.precision).sort()).toEqual(METHODS);
    expect(Object.keys(fold.lastExpected).sort()).toEqual(METHODS);
    for (const m of METHODS) expect(fold.lastExpected[m] >= 0 && fold.lastExpected[m] <= 1).toBe(true);
    for (const m of METHODS) {
      expect(fold.precision[m]).toHaveLength(44); // medium: 44 customer-visible variables
      for (const p of fold.precision[m]) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect(output.summary.overall[m]).toEqual({ mean: expect.any(Number), sd: expect.any(Number) });
      expect(output.summary.perIndex[m]).toHaveLength(44);
    }
    expect(output.latency).toEqual({
      model: 'medium',
      clicks: expect.any(Number),
      recommendP50Ms: expect.any(Number),
      recommendP99Ms: expect.any(Number),
      configureP50Ms: expect.any(Number),
    });
  });

  it('rejects a bad flag value', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/recommend.ts', '--model', 'small'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--model is medium or big/);
    const orders = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/recommend.ts', '--orders', '0'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(orders.status).toBe(1);
    expect(orders.stderr).toMatch(/--orders is a positive whole number/);
  });
});
