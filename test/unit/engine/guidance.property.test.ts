/**
 * The engine against a brute-force oracle on thousands of random small catalogs: states,
 * emptyAllowed, valid and complete must equal what enumerating every configuration says;
 * reasons must be sufficient and minimal, giveUp must free the choice and be minimal, repairs
 * must be valid, keep what they can and honour keepFirst.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogDocument } from '#core/catalog-document';
import { compileCatalog, configure, type ConfigureAnswer } from '#engine/index';
import { catalogArb, picksArb } from './arbitraries.ts';
import { allConfigurations, extending, type Config } from './brute-force.ts';

const groupOf = (ref: string): string => ref.split('.')[0]!;

/** What the oracle expects for the given (consistent or not) picks. */
function expected(doc: CatalogDocument, configs: Config[], picks: string[]) {
  const valid = extending(configs, picks).length > 0;
  const groups = doc.groups.map((g) => {
    const mine = picks.filter((p) => groupOf(p) === g.id);
    const others = picks.filter((p) => groupOf(p) !== g.id);
    const swap = mine.length >= g.max;
    const emptyAllowed = extending(configs, others).some((c) => ![...c].some((r) => groupOf(r) === g.id));
    const choices = g.choices.map((c) => {
      const ref = `${g.id}.${c.id}`;
      if (mine.includes(ref)) return { id: c.id, state: 'selected' };
      const judged = swap ? others : picks;
      const withIt = extending(configs, [...judged, ref]);
      if (withIt.length === 0) return { id: c.id, state: 'excluded' };
      const all = extending(configs, picks);
      const forced = !swap && all.length > 0 && all.every((cfg) => cfg.has(ref));
      return { id: c.id, state: forced ? 'forced' : 'available' };
    });
    return { id: g.id, emptyAllowed, choices };
  });
  const exact = configs.some((c) => c.size === picks.length && picks.every((p) => c.has(p)));
  return { valid, complete: valid && exact, groups };
}

function judgedPicks(doc: CatalogDocument, picks: string[], ref: string): string[] {
  const g = doc.groups.find((x) => x.id === groupOf(ref))!;
  const mine = picks.filter((p) => groupOf(p) === g.id);
  return mine.length >= g.max ? picks.filter((p) => groupOf(p) !== g.id) : picks;
}

describe('configure agrees with a brute-force enumeration', () => {
  it('states, emptyAllowed, valid, complete, reasons, giveUp and repairs on random catalogs', () => {
    fc.assert(
      fc.property(
        catalogArb.chain((doc) => fc.tuple(fc.constant(doc), fc.array(picksArb(doc), { minLength: 1, maxLength: 4 }))),
        ([doc, cases]) => {
          // Prepare
          const compiled = compileCatalog(doc);
          for (const { picks, keepFirst, tier } of cases) {
            const configs = allConfigurations(doc, tier);

            // Act
            const answer: ConfigureAnswer = configure(compiled, picks, { tier, today: '2024-01-01', keepFirst });

            // Assess: validity, then the states of the picks the answer stands for.
            const original = expected(doc, configs, picks);
            expect(answer.valid).toBe(original.valid);
            let current = picks;
            if (!answer.valid) {
              expect(answer.repair).not.toBeNull();
              expect(answer.conflicts.length).toBeGreaterThan(0);
              current = answer.repair!.picks;
              checkRepair(doc, configs, picks, keepFirst, answer);
            } else {
              expect(answer.repair).toBeNull();
              expect(answer.conflicts).toEqual([]);
            }
            const want = expected(doc, configs, current);
            expect(answer.complete).toBe(answer.valid && want.complete);
            expect(
              answer.groups.map((g) => ({
                id: g.id,
                emptyAllowed: g.emptyAllowed,
                choices: g.choices.map((c) => ({ id: c.id, state: c.state })),
              })),
            ).toEqual(want.groups);
            checkExplanations(doc, configs, current, answer);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});

function checkRepair(doc: CatalogDocument, configs: Config[], picks: string[], keepFirst: string[], answer: ConfigureAnswer): void {
  const repair = answer.repair!;
  const anyConfig = configs.length > 0;
  if (!anyConfig) {
    expect(repair.picks).toEqual([]);
    return;
  }
  // The repaired picks extend to a valid configuration.
  expect(extending(configs, repair.picks).length).toBeGreaterThan(0);
  const replacedFrom = new Map(repair.changes.filter((c) => c.kind === 'replaced').map((c) => [c.to!, c.pick] as const));
  const rank = (ref: string): [number, number] => {
    const orig = replacedFrom.get(ref) ?? ref;
    const k = keepFirst.indexOf(orig);
    return [k < 0 ? Infinity : k, picks.indexOf(orig)];
  };
  const before = (a: string, b: string): boolean => {
    const [ka, ia] = rank(a);
    const [kb, ib] = rank(b);
    return ka < kb || (ka === kb && ia < ib);
  };
  for (const change of repair.changes) {
    expect(change.reason.length).toBeGreaterThan(0);
    if (change.kind !== 'dropped') continue;
    const retired = doc.groups
      .find((g) => g.id === groupOf(change.pick))!
      .choices.find((c) => `${groupOf(change.pick)}.${c.id}` === change.pick)!.retired;
    if (retired) continue;
    // Dropped: it conflicts with the kept picks wanted more (greedy in priority order).
    const wantedMore = repair.picks.filter((k) => before(k, change.pick));
    expect(extending(configs, [...wantedMore, change.pick])).toEqual([]);
  }
}

function checkExplanations(doc: CatalogDocument, configs: Config[], picks: string[], answer: ConfigureAnswer): void {
  for (const g of answer.groups) {
    for (const c of g.choices) {
      if (c.state !== 'excluded') {
        expect(c.reasons).toBeUndefined();
        continue;
      }
      const ref = `${g.id}.${c.id}`;
      expect(c.reasons?.length).toBeGreaterThan(0);
      const because = [...new Set(c.reasons!.flatMap((r) => r.picks))];
      const judged = judgedPicks(doc, picks, ref);
      for (const p of because) expect(judged).toContain(p);
      // Sufficient: the reason's picks alone exclude the choice.
      expect(extending(configs, [...because, ref])).toEqual([]);
      // Minimal: without any one of them it is possible again.
      for (const p of because) expect(extending(configs, [...because.filter((x) => x !== p), ref]).length).toBeGreaterThan(0);
      if (because.length === 0) {
        expect(c.giveUp).toBeUndefined();
        continue;
      }
      const giveUp = c.giveUp!;
      for (const p of giveUp) expect(judged).toContain(p);
      const rest = judged.filter((p) => !giveUp.includes(p));
      // Giving them up makes the choice available ...
      expect(extending(configs, [...rest, ref]).length).toBeGreaterThan(0);
      // ... and none of them could stay.
      for (const p of giveUp) expect(extending(configs, [...rest, p, ref])).toEqual([]);
    }
  }
}
