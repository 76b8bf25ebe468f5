/** Random small catalogs and picks for the engine's property tests. */
import fc from 'fast-check';
import type { CatalogDocument, Group, Need, Rule, Tier } from '#core/catalog-document';

const TIERS: (Tier | null)[] = ['A', 'B', 'C', null];

/**
 * Figures of resource attributes: whole, negative, zero and decimals whose binary sums are not
 * exact (0.1 + 0.2 is not 0.3 in a double), so the engine's exactness is really tested.
 */
const FIGURES = [0, 1, 2, 3, 5, -1, 0.1, 0.2, 0.3, 2.5] as const;
const LIMITS = [0, 1, 3, 4.5, 0.3, 0.6, -1] as const;

/**
 * Random small catalogs: 2-6 groups of 1-4 choices, mixed cardinalities, random rules
 * (requires, excludes, tables and resource rules over the numeric attributes `a` and `b`).
 */
export const catalogArb: fc.Arbitrary<CatalogDocument> = fc
  .record({
    shapes: fc.array(
      fc.record({
        choices: fc.integer({ min: 1, max: 4 }),
        card: fc.constantFrom([1, 1], [0, 1], [0, 2], [1, 2]),
        tiers: fc.array(fc.option(fc.subarray(['A', 'B', 'C'] as Tier[], { minLength: 1 }), { freq: 6 }), { minLength: 4, maxLength: 4 }),
        retired: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 4 }),
        a: fc.array(fc.option(fc.constantFrom(...FIGURES), { freq: 3 }), { minLength: 4, maxLength: 4 }),
        b: fc.array(fc.option(fc.constantFrom(...FIGURES), { freq: 2 }), { minLength: 4, maxLength: 4 }),
      }),
      { minLength: 2, maxLength: 6 },
    ),
    seed: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
    ruleCount: fc.integer({ min: 0, max: 5 }),
  })
  .map(({ shapes, seed, ruleCount }) => {
    let k = 0;
    const next = (n: number): number => seed[k++ % seed.length]! % n;
    const groups: Group[] = shapes.map((s, gi) => ({
      id: `g${gi}`,
      kind: 'product',
      min: s.card[0]!,
      max: s.card[1]!,
      choices: Array.from({ length: s.choices }, (_, ci) => ({
        id: `c${ci}`,
        price: 0,
        leadDays: 0,
        ...(s.tiers[ci] ? { tiers: s.tiers[ci]! } : {}),
        ...(s.retired[ci] === 0 ? { retired: true, replacedBy: ci > 0 ? 'c0' : null } : {}),
        ...(s.a[ci] !== null || s.b[ci] !== null
          ? { attributes: { ...(s.a[ci] !== null ? { a: s.a[ci]! } : {}), ...(s.b[ci] !== null ? { b: s.b[ci]! } : {}) } }
          : {}),
      })),
    }));
    const anyRef = (): string => {
      const g = groups[next(groups.length)]!;
      return `${g.id}.${g.choices[next(g.choices.length)]!.id}`;
    };
    const rules: Rule[] = [];
    for (let r = 0; r < ruleCount; r++) {
      const kind = next(4);
      if (kind === 3) {
        const capacity = next(2) === 0 ? 'b' : LIMITS[next(LIMITS.length)]!;
        rules.push({ id: `r${r}`, type: 'resource', attribute: 'a', capacity });
      } else if (kind === 0)
        rules.push({
          id: `r${r}`,
          type: 'requires',
          if: [anyRef(), ...(next(3) === 0 ? [anyRef()] : [])],
          then: [anyRef(), ...(next(2) ? [anyRef()] : [])],
        });
      else if (kind === 1)
        rules.push({ id: `r${r}`, type: 'excludes', choices: [anyRef(), anyRef(), ...(next(3) === 0 ? [anyRef()] : [])] });
      else {
        const arity = 1 + next(Math.min(3, groups.length));
        const scope = [...new Set(Array.from({ length: arity }, () => groups[next(groups.length)]!.id))];
        const rows = Array.from({ length: 1 + next(5) }, () =>
          scope.map((gid) => {
            const g = groups.find((x) => x.id === gid)!;
            const roll = next(6);
            return roll === 0 ? '*' : roll === 1 ? null : g.choices[next(g.choices.length)]!.id;
          }),
        );
        rules.push({ id: `r${r}`, type: 'table', groups: scope, allowed: rows });
      }
    }
    return { id: 'p', name: 'P', currency: 'EUR', basePrice: 0, baseLeadDays: 0, groups, rules } as CatalogDocument;
  });

