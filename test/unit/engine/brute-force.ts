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

/** a - b compared with 0, exactly: the sign of the sum of `plus` minus the sum of `minus`. */
function exactSign(plus: number[], minus: number[]): number {
  const parts = [...plus.map((x) => ({ ...fraction(x), s: 1n })), ...minus.map((x) => ({ ...fraction(x), s: -1n }))];
  const k = Math.max(0, ...parts.map((p) => p.k));
  const total = parts.reduce((sum, p) => sum + p.s * p.n * 10n ** BigInt(k - p.k), 0n);
  return total > 0n ? 1 : total < 0n ? -1 : 0;
}

/** The numeric attribute of a choice ref, 0 when absent or not a number. */
export function attributeValue(doc: CatalogDocument, ref: string, name: string): number {
  const [gid, cid] = ref.split('.');
  const value = doc.groups.find((g) => g.id === gid)?.choices.find((c) => c.id === cid)?.attributes?.[name];
  return typeof value === 'number' ? value : 0;
}

/** Whether a resource rule holds for the selected set (given the stated needs). */
export function resourceHolds(doc: CatalogDocument, rule: ResourceRule, set: ReadonlySet<string>, needs: Needs): boolean {
  if (rule.when && !rule.when.answers.includes(needs[rule.when.need] ?? '')) return true;
  const demand = [...set].map((r) => attributeValue(doc, r, rule.attribute));
  const supply = typeof rule.capacity === 'number' ? [rule.capacity] : [...set].map((r) => attributeValue(doc, r, rule.capacity as string));
  return exactSign(demand, supply) <= 0;
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
