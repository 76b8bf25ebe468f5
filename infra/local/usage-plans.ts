/**
 * The local stand-in for API Gateway usage plans: a token bucket per partner (rate and burst)
 * and a daily quota, from the partner's plan. In AWS, API Gateway enforces the same plan.
 * A caller over its plan gets 429 with Retry-After, never a dropped connection.
 */
import { RateLimitedError } from '#http/problem';
import type { UsagePlan } from '#partners/partner';

interface Bucket {
  tokens: number;
  refilledAt: number;
  day: string;
  usedToday: number;
}

export class UsagePlanEnforcer {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one request from the partner's allowance, or throws `RateLimitedError`. */
  take(partnerId: string, plan: UsagePlan): void {
    const now = this.now();
    const day = new Date(now).toISOString().slice(0, 10);
    let bucket = this.buckets.get(partnerId);
    if (!bucket) {
      bucket = { tokens: plan.burst, refilledAt: now, day, usedToday: 0 };
      this.buckets.set(partnerId, bucket);
    }
    if (bucket.day !== day) Object.assign(bucket, { day, usedToday: 0 });
    bucket.tokens = Math.min(plan.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * plan.ratePerSecond);
    bucket.refilledAt = now;
    if (bucket.usedToday >= plan.dailyQuota) {
      const midnight = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
      throw new RateLimitedError(
        `the daily quota of ${plan.dailyQuota} requests is used up; it resets at 00:00 UTC`,
        Math.ceil((midnight - now) / 1000),
      );
    }
    if (bucket.tokens < 1) {
      throw new RateLimitedError(
        `more than ${plan.ratePerSecond} requests per second (burst ${plan.burst}); slow down`,
        Math.max(1, Math.ceil((1 - bucket.tokens) / plan.ratePerSecond)),
      );
    }
    bucket.tokens -= 1;
    bucket.usedToday += 1;
  }
}
