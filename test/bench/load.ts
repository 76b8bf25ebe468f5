/**
 * Throughput and latency of the two busiest routes, against a baseline measured in the same run:
 *
 * - baseline: a tight loop of GetItem with the document client on the same DynamoDB Local
 *   (one request at a time), the floor any route that reads the table stands on;
 * - configure: POST /products/laptop-x1/configure, a random partial configuration of the demo
 *   laptop per request (autocannon's setupRequest hook);
 * - place order: POST /orders with a fresh Idempotency-Key per request (setupRequest) for a
 *   random customer of the demo partner.
 *
 * Prints requests/s, p50/p99 latency, and the ratios p50 route / p50 GetItem (and p99). The
 * server, autocannon and the baseline loop share one Node process and, with DynamoDB Local's
 * JVM, the machine: ratios are comparable between runs on one machine, absolute figures less so.
 *
 *   npm run load                                  10 s per route, 10 connections
 *   npm run load -- --duration 30 --connections 20
 *   npm run load -- --json                        exactly one JSON object on stdout
 *
 * The script starts its own in-memory DynamoDB Local (killed by PID on every exit path); the
 * test suite imports `runLoad` with a 2-second run on the shared one. Loopback only.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon, { type AutocannonResult } from 'autocannon';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '#store/client';
import { keys } from '#store/keys';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { callJson, FULL_LAPTOP_PICKS, percentile, startBenchStack, type BenchStack } from './bench-stack.ts';
import { startOwnedDynamoDb, type OwnedDynamoDb } from './owned-dynamodb.ts';
import { SeededRandom } from './seeded-random.ts';
import { runAsScript } from './script-entry.ts';

export interface RouteFigures {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface LoadResult {
  durationS: number;
  connections: number;
  caller: 'partner' | 'admin';
  getItem: { requests: number; requestsPerSecond: number; p50Ms: number; p99Ms: number };
  configure: RouteFigures;
  placeOrder: RouteFigures;
  ratios: { configureP50: number; configureP99: number; placeOrderP50: number; placeOrderP99: number };
  /** Answers other than 2xx, plus connection errors and timeouts, over both routes. */
  unexpected: number;
}

interface Group {
  id: string;
  min: number;
  max: number;
  choices: { id: string; tiers?: string[]; retired?: boolean }[];
}

/** A random partial configuration: some groups picked, choices open to every tier. */
export function randomPartialPicks(random: SeededRandom, groups: readonly Group[]): string[] {
  const picks: string[] = [];
  for (const group of groups) {
    if (random.next() < 0.5) continue;
    const open = group.choices.filter((c) => !c.tiers && !c.retired);
    const count = group.max > 1 ? 1 + random.below(Math.min(group.max, open.length)) : 1;
    for (const choice of random.shuffled(open).slice(0, count)) picks.push(`${group.id}.${choice.id}`);
  }
  return picks;
}

function figures(result: AutocannonResult): RouteFigures {
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count;
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10) / 10 : 0);

