/**
 * One click: from the compiled catalog and the caller's picks to the full answer (states with
 * reasons, conflicts and repair, price, dates, build sheet).
 */
import { buildSheet } from './build-sheet.ts';
import { CheapestTotals } from './cheapest.ts';
import type { CompiledCatalog } from './compiled.ts';
import { CallerScope } from './consistency.ts';
import { minCostMarginals, type CostMarginals } from './cost.ts';
import { promisedDates } from './dates.ts';
import { InvalidOptionsError } from './errors.ts';
import { evidenceFor, tierForbids, valuesContaining } from './evidence.ts';
import {
  choiceLabel,
  incompatiblePicks,
  listLabels,
  minimalCorrection,
  quickXplain,
  reasonsFor,
  ruleReason,
  rulesBehind,
} from './explain.ts';
import type { GroupModel } from './model.ts';
import { needMasks, needMessage, needRuleId, parseNeeds, type StatedAnswer } from './needs.ts';
import { parsePicks, type Pick } from './picks.ts';
import { applicableLists, callerCosts, formatMoney, perksList, priceBreakdown, type CallerCosts } from './price.ts';
import type { Marginals } from './propagate.ts';
import { byPriority, repair } from './repair.ts';
import { bestKept, isKept, keptPicks, preferredConflicts, type KeptSets, type PickMask, type Subject } from './retraction.ts';
import type {
  ChoiceAnswer,
  ChoiceState,
  Conflict,
  ConfigureAnswer,
  ConfigureOptions,
  GroupAnswer,
  PerksAnswer,
  Reason,
  Repair,
} from './types.ts';

/** An excluded choice waiting for its explanation. */
interface Exclusion {
  answer: ChoiceAnswer;
  subject: Pick;
  comp: number;
  /** The picks it is judged against: all picks of its component, or those of the other groups for a swap. */
  judged: Pick[];
  /** Judged as a swap (its group is full): against the other groups' picks. */
  swap: boolean;
}

/** A choice that fits every rule with its judged picks but not the budget. */
interface BudgetExclusion {
  answer: ChoiceAnswer;
  subject: Pick;
  /** Its judged picks: all picks, or those of the other groups for a swap. */
  judged: Pick[];
}

/** What a click's explanations need besides the scope. */
interface Context {
  readonly scope: CallerScope;
  readonly totals: CheapestTotals;
  readonly budget: number | null;
  readonly money: (amount: number) => string;
}

/** Fixed restrictions for a subset of the stated needs (the tier's always). */
function fixedFor(scope: CallerScope, answers: readonly StatedAnswer[]): (Uint8Array | null)[] {
  const tier = scope.withoutNeeds().fixed;
  const masks = needMasks(scope.compiled, { answers, active: new Set(), key: '' });
  return masks.map((m, v) => m ?? tier[v] ?? null);
}

/**
 * A minimal set of the stated needs (the first ones preferred) that, with `background` picks,
 * leaves component `comp` without a solution, or every component when `comp` is -1.
 */
function needsBehind(scope: CallerScope, comp: number, background: readonly Pick[]): StatedAnswer[] {
  const { compiled } = scope;
  const comps = comp >= 0 ? [comp] : compiled.components.map((_, i) => i);
  const inconsistent = (answers: readonly StatedAnswer[]): boolean => {
    const fixed = fixedFor(scope, answers);
    return comps.some((c) => !scope.consistentUnder(c, background, fixed));
  };
  const candidates = scope.needs.answers.filter((a) => {
    const variable = compiled.model.needs[a.need]!.variable;
    return variable >= 0 && comps.includes(compiled.componentOf[variable]!);
  });
  if (!inconsistent(candidates)) return [];
  return quickXplain(inconsistent, [], candidates);
}

/** The resource rules a set of stated answers switches on. */
function activeRules(scope: CallerScope, answers: readonly StatedAnswer[]): Set<number> {
  const active = new Set<number>();
  for (const r of scope.compiled.model.resources) {
    if (r.whenNeed >= 0 && answers.some((a) => a.need === r.whenNeed && r.whenAnswers.includes(a.answer))) active.add(r.rule);
  }
  return active;
}

