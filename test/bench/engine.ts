/**
 * Engine benchmark: how long one click takes (one `configure` call after one more pick), on a
 * demo laptop and the real Renault models, against a straightforward peer measured in the same
 * run on the same clicks (SAT with assumptions, logic-solver; see sat-peer.ts). Every answer
 * carries `fromPrice` on every choice. A `complete` call (goals cheapest and popular, in turn)
 * is timed on the same picks.
 *
 * Guided-selling variants: `laptop-guided` clicks the demo laptop with stated needs and a
 * budget; `renault-big-priced` gives every Renault choice a seeded price (the models have
 * none, so their cheapest completions are free to compute) to time the min-sum passes.
 *
 *   npm run bench:engine                 full run, a table on stdout
 *   npm run bench:engine -- --json       exactly one JSON object on stdout
 *   npm run bench:engine -- --quick      a tiny run (laptop + Renault medium, a few clicks),
 *                                        used by the test suite so this script cannot rot
 *   --cars N                             sold cars (laptop walks) per model; default 10 on medium,
 *                                        3 on big, 40 laptop walks
 *   --only NAME[,NAME]                   only these models (laptop, laptop-guided, renault-medium,
 *                                        renault-big, renault-big-priced)
 *   --peer-big                           also run the peer on Renault big (it may run out of memory)
 *
 * Clicks: Renault clicks replay sold cars, revealing each car's known values in a seeded random
 * order; laptop clicks are seeded random walks through available choices (no sales data).
 * Heap is the growth of heapUsed + external (typed arrays live outside the JS heap) around
 * compilation, exact only with --expose-gc (the npm script
 * passes it); compile time is one compilation. Timings go to the output, never to assertions.
 */
import { parseArgs } from 'node:util';
import { CatalogDocumentSchema, type CatalogDocument, type Tier } from '#core/catalog-document';
import { compileCatalog, complete, configure, type CompiledCatalog, type CompletionGoal, type Popularity } from '#engine/index';
import { renaultCatalog, renaultSoldCars, type RenaultModel } from '../fixtures/renault/models.ts';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { SatPeer } from './sat-peer.ts';
import { SeededRandom } from './seeded-random.ts';

/** One line of the result; the JSON output is `{ models: ModelResult[] }`. */
export interface ModelResult {
  name: string;
  clicks: number;
  p50Ms: number;
  p99Ms: number;
  /** `null` when the peer was not run on this model. */
  peerP50Ms: number | null;
  /** `complete` on the same picks (a sample of the clicks). */
  completeCalls: number;
  completeP50Ms: number;
  completeP99Ms: number;
  compileMs: number;
  heapMB: number;
}

interface Plan {
  name: string;
  load: () => CatalogDocument;
  tier: Tier | null;
  /** Click streams: each is a sequence of picks, one more per click. */
  streams: (compiled: CompiledCatalog, doc: CatalogDocument) => string[][];
  /** How many of the clicks (from the start) the peer answers too; 0 = none. */
  peerClicks: number;
  /** Why the peer is limited or skipped, for the human-readable output. */
  peerNote?: string;
  /** Stated needs and budget of every click. */
  request?: { needs?: Record<string, string>; budget?: number };
  /** Time `complete` on every n-th click. */
  completeEvery: number;
}

const TODAY = '2025-03-03';
const SEED = 20_250_303;

function laptopDocument(): CatalogDocument {
  // The catalog `npm start` seeds: the Dell-style demo every user sees.
  return CatalogDocumentSchema.parse(readDemoCatalog());
}

/** The demo laptop's guided clicks: a customer who said "photo and video" and "travel light", up to €2,600. */
const LAPTOP_REQUEST = { needs: { use: 'video', travel: 'light' }, budget: 260_000 };

/** Every choice of a Renault model with a seeded price (the models carry none). */
function pricedRenault(model: RenaultModel): CatalogDocument {
  const doc = renaultCatalog(model);
  const random = new SeededRandom(SEED);
  for (const g of doc.groups) for (const c of g.choices) c.price = random.below(1000) * 100;
  return doc;
}

/** Seeded integer popularity weights for every choice, as the recommendation domain would send. */
function popularityOf(doc: CatalogDocument): Popularity {
  const random = new SeededRandom(SEED + 1);
  const choices: Record<string, number> = {};
  for (const g of doc.groups) for (const c of g.choices) choices[`${g.id}.${c.id}`] = random.below(2000) - 1000;
  return { choices };
}

