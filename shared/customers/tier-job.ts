/**
 * The nightly tier job: for every tenant, rank its customers by the value of the last 12 months
 * and write each customer's tier where it changed. Storage comes in through {@link TierStore},
 * so the job knows nothing about DynamoDB (`shared/store/tier-repository.ts` implements it).
 */
import type { Tier } from '#core/catalog-document';
import type { OrderValue } from './profile.ts';
import { assignTiers, thresholdsOrDefaults } from './tiers.ts';

/** A customer as the job reads it. */
export interface TierCustomer {
  customerId: string;
  recentOrders: OrderValue[];
  /** The stored tier; absent on a profile that never had one. */
  tier?: Tier;
}

/** What the job needs from storage. */
export interface TierStore {
  /** Every tenant: the house and each partner. */
  listTenants(): Promise<string[]>;
  /** The tenant's current customers (records merged into another customer are left out). */
  listCustomers(tenantId: string): Promise<TierCustomer[]>;
  /** The tenant's stored thresholds as they are (unchecked), or undefined when it has none. */
  storedThresholds(tenantId: string): Promise<unknown>;
  /** Writes one tier; does nothing when the customer no longer exists. */
  setTier(tenantId: string, customerId: string, tier: Tier, computedAt: Date): Promise<void>;
}

/** The figures of one run, for the log line. */
export interface TierJobResult {
  tenants: number;
  customers: number;
  /** Tiers written because they differed from the stored one. */
  changed: number;
  /** Customers per tier after the run, over all tenants. */
  byTier: Record<Tier, number>;
}

/** Tier writes in flight at once within a tenant: fast, yet gentle on an on-demand table. */
export const TIER_WRITE_CONCURRENCY = 8;

/**
 * Runs the job once, tenant after tenant. `now` fixes the 12-month window for the whole run, so
 * a retried run computes the same tiers. Only tiers that differ from the stored one are written,
 * so a second run with the same `now` writes nothing.
 */
export async function runTierJob(store: TierStore, now: Date): Promise<TierJobResult> {
  const result: TierJobResult = { tenants: 0, customers: 0, changed: 0, byTier: { A: 0, B: 0, C: 0 } };
  for (const tenantId of await store.listTenants()) {
    const [customers, stored] = await Promise.all([store.listCustomers(tenantId), store.storedThresholds(tenantId)]);
    const thresholds = thresholdsOrDefaults(stored);
    const tiers = assignTiers(customers, now, thresholds);
    const changes: { customerId: string; tier: Tier }[] = [];
    for (const customer of customers) {
      const tier = tiers.get(customer.customerId);
      if (tier === undefined) continue;
      // Taken out once handled, so an id listed twice is counted and written once.
      tiers.delete(customer.customerId);
      result.byTier[tier]++;
      result.customers++;
      if (customer.tier !== tier) changes.push({ customerId: customer.customerId, tier });
    }
    await inBatches(changes, TIER_WRITE_CONCURRENCY, ({ customerId, tier }) => store.setTier(tenantId, customerId, tier, now));
    result.changed += changes.length;
    result.tenants++;
  }
  return result;
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}
