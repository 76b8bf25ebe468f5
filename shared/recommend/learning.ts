/**
 * Learning from placed orders: every order updates the statistics of its product that it may
 * teach (scopes.ts): everyone's in its tenant, its customer's tier segment, and the customer's
 * own unless the order is a one-off (`remember: false`) or the customer asked not to be
 * profiled. Runs behind the table's change stream (functions/order-learning.ts), so placing an
 * order never waits for it and never fails because of it.
 *
 * Stream deliveries are at least once and batches may be retried, so learning is idempotent:
 * each statistics item remembers the ids of the orders it learned last and skips them. Writers
 * of one item (several shards, retries) are serialised by a revision check: read, learn, write
 * if nobody wrote in between, else read again.
 *
 * Free of AWS types: the stores are passed in.
 */
import type { Tier } from '#core/catalog-document';
import { addOrder, customerHash, emptyStats, mergeStats, type RecommendStats } from './stats.ts';
import { scopesToUpdate, type StatsScope } from './scopes.ts';

/** What learning needs of one placed order (from the order item's new image). */
export interface PlacedOrder {
  orderId: string;
  tenantId: string;
  customerId: string;
  productId: string;
  picks: string[];
  remember: boolean;
}

/** Statistics as stored: the model's statistics, the item's revision and the last order ids learned. */
export interface StoredStatistics {
  stats: RecommendStats;
  /** Bumped by every write; 0 when there is no item yet. */
  revision: number;
  recentOrderIds: string[];
}

/** Which statistics item: a tenant's scope (scopes.ts), or the pool of every tenant that shares its statistics. */
export type StatisticsScope = StatsScope | { kind: 'all-tenants' };

/**
 * What a statistics write did: `written`; `stale` when another writer came first (read again);
 * `refused` for a customer's own statistics when the customer is gone or opted out meanwhile.
 */
export type StatisticsWrite = 'written' | 'stale' | 'refused';

/** Where statistics items live (shared/store/statistics-repository.ts; in memory in unit tests). */
export interface StatisticsStore {
  /** `tenantId` is ignored for the `all-tenants` pool. */
  get(tenantId: string, productId: string, scope: StatisticsScope): Promise<StoredStatistics | undefined>;
  /**
   * Writes if the item is still at `next.revision - 1`. A customer's own statistics are written
   * only while their profile exists and allows profiling, checked in the same write.
   */
  put(tenantId: string, productId: string, scope: StatisticsScope, next: StoredStatistics, updatedAt: string): Promise<StatisticsWrite>;
}

/** What learning reads and writes, passed in (free of AWS types). */
export interface LearningDeps {
  statistics: StatisticsStore;
  /** The customer as they are now; `undefined` once erased (then nothing personal is learned). */
  customer(tenantId: string, customerId: string): Promise<{ tier: Tier | null; doNotProfile: boolean } | undefined>;
  /** Whether the tenant pools its order statistics with the other tenants that do (the house always does). */
  sharesStatistics(tenantId: string): Promise<boolean>;
  now: () => Date;
}

/**
 * How many learned order ids an item remembers against duplicate deliveries: Lambda redelivers a
 * failed batch within seconds to minutes, so this covers every order of a busy product meanwhile.
 */
export const RECENT_ORDER_IDS = 1_000;

/** A customer's own statistics keep their 50 most ordered configurations of a product. */
export const CUSTOMER_MAX_ROWS = 50;
/** Attempts per statistics item when other writers keep coming first. */
export const MAX_WRITE_ATTEMPTS = 6;

/** What one batch of orders did to the statistics. */
export interface LearningResult {
  /** Orders learned into at least one new statistics write. */
  learned: number;
  /** Order ids whose statistics could not all be written (to be delivered again). */
  failedOrderIds: string[];
  /** Statistics items written. */
  writes: number;
  /** Why items could not be written (store unavailable, damaged or oversized item). */
  errors: string[];
}

/** One statistics item and the orders that teach it, in stream order. */
export interface StatisticsUpdate {
  /** '' for the `all-tenants` pool. */
  tenantId: string;
  productId: string;
  scope: StatisticsScope;
  orders: PlacedOrder[];
}

