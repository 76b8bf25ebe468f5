/**
 * The partner domain's public contract: the zod schemas of what admins send about partners.
 * No logic: the HTTP layer validates requests with these, the use cases take their types.
 */
import * as z from 'zod';
import { IdSchema, PriceListEntrySchema } from '#core/catalog-document';
import { UsagePlanSchema } from '#core/usage-plan';

/** The partner's own prices, applied after the catalog's tier list (see the engine's price rules). */
export const PartnerPriceListSchema = z.strictObject({ entries: z.array(PriceListEntrySchema).max(10_000) });
export type PartnerPriceList = z.infer<typeof PartnerPriceListSchema>;

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
