/**
 * The statistics a `configure` call recommends from, read next to the compiled catalog.
 *
 * A tenant's aggregates (everyone's, a tier segment's) are read at most once per `ttlMs` per
 * container and shared by every caller of that tenant: a warm click costs no read for them, and
 * the decoded form the model votes with is cached on the statistics object (model.ts), so it is
 * rebuilt only when a newer revision arrives, and then reuses the relevance weights while the
 * orders grew by less than 5 %. A customer's own statistics are read on every call
 * that names the customer (one small item), so an order they just placed speaks at once.
 *
 * "Everyone" is the tenant's customers; while a tenant that shares its statistics has fewer than
 * {@link POOL_BELOW_ORDERS} orders of a product, it is every sharing tenant's customers (the
 * pool is larger and includes the tenant's own orders).
 *
 * Recommending is a convenience: when the store does not answer or an item is damaged, the
 * call goes on with what is at hand (the last statistics read, or none: catalog defaults).
 */
import type { Tier } from '#core/catalog-document';
import { TtlCache } from '#core/ttl-cache';
import type { StatisticsScope, StatisticsStore, StoredStatistics } from './learning.ts';
import type { StatsBundle } from './recommend.ts';
import { bundleFor } from './scopes.ts';
import { supersedes } from './model.ts';
import type { RecommendStats } from './stats.ts';

/** Below this many orders of its own, a sharing tenant is recommended from the pool. */
export const POOL_BELOW_ORDERS = 20;

export interface StatisticsReaderOptions {
  /** How long a tenant's aggregates are trusted before they are read again. @default 10_000 */
  ttlMs?: number;
  now?: () => number;
  /** Told when a read fails (the call still answers). */
  onReadError?: (error: unknown) => void;
}

/** The customer a call configures for, as far as recommendations care. */
export interface RecommendedFor {
  customerId: string;
  tier: Tier | null;
  doNotProfile: boolean;
}

export class StatisticsReader {
  private readonly cache: TtlCache<string, StoredStatistics | undefined>;

  constructor(
    private readonly store: Pick<StatisticsStore, 'get'>,
    private readonly options: StatisticsReaderOptions = {},
  ) {
    this.cache = new TtlCache({ ttlMs: options.ttlMs ?? 10_000, ...(options.now ? { now: options.now } : {}) });
  }

  /**
   * The statistics that may speak for a call in `tenantId` about `productId`, for `customer` if
   * any; `sharesStatistics`: the tenant pools its statistics with the other tenants that do.
   */
  async bundle(tenantId: string, productId: string, customer?: RecommendedFor, sharesStatistics = false): Promise<StatsBundle> {
    const segment = customer?.tier ? `tier-${customer.tier}` : undefined;
    const [own, segmentStats, tenantEveryone, pooled] = await Promise.all([
      customer && !customer.doNotProfile
        ? this.read(tenantId, productId, { kind: 'customer', customerId: customer.customerId })
        : Promise.resolve(undefined),
      segment ? this.aggregate(tenantId, productId, { kind: 'segment', segment }) : Promise.resolve(null),
      this.aggregate(tenantId, productId, { kind: 'everyone' }),
      sharesStatistics ? this.aggregate('', productId, { kind: 'all-tenants' }) : Promise.resolve(null),
    ]);
    const tenantOrders = tenantEveryone?.orders ?? 0;
    const everyone = pooled && tenantOrders < POOL_BELOW_ORDERS && pooled.orders > tenantOrders ? pooled : tenantEveryone;
    return bundleFor(
      { tier: customer?.tier ?? null, doNotProfile: customer?.doNotProfile ?? false },
      { everyone, segment: () => segmentStats, customer: () => own?.stats ?? null },
    );
  }

  private async aggregate(
    tenantId: string,
    productId: string,
    scope: Exclude<StatisticsScope, { kind: 'customer' }>,
  ): Promise<RecommendStats | null> {
    const key = `${tenantId}\u0000${productId}\u0000${scope.kind === 'segment' ? scope.segment : scope.kind}`;
    const fresh = this.cache.fresh(key);
    if (fresh) return fresh.value?.stats ?? null;
    const previous = this.cache.stale(key);
    const stored = await this.read(tenantId, productId, scope, previous);
    // Keep the object we already have when the revision did not move: its decoded form stays
    // cached. When it moved, the new one may borrow the old one's relevance weights.
    const kept = previous && stored && previous.revision === stored.revision ? previous : stored;
    if (previous && kept && kept !== previous) supersedes(kept.stats, previous.stats);
    this.cache.set(key, kept);
    return kept?.stats ?? null;
  }

  private async read(
    tenantId: string,
    productId: string,
    scope: StatisticsScope,
    fallback?: StoredStatistics,
  ): Promise<StoredStatistics | undefined> {
    try {
      return await this.store.get(tenantId, productId, scope);
    } catch (error) {
      this.options.onReadError?.(error);
      return fallback;
    }
  }
}
