/**
 * The win-back signal: a customer who was A or B and who moved down a tier, or whose value of
 * the last 90 days fell to half or less of the 90 days before, is worth a call before they are
 * gone. The nightly tier job judges every customer with {@link judgeTierChange} and reports each
 * change (the tier-changes report; an event for each win-back signal). Pure and deterministic.
 */
import type { Tier } from '#core/catalog-document';
import type { OrderValue } from './profile.ts';

/** The two quarters compared: the last 90 days, and the 90 days before. */
export const WIN_BACK_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
const RANK: Record<Tier, number> = { A: 0, B: 1, C: 2 };

/** Why a customer is worth winning back. */
export type WinBackReason = 'moved-down' | 'value-halved';

/** One line of the tier-changes report: a tier that changed, or a win-back signal, or both. */
export interface TierChange {
  tenantId: string;
  customerId: string;
  /** The tier job's time (the schedule's), which the report is ordered by. */
  at: string;
  from: Tier;
  to: Tier;
  /** True when the customer was A or B and is worth winning back (then `reasons` says why). */
  winBack: boolean;
  reasons: WinBackReason[];
  /** Value of the orders of the last 90 days, and of the 90 days before (minor units). */
  value90: number;
  previous90: number;
}

/**
 * The values of the last {@link WIN_BACK_WINDOW_DAYS} days (`now − 90 days < at ≤ now`) and of
 * the 90 days before (`now − 180 days < at ≤ now − 90 days`). Unreadable dates are left out;
 * negative or non-finite amounts count as 0, as for the tier.
 */
export function quarterValues(orders: readonly OrderValue[], now: Date): { value90: number; previous90: number } {
  const end = now.getTime();
  const middle = end - WIN_BACK_WINDOW_DAYS * DAY_MS;
  const start = middle - WIN_BACK_WINDOW_DAYS * DAY_MS;
  let value90 = 0;
  let previous90 = 0;
  for (const order of orders) {
    const at = Date.parse(order.at);
    if (Number.isNaN(at) || at <= start || at > end || !Number.isFinite(order.amount) || order.amount <= 0) continue;
    if (at > middle) value90 += order.amount;
    else previous90 += order.amount;
  }
  return { value90, previous90 };
}

/** A customer as the job knows them before this run. */
export interface JudgedCustomer {
  customerId: string;
  recentOrders: readonly OrderValue[];
  /** The stored tier; a profile without one counts as B (where every customer starts). */
  tier?: Tier;
  /** Set while the value-halved signal has been given and the value has not recovered: it is given once. */
  valueHalvedSince?: string;
}

/** What the job does with one customer: the tier and halving mark to store, and the report line, if any. */
export interface TierJudgement {
  tier: Tier;
  valueHalvedSince: string | null;
  /** Present when the tier changed or a win-back signal is given. */
  change?: TierChange;
}

/**
 * Judges one customer against their new tier (pure):
 *
 * - **moved-down**: the stored tier was A or B and the new one is lower (a one-off event: the run
 *   that moves them gives it);
 * - **value-halved**: the stored tier was A or B, the 90 days before the last 90 had value, and
 *   the last 90 days have half of it or less; given once, when it first holds
 *   (`valueHalvedSince` remembers it), and again only after the value recovered in between.
 */
export function judgeTierChange(tenantId: string, customer: JudgedCustomer, tier: Tier, now: Date): TierJudgement {
  const from = customer.tier ?? 'B';
  const at = now.toISOString();
  const { value90, previous90 } = quarterValues(customer.recentOrders, now);
  const wasValued = from === 'A' || from === 'B';
  const halved = previous90 > 0 && value90 * 2 <= previous90;
  const reasons: WinBackReason[] = [];
  if (wasValued && RANK[tier] > RANK[from]) reasons.push('moved-down');
  if (wasValued && halved && !customer.valueHalvedSince) reasons.push('value-halved');
  const valueHalvedSince = halved ? (customer.valueHalvedSince ?? (wasValued ? at : null)) : null;
  const judgement: TierJudgement = { tier, valueHalvedSince };
  if (tier !== from || reasons.length > 0)
    judgement.change = {
      tenantId,
      customerId: customer.customerId,
      at,
      from,
      to: tier,
      winBack: reasons.length > 0,
      reasons,
      value90,
      previous90,
    };
  return judgement;
}
