/**
 * The tier job in parts that scale out over the shards of a tenant's customer listing (keys.ts
 * LISTING_SHARDS): in AWS each part is one Lambda invocation inside a Step Functions workflow
 * (Map states over the shards with bounded concurrency), locally `npm run tiers` runs the same
 * parts with a bounded fan-out. For each tenant:
 *
 * 1. **Thresholds, from exact ranks.** The A boundary is the value at descending rank `quota A`
 *    among the active customers, the C boundary the value at descending rank `n − quota C`,
 *    exactly as {@link assignTiers} ranks them in one piece. No part sees every customer, so the
 *    two values are found by selection: a {@link countShard} part per shard counts the shard's
 *    active customers and their lowest and highest value; then rounds of {@link narrowShard}
 *    parts split each boundary's value interval into {@link NARROW_SLICES} slices and count,
 *    per slice, the values and their lowest and highest; {@link narrowTargets} (pure) keeps the
 *    slice holding the rank, shrunk to the values really in it, until it holds one value. Each
 *    round re-reads the shards (reads are cheap; docs/scale.md) and answers a few KB per shard,
 *    within Step Functions' 256 KB state.
 * 2. **Apply, per shard.** {@link applyShard} gives each customer of the shard the tier its
 *    value earns against the boundaries ({@link tierForValue}, the rule of assignTiers),
 *    publishes the shard's win-back signals, then writes the tiers that changed.
 *
 * Every part is idempotent and retryable: counting and narrowing only read; applying with the
 * same `at` and boundaries writes only what differs from what is stored, so a re-run writes and
 * signals nothing more (a run that failed between publishing and writing publishes again: at
 * least once, as before).
 */
import type { Tier } from '#core/catalog-document';
import { tierWriteOf, type TierJobResult, type TierStore, type TierWrite, type TierSignals } from './tier-job.ts';
import { recentValue, tierForValue, tierQuotas, thresholdsOrDefaults, type TierBoundaries } from './tiers.ts';

/** Slices of an interval per narrowing round: 16 × 3 numbers a boundary, so 64 shards answer under 100 KB (a Step Functions state holds 256 KB). */
export const NARROW_SLICES = 16;

/** What the parts need of storage: the tier store and the listing's shards. */
export interface ShardedTierStore extends TierStore {
  readonly listingShards: number;
}

/** A shard's active customers: how many, and their lowest and highest value (absent when none). */
export interface ShardCount {
  active: number;
  min?: number;
  max?: number;
}

/** One boundary being searched: the value at descending rank `rank` lies in [lo, hi]; `above` values are known to be greater than hi. */
export interface NarrowTarget {
  rank: number;
  lo: number;
  hi: number;
  above: number;
}

/** Per target, per slice: how many values, their lowest and highest. */
export type SliceCounts = { count: number; min: number; max: number }[];

/** The search state of one tenant: the boundaries still searched, and those found. */
export interface ThresholdSearch {
  a?: NarrowTarget | { value: number };
  c?: NarrowTarget | { value: number };
}

/** The slice of [lo, hi] that `value` falls in (pure). */
export function sliceOf(value: number, lo: number, hi: number, slices = NARROW_SLICES): number {
  if (hi <= lo) return 0;
  return Math.min(slices - 1, Math.max(0, Math.floor(((value - lo) / (hi - lo)) * slices)));
}

/** The active values of a shard's customers at `now`. */
async function activeValues(store: ShardedTierStore, tenantId: string, shard: number, now: Date): Promise<number[]> {
  const values: number[] = [];
  for (const customer of await store.listCustomersOfShard(tenantId, shard)) {
    const { value, hasRecentOrder } = recentValue(customer.recentOrders, now);
    if (hasRecentOrder) values.push(value);
  }
  return values;
}

/** Part 1: counts one shard's active customers, with their lowest and highest value. Reads only. */
export async function countShard(store: ShardedTierStore, tenantId: string, shard: number, now: Date): Promise<ShardCount> {
  const values = await activeValues(store, tenantId, shard, now);
  if (!values.length) return { active: 0 };
  let min = values[0]!;
  let max = values[0]!;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { active: values.length, min, max };
}

/** The search of a tenant's boundaries from its shards' counts and its thresholds (pure). */
export function startSearch(counts: readonly ShardCount[], storedThresholds: unknown): ThresholdSearch {
  const n = counts.reduce((sum, c) => sum + c.active, 0);
  const withValues = counts.filter((c) => c.active > 0);
  if (!n) return {};
  const lo = Math.min(...withValues.map((c) => c.min!));
  const hi = Math.max(...withValues.map((c) => c.max!));
  const quotas = tierQuotas(n, thresholdsOrDefaults(storedThresholds));
  const target = (rank: number): NarrowTarget | { value: number } => (lo === hi ? { value: lo } : { rank, lo, hi, above: 0 });
  return { ...(quotas.a > 0 ? { a: target(quotas.a) } : {}), ...(quotas.c > 0 ? { c: target(n - quotas.c) } : {}) };
}

