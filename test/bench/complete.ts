/**
 * Corrections benchmark of `complete` with the goal `popular` on the Renault sales (folds of
 * test/fixtures/renault): train the order statistics on nine folds; for each sold car of the
 * tenth, reveal k of its customer-visible values (one seeded reveal order per car) and let each
 * method propose a whole car; count the unrevealed values the customer would still change to
 * reach the car they bought. Methods, in the same run:
 * - ours: `complete` goal `popular`, weighted by `popularityWeights` (the recommendation model's
 *   vote given the reveals, as integer log-shares), exact under the catalog's rules;
 * - (a) catalog default: `complete` with the catalog defaults as the only weights;
 * - (b) most frequent: each unrevealed value set to its most frequent sold value (no engine);
 * - (c) most frequent sold: the most frequent sold configuration that agrees with the reveals
 *   (the most frequent values of (b) when none agrees).
 * Revealed values are picks; a revealed "not applicable" is an empty group (a top weight on
 * leaving it empty, for ours and (a)).
 *
 *   npm run bench:complete                      medium and big, fold 9, every car of the fold
 *   --model medium|big  --fold N  --seed S  --cars N (a seeded sample)  --json
 */
import { parseArgs } from 'node:util';
import { compileCatalog, complete, MAX_POPULARITY_WEIGHT, type CompiledCatalog, type Popularity } from '#engine/index';
import { popularityWeights } from '#recommend/popularity';
import { addOrder, emptyStats, type RecommendStats } from '#recommend/stats';
import { renaultCatalog, renaultSoldCars, type RenaultModel, type SoldCar } from '../fixtures/renault/models.ts';
import { runAsScript } from './script-entry.ts';
import { SeededRandom } from './seeded-random.ts';

export const METHODS = ['ours', 'catalogDefault', 'mostFrequent', 'mostFrequentSold'] as const;
export type Method = (typeof METHODS)[number];
const LABEL: Record<Method, string> = {
  ours: 'complete popular',
  catalogDefault: '(a) catalog default',
  mostFrequent: '(b) most frequent value',
  mostFrequentSold: '(c) most frequent sold',
};

export interface CompleteBenchResult {
  model: RenaultModel;
  fold: number;
  cars: number;
  /** Values per car (customer-visible variables). */
  values: number;
  /** The k of each column: 0, 5, 10, 20 and all but one. */
  reveals: number[];
  /** Per method, mean corrections per car at each k. */
  corrections: Record<Method, number[]>;
  /** Proposals `complete` could not make (no configuration with the reveals): counted as every unrevealed value wrong. */
  failures: number;
  /** Mean milliseconds of one `complete` goal popular (weights included). */
  popularMs: number;
}

type Car = string[];
const TODAY = '2026-12-05';

function carOf(sold: SoldCar): Car {
  return sold.values.map((v) => v.choice ?? '');
}

/** Runs `complete` with these weights; the car it proposes (one value per header group), or null when nothing fits. */
function proposal(compiled: CompiledCatalog, header: readonly string[], picks: string[], popularity: Popularity): Car | null {
  try {
    const answer = complete(compiled, { picks, goal: 'popular', popularity }, { tier: null, today: TODAY });
    const chosen = new Map(answer.picks.map((p) => [p.slice(0, p.indexOf('.')), p.slice(p.indexOf('.') + 1)]));
    return header.map((g) => chosen.get(g) ?? '');
  } catch (error) {
    if ((error as Error).name === 'NoConfigurationError') return null;
    throw error;
  }
}

