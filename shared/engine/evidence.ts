/** Turning picks and the caller's tier into per-group unary evidence for propagation. */
import type { Tier } from '#core/catalog-document';
import type { CompiledCatalog } from './compiled.ts';
import type { Pick } from './picks.ts';
import type { Evidence } from './propagate.ts';

const tierCache = new WeakMap<CompiledCatalog, Map<string, (Uint8Array | null)[]>>();

/** Whether a choice is closed to the caller: tier-limited and the caller's tier is not listed (or unknown). */
export function tierForbids(compiled: CompiledCatalog, global: number, tier: Tier | null): boolean {
  const gm = compiled.model.groups[compiled.model.choiceGroup[global]!]!;
  const tiers = gm.group.choices[global - gm.firstChoice]!.tiers;
  return tiers !== undefined && (tier === null || !tiers.includes(tier));
}

/** Per group: the values without tier-closed choices, or null when nothing is closed. Cached per tier. */
export function tierMasks(compiled: CompiledCatalog, tier: Tier | null): (Uint8Array | null)[] {
  let byTier = tierCache.get(compiled);
  if (!byTier) tierCache.set(compiled, (byTier = new Map()));
  const key = tier ?? '-';
  let masks = byTier.get(key);
  if (!masks) {
    masks = compiled.model.groups.map((gm) => {
      const closed = gm.group.choices.map((_, c) => tierForbids(compiled, gm.firstChoice + c, tier));
      if (!closed.some(Boolean)) return null;
      return Uint8Array.from(gm.values, (members) => (members.some((c) => closed[c]) ? 0 : 1));
    });
    byTier.set(key, masks);
  }
  return masks;
}

/** Values of the group containing every given choice. */
export function valuesContaining(compiled: CompiledCatalog, group: number, choices: readonly number[]): Uint8Array {
  const gm = compiled.model.groups[group]!;
  const mask = new Uint8Array(gm.values.length);
  if (choices.length === 0) return mask.fill(1);
  for (const v of gm.valuesWithChoice[choices[0]!]!) {
    if (choices.every((c) => gm.values[v]!.includes(c))) mask[v] = 1;
  }
  return mask;
}

/**
 * Evidence for a set of picks (at most a group's max per group, as parsing guarantees) under
 * the caller's fixed restrictions (`fixed`: the tier's masks and stated needs, per variable).
 */
export function evidenceFor(compiled: CompiledCatalog, picks: readonly Pick[], fixed: readonly (Uint8Array | null)[]): Evidence {
  const byGroup = new Map<number, number[]>();
  for (const p of picks) {
    const list = byGroup.get(p.group) ?? [];
    list.push(p.choice);
    byGroup.set(p.group, list);
  }
  const pick: (Uint8Array | null)[] = new Array(compiled.model.groups.length).fill(null);
  for (const [g, choices] of byGroup) pick[g] = valuesContaining(compiled, g, choices);
  return { pick, tier: fixed };
}
