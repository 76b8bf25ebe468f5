/**
 * A brute-force oracle for small catalogs, written independently of the engine: it enumerates
 * every configuration (a set of choices per group) and filters by the rules' plain meaning.
 */
import type { CatalogDocument, Tier } from '#core/catalog-document';

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

/** Every valid configuration of the catalog for a caller of the given tier. */
export function allConfigurations(doc: CatalogDocument, tier: Tier | null): Config[] {
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
      if (satisfies(doc, set, acc)) configs.push(set);
      return;
    }
    for (const sel of perGroup[i]!) walk(i + 1, [...acc, sel]);
  };
  walk(0, []);
  return configs;
}

function satisfies(doc: CatalogDocument, set: Set<string>, selections: string[][]): boolean {
  const selectionOf = (gid: string): string[] => selections[doc.groups.findIndex((g) => g.id === gid)] ?? [];
  for (const rule of doc.rules) {
    if (rule.type === 'requires') {
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
