/**
 * One click: from the compiled catalog and the caller's picks to the full answer (states with
 * reasons, conflicts and repair, price, dates, build sheet).
 */
import { buildSheet } from './build-sheet.ts';
import type { CompiledCatalog } from './compiled.ts';
import { CallerScope } from './consistency.ts';
import { choiceLabel, incompatiblePicks, quickXplain, reasonsFor } from './explain.ts';
import { parsePicks, type Pick } from './picks.ts';
import { applicableLists, perksList, priceBreakdown, priceOf } from './price.ts';
import { promisedDates } from './dates.ts';
import type { Marginals } from './propagate.ts';
import { byPriority, repair } from './repair.ts';
import { isKept, keptPicks, preferredConflicts, type KeptSets, type PickMask, type Subject } from './retraction.ts';
import { tierForbids, valuesContaining } from './evidence.ts';
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

/** Conflicts among the picks: unary causes first (retired, tier), then one minimal set per component. */
function findConflicts(scope: CallerScope, picks: readonly Pick[], priority: readonly Pick[]): Conflict[] {
  const { compiled } = scope;
  const conflicts: Conflict[] = [];
  const label = (p: Pick): string => choiceLabel(compiled, p.global);
  if (!scope.catalogSatisfiable()) {
    conflicts.push({ rule: 'catalog', picks: [], message: 'no valid configuration of this product exists for this customer' });
    return conflicts;
  }
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
    for (const r of reasonsFor(compiled, first.global, others)) {
      conflicts.push({ rule: r.rule, picks: ordered.map((p) => p.ref), message: r.message });
    }
  }
  return conflicts;
}

/** Price and dates inputs of the selected choices. */
function selectedChoices(compiled: CompiledCatalog, picks: readonly Pick[]) {
  return picks.map((p) => compiled.model.groups[p.group]!.group.choices[p.choice]!);
}

/**
 * Answers one click. Malformed picks throw InvalidPicksError; conflicting picks give
 * `valid: false` with conflicts and a repair, and the states are then those of the REPAIRED
 * picks (so the page can show a consistent picture next to the proposed repair).
 */
