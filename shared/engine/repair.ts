/**
 * Repair of conflicting picks: move retired picks to their replacements, then keep a maximal
 * consistent subset, greedily in priority order (`keepFirst`, then the given order). Greedy in
 * priority order drops no pick it could keep: a dropped pick conflicts with picks that were
 * all wanted more. Stated needs are never dropped: they are the frame the picks must fit. With
 * a budget, "consistent" also means "the cheapest configuration with them fits the budget";
 * that is monotone too (fewer picks never cost more), so the same greedy keeps a maximal set.
 */
import type { CheapestTotals } from './cheapest.ts';
import type { CallerScope } from './consistency.ts';
import { tierForbids } from './evidence.ts';
import { choiceLabel, incompatiblePicks, listLabels } from './explain.ts';
import { resolvePick, type Pick } from './picks.ts';
import type { RepairChange } from './types.ts';

export interface RepairResult {
  /** The repaired picks, in the caller's order. */
  picks: Pick[];
  changes: RepairChange[];
}

/** Orders picks by `keepFirst` position, then by their given position. */
export function byPriority<T>(items: readonly T[], keepFirst: readonly string[], originalRef: (t: T) => string): T[] {
  const rank = new Map<string, number>();
  keepFirst.forEach((ref, i) => {
    if (!rank.has(ref)) rank.set(ref, i);
  });
  return items
    .map((item, i) => ({ item, i, r: rank.get(originalRef(item)) ?? Infinity }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.item);
}

/** Follows `replacedBy` from a retired choice to a live one, if any. */
function replacementOf(scope: CallerScope, pick: Pick): Pick | null {
  const gm = scope.compiled.model.groups[pick.group]!;
  let choice = gm.group.choices[pick.choice]!;
  for (let hops = 0; hops < gm.choiceCount && choice.retired; hops++) {
    if (!choice.replacedBy) return null;
    const next = gm.choiceIndex.get(choice.replacedBy);
    if (next === undefined) return null;
    choice = gm.group.choices[next]!;
  }
  if (choice.retired) return null;
  const resolved = resolvePick(scope.compiled, `${gm.id}.${choice.id}`);
  return typeof resolved === 'string' ? null : resolved;
}

/** A budget the repaired picks must fit. */
export interface RepairBudget {
  readonly totals: CheapestTotals;
  readonly budget: number;
  readonly money: (amount: number) => string;
}

/** Repairs the picks; see the module comment for the policy. */
export function repair(scope: CallerScope, picks: readonly Pick[], keepFirst: readonly string[], budget?: RepairBudget): RepairResult {
  const { compiled } = scope;
  const changes: RepairChange[] = [];
  const label = (p: Pick): string => choiceLabel(compiled, p.global);

  // 1. Retired picks move to their replacement, or go.
  const moved: { pick: Pick; original: string }[] = [];
  const taken = new Set(picks.map((p) => p.ref));
  for (const p of picks) {
    const gm = compiled.model.groups[p.group]!;
    if (!gm.group.choices[p.choice]!.retired) {
      moved.push({ pick: p, original: p.ref });
      continue;
    }
    const to = replacementOf(scope, p);
    const inGroup = moved.filter((m) => m.pick.group === p.group).length;
    if (to && !taken.has(to.ref) && inGroup < gm.group.max) {
      taken.add(to.ref);
      moved.push({ pick: to, original: p.ref });
      changes.push({ kind: 'replaced', pick: p.ref, to: to.ref, reason: `${label(p)} is no longer offered; replaced by ${label(to)}` });
    } else {
      changes.push({
        kind: 'dropped',
        pick: p.ref,
        reason: to
          ? `${label(p)} is no longer offered; its replacement ${label(to)} is already chosen`
          : `${label(p)} is no longer offered`,
      });
    }
  }

  // 2. Nothing can be kept if the catalog has no valid configuration at all for this caller
  // (with the stated needs, within the budget).
  let nothing: string | null = null;
  if (!scope.catalogSatisfiable()) {
    nothing = scope.withoutNeeds().catalogSatisfiable()
      ? 'no valid configuration of this product fits your answers'
      : 'no valid configuration of this product exists for this customer';
  } else if (budget) {
    const cheapest = budget.totals.total([]);
    if (cheapest > budget.budget)
      nothing = `no configuration fits your budget of ${budget.money(budget.budget)}: the cheapest costs ${budget.money(cheapest)}`;
  }
  if (nothing !== null) {
    for (const m of moved) changes.push({ kind: 'dropped', pick: m.pick.ref, reason: nothing });
    return { picks: [], changes };
  }
  const rulesReason = (pick: Pick, kept: readonly Pick[]): string => {
    const comp = scope.componentOfPick(pick);
    if (scope.withoutNeeds().consistent(comp, [...kept, pick])) return `${label(pick)} does not fit your answers`;
    const blockers = incompatiblePicks(compiled, pick.global, kept);
    return blockers.length
      ? `${label(pick)} cannot be combined with ${listLabels(blockers.map(label))}, which you wanted more`
      : `${label(pick)} cannot be combined with the other choices kept`;
  };
  if (budget) return { picks: greedyWithin(scope, moved, keepFirst, budget, changes, rulesReason), changes };

  // 3. Greedy in priority order, one component at a time (components do not interact).
  const ordered = byPriority(moved, keepFirst, (m) => m.original);
  const keptByComp = new Map<number, Pick[]>();
  const dropped = new Set<Pick>();
  const settled = new Set<number>();
  for (const { pick } of ordered) {
    const comp = scope.componentOfPick(pick);
    if (!settled.has(comp)) {
      settled.add(comp);
      const all = moved.map((m) => m.pick).filter((p) => scope.componentOfPick(p) === comp);
      if (scope.consistent(comp, all)) {
        keptByComp.set(comp, all);
        continue;
      }
      keptByComp.set(comp, []);
    }
    const kept = keptByComp.get(comp)!;
    if (kept.includes(pick)) continue;
    if (tierForbids(compiled, pick.global, scope.tier)) {
      dropped.add(pick);
      changes.push({ kind: 'dropped', pick: pick.ref, reason: `${label(pick)} is not offered to this customer` });
    } else if (scope.consistent(comp, [...kept, pick])) {
      kept.push(pick);
    } else {
      dropped.add(pick);
      changes.push({ kind: 'dropped', pick: pick.ref, reason: rulesReason(pick, kept) });
    }
  }
  return { picks: moved.map((m) => m.pick).filter((p) => !dropped.has(p)), changes };
}

/** Step 3 under a budget: one greedy pass over all picks, since the budget ties the components together. */
function greedyWithin(
  scope: CallerScope,
  moved: readonly { pick: Pick; original: string }[],
  keepFirst: readonly string[],
  budget: RepairBudget,
  changes: RepairChange[],
  rulesReason: (pick: Pick, kept: readonly Pick[]) => string,
): Pick[] {
  const label = (p: Pick): string => choiceLabel(scope.compiled, p.global);
  const kept: Pick[] = [];
  for (const { pick } of byPriority(moved, keepFirst, (m) => m.original)) {
    const comp = scope.componentOfPick(pick);
    const keptHere = kept.filter((p) => scope.componentOfPick(p) === comp);
    if (tierForbids(scope.compiled, pick.global, scope.tier)) {
      changes.push({ kind: 'dropped', pick: pick.ref, reason: `${label(pick)} is not offered to this customer` });
    } else if (!scope.consistent(comp, [...keptHere, pick])) {
      changes.push({ kind: 'dropped', pick: pick.ref, reason: rulesReason(pick, keptHere) });
    } else {
      const total = budget.totals.total([...kept, pick]);
      if (total <= budget.budget) kept.push(pick);
      else {
        changes.push({
          kind: 'dropped',
          pick: pick.ref,
          reason: `with ${label(pick)} the cheapest configuration costs ${budget.money(total)}, over your budget of ${budget.money(budget.budget)}`,
        });
      }
    }
  }
  return moved.map((m) => m.pick).filter((p) => kept.includes(p));
}
