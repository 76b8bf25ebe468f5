/**
 * The explanation passes (retraction.ts) against plain propagations on random small catalogs:
 * `compatibleAlone` must equal one propagation per pick, `keptPicks` must equal the greedy
 * "keep the most wanted pick that still fits" run with one consistency check per step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCatalog } from '#engine/index';
import { evidenceFor, tierMasks, valuesContaining } from '#engine/evidence';
import { parsePicks, type Pick } from '#engine/picks';
import { isConsistent, propagate } from '#engine/propagate';
import { compatibleAlone, isKept, keptPicks, type PickMask } from '#engine/retraction';
import { catalogArb, picksArb } from './arbitraries.ts';

describe('explanation passes agree with plain propagation', () => {
  it('compatibleAlone and keptPicks on random catalogs and picks', () => {
    fc.assert(
      fc.property(
        catalogArb.chain((doc) => fc.tuple(fc.constant(doc), fc.array(picksArb(doc), { minLength: 1, maxLength: 3 }))),
        ([doc, cases]) => {
          const compiled = compileCatalog(doc);
          for (const { picks: refs, tier } of cases) {
            const picks = parsePicks(compiled, refs);
            const tierMask = tierMasks(compiled, tier);
            compiled.components.forEach((comp, ci) => {
              // Prepare: the component's picks in their (priority) order.
              const mine = picks.filter((p) => compiled.componentOf[p.group] === ci);
              const masks: PickMask[] = mine.map((p) => ({ group: p.group, ok: valuesContaining(compiled, p.group, [p.choice]) }));

              // Act
              const alone = compatibleAlone(comp, masks, tierMask);
              const kept = keptPicks(comp, masks, tierMask);

              // Assess: alone bit i of a value = the value survives pick i alone.
              mine.forEach((p, i) => {
                const { full } = propagate(comp, evidenceFor(compiled, [p], tier));
                for (const g of comp.groups) {
                  const bits = alone.bits.get(g)!;
                  full.get(g)!.forEach((possible, v) => {
                    expect(((bits[v * alone.words + (i >>> 5)]! >>> (i & 31)) & 1) === 1).toBe(possible === 1);
                  });
                }
              });
              // Assess: kept set of a value = greedy in order, one consistency check per pick.
              for (const g of comp.groups) {
                const size = comp.domainSize.get(g)!;
                for (let v = 0; v < size; v++) {
                  const only = new Uint8Array(size);
                  only[v] = 1;
                  const check = (ps: readonly Pick[]): boolean => {
                    const ev = evidenceFor(compiled, ps, tier);
                    const pick = [...ev.pick];
                    pick[g] = pick[g] ? Uint8Array.from(pick[g]!, (x, k) => x & only[k]!) : only;
                    return isConsistent(comp, { pick, tier: ev.tier });
                  };
                  expect(kept.alive.get(g)![v] === 1).toBe(check([]));
                  if (!check([])) continue;
                  const greedy: Pick[] = [];
                  for (const p of mine) if (check([...greedy, p])) greedy.push(p);
                  const set = kept.sets.get(g)!;
                  mine.forEach((p, i) => expect(isKept(set, v * kept.words, i)).toBe(greedy.includes(p)));
                }
              }
            });
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
