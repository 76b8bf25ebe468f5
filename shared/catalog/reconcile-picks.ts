/**
 * Picks remembered under an older catalog version may name a group or a choice today's catalog
 * no longer has (deleted, not merely retired). Such a pick cannot even be judged by the engine;
 * it is dropped with a reason the customer can read. Retired choices stay: the engine's repair
 * moves them to their `replacedBy`.
 */
import type { CatalogDocument } from '#core/catalog-document';
import type { Repair } from '#engine/index';
import { groupOfRef, parseChoiceRef } from '#core/choice-ref';

/** A pick dropped because today's catalog has no such group or choice. */
export interface DroppedPick {
  kind: 'dropped';
  group: string;
  from: string;
  reason: string;
}

/** The picks today's catalog can judge, and the ones it cannot, with why (pure). */
export function dropUnknownPicks(doc: CatalogDocument, picks: readonly string[]): { picks: string[]; dropped: DroppedPick[] } {
  const dropped: DroppedPick[] = [];
  const kept = picks.filter((pick) => {
    const ref = parseChoiceRef(pick);
    const groupId = ref?.group ?? groupOfRef(pick);
    const group = doc.groups.find((g) => g.id === groupId);
    if (ref && group?.choices.some((c) => c.id === ref.choice)) return true;
    dropped.push({
      kind: 'dropped',
      group: groupId,
      from: pick,
      reason: group ? `${pick} is no longer offered` : `the catalog no longer has a ${groupId} group`,
    });
    return false;
  });
  return { picks: kept, dropped };
}

/** A change the engine's repair made to remembered picks, keyed by group for the customer's "what changed". */
export interface RepairedPick {
  kind: 'replaced' | 'dropped';
  group: string;
  from: string;
  to?: string;
  reason: string;
}

/** The engine's repair of remembered picks as changes a customer reads (pure). */
export function changesOfRepair(repair: Repair): RepairedPick[] {
  return repair.changes.map((change) => ({
    kind: change.kind,
    group: groupOfRef(change.pick),
    from: change.pick,
    ...(change.to ? { to: change.to } : {}),
    reason: change.reason,
  }));
}
