/**
 * The kept sets of `keptPicks` (pick sets as 52-bit digits) against the previous
 * implementation (32-bit words, previous-kept-picks.ts) on the Renault models: the same alive
 * values and the same set, pick by pick, for every value of every group, on seeded random
 * prefixes of sold cars (so 1 to 3 digits of picks).
 */
import { describe, expect, it } from 'vitest';
import { compileCatalog } from '#engine/index';
import { tierMasks, valuesContaining } from '#engine/evidence';
import { parsePicks } from '#engine/picks';
import { bestKept, isKept, keptAlive, keptPicks, type PickMask } from '#engine/retraction';
import { renaultCatalog, renaultSoldCars, type RenaultModel } from '../../fixtures/renault/models.ts';
import { SeededRandom } from '../../bench/seeded-random.ts';
import { isKeptWords, keptPicksWords } from './previous-kept-picks.ts';

/** Values whose kept set differs between the two implementations, as "group value", and how many were compared. */
function compareOn(model: RenaultModel, cases: number, seed: number): { differ: string[]; compared: number } {
  const compiled = compileCatalog(renaultCatalog(model));
  const sold = renaultSoldCars(model);
  const random = new SeededRandom(seed);
  const tier = tierMasks(compiled, null);
  let compared = 0;
  const differ: string[] = [];
  for (let n = 0; n < cases; n++) {
    // Prepare: a random sold car, a random prefix of its values in a random order.
    const car = sold[random.below(sold.length)]!;
    const values = random.shuffled(car.values.filter((v) => v.choice !== null));
    const refs = values.slice(0, 1 + random.below(values.length)).map((v) => `${v.group}.${v.choice}`);
    const picks = parsePicks(compiled, refs);
    compiled.components.forEach((comp, ci) => {
      const masks: PickMask[] = picks
        .filter((p) => compiled.componentOf[p.group] === ci)
        .map((p) => ({ group: p.group, ok: valuesContaining(compiled, p.group, [p.choice]) }));

      // Act
      const previous = keptPicksWords(comp, masks, tier);
      const kept = keptPicks(comp, masks, tier);

      // Assess
      const set = new Float64Array(kept.digits);
      for (const g of comp.groups) {
        const words = previous.sets.get(g)!;
        previous.alive.get(g)!.forEach((alive, v) => {
          compared++;
          if (keptAlive(kept, g, v) !== (alive === 1)) differ.push(`${g} ${v}`);
          if (!alive) return;
          bestKept(kept, g, [v], [], set);
          for (let i = 0; i < masks.length; i++) {
            if (isKept(set, i) !== isKeptWords(words, v * previous.words, i)) {
              differ.push(`${g} ${v}`);
              break;
            }
          }
        });
      }
    });
  }
  return { differ, compared };
}

// Compiling the models takes seconds, more on a busy machine: generous timeouts.
describe('keptPicks against its previous implementation on the Renault models', () => {
  it('gives the same kept set for every value on medium', { timeout: 240_000 }, () => {
    const { differ, compared } = compareOn('medium', 12, 20_261_205);
    expect(compared).toBeGreaterThan(0);
    expect(differ).toEqual([]);
  });

  it('gives the same kept set for every value on big', { timeout: 240_000 }, () => {
    const { differ, compared } = compareOn('big', 4, 20_261_206);
    expect(compared).toBeGreaterThan(0);
    expect(differ).toEqual([]);
  });
});
