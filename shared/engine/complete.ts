/**
 * `complete`: one full valid configuration containing the picks, optimal for a goal, within the
 * stated needs' requirements and the budget (optimize.ts does the exact work on the join trees).
 *
 * Goals and their objective (W maximised, then the total P minimised):
 * - `cheapest`: W = 0, so the lowest total;
 * - `needs`: W = the sum of the stated answers' `prefer` weights over the selected choices;
 * - `popular`: W = the sum of the caller's integer weights per selected choice and per group
 *   left empty (the recommendation domain supplies scaled log-likelihoods).
 * Ties: the completion order (optimize.ts, `completionOrder`).
 */
import { CheapestTotals } from './cheapest.ts';
import type { CompiledCatalog } from './compiled.ts';
import { CallerScope } from './consistency.ts';
import { parseBudget } from './configure.ts';
import type { ValueCosts } from './cost.ts';
import { promisedDates } from './dates.ts';
import { InvalidOptionsError, NoConfigurationError, type OptionFinding } from './errors.ts';
import { evidenceFor } from './evidence.ts';
import { choiceLabel, listLabels } from './explain.ts';
import { answerLabel, parseNeeds, type StatedNeeds } from './needs.ts';
import { optimize } from './optimize.ts';
import { parsePicks, type Pick } from './picks.ts';
import { applicableLists, callerCosts, priceBreakdown } from './price.ts';
import type { CompleteAnswer, CompleteOptions, CompleteRequest, CompletionGoal, CompletionReason, Popularity } from './types.ts';

const GOALS: readonly CompletionGoal[] = ['cheapest', 'needs', 'popular'];

/** The largest popularity weight: sums over thousands of groups stay exact integers. */
export const MAX_POPULARITY_WEIGHT = 1_000_000_000;

/** Per group value: the sum of the stated answers' `prefer` weights of its choices. */
function needWeights(compiled: CompiledCatalog, needs: StatedNeeds): ValueCosts {
  const { model } = compiled;
  const perChoice = new Float64Array(model.choiceCount);
  for (const { need, answer } of needs.answers) {
    for (const p of model.needs[need]!.prefer[answer]!) perChoice[p.choice]! += p.weight;
  }
  return valueWeights(compiled, perChoice, new Map());
}

/** Per group value: the sum of its choices' weights, plus the empty weight for "nothing chosen". */
function valueWeights(compiled: CompiledCatalog, perChoice: Float64Array, empty: ReadonlyMap<number, number>): ValueCosts {
  const weights: (Float64Array | null)[] = new Array(compiled.model.vars.length).fill(null);
  for (const gm of compiled.model.groups) {
    const some = empty.has(gm.index) || gm.values.some((members) => members.some((c) => perChoice[gm.firstChoice + c] !== 0));
    if (!some) continue;
    weights[gm.index] = Float64Array.from(gm.values, (members, v) =>
      v === gm.emptyValue ? (empty.get(gm.index) ?? 0) : members.reduce((sum, c) => sum + perChoice[gm.firstChoice + c]!, 0),
    );
  }
  return weights;
}

/** Reads the popularity weights; every unknown choice or group, or a weight that is not a safe integer, is a finding. */
function popularityWeights(compiled: CompiledCatalog, popularity: Popularity | undefined): { values: ValueCosts; perChoice: Float64Array } {
  const { model } = compiled;
  const findings: OptionFinding[] = [];
  const perChoice = new Float64Array(model.choiceCount);
  const empty = new Map<number, number>();
  const weightOk = (w: unknown, path: (string | number)[]): w is number => {
    if (typeof w === 'number' && Number.isInteger(w) && Math.abs(w) <= MAX_POPULARITY_WEIGHT) return true;
    findings.push({ path, problem: `a weight is a whole number between -${MAX_POPULARITY_WEIGHT} and ${MAX_POPULARITY_WEIGHT}` });
    return false;
  };
  for (const [ref, w] of Object.entries(popularity?.choices ?? {})) {
    const path = ['popularity', 'choices', ref];
    const dot = ref.indexOf('.');
    const g = model.groupIndex.get(ref.slice(0, dot));
    const c = g === undefined || dot < 0 ? undefined : model.groups[g]!.choiceIndex.get(ref.slice(dot + 1));
    if (g === undefined || c === undefined) findings.push({ path, problem: `"${ref}" is not a choice of this catalog` });
    else if (weightOk(w, path)) perChoice[model.groups[g]!.firstChoice + c] = w;
  }
  for (const [id, w] of Object.entries(popularity?.emptyGroups ?? {})) {
    const path = ['popularity', 'emptyGroups', id];
    const g = model.groupIndex.get(id);
    if (g === undefined) findings.push({ path, problem: `"${id}" is not a group of this catalog` });
    else if (model.groups[g]!.emptyValue < 0) findings.push({ path, problem: `group "${id}" is never left empty` });
    else if (weightOk(w, path)) empty.set(g, w);
  }
  if (findings.length > 0) throw new InvalidOptionsError(findings);
  return { values: valueWeights(compiled, perChoice, empty), perChoice };
}

