/**
 * Cold start: the first configure of a product in a fresh process, loading the compiled
 * catalog from its artifact (compiled at publish) versus compiling its document, on the demo
 * laptop and Renault medium and big, beside the warm p50 of the same process.
 *
 *   npm run bench:cold                  full run, a table on stdout
 *   npm run bench:cold -- --json        exactly one JSON object on stdout
 *   npm run bench:cold -- --quick       the laptop only, 5 warm calls (the test suite's smoke run)
 *   --only NAME[,NAME]                  laptop, renault-medium, renault-big
 *   --warm N                            warm calls per process after the first (default 20)
 *   --dynamo-endpoint URL               use this DynamoDB Local instead of starting one
 *
 * The parent publishes each product (document and artifact, as publishing does) into a table of
 * its own, then, for each product and mode, spawns a fresh `node` that starts the local server
 * (the same handlers as Lambda, without NODE_EXTRA_CA_CERTS) and times over HTTP:
 * `GET /products` first (imports the catalog handler and the SDK: a Lambda's init), then the
 * first `POST /products/{id}/configure` (the cold catalog: artifact or compile), then warm
 * configures. Mode `document` gives the process an empty artifact folder, so the cache finds no
 * artifact and compiles, as before artifacts existed. Timings go to the output, never to
 * assertions.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compiledArtifactKey, encodeArtifact } from '#catalog/compiled-artifact';
import { CatalogDocumentSchema, type CatalogDocument } from '#core/catalog-document';
import { compileCatalog } from '#engine/index';
import { ArtifactFiles } from '#store/artifact-files';
import { CatalogRepository } from '#store/catalog-repository';
import { createDocumentClient } from '#store/client';
import { createDevSigningKey } from '../../infra/local/dev-auth.ts';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { ensureTable, startLocalStack } from '../../infra/local/stack.ts';
import { renaultCatalog } from '../fixtures/renault/models.ts';
import { startOwnedDynamoDb } from './owned-dynamodb.ts';
import { runAsScript } from './script-entry.ts';

export type ColdMode = 'artifact' | 'document';

/** One fresh process's figures. */
export interface ColdRun {
  model: string;
  mode: ColdMode;
  /** `GET /products`: imports the handler and the SDK, one DynamoDB query. */
  firstRequestMs: number;
  /** The first configure of the product: its compiled catalog loaded (artifact) or compiled (document). */
  firstConfigureMs: number;
  /** Warm configures in the same process. */
  warmP50Ms: number;
}

export interface ColdResult {
  date: string;
  machine: string;
  loadAverage: number[];
  /** Bytes of each product's artifact. */
  artifactBytes: Record<string, number>;
  runs: ColdRun[];
}

const MODELS: Record<string, () => CatalogDocument> = {
  laptop: () => CatalogDocumentSchema.parse(readDemoCatalog()),
  'renault-medium': () => renaultCatalog('medium'),
  'renault-big': () => renaultCatalog('big'),
};

const ADMIN_TOKEN = 'cold-bench-admin-token';