export function configure(compiled: CompiledCatalog, pickRefs: readonly string[], options: ConfigureOptions): ConfigureAnswer {
  const { model, doc } = compiled;
  const picks = parsePicks(compiled, pickRefs);
  const scope = new CallerScope(compiled, options.tier);
  const keepFirst = options.keepFirst ?? [];
  const priority = byPriority(picks, keepFirst, (p) => p.ref);

  const valid = scope.consistentAll(picks);
  let conflicts: Conflict[] = [];
  let repaired: Repair | null = null;
  let current = picks;
  if (!valid) {
    conflicts = findConflicts(scope, picks, priority);
    const fixed = repair(scope, picks, keepFirst);
    repaired = { picks: fixed.picks.map((p) => p.ref), changes: fixed.changes };
    current = fixed.picks;
  }
  const currentPriority = byPriority(current, keepFirst, (p) => p.ref);

  const marginals: Marginals[] = compiled.components.map((_, i) => scope.marginals(i, current));
  // A tier's perks come after every other list: an included service is free whatever it costs elsewhere.
  const perks = options.perks && options.tier !== null ? perksList(doc, options.tier, options.perks) : undefined;
  const lists = [...applicableLists(doc, options.tier, options.priceLists ?? []), ...(perks ? [perks.list] : [])];

  const exclusions: Exclusion[] = [];
  // Judged picks, shared: per component (additions) or per full group (swaps).
  const judgedBy = new Map<number, Pick[]>();
  const groups: GroupAnswer[] = model.groups.map((gm) => {
    const comp = compiled.componentOf[gm.index]!;
    const m = marginals[comp]!;
    const full = m.full.get(gm.index)!;
    const loo = m.leaveOneOut.get(gm.index) ?? full;
    const mine = current.filter((p) => p.group === gm.index);
    const chosen = new Set(mine.map((p) => p.choice));
    // A full group (as many picks as its max) judges other choices as swaps, against the other
    // groups' picks; a group with room judges them as additions, against all picks.
    const swap = mine.length >= gm.group.max;
    const support = swap ? loo : full;
    const supported: number[] = [];
    for (let v = 0; v < support.length; v++) if (support[v]) supported.push(v);
    const choices: ChoiceAnswer[] = gm.group.choices.map((choice, c) => {
      const ref = `${gm.id}.${choice.id}`;
      const price = priceOf(choice.price, ref, lists).amount;
      if (chosen.has(c)) return { id: choice.id, state: 'selected', price };
      let state: ChoiceState = 'excluded';
      if (gm.valuesWithChoice[c]!.some((v) => support[v])) {
        state = !swap && supported.every((v) => gm.values[v]!.includes(c)) ? 'forced' : 'available';
      }
      const answer: ChoiceAnswer = { id: choice.id, state, price };
      if (state === 'excluded') {
        const subject: Pick = { ref, group: gm.index, choice: c, global: gm.firstChoice + c };
        const key = swap ? gm.index : -1 - comp;
        let judged = judgedBy.get(key);
        if (!judged)
          judgedBy.set(
            key,
            (judged = currentPriority.filter((p) => compiled.componentOf[p.group] === comp && !(swap && p.group === gm.index))),
          );
        exclusions.push({ answer, subject, comp, judged, swap });
      }
      return answer;
    });
    return { id: gm.id, emptyAllowed: gm.emptyValue >= 0 && loo[gm.emptyValue] === 1, choices };
  });

  explainExclusions(scope, currentPriority, exclusions);

  const complete = valid && isComplete(compiled, scope, current, marginals);
  const selected = selectedChoices(compiled, current);
  const price = priceBreakdown(
    doc,
    current.map((p, i) => ({ ref: p.ref, label: choiceLabel(compiled, p.global), listAmount: selected[i]!.price })),
    lists,
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
  const passes = new Map<number, { kept: KeptSets; index: Map<string, number> }>();
  const passesOf = (comp: number) => {
    let entry = passes.get(comp);
    if (!entry) {
      const mine = currentPriority.filter((p) => compiled.componentOf[p.group] === comp);
      const masks: PickMask[] = mine.map((p) => ({ group: p.group, ok: valuesContaining(compiled, p.group, [p.choice]) }));
      const component = compiled.components[comp]!;
      entry = {
        kept: keptPicks(component, masks, scope.tierMask, new Set(exclusions.filter((e) => e.comp === comp).map((e) => e.subject.group))),
        index: new Map(mine.map((p, i) => [p.ref, i] as const)),
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
    const base = scope.base(ex.comp).full.get(subject.group)!;
    const values = gm.valuesWithChoice[subject.choice]!;
    if (!values.some((v) => base[v])) {
      answer.reasons = reasonsFor(compiled, subject.global, []);
      continue;
    }
    const { kept, index } = passesOf(comp);
    const mustGo = incompatiblePicks(compiled, subject.global, judged);
    if (mustGo.length > 0) answer.reasons = reasonsFor(compiled, subject.global, [mustGo[0]!]) satisfies Reason[];
    else conflicts.push({ ex, subject: { group: subject.group, values, swap: ex.swap } });
    // The best kept set over the choice's values; a swap leaves its own group's picks out.
    const kw = kept.words;
    const sets = kept.sets.get(subject.group)!;
    const alive = kept.alive.get(subject.group)!;
    const own = new Uint32Array(kw);
    if (ex.swap) {
      for (const p of currentPriority) {
        const i = index.get(p.ref);
        if (p.group === subject.group && i !== undefined) own[i >>> 5]! |= 1 << (31 - (i & 31));
      }
    }
    let best = -1;
    for (const v of values) {
      if (!alive[v]) continue;
      if (best < 0) {
        best = v;
        continue;
      }
      for (let w = 0; w < kw; w++) {
        const x = (sets[v * kw + w]! & ~own[w]!) >>> 0;
        const y = (sets[best * kw + w]! & ~own[w]!) >>> 0;
        if (x !== y) {
          if (x > y) best = v;
          break;
        }
      }
    }
    const keptSet = new Uint32Array(kw);
    if (best >= 0) for (let w = 0; w < kw; w++) keptSet[w] = sets[best * kw + w]! & ~own[w]!;
    giveUps.push({ ex, giveUp: judged.filter((p) => !isKept(keptSet, 0, index.get(p.ref)!)).map((p) => p.ref) });
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
      scope.tierMask,
      mine.map((c) => c.subject),
    );
    mine.forEach(({ ex }, i) => {
      const positions = found[i];
      const because = positions
        ? positions.map((k) => order[k]!)
        : quickXplain((ps) => !scope.consistent(comp, ps), [ex.subject], [...ex.judged].reverse());
      ex.answer.reasons = reasonsFor(compiled, ex.subject.global, because) satisfies Reason[];
    });
  }
  for (const { ex, giveUp } of giveUps) ex.answer.giveUp = giveUp;
}
