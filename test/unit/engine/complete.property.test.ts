/**
 * `complete` against a brute-force enumeration on random small catalogs (prices, resource
 * rules, needs, budgets): for every goal the answer is a valid configuration holding the picks,
 * within the needs and the budget, its objective equals the enumerated optimum, and among the
 * optimal configurations it is the first in the documented tie-break (the completion order,
 * nothing before something, fewer choices before more, earlier-listed first). When none exists
 * the error carries the cheapest total possible without the budget.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogDocument } from '#core/catalog-document';
import {
  compileCatalog,
  complete,
  completionOrder,
  NoConfigurationError,
  type CompleteAnswer,
  type CompletionGoal,
  type Popularity,
} from '#engine/index';
import { guidedCatalogArb, guidedRequestArb } from './arbitraries.ts';
import { allConfigurations, cheapestOf, extending, listTotal, type Config, type Needs } from './brute-force.ts';

/** Runs per property: modest in `npm test`; `GUIDED_RUNS=5000` for a long search. */
const RUNS = Number(process.env.GUIDED_RUNS ?? 150);

/** Random integer popularity weights for some choices and some optional groups left empty. */
function popularityArb(doc: CatalogDocument): fc.Arbitrary<Popularity> {
  const refs = doc.groups.flatMap((g) => g.choices.map((c) => `${g.id}.${c.id}`));
  const optional = doc.groups.filter((g) => g.min === 0).map((g) => g.id);
  return fc.record({
    choices: fc.dictionary(fc.constantFrom(...refs), fc.integer({ min: -5, max: 9 }), { maxKeys: 6 }),
    emptyGroups: optional.length
      ? fc.dictionary(fc.constantFrom(...optional), fc.integer({ min: -5, max: 9 }), { maxKeys: 3 })
      : fc.constant({}),
  });
}

/** The objective weight of a configuration for a goal. */
function weightOf(doc: CatalogDocument, goal: CompletionGoal, config: Config, needs: Needs, popularity: Popularity): number {
  if (goal === 'cheapest') return 0;
  if (goal === 'needs') {
    let w = 0;
    for (const [question, answerId] of Object.entries(needs)) {
      const answer = doc.needs?.find((n) => n.id === question)?.answers.find((a) => a.id === answerId);
      for (const p of answer?.prefer ?? []) if (config.has(p.choice)) w += p.weight;
    }
    return w;
  }
  let w = 0;
  for (const ref of config) w += popularity.choices?.[ref] ?? 0;
  for (const [gid, weight] of Object.entries(popularity.emptyGroups ?? {})) {
    if (![...config].some((r) => r.startsWith(`${gid}.`))) w += weight;
  }
  return w;
}

/** A group's selection as a tie-break key: its size, then the positions of its choices. */
function selectionKey(doc: CatalogDocument, gid: string, config: Config): number[] {
  const g = doc.groups.find((x) => x.id === gid)!;
  const positions = g.choices.map((c, i) => (config.has(`${gid}.${c.id}`) ? i : -1)).filter((i) => i >= 0);
  return [positions.length, ...positions];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Whether configuration a comes before b in the documented tie-break. */
function comesFirst(doc: CatalogDocument, order: readonly string[], a: Config, b: Config): number {
  for (const gid of order) {
    const d = compareKeys(selectionKey(doc, gid, a), selectionKey(doc, gid, b));
    if (d !== 0) return d;
  }
  return 0;
}

describe('complete agrees with a brute-force enumeration', () => {
  it('finds the optimum of every goal, breaks ties by the completion order, or says what the cheapest would cost', () => {
    let found = 0;
    let none = 0;
    fc.assert(
      fc.property(
        guidedCatalogArb.chain((doc) =>
          fc.tuple(
            fc.constant(doc),
            fc.array(
              fc.record({
                request: guidedRequestArb(doc),
                goal: fc.constantFrom<CompletionGoal>('cheapest', 'needs', 'popular', 'popular'),
                popularity: popularityArb(doc),
                // Often a budget exactly at some configuration's total, where preference and price trade off.
                tight: fc.option(fc.nat(), { freq: 4 }),
              }),
              { minLength: 1, maxLength: 3 },
            ),
          ),
        ),
        ([doc, cases]) => {
          // Prepare
          const compiled = compileCatalog(doc);
          const order = completionOrder(compiled);
          expect([...order].sort()).toEqual(doc.groups.map((g) => g.id).sort());
          for (const { request, goal, popularity, tight } of cases) {
            const { picks, tier, needs } = request;
            const withPicks = extending(allConfigurations(doc, tier, needs), picks);
            const budget = tight !== null && withPicks.length > 0 ? listTotal(doc, withPicks[tight % withPicks.length]!) : request.budget;
            const fitting = withPicks.filter((c) => budget === undefined || listTotal(doc, c) <= budget);

            // Act
            let answer: CompleteAnswer | NoConfigurationError;
            try {
              answer = complete(
                compiled,
                { picks, goal, needs, popularity, ...(budget === undefined ? {} : { budget }) },
                { tier, today: '2024-01-01' },
              );
            } catch (error) {
              if (!(error instanceof NoConfigurationError)) throw error;
              answer = error;
            }

            // Assess
            if (fitting.length === 0) {
              expect(answer).toBeInstanceOf(NoConfigurationError);
              const cheapest = cheapestOf(doc, withPicks);
              expect((answer as NoConfigurationError).cheapestTotal).toBe(cheapest === Infinity ? null : cheapest);
              none++;
              continue;
            }
            expect(answer).not.toBeInstanceOf(NoConfigurationError);
            const result = answer as CompleteAnswer;
            found++;
            const chosen = fitting.find((c) => c.size === result.picks.length && result.picks.every((p) => c.has(p)));
            expect(chosen, `not a valid configuration within the budget: ${result.picks.join(' ')}`).toBeDefined();
            for (const p of picks) expect(result.picks).toContain(p);
            expect(result.price.total).toBe(listTotal(doc, chosen!));
            expect(result.because.map((b) => b.choice)).toEqual(result.picks);
            for (const p of picks) expect(result.because.find((b) => b.choice === p)!.reason).toBe('you chose it');
            // Optimal: the highest weight, then the lowest total ...
            const score = (c: Config) => weightOf(doc, goal, c, needs, popularity);
            const bestWeight = Math.max(...fitting.map(score));
            expect(score(chosen!)).toBe(bestWeight);
            const top = fitting.filter((c) => score(c) === bestWeight);
            const bestPrice = cheapestOf(doc, top);
            expect(result.price.total).toBe(bestPrice);
            // ... and the first of the optimal ones in the tie-break.
            const optimal = top.filter((c) => listTotal(doc, c) === bestPrice);
            for (const other of optimal) expect(comesFirst(doc, order, chosen!, other)).toBeLessThanOrEqual(0);
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(found).toBeGreaterThan(0);
    expect(none).toBeGreaterThan(0);
  });
});
