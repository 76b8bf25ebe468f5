/**
 * Partners (resellers): who they are, their price list and their usage plan. Admins manage
 * them; partners never set any of it themselves.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { IdSchema, PriceListEntrySchema } from '#core/catalog-document';
import { HOUSE_TENANT } from '#core/tenant';

/** Requests per second, burst and daily quota, enforced per partner (API Gateway usage plan; locally a token bucket). */
export const UsagePlanSchema = z.strictObject({
  ratePerSecond: z.number().int().min(1).max(10_000),
  burst: z.number().int().min(1).max(20_000),
  dailyQuota: z.number().int().min(1).max(100_000_000),
});
export type UsagePlan = z.infer<typeof UsagePlanSchema>;

export const DEFAULT_USAGE_PLAN: UsagePlan = { ratePerSecond: 50, burst: 100, dailyQuota: 100_000 };

/** The partner's own prices, applied after the catalog's tier list (see the engine's price rules). */
export const PartnerPriceListSchema = z.strictObject({ entries: z.array(PriceListEntrySchema).max(10_000) });

export const CreatePartnerSchema = z.strictObject({
  partnerId: IdSchema.optional(),
  name: z.string().min(1).max(200),
  priceList: PartnerPriceListSchema.optional(),
  usagePlan: UsagePlanSchema.optional(),
  /** Pool this partner's order statistics with the other tenants that do, for recommendations (default false). */
  shareOrderStatistics: z.boolean().optional(),
});

export const UpdatePartnerSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  priceList: PartnerPriceListSchema.nullable().optional(),
  usagePlan: UsagePlanSchema.optional(),
  shareOrderStatistics: z.boolean().optional(),
});

export const IssueKeySchema = z.strictObject({
  /** The new key stops working after this many days (absent: until revoked). */
  validForDays: z.number().int().min(1).max(3_650).optional(),
});

export interface Partner {
  partnerId: string;
  name: string;
  createdAt: string;
  priceList?: z.infer<typeof PartnerPriceListSchema>;
  usagePlan: UsagePlan;
  /**
   * The partner's orders teach the statistics pooled across tenants, and its customers are
   * recommended from that pool while the partner's own orders are few. Aggregates only.
   */
  shareOrderStatistics?: boolean;
}

/**
 * Whether a tenant pools its order statistics with the other tenants that do: the house (our own
 * web customers) always, a partner when an admin set its `shareOrderStatistics`. The one rule for
 * both sides: the order-learning function (who teaches the pool) and configure (who reads it).
 */
export async function tenantSharesOrderStatistics(
  tenantId: string,
  findPartner: (partnerId: string) => Promise<Pick<Partner, 'shareOrderStatistics'> | undefined>,
): Promise<boolean> {
  return tenantId === HOUSE_TENANT || (await findPartner(tenantId))?.shareOrderStatistics === true;
}

/** What an admin sees of a key: never the key itself. */
export interface ApiKeySummary {
  keyId: string;
  status: 'active' | 'revoked';
  createdAt: string;
  validUntil?: string;
  /** The key's last four characters, to tell keys apart. */
  hint: string;
}

/** A new secret API key: 32 random bytes, prefixed so leaked keys are easy to scan for. */
export function newApiKey(): string {
  return `pk_live_${randomBytes(32).toString('base64url')}`;
}
