/**
 * Orders under database faults. Starts its own DynamoDB Local on a data directory (a temp dir,
 * not in memory, so a killed database restarts with its data), the local stack on it, and a
 * few customers of the demo partner. Then N clients place orders steadily (each order its own
 * Idempotency-Key; on 503, 429, an in-flight 409 or a connection error a client retries the
 * SAME key and body a bounded number of times, after Retry-After, like a well-behaved partner)
 * while the database is (a) SIGKILLed and restarted on the same data directory and port, and
 * (b) separately frozen with SIGSTOP for 10 s (3 s with --quick), then thawed with SIGCONT.
 *
 * Before the load, the store's time bounds are probed (deadline-probes.ts: a call budget and a
 * request deadline against a silent socket, an order frozen right after its claim).
 *
 * Every attempt (key, status, timing, orderId) goes to .bench/chaos-<time>.jsonl. Afterwards
 * the behaviour is checked: the table (order-invariants.ts): 0 half-written orders, 0
 * acknowledged orders missing, at most one order per key; every failed answer must be a 503
 * problem+json with Retry-After (a 409 problem to a retry whose key a failed earlier attempt
 * still holds is counted apart: it is the documented in-flight answer); no connection dropped
 * without an answer. Then the timing goal: every failed attempt answered within 3 s of being
 * sent (FAILURE_LATENCY_BOUND_MS; a request's store deadline is 2.5 s), none left unanswered at
 * the client's own 5 s timeout. The figures are printed overall and for the attempts in flight
 * during the freeze and during the kill and restart. Exits 1 when the behaviour fails, or when
 * the timing goal is missed in a run that judges it.
 *
 * The timing goal is judged by the full run only: the suite's --quick run proves the behaviour
 * on whatever machine runs the suite (often a loaded one), prints the timing figures, and gives
 * the client 30 s before it calls an attempt unanswered (then the server hung; no slow machine
 * takes that long), so timing never fails the suite.
 *
 *   npm run chaos                      full run (4 clients, about 60 s), timing judged
 *   npm run chaos -- --quick           a small run (2 clients, about 11 s, freeze 5 s, kill 3 s after the thaw), used by the test suite
 *   npm run chaos -- --quick --judge-timing   the small run, with its timing judged too (client timeout 5 s)
 *   npm run chaos -- --json            exactly one JSON object on stdout
 *   --clients N  --duration S          override the load
 *
 * The JVM is killed by PID on every exit path (owned-dynamodb.ts). Loopback only.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDocumentClient } from '#store/client';
import { DEMO_PARTNER_ID } from '../../infra/local/seed.ts';
import { FULL_LAPTOP_PICKS, percentile, startBenchStack, type BenchStack } from './bench-stack.ts';
import { DEADLINE_GOALS, judgeDeadlineProbes, runDeadlineProbes, type DeadlineProbes } from './deadline-probes.ts';
import { checkOrderInvariants, LOST_AT_KILL_WINDOW_MS, type Acknowledged, type OrderInvariantReport } from './order-invariants.ts';
import { startOwnedDynamoDb, type OwnedDynamoDb } from './owned-dynamodb.ts';
import { runAsScript } from './script-entry.ts';

export interface ChaosOptions {
  quick: boolean;
  clients: number;
  /** How long clients start new orders, in ms. */
  durationMs: number;
  /** When the database is SIGKILLed (and at once restarted), ms after the start. */
  killAtMs: number;
  /** When the database is frozen, ms after the start, and for how long. */
  freezeAtMs: number;
  freezeMs: number;
  /** The partner's own HTTP timeout per attempt. */
  clientTimeoutMs: number;
  /** Whether missing the timing goal fails the run (the full run), or its figures are only printed (the suite's quick run). */
  judgeTiming: boolean;
  /** Attempts per order, the first included, and how long a client keeps retrying one order. */
  maxAttempts: number;
  retryWindowMs: number;
  /** Pause between two orders of one client (keeps the load steady, below the usage plan). */
  thinkMs: number;
  logDir: string;
  /** Silence the handlers' own logs (--json keeps stdout to one object). */
  quietLogs?: boolean;
}

