/**
 * The recommendation domain's public contract: the zod schemas of what admins send about
 * recommendations. No logic: the HTTP layer validates requests with these.
 */
import * as z from 'zod';

/** The largest floor a tenant may set: the statistics count distinct customers up to this many (stats.ts). */
export const MAX_MIN_CUSTOMERS = 20;

/** `PUT /admin/tenants/{tenantId}/recommendations`. */
export const RecommendationSettingsSchema = z.strictObject({
  /**
   * A recommendation learned from other customers' orders ("segment", "everyone") needs at least
   * this many distinct customers behind the recommended choice; below, the catalog default. At
   * least 2: a recommendation never repeats one person's choice.
   */
  minCustomers: z.number().int().min(2).max(MAX_MIN_CUSTOMERS),
});
export type RecommendationSettings = z.infer<typeof RecommendationSettingsSchema>;