/** The targets of a search still being narrowed. */
export function openTargets(search: ThresholdSearch): NarrowTarget[] {
  return [search.a, search.c].filter((t): t is NarrowTarget => t !== undefined && 'rank' in t);
}

/** Part 2: one shard's counts per slice of each open target. Reads only. */
export async function narrowShard(
  store: ShardedTierStore,
  tenantId: string,
  shard: number,
  now: Date,
  targets: readonly NarrowTarget[],
): Promise<SliceCounts[]> {
  const values = await activeValues(store, tenantId, shard, now);
  return targets.map((t) => {
    const slices: SliceCounts = [];
    for (const v of values) {
      if (v < t.lo || v > t.hi) continue;
      const s = sliceOf(v, t.lo, t.hi);
      const slice = slices[s];
      if (!slice) slices[s] = { count: 1, min: v, max: v };
      else {
        slice.count++;
        if (v < slice.min) slice.min = v;
        if (v > slice.max) slice.max = v;
      }
    }
    // Dense for JSON (Step Functions): empty slices as zero counts.
    return Array.from({ length: NARROW_SLICES }, (_, s) => slices[s] ?? { count: 0, min: 0, max: 0 });
  });
}

/**
 * One narrowing step of each open target from every shard's slice counts (pure): the slice that
 * holds the rank (walking from the highest), shrunk to the lowest and highest value in it; a
 * slice holding one value is the boundary.
 */
export function narrowTargets(search: ThresholdSearch, perShard: readonly SliceCounts[][]): ThresholdSearch {
  const next: ThresholdSearch = { ...search };
  const open = openTargets(search);
  for (const name of ['a', 'c'] as const) {
    const target = search[name];
    if (!target || !('rank' in target)) continue;
    const index = open.indexOf(target);
    let above = target.above;
    for (let s = NARROW_SLICES - 1; s >= 0; s--) {
      let count = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const shard of perShard) {
        const slice = shard[index]![s]!;
        if (!slice.count) continue;
        count += slice.count;
        min = Math.min(min, slice.min);
        max = Math.max(max, slice.max);
      }
      if (above + count >= target.rank) {
        next[name] = min === max ? { value: min } : { rank: target.rank, lo: min, hi: max, above };
        break;
      }
      above += count;
    }
  }
  return next;
}

/** The boundaries of a finished search (pure); throws while a target is still open. */
export function boundariesOf(search: ThresholdSearch): TierBoundaries {
  if (openTargets(search).length) throw new Error('the threshold search is not finished');
  const value = (t: ThresholdSearch['a']) => (t && 'value' in t ? t.value : undefined);
  const a = value(search.a);
  const c = value(search.c);
  return { ...(a === undefined ? {} : { a }), ...(c === undefined ? {} : { c }) };
}

/** The figures of one applied shard. */
export interface ShardResult {
  customers: number;
  changed: number;
  winBack: number;
  byTier: Record<Tier, number>;
}

/** Writes in flight at once within a shard. */
export const SHARD_WRITE_CONCURRENCY = 8;

/**
 * Part 3: tiers one shard against the tenant's boundaries: the win-back signals first, then the
 * writes of what changed (tier-job.ts explains why in that order). Idempotent for a given `now`.
 */
export async function applyShard(
  store: ShardedTierStore,
  signals: TierSignals,
  tenantId: string,
  shard: number,
  now: Date,
  boundaries: TierBoundaries,
): Promise<ShardResult> {
  const result: ShardResult = { customers: 0, changed: 0, winBack: 0, byTier: { A: 0, B: 0, C: 0 } };
  const seen = new Set<string>();
  const writes: TierWrite[] = [];
  for (const customer of await store.listCustomersOfShard(tenantId, shard)) {
    if (seen.has(customer.customerId)) continue;
    seen.add(customer.customerId);
    const { value, hasRecentOrder } = recentValue(customer.recentOrders, now);
    const tier = tierForValue(value, hasRecentOrder, boundaries);
    result.byTier[tier]++;
    result.customers++;
    const write = tierWriteOf(tenantId, customer, tier, now);
    if (write) writes.push(write);
  }
  const winBack = writes.flatMap((w) => (w.change?.winBack ? [w.change] : []));
  if (winBack.length) await signals.publish(winBack);
  for (let start = 0; start < writes.length; start += SHARD_WRITE_CONCURRENCY)
    await Promise.all(writes.slice(start, start + SHARD_WRITE_CONCURRENCY).map((write) => store.saveTier(tenantId, write, now)));
  result.changed = writes.filter((w) => w.tierChanged).length;
  result.winBack = winBack.length;
  return result;
}