export function chaosOptions(
  quick: boolean,
  overrides: { clients?: number; durationS?: number; judgeTiming?: boolean } = {},
): ChaosOptions {
  const base: ChaosOptions = quick
    ? // The freeze outlasts the 3 s bound, so a request that waited for the thaw would show.
      // The kill comes 3 s after the thaw, so no attempt meets both faults (the issue: "separately").
      {
        quick,
        clients: 2,
        durationMs: 11_000,
        freezeAtMs: 1_500,
        freezeMs: 5_000,
        killAtMs: 9_500,
        // Not a timing goal: long enough that no answer means the server hung, on any machine.
        clientTimeoutMs: 30_000,
        judgeTiming: false,
        maxAttempts: 30,
        retryWindowMs: 45_000,
        thinkMs: 50,
        logDir: '.bench',
      }
    : {
        quick,
        clients: 4,
        durationMs: 60_000,
        freezeAtMs: 10_000,
        freezeMs: 10_000,
        killAtMs: 30_000,
        clientTimeoutMs: PARTNER_TIMEOUT_MS,
        judgeTiming: true,
        maxAttempts: 40,
        retryWindowMs: 60_000,
        thinkMs: 50,
        logDir: '.bench',
      };
  if (overrides.clients) base.clients = overrides.clients;
  if (overrides.judgeTiming) {
    base.judgeTiming = true;
    base.clientTimeoutMs = PARTNER_TIMEOUT_MS;
  }
  if (overrides.durationS) {
    const scale = (overrides.durationS * 1000) / base.durationMs;
    base.durationMs = overrides.durationS * 1000;
    base.killAtMs = Math.round(base.killAtMs * scale);
    base.freezeAtMs = Math.round(base.freezeAtMs * scale);
  }
  return base;
}

export interface ChaosResult {
  /** The behaviour held, and the timing goal too when this run judges it. */
  ok: boolean;
  /** Broken behaviour: a lost, half-written or duplicated order, a failure that is not a 503 problem, a dropped connection. */
  violations: string[];
  /** The timing goal: every failed attempt answered within the bound; judged by the full run, printed by every run. */
  timing: { goal: string; judged: boolean; met: boolean; misses: string[] };
  clients: number;
  durationMs: number;
  /** Orders the clients tried to place (one key each). */
  orders: number;
  attempts: number;
  acknowledged: number;
  /** Orders whose client gave up after maxAttempts. */
  gaveUp: number;
  statuses: Record<string, number>;
  /** Attempts that ended without an HTTP answer (client timeout or connection error). */
  connectionErrors: number;
  clientTimeouts: number;
  /** Non-2xx answers that were not a 503 problem+json with Retry-After (nor an in-flight 409). */
  badFailures: number;
  /** 409 answers to a retry whose key an earlier, failed attempt still held. */
  inFlightConflicts: number;
  inFlightConflictsWithoutRetryAfter: number;
  maxLatencyMs: number;
  p50LatencyMs: number;
  p99LatencyMs: number;
  /** Attempts (any answer or none) that took longer than the failure bound. */
  attemptsOverBound: number;
  /** Every attempt that did not end in a 201: its answer time, overall and per fault. */
  failures: FailureFigures;
  /** The same for the attempts in flight while the database was frozen. */
  duringFreeze: FailureFigures;
  /** The same for the attempts in flight from the SIGKILL until the restarted database listened. */
  duringKill: FailureFigures;
  /** A failed attempt must be answered within this many ms of being sent. */
  failureLatencyBoundMs: number;
  faults: {
    killedPid: number;
    restartedPid: number;
    restartMs: number;
    frozenMs: number;
    frozeAt: number;
    thawedAt: number;
    killedAt: number;
    restartedAt: number;
  };
  table: OrderInvariantReport;
  /** The store's time bounds, probed before the load (deadline-probes.ts). */
  deadline: DeadlineProbes;
  logFile: string;
}

