/** Reading the caller's picks ("group.choice") against the compiled catalog. */
import type { CompiledCatalog } from './compiled.ts';
import { InvalidPicksError, type PickFinding } from './errors.ts';
import { parseChoiceRef } from '#core/choice-ref';

/** One well-formed pick. */
export interface Pick {
  /** The pick as given: "group.choice". */
  readonly ref: string;
  readonly group: number;
  /** Local choice index within the group. */
  readonly choice: number;
  /** Global choice number. */
  readonly global: number;
}

/** Resolves a "group.choice" reference, or describes why it cannot be resolved. */
export function resolvePick(compiled: CompiledCatalog, ref: string): Pick | string {
  const parsed = parseChoiceRef(ref);
  if (!parsed) return 'not a "group.choice" reference';
  const { group: groupId, choice: choiceId } = parsed;
  const g = compiled.model.groupIndex.get(groupId);
  if (g === undefined) return `unknown group "${groupId}"`;
  const gm = compiled.model.groups[g]!;
  const c = gm.choiceIndex.get(choiceId);
  if (c === undefined) return `unknown choice "${choiceId}" in group "${groupId}"`;
  return { ref, group: g, choice: c, global: gm.firstChoice + c };
}

/**
 * Parses the picks, collecting EVERY finding (unknown group or choice, duplicate, more picks in
 * a group than its max) before throwing, so the caller can fix them all at once.
 */
export function parsePicks(compiled: CompiledCatalog, refs: readonly string[]): Pick[] {
  const findings: PickFinding[] = [];
  const picks: Pick[] = [];
  const seen = new Set<string>();
  const perGroup = new Map<number, Pick[]>();
  for (const ref of refs) {
    if (typeof ref !== 'string') {
      findings.push({ pick: String(ref), problem: 'a pick is a "group.choice" string' });
      continue;
    }
    const pick = resolvePick(compiled, ref);
    if (typeof pick === 'string') {
      findings.push({ pick: ref, problem: pick });
      continue;
    }
    if (seen.has(ref)) {
      findings.push({ pick: ref, problem: 'duplicate pick' });
      continue;
    }
    seen.add(ref);
    picks.push(pick);
    const list = perGroup.get(pick.group) ?? [];
    list.push(pick);
    perGroup.set(pick.group, list);
  }
  for (const [g, list] of perGroup) {
    const gm = compiled.model.groups[g]!;
    if (list.length > gm.group.max) {
      for (const extra of list.slice(gm.group.max)) {
        findings.push({ pick: extra.ref, problem: `group "${gm.id}" allows at most ${gm.group.max} choice(s), got ${list.length}` });
      }
    }
  }
  if (findings.length > 0) throw new InvalidPicksError(findings);
  return picks;
}
