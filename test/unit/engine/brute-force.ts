/**
 * A brute-force oracle for small catalogs, written independently of the engine: it enumerates
 * every configuration (a set of choices per group) and filters by the rules' plain meaning.
 * Resource sums are exact rationals (BigInt numerators over a power of ten), so the oracle does
 * not share the engine's scaling; stated needs add their answers' requirements and switch on
 * the resource rules whose `when` they match.
 */
import type { CatalogDocument, ResourceRule, Tier } from '#core/catalog-document';

/** A configuration: the set of "group.choice" refs selected. */
export type Config = ReadonlySet<string>;

function subsets<T>(items: readonly T[], min: number, max: number): T[][] {
  const out: T[][] = [];
  const n = items.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    const pickd = items.filter((_, i) => mask & (1 << i));
    if (pickd.length >= min && pickd.length <= max) out.push(pickd);
  }
  return out;
}

/** Stated needs: answer id by question id. */
export type Needs = Readonly<Record<string, string>>;

/** Every valid configuration of the catalog for a caller of the given tier (and stated needs). */
export function allConfigurations(doc: CatalogDocument, tier: Tier | null, needs: Needs = {}): Config[] {
  const allowedChoice = (gid: string, cid: string): boolean => {
    const c = doc.groups.find((g) => g.id === gid)!.choices.find((x) => x.id === cid)!;
    if (c.retired) return false;
    if (c.tiers && (tier === null || !c.tiers.includes(tier))) return false;
    return true;
  };
  const perGroup = doc.groups.map((g) =>
    subsets(
      g.choices.map((c) => c.id).filter((cid) => allowedChoice(g.id, cid)),
      g.min,
      g.max,
    ),
  );
  const configs: Config[] = [];
  const walk = (i: number, acc: string[][]): void => {
    if (i === doc.groups.length) {
      const set = new Set(acc.flatMap((sel, gi) => sel.map((c) => `${doc.groups[gi]!.id}.${c}`)));
      if (satisfies(doc, set, acc, needs)) configs.push(set);
      return;
    }
    for (const sel of perGroup[i]!) walk(i + 1, [...acc, sel]);
  };
  walk(0, []);
  return configs;
}

/** A finite number as an exact fraction n / 10^k, from its decimal form. */
function fraction(x: number): { n: bigint; k: number } {
  const text = x.toString();
  const [mantissa, exponent = '0'] = text.split('e');
  const [whole, frac = ''] = mantissa!.split('.');
  let n = BigInt(`${whole}${frac}`);
  let k = frac.length - Number(exponent);
  if (k < 0) {
    n *= 10n ** BigInt(-k);
    k = 0;
  }
  return { n, k };
}

/** Exact figures of one resource rule: per choice ref, attribute minus capacity, over 10^k; and the constant. */
interface ExactRule {
  net: Map<string, bigint>;
  limit: bigint;
}

const exactCache = new WeakMap<ResourceRule, ExactRule>();

function exactRule(doc: CatalogDocument, rule: ResourceRule): ExactRule {
  let exact = exactCache.get(rule);
  if (exact) return exact;
  const refs = doc.groups.flatMap((g) => g.choices.map((c) => `${g.id}.${c.id}`));
  const cap = (ref: string): number => (typeof rule.capacity === 'string' ? attributeValue(doc, ref, rule.capacity) : 0);
  const all = [
    ...refs.flatMap((r) => [attributeValue(doc, r, rule.attribute), cap(r)]),
    typeof rule.capacity === 'number' ? rule.capacity : 0,
  ].map(fraction);
  const k = Math.max(0, ...all.map((f) => f.k));
  const scaled = (x: number): bigint => {
    const f = fraction(x);
    return f.n * 10n ** BigInt(k - f.k);
  };
  exact = {
    net: new Map(refs.map((r) => [r, scaled(attributeValue(doc, r, rule.attribute)) - scaled(cap(r))] as const)),
    limit: scaled(typeof rule.capacity === 'number' ? rule.capacity : 0),
  };
  exactCache.set(rule, exact);
  return exact;
}

/** The numeric attribute of a choice ref, 0 when absent or not a number. */
export function attributeValue(doc: CatalogDocument, ref: string, name: string): number {
  const [gid, cid] = ref.split('.');
  const value = doc.groups.find((g) => g.id === gid)?.choices.find((c) => c.id === cid)?.attributes?.[name];
  return typeof value === 'number' ? value : 0;
}

