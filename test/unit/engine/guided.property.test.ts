/**
 * Guided selling against a brute-force oracle on random small catalogs with prices, resource
 * rules (attribute and constant capacities, decimals, negatives, `when`), need questions and
 * budgets: states, emptyAllowed, valid and complete, `fromPrice` of every choice, the reasons
 * (sufficient, minimal, naming the budget, the need or the resource rule when those are the
 * cause) and giveUp, and repairs that respect the budget and the needs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogDocument, ResourceRule } from '#core/catalog-document';
import { compileCatalog, configure, type ConfigureAnswer } from '#engine/index';
import { formatMoney } from '#engine/price';
import { guidedCatalogArb, guidedRequestArb } from './arbitraries.ts';
import { allConfigurations, cheapestOf, extending, resourceAloneAllows, type Config, type Needs } from './brute-force.ts';

const groupOf = (ref: string): string => ref.split('.')[0]!;

/** Runs per property: modest in `npm test`; `GUIDED_RUNS=5000 npx vitest run test/unit/engine/guided` for a long search. */
const RUNS = Number(process.env.GUIDED_RUNS ?? 150);

/** The oracle's view of one request: every configuration with and without the needs. */
interface World {
  doc: CatalogDocument;
  /** Valid configurations under the stated needs (ignoring the budget). */
  configs: Config[];
  /** The same without the needs. */
  bare: Config[];
  budget: number | null;
  needs: Needs;
}

/** The cheapest total of configurations holding all refs (Infinity when none). */
const cheapest = (w: World, refs: readonly string[], configs = w.configs): number => cheapestOf(w.doc, extending(configs, refs));
const fits = (w: World, total: number): boolean => total < Infinity && (w.budget === null || total <= w.budget);

function judgedPicks(doc: CatalogDocument, picks: readonly string[], ref: string): string[] {
  const g = doc.groups.find((x) => x.id === groupOf(ref))!;
  const mine = picks.filter((p) => groupOf(p) === g.id);
  return mine.length >= g.max ? picks.filter((p) => groupOf(p) !== g.id) : [...picks];
}

/** States, fromPrice and emptyAllowed the oracle expects for (valid) current picks. */
function expectedGroups(w: World, picks: readonly string[]) {
  const within = w.configs.filter((c) => fits(w, cheapestOf(w.doc, [c])));
  return w.doc.groups.map((g) => {
    const mine = picks.filter((p) => groupOf(p) === g.id);
    const others = picks.filter((p) => groupOf(p) !== g.id);
    const swap = mine.length >= g.max;
    const emptyAllowed = extending(within, others).some((c) => ![...c].some((r) => groupOf(r) === g.id));
    const choices = g.choices.map((c) => {
      const ref = `${g.id}.${c.id}`;
      if (mine.includes(ref)) {
        const total = cheapest(w, picks);
        return { id: c.id, state: 'selected', fromPrice: fits(w, total) ? total : null };
      }
      const judged = swap ? others : [...picks];
      const total = cheapest(w, [...judged, ref]);
      if (!fits(w, total)) return { id: c.id, state: 'excluded', fromPrice: null };
      const all = extending(within, picks);
      const forced = !swap && all.length > 0 && all.every((cfg) => cfg.has(ref));
      return { id: c.id, state: forced ? 'forced' : 'available', fromPrice: total };
    });
    return { id: g.id, emptyAllowed, choices };
  });
}

describe('configure with prices, resource rules, needs and budgets agrees with a brute-force enumeration', () => {
  it('states, fromPrice, reasons, giveUp and repairs on random catalogs', () => {
    let budgetReasons = 0;
    let needReasons = 0;
    let resourceReasons = 0;
    fc.assert(
      fc.property(
        guidedCatalogArb.chain((doc) => fc.tuple(fc.constant(doc), fc.array(guidedRequestArb(doc), { minLength: 1, maxLength: 3 }))),
        ([doc, cases]) => {
          // Prepare
          const compiled = compileCatalog(doc);
          for (const { picks, keepFirst, tier, needs, budget } of cases) {
            const w: World = {
              doc,
              configs: allConfigurations(doc, tier, needs),
              bare: allConfigurations(doc, tier),
              budget: budget ?? null,
              needs,
            };

            // Act
            const answer: ConfigureAnswer = configure(compiled, picks, {
              tier,
              today: '2024-01-01',
              keepFirst,
              needs,
              ...(budget === undefined ? {} : { budget }),
            });

            // Assess: validity, the repair, then the states of the picks the answer stands for.
            expect(answer.valid).toBe(fits(w, cheapest(w, picks)));
            let current = picks;
            if (!answer.valid) {
              expect(answer.conflicts.length).toBeGreaterThan(0);
              current = answer.repair!.picks;
              checkRepair(w, picks, keepFirst, answer);
            }
            const exact = w.configs.some(
              (c) => c.size === current.length && current.every((p) => c.has(p)) && fits(w, cheapestOf(doc, [c])),
            );
            expect(answer.complete).toBe(answer.valid && exact);
            expect(
              answer.groups.map((g) => ({
                id: g.id,
                emptyAllowed: g.emptyAllowed,
                choices: g.choices.map((c) => ({ id: c.id, state: c.state, fromPrice: c.fromPrice })),
              })),
            ).toEqual(expectedGroups(w, current));
            const counts = checkReasons(w, current, answer);
            budgetReasons += counts.budget;
            needReasons += counts.need;
            resourceReasons += counts.resource;
          }
        },
      ),
      { numRuns: RUNS },
    );
    // The random catalogs really exercise each kind of reason.
    expect(budgetReasons).toBeGreaterThan(0);
    expect(needReasons).toBeGreaterThan(0);
    expect(resourceReasons).toBeGreaterThan(0);
  });
});