/**
 * Reasons naming stated needs behind `subject` being impossible with `picks`: one per need of a
 * minimal set, then the catalog rules that link the subject to what those needs require (e.g.
 * the power rule between a 65 W supply and the RTX graphics "Photo and video" requires).
 */
function needReasons(scope: CallerScope, subject: Pick, picks: readonly Pick[]): Reason[] {
  const { compiled } = scope;
  const comp = compiled.componentOf[subject.group]!;
  const answers = needsBehind(scope, comp, [...picks, subject]);
  const refs = picks.map((p) => p.ref);
  const reasons: Reason[] = answers.map((a) => ({ rule: needRuleId(compiled, a), picks: refs, message: needMessage(compiled, a) }));
  const active = activeRules(scope, answers);
  const chosen = [subject.global, ...picks.map((p) => p.global)];
  const seen = new Set<string>();
  const add = (more: readonly Reason[]): void => {
    for (const r of more) {
      if (r.rule === 'cardinality' || seen.has(r.rule)) continue;
      seen.add(r.rule);
      reasons.push(r);
    }
  };
  add(rulesBehind(compiled, chosen, active).map((r) => ruleReason(compiled, r, chosen, refs)));
  // The resource rules these answers switch on are part of what they mean: name them too.
  for (const r of active) add([ruleReason(compiled, r, chosen, refs)]);
  for (const a of answers) {
    for (const c of compiled.model.needs[a.need]!.require[a.answer] ?? []) {
      add(rulesBehind(compiled, [...chosen, c], active).map((r) => ruleReason(compiled, r, [...chosen, c], refs)));
    }
  }
  return reasons;
}

/** Why nothing at all is possible for this caller: the needs that rule everything out, or the catalog. */
function unsatisfiable(scope: CallerScope): Reason[] {
  const { compiled } = scope;
  if (scope.withoutNeeds().catalogSatisfiable()) {
    const answers = needsBehind(scope, -1, []);
    if (answers.length > 0) {
      return answers.map((a) => ({
        rule: needRuleId(compiled, a),
        picks: [],
        message: `no configuration fits all your answers: ${needMessage(compiled, a)}`,
      }));
    }
  }
  return [{ rule: 'catalog', picks: [], message: 'no valid configuration of this product exists for this customer' }];
}

/** Conflicts among the picks: unary causes first (retired, tier), then one minimal set per component. */
function findConflicts(scope: CallerScope, picks: readonly Pick[], priority: readonly Pick[]): Conflict[] {
  const { compiled } = scope;
  const conflicts: Conflict[] = [];
  const label = (p: Pick): string => choiceLabel(compiled, p.global);
  if (!scope.catalogSatisfiable()) return unsatisfiable(scope);
  const rest: Pick[] = [];
  for (const p of priority) {
    const gm = compiled.model.groups[p.group]!;
    if (gm.group.choices[p.choice]!.retired)
      conflicts.push({ rule: 'retired', picks: [p.ref], message: `${label(p)} is no longer offered` });
    else if (tierForbids(compiled, p.global, scope.tier))
      conflicts.push({ rule: 'tier', picks: [p.ref], message: `${label(p)} is not offered to this customer` });
    else rest.push(p);
  }
  const comps = [...new Set(rest.map((p) => scope.componentOfPick(p)))].sort((a, b) => a - b);
  for (const comp of comps) {
    const mine = rest.filter((p) => scope.componentOfPick(p) === comp);
    if (scope.consistent(comp, mine)) continue;
    // Least wanted picks first, so the explanation names them rather than the customer's favourites.
    const core = quickXplain((ps) => !scope.consistent(comp, ps), [], [...mine].reverse());
    const ordered = picks.filter((p) => core.includes(p));
    const [first, ...others] = ordered;
    if (!first) continue;
    const reasons = scope.withoutNeeds().consistent(comp, ordered)
      ? needReasons(scope, first, others)
      : reasonsFor(compiled, first.global, others, scope.needs.active);
    for (const r of reasons) conflicts.push({ rule: r.rule, picks: ordered.map((p) => p.ref), message: r.message });
  }
  return conflicts;
}

