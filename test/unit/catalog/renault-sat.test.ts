/**
 * Independent check of the engine on the real Renault models: for sold cars with a few of
 * their choices revealed, the engine's answer must hold, in every group, exactly the values a
 * SAT solver (logic-solver) proves satisfiable under the same picks. The medium model always
 * runs; the big one only with RENAULT_BIG=1, and today it does not get to compare anything:
 * logic-solver's MiniSat (compiled with a fixed Emscripten heap) aborts with "enlargeMemory"
 * while the 226,000 big table rows are encoded, as DESIGN.md reports. It stays opt-in for a
 * leaner encoding or another oracle.
 */
import { describe, expect, it } from 'vitest';
import { compileCatalog, configure, type ConfigureAnswer } from '#engine/index';
import { renaultCatalog, renaultSoldCars, type RenaultModel } from '../../fixtures/renault/models.ts';
import { SatPeer, type PeerAnswer } from '../../bench/sat-peer.ts';
import { SeededRandom } from '../../bench/seeded-random.ts';

interface GroupView {
  /** Selected, forced and available: the values the customer may still end up with. */
  open: string[];
  forced: string[];
  selected: string[];
  emptyAllowed: boolean;
}

function engineView(answer: ConfigureAnswer): Map<string, GroupView> {
  return new Map(
    answer.groups.map((g) => [
      g.id,
      {
        open: g.choices
          .filter((c) => c.state !== 'excluded')
          .map((c) => c.id)
          .sort(),
        forced: g.choices
          .filter((c) => c.state === 'forced')
          .map((c) => c.id)
          .sort(),
        selected: g.choices
          .filter((c) => c.state === 'selected')
          .map((c) => c.id)
          .sort(),
        emptyAllowed: g.emptyAllowed,
      },
    ]),
  );
}

/** What the engine must say, derived from the SAT answers alone. */
function expectedView(peer: PeerAnswer, picks: string[]): Map<string, GroupView> {
  const view = new Map<string, GroupView>();
  for (const [group, answer] of peer.groups) {
    const open = [...answer.possible].sort();
    const selected = picks.filter((p) => p.startsWith(`${group}.`)).map((p) => p.slice(group.length + 1));
    // Forced: no pick in the group, one value left and emptiness impossible.
    const forced = selected.length === 0 && open.length === 1 && !answer.emptyAllowed ? open : [];
    view.set(group, { open, forced, selected, emptyAllowed: answer.emptyAllowed });
  }
  return view;
}

function checkModel(model: RenaultModel, carCount: number, seed: number): void {
  // Prepare
  const doc = renaultCatalog(model);
  const compiled = compileCatalog(doc);
  const peer = new SatPeer(doc, null);
  const cars = renaultSoldCars(model);
  const random = new SeededRandom(seed);
  const sample = Array.from({ length: carCount }, () => cars[random.below(cars.length)]!);

  for (const car of sample) {
    const known = random.shuffled(car.values.filter((v) => v.choice !== null));
    const revealCount = 3 + random.below(3);
    const picks: string[] = [];
    for (const value of known.slice(0, revealCount)) {
      picks.push(`${value.group}.${value.choice}`);

      // Act
      const answer = configure(compiled, picks, { tier: null, today: '2025-03-03' });
      const oracle = peer.answer(picks);

      // Assess
      const context = `${model} car row ${car.row}, picks ${picks.join(' ')}`;
      expect(oracle.valid, context).toBe(true);
      expect(answer.valid, context).toBe(true);
      expect(answer.conflicts, context).toEqual([]);
      const actual = engineView(answer);
      const expected = expectedView(oracle, picks);
      expect([...actual.keys()].sort(), context).toEqual([...expected.keys()].sort());
      for (const [group, wanted] of expected) expect(actual.get(group), `${context}, group ${group}`).toEqual(wanted);
    }
  }
}

describe('engine against a SAT solver on the Renault models', () => {
  it('agrees on every group of the medium model for a handful of sold cars', () => {
    checkModel('medium', 5, 20_240_601);
  });

  it.runIf(process.env.RENAULT_BIG === '1')(
    'agrees on every group of the big model for a few sold cars',
    () => {
      checkModel('big', 2, 20_240_602);
    },
    600_000,
  );
});
