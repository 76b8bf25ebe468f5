import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#core/digest';
import { usageIdentifierKey } from '#http/identity';
import {
  apiKeyName,
  createApiKeyInput,
  createUsagePlanInput,
  createUsagePlanKeyInput,
  findByName,
  usagePlanName,
  usagePlanPatch,
} from '#gateway/usage-plan-requests';

const target = { restApiId: 'a1b2c3', stage: 'prod' };
const plan = { ratePerSecond: 5, burst: 10, dailyQuota: 10_000 };

describe('API Gateway requests for partners', () => {
  it('names plans and keys by API, stage, partner and key, so they are found again', () => {
    // Act
    const planName = usagePlanName(target, 'northwind');
    const keyName = apiKeyName(target, 'northwind', 'k_01');
    // Assess
    expect(planName).toBe('configurator/a1b2c3/prod/partner/northwind');
    expect(keyName).toBe('configurator/a1b2c3/prod/partner/northwind/key/k_01');
    expect(usagePlanName({ ...target, stage: 'test' }, 'northwind')).not.toBe(planName);
  });

  it("creates a plan with the partner's rate, burst and daily quota on the target stage", () => {
    // Act
    const input = createUsagePlanInput(target, 'northwind', plan);
    // Assess
    expect(input).toMatchObject({
      name: usagePlanName(target, 'northwind'),
      apiStages: [{ apiId: 'a1b2c3', stage: 'prod' }],
      throttle: { rateLimit: 5, burstLimit: 10 },
      quota: { limit: 10_000, offset: 0, period: 'DAY' },
    });
  });

  it('patches only what differs, and nothing when the plan is in line', () => {
    // Prepare
    const inLine = {
      id: 'up1',
      throttle: { rateLimit: 5, burstLimit: 10 },
      quota: { limit: 10_000, period: 'DAY' as const },
      apiStages: [{ apiId: 'a1b2c3', stage: 'prod' }],
    };
    // Act
    const none = usagePlanPatch(inLine, target, plan);
    const changed = usagePlanPatch({ ...inLine, apiStages: [] }, target, { ...plan, burst: 20, dailyQuota: 500 });
    // Assess
    expect(none).toEqual([]);
    expect(changed).toEqual([
      { op: 'replace', path: '/throttle/burstLimit', value: '20' },
      { op: 'replace', path: '/quota/limit', value: '500' },
      { op: 'add', path: '/apiStages', value: 'a1b2c3:prod' },
    ]);
  });

  it('gives the API Gateway key the hash of the partner key as its value, never the key, and refuses anything else', () => {
    // Prepare
    const apiKey = 'pk_live_abcdefghijklmnopqrstuvwxyz0123456789';
    // Act
    const input = createApiKeyInput(target, 'northwind', { keyId: 'k_01', keyHash: sha256Hex(apiKey) });
    // Assess
    expect(input.value).toBe(sha256Hex(apiKey));
    expect(JSON.stringify(input)).not.toContain(apiKey);
    expect(input).toMatchObject({ name: apiKeyName(target, 'northwind', 'k_01'), enabled: true });
    expect(() => createApiKeyInput(target, 'northwind', { keyId: 'k_01', keyHash: apiKey })).toThrow(/SHA-256/);
    expect(createUsagePlanKeyInput('up1', 'key1')).toEqual({ usagePlanId: 'up1', keyId: 'key1', keyType: 'API_KEY' });
  });

  it('finds exactly the named item (nameQuery matches prefixes), the oldest after a race', () => {
    // Prepare
    const items = [
      { id: '3', name: 'x/key/k_10', createdDate: new Date(1) },
      { id: '2', name: 'x/key/k_1', createdDate: new Date(20) },
      { id: '1', name: 'x/key/k_1', createdDate: new Date(10) },
    ];
    // Act + Assess
    expect(findByName(items, 'x/key/k_1')?.id).toBe('1');
    expect(findByName(items, 'x/key/k_2')).toBeUndefined();
  });

  it("names the usage identifier the authorizer returns: the partner key's hash, else the shared keys", () => {
    // Prepare
    const shared = { webCallers: 'configurator-web-callers-uuid', unauthenticated: 'configurator-unauthenticated-uuid' };
    // Act + Assess
    expect(usageIdentifierKey({ identity: { kind: 'partner', tenantId: 'p', partnerId: 'p' } }, 'pk_live_secret_value', shared)).toBe(
      sha256Hex('pk_live_secret_value'),
    );
    expect(usageIdentifierKey({ identity: { kind: 'admin' } }, undefined, shared)).toBe(shared.webCallers);
    expect(usageIdentifierKey({ identity: { kind: 'customer', tenantId: 'house', customerId: 'c' } }, undefined, shared)).toBe(
      shared.webCallers,
    );
    expect(usageIdentifierKey({ failure: 'the API key has been revoked' }, 'pk_live_revoked', shared)).toBe(shared.unauthenticated);
    expect(usageIdentifierKey({ identity: { kind: 'admin' } }, undefined, {})).toBeUndefined();
  });
});
