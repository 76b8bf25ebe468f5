/**
 * The port through which the partner use cases keep API Gateway in step with the partners in
 * the table: one usage plan per partner (rate, burst, daily quota) on the API's stage, and one
 * API Gateway API key per partner key, in that plan. See docs/adr/0002-partner-usage-plans-in-api-gateway.md.
 *
 * The API Gateway key's value is the hex SHA-256 of the partner's key (what the table stores
 * and what the authorizer returns as `usageIdentifierKey`), never the key itself: API Gateway
 * shows key values to anyone allowed to read them, and a hash there reveals nothing.
 *
 * The AWS adapter is `shared/gateway/api-gateway-usage-plans.ts`; its pure request builders are
 * `shared/gateway/usage-plan-requests.ts`.
 */
import type { UsagePlan } from './partner.ts';

/** The API and stage a request came in through (`requestContext.apiId` / `.stage`). */
export interface GatewayTarget {
  restApiId: string;
  stage: string;
}

/** One partner key as the gateway needs it: never the key, only its hash. */
export interface GatewayKey {
  keyId: string;
  /** Hex SHA-256 of the partner's key: the API Gateway key's value. */
  keyHash: string;
}

/**
 * Keeps API Gateway's usage plans and API keys in step with the partners. Every method is
 * idempotent: objects are found by a deterministic name before anything is created, so a
 * retry after a failure (ours or API Gateway's) converges instead of duplicating.
 * Failures are thrown as `UpstreamUnavailableError`.
 */
export interface UsagePlanGateway {
  /** The partner's usage plan exists on the target stage with exactly these limits. */
  syncPlan(target: GatewayTarget, partnerId: string, plan: UsagePlan): Promise<void>;
  /** Each key exists as an enabled API key in the partner's plan (the plan is synced first). */
  addKeys(target: GatewayTarget, partnerId: string, plan: UsagePlan, keys: readonly GatewayKey[]): Promise<void>;
  /** The API key of a partner key no longer exists (already absent: nothing to do). */
  removeKey(target: GatewayTarget, partnerId: string, keyId: string): Promise<void>;
}

/** Locally there is no API Gateway: the local server's token bucket reads the plan from the table. */
export const NO_USAGE_PLAN_GATEWAY: UsagePlanGateway = {
  syncPlan: async () => {},
  addKeys: async () => {},
  removeKey: async () => {},
};