function scopeId(scope: StatisticsScope): string {
  return scope.kind === 'segment' ? `segment:${scope.segment}` : scope.kind === 'customer' ? `customer:${scope.customerId}` : scope.kind;
}

/**
 * Which statistics items a batch of orders updates, each with its orders (pure). `facts` gives
 * each order's customer as they are now (tier, opt-out); the order of a customer erased since
 * teaches the aggregates only (their tier and their memory are gone with them). `shares` says
 * whether the order's tenant pools its statistics with the other tenants that do.
 */
export function planUpdates(
  orders: readonly PlacedOrder[],
  facts: (order: PlacedOrder) => { tier: Tier | null; doNotProfile: boolean } | undefined,
  shares: (tenantId: string) => boolean = () => false,
): StatisticsUpdate[] {
  const updates = new Map<string, StatisticsUpdate>();
  for (const order of orders) {
    const customer = facts(order);
    const scopes: StatisticsScope[] = scopesToUpdate({
      customerId: order.customerId,
      tier: customer?.tier ?? null,
      remember: order.remember,
      doNotProfile: customer ? customer.doNotProfile : true,
    });
    if (shares(order.tenantId)) scopes.push({ kind: 'all-tenants' });
    for (const scope of scopes) {
      const tenantId = scope.kind === 'all-tenants' ? '' : order.tenantId;
      const id = `${tenantId}\u0000${order.productId}\u0000${scopeId(scope)}`;
      const update = updates.get(id) ?? { tenantId, productId: order.productId, scope, orders: [] };
      update.orders.push(order);
      updates.set(id, update);
    }
  }
  return [...updates.values()];
}

/**
 * Applies the orders to stored statistics (pure): skips orders already learned, returns the
 * next stored value, or `undefined` when there is nothing new.
 */
export function applyOrders(
  current: StoredStatistics | undefined,
  scope: StatisticsScope,
  orders: readonly PlacedOrder[],
  recentLimit: number,
): StoredStatistics | undefined {
  const seen = new Set(current?.recentOrderIds ?? []);
  const fresh = orders.filter((o) => {
    if (seen.has(o.orderId)) return false;
    seen.add(o.orderId);
    return true;
  });
  if (fresh.length === 0) return undefined;
  // Never mutate what was read: a failed write must leave the caller's copy as it was.
  const stats: RecommendStats = current
    ? structuredClone(current.stats)
    : emptyStats(scope.kind === 'customer' ? { maxRows: CUSTOMER_MAX_ROWS } : {});
  // Aggregates count the distinct customers behind them (the k-customer floor); a customer's own need not.
  for (const order of fresh)
    addOrder(stats, order.picks, scope.kind === 'customer' ? undefined : customerHash(order.tenantId, order.customerId));
  return {
    stats,
    revision: (current?.revision ?? 0) + 1,
    recentOrderIds: [...(current?.recentOrderIds ?? []), ...fresh.map((o) => o.orderId)].slice(-recentLimit),
  };
}

/**
 * A customer's own statistics of one product after merging a duplicate record of them into
 * the kept one (pure): the duplicate's orders are learned after the kept record's, within a
 * customer's row bound, and the item's revision moves on from the kept item's (0 if none).
 */
export function mergePersonalStatistics(
  kept: StoredStatistics | undefined,
  duplicate: StoredStatistics,
  recentLimit = RECENT_ORDER_IDS,
): StoredStatistics {
  const base = kept?.stats ?? emptyStats({ maxRows: CUSTOMER_MAX_ROWS });
  return {
    stats: mergeStats(base, duplicate.stats),
    revision: (kept?.revision ?? 0) + 1,
    recentOrderIds: [...(kept?.recentOrderIds ?? []), ...duplicate.recentOrderIds].slice(-recentLimit),
  };
}

/** A customer's own statistics item of one product as read for a merge; `stored` is missing when the item is damaged. */
export interface PersonalStatisticsItem {
  productId: string;
  revision: number;
  stored?: StoredStatistics;
}

/** One write of a customer merge to personal statistics, conditional on the revision read. */
export type PersonalStatisticsWrite =
  | { kind: 'put'; customerId: string; productId: string; next: StoredStatistics }
  | { kind: 'delete'; customerId: string; productId: string; revision: number };