/** Mean corrections per car for each method and k, on one fold of one model. */
export function runCompleteBench(options: { model: RenaultModel; fold?: number; seed?: number; cars?: number }): CompleteBenchResult {
  const { model } = options;
  const fold = options.fold ?? 9;
  const compiled = compileCatalog(renaultCatalog(model));
  const sold = renaultSoldCars(model);
  const header = sold[0]!.values.map((v) => v.group);
  const n = header.length;
  const reveals = [0, 5, 10, 20, n - 1].filter((k, i, all) => k < n && all.indexOf(k) === i);
  const random = new SeededRandom((options.seed ?? 20_250_303) + fold);
  const train = sold.filter((c) => c.fold !== fold);
  let test = sold.filter((c) => c.fold === fold);
  if (options.cars !== undefined) test = random.shuffled(test).slice(0, options.cars);

  const stats: RecommendStats = emptyStats();
  for (const c of train)
    addOrder(
      stats,
      c.values.filter((v) => v.choice !== null).map((v) => `${v.group}.${v.choice}`),
    );
  const noStats = emptyStats();
  // (b): the most frequent value of each column; (c): the sold configurations by count.
  const valueCounts = header.map(() => new Map<string, number>());
  const configurations = new Map<string, { car: Car; count: number }>();
  for (const c of train) {
    const car = carOf(c);
    car.forEach((v, i) => {
      valueCounts[i]!.set(v, (valueCounts[i]!.get(v) ?? 0) + 1);
    });
    const key = car.join('|');
    const entry = configurations.get(key) ?? { car, count: 0 };
    entry.count++;
    configurations.set(key, entry);
  }
  const mode = valueCounts.map((m) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '');
  const bySales = [...configurations.values()].sort((a, b) => b.count - a.count);

  const totals = Object.fromEntries(METHODS.map((m) => [m, reveals.map(() => 0)])) as Record<Method, number[]>;
  let failures = 0;
  let popularMs = 0;
  let popularRuns = 0;
  for (const sc of test) {
    const truth = carOf(sc);
    const order = random.shuffled(Array.from({ length: n }, (_, i) => i));
    reveals.forEach((k, ki) => {
      const revealed = new Set(order.slice(0, k));
      const picks = [...revealed].filter((i) => truth[i] !== '').map((i) => `${header[i]}.${truth[i]}`);
      const emptyRevealed = [...revealed].filter((i) => truth[i] === '').map((i) => header[i]!);
      const keepEmpty = (p: Popularity): Popularity => {
        const emptyGroups = { ...p.emptyGroups };
        for (const g of emptyRevealed) if (compiled.doc.groups.find((d) => d.id === g)!.min === 0) emptyGroups[g] = MAX_POPULARITY_WEIGHT;
        return { choices: p.choices ?? {}, emptyGroups };
      };
      const started = performance.now();
      const ours = proposal(
        compiled,
        header,
        picks,
        keepEmpty(popularityWeights({ everyone: stats }, compiled, picks, { minCustomers: 0 }).popularity),
      );
      popularMs += performance.now() - started;
      popularRuns++;
      const defaults = proposal(compiled, header, picks, keepEmpty(popularityWeights({ everyone: noStats }, compiled, picks).popularity));
      const frequent = truth.map((v, i) => (revealed.has(i) ? v : mode[i]!));
      const agreeing = bySales.find((c) => [...revealed].every((i) => c.car[i] === truth[i]))?.car ?? frequent;
      const proposals: Record<Method, Car | null> = { ours, catalogDefault: defaults, mostFrequent: frequent, mostFrequentSold: agreeing };
      for (const m of METHODS) {
        const car = proposals[m];
        if (!car) failures++;
        totals[m][ki]! += car ? truth.reduce((s, v, i) => s + (car[i] === v ? 0 : 1), 0) : n - k;
      }
    });
  }
  const cars = Math.max(1, test.length);
  const corrections = Object.fromEntries(METHODS.map((m) => [m, totals[m].map((t) => t / cars)])) as Record<Method, number[]>;
  return { model, fold, cars: test.length, values: n, reveals, corrections, failures, popularMs: popularMs / Math.max(1, popularRuns) };
}

/** The table of one result. */
export function table(result: CompleteBenchResult): string {
  const head = ['method', ...result.reveals.map((k) => `k=${k}`)];
  const rows = METHODS.map((m) => [LABEL[m], ...result.corrections[m].map((c) => c.toFixed(2))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [
    `Renault ${result.model} (${result.values} values), fold ${result.fold}, ${result.cars} cars: corrections per car after k reveals`,
    ...[head, ...rows].map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')),
    `failures: ${result.failures}; complete popular (weights included): ${result.popularMs.toFixed(1)} ms mean`,
  ].join('\n');
}

runAsScript(import.meta.url, async () => {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      fold: { type: 'string' },
      seed: { type: 'string' },
      cars: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.model !== undefined && values.model !== 'medium' && values.model !== 'big')
    throw new Error(`--model is medium or big, not "${values.model}"`);
  const models: RenaultModel[] = values.model ? [values.model as RenaultModel] : ['medium', 'big'];
  const results = models.map((model) =>
    runCompleteBench({
      model,
      ...(values.fold !== undefined ? { fold: Number(values.fold) } : {}),
      ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
      ...(values.cars !== undefined ? { cars: Number(values.cars) } : {}),
    }),
  );
  process.stdout.write(`${values.json ? JSON.stringify(results) : results.map(table).join('\n\n')}\n`);
});