interface AttemptLine {
  t: number;
  client: number;
  key: string;
  customerId: string;
  attempt: number;
  status: number | null;
  ms: number;
  orderId?: string;
  replayed?: boolean;
  contentType?: string | null;
  retryAfter?: string | null;
  problemType?: string;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The issue's bound: a failed request gets its 503 within 3 s (its store deadline is 2.5 s). */
export const FAILURE_LATENCY_BOUND_MS = 3_000;
/** A well-behaved partner's own HTTP timeout per attempt, in the runs that judge timing. */
const PARTNER_TIMEOUT_MS = 5_000;

export interface FailureFigures {
  /** Attempts considered (all, or those in flight during a fault). */
  attempts: number;
  /** Of those, the ones that did not end in a 201 (503, 409, no answer...). */
  failures: number;
  maxFailureLatencyMs: number;
  /** Failures answered later than the bound, or not at all within the client's timeout. */
  failuresOverBound: number;
  /** The answers of the attempts considered, by status ('no-answer' when none came). */
  statuses: Record<string, number>;
}

/** Failure timing of the attempts in flight during [from, to] (ms since the start), or of all (pure). */
export function failureFigures(
  lines: readonly { t: number; ms: number; status: number | null }[],
  boundMs: number,
  window?: { from: number; to: number },
): FailureFigures {
  const considered = window ? lines.filter((l) => l.t <= window.to && l.t + l.ms >= window.from) : lines;
  const failed = considered.filter((l) => l.status !== 201);
  const statuses: Record<string, number> = {};
  for (const line of considered) {
    const status = String(line.status ?? 'no-answer');
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  return {
    statuses,
    attempts: considered.length,
    failures: failed.length,
    maxFailureLatencyMs: Math.max(0, ...failed.map((l) => l.ms)),
    failuresOverBound: failed.filter((l) => l.ms > boundMs).length,
  };
}

/** One attempt: an answer, or a connection error / client timeout. */
async function attempt(
  stack: BenchStack,
  key: string,
  body: unknown,
  timeoutMs: number,
): Promise<Omit<AttemptLine, 't' | 'client' | 'key' | 'customerId' | 'attempt'>> {
  const started = performance.now();
  try {
    const response = await fetch(`${stack.url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stack.partnerKey, 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const ms = Math.round(performance.now() - started);
    let json: { orderId?: string; type?: string } | undefined;
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      json = undefined;
    }
    return {
      status: response.status,
      ms,
      ...(response.status === 201 && json?.orderId
        ? { orderId: json.orderId, replayed: response.headers.get('idempotent-replayed') === 'true' }
        : {}),
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      ...(response.status >= 400 && json?.type ? { problemType: json.type } : {}),
    };
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    const name = (error as Error).name;
    return { status: null, ms, error: name === 'TimeoutError' ? 'client-timeout' : `${name}: ${(error as Error).message}` };
  }
}

/** Whether a well-behaved partner tries the same key again after this answer. */
function retryable(line: { status: number | null; problemType?: string }): boolean {
  if (line.status === null || line.status === 503 || line.status === 429) return true;
  // "a request with this Idempotency-Key is still being processed; retry shortly"
  return line.status === 409;
}

export async function runChaos(options: ChaosOptions, progress: (line: string) => void = () => {}): Promise<ChaosResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chaos-dynamodb-'));
  mkdirSync(options.logDir, { recursive: true });
  const logFile = resolve(options.logDir, `chaos-${new Date().toISOString().replaceAll(':', '-')}${options.quick ? '-quick' : ''}.jsonl`);
  const log = createWriteStream(logFile);
  const write = (line: object) => log.write(`${JSON.stringify(line)}\n`);
  // Handlers log every 503 as a warning; the run's own log says more. Errors still show.
  process.env.POWERTOOLS_LOG_LEVEL = options.quietLogs ? 'SILENT' : 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  let database: OwnedDynamoDb | undefined;
  let stack: BenchStack | undefined;
  try {
    database = await startOwnedDynamoDb({ dataDir });
    stack = await startBenchStack({ dynamoEndpoint: database.endpoint, customers: 4 });
    const db = database;
    const st = stack;
    progress(`DynamoDB Local pid ${db.pid()} on ${db.endpoint} (data ${dataDir}); API on ${st.url}`);
    write({ event: 'start', t: 0, pid: db.pid(), endpoint: db.endpoint, api: st.url, options });
    progress('deadline probes: a call against a silent socket, a call past its deadline, an order frozen right after its claim');
    const deadline = await runDeadlineProbes(db, st.tableName, st.customerIds[0]!);
    write({ event: 'deadline-probes', deadline });

    const t0 = performance.now();
    const now = () => Math.round(performance.now() - t0);
    const lines: AttemptLine[] = [];
    const acknowledged: Acknowledged[] = [];
    let orders = 0;
    let gaveUp = 0;

    const client = async (index: number) => {
      let n = 0;
      while (now() < options.durationMs) {
        const key = `chaos-${index}-${n++}-${randomUUID()}`;
        const customerId = st.customerIds[(index + n) % st.customerIds.length]!;
        const body = { customerId, productId: 'laptop-x1', picks: FULL_LAPTOP_PICKS };
        orders++;
        let done = false;
        const firstTry = now();
        for (let tries = 1; tries <= options.maxAttempts && !done; tries++) {
          const t = now();
          const answer = await attempt(st, key, body, options.clientTimeoutMs);
          const line: AttemptLine = { t, client: index, key, customerId, attempt: tries, ...answer };
          lines.push(line);
          write(line);
          if (answer.status === 201 && answer.orderId) {
            acknowledged.push({ tenantId: DEMO_PARTNER_ID, idempotencyKey: key, orderId: answer.orderId, at: t + answer.ms });
            done = true;
          } else if (!retryable(answer) || tries === options.maxAttempts || now() - firstTry > options.retryWindowMs) {
            gaveUp++;
            done = true;
          } else {
            const retryAfterS = Number(answer.retryAfter);
            await sleep(
              Number.isFinite(retryAfterS) && retryAfterS > 0 ? Math.min(retryAfterS, 5) * 1000 : Math.min(250 * 2 ** (tries - 1), 2_000),
            );
          }
        }
        await sleep(options.thinkMs);
      }
    };

    const faults = { killedPid: 0, restartedPid: 0, restartMs: 0, frozenMs: 0, frozeAt: 0, thawedAt: 0, killedAt: 0, restartedAt: 0 };
    const chaos = async () => {
      await sleep(options.freezeAtMs);
      write({ event: 'sigstop', t: now(), pid: db.pid() });
      progress(`${now()} ms: SIGSTOP DynamoDB Local (pid ${db.pid()}) for ${options.freezeMs} ms`);
      const frozenAt = performance.now();
      faults.frozeAt = now();
      db.freeze();
      try {
        await sleep(options.freezeMs);
      } finally {
        db.thaw();
      }
      faults.frozenMs = Math.round(performance.now() - frozenAt);
      faults.thawedAt = now();
      write({ event: 'sigcont', t: now(), pid: db.pid() });
      progress(`${now()} ms: SIGCONT`);
      await sleep(Math.max(0, options.killAtMs - now()));
      faults.killedPid = db.pid();
      faults.killedAt = now();
      write({ event: 'sigkill', t: now(), pid: faults.killedPid });
      progress(`${now()} ms: SIGKILL DynamoDB Local (pid ${faults.killedPid})`);
      await db.kill();
      const restartStarted = performance.now();
      await db.restart();
      faults.restartMs = Math.round(performance.now() - restartStarted);
      faults.restartedPid = db.pid();
      faults.restartedAt = now();
      write({ event: 'restarted', t: now(), pid: faults.restartedPid, ms: faults.restartMs });
      progress(`${now()} ms: restarted on the same port and data directory (pid ${faults.restartedPid}, ${faults.restartMs} ms)`);
    };

    await Promise.all([chaos(), ...Array.from({ length: options.clients }, (_, i) => client(i))]);
    const durationMs = now();
    progress(`${durationMs} ms: load stopped; checking the table`);

    const checker = createDocumentClient({ endpoint: db.endpoint, requestTimeoutMs: 30_000 });
    let table: OrderInvariantReport;
    try {
      table = await checkOrderInvariants(checker, st.tableName, acknowledged, {
        killedAt: faults.killedAt,
        lostAtKillWindowMs: LOST_AT_KILL_WINDOW_MS,
      });
    } finally {
      checker.destroy();
    }

    const answered = lines.filter((l) => l.status !== null);
    const failures = failureFigures(lines, FAILURE_LATENCY_BOUND_MS);
    const statuses = failures.statuses;
    // A key whose earlier attempt failed after claiming it stays locked (pending) until its
    // release or the lock lapses (IDEMPOTENCY_LOCK_MS); meanwhile a retry of the same request
    // gets 409 "still being processed; retry shortly". That answer is expected, and counted.
    const inFlight = answered.filter(
      (l) => l.status === 409 && l.contentType === 'application/problem+json' && l.problemType === '/problems/conflict',
    );
    const badFailures = answered.filter(
      (l) =>
        l.status! >= 300 &&
        !inFlight.includes(l) &&
        !(
          l.status === 503 &&
          l.contentType === 'application/problem+json' &&
          l.problemType === '/problems/service-unavailable' &&
          Number(l.retryAfter) > 0
        ),
    );
    const latencies = lines.map((l) => l.ms);
    const maxLatencyMs = Math.max(0, ...latencies);
    const duringFreeze = failureFigures(lines, FAILURE_LATENCY_BOUND_MS, { from: faults.frozeAt, to: faults.thawedAt });
    const duringKill = failureFigures(lines, FAILURE_LATENCY_BOUND_MS, { from: faults.killedAt, to: faults.restartedAt });
    const dropped = lines.filter((l) => l.status === null && l.error !== 'client-timeout');
    const timedOut = lines.filter((l) => l.error === 'client-timeout');
    const violations: string[] = [];
    if (table.halfWritten) violations.push(`${table.halfWritten} half-written orders`);
    if (table.acknowledgedMissing) violations.push(`${table.acknowledgedMissing} acknowledged orders missing`);
    if (table.duplicates) violations.push(`${table.duplicates} keys with more than one order`);
    if (table.profileMismatches) violations.push(`${table.profileMismatches} profiles whose figures disagree with their orders`);
    if (badFailures.length) {
      const kinds = [
        ...new Set(badFailures.map((l) => `${l.status} ${l.problemType ?? l.contentType ?? ''}${l.retryAfter ? '' : ' (no Retry-After)'}`)),
      ];
      violations.push(`${badFailures.length} failed answers that are not a 503 problem+json with Retry-After: ${kinds.join('; ')}`);
    }
    if (dropped.length)
      violations.push(`${dropped.length} attempts got no answer (${[...new Set(dropped.map((l) => l.error))].join('; ')})`);
    if (acknowledged.length === 0) violations.push('no order was acknowledged: the load did not run');
    const probes = judgeDeadlineProbes(deadline);
    violations.push(...probes.violations);
    const misses: string[] = [...probes.misses];
    if (failures.failuresOverBound)
      misses.push(
        `${failures.failuresOverBound} failed attempts took longer than ${FAILURE_LATENCY_BOUND_MS} ms (max ${failures.maxFailureLatencyMs} ms)`,
      );
    if (timedOut.length) misses.push(`${timedOut.length} attempts unanswered at the client's ${options.clientTimeoutMs} ms timeout`);
    const timing = {
      goal: `every failed attempt answered within ${FAILURE_LATENCY_BOUND_MS} ms; the store's bounds as deadline-probes.ts says`,
      judged: options.judgeTiming,
      met: misses.length === 0,
      misses,
    };
    write({ event: 'end', t: durationMs, table, violations, timing });

    return {
      ok: violations.length === 0 && (timing.met || !timing.judged),
      violations,
      timing,
      clients: options.clients,
      durationMs,
      orders,
      attempts: lines.length,
      acknowledged: acknowledged.length,
      gaveUp,
      statuses,
      connectionErrors: lines.filter((l) => l.status === null).length,
      clientTimeouts: lines.filter((l) => l.error === 'client-timeout').length,
      badFailures: badFailures.length,
      inFlightConflicts: inFlight.length,
      inFlightConflictsWithoutRetryAfter: inFlight.filter((l) => !(Number(l.retryAfter) > 0)).length,
      maxLatencyMs,
      p50LatencyMs: percentile(latencies, 50),
      p99LatencyMs: percentile(latencies, 99),
      attemptsOverBound: lines.filter((l) => l.ms > FAILURE_LATENCY_BOUND_MS).length,
      failures,
      duringFreeze,
      duringKill,
      failureLatencyBoundMs: FAILURE_LATENCY_BOUND_MS,
      faults,
      table,
      deadline,
      logFile,
    };
  } finally {
    await stack?.close();
    await database?.stop();
    await new Promise<void>((r) => log.end(() => r()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printHuman(result: ChaosResult): void {
  const t = result.table;
  console.log(
    `chaos: ${result.clients} clients, ${(result.durationMs / 1000).toFixed(1)} s; SIGKILL pid ${result.faults.killedPid} → restarted pid ${result.faults.restartedPid} in ${result.faults.restartMs} ms; SIGSTOP for ${result.faults.frozenMs} ms`,
  );
  console.log(`  orders tried         ${result.orders} (${result.attempts} attempts; statuses ${JSON.stringify(result.statuses)})`);
  console.log(`  acknowledged (201)   ${result.acknowledged}`);
  console.log(`  gave up              ${result.gaveUp}`);
  console.log(
    `  orders in the table  ${t.orders} (placed but never acknowledged: ${t.placedButUnacknowledged}; pending keys: ${t.pendingKeys})`,
  );
  console.log(`  acknowledged missing ${t.acknowledgedMissing}`);
  console.log(
    `  lost by DynamoDB Local at the SIGKILL ${t.lostByDatabaseAtKill} (acknowledged within ${LOST_AT_KILL_WINDOW_MS} ms of it, whole transaction gone)`,
  );
  console.log(`  half-written         ${t.halfWritten}`);
  console.log(`  duplicate orders     ${t.duplicates}`);
  console.log(`  profile mismatches   ${t.profileMismatches}`);
  console.log(
    `  bad failures         ${result.badFailures} (connection errors ${result.connectionErrors}, client timeouts ${result.clientTimeouts})`,
  );
  console.log(`  in-flight 409s       ${result.inFlightConflicts} (without Retry-After: ${result.inFlightConflictsWithoutRetryAfter})`);
  console.log(
    `  latency, all         p50 ${result.p50LatencyMs} ms, p99 ${result.p99LatencyMs} ms, max ${result.maxLatencyMs} ms; over ${result.failureLatencyBoundMs} ms: ${result.attemptsOverBound}`,
  );
  const figures = (label: string, f: FailureFigures) =>
    console.log(
      `  ${label.padEnd(20)} ${f.failures} of ${f.attempts} attempts failed; max failure latency ${f.maxFailureLatencyMs} ms; failures over ${result.failureLatencyBoundMs} ms: ${f.failuresOverBound}`,
    );
  figures('failures, all', result.failures);
  figures('during the freeze', result.duringFreeze);
  figures('during kill+restart', result.duringKill);
  const d = result.deadline;
  console.log(
    `  deadline probes      a ${d.callBudget.budgetMs} ms call budget gave up after ${d.callBudget.elapsedMs} ms (a ${d.callBudget.budgetMs} ms timer: ${d.callBudget.timerBaselineMs} ms; slack ${DEADLINE_GOALS.callBudgetSlackMs} ms); ` +
      `a call past its deadline gave up after ${d.afterDeadline.elapsedMs} ms (goal ${DEADLINE_GOALS.afterDeadlineMs} ms); ` +
      `an order frozen after its claim got ${d.frozenAfterClaim.status} after ${d.frozenAfterClaim.elapsedMs} ms (goal ${DEADLINE_GOALS.frozenAfterClaimMs} ms)`,
  );
  console.log(`  log                  ${result.logFile}`);
  for (const finding of t.findings) console.log(`  finding: ${finding}`);
  for (const lost of t.lostAtKill) console.log(`  lost at kill: ${lost}`);
  const { timing } = result;
  console.log(
    `  timing goal          ${timing.goal}: ${timing.met ? 'met' : `missed (${timing.misses.join('; ')})`}${timing.judged ? '' : ' [not judged in this run: --quick proves behaviour; judge timing with the full run or --judge-timing]'}`,
  );
  if (result.violations.length) console.log(`FAILED: ${result.violations.join('; ')}`);
  else if (!result.ok) console.log(`FAILED: the timing goal was missed: ${timing.misses.join('; ')}`);
  else console.log(timing.judged ? 'OK: every invariant holds and the timing goal is met' : 'OK: every invariant holds');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'judge-timing': { type: 'boolean', default: false },
      clients: { type: 'string' },
      duration: { type: 'string' },
    },
  });
  const options = chaosOptions(values.quick, {
    ...(values.clients ? { clients: Number(values.clients) } : {}),
    ...(values.duration ? { durationS: Number(values.duration) } : {}),
    judgeTiming: values['judge-timing'],
  });
  const progress = values.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  const result = await runChaos({ ...options, quietLogs: values.json }, progress);
  if (values.json) console.log(JSON.stringify(result));
  else printHuman(result);
  process.exitCode = result.ok ? 0 : 1;
}

runAsScript(import.meta.url, main);