/** The budget conflict of picks that fit every rule but cost too much together. */
function budgetConflicts(ctx: Context, picks: readonly Pick[], priority: readonly Pick[]): Conflict[] {
  const { totals, money } = ctx;
  const budget = ctx.budget!;
  const cheapest = totals.total([]);
  if (cheapest > budget) {
    return [
      { rule: 'budget', picks: [], message: `no configuration costs ${money(budget)} or less: the cheapest costs ${money(cheapest)}` },
    ];
  }
  const core = quickXplain((ps) => totals.total(ps) > budget, [], [...priority].reverse());
  const ordered = picks.filter((p) => core.includes(p));
  const labels = listLabels(ordered.map((p) => choiceLabel(ctx.scope.compiled, p.global)));
  return [
    {
      rule: 'budget',
      picks: ordered.map((p) => p.ref),
      message: `the cheapest configuration with ${labels} costs ${money(totals.total(ordered))}, over your budget of ${money(budget)}`,
    },
  ];
}

/** Price and dates inputs of the selected choices. */
function selectedChoices(compiled: CompiledCatalog, picks: readonly Pick[]) {
  return picks.map((p) => compiled.model.groups[p.group]!.group.choices[p.choice]!);
}

/** The budget option: an integer amount in minor units, or null when absent. */
export function parseBudget(budget: unknown): number | null {
  if (budget === undefined || budget === null) return null;
  if (typeof budget !== 'number' || !Number.isSafeInteger(budget)) {
    throw new InvalidOptionsError([{ path: ['budget'], problem: 'a budget is a whole amount in minor units' }]);
  }
  return budget;
}

/**
 * One component's exact marginals: which values are possible and, for a component with prices,
 * each value's cheapest solution (null for a free one: 0 wherever possible).
 */
interface ComponentView {
  readonly bool: Marginals;
  readonly cost: CostMarginals | null;
  /** The component's cheapest solution (Infinity when none). */
  readonly min: number;
}

/** Boolean marginals from cheapest-total ones. */
function supportOf(c: CostMarginals): Marginals {
  const lower = (map: Map<number, Float64Array>): Map<number, Uint8Array> => {
    const out = new Map<number, Uint8Array>();
    for (const [g, a] of map) {
      const b = new Uint8Array(a.length);
      for (let v = 0; v < a.length; v++) b[v] = a[v]! < Infinity ? 1 : 0;
      out.set(g, b);
    }
    return out;
  };
  return { consistent: c.min < Infinity, full: lower(c.full), leaveOneOut: lower(c.leaveOneOut) };
}

function componentView(scope: CallerScope, costs: CallerCosts, comp: number, picks: readonly Pick[]): ComponentView {
  const { compiled } = scope;
  if (costs.free[comp] || !scope.catalogSatisfiable()) {
    const bool = scope.marginals(comp, picks);
    return { bool, cost: null, min: bool.consistent ? 0 : Infinity };
  }
  const own = picks.filter((p) => compiled.componentOf[p.group] === comp);
  const cost = minCostMarginals(compiled.components[comp]!, evidenceFor(compiled, own, scope.fixed), costs.values);
  return { bool: supportOf(cost), cost, min: cost.min };
}

/**
 * Answers one click. Malformed picks throw InvalidPicksError, malformed needs or budget
 * InvalidOptionsError; conflicting picks (with each other, the stated needs or the budget) give
 * `valid: false` with conflicts and a repair, and the states are then those of the REPAIRED
 * picks (so the page can show a consistent picture next to the proposed repair).
 */