/** Seeded walks: pick a random open choice of a random group without a pick, until none is left. */
function randomWalks(count: number, tier: Tier | null, request: Plan['request'] = {}) {
  return (compiled: CompiledCatalog): string[][] => {
    const random = new SeededRandom(SEED);
    const streams: string[][] = [];
    for (let w = 0; w < count; w++) {
      const picks: string[] = [];
      for (;;) {
        const answer = configure(compiled, picks, { tier, today: TODAY, ...request });
        const open = answer.groups
          .filter((g) => !g.choices.some((c) => c.state === 'selected'))
          .map((g) => ({ group: g.id, choices: g.choices.filter((c) => c.state === 'available' || c.state === 'forced') }))
          .filter((g) => g.choices.length > 0);
        if (open.length === 0) break;
        const group = open[random.below(open.length)]!;
        picks.push(`${group.group}.${group.choices[random.below(group.choices.length)]!.id}`);
      }
      streams.push(picks);
    }
    return streams;
  };
}

/** Sold cars, sampled with a seed, each revealing its known values in a seeded random order. */
function soldCarReplays(model: RenaultModel, cars: number) {
  return (): string[][] => {
    const random = new SeededRandom(SEED);
    const sold = renaultSoldCars(model);
    return Array.from({ length: cars }, () => {
      const car = sold[random.below(sold.length)]!;
      return random.shuffled(car.values.filter((v) => v.choice !== null)).map((v) => `${v.group}.${v.choice}`);
    });
  };
}