function checkRepair(w: World, picks: string[], keepFirst: string[], answer: ConfigureAnswer): void {
  const repair = answer.repair!;
  const possible = w.configs.some((c) => fits(w, cheapestOf(w.doc, [c])));
  if (!possible) {
    expect(repair.picks).toEqual([]);
    return;
  }
  // The repaired picks fit the rules, the needs and the budget ...
  expect(fits(w, cheapest(w, repair.picks))).toBe(true);
  // ... and each dropped live pick cannot join the kept picks that were wanted more.
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
    if (change.kind !== 'dropped') continue;
    const [gid, cid] = change.pick.split('.');
    if (w.doc.groups.find((g) => g.id === gid)!.choices.find((c) => c.id === cid)!.retired) continue;
    const wantedMore = repair.picks.filter((k) => before(k, change.pick));
    expect(fits(w, cheapest(w, [...wantedMore, change.pick]))).toBe(false);
  }
}

/** The resource rules in force for the stated needs. */
function activeResources(w: World): ResourceRule[] {
  return w.doc.rules.filter(
    (r): r is ResourceRule => r.type === 'resource' && (!r.when || r.when.answers.includes(w.needs[r.when.need] ?? '')),
  );
}

function checkReasons(w: World, picks: string[], answer: ConfigureAnswer): { budget: number; need: number; resource: number } {
  const counts = { budget: 0, need: 0, resource: 0 };
  const money = (n: number) => formatMoney(n, w.doc.currency);
  for (const g of answer.groups) {
    for (const c of g.choices) {
      if (c.state !== 'excluded') {
        expect(c.reasons).toBeUndefined();
        continue;
      }
      const ref = `${g.id}.${c.id}`;
      expect(c.reasons?.length).toBeGreaterThan(0);
      const judged = judgedPicks(w.doc, picks, ref);
      const because = [...new Set(c.reasons!.flatMap((r) => r.picks))];
      for (const p of because) expect(judged).toContain(p);
      const ruledOut = cheapest(w, [...judged, ref]) === Infinity;
      if (!ruledOut) {
        // The budget alone (with the reason's picks) is the cause: named with its figures.
        expect(c.reasons!.map((r) => r.rule)).toEqual(['budget']);
        counts.budget++;
        const total = cheapest(w, [...because, ref]);
        expect(total).toBeGreaterThan(w.budget!);
        expect(c.reasons![0]!.message).toContain(money(total));
        expect(c.reasons![0]!.message).toContain(money(w.budget!));
        for (const p of because) expect(fits(w, cheapest(w, [...because.filter((x) => x !== p), ref]))).toBe(true);
        if (because.length === 0) {
          expect(c.giveUp).toBeUndefined();
          continue;
        }
        const rest = judged.filter((p) => !c.giveUp!.includes(p));
        expect(fits(w, cheapest(w, [...rest, ref]))).toBe(true);
        for (const p of c.giveUp!) expect(fits(w, cheapest(w, [...rest, p, ref]))).toBe(false);
        continue;
      }
      if (c.reasons!.some((r) => r.rule === 'tier' || r.rule === 'retired')) continue;
      // Sufficient and minimal among the picks, with the needs in force.
      expect(extending(w.configs, [...because, ref])).toEqual([]);
      for (const p of because) expect(extending(w.configs, [...because.filter((x) => x !== p), ref]).length).toBeGreaterThan(0);
      // The needs are named when they take part.
      if (extending(w.bare, [...because, ref]).length > 0) {
        expect(c.reasons!.some((r) => r.rule.startsWith('need:'))).toBe(true);
        counts.need++;
      } else {
        // A resource rule that excludes it on its own (and not the reason's picks already) is
        // named, with its figures.
        for (const rule of activeResources(w)) {
          if (resourceAloneAllows(w.doc, rule, [...because, ref], w.needs) || !resourceAloneAllows(w.doc, rule, because, w.needs)) continue;
          const named = c.reasons!.find((r) => r.rule === rule.id);
          expect(named?.message).toContain('needs ');
          counts.resource++;
        }
      }
      if (because.length === 0) {
        expect(c.giveUp).toBeUndefined();
        continue;
      }
      const giveUp = c.giveUp!;
      for (const p of giveUp) expect(judged).toContain(p);
      const rest = judged.filter((p) => !giveUp.includes(p));
      expect(extending(w.configs, [...rest, ref]).length).toBeGreaterThan(0);
      for (const p of giveUp) expect(extending(w.configs, [...rest, p, ref])).toEqual([]);
    }
  }
  return counts;
}