export function configure(compiled: CompiledCatalog, pickRefs: readonly string[], options: ConfigureOptions): ConfigureAnswer {
  const { model, doc } = compiled;
  const picks = parsePicks(compiled, pickRefs);
  const needs = parseNeeds(compiled, options.needs);
  const budget = parseBudget(options.budget);
  const scope = new CallerScope(compiled, options.tier, needs);
  // A tier's perks come after every other list: an included service is free whatever it costs elsewhere.
  const perks = options.perks && options.tier !== null ? perksList(doc, options.tier, options.perks) : undefined;
  const lists = [...applicableLists(doc, options.tier, options.priceLists ?? []), ...(perks ? [perks.list] : [])];
  const costs = callerCosts(compiled, lists);
  const ctx: Context = {
    scope,
    totals: new CheapestTotals(scope, costs),
    budget,
    money: (amount) => formatMoney(amount, doc.currency),
  };
  const keepFirst = options.keepFirst ?? [];
  const priority = byPriority(picks, keepFirst, (p) => p.ref);

  const fitsRules = scope.consistentAll(picks);
  const valid = fitsRules && (budget === null || ctx.totals.total(picks) <= budget);
  let conflicts: Conflict[] = [];
  let repaired: Repair | null = null;
  let current = picks;
  if (!valid) {
    conflicts = fitsRules ? budgetConflicts(ctx, picks, priority) : findConflicts(scope, picks, priority);
    const fixed = repair(scope, picks, keepFirst, budget === null ? undefined : { totals: ctx.totals, budget, money: ctx.money });
    repaired = { picks: fixed.picks.map((p) => p.ref), changes: fixed.changes };
    current = fixed.picks;
  }
  const currentPriority = byPriority(current, keepFirst, (p) => p.ref);

  const views: ComponentView[] = compiled.components.map((_, i) => componentView(scope, costs, i, current));
  let cheapest = costs.base;
  for (const v of views) cheapest += v.min;
  const fits = (total: number): boolean => total < Infinity && (budget === null || total <= budget);

  const exclusions: Exclusion[] = [];
  const overBudget: BudgetExclusion[] = [];
  // Judged picks, shared: per component (rules: only its own picks matter) or all of them (the
  // budget ties components together), without the group's own picks for a swap.
  const judgedBy = new Map<string, Pick[]>();
  const judgedFor = (gm: GroupModel, comp: number, swap: boolean, all: boolean): Pick[] => {
    const key = `${all ? 'all' : comp}|${swap ? gm.index : -1}`;
    let judged = judgedBy.get(key);
    if (!judged) {
      judged = currentPriority.filter((p) => (all || compiled.componentOf[p.group] === comp) && !(swap && p.group === gm.index));
      judgedBy.set(key, judged);
    }
    return judged;
  };
  const groups: GroupAnswer[] = model.groups.map((gm) => {
    const g = gm.index;
    const comp = compiled.componentOf[g]!;
    const view = views[comp]!;
    const mine = current.filter((p) => p.group === g);
    const chosen = new Set(mine.map((p) => p.choice));
    // A full group (as many picks as its max) judges other choices as swaps, against the other
    // groups' picks; a group with room judges them as additions, against all picks.
    const swap = mine.length >= gm.group.max;
    const possibleFull = view.bool.full.get(g)!;
    const possible = swap ? (view.bool.leaveOneOut.get(g) ?? possibleFull) : possibleFull;
    const costFull = view.cost?.full.get(g) ?? null;
    const cost = swap ? (view.cost?.leaveOneOut.get(g) ?? costFull) : costFull;
    // A value's total: the base, the other components' cheapest completions and its own.
    const rest = cheapest === Infinity ? Infinity : cheapest - view.min;
    const totals = new Float64Array(possible.length);
    const within: number[] = [];
    for (let v = 0; v < possible.length; v++) {
      totals[v] = possible[v] ? rest + (cost ? cost[v]! : 0) : Infinity;
      if (fits(totals[v]!)) within.push(v);
    }
    const choices: ChoiceAnswer[] = gm.group.choices.map((choice, c) => {
      const price = costs.choice[gm.firstChoice + c]!;
      if (chosen.has(c)) return { id: choice.id, state: 'selected', price, fromPrice: fits(cheapest) ? cheapest : null };
      const values = gm.valuesWithChoice[c]!;
      let best = Infinity;
      for (let i = 0; i < values.length; i++) if (totals[values[i]!]! < best) best = totals[values[i]!]!;
      let state: ChoiceState = 'excluded';
      if (fits(best)) state = !swap && within.every((v) => gm.values[v]!.includes(c)) ? 'forced' : 'available';
      const answer: ChoiceAnswer = { id: choice.id, state, price, fromPrice: state === 'excluded' ? null : best };
      if (state === 'excluded') {
        const subject: Pick = { ref: `${gm.id}.${choice.id}`, group: g, choice: c, global: gm.firstChoice + c };
        if (best < Infinity) overBudget.push({ answer, subject, judged: judgedFor(gm, comp, swap, true) });
        else exclusions.push({ answer, subject, comp, judged: judgedFor(gm, comp, swap, false), swap });
      }
      return answer;
    });
    // Leaving the group empty is judged without its own picks.
    const empty = gm.emptyValue;
    const emptyCost = view.cost?.leaveOneOut.get(g) ?? costFull;
    const emptyPossible = view.bool.leaveOneOut.get(g) ?? possibleFull;
    return {
      id: gm.id,
      emptyAllowed: empty >= 0 && emptyPossible[empty] === 1 && fits(rest + (emptyCost ? emptyCost[empty]! : 0)),
      choices,
    };
  });

  explainExclusions(scope, currentPriority, exclusions);
  for (const ex of overBudget) explainBudget(ctx, ex);

  const selected = selectedChoices(compiled, current);
  const price = priceBreakdown(
    doc,
    current.map((p, i) => ({ ref: p.ref, label: choiceLabel(compiled, p.global), listAmount: selected[i]!.price })),
    lists,
  );
  // Complete: the picks alone are a valid configuration, and it fits the budget as it stands.
  const complete =
    valid &&
    (budget === null || price.total <= budget) &&
    isComplete(
      compiled,
      scope,
      current,
      views.map((v) => v.bool),
    );
  const lessLead = perks ? options.perks!.leadDaysLess : 0;
  const dates = promisedDates(options.today, doc.baseLeadDays, selected, doc.holidays ?? [], lessLead);
  const answer: ConfigureAnswer = {
    valid,
    complete,
    groups,
    conflicts,
    repair: repaired,
    price,
    dates,
    buildSheet: complete ? buildSheet(selected) : null,
  };
  if (perks) {
    const chosen = new Set(current.map((p) => p.ref));
    const perksAnswer: PerksAnswer = {
      tier: options.tier!,
      label: options.perks!.label,
      included: perks.included.map((ref) => ({ ref, selected: chosen.has(ref) })),
      leadDaysLess: lessLead > 0 ? promisedDates(options.today, doc.baseLeadDays, selected).leadDays - dates.leadDays : 0,
      priceList: perks.list.id,
    };
    answer.perks = perksAnswer;
  }
  return answer;
}

