/**
 * The port through which the partner use cases keep API Gateway in step with the partners in
 * the table: one usage plan per partner (rate, burst, daily quota) on the API's stage, and one
 * API Gateway API key per partner key, in that plan. See docs/adr/0002-partner-usage-plans-in-api-gateway.md.
 *
 * The API Gateway key's value is the hex SHA-256 of the partner's key (what the table stores
 * and what the authorizer returns as `usageIdentifierKey`), never the key itself: API Gateway
 * shows key values to anyone allowed to read them, and a hash there reveals nothing.
 *
 * Everything here is pure (names, request inputs, the patch that brings a plan in line), so it
 * is unit-tested without AWS; `api-gateway-usage-plans.ts` sends these requests.
 */
import type {
  CreateApiKeyRequest,
  CreateUsagePlanKeyRequest,
  CreateUsagePlanRequest,
  PatchOperation,
  UsagePlan as GatewayUsagePlan,
} from '@aws-sdk/client-api-gateway';
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

/** Every name starts with this and the API and stage, so several stacks can share an account. */
const NAME_PREFIX = 'configurator';

/** The partner's usage plan, by name (API Gateway generates ids; names are how we find it again). */
export function usagePlanName(target: GatewayTarget, partnerId: string): string {
  return `${NAME_PREFIX}/${target.restApiId}/${target.stage}/partner/${partnerId}`;
}

/** The API key of one partner key. */
export function apiKeyName(target: GatewayTarget, partnerId: string, keyId: string): string {
  return `${usagePlanName(target, partnerId)}/key/${keyId}`;
}

/** `CreateUsagePlan` for a partner: its limits, attached to the target stage only. */
export function createUsagePlanInput(target: GatewayTarget, partnerId: string, plan: UsagePlan): CreateUsagePlanRequest {
  return {
    name: usagePlanName(target, partnerId),
    description: `Partner ${partnerId}: ${plan.ratePerSecond} requests/s, burst ${plan.burst}, ${plan.dailyQuota} requests/day`,
    apiStages: [{ apiId: target.restApiId, stage: target.stage }],
    throttle: { rateLimit: plan.ratePerSecond, burstLimit: plan.burst },
    quota: { limit: plan.dailyQuota, offset: 0, period: 'DAY' },
  };
}

/**
 * The `UpdateUsagePlan` operations that bring an existing plan in line with the partner's
 * plan and stage; empty when it already is (then nothing is sent).
 */
export function usagePlanPatch(existing: GatewayUsagePlan, target: GatewayTarget, plan: UsagePlan): PatchOperation[] {
  const operations: PatchOperation[] = [];
  if (existing.throttle?.rateLimit !== plan.ratePerSecond)
    operations.push({ op: 'replace', path: '/throttle/rateLimit', value: String(plan.ratePerSecond) });
  if (existing.throttle?.burstLimit !== plan.burst)
    operations.push({ op: 'replace', path: '/throttle/burstLimit', value: String(plan.burst) });
  if (existing.quota?.limit !== plan.dailyQuota) operations.push({ op: 'replace', path: '/quota/limit', value: String(plan.dailyQuota) });
  if (existing.quota?.period !== 'DAY') operations.push({ op: 'replace', path: '/quota/period', value: 'DAY' });
  const attached = (existing.apiStages ?? []).some((s) => s.apiId === target.restApiId && s.stage === target.stage);
  if (!attached) operations.push({ op: 'add', path: '/apiStages', value: `${target.restApiId}:${target.stage}` });
  return operations;
}

/** `CreateApiKey` for a partner key: enabled, its value the key's hash, attached through the plan (no stage keys). */
export function createApiKeyInput(target: GatewayTarget, partnerId: string, key: GatewayKey): CreateApiKeyRequest {
  if (!/^[0-9a-f]{64}$/.test(key.keyHash))
    throw new Error(`an API Gateway key value must be the hex SHA-256 of the partner key, got ${key.keyHash.length} characters`);
  return {
    name: apiKeyName(target, partnerId, key.keyId),
    description: `Partner ${partnerId}, key ${key.keyId}: the value is the SHA-256 of the partner's key, which the authorizer returns as usageIdentifierKey`,
    enabled: true,
    value: key.keyHash,
  };
}

/** `CreateUsagePlanKey`: the API key joins the partner's plan. */
export function createUsagePlanKeyInput(usagePlanId: string, apiKeyId: string): CreateUsagePlanKeyRequest {
  return { usagePlanId, keyId: apiKeyId, keyType: 'API_KEY' };
}

/** The one item with exactly this name (`nameQuery` matches prefixes); the oldest if a race made two. */
export function findByName<T extends { name?: string | undefined; createdDate?: Date | undefined }>(
  items: readonly T[] | undefined,
  name: string,
): T | undefined {
  const matches = (items ?? []).filter((item) => item.name === name);
  return matches.sort((a, b) => (a.createdDate?.getTime() ?? 0) - (b.createdDate?.getTime() ?? 0))[0];
}
