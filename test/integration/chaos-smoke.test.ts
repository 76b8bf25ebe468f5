/**
 * The chaos run (test/bench/chaos.ts) in its small form, so it cannot rot: a child process with
 * its own DynamoDB Local on a data directory, 2 clients placing orders while the database is
 * frozen for 5 s and then killed and restarted. What it proves is behaviour, read from its JSON:
 * requests against the frozen or dead database get a 503 problem with Retry-After, nothing is
 * half-written, lost or placed twice, every JVM is gone afterwards. How fast those 503s come
 * (within 3 s) is a timing goal: the full `npm run chaos` judges it; this run only prints it,
 * since a loaded machine must not fail the suite.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChaosResult } from '../bench/chaos.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function runQuickChaos(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/bench/chaos.ts', '--quick', '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Bounded: SIGTERM by PID (the script then kills its JVM by PID) if it runs far too long.
    const guard = setTimeout(() => child.kill('SIGTERM'), 170_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolveRun({ code, stdout, stderr });
    });
  });
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('orders under a frozen and a killed database (chaos --quick)', () => {
  it('loses no acknowledged order, half-writes none, places one order per key, answers every failure with a 503 problem', async () => {
    // Act
    const run = await runQuickChaos();
    // Assess
    const lastLine = run.stdout.trim().split('\n').pop() ?? '';
    let result: ChaosResult;
    try {
      result = JSON.parse(lastLine) as ChaosResult;
    } catch {
      throw new Error(`chaos --quick --json printed no JSON (exit ${run.code}):\n${run.stdout.slice(-2_000)}\n${run.stderr.slice(-2_000)}`);
    }
    expect(result.violations).toEqual([]);
    expect(result.table.findings).toEqual([]);
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.table.acknowledgedMissing).toBe(0);
    // DynamoDB Local's own gap (order-invariants.ts): at most the one order per client acknowledged at the SIGKILL.
    expect(result.table.lostByDatabaseAtKill).toBeLessThanOrEqual(result.clients);
    expect(result.table.halfWritten).toBe(0);
    expect(result.table.duplicates).toBe(0);
    expect(result.table.profileMismatches).toBe(0);
    // Every failure was a 503 problem+json with Retry-After (or the documented in-flight 409 with it).
    expect(result.badFailures).toBe(0);
    expect(result.inFlightConflictsWithoutRetryAfter).toBe(0);
    expect(result.faults.restartedPid).not.toBe(result.faults.killedPid);
    // The store's bounds (deadline-probes.ts): calls against a silent database end as 503s, and so
    // does an order whose database froze right after its claim.
    expect(result.deadline.callBudget.unavailable && result.deadline.afterDeadline.unavailable).toBe(true);
    expect(result.deadline.frozenAfterClaim).toMatchObject({ status: 503, retryAfter: '1' });
    // The freeze did hit requests: the database did not answer them, the API did, with 503.
    expect(result.duringFreeze.statuses['503']).toBeGreaterThan(0);
    // Every attempt got an answer: the client's 30 s timeout is a hang guard here, not a timing goal.
    expect(result.timing.judged).toBe(false);
    expect(result.connectionErrors).toBe(0);
    expect(run.code).toBe(0);
    // Every JVM the run started is gone (killed by PID).
    expect(gone(result.faults.killedPid) && gone(result.faults.restartedPid)).toBe(true);
  }, 180_000);
});