/** Runs `work` for every item, at most `concurrency` at once, keeping the order of the results. */
export async function boundedMap<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The thresholds of one tenant, found part by part with at most `concurrency` shard parts at once. */
export async function findBoundaries(store: ShardedTierStore, tenantId: string, now: Date, concurrency: number): Promise<TierBoundaries> {
  const shards = Array.from({ length: store.listingShards }, (_, shard) => shard);
  const [counts, stored] = await Promise.all([
    boundedMap(shards, concurrency, (shard) => countShard(store, tenantId, shard, now)),
    store.storedThresholds(tenantId),
  ]);
  let search = startSearch(counts, stored);
  // Every round leaves fewer distinct values in each interval (its lowest and highest fall in different slices), so this ends; 64 rounds is far beyond any data.
  for (let round = 0; openTargets(search).length && round < 64; round++) {
    const targets = openTargets(search);
    const perShard = await boundedMap(shards, concurrency, (shard) => narrowShard(store, tenantId, shard, now, targets));
    search = narrowTargets(search, perShard);
  }
  return boundariesOf(search);
}

/** Where a tenant's threshold search stands: the search, what the next round narrows, and the boundaries once found. */
export interface SearchStep {
  search: ThresholdSearch;
  targets: NarrowTarget[];
  done: boolean;
  boundaries?: TierBoundaries;
}

/** The step of a search (pure). */
export function searchStep(search: ThresholdSearch): SearchStep {
  const targets = openTargets(search);
  return { search, targets, done: targets.length === 0, ...(targets.length ? {} : { boundaries: boundariesOf(search) }) };
}

/**
 * One part of the job, as the Step Functions workflow invokes it (infra/stacks/tier-workflow.ts):
 * every input is the JSON the previous state produced, every answer a few KB.
 */
export type TierPart =
  | { part: 'tenants' }
  | { part: 'count'; tenantId: string; shard: number; at: string }
  | { part: 'search'; tenantId: string; counts: ShardCount[] }
  | { part: 'narrow'; tenantId: string; shard: number; at: string; targets: NarrowTarget[] }
  | { part: 'narrowed'; search: ThresholdSearch; perShard: SliceCounts[][] }
  | { part: 'apply'; tenantId: string; shard: number; at: string; boundaries: TierBoundaries };

/** Runs one part (idempotent: reads, pure steps, or an apply that writes only what differs). */
export async function runTierPart(store: ShardedTierStore, signals: TierSignals, event: TierPart): Promise<unknown> {
  switch (event.part) {
    case 'tenants':
      return { tenants: await store.listTenants(), shards: Array.from({ length: store.listingShards }, (_, shard) => shard) };
    case 'count':
      return countShard(store, event.tenantId, event.shard, new Date(event.at));
    case 'search':
      return searchStep(startSearch(event.counts, await store.storedThresholds(event.tenantId)));
    case 'narrow':
      return narrowShard(store, event.tenantId, event.shard, new Date(event.at), event.targets);
    case 'narrowed':
      return searchStep(narrowTargets(event.search, event.perShard));
    case 'apply':
      return applyShard(store, signals, event.tenantId, event.shard, new Date(event.at), event.boundaries);
  }
}

/**
 * The whole job in parts, as the workflow runs it, in one process (`npm run tiers`): tenant after
 * tenant, the thresholds first, then every shard applied, at most `concurrency` shard parts at once.
 */
export async function runShardedTierJob(
  store: ShardedTierStore,
  now: Date,
  signals: TierSignals,
  concurrency: number,
): Promise<TierJobResult> {
  const result: TierJobResult = { tenants: 0, customers: 0, changed: 0, winBack: 0, byTier: { A: 0, B: 0, C: 0 } };
  const shards = Array.from({ length: store.listingShards }, (_, shard) => shard);
  for (const tenantId of await store.listTenants()) {
    const boundaries = await findBoundaries(store, tenantId, now, concurrency);
    const parts = await boundedMap(shards, concurrency, (shard) => applyShard(store, signals, tenantId, shard, now, boundaries));
    for (const part of parts) {
      result.customers += part.customers;
      result.changed += part.changed;
      result.winBack += part.winBack;
      for (const tier of ['A', 'B', 'C'] as const) result.byTier[tier] += part.byTier[tier];
    }
    result.tenants++;
  }
  return result;
}
