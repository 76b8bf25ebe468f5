/**
 * Keeps `npm run bench:bundles` runnable (its --quick mode: one function bundled as deployed and
 * imported once), and checks what the bundling promises without timing anything: the SDK's
 * default credential chain is replaced by the environment provider Lambda uses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleFunction } from '../bench/bundles.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe('function bundles', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'bundles-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('bench:bundles --quick bundles and imports a function and prints its figures', () => {
    // Act
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/bundles.ts', '--quick', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    // Assess
    expect(run.status, run.stderr).toBe(0);
    const output = JSON.parse(run.stdout.trim());
    expect(output.figures).toHaveLength(1);
    expect(output.figures[0]).toMatchObject({ function: 'health', bytes: expect.any(Number), ratio: expect.any(Number) });
  }, 120_000);

  it('bundles the environment credential provider instead of the SDK default chain (no SSO, STS or ini files)', async () => {
    // Act
    const file = await bundleFunction('health', outDir);
    const code = readFileSync(file, 'utf8');
    // Assess
    expect(code).toContain('AWS_SECRET_ACCESS_KEY');
    expect(code).not.toContain('sso_start_url');
    expect(code).not.toContain('AssumeRoleWithWebIdentity');
  }, 120_000);
});
