/**
 * `npm run bench:bundles`: every Lambda function bundled exactly as the CDK stack deploys it
 * (infra/constructs/bundling.ts), with its minified size, and what importing it costs: the time
 * `node` takes to start and import the bundle, as a ratio to a bare `node` start measured in the
 * same run (alternating, median of `--runs`), so a slower machine moves both.
 *
 * Goals (issue "cold start and internet scale"): every bundle ≤ 400 KB minified, importing it
 * ≤ 2× a bare start. `--quick` bundles and imports one function once (what the suite runs, so
 * this script cannot rot); `--json` prints one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE } from '../../infra/constructs/bundling.ts';
import { runAsScript } from './script-entry.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Every function the stacks deploy: the route functions and the others. */
export const FUNCTION_ENTRIES = [
  'health',
  'catalog',
  'admin',
  'customers',
  'orders',
  'partners',
  'webhooks',
  'authorizer',
  'tiers',
  'order-learning',
  'token-claims',
  'webhook-dispatch',
  'webhook-delivery',
] as const;

/** Bundle size goal, in bytes of minified JavaScript. */
export const SIZE_GOAL_BYTES = 400 * 1024;

/** What every function validates at cold start, with harmless values (nothing is called). */
const COLD_START_ENVIRONMENT: Record<string, string> = {
  TABLE_NAME: 'bench-table',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  CURSOR_SECRET: 'bench-cursor-secret-of-32-characters-at-least',
  ADMIN_TOKEN_SHA256: '0'.repeat(64),
  JWT_ISSUER: 'urn:bench',
  JWT_JWKS: JSON.stringify({ keys: [] }),
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface BundleFigure {
  function: string;
  bytes: number;
  /** Median ms to start node and import the bundle. */
  importMs: number;
  /** Median of the per-pair ratios import / bare start. */
  ratio: number;
}

/** Bundles one function like the CDK stack does; returns the output file. */
export async function bundleFunction(id: string, outDir: string): Promise<string> {
  const outfile = join(outDir, `${id}.mjs`);
  await build({
    ...LAMBDA_BUNDLE,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    alias: { ...LAMBDA_BUNDLE.alias },
    sourcemap: false,
    entryPoints: [join(repoRoot, 'functions', `${id}.ts`)],
    bundle: true,
    platform: 'node',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

function timedRun(args: string[]): number {
  const env = { ...process.env, ...COLD_START_ENVIRONMENT };
  // The CA bundle this machine sets slows every node start; it is not part of what is measured.
  delete env.NODE_EXTRA_CA_CERTS;
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Import cost of a bundle against a bare start, alternating the two `runs` times. */
export function importCost(file: string, runs: number): { importMs: number; ratio: number } {
  const importing = ['--input-type=module', '-e', `await import(${JSON.stringify(file)});`];
  const bare = ['-e', '0'];
  timedRun(bare);
  timedRun(importing);
  const ratios: number[] = [];
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const b = timedRun(bare);
    const t = timedRun(importing);
    times.push(t);
    ratios.push(t / b);
  }
  return { importMs: median(times), ratio: median(ratios) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, runs: { type: 'string' } },
    strict: true,
  });
  const runs = values.quick ? 1 : Number(values.runs ?? 9);
  const outDir = join(repoRoot, '.bench', 'bundles');
  mkdirSync(outDir, { recursive: true });
  const figures: BundleFigure[] = [];
  for (const id of values.quick ? (['health'] as const) : FUNCTION_ENTRIES) {
    const file = await bundleFunction(id, outDir);
    figures.push({ function: id, bytes: statSync(file).size, ...importCost(file, runs) });
  }
  if (values.json) {
    console.log(JSON.stringify({ goalBytes: SIZE_GOAL_BYTES, goalRatio: 2, runs, figures }));
    return;
  }
  console.log(`function          size      import   ratio to a bare node start (median of ${runs})`);
  for (const f of figures) {
    const size = `${(f.bytes / 1024).toFixed(1)} KB`;
    const flag = f.bytes > SIZE_GOAL_BYTES || f.ratio > 2 ? '  over the goal' : '';
    console.log(
      `${f.function.padEnd(16)} ${size.padStart(9)} ${`${f.importMs.toFixed(0)} ms`.padStart(8)}   ${f.ratio.toFixed(2)}×${flag}`,
    );
  }
  console.log(`goal: ≤ ${SIZE_GOAL_BYTES / 1024} KB, ≤ 2× a bare start`);
}

runAsScript(import.meta.url, main);