export async function runLoad(
  options: { durationS: number; connections: number; dynamoEndpoint?: string; quietLogs?: boolean; seed?: number },
  progress: (line: string) => void = () => {},
): Promise<LoadResult> {
  process.env.POWERTOOLS_LOG_LEVEL = options.quietLogs ? 'SILENT' : 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  let database: OwnedDynamoDb | undefined;
  let stack: BenchStack | undefined;
  try {
    let endpoint = options.dynamoEndpoint;
    if (!endpoint) {
      database = await startOwnedDynamoDb();
      endpoint = database.endpoint;
    }
    stack = await startBenchStack({ dynamoEndpoint: endpoint, customers: Math.max(8, options.connections * 2) });
    const st = stack;
    // The demo partner's usage plan (50 requests/s) would answer 429 to a load run: lift it; if
    // this build has no partner admin route, load as the admin (no usage plan).
    const lifted = await callJson(st.url, '/admin/partners/demo-partner', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${st.adminToken}` },
      body: { usagePlan: { ratePerSecond: 10_000, burst: 20_000, dailyQuota: 100_000_000 } },
    });
    // The local server trusts a plan it has read for 5 s (as API Gateway caches its own): wait for the lifted one.
    if (lifted.status === 200) await new Promise((resolve) => setTimeout(resolve, 5_500));
    const caller: LoadResult['caller'] = lifted.status === 200 ? 'partner' : 'admin';
    const credentials: Record<string, string> =
      caller === 'partner' ? { 'x-api-key': st.partnerKey } : { authorization: `Bearer ${st.adminToken}` };
    const headers = { 'content-type': 'application/json', ...credentials };
    const groups = (readDemoCatalog() as { groups: Group[] }).groups;
    const random = new SeededRandom(options.seed ?? 7);

    // Warm up: compile the catalog, load the handlers, open the connections.
    for (let i = 0; i < 3; i++) {
      await callJson(st.url, '/products/laptop-x1/configure', {
        method: 'POST',
        headers,
        body: { picks: randomPartialPicks(random, groups) },
      });
      await callJson(st.url, '/orders', {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': randomUUID() },
        body: { customerId: st.customerIds[i], productId: 'laptop-x1', picks: FULL_LAPTOP_PICKS },
      });
    }

    // Baseline: GetItem one at a time, as long as one route runs.
    progress(`baseline: GetItem for ${options.durationS} s`);
    const client = createDocumentClient({ endpoint });
    const latencies: number[] = [];
    try {
      const key = keys.customerProfile('demo-partner', st.customerIds[0]!);
      const until = performance.now() + options.durationS * 1000;
      while (performance.now() < until) {
        const started = performance.now();
        await client.send(new GetCommand({ TableName: st.tableName, Key: key }));
        latencies.push(performance.now() - started);
      }
    } finally {
      client.destroy();
    }
    const getItem = {
      requests: latencies.length,
      requestsPerSecond: Math.round(latencies.length / options.durationS),
      p50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
      p99Ms: Math.round(percentile(latencies, 99) * 100) / 100,
    };

    progress(`configure: ${options.connections} connections for ${options.durationS} s`);
    const configure = figures(
      await autocannon({
        url: st.url,
        connections: options.connections,
        duration: options.durationS,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: '/products/laptop-x1/configure',
            headers,
            setupRequest: (request) => ({ ...request, body: JSON.stringify({ picks: randomPartialPicks(random, groups) }) }),
          },
        ],
      }),
    );

    progress(`place order: ${options.connections} connections for ${options.durationS} s`);
    let next = 0;
    const placeOrder = figures(
      await autocannon({
        url: st.url,
        connections: options.connections,
        duration: options.durationS,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: '/orders',
            headers,
            // A fresh key per request: every request is a new order, never a replay.
            setupRequest: (request) => ({
              ...request,
              headers: { ...headers, 'idempotency-key': randomUUID() },
              body: JSON.stringify({
                customerId: st.customerIds[next++ % st.customerIds.length],
                productId: 'laptop-x1',
                picks: FULL_LAPTOP_PICKS,
              }),
            }),
          },
        ],
      }),
    );

    return {
      durationS: options.durationS,
      connections: options.connections,
      caller,
      getItem,
      configure,
      placeOrder,
      ratios: {
        configureP50: ratio(configure.p50Ms, getItem.p50Ms),
        configureP99: ratio(configure.p99Ms, getItem.p99Ms),
        placeOrderP50: ratio(placeOrder.p50Ms, getItem.p50Ms),
        placeOrderP99: ratio(placeOrder.p99Ms, getItem.p99Ms),
      },
      unexpected: configure.non2xx + configure.errors + configure.timeouts + placeOrder.non2xx + placeOrder.errors + placeOrder.timeouts,
    };
  } finally {
    await stack?.close();
    await database?.stop();
  }
}

function printHuman(result: LoadResult): void {
  const line = (name: string, f: RouteFigures, p50: number, p99: number) =>
    console.log(
      `  ${name.padEnd(12)} ${String(f.requestsPerSecond).padStart(6)} req/s  p50 ${String(f.p50Ms).padStart(5)} ms  p99 ${String(f.p99Ms).padStart(5)} ms  (${p50}x / ${p99}x GetItem)  statuses ${JSON.stringify(f.statusCodes)}  errors ${f.errors}  timeouts ${f.timeouts}`,
    );
  console.log(`load: ${result.durationS} s per route, ${result.connections} connections, as ${result.caller}`);
  console.log(
    `  ${'GetItem'.padEnd(12)} ${String(result.getItem.requestsPerSecond).padStart(6)} req/s  p50 ${result.getItem.p50Ms} ms  p99 ${result.getItem.p99Ms} ms  (baseline, one at a time)`,
  );
  line('configure', result.configure, result.ratios.configureP50, result.ratios.configureP99);
  line('place order', result.placeOrder, result.ratios.placeOrderP50, result.ratios.placeOrderP99);
  console.log(result.unexpected === 0 ? 'OK: every answer 2xx' : `${result.unexpected} unexpected answers or errors`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  });
  const progress = values.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  const result = await runLoad(
    { durationS: Number(values.duration), connections: Number(values.connections), quietLogs: values.json },
    progress,
  );
  if (values.json) console.log(JSON.stringify(result));
  else printHuman(result);
  process.exitCode = result.unexpected === 0 ? 0 : 1;
}

runAsScript(import.meta.url, main);