/**
 * A choice that fits the rules but not the budget: the reason names the budget with the
 * cheapest total, and the least wanted minimal set of judged picks that pushes it over
 * (none when the choice alone is too dear); giveUp is the greedy minimal set of picks to drop,
 * most wanted kept first, so that it fits.
 */
function explainBudget(ctx: Context, ex: BudgetExclusion): void {
  const { scope, totals, money } = ctx;
  const budget = ctx.budget!;
  const { compiled } = scope;
  const { subject, judged } = ex;
  const extra = { group: subject.group, ok: valuesContaining(compiled, subject.group, [subject.choice]) };
  const cost = (ps: readonly Pick[]): number => totals.total(ps, extra);
  const what = choiceLabel(compiled, subject.global);
  const alone = cost([]);
  if (alone > budget) {
    ex.answer.reasons = [
      {
        rule: 'budget',
        picks: [],
        message: `the cheapest configuration with ${what} costs ${money(alone)}, over your budget of ${money(budget)}`,
      },
    ];
    return;
  }
  const core = quickXplain((ps) => cost(ps) > budget, [], [...judged].reverse());
  const because = judged.filter((p) => core.includes(p));
  const labels = listLabels([what, ...because.map((p) => choiceLabel(compiled, p.global))]);
  ex.answer.reasons = [
    {
      rule: 'budget',
      picks: because.map((p) => p.ref),
      message: `the cheapest configuration with ${labels} costs ${money(cost(because))}, over your budget of ${money(budget)}`,
    },
  ];
  ex.answer.giveUp = minimalCorrection(judged, [], (ps) => cost(ps) <= budget).map((p) => p.ref);
}