function plans(quick: boolean, peerBig: boolean, cars: number | undefined): Plan[] {
  const laptop: Plan = {
    name: 'laptop',
    load: laptopDocument,
    tier: 'A',
    streams: randomWalks(quick ? 2 : (cars ?? 40), 'A'),
    peerClicks: quick ? 3 : 200,
    completeEvery: 1,
  };
  const laptopGuided: Plan = {
    name: 'laptop-guided',
    load: laptopDocument,
    tier: 'A',
    streams: randomWalks(quick ? 2 : (cars ?? 40), 'A', LAPTOP_REQUEST),
    peerClicks: 0,
    peerNote: 'no peer: it knows neither needs nor budgets',
    request: LAPTOP_REQUEST,
    completeEvery: 1,
  };
  const medium: Plan = {
    name: 'renault-medium',
    load: () => renaultCatalog('medium'),
    tier: null,
    streams: quick ? () => soldCarReplays('medium', 1)().map((s) => s.slice(0, 4)) : soldCarReplays('medium', cars ?? 10),
    peerClicks: quick ? 2 : 40,
    peerNote: 'peer on the first clicks only: about 0.4 s per click',
    completeEvery: quick ? 2 : 4,
  };
  if (quick) return [laptop, laptopGuided, medium];
  const big: Plan = {
    name: 'renault-big',
    load: () => renaultCatalog('big'),
    tier: null,
    streams: soldCarReplays('big', cars ?? 3),
    peerClicks: peerBig ? 10 : 0,
    peerNote: peerBig ? 'peer on the first clicks only' : 'peer not run: logic-solver runs out of memory on big (pass --peer-big to try)',
    completeEvery: 2,
  };
  const bigPriced: Plan = {
    name: 'renault-big-priced',
    load: () => pricedRenault('big'),
    tier: null,
    streams: soldCarReplays('big', cars ?? 3),
    peerClicks: 0,
    peerNote: 'no peer: seeded prices, to time the min-sum passes',
    completeEvery: 2,
  };
  return [laptop, laptopGuided, medium, big, bigPriced];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function round(value: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** JS heap plus external memory: the compiled form keeps its relations in typed arrays. */
function heapUsedAfterGc(): number {
  gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Each prefix of each stream with at least one pick: the picks after each click. */
function clicksOf(streams: string[][]): string[][] {
  return streams.flatMap((stream) => stream.map((_, i) => stream.slice(0, i + 1)));
}

function runPlan(plan: Plan, log: (line: string) => void): ModelResult {
  const doc = plan.load();
  const before = heapUsedAfterGc();
  const started = performance.now();
  const compiled = compileCatalog(doc);
  const compileMs = performance.now() - started;
  const heapMB = Math.max(0, heapUsedAfterGc() - before) / (1024 * 1024);

  const clicks = clicksOf(plan.streams(compiled, doc));
  const times: number[] = [];
  for (const picks of clicks) {
    const t = performance.now();
    configure(compiled, picks, { tier: plan.tier, today: TODAY, ...plan.request });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);

  const popularity = popularityOf(doc);
  const completeTimes: number[] = [];
  const goals: CompletionGoal[] = ['cheapest', 'popular'];
  clicks.forEach((picks, i) => {
    if (i % plan.completeEvery !== 0) return;
    const goal = goals[completeTimes.length % goals.length]!;
    const t = performance.now();
    try {
      complete(compiled, { picks, goal, popularity, ...plan.request }, { tier: plan.tier, today: TODAY });
    } catch (error) {
      // A click the budget cannot complete still took its time; anything else is a defect.
      if (!(error instanceof Error && error.name === 'NoConfigurationError')) throw error;
    }
    completeTimes.push(performance.now() - t);
  });
  completeTimes.sort((a, b) => a - b);

  let peerP50Ms: number | null = null;
  const peerClicks = clicks.slice(0, plan.peerClicks);
  if (peerClicks.length > 0) {
    const peer = new SatPeer(doc, plan.tier);
    const peerTimes = peerClicks.map((picks) => {
      const t = performance.now();
      peer.answer(picks);
      return performance.now() - t;
    });
    peerTimes.sort((a, b) => a - b);
    peerP50Ms = percentile(peerTimes, 50);
  }
  if (plan.peerNote) log(`${plan.name}: ${plan.peerNote} (${peerClicks.length} of ${clicks.length} clicks)`);
  // Keep the compiled form alive until here, so the heap figure is not a collectable ghost.
  void compiled;
  return {
    name: plan.name,
    clicks: clicks.length,
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
    peerP50Ms: peerP50Ms === null ? null : round(peerP50Ms),
    completeCalls: completeTimes.length,
    completeP50Ms: round(percentile(completeTimes, 50)),
    completeP99Ms: round(percentile(completeTimes, 99)),
    compileMs: round(compileMs, 1),
    heapMB: round(heapMB, 2),
  };
}

/** How many times slower the peer is than the engine (a timer tick stands in for a zero). */
function ratio(peerMs: number, engineMs: number): string {
  const times = peerMs / Math.max(engineMs, 0.001);
  return `${times >= 10 ? times.toFixed(0) : times.toFixed(1)}x`;
}

function table(results: ModelResult[]): string {
  const header = [
    'model',
    'clicks',
    'p50 ms',
    'p99 ms',
    'peer p50 ms',
    'peer/engine',
    'complete p50',
    'complete p99',
    'compile ms',
    'heap MB',
  ];
  const rows = results.map((r) => [
    r.name,
    String(r.clicks),
    r.p50Ms.toFixed(3),
    r.p99Ms.toFixed(3),
    r.peerP50Ms === null ? '-' : r.peerP50Ms.toFixed(1),
    r.peerP50Ms === null ? '-' : ratio(r.peerP50Ms, r.p50Ms),
    r.completeP50Ms.toFixed(3),
    r.completeP99Ms.toFixed(3),
    r.compileMs.toFixed(1),
    r.heapMB.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '))
    .join('\n');
}

/** The command line's options (throws on an unknown one). */
function commandLine() {
  return parseArgs({
    options: {
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      'peer-big': { type: 'boolean' },
      cars: { type: 'string' },
      only: { type: 'string' },
    },
    strict: true,
  }).values;
}

function main(): number {
  let values: ReturnType<typeof commandLine>;
  try {
    values = commandLine();
    if (values.cars !== undefined && !/^[1-9]\d*$/.test(values.cars))
      throw new Error(`--cars must be a positive whole number, not "${values.cars}"`);
  } catch (error) {
    process.stderr.write(
      `bench:engine: ${(error as Error).message}\nUsage: npm run bench:engine -- [--json] [--quick] [--cars N] [--only NAME,NAME] [--peer-big]\n`,
    );
    return 1;
  }
  // Progress and notes go to stderr, so --json leaves exactly one object on stdout.
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  if (!gc) log('note: run with node --expose-gc for exact heap figures (npm run bench:engine does)');
  const results: ModelResult[] = [];
  const all = plans(values.quick === true, values['peer-big'] === true, values.cars === undefined ? undefined : Number(values.cars));
  const only = values.only?.split(',');
  const unknown = only?.filter((name) => !all.some((p) => p.name === name)) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`bench:engine: unknown model ${unknown.join(', ')}; models: ${all.map((p) => p.name).join(', ')}\n`);
    return 1;
  }
  for (const plan of all.filter((p) => !only || only.includes(p.name))) {
    log(`${plan.name}: compiling and clicking...`);
    const result = runPlan(plan, log);
    // Long runs: show each model's figures as soon as they exist.
    log(`${plan.name}: ${JSON.stringify(result)}`);
    results.push(result);
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ models: results })}\n`);
  else process.stdout.write(`${table(results)}\n`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`bench:engine failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