/** Why each selected choice is there, in plain words (see CompletionReason). */
function reasonsFor(
  compiled: CompiledCatalog,
  scope: CallerScope,
  goal: CompletionGoal,
  picks: readonly Pick[],
  selected: readonly Pick[],
  popular: Float64Array | null,
): CompletionReason[] {
  const { model } = compiled;
  const picked = new Set(picks.map((p) => p.ref));
  const marginals = new Map<number, ReturnType<CallerScope['marginals']>>();
  const only = (p: Pick): boolean => {
    const comp = compiled.componentOf[p.group]!;
    let m = marginals.get(comp);
    if (!m) marginals.set(comp, (m = scope.marginals(comp, picks)));
    return m.full.get(p.group)!.reduce((n, x) => n + x, 0) === 1;
  };
  return selected.map((p) => {
    const gm = model.groups[p.group]!;
    const groupName = gm.group.name ?? gm.id;
    if (picked.has(p.ref)) return { choice: p.ref, reason: 'you chose it' };
    const required = scope.needs.answers.filter((a) => model.needs[a.need]!.require[a.answer]?.includes(p.global));
    const preferred =
      goal === 'needs'
        ? scope.needs.answers.filter((a) => model.needs[a.need]!.prefer[a.answer]!.some((x) => x.choice === p.global && x.weight > 0))
        : [];
    const said = [...new Set([...required, ...preferred])].map((a) => `"${answerLabel(compiled, a)}"`);
    if (said.length > 0) return { choice: p.ref, reason: `you said ${listLabels(said)}` };
    if (popular && popular[p.global]! > 0) {
      return { choice: p.ref, reason: 'popular in configurations like yours' };
    }
    if (only(p)) return { choice: p.ref, reason: `the only ${groupName} option that fits your choices` };
    const fallback: Record<CompletionGoal, string> = {
      cheapest: 'part of the cheapest configuration that fits',
      needs: 'part of the cheapest configuration that fits your answers',
      popular: 'part of the cheapest of the most popular configurations',
    };
    return { choice: p.ref, reason: fallback[goal] };
  });
}

/**
 * Extends the picks to one full valid configuration, optimal for the goal, within the stated
 * needs' requirements and the budget. Malformed picks throw InvalidPicksError; a malformed goal,
 * needs, budget or popularity InvalidOptionsError (with every finding); no configuration at all
 * NoConfigurationError, carrying the cheapest total possible without the budget (null when the
 * picks and needs allow none even so).
 */
export function complete(compiled: CompiledCatalog, request: CompleteRequest, options: CompleteOptions): CompleteAnswer {
  const { doc, model } = compiled;
  if (!GOALS.includes(request.goal)) {
    throw new InvalidOptionsError([{ path: ['goal'], problem: `a goal is one of ${GOALS.join(', ')}` }]);
  }
  const picks = parsePicks(compiled, request.picks);
  const needs = parseNeeds(compiled, request.needs);
  const budget = parseBudget(request.budget);
  const popular = request.goal === 'popular' ? popularityWeights(compiled, request.popularity) : null;
  const scope = new CallerScope(compiled, options.tier, needs);
  const lists = applicableLists(doc, options.tier, options.priceLists ?? []);
  const costs = callerCosts(compiled, lists);
  if (!scope.consistentAll(picks)) throw new NoConfigurationError(null, budget);
  const weights = request.goal === 'needs' ? needWeights(compiled, needs) : (popular?.values ?? []);
  const best = optimize(compiled, evidenceFor(compiled, picks, scope.fixed), { weights, prices: costs.values, base: costs.base }, budget);
  if (!best) {
    const cheapest = new CheapestTotals(scope, costs).total(picks);
    throw new NoConfigurationError(cheapest === Infinity ? null : cheapest, budget);
  }
  const selected: Pick[] = [];
  for (const gm of model.groups) {
    for (const c of gm.values[best.values[gm.index]!]!) {
      selected.push({ ref: `${gm.id}.${gm.group.choices[c]!.id}`, group: gm.index, choice: c, global: gm.firstChoice + c });
    }
  }
  const choices = selected.map((p) => model.groups[p.group]!.group.choices[p.choice]!);
  const price = priceBreakdown(
    doc,
    selected.map((p, i) => ({ ref: p.ref, label: choiceLabel(compiled, p.global), listAmount: choices[i]!.price })),
    lists,
  );
  if (price.total !== best.price) throw new Error(`complete: priced ${price.total}, optimised ${best.price} (a defect)`);
  return {
    picks: selected.map((p) => p.ref),
    price,
    dates: promisedDates(options.today, doc.baseLeadDays, choices, doc.holidays ?? []),
    because: reasonsFor(compiled, scope, request.goal, picks, selected, popular?.perChoice ?? null),
  };
}
