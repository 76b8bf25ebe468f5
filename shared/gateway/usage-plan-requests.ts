/**
 * The API Gateway requests that keep usage plans and API keys in step with the partners (pure:
 * names, request inputs, the patch that brings a plan in line), unit-tested without AWS;
 * `api-gateway-usage-plans.ts` sends them.
 */
import type {
  CreateApiKeyRequest,
  CreateUsagePlanKeyRequest,
  CreateUsagePlanRequest,
  PatchOperation,
  UsagePlan as GatewayUsagePlan,
} from '@aws-sdk/client-api-gateway';
import type { UsagePlan } from '#core/usage-plan';
import type { GatewayKey, GatewayTarget } from '#partners/usage-plan-gateway';

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