/** Random well-formed picks (at most max per group, no duplicates) and a keepFirst order. */
export function picksArb(doc: CatalogDocument): fc.Arbitrary<{ picks: string[]; keepFirst: string[]; tier: Tier | null }> {
  const refs = doc.groups.flatMap((g) => g.choices.map((c) => `${g.id}.${c.id}`));
  return fc
    .record({ chosen: fc.shuffledSubarray(refs, { maxLength: Math.min(5, refs.length) }), keep: fc.nat(), tier: fc.constantFrom(...TIERS) })
    .map(({ chosen, keep, tier }) => {
      const count = new Map<string, number>();
      const picks = chosen.filter((r) => {
        const gid = r.split('.')[0]!;
        const g = doc.groups.find((x) => x.id === gid)!;
        const n = count.get(gid) ?? 0;
        if (n >= g.max) return false;
        count.set(gid, n + 1);
        return true;
      });
      const keepFirst = [...picks].reverse().slice(0, keep % (picks.length + 1));
      return { picks, keepFirst, tier };
    });
}

const PRICES = [0, 0, 100, 250, 400, 1000, -50] as const;

/**
 * Random small catalogs for guided selling: those of `catalogArb` with prices (some negative),
 * a base price, 0-2 need questions whose answers prefer and require random choices, and
 * resource rules some of which a need's answer switches on (`when`).
 */
export const guidedCatalogArb: fc.Arbitrary<CatalogDocument> = fc
  .record({
    doc: catalogArb,
    base: fc.constantFrom(0, 500, 1000),
    seed: fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
    needCount: fc.integer({ min: 0, max: 2 }),
    whenRules: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ doc, base, seed, needCount, whenRules }) => {
    let k = 0;
    const next = (n: number): number => seed[k++ % seed.length]! % n;
    const groups = doc.groups.map((g) => ({ ...g, choices: g.choices.map((c) => ({ ...c, price: PRICES[next(PRICES.length)]! })) }));
    const anyRef = (): string => {
      const g = groups[next(groups.length)]!;
      return `${g.id}.${g.choices[next(g.choices.length)]!.id}`;
    };
    const needs: Need[] = Array.from({ length: needCount }, (_, n) => ({
      id: `n${n}`,
      question: `Question ${n}?`,
      answers: Array.from({ length: 1 + next(3) }, (_, a) => ({
        id: `a${a}`,
        label: `Answer ${n}.${a}`,
        ...(next(2) === 0 ? { prefer: Array.from({ length: 1 + next(3) }, () => ({ choice: anyRef(), weight: next(9) - 3 })) } : {}),
        ...(next(3) === 0 ? { require: [anyRef(), ...(next(2) ? [anyRef()] : [])] } : {}),
      })),
    }));
    const rules: Rule[] = [...doc.rules];
    for (let r = 0; r < whenRules && needs.length > 0; r++) {
      const need = needs[next(needs.length)]!;
      rules.push({
        id: `w${r}`,
        type: 'resource',
        attribute: next(2) ? 'a' : 'b',
        capacity: next(2) ? 'b' : LIMITS[next(LIMITS.length)]!,
        when: { need: need.id, answers: [need.answers[next(need.answers.length)]!.id] },
      });
    }
    return { ...doc, basePrice: base, groups, rules, ...(needs.length ? { needs } : {}) } as CatalogDocument;
  });

/** A guided request: picks and tier as `picksArb`, stated needs and maybe a budget. */
export function guidedRequestArb(doc: CatalogDocument): fc.Arbitrary<{
  picks: string[];
  keepFirst: string[];
  tier: Tier | null;
  needs: Record<string, string>;
  budget: number | undefined;
}> {
  const needs = doc.needs ?? [];
  return fc
    .record({
      base: picksArb(doc),
      answers: fc.array(fc.option(fc.nat(), { freq: 2 }), { minLength: needs.length, maxLength: needs.length }),
      budget: fc.option(fc.integer({ min: -100, max: 3500 }), { freq: 2 }),
    })
    .map(({ base, answers, budget }) => {
      const stated: Record<string, string> = {};
      needs.forEach((n, i) => {
        const a = answers[i];
        if (a !== null && a !== undefined) stated[n.id] = n.answers[a % n.answers.length]!.id;
      });
      return { ...base, needs: stated, budget: budget ?? undefined };
    });
}
