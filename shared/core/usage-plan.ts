/**
 * A partner's usage plan: requests per second, burst and daily quota (an API Gateway usage plan
 * in AWS; locally a token bucket). A core type: the partner domain sets it, the store keeps it,
 * the local runtime and API Gateway enforce it.
 */
import * as z from 'zod';

/** Requests per second, burst and daily quota, enforced per partner (API Gateway usage plan; locally a token bucket). */
export const UsagePlanSchema = z.strictObject({
  ratePerSecond: z.number().int().min(1).max(10_000),
  burst: z.number().int().min(1).max(20_000),
  dailyQuota: z.number().int().min(1).max(100_000_000),
});
export type UsagePlan = z.infer<typeof UsagePlanSchema>;

export const DEFAULT_USAGE_PLAN: UsagePlan = { ratePerSecond: 50, burst: 100, dailyQuota: 100_000 };
