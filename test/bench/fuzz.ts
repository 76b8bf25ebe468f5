/**
 * Hostile input against the local stack (fuzz-requests.ts generates it from the route table
 * with fast-check). For every request: no 5xx (nothing injects faults here, so not even 503);
 * every non-2xx answer is application/problem+json with `type`, `title` and the same `status`;
 * and a rejected request writes nothing: the whole table (every attribute) is digested around
 * each batch of consecutive rejected requests (a 2xx closes a batch: requests that succeed, few,
 * may write and are excluded by their status); a batch that changed the table is replayed one
 * request at a time, with a digest around each, to name the request that wrote.
 *
 *   npm run fuzz                       10,000 requests, a fresh seed (printed)
 *   npm run fuzz -- --runs N --seed S  reproduce a run
 *   npm run fuzz -- --json             exactly one JSON object on stdout
 *
 * The script starts its own in-memory DynamoDB Local (killed by PID on every exit path);
 * the test suite imports `runFuzz` on the shared one (test/integration/fuzz-smoke.test.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { createDocumentClient } from '#store/client';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { callJson, FULL_LAPTOP_PICKS, startBenchStack, type BenchStack, type JsonAnswer } from './bench-stack.ts';
import { hostileRequest, type Credential, type FuzzRequest, type FuzzWorld } from './fuzz-requests.ts';
import { startOwnedDynamoDb, type OwnedDynamoDb } from './owned-dynamodb.ts';
import { changedItems, tableDigest } from './table-digest.ts';
import { runAsScript } from './script-entry.ts';

export interface FuzzFinding {
  kind: 'server-error' | 'not-a-problem' | 'write-from-rejected';
  route: string;
  method: string;
  target: string;
  input: string;
  status: number;
  response: string;
  changed?: string[];
}

export interface FuzzResult {
  ok: boolean;
  seed: number;
  runs: number;
  /** Requests Node's HTTP client refused to send (e.g. an invalid header); not counted below. */
  clientRefused: number;
  statuses: Record<string, number>;
  /** 2xx answers (allowed to write). */
  accepted: number;
  rejected: number;
  serverErrors: number;
  notProblemJson: number;
  writesFromRejected: number;
  routesCovered: number;
  routesTotal: number;
  durationMs: number;
  findings: FuzzFinding[];
}

const SAFE_PLAN = { ratePerSecond: 10_000, burst: 20_000, dailyQuota: 100_000_000 };

