/**
 * The explanation passes (retraction.ts) against plain propagations on random small catalogs:
 * `compatibleAlone` must equal one propagation per pick, `keptPicks` must equal the greedy
 * "keep the most wanted pick that still fits" run with one consistency check per step,
 * `preferredConflicts` must equal QuickXplain. Small catalogs (one word of bits) and long
 * chains with more than 52 picks (several digits of pick bits).
 */
import fc from 'fast-check';
import type { CatalogDocument, Group, Rule } from '#core/catalog-document';
import { describe, expect, it } from 'vitest';
import { compileCatalog } from '#engine/index';
import { evidenceFor, tierMasks, valuesContaining } from '#engine/evidence';
import { parsePicks, type Pick } from '#engine/picks';
import { isConsistent, propagate } from '#engine/propagate';
import { bestKept, compatibleAlone, isKept, keptAlive, keptPicks, preferredConflicts, type PickMask } from '#engine/retraction';
import { quickXplain } from '#engine/explain';
import type { CompiledCatalog } from '#engine/index';
import type { Tier } from '#core/catalog-document';
import { catalogArb, picksArb } from './arbitraries.ts';

/**
 * Long chains: `min`-`max` single-choice groups, rules between near neighbours, a pick in most
 * groups; with `tiers`, the third choice of a group (when it has one) is for tier B only.
 */
const chainArb = (min: number, max: number, tiers = false) =>
  fc.record({ n: fc.integer({ min, max }), seed: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }) }).map(({ n, seed }) => {
    let k = 0;
    const next = (m: number): number => seed[k++ % seed.length]! % m;
    const groups: Group[] = Array.from({ length: n }, (_, gi) => ({
      id: `g${gi}`,
      kind: 'product',
      min: 1,
      max: 1,
      choices: Array.from({ length: 2 + next(2) }, (_, ci) => ({
        id: `c${ci}`,
        price: 0,
        leadDays: 0,
        ...(tiers && ci === 2 ? { tiers: ['B' as Tier] } : {}),
      })),
    }));
    const ref = (gi: number): string => `g${gi}.${groups[gi]!.choices[next(groups[gi]!.choices.length)]!.id}`;
    const rules: Rule[] = [];
    for (let gi = 0; gi + 1 < n; gi++) {
      const other = Math.min(n - 1, gi + 1 + next(3));
      if (next(2)) rules.push({ id: `r${gi}`, type: 'requires', if: [ref(gi)], then: [ref(other), ref(other)] });
      else rules.push({ id: `r${gi}`, type: 'excludes', choices: [ref(gi), ref(other)] });
    }
    const doc = { id: 'p', name: 'P', currency: 'EUR', basePrice: 0, baseLeadDays: 0, groups, rules } as CatalogDocument;
    const picks = groups.filter(() => next(8) !== 0).map((_, i) => ref(i));
    return { doc, picks: [...new Set(picks)].slice(0, n) };
  });

/** Every pass on every component of a compiled catalog, against plain propagation. */
function checkPasses(compiled: CompiledCatalog, refs: string[], tier: Tier | null): void {
  const picks = parsePicks(compiled, refs);
  const tierMask = tierMasks(compiled, tier);
  compiled.components.forEach((comp, ci) => {
    // Prepare: the component's picks in their (priority) order.
    const mine = picks.filter((p) => compiled.componentOf[p.group] === ci);
    const masks: PickMask[] = mine.map((p) => ({ group: p.group, ok: valuesContaining(compiled, p.group, [p.choice]) }));
    const subjects: { group: number; values: number[]; swap: boolean }[] = [];
    for (const g of comp.groups) for (let v = 0; v < comp.domainSize.get(g)!; v++) subjects.push({ group: g, values: [v], swap: false });

    // Act
    const alone = compatibleAlone(comp, masks, tierMask);
    const kept = keptPicks(comp, masks, tierMask);
    const conflicts = preferredConflicts(comp, [...masks].reverse(), tierMask, subjects);

    // Assess: alone bit i of a value = the value survives pick i alone.
    mine.forEach((p, i) => {
      const { full } = propagate(comp, evidenceFor(compiled, [p], tierMask));
      for (const g of comp.groups) {
        const bits = alone.bits.get(g)!;
        full.get(g)!.forEach((possible, v) => {
          expect(((bits[v * alone.words + (i >>> 5)]! >>> (i & 31)) & 1) === 1).toBe(possible === 1);
        });
      }
    });
    // Assess: kept set of a value = greedy in order; conflict = QuickXplain, least wanted first.
    subjects.forEach(({ group: g, values: [v] }, si) => {
      const size = comp.domainSize.get(g)!;
      const only = new Uint8Array(size);
      only[v!] = 1;
      const check = (ps: readonly Pick[]): boolean => {
        const ev = evidenceFor(compiled, ps, tierMask);
        const pick = [...ev.pick];
        pick[g] = pick[g] ? Uint8Array.from(pick[g]!, (x, k) => x & only[k]!) : only;
        return isConsistent(comp, { pick, tier: ev.tier });
      };
      expect(keptAlive(kept, g, v!)).toBe(check([]));
      if (!check([])) return;
      const greedy: Pick[] = [];
      for (const p of mine) if (check([...greedy, p])) greedy.push(p);
      const set = new Float64Array(kept.digits);
      bestKept(kept, g, [v!], [], set);
      for (const [i, p] of mine.entries()) expect(isKept(set, i)).toBe(greedy.includes(p));
      const order = [...mine].reverse();
      const want = check(mine) ? null : quickXplain((ps) => !check(ps), [], order);
      expect(conflicts[si]?.map((k) => order[k]!.ref) ?? null).toEqual(want?.map((p) => p.ref) ?? null);
    });
  });
}

describe('explanation passes agree with plain propagation', () => {
  it('on random small catalogs and picks', () => {
    fc.assert(
      fc.property(
        catalogArb.chain((doc) => fc.tuple(fc.constant(doc), fc.array(picksArb(doc), { minLength: 1, maxLength: 3 }))),
        ([doc, cases]) => {
          const compiled = compileCatalog(doc);
          for (const { picks, tier } of cases) checkPasses(compiled, picks, tier);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on long chains with 30 to 39 picks', () => {
    fc.assert(
      fc.property(chainArb(34, 44), ({ doc, picks }) => {
        checkPasses(compileCatalog(doc), picks, null);
      }),
      { numRuns: 25 },
    );
  });

  it('on long chains with more than 52 picks (several digits per set) and tier restrictions', () => {
    fc.assert(
      fc.property(chainArb(64, 120, true), ({ doc, picks }) => {
        checkPasses(compileCatalog(doc), picks, 'A');
      }),
      { numRuns: 6 },
    );
  });
});