export async function runCold(options: { only?: string[]; warm?: number; dynamoEndpoint?: string }): Promise<ColdResult> {
  const names = options.only ?? Object.keys(MODELS);
  const owned = options.dynamoEndpoint ? undefined : await startOwnedDynamoDb();
  const endpoint = options.dynamoEndpoint ?? owned!.endpoint;
  const tableName = `cold-${Date.now().toString(36)}`;
  const artifactDir = mkdtempSync(join(tmpdir(), 'cold-artifacts-'));
  const emptyDir = mkdtempSync(join(tmpdir(), 'cold-none-'));
  const client = createDocumentClient({ endpoint, requestTimeoutMs: 30_000 });
  try {
    await ensureTable(endpoint, tableName);
    const repository = new CatalogRepository(client, tableName);
    const files = new ArtifactFiles(artifactDir);
    const artifactBytes: Record<string, number> = {};
    for (const name of names) {
      const doc = MODELS[name]!();
      // As publishing does (validation aside): the artifact first, then the version becomes current.
      await repository.publish(doc, new Date(), async (next) => {
        const bytes = encodeArtifact(compileCatalog(doc), next.documentSha256);
        artifactBytes[name] = bytes.length;
        await files.put(compiledArtifactKey({ productId: doc.id, ...next }), bytes);
      });
    }
    const runs: ColdRun[] = [];
    for (const name of names) {
      const productId = MODELS[name]!().id;
      for (const mode of ['artifact', 'document'] as const) {
        const figures = await child({
          endpoint,
          tableName,
          productId,
          artifactDir: mode === 'artifact' ? artifactDir : emptyDir,
          warm: options.warm ?? 20,
        });
        runs.push({ model: name, mode, ...figures });
      }
    }
    return {
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}`,
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      artifactBytes,
      runs,
    };
  } finally {
    client.destroy();
    rmSync(artifactDir, { recursive: true, force: true });
    rmSync(emptyDir, { recursive: true, force: true });
    await owned?.stop();
  }
}

interface ChildArgs {
  endpoint: string;
  tableName: string;
  productId: string;
  artifactDir: string;
  warm: number;
}

/** One fresh `node` process; its last stdout line is its figures as JSON. */
function child(args: ChildArgs): Promise<Omit<ColdRun, 'model' | 'mode'>> {
  const env: NodeJS.ProcessEnv = { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR', COLD_CHILD: JSON.stringify(args) };
  delete env.NODE_EXTRA_CA_CERTS;
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`cold child exited with ${code}: ${out}`));
      resolve(JSON.parse(last) as Omit<ColdRun, 'model' | 'mode'>);
    });
  });
}

/** The child: the local server in this fresh process, timed over HTTP. */
async function childMain(args: ChildArgs): Promise<void> {
  const stack = await startLocalStack({
    port: 0,
    dynamoEndpoint: args.endpoint,
    tableName: args.tableName,
    adminToken: ADMIN_TOKEN,
    demoPartnerKey: 'pk_cold_bench',
    signingKey: await createDevSigningKey(),
    artifactDir: args.artifactDir,
    seed: false,
    learnFromOrders: false,
    enforceUsagePlans: false,
  });
  const call = async (path: string, body?: unknown): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${stack.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    return performance.now() - started;
  };
  try {
    const firstRequestMs = await call('/products');
    const configure = `/products/${args.productId}/configure`;
    const firstConfigureMs = await call(configure, { picks: [] });
    const warm: number[] = [];
    for (let i = 0; i < args.warm; i++) warm.push(await call(configure, { picks: [] }));
    warm.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    console.log(
      JSON.stringify({
        firstRequestMs: round(firstRequestMs),
        firstConfigureMs: round(firstConfigureMs),
        warmP50Ms: round(warm[Math.floor(warm.length / 2)] ?? Number.NaN),
      }),
    );
  } finally {
    await stack.close();
  }
}

function printTable(result: ColdResult): void {
  console.log(`Cold start, ${result.date}, ${result.machine}, load average ${result.loadAverage.join(' ')}`);
  console.log('model            mode       first request   first configure   warm p50   artifact');
  for (const run of result.runs) {
    console.log(
      `${run.model.padEnd(16)} ${run.mode.padEnd(10)} ${`${run.firstRequestMs} ms`.padStart(13)}   ${`${run.firstConfigureMs} ms`.padStart(15)}   ${`${run.warmP50Ms} ms`.padStart(8)}   ${run.mode === 'artifact' ? `${Math.round((result.artifactBytes[run.model] ?? 0) / 1024)} KB` : ''}`,
    );
  }
  for (const name of new Set(result.runs.map((r) => r.model))) {
    const of = (mode: ColdMode) => result.runs.find((r) => r.model === name && r.mode === mode)!;
    console.log(
      `${name}: first configure from the document / from the artifact = ${(of('document').firstConfigureMs / of('artifact').firstConfigureMs).toFixed(1)}×`,
    );
  }
}

if (process.env.COLD_CHILD) {
  await childMain(JSON.parse(process.env.COLD_CHILD) as ChildArgs);
  setTimeout(() => process.exit(0), 100).unref();
} else {
  runAsScript(import.meta.url, async () => {
    const { values } = parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        only: { type: 'string' },
        warm: { type: 'string' },
        'dynamo-endpoint': { type: 'string' },
      },
    });
    const only = values.quick ? ['laptop'] : values.only?.split(',');
    for (const name of only ?? []) if (!MODELS[name]) throw new Error(`unknown model ${name}; known: ${Object.keys(MODELS).join(', ')}`);
    const result = await runCold({
      ...(only ? { only } : {}),
      warm: values.quick ? 5 : Number(values.warm ?? 20),
      ...(values['dynamo-endpoint'] ? { dynamoEndpoint: values['dynamo-endpoint'] } : {}),
    });
    if (values.json) console.log(JSON.stringify(result));
    else printTable(result);
  });
}