/**
 * The writes a customer merge makes to personal statistics (pure), each conditional on the
 * revision read, so an order learned meanwhile cancels the merge rather than being lost:
 * - the merged record may be profiled: per product, the duplicate's statistics merged into the
 *   kept record's item (replacing a damaged one) and the duplicate's item deleted;
 * - it may not: every personal statistics item of both records deleted, damaged ones too.
 */
export function planPersonalStatisticsMerge(
  records: { keptId: string; duplicateId: string },
  items: { kept: readonly PersonalStatisticsItem[]; duplicate: readonly PersonalStatisticsItem[] },
  doNotProfile: boolean,
): PersonalStatisticsWrite[] {
  const remove = (customerId: string, item: PersonalStatisticsItem): PersonalStatisticsWrite => ({
    kind: 'delete',
    customerId,
    productId: item.productId,
    revision: item.revision,
  });
  if (doNotProfile)
    return [...items.kept.map((i) => remove(records.keptId, i)), ...items.duplicate.map((i) => remove(records.duplicateId, i))];
  return items.duplicate.flatMap((item): PersonalStatisticsWrite[] => {
    if (!item.stored) return [remove(records.duplicateId, item)];
    const kept = items.kept.find((k) => k.productId === item.productId);
    // A damaged kept item is replaced: the merged statistics start from the duplicate's alone.
    const next = { ...mergePersonalStatistics(kept?.stored, item.stored), ...(kept ? { revision: kept.revision + 1 } : {}) };
    return [{ kind: 'put', customerId: records.keptId, productId: item.productId, next }, remove(records.duplicateId, item)];
  });
}

/** Learns a batch of placed orders into every statistics item they teach. */
export async function learnFromOrders(
  deps: LearningDeps,
  orders: readonly PlacedOrder[],
  recentLimit = RECENT_ORDER_IDS,
): Promise<LearningResult> {
  const customers = new Map<string, { tier: Tier | null; doNotProfile: boolean } | undefined>();
  const sharing = new Map<string, boolean>();
  const failed = new Set<string>();
  const errors: string[] = [];
  const readable: PlacedOrder[] = [];
  for (const order of orders) {
    const id = `${order.tenantId}\u0000${order.customerId}`;
    try {
      if (!customers.has(id)) customers.set(id, await deps.customer(order.tenantId, order.customerId));
      if (!sharing.has(order.tenantId)) sharing.set(order.tenantId, await deps.sharesStatistics(order.tenantId));
      readable.push(order);
    } catch (error) {
      // Only this order waits for its redelivery; the rest of the batch is learned now.
      failed.add(order.orderId);
      errors.push(
        `order ${order.orderId}: its customer or tenant could not be read (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
  const updates = planUpdates(
    readable,
    (o) => customers.get(`${o.tenantId}\u0000${o.customerId}`),
    (t) => sharing.get(t) ?? false,
  );
  const learned = new Set<string>();
  let writes = 0;
  for (const update of updates) {
    let done = false;
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS && !done; attempt++) {
      try {
        const current = await deps.statistics.get(update.tenantId, update.productId, update.scope);
        const next = applyOrders(current, update.scope, update.orders, recentLimit);
        if (!next) done = true;
        else {
          const outcome = await deps.statistics.put(update.tenantId, update.productId, update.scope, next, deps.now().toISOString());
          if (outcome === 'written') {
            writes += 1;
            for (const o of update.orders) learned.add(o.orderId);
          }
          // 'refused': the customer is gone or opted out since; nothing personal is kept.
          done = outcome !== 'stale';
        }
      } catch (error) {
        lastError = error;
      }
    }
    if (!done) {
      // Reported, not thrown: the stream delivers these orders again (and after its retries,
      // parks them in the dead-letter queue), while the rest of the batch is learned.
      for (const o of update.orders) failed.add(o.orderId);
      errors.push(
        `${update.productId} (${scopeId(update.scope)}): ${lastError instanceof Error ? lastError.message : 'other writers kept coming first'}`,
      );
    }
  }
  return { learned: learned.size, failedOrderIds: [...failed], writes, errors };
}
