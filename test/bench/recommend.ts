/**
 * Recommendation benchmark on the Renault sales (protocol of test/fixtures/renault/README.md,
 * Brouard et al., CP 2020): train on nine folds; for each sold car of the tenth, reveal its
 * customer-visible variables in a seeded random order and, before each reveal, predict the value
 * of the variable about to be revealed from those already revealed. A prediction is correct
 * when it equals the sold value ("-1", not applicable, is the prediction "nothing chosen").
 * Precision per reveal index, for our model and two baselines in the same run.
 *
 *   npm run bench:recommend                       medium, all 10 folds, a table on stdout
 *   npm run bench:recommend -- --model big        the big model
 *   --fold N                                      only fold N
 *   --seed S                                      reveal orders (default 20250303)
 *   --json                                        exactly one JSON object on stdout
 *   --quick                                       a few cars of one fold on medium (test suite)
 *   --no-latency                                  skip the configure latency part
 *   --cars N                                      only N held-out cars per fold (seeded sample)
 *   --orders K                                    K seeded reveal orders per car (default 1): the
 *                                                 same protocol quantity, averaged over K x cars
 *                                                 predictions per reveal index (less order noise)
 *   --beta B, --floor F                           the model's constants (tuning; see model.ts)
 *
 * Besides the seeded orders, each fold prints two exact expectations over ALL reveal orders, free
 * of order noise: reveal 1 (the most frequent value of a random first variable) and the last
 * reveal (each variable predicted from all the others).
 *
 * Candidates: every method ranks only the values the engine still allows given the revealed
 * values (exact marginals of the compiled model; a revealed "-1" is evidence "nothing chosen").
 * Our model is also scored without that filter ("ours, unfiltered") to show what the engine adds.
 *
 * Latency: the extra time `recommend` adds to a `configure` call, on Renault big (medium with
 * --quick), replaying sold cars of the test fold click by click; timings only go to the output.
 */
import { parseArgs } from 'node:util';
import { compileCatalog, configure, type CompiledCatalog } from '#engine/index';
import { tierMasks } from '#engine/evidence';
import { propagate, type Marginals } from '#engine/propagate';
import { addOrder, customerHash, emptyStats } from '#recommend/stats';
import { BETA, RELEVANCE_FLOOR, RevealSession } from '#recommend/model';
import { recommend } from '#recommend/recommend';
import { renaultCatalog, renaultSoldCars, type RenaultModel, type SoldCar } from '../fixtures/renault/models.ts';
import { Baselines, type Car } from './recommend-baselines.ts';
import { SeededRandom } from './seeded-random.ts';

const METHODS = ['ours', 'oursUnfiltered', 'mostFrequent', 'naiveBayes'] as const;
type Method = (typeof METHODS)[number];
const LABEL: Record<Method, string> = {
  ours: 'ours (weighted kNN + engine)',
  oursUnfiltered: 'ours, unfiltered',
  mostFrequent: 'most frequent',
  naiveBayes: 'naive Bayes',
};

/** Published PE-MRF precision on medium, fold 9 (benchmark README): first and last reveal. */
const PE_MRF = { fold: 9, first: 0.819, last: 0.97 };

export interface FoldResult {
  fold: number;
  cars: number;
  /** Reveal orders per car: every index's precision is over cars x orders predictions. */
  orders: number;
  /** Per method, precision at each reveal index (0-based). */
  precision: Record<Method, number[]>;
  /** Per method, precision over all predictions of the fold. */
  mean: Record<Method, number>;
  /** Predictions (seeded orders and the exact last reveal) where the engine found the revealed values inconsistent (no filter applied then). */
  inconsistent: number;
  /**
   * Exact expected precision at reveal 1 over all reveal orders: nothing is revealed yet, so
   * every method predicts the most frequent (allowed) value of whichever variable comes first,
   * each variable first with probability 1/n: the mean over variables of that value's accuracy
   * on the held-out cars. The seeded order(s) estimate this number.
   */
  firstExpected: number;
  /**
   * Exact expected precision at the last reveal over all reveal orders, per method: the last
   * variable is each variable with probability 1/n and is predicted from all the others, so it
   * is the mean over the held-out cars and their variables of "predicted from the rest". No
   * order noise: the number the seeded orders' last index estimates.
   */
  lastExpected: Record<Method, number>;
}

export interface LatencyResult {
  model: RenaultModel;
  clicks: number;
  recommendP50Ms: number;
  recommendP99Ms: number;
  configureP50Ms: number;
}

