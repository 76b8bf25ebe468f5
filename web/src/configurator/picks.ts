/**
 * The customer's picks and what a click does to them. Pure functions: the configurator view
 * calls these, then asks the API for the engine's answer to the new picks.
 */
import type { ConfigureResponse, RecommendedChoice } from '../api.ts';
import { groupOf } from '../catalog.ts';

/** Where a pick came from, so the page can say so ("your usual packaging", "from your last order"). */
export type PickSource =
  | { kind: 'you' }
  | { kind: 'standard' }
  | { kind: 'saved'; savedAt: string; channel: string }
  | { kind: 'last-order' }
  | { kind: 'recommended'; recommendation: RecommendedChoice };

export interface GroupShape {
  id: string;
  max: number;
}

/**
 * Clicking a choice: in a one-choice group it replaces the group's pick, in a multi-choice group
 * it toggles. `none` (ref `group.`) empties an optional one-choice group.
 */
export function clickChoice(picks: readonly string[], group: GroupShape, ref: string): string[] {
  if (group.max === 1) return [...picks.filter((p) => groupOf(p) !== group.id), ...(ref.endsWith('.') ? [] : [ref])];
  return picks.includes(ref) ? picks.filter((p) => p !== ref) : [...picks, ref];
}

/** Taking the trade an excluded choice offers: give up `giveUp`, then choose it. */
export function takeTrade(picks: readonly string[], group: GroupShape, ref: string, giveUp: readonly string[]): string[] {
  return clickChoice(
    picks.filter((p) => !giveUp.includes(p)),
    group,
    ref,
  );
}

/** Everything the order would contain: picked (by the customer or a preference) and forced choices. */
export function orderPicks(answer: ConfigureResponse): string[] {
  return answer.groups.flatMap((g) =>
    g.choices.filter((c) => c.state === 'selected' || c.state === 'forced').map((c) => `${g.id}.${c.id}`),
  );
}

/** Groups that still need a choice: not allowed empty, nothing selected, and nothing forced. */
export function missingGroups(answer: ConfigureResponse): string[] {
  return answer.groups
    .filter((g) => !g.emptyAllowed && !g.choices.some((c) => c.state === 'selected' || c.state === 'forced'))
    .map((g) => g.id);
}

/** The order can be placed: the picks go together and nothing is missing. */
export function canOrder(answer: ConfigureResponse): boolean {
  return answer.valid && missingGroups(answer).length === 0;
}

/**
 * The recommended choice of every group that still needs one (required, nothing selected or
 * forced): what "use the recommendations" adds in one click. Optional groups are left alone:
 * a recommendation there is shown, never added for the customer.
 */
export function recommendedPicks(answer: ConfigureResponse): { pick: string; recommendation: RecommendedChoice }[] {
  return answer.groups.flatMap((g) =>
    g.recommended && !g.emptyAllowed && !g.choices.some((c) => c.state === 'selected' || c.state === 'forced')
      ? [{ pick: `${g.id}.${g.recommended.choice}`, recommendation: g.recommended }]
      : [],
  );
}