/** Whether the rule is switched on by the stated needs (always, without `when`). */
function switchedOn(rule: ResourceRule, needs: Needs): boolean {
  return !rule.when || rule.when.answers.includes(needs[rule.when.need] ?? '');
}

/** Whether a resource rule holds for the selected set (given the stated needs). */
export function resourceHolds(doc: CatalogDocument, rule: ResourceRule, set: ReadonlySet<string>, needs: Needs): boolean {
  if (!switchedOn(rule, needs)) return true;
  const { net, limit } = exactRule(doc, rule);
  let total = 0n;
  for (const ref of set) total += net.get(ref)!;
  return total <= limit;
}

function satisfies(doc: CatalogDocument, set: Set<string>, selections: string[][], needs: Needs): boolean {
  const selectionOf = (gid: string): string[] => selections[doc.groups.findIndex((g) => g.id === gid)] ?? [];
  for (const [question, answerId] of Object.entries(needs)) {
    const answer = doc.needs?.find((n) => n.id === question)?.answers.find((a) => a.id === answerId);
    if (answer?.require && !answer.require.some((r) => set.has(r))) return false;
  }
  for (const rule of doc.rules) {
    if (rule.type === 'resource') {
      if (!resourceHolds(doc, rule, set, needs)) return false;
    } else if (rule.type === 'requires') {
      if (rule.if.every((r) => set.has(r)) && !rule.then.some((r) => set.has(r))) return false;
    } else if (rule.type === 'excludes') {
      if (rule.choices.every((r) => set.has(r))) return false;
    } else {
      const ok = rule.allowed.some((row) =>
        rule.groups.every((gid, i) => {
          const cell = row[i];
          const sel = selectionOf(gid);
          if (cell === '*' || cell === undefined) return true;
          if (cell === null) return sel.length === 0;
          return sel.includes(cell);
        }),
      );
      if (!ok) return false;
    }
  }
  return true;
}

/** Configurations containing every given ref. */
export function extending(configs: readonly Config[], refs: readonly string[]): Config[] {
  return configs.filter((c) => refs.every((r) => c.has(r)));
}

const totals = new WeakMap<Config, number>();
const priceMaps = new WeakMap<CatalogDocument, Map<string, number>>();

/** The list price of a configuration: the base plus every selected choice. */
export function listTotal(doc: CatalogDocument, config: Config): number {
  let total = totals.get(config);
  if (total !== undefined) return total;
  let prices = priceMaps.get(doc);
  if (!prices) {
    prices = new Map(doc.groups.flatMap((g) => g.choices.map((c) => [`${g.id}.${c.id}`, c.price] as const)));
    priceMaps.set(doc, prices);
  }
  total = doc.basePrice;
  for (const ref of config) total += prices.get(ref)!;
  totals.set(config, total);
  return total;
}

/** The lowest list total among configurations (Infinity when there is none). */
export function cheapestOf(doc: CatalogDocument, configs: readonly Config[]): number {
  let best = Infinity;
  for (const c of configs) best = Math.min(best, listTotal(doc, c));
  return best;
}

/**
 * Whether a resource rule can hold at all with `fixed` selected, by its own plain meaning
 * (cardinalities and retirement only, no other rule, no tier). The sum is separable, so the
 * smallest total is the sum of each group's smallest selection.
 */
export function resourceAloneAllows(doc: CatalogDocument, rule: ResourceRule, fixed: readonly string[], needs: Needs): boolean {
  if (!switchedOn(rule, needs)) return true;
  const { net, limit } = exactRule(doc, rule);
  let total = 0n;
  for (const g of doc.groups) {
    if (g.choices.every((c) => net.get(`${g.id}.${c.id}`) === 0n)) continue;
    const mine = fixed.filter((r) => r.startsWith(`${g.id}.`));
    let best: bigint | null = null;
    for (const sel of subsets(
      g.choices.filter((c) => !c.retired).map((c) => `${g.id}.${c.id}`),
      g.min,
      g.max,
    )) {
      if (!mine.every((r) => sel.includes(r))) continue;
      const sum = sel.reduce((acc, r) => acc + net.get(r)!, 0n);
      if (best === null || sum < best) best = sum;
    }
    // No selection at all: the cardinalities rule it out, not this rule.
    if (best === null) return true;
    total += best;
  }
  return total <= limit;
}