function car(c: SoldCar): Car {
  return c.values.map((v) => v.choice ?? '');
}

function argmax(scores: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return best;
}

/** Engine filter: the values of a group still possible, from the marginals of its component. */
class EngineFilter {
  private readonly pick: (Uint8Array | null)[];
  private readonly marginals: Marginals[];
  private readonly tier: (Uint8Array | null)[];
  inconsistent = 0;

  constructor(private readonly compiled: CompiledCatalog) {
    this.tier = tierMasks(compiled, null);
    this.pick = new Array(compiled.model.groups.length).fill(null);
    this.marginals = compiled.components.map((c) => propagate(c, { pick: this.pick, tier: this.tier }));
  }

  private valueOf(group: string, value: string): { g: number; v: number } {
    const g = this.compiled.model.groupIndex.get(group)!;
    const gm = this.compiled.model.groups[g]!;
    if (value === '') return { g, v: gm.emptyValue };
    return { g, v: gm.valuesWithChoice[gm.choiceIndex.get(value)!]![0]! };
  }

  private maskOf(group: string, value: string): { g: number; mask: Uint8Array } {
    const { g, v } = this.valueOf(group, value);
    const mask = new Uint8Array(this.compiled.model.groups[g]!.values.length);
    if (v >= 0) mask[v] = 1;
    return { g, mask };
  }

  /** The value keys of group g that marginals `m` of its component leave possible; all of them if inconsistent. */
  private possible(g: number, m: Marginals): string[] {
    const gm = this.compiled.model.groups[g]!;
    if (!m.consistent) {
      this.inconsistent++;
      return this.all(gm.group.id);
    }
    const full = m.full.get(g)!;
    const out = gm.group.choices.filter((_, ci) => gm.valuesWithChoice[ci]!.some((v) => full[v])).map((c) => c.id);
    if (gm.emptyValue >= 0 && full[gm.emptyValue]) out.push('');
    return out;
  }

  reveal(group: string, value: string): void {
    const { g, mask } = this.maskOf(group, value);
    this.pick[g] = mask;
    const comp = this.compiled.componentOf[g]!;
    this.marginals[comp] = propagate(this.compiled.components[comp]!, { pick: this.pick, tier: this.tier });
  }

  /** The possible value keys of a group ("" = nothing); all of them if the revealed values are inconsistent. */
  candidates(group: string): string[] {
    const g = this.compiled.model.groupIndex.get(group)!;
    return this.possible(g, this.marginals[this.compiled.componentOf[g]!]!);
  }

  all(group: string): string[] {
    const gm = this.compiled.model.groups[this.compiled.model.groupIndex.get(group)!]!;
    return [...gm.group.choices.map((c) => c.id), ...(gm.emptyValue >= 0 ? [''] : [])];
  }

  /**
   * For each group of `header`, the values possible once every OTHER group of a sold car is
   * revealed: all its values set, then one group's lifted and only its component propagated.
   * Independent of (and leaves untouched) what was revealed with `reveal`.
   */
  candidatesGivenTheRest(header: readonly string[], values: readonly string[]): string[][] {
    const pick: (Uint8Array | null)[] = new Array(this.compiled.model.groups.length).fill(null);
    const groups = header.map((group, column) => {
      const { g, mask } = this.maskOf(group, values[column]!);
      pick[g] = mask;
      return g;
    });
    return groups.map((g) => {
      const own = pick[g]!;
      pick[g] = null;
      const m = propagate(this.compiled.components[this.compiled.componentOf[g]!]!, { pick, tier: this.tier });
      pick[g] = own;
      return this.possible(g, m);
    });
  }
}

interface ModelConstants {
  beta: number;
  floor: number;
}

