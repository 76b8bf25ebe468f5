/**
 * Keeps the engine benchmark runnable: a tiny --quick run, spawned like `npm run bench:engine`,
 * must print exactly one JSON object of the documented shape. No timing is asserted.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('engine benchmark, quick mode', () => {
  it('prints one JSON object with a result per model', () => {
    // Prepare: nothing; the quick run brings its own models

    // Act
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/bench/engine.ts', '--quick', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });

    // Assess
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const output = JSON.parse(lines[0]!);
    expect(Object.keys(output)).toEqual(['models']);
    expect(output.models.map((m: { name: string }) => m.name)).toEqual(['laptop', 'laptop-guided', 'renault-medium']);
    for (const model of output.models) {
      expect(Object.keys(model).sort()).toEqual(
        ['clicks', 'compileMs', 'heapMB', 'name', 'p50Ms', 'p99Ms', 'peerP50Ms', 'completeCalls', 'completeP50Ms', 'completeP99Ms'].sort(),
      );
      expect(model.clicks).toBeGreaterThan(0);
      expect(model.completeCalls).toBeGreaterThan(0);
      for (const key of ['p50Ms', 'p99Ms', 'completeP50Ms', 'completeP99Ms', 'compileMs', 'heapMB']) {
        expect(model[key], key).toEqual(expect.any(Number));
      }
      expect(model.p99Ms).toBeGreaterThanOrEqual(model.p50Ms);
      expect(model.completeP99Ms).toBeGreaterThanOrEqual(model.completeP50Ms);
      // The guided laptop has no peer: it knows neither needs nor budgets.
      expect(model.peerP50Ms).toEqual(model.name === 'laptop-guided' ? null : expect.any(Number));
    }
  });

  it('rejects an unknown flag', () => {
    // Prepare: nothing

    // Act
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/engine.ts', '--fast'], { cwd: repoRoot, encoding: 'utf8' });

    // Assess
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Unknown option '--fast'/);
  });
});
