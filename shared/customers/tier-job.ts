/**
 * The nightly tier job: for every tenant, rank its active customers by the value of the last 12
 * months, write each customer's tier where it changed, and report every change and win-back
 * signal (win-back.ts): each signal is published (an EventBridge event in AWS, a log line
 * locally) and every change lands in the tenant's tier-changes report. Storage comes in through
 * {@link TierStore} and the signals through {@link TierSignals}, so the job knows nothing about
 * DynamoDB or EventBridge (`shared/store/tier-repository.ts`, `shared/events/`).
 */
import type { Tier } from '#core/catalog-document';
import type { OrderValue } from './profile.ts';
import { assignTiers, thresholdsOrDefaults } from './tiers.ts';
import { judgeTierChange, type TierChange } from './win-back.ts';

/** A customer as the job reads it. */
export interface TierCustomer {
  customerId: string;
  recentOrders: OrderValue[];
  /** The stored tier; absent on a profile that never had one. */
  tier?: Tier;
  /** Set while a value-halved win-back signal stands (win-back.ts). */
  valueHalvedSince?: string;
}

/** What the job writes for one customer: the tier, the halving mark, and the report line if any. */
export interface TierWrite {
  customerId: string;
  tier: Tier;
  /** Whether the tier differs from the stored one (the customer's repeat orders then carry the new one). */
  tierChanged: boolean;
  valueHalvedSince: string | null;
  change?: TierChange;
}

/** Where the win-back signals go: EventBridge in AWS, a log line locally. */
export interface TierSignals {
  /** Publishes the signals of one tenant's run; throws when they could not all be published. */
  publish(signals: readonly TierChange[]): Promise<void>;
}

/** What the job needs from storage. */
export interface TierStore {
  /** Every tenant: the house and each partner. */
  listTenants(): Promise<string[]>;
  /** The tenant's current customers (records merged into another customer are left out). */
  listCustomers(tenantId: string): Promise<TierCustomer[]>;
  /** The current customers of one shard of the tenant's listing (tier-parts.ts). */
  listCustomersOfShard(tenantId: string, shard: number): Promise<TierCustomer[]>;
  /** The tenant's stored thresholds as they are (unchecked), or undefined when it has none. */
  storedThresholds(tenantId: string): Promise<unknown>;
  /** Writes one customer's tier, halving mark and report line together; nothing when the customer no longer exists. */
  saveTier(tenantId: string, write: TierWrite, computedAt: Date): Promise<void>;
}

/** The figures of one run, for the log line. */
export interface TierJobResult {
  tenants: number;
  customers: number;
  /** Tiers written because they differed from the stored one. */
  changed: number;
  /** Win-back signals given (each published, and listed in the tier-changes report). */
  winBack: number;
  /** Customers per tier after the run, over all tenants. */
  byTier: Record<Tier, number>;
}

/** Tier writes in flight at once within a tenant: fast, yet gentle on an on-demand table. */
export const TIER_WRITE_CONCURRENCY = 8;

/**
 * Runs the job once, tenant after tenant. `now` fixes the windows for the whole run, so a
 * retried run computes the same tiers. Per tenant, the win-back signals are published first and
 * the writes follow: a run that fails in between is retried (the schedule's retry, or the next
 * night) and publishes again, so every signal goes out at least once (consumers tell a repeat by
 * tenant, customer and `at`). Only customers whose tier or halving mark changed are written, so
 * a second run with the same `now` writes nothing and signals nothing.
 */
/**
 * What a customer's new tier writes: the tier, whether it changed, the win-back judgement; or
 * nothing when all of it stands as stored (a re-run writes nothing more).
 */
export function tierWriteOf(tenantId: string, customer: TierCustomer, tier: Tier, now: Date): TierWrite | undefined {
  const judged = judgeTierChange(tenantId, customer, tier, now);
  const tierChanged = customer.tier !== tier;
  if (!tierChanged && !judged.change && judged.valueHalvedSince === (customer.valueHalvedSince ?? null)) return undefined;
  return {
    customerId: customer.customerId,
    tier,
    tierChanged,
    valueHalvedSince: judged.valueHalvedSince,
    ...(judged.change ? { change: judged.change } : {}),
  };
}

export async function runTierJob(store: TierStore, now: Date, signals: TierSignals): Promise<TierJobResult> {
  const result: TierJobResult = { tenants: 0, customers: 0, changed: 0, winBack: 0, byTier: { A: 0, B: 0, C: 0 } };
  for (const tenantId of await store.listTenants()) {
    const [customers, stored] = await Promise.all([store.listCustomers(tenantId), store.storedThresholds(tenantId)]);
    const thresholds = thresholdsOrDefaults(stored);
    const tiers = assignTiers(customers, now, thresholds);
    const writes: TierWrite[] = [];
    for (const customer of customers) {
      const tier = tiers.get(customer.customerId);
      if (tier === undefined) continue;
      // Taken out once handled, so an id listed twice is counted and written once.
      tiers.delete(customer.customerId);
      result.byTier[tier]++;
      result.customers++;
      const write = tierWriteOf(tenantId, customer, tier, now);
      if (write) writes.push(write);
    }
    const winBack = writes.flatMap((w) => (w.change?.winBack ? [w.change] : []));
    if (winBack.length) await signals.publish(winBack);
    await inBatches(writes, TIER_WRITE_CONCURRENCY, (write) => store.saveTier(tenantId, write, now));
    result.changed += writes.filter((w) => w.tierChanged).length;
    result.winBack += winBack.length;
    result.tenants++;
  }
  return result;
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}