function runFold(
  compiled: CompiledCatalog,
  header: readonly string[],
  sold: readonly SoldCar[],
  fold: number,
  seed: number,
  maxCars: number | null,
  orders: number,
  constants: ModelConstants,
): FoldResult {
  const trainCars = sold.filter((c) => c.fold !== fold);
  let test = sold.filter((c) => c.fold === fold);
  const random = new SeededRandom(seed + fold);
  if (maxCars !== null) test = random.shuffled(test).slice(0, maxCars);

  const stats = emptyStats();
  for (const c of trainCars)
    addOrder(
      stats,
      c.values.filter((v) => v.choice !== null).map((v) => `${v.group}.${v.choice}`),
    );
  const baselines = new Baselines(header.length, trainCars.map(car));

  const n = header.length;
  const hits: Record<Method, number[]> = Object.fromEntries(METHODS.map((m) => [m, new Array<number>(n).fill(0)])) as Record<
    Method,
    number[]
  >;
  let inconsistent = 0;
  const initial = new EngineFilter(compiled);
  const firstExpected =
    header.reduce((acc, group, column) => {
      const candidates = initial.candidates(group);
      const mode = candidates[argmax(baselines.mostFrequent(column, candidates))]!;
      return acc + test.filter((sc) => car(sc)[column] === mode).length / Math.max(1, test.length);
    }, 0) / n;
  // The last reveal has an exact expectation (each variable is last with probability 1/n), so
  // it is computed, not sampled: every variable of every held-out car predicted from the rest.
  const lastHits = Object.fromEntries(METHODS.map((m) => [m, 0])) as Record<Method, number>;
  for (const sc of test) {
    const values = car(sc);
    const candidates = initial.candidatesGivenTheRest(header, values);
    header.forEach((group, column) => {
      const session = new RevealSession(stats, constants.beta, constants.floor);
      const revealed: { column: number; value: string }[] = [];
      header.forEach((other, c) => {
        if (c === column) return;
        session.reveal(other, values[c]!);
        revealed.push({ column: c, value: values[c]! });
      });
      const cands = candidates[column]!;
      const all = initial.all(group);
      const predicted: Record<Method, string> = {
        ours: cands[argmax(session.scores(group, cands))]!,
        oursUnfiltered: all[argmax(session.scores(group, all))]!,
        mostFrequent: cands[argmax(baselines.mostFrequent(column, cands))]!,
        naiveBayes: cands[argmax(baselines.naiveBayes(column, cands, revealed))]!,
      };
      for (const m of METHODS) if (predicted[m] === values[column]) lastHits[m] += 1;
    });
  }
  const lastExpected = Object.fromEntries(METHODS.map((m) => [m, lastHits[m] / Math.max(1, test.length * n)])) as Record<Method, number>;
  inconsistent += initial.inconsistent;
  // Every car gets `orders` reveal orders drawn from the fold's seeded stream in turn (with
  // --orders 1, exactly the orders of a plain run).
  for (const sc of test)
    for (let k = 0; k < orders; k++) {
      const values = car(sc);
      const order = random.shuffled(Array.from({ length: n }, (_, i) => i));
      const session = new RevealSession(stats, constants.beta, constants.floor);
      const filter = new EngineFilter(compiled);
      const revealed: { column: number; value: string }[] = [];
      order.forEach((column, step) => {
        const group = header[column]!;
        const truth = values[column]!;
        const candidates = filter.candidates(group);
        const predict: Record<Method, () => string> = {
          ours: () => candidates[argmax(session.scores(group, candidates))]!,
          oursUnfiltered: () => {
            const all = filter.all(group);
            return all[argmax(session.scores(group, all))]!;
          },
          mostFrequent: () => candidates[argmax(baselines.mostFrequent(column, candidates))]!,
          naiveBayes: () => candidates[argmax(baselines.naiveBayes(column, candidates, revealed))]!,
        };
        for (const m of METHODS) if (predict[m]() === truth) hits[m][step]! += 1;
        session.reveal(group, truth);
        filter.reveal(group, truth);
        revealed.push({ column, value: truth });
      });
      inconsistent += filter.inconsistent;
    }
  const precision = Object.fromEntries(METHODS.map((m) => [m, hits[m].map((h) => h / Math.max(1, test.length * orders))])) as Record<
    Method,
    number[]
  >;
  const mean = Object.fromEntries(METHODS.map((m) => [m, precision[m].reduce((a, b) => a + b, 0) / n])) as Record<Method, number>;
  return { fold, cars: test.length, orders, precision, mean, inconsistent, firstExpected, lastExpected };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Extra time of `recommend` after a `configure` call, replaying sold cars of fold 0 (statistics
 * from the other folds): every `every`-th click of each car, at most `clicksPerCar` of them.
 */
function latency(
  model: RenaultModel,
  compiled: CompiledCatalog,
  sold: readonly SoldCar[],
  cars: number,
  every: number,
  clicksPerCar: number | null,
  seed: number,
): LatencyResult {
  const stats = emptyStats();
  // Each sold car is one customer's, so the k-customer floor applies as in the service.
  for (const [i, c] of sold.filter((s) => s.fold !== 0).entries())
    addOrder(
      stats,
      c.values.filter((v) => v.choice !== null).map((v) => `${v.group}.${v.choice}`),
      customerHash('bench', `car-${i}`),
    );
  const random = new SeededRandom(seed);
  const test = random.shuffled(sold.filter((s) => s.fold === 0)).slice(0, cars);
  const rec: number[] = [];
  const conf: number[] = [];
  // Warm-up: the decoded statistics are cached per stats object (as the service caches them per version).
  recommend({ everyone: stats }, compiled, [], configure(compiled, [], { tier: null, today: '2025-03-03' }));
  for (const sc of test) {
    const stream = random.shuffled(sc.values.filter((v) => v.choice !== null)).map((v) => `${v.group}.${v.choice}`);
    const clicks = clicksPerCar === null ? stream.length : Math.min(clicksPerCar, stream.length);
    for (let i = 1; i <= clicks; i += every) {
      const picks = stream.slice(0, i);
      let t = performance.now();
      const answer = configure(compiled, picks, { tier: null, today: '2025-03-03' });
      conf.push(performance.now() - t);
      t = performance.now();
      recommend({ everyone: stats }, compiled, picks, answer);
      rec.push(performance.now() - t);
    }
  }
  rec.sort((a, b) => a - b);
  conf.sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    model,
    clicks: rec.length,
    recommendP50Ms: r(percentile(rec, 50)),
    recommendP99Ms: r(percentile(rec, 99)),
    configureP50Ms: r(percentile(conf, 50)),
  };
}

