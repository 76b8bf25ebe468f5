/**
 * Customer tiers A, B and C from the value of the last 12 months, among the customers who
 * ordered in that time. Pure and deterministic: the nightly job (`tier-job.ts`) reads the
 * customers, calls {@link assignTiers}, writes the result.
 */
import type { Tier } from '#core/catalog-document';
import type { OrderValue } from './profile.ts';
import { TierThresholdsSchema, type TierThresholds } from './schemas.ts';

export { TierThresholdsSchema, type TierThresholds };

/** The top 5 % are A, the bottom 20 % are C. */
export const DEFAULT_TIER_THRESHOLDS: TierThresholds = Object.freeze({ topPercentA: 5, bottomPercentC: 20 });

/**
 * A tenant's stored thresholds, checked; the defaults when there are none. A stored value that
 * does not pass {@link TierThresholdsSchema} also gives the defaults: one bad settings item must
 * not stop the nightly job for every tenant (settings are validated when they are written).
 */
export function thresholdsOrDefaults(stored: unknown): TierThresholds {
  const parsed = TierThresholdsSchema.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_TIER_THRESHOLDS;
}

/** The value window: orders of the last 365 days count. */
export const TIER_WINDOW_DAYS = 365;
const DAY_MS = 86_400_000;

/** What the tiers are computed from: one customer's recent orders. */
export interface TierInput {
  customerId: string;
  recentOrders: readonly OrderValue[];
}

/** How many customers the percentages allow, for `n` customers (see {@link assignTiers}). */
export function tierQuotas(n: number, thresholds: TierThresholds = DEFAULT_TIER_THRESHOLDS): { a: number; c: number } {
  // Whole basis points keep the arithmetic exact: 5 % of 20 is exactly 1, never 1.0000000000000002.
  const aBasisPoints = Math.round(thresholds.topPercentA * 100);
  // Rounding both to 0.01 % could make them sum to 100.01 %; C gives way.
  const cBasisPoints = Math.min(Math.round(thresholds.bottomPercentC * 100), 10_000 - aBasisPoints);
  return { a: Math.ceil((n * aBasisPoints) / 10_000), c: Math.floor((n * cBasisPoints) / 10_000) };
}

/**
 * A customer's value: the sum of the amounts of orders placed within the last
 * {@link TIER_WINDOW_DAYS} days, i.e. with `now − 365 days ≤ at ≤ now`. Orders with an
 * unreadable date are left out; negative or non-finite amounts count as 0 (refunds are not
 * modelled as orders). `hasRecentOrder` is true when at least one order falls in the window.
 */
export function recentValue(recentOrders: readonly OrderValue[], now: Date): { value: number; hasRecentOrder: boolean } {
  const end = now.getTime();
  const start = end - TIER_WINDOW_DAYS * DAY_MS;
  let value = 0;
  let hasRecentOrder = false;
  for (const order of recentOrders) {
    const at = Date.parse(order.at);
    if (Number.isNaN(at) || at < start || at > end) continue;
    hasRecentOrder = true;
    if (Number.isFinite(order.amount) && order.amount > 0) value += order.amount;
  }
  return { value, hasRecentOrder };
}

/**
 * Assigns every customer a tier from their value of the last 12 months ({@link recentValue}).
 *
 * The ranking is among the **active** customers only: those with at least one order in the
 * window. A customer without one (a brand-new customer who never ordered, or one whose last
 * order is older than a year) is **B**, the tier of a customer we know nothing against: tier C
 * stands for "the bottom share by value costs more than it brings", which is a statement about
 * customers who buy, not about customers we have not met yet. (There is no fourth tier "new":
 * every catalog's `tiers` lists and price lists already say what B gets; see
 * docs/adr/0004-fair-tiers-and-perks.md.)
 *
 * With `n` active customers:
 *
 * - **A quota** = ⌈n × topPercentA / 100⌉ (so with the default 5 %, one customer out of 1 to 20
 *   is A), **C quota** = ⌊n × bottomPercentC / 100⌋ (one out of 5 to 9 is C). Rounding always
 *   favours the better tier, and since ⌈x⌉ + ⌊y⌋ ≤ n whenever x + y ≤ n, the two never overlap.
 *   Percentages are taken to 0.01 %.
 * - **A**: active customers with value > 0 whose value is at least that of the customer ranked
 *   at the A quota (ranked by value, highest first). Ties at the boundary all get A, so A can
 *   exceed its quota; customers with value 0 are never A, so A can also fall short of it.
 * - **C**: active customers whose value is strictly lower than that of the first customer above
 *   the C quota (ranked lowest first). Ties at that boundary all get B, so C never exceeds its
 *   quota.
 * - **B**: everyone else, every inactive customer included.
 *
 * Consequently, among active customers the tier depends on the value alone (strictly more value
 * never gets a worse tier), and an inactive customer changes nobody's tier: adding or removing
 * one leaves every other tier as it was. The result does not depend on the order of
 * `customers`. A customer id that appears twice keeps its first entry.
 */
export function assignTiers(
  customers: readonly TierInput[],
  now: Date,
  thresholds: TierThresholds = DEFAULT_TIER_THRESHOLDS,
): Map<string, Tier> {
  const seen = new Set<string>();
  const active: { customerId: string; value: number }[] = [];
  const tiers = new Map<string, Tier>();
  for (const customer of customers) {
    if (seen.has(customer.customerId)) continue;
    seen.add(customer.customerId);
    const { value, hasRecentOrder } = recentValue(customer.recentOrders, now);
    if (hasRecentOrder) active.push({ customerId: customer.customerId, value });
    else tiers.set(customer.customerId, 'B');
  }
  const n = active.length;
  const quotas = tierQuotas(n, thresholds);
  // Highest value first; the id only fixes an order among equals, which get the same tier anyway.
  const ranked = active.sort((x, y) => y.value - x.value || (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : 0));

  const aBoundary = quotas.a > 0 ? ranked[quotas.a - 1]?.value : undefined;
  // The first customer above the C quota, counted from the bottom.
  const cBoundary = quotas.c > 0 ? ranked[n - 1 - quotas.c]?.value : undefined;

  const boundaries: TierBoundaries = {
    ...(aBoundary === undefined ? {} : { a: aBoundary }),
    ...(cBoundary === undefined ? {} : { c: cBoundary }),
  };
  for (const customer of ranked) tiers.set(customer.customerId, tierForValue(customer.value, true, boundaries));
  return tiers;
}

/**
 * The value boundaries of a tenant's tiers (see {@link assignTiers}): `a` the value of the
 * customer ranked at the A quota, `c` that of the first customer above the C quota; absent when
 * the quota is 0.
 */
export interface TierBoundaries {
  a?: number;
  c?: number;
}

/**
 * The tier a value earns against the boundaries, the one rule of {@link assignTiers} and of the
 * scaled-out job (tier-parts.ts): inactive is B; A needs value > 0 and ≥ `a`; C is < `c`.
 */
export function tierForValue(value: number, hasRecentOrder: boolean, boundaries: TierBoundaries): Tier {
  if (!hasRecentOrder) return 'B';
  if (boundaries.a !== undefined && value > 0 && value >= boundaries.a) return 'A';
  if (boundaries.c !== undefined && value < boundaries.c) return 'C';
  return 'B';
}