interface Credentials {
  headers(credential: Credential): Record<string, string>;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Ids and credentials that exist: a foreign partner and its customer, a house customer, an order. */
/** A fixture request, retried (the same request) while a loaded machine answers 503 or 409 in flight. */
async function retriedWhileUnavailable(send: () => Promise<JsonAnswer>): Promise<JsonAnswer> {
  let answer = await send();
  for (let retry = 0; retry < 3 && (answer.status === 503 || answer.status === 409); retry++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    answer = await send();
  }
  return answer;
}

async function buildWorld(stack: BenchStack): Promise<{ world: FuzzWorld; credentials: Credentials }> {
  const admin = { authorization: `Bearer ${stack.adminToken}` };
  // Usage plans would answer 429 to most of a fast run; lift the demo partner's (best effort).
  await callJson(stack.url, '/admin/partners/demo-partner', { method: 'PATCH', headers: admin, body: { usagePlan: SAFE_PLAN } }).catch(
    () => undefined,
  );
  let foreignKey = `pk_unknown_${randomBytes(12).toString('hex')}`;
  let foreignCustomerId = 'c_00000000000000000000000000';
  const foreign = await callJson(stack.url, '/admin/partners', {
    method: 'POST',
    headers: admin,
    body: { name: 'Foreign Reseller', usagePlan: SAFE_PLAN },
  }).catch(() => undefined);
  if (foreign?.status === 201 && typeof foreign.json?.apiKey === 'string') {
    foreignKey = foreign.json.apiKey;
    const customer = await callJson(stack.url, '/customers', {
      method: 'POST',
      headers: { 'x-api-key': foreignKey },
      body: { name: 'Foreign Customer' },
    });
    if (customer.status === 201) foreignCustomerId = customer.json.customerId;
  }
  const house = await callJson(stack.url, '/dev/login', { method: 'POST', body: { email: `fuzz-${randomUUID()}@example.com` } });
  if (house.status !== 200 && house.status !== 201) throw new Error(`dev login failed: ${house.status} ${house.text}`);
  const orderKey = randomUUID();
  const placed = await retriedWhileUnavailable(() =>
    callJson(stack.url, '/orders', {
      method: 'POST',
      headers: { 'x-api-key': stack.partnerKey, 'idempotency-key': orderKey },
      body: { customerId: stack.customerIds[0], productId: 'laptop-x1', picks: FULL_LAPTOP_PICKS },
    }),
  );
  if (placed.status !== 201) throw new Error(`placing the fixture order failed: ${placed.status} ${placed.text}`);
  const product = await callJson(stack.url, '/products/laptop-x1', { headers: { 'x-api-key': stack.partnerKey } });
  // A company of the demo partner with the first customer as its approver, and a quote of theirs.
  const partnerHeaders = { 'x-api-key': stack.partnerKey };
  const company = await callJson(stack.url, '/companies', { method: 'POST', headers: partnerHeaders, body: { name: 'Fuzz Ltd' } });
  await callJson(stack.url, `/companies/${company.json?.companyId}/contacts`, {
    method: 'POST',
    headers: partnerHeaders,
    body: { customerId: stack.customerIds[0], role: 'approver' },
  });
  const quote = await retriedWhileUnavailable(() =>
    callJson(stack.url, '/quotes', {
      method: 'POST',
      headers: partnerHeaders,
      body: {
        customerId: stack.customerIds[0],
        lines: [{ productId: 'laptop-x1', picks: FULL_LAPTOP_PICKS, quantity: 2 }],
        shipTo: { country: 'DE' },
      },
    }),
  );
  if (quote.status !== 201) throw new Error(`the fixture quote failed: ${quote.status} ${quote.text}`);
  const customerToken = await stack.customerToken(stack.customerIds[0]!, 'demo-partner');
  const expiredToken = await stack.customerToken(stack.customerIds[0]!, 'demo-partner', -120);
  const algNone = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'x', 'custom:customerId': stack.customerIds[0], 'custom:tenantId': 'demo-partner', exp: 4_000_000_000 })}.`;
  const byCredential: Record<Credential, Record<string, string>> = {
    admin,
    partner: { 'x-api-key': stack.partnerKey },
    'foreign-partner': { 'x-api-key': foreignKey },
    customer: { authorization: `Bearer ${customerToken}` },
    'house-customer': { authorization: `Bearer ${String(house.json.token)}` },
    'expired-customer': { authorization: `Bearer ${expiredToken}` },
    'garbage-bearer': { authorization: 'Bearer garbage.garbage.garbage' },
    'garbage-key': { 'x-api-key': `pk_${randomBytes(16).toString('hex')}` },
    'alg-none-jwt': { authorization: `Bearer ${algNone}` },
    'admin-and-key': { ...admin, 'x-api-key': stack.partnerKey },
    none: {},
  };
  return {
    world: {
      customerIds: stack.customerIds,
      foreignCustomerId,
      houseCustomerId: String(house.json.customerId),
      orderId: String(placed.json.orderId),
      companyId: String(company.json.companyId),
      quoteId: String(quote.json.quoteId),
      demoCatalog: product.status === 200 && product.json?.document ? product.json.document : readDemoCatalog(),
    },
    credentials: { headers: (credential) => byCredential[credential] },
  };
}

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

function send(agent: Agent, port: number, req: FuzzRequest, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolveAnswer, reject) => {
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.target,
        headers: { ...headers, ...(req.body ? { 'content-length': String(req.body.byteLength) } : {}) },
        agent,
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolveAnswer({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 30 s')));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

function isProblem(answer: RawAnswer): boolean {
  if (!answer.contentType.toLowerCase().startsWith('application/problem+json')) return false;
  try {
    const problem = JSON.parse(answer.body) as { type?: unknown; title?: unknown; status?: unknown };
    return (
      typeof problem.type === 'string' &&
      problem.type.length > 0 &&
      typeof problem.title === 'string' &&
      problem.title.length > 0 &&
      problem.status === answer.status
    );
  } catch {
    return false;
  }
}

function describeInput(req: FuzzRequest): string {
  const body = req.body
    ? req.body.byteLength > 300
      ? `${req.body.subarray(0, 300).toString('utf8')}… (${req.body.byteLength} bytes)`
      : req.body.toString('utf8')
    : '';
  return `${req.label}; headers ${JSON.stringify(req.headers)}${body ? `; body ${body}` : ''}`;
}

export async function runFuzz(
  options: { runs: number; seed: number; dynamoEndpoint?: string; quietLogs?: boolean },
  progress: (line: string) => void = () => {},
): Promise<FuzzResult> {
  process.env.POWERTOOLS_LOG_LEVEL = options.quietLogs ? 'SILENT' : 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  let database: OwnedDynamoDb | undefined;
  let stack: BenchStack | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const started = performance.now();
  try {
    let endpoint = options.dynamoEndpoint;
    if (!endpoint) {
      database = await startOwnedDynamoDb();
      endpoint = database.endpoint;
    }
    stack = await startBenchStack({ dynamoEndpoint: endpoint, customers: 3 });
    const { world, credentials } = await buildWorld(stack);
    const client = createDocumentClient({ endpoint, requestTimeoutMs: 30_000 });
    const arbitrary = hostileRequest(world);
    const statuses: Record<string, number> = {};
    const findings: FuzzFinding[] = [];
    const counts = { serverErrors: 0, notProblemJson: 0, writesFromRejected: 0, accepted: 0, rejected: 0, clientRefused: 0 };
    const routesHit = new Set<string>();
    const note = (finding: FuzzFinding) => {
      if (findings.length < 50) findings.push(finding);
    };
    try {
      const digest = () => tableDigest(client, stack!.tableName);
      const sendOne = (req: FuzzRequest) => send(agent, stack!.port, req, { ...req.headers, ...credentials.headers(req.credential) });
      type Sent = { req: FuzzRequest; answer: RawAnswer };
      const baseOf = ({ req, answer }: Sent) => ({
        route: req.route ?? '(unknown path)',
        method: req.method,
        target: req.target.length > 300 ? `${req.target.slice(0, 300)}…` : req.target,
        input: describeInput(req),
        status: answer.status,
        response: answer.body.slice(0, 500),
      });
      /**
       * Rejected requests are checked in batches (one digest before, one after); a batch whose
       * digest changed is replayed one request at a time to name the culprit.
       */
      const verifyOneByOne = async (batch: Sent[]) => {
        for (const sent of batch) {
          const before = await digest();
          const again = await sendOne(sent.req);
          const after = await digest();
          if (!(again.status >= 200 && again.status < 300) && after.digest !== before.digest) {
            counts.writesFromRejected++;
            note({
              kind: 'write-from-rejected',
              ...baseOf({ req: sent.req, answer: again }),
              changed: changedItems(before, after).slice(0, 10),
            });
          }
        }
      };
      let before = await digest();
      let batch: Sent[] = [];
      /** Closes the batch of rejected requests at a digest; `accepted` says a 2xx is mixed in. */
      const closeBatch = async (accepted: boolean) => {
        const after = await digest();
        if (after.digest !== before.digest && batch.length) {
          if (accepted) await verifyOneByOne(batch);
          else if (batch.length === 1) {
            counts.writesFromRejected++;
            note({ kind: 'write-from-rejected', ...baseOf(batch[0]!), changed: changedItems(before, after).slice(0, 10) });
          } else await verifyOneByOne(batch);
        }
        // A replay may have written (it should not); start the next batch from the table as it is now.
        before = batch.length && after.digest !== before.digest ? await digest() : after;
        batch = [];
      };
      const chunk = 100;
      for (let done = 0; done < options.runs; done += chunk) {
        // Sampled in chunks (each chunk seeded from the run's seed), so huge bodies are not all in memory at once.
        const requests = fc.sample(arbitrary, { numRuns: Math.min(chunk, options.runs - done), seed: options.seed + done });
        for (const req of requests) {
          let answer: RawAnswer;
          try {
            answer = await sendOne(req);
          } catch (error) {
            const code = (error as { code?: string }).code ?? '';
            if (code.startsWith('ERR_INVALID') || code === 'ERR_UNESCAPED_CHARACTERS' || code === 'ERR_HTTP_INVALID_HEADER_VALUE') {
              counts.clientRefused++;
              continue;
            }
            throw new Error(
              `no answer to ${req.method} ${req.target.slice(0, 200)} (${describeInput(req).slice(0, 500)}): ${(error as Error).message}`,
            );
          }
          if (req.route) routesHit.add(req.route);
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          const sent = { req, answer };
          if (answer.status >= 500) {
            counts.serverErrors++;
            note({ kind: 'server-error', ...baseOf(sent) });
          }
          if (answer.status >= 200 && answer.status < 300) {
            counts.accepted++;
            // This request may write: check the rejected ones before it (replayed if the table changed), then restart from here.
            await closeBatch(true);
          } else {
            counts.rejected++;
            if (!isProblem(answer)) {
              counts.notProblemJson++;
              note({ kind: 'not-a-problem', ...baseOf(sent), response: `${answer.contentType} ${answer.body.slice(0, 400)}` });
            }
            batch.push(sent);
            if (batch.length >= 25) await closeBatch(false);
          }
        }
        progress(
          `${Math.min(done + chunk, options.runs)}/${options.runs} requests, ${counts.serverErrors} 5xx, ${counts.notProblemJson} not problem+json, ${counts.writesFromRejected} writes from rejected`,
        );
      }
      await closeBatch(false);
    } finally {
      client.destroy();
    }
    const ok = counts.serverErrors === 0 && counts.notProblemJson === 0 && counts.writesFromRejected === 0;
    return {
      ok,
      seed: options.seed,
      runs: options.runs,
      clientRefused: counts.clientRefused,
      statuses,
      accepted: counts.accepted,
      rejected: counts.rejected,
      serverErrors: counts.serverErrors,
      notProblemJson: counts.notProblemJson,
      writesFromRejected: counts.writesFromRejected,
      routesCovered: routesHit.size,
      routesTotal: (await import('#http/routes')).ROUTES.length,
      durationMs: Math.round(performance.now() - started),
      findings,
    };
  } finally {
    agent.destroy();
    await stack?.close();
    await database?.stop();
  }
}

function printHuman(result: FuzzResult): void {
  console.log(
    `fuzz: ${result.runs} hostile requests (seed ${result.seed}) in ${(result.durationMs / 1000).toFixed(1)} s; routes covered ${result.routesCovered}/${result.routesTotal}`,
  );
  console.log(
    `  by status        ${Object.entries(result.statuses)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ')}`,
  );
  console.log(`  accepted (2xx)   ${result.accepted}; rejected ${result.rejected}; refused by the client library ${result.clientRefused}`);
  console.log(`  5xx              ${result.serverErrors}`);
  console.log(`  not problem+json ${result.notProblemJson}`);
  console.log(`  rejected + wrote ${result.writesFromRejected}`);
  for (const f of result.findings)
    console.log(
      `  ${f.kind}: ${f.method} ${f.target} [${f.route}] → ${f.status}\n    input: ${f.input.slice(0, 600)}\n    response: ${f.response}${f.changed ? `\n    changed: ${f.changed.join(', ')}` : ''}`,
    );
  console.log(result.ok ? 'OK: no 5xx, every rejection is problem+json, no rejected request wrote' : 'FAILED');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
  const progress = values.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  const result = await runFuzz({ runs: Number(values.runs), seed, quietLogs: values.json }, progress);
  if (values.json) console.log(JSON.stringify(result));
  else printHuman(result);
  process.exitCode = result.ok ? 0 : 1;
}

runAsScript(import.meta.url, main);