function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const sd = xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd };
}

export interface Summary {
  /** Per method: per reveal index, mean and sample standard deviation across folds. */
  perIndex: Record<Method, { mean: number; sd: number }[]>;
  /** Per method: the fold means' mean and standard deviation. */
  overall: Record<Method, { mean: number; sd: number }>;
}

function summarise(folds: readonly FoldResult[], n: number): Summary {
  const perIndex = Object.fromEntries(
    METHODS.map((m) => [m, Array.from({ length: n }, (_, i) => meanSd(folds.map((f) => f.precision[m][i]!)))]),
  ) as Summary['perIndex'];
  const overall = Object.fromEntries(METHODS.map((m) => [m, meanSd(folds.map((f) => f.mean[m]))])) as Summary['overall'];
  return { perIndex, overall };
}

const pct = (x: number) => (100 * x).toFixed(1);

function table(model: RenaultModel, folds: readonly FoldResult[], summary: Summary): string {
  const n = summary.perIndex.ours.length;
  const fold9 = folds.find((f) => f.fold === PE_MRF.fold);
  const lines: string[] = [];
  lines.push(
    `Renault ${model}: ${folds.length} fold(s) [${folds.map((f) => f.fold).join(',')}], ${folds.reduce((a, f) => a + f.cars, 0)} held-out cars x ${folds[0]?.orders ?? 1} reveal order(s) each, precision % per reveal index (mean ± sd across folds)`,
  );
  const head = [
    'reveal',
    ...METHODS.map((m) => LABEL[m]),
    ...(fold9 ? ['ours fold 9'] : []),
    ...(model === 'medium' ? ['PE-MRF fold 9'] : []),
  ];
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const pe = model !== 'medium' ? [] : [i === 0 ? pct(PE_MRF.first) : i === n - 1 ? `~${pct(PE_MRF.last)}` : '-'];
    rows.push([
      String(i + 1),
      ...METHODS.map((m) => `${pct(summary.perIndex[m][i]!.mean)} ± ${pct(summary.perIndex[m][i]!.sd)}`),
      ...(fold9 ? [pct(fold9.precision.ours[i]!)] : []),
      ...pe,
    ]);
  }
  rows.push([
    'mean',
    ...METHODS.map((m) => `${pct(summary.overall[m].mean)} ± ${pct(summary.overall[m].sd)}`),
    ...(fold9 ? [pct(fold9.mean.ours)] : []),
    ...(model === 'medium' ? ['-'] : []),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) lines.push(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
  lines.push(
    `reveal 1, exact expectation over all reveal orders (mode's accuracy averaged over the variables): ${folds.map((f) => `${f.fold}: ${pct(f.firstExpected)}`).join('; ')}`,
  );
  lines.push(
    `reveal ${n}, exact expectation over all reveal orders (each variable predicted from all the others), ${METHODS.join('/')}: ${folds.map((f) => `${f.fold}: ${METHODS.map((m) => pct(f.lastExpected[m])).join('/')}`).join('; ')}`,
  );
  lines.push(
    'per fold (mean precision %): ' +
      folds.map((f) => `${f.fold}: ${METHODS.map((m) => pct(f.mean[m])).join('/')}`).join('; ') +
      ` (${METHODS.join('/')})`,
  );
  return lines.join('\n');
}

function latencyLine(lat: LatencyResult): string {
  return `latency on Renault ${lat.model}: recommend adds p50 ${lat.recommendP50Ms} ms (p99 ${lat.recommendP99Ms} ms) to configure p50 ${lat.configureP50Ms} ms, ${lat.clicks} clicks`;
}

/** The command line's options (throws on an unknown one). */
function commandLine() {
  return parseArgs({
    options: {
      model: { type: 'string' },
      fold: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      'no-latency': { type: 'boolean' },
      beta: { type: 'string' },
      floor: { type: 'string' },
      cars: { type: 'string' },
      orders: { type: 'string' },
    },
    strict: true,
  }).values;
}

function main(): number {
  let values: ReturnType<typeof commandLine>;
  try {
    values = commandLine();
    if (values.model !== undefined && values.model !== 'medium' && values.model !== 'big')
      throw new Error(`--model is medium or big, not "${values.model}"`);
    if (values.fold !== undefined && !/^[0-9]$/.test(values.fold)) throw new Error(`--fold is 0-9, not "${values.fold}"`);
    if (values.seed !== undefined && !/^\d+$/.test(values.seed)) throw new Error(`--seed is a whole number, not "${values.seed}"`);
    if (values.cars !== undefined && !/^[1-9]\d*$/.test(values.cars))
      throw new Error(`--cars is a positive whole number, not "${values.cars}"`);
    if (values.orders !== undefined && !/^[1-9]\d*$/.test(values.orders))
      throw new Error(`--orders is a positive whole number, not "${values.orders}"`);
    for (const k of ['beta', 'floor'] as const)
      if (values[k] !== undefined && !(Number(values[k]) >= 0)) throw new Error(`--${k} is a non-negative number, not "${values[k]}"`);
  } catch (error) {
    process.stderr.write(
      `bench:recommend: ${(error as Error).message}\nUsage: npm run bench:recommend -- [--model medium|big] [--fold N] [--seed S] [--cars N] [--orders K] [--json] [--quick] [--no-latency]\n`,
    );
    return 1;
  }
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  const quick = values.quick === true;
  const model: RenaultModel = quick ? 'medium' : ((values.model as RenaultModel | undefined) ?? 'medium');
  const seed = values.seed === undefined ? 20_250_303 : Number(values.seed);
  const folds = values.fold !== undefined ? [Number(values.fold)] : quick ? [9] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

  log(`renault-${model}: compiling...`);
  const compiled = compileCatalog(renaultCatalog(model));
  const sold = renaultSoldCars(model);
  const header = sold[0]!.values.map((v) => v.group);
  const results: FoldResult[] = [];
  for (const fold of folds) {
    const t = performance.now();
    const constants = {
      beta: values.beta === undefined ? BETA : Number(values.beta),
      floor: values.floor === undefined ? RELEVANCE_FLOOR : Number(values.floor),
    };
    const r = runFold(
      compiled,
      header,
      sold,
      fold,
      seed,
      quick ? 5 : values.cars === undefined ? null : Number(values.cars),
      values.orders === undefined ? 1 : Number(values.orders),
      constants,
    );
    log(
      `fold ${fold}: ${r.cars} cars x ${r.orders} order(s), mean precision ${METHODS.map((m) => `${m} ${pct(r.mean[m])}%`).join(', ')} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
    );
    results.push(r);
  }
  const summary = summarise(results, header.length);

  // The precision table first: the latency part compiles Renault big, which takes a while.
  if (!values.json) process.stdout.write(`${table(model, results, summary)}\n`);
  let lat: LatencyResult | null = null;
  if (!values['no-latency']) {
    if (quick) lat = latency('medium', compiled, sold, 1, 1, 5, seed);
    else {
      log('latency: compiling renault-big...');
      const big = model === 'big' ? compiled : compileCatalog(renaultCatalog('big'));
      lat = latency('big', big, model === 'big' ? sold : renaultSoldCars('big'), 3, 4, null, seed);
    }
  }
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({ model, seed, folds: results, summary, peMrf: model === 'medium' ? PE_MRF : null, latency: lat })}\n`,
    );
  } else if (lat) {
    process.stdout.write(`${latencyLine(lat)}\n`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`bench:recommend failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
}
