/**
 * The AWS adapter against an in-memory API Gateway control plane (a fake of API Gateway's
 * client, not of the table): retries converge, nothing is duplicated, failures become 503s.
 */
import { ConflictException, NotFoundException, TooManyRequestsException, type APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '#core/digest';
import { ApiGatewayUsagePlans } from '#gateway/api-gateway-usage-plans';
import { UpstreamUnavailableError } from '#core/errors';

const target = { restApiId: 'api1', stage: 'prod' };
const plan = { ratePerSecond: 5, burst: 10, dailyQuota: 1000 };
const key = { keyId: 'k_01', keyHash: sha256Hex('pk_live_the-secret-key') };

class FakeApiGateway {
  plans: Record<string, any>[] = [];
  keys: Record<string, any>[] = [];
  planKeys = new Set<string>();
  sent: string[] = [];
  private failures = new Map<string, Error>();
  private ids = 0;
  failOnce(command: string, error: Error) {
    this.failures.set(command, error);
  }
  async send(command: { constructor: { name: string }; input: any }) {
    const name = command.constructor.name;
    const input = command.input;
    this.sent.push(name);
    const failure = this.failures.get(name);
    if (failure) {
      this.failures.delete(name);
      throw failure;
    }
    switch (name) {
      case 'GetUsagePlansCommand':
        return { items: this.plans.map((p) => structuredClone(p)) };
      case 'CreateUsagePlanCommand': {
        const created = { ...structuredClone(input), id: `up${++this.ids}` };
        this.plans.push(created);
        return created;
      }
      case 'UpdateUsagePlanCommand': {
        const existing = this.plans.find((p) => p.id === input.usagePlanId)!;
        for (const op of input.patchOperations) {
          if (op.path === '/apiStages')
            existing.apiStages = [...(existing.apiStages ?? []), { apiId: op.value.split(':')[0], stage: op.value.split(':')[1] }];
          else {
            const [, group, field] = op.path.split('/');
            existing[group] = { ...existing[group], [field]: field === 'period' ? op.value : Number(op.value) };
          }
        }
        return existing;
      }
      case 'GetApiKeysCommand':
        return {
          items: this.keys
            .filter((k) => k.name.startsWith(input.nameQuery))
            .map((k) => (input.includeValues ? { ...k } : { ...k, value: undefined })),
        };
      case 'CreateApiKeyCommand': {
        if (this.keys.some((k) => k.value === input.value))
          throw new ConflictException({ message: 'API Key already exists', $metadata: {} });
        const created = { ...input, id: `key${++this.ids}`, createdDate: new Date() };
        this.keys.push(created);
        return created;
      }
      case 'CreateUsagePlanKeyCommand': {
        const id = `${input.usagePlanId}/${input.keyId}`;
        if (this.planKeys.has(id)) throw new ConflictException({ message: 'already in the plan', $metadata: {} });
        this.planKeys.add(id);
        return {};
      }
      case 'DeleteApiKeyCommand': {
        if (!this.keys.some((k) => k.id === input.apiKey)) throw new NotFoundException({ message: 'no key', $metadata: {} });
        this.keys = this.keys.filter((k) => k.id !== input.apiKey);
        for (const id of [...this.planKeys]) if (id.endsWith(`/${input.apiKey}`)) this.planKeys.delete(id);
        return {};
      }
      default:
        throw new Error(`unexpected ${name}`);
    }
  }
}

function adapter() {
  const fake = new FakeApiGateway();
  return { fake, gateway: new ApiGatewayUsagePlans(fake as unknown as APIGatewayClient) };
}

describe('ApiGatewayUsagePlans', () => {
  it('makes the plan, the key (value: the hash) and its place in the plan, once, however often it is called', async () => {
    // Prepare
    const { fake, gateway } = adapter();
    // Act
    await gateway.addKeys(target, 'northwind', plan, [key]);
    await gateway.addKeys(target, 'northwind', plan, [key]);
    // Assess
    expect(fake.plans).toHaveLength(1);
    expect(fake.plans[0]).toMatchObject({
      throttle: { rateLimit: 5, burstLimit: 10 },
      quota: { limit: 1000, period: 'DAY' },
      apiStages: [{ apiId: 'api1', stage: 'prod' }],
    });
    expect(fake.keys).toEqual([expect.objectContaining({ value: key.keyHash, enabled: true })]);
    expect(fake.planKeys.size).toBe(1);
    // The second call finds plan and key by name; adding the key to the plan again is a conflict, taken as done.
    expect(fake.sent.filter((c) => c.startsWith('Create'))).toEqual([
      'CreateUsagePlanCommand',
      'CreateApiKeyCommand',
      'CreateUsagePlanKeyCommand',
      'CreateUsagePlanKeyCommand',
    ]);
  });

  it('converges after a failure half-way (the key made, not yet in the plan)', async () => {
    // Prepare
    const { fake, gateway } = adapter();
    fake.failOnce('CreateUsagePlanKeyCommand', new TooManyRequestsException({ message: 'slow down', $metadata: {} }));
    // Act
    const failed = gateway.addKeys(target, 'northwind', plan, [key]);
    await expect(failed).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await gateway.addKeys(target, 'northwind', plan, [key]);
    // Assess
    expect(fake.plans).toHaveLength(1);
    expect(fake.keys).toHaveLength(1);
    expect(fake.planKeys.size).toBe(1);
  });

  it('brings an existing plan in line with a changed one, and sends nothing when it is', async () => {
    // Prepare
    const { fake, gateway } = adapter();
    await gateway.syncPlan(target, 'northwind', plan);
    // Act
    await gateway.syncPlan(target, 'northwind', { ...plan, burst: 40 });
    const before = fake.sent.length;
    await gateway.syncPlan(target, 'northwind', { ...plan, burst: 40 });
    // Assess
    expect(fake.plans[0]!.throttle).toEqual({ rateLimit: 5, burstLimit: 40 });
    expect(fake.sent.slice(before)).toEqual(['GetUsagePlansCommand']);
  });

  it('removes a key by name, and removing it again is not an error', async () => {
    // Prepare
    const { fake, gateway } = adapter();
    await gateway.addKeys(target, 'northwind', plan, [key, { keyId: 'k_02', keyHash: sha256Hex('another') }]);
    // Act
    await gateway.removeKey(target, 'northwind', 'k_01');
    await gateway.removeKey(target, 'northwind', 'k_01');
    // Assess
    expect(fake.keys.map((k) => k.name)).toEqual(['configurator/api1/prod/partner/northwind/key/k_02']);
    expect(fake.planKeys.size).toBe(1);
  });

  it('turns API Gateway errors into a retryable 503 that names the step', async () => {
    // Prepare
    const { fake, gateway } = adapter();
    fake.failOnce('GetUsagePlansCommand', new Error('socket hang up'));
    // Act
    const failed = gateway.syncPlan(target, 'northwind', plan);
    // Assess
    await expect(failed).rejects.toThrow(UpstreamUnavailableError);
    await expect(gateway.syncPlan(target, 'northwind', plan)).resolves.toBeUndefined();
  });
});