/** The picks alone, nothing added, form a valid configuration. */
function isComplete(compiled: CompiledCatalog, scope: CallerScope, picks: readonly Pick[], marginals: readonly Marginals[]): boolean {
  for (const gm of compiled.model.groups) {
    const mine = picks.filter((p) => p.group === gm.index).map((p) => p.choice);
    if (mine.length < gm.group.min) return false;
    const v =
      mine.length === 0
        ? gm.emptyValue
        : gm.values.findIndex((members) => members.length === mine.length && mine.every((c) => members.includes(c)));
    if (v < 0 || !marginals[compiled.componentOf[gm.index]!]!.full.get(gm.index)![v]) return false;
  }
  // Every group's own selection is supported; whether all of them hold TOGETHER needs one check
  // per component with an unpicked group (an unpicked optional group must really stay empty).
  const comps = new Set<number>();
  for (const gm of compiled.model.groups) {
    const m = marginals[compiled.componentOf[gm.index]!]!.full.get(gm.index)!;
    if (m.reduce((n, x) => n + x, 0) > 1) comps.add(compiled.componentOf[gm.index]!);
  }
  for (const comp of comps) {
    if (!scope.consistentExact(comp, picks)) return false;
  }
  return true;
}

/**
 * Reasons and giveUp for every excluded choice:
 * - reasons: the most wanted pick that excludes the choice on its own (the compile-time
 *   compatibility table, O(1)), else the preferred minimal conflict among the picks, least
 *   wanted first (`preferredConflicts`: QuickXplain's answer, a few passes shared by all).
 * - giveUp: a minimal correction, the picks a greedy pass in priority order cannot keep beside
 *   the choice. One extra pass per component with an exclusion (`keptPicks`, retraction.ts)
 *   gives the kept set of every value at once: the same answer as `minimalCorrection` in
 *   explain.ts without one propagation per candidate set of picks.
 */
