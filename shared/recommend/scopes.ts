/**
 * Which statistics an order teaches, and which may speak for a caller. Pure.
 *
 * - Everyone's statistics (per tenant and product) learn from every order.
 * - A segment's (the customer's tier) learn from every order of a customer of that tier: they
 *   are an aggregate, not a profile of anyone.
 * - A customer's own statistics learn from their orders, except orders placed with
 *   `remember: false` (one-off orders) and every order of a customer who asked not to be
 *   profiled (`doNotProfile`): for them nothing personal is kept, and nothing personal is read.
 */
import type { Tier } from '#core/catalog-document';
import type { RecommendStats } from './stats.ts';
import type { StatsBundle } from './recommend.ts';

export type StatsScope = { kind: 'everyone' } | { kind: 'segment'; segment: string } | { kind: 'customer'; customerId: string };

export interface OrderFacts {
  customerId: string;
  tier: Tier | null;
  /** `false` for a one-off order: it counts for everyone, never for the customer's own memory. */
  remember?: boolean;
  /** The customer asked not to be profiled. */
  doNotProfile?: boolean;
}

/** The statistics one placed order updates. */
export function scopesToUpdate(order: OrderFacts): StatsScope[] {
  const scopes: StatsScope[] = [{ kind: 'everyone' }];
  if (order.tier !== null) scopes.push({ kind: 'segment', segment: `tier-${order.tier}` });
  if (order.remember !== false && !order.doNotProfile) scopes.push({ kind: 'customer', customerId: order.customerId });
  return scopes;
}

/** The statistics that may speak for a caller: their own only when they may be profiled. */
export function bundleFor(
  caller: { tier: Tier | null; doNotProfile?: boolean },
  read: { everyone?: RecommendStats | null; segment?: (segment: string) => RecommendStats | null; customer?: () => RecommendStats | null },
): StatsBundle {
  return {
    everyone: read.everyone ?? null,
    segment: caller.tier !== null && read.segment ? read.segment(`tier-${caller.tier}`) : null,
    customer: caller.doNotProfile || !read.customer ? null : read.customer(),
  };
}