function explainExclusions(scope: CallerScope, currentPriority: readonly Pick[], exclusions: readonly Exclusion[]): void {
  const { compiled } = scope;
  const passes = new Map<number, { kept: KeptSets; index: Map<Pick, number> }>();
  const giveUpCache = new Map<readonly Pick[], Map<number | string, string[]>>();
  const bestSets = new Map<number, Float64Array>();
  const passesOf = (comp: number) => {
    let entry = passes.get(comp);
    if (!entry) {
      const mine = currentPriority.filter((p) => compiled.componentOf[p.group] === comp);
      const masks: PickMask[] = mine.map((p) => ({ group: p.group, ok: valuesContaining(compiled, p.group, [p.choice]) }));
      const component = compiled.components[comp]!;
      entry = {
        kept: keptPicks(component, masks, scope.fixed, new Set(exclusions.filter((e) => e.comp === comp).map((e) => e.subject.group))),
        index: new Map(mine.map((p, i) => [p, i] as const)),
      };
      passes.set(comp, entry);
    }
    return entry;
  };
  const conflicts: { ex: Exclusion; subject: Subject }[] = [];
  const giveUps: { ex: Exclusion; giveUp: string[] }[] = [];
  for (const ex of exclusions) {
    const { answer, subject, comp, judged } = ex;
    const gm = compiled.model.groups[subject.group]!;
    const choice = gm.group.choices[subject.choice]!;
    const what = choiceLabel(compiled, subject.global);
    if (choice.retired) {
      answer.reasons = [{ rule: 'retired', picks: [], message: `${what} is no longer offered` }];
      continue;
    }
    if (tierForbids(compiled, subject.global, scope.tier)) {
      answer.reasons = [{ rule: 'tier', picks: [], message: `${what} is not offered to this customer` }];
      continue;
    }
    const values = gm.valuesWithChoice[subject.choice]!;
    const bare = scope.withoutNeeds().base(ex.comp).full.get(subject.group)!;
    if (!values.some((v) => bare[v])) {
      answer.reasons = reasonsFor(compiled, subject.global, [], scope.needs.active);
      continue;
    }
    // Possible without the stated needs: the needs rule it out, everywhere or in its component.
    if (!scope.catalogSatisfiable()) {
      answer.reasons = unsatisfiable(scope);
      continue;
    }
    const base = scope.base(ex.comp).full.get(subject.group)!;
    if (!values.some((v) => base[v])) {
      answer.reasons = needReasons(scope, subject, []);
      continue;
    }
    const { kept, index } = passesOf(comp);
    const mustGo = incompatiblePicks(compiled, subject.global, judged);
    if (mustGo.length > 0) answer.reasons = reasonsFor(compiled, subject.global, [mustGo[0]!], scope.needs.active) satisfies Reason[];
    else conflicts.push({ ex, subject: { group: subject.group, values, swap: ex.swap } });
    // The best kept set over the choice's values; a swap leaves its own group's picks out.
    const own: number[] = [];
    if (ex.swap) for (const p of currentPriority) if (p.group === subject.group && index.has(p)) own.push(index.get(p)!);
    const bestSet = bestSets.get(kept.digits) ?? bestSets.set(kept.digits, new Float64Array(kept.digits)).get(kept.digits)!;
    if (bestKept(kept, subject.group, values, own, bestSet) < 0) bestSet.fill(0);
    // Many choices share their judged picks and best set: one list each (read-only, shared).
    let byJudged = giveUpCache.get(judged);
    if (!byJudged) giveUpCache.set(judged, (byJudged = new Map()));
    const key = kept.digits === 1 ? bestSet[0]! : bestSet.join(',');
    let giveUp = byJudged.get(key);
    if (!giveUp) byJudged.set(key, (giveUp = judged.filter((p) => !isKept(bestSet, index.get(p)!)).map((p) => p.ref)));
    giveUps.push({ ex, giveUp });
  }
  // No pick excludes these on its own: the preferred minimal conflict among the picks, least
  // wanted first (what QuickXplain over them returns), a few shared passes per component.
  for (const comp of new Set(conflicts.map((c) => c.ex.comp))) {
    const mine = conflicts.filter((c) => c.ex.comp === comp);
    const order = currentPriority.filter((p) => compiled.componentOf[p.group] === comp).reverse();
    const masks: PickMask[] = order.map((p) => ({ group: p.group, ok: valuesContaining(compiled, p.group, [p.choice]) }));
    const found = preferredConflicts(
      compiled.components[comp]!,
      masks,
      scope.fixed,
      mine.map((c) => c.subject),
    );
    mine.forEach(({ ex }, i) => {
      const positions = found[i];
      const because = positions
        ? positions.map((k) => order[k]!)
        : quickXplain((ps) => !scope.consistent(comp, ps), [ex.subject], [...ex.judged].reverse());
      // With stated needs, the picks may exclude it only together with them: then name the needs.
      const withNeeds = scope.needs.answers.length > 0 && scope.withoutNeeds().consistent(comp, [...because, ex.subject]);
      ex.answer.reasons = withNeeds
        ? needReasons(scope, ex.subject, because)
        : (reasonsFor(compiled, ex.subject.global, because, scope.needs.active) satisfies Reason[]);
    });
  }
  for (const { ex, giveUp } of giveUps) ex.answer.giveUp = giveUp;
}
