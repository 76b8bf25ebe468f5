/**
 * The order of the two writes (API Gateway, the table) and what a failure of either leaves
 * behind: an in-memory gateway (the port) and an in-memory store, with failures on demand.
 * The real repository on DynamoDB Local is covered by test/integration/partners*.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '#core/digest';
import { StoreUnavailableError, UpstreamUnavailableError, ConflictError, NotFoundError } from '#core/errors';
import type { ApiKeySummary, Partner, UsagePlan } from '#partners/partner';
import { PartnerAdmin, type IssuedKey, type PartnerChanges, type PartnerStore } from '#partners/partner-admin';
import type { GatewayKey, GatewayTarget, UsagePlanGateway } from '#partners/usage-plan-gateway';

const target: GatewayTarget = { restApiId: 'api1', stage: 'prod' };
const plan: UsagePlan = { ratePerSecond: 5, burst: 10, dailyQuota: 1000 };

type Method = 'syncPlan' | 'addKeys' | 'removeKey' | 'create' | 'addApiKey' | 'revokeApiKey' | 'update';

class Faults {
  private readonly failing = new Map<Method, Error>();
  readonly calls: string[] = [];
  fail(method: Method, error: Error) {
    this.failing.set(method, error);
  }
  heal(method: Method) {
    this.failing.delete(method);
  }
  check(method: Method, detail: string) {
    this.calls.push(`${method} ${detail}`);
    const error = this.failing.get(method);
    if (error) throw error;
  }
}

class MemoryGateway implements UsagePlanGateway {
  readonly plans = new Map<string, UsagePlan>();
  /** keyId -> hash, per partner. */
  readonly keys = new Map<string, Map<string, string>>();
  constructor(private readonly faults: Faults) {}
  async syncPlan(_t: GatewayTarget, partnerId: string, p: UsagePlan) {
    this.faults.check('syncPlan', partnerId);
    this.plans.set(partnerId, p);
  }
  async addKeys(_t: GatewayTarget, partnerId: string, p: UsagePlan, keys: readonly GatewayKey[]) {
    // Partial success first, as API Gateway may leave it: the plan exists before the key fails.
    this.plans.set(partnerId, p);
    this.faults.check('addKeys', `${partnerId} ${keys.map((k) => k.keyId).join(',')}`);
    const mine = this.keys.get(partnerId) ?? new Map<string, string>();
    for (const key of keys) mine.set(key.keyId, key.keyHash);
    this.keys.set(partnerId, mine);
  }
  async removeKey(_t: GatewayTarget, partnerId: string, keyId: string) {
    this.faults.check('removeKey', `${partnerId} ${keyId}`);
    this.keys.get(partnerId)?.delete(keyId);
  }
}

class MemoryStore implements PartnerStore {
  readonly partners = new Map<string, Partner>();
  readonly keys = new Map<string, ApiKeySummary & { keyHash: string; partnerId: string }>();
  constructor(private readonly faults: Faults) {}
  async find(partnerId: string) {
    return this.partners.get(partnerId);
  }
  async create(partner: Partner, key: IssuedKey) {
    this.faults.check('create', partner.partnerId);
    if (this.partners.has(partner.partnerId)) throw new ConflictError('exists');
    this.partners.set(partner.partnerId, partner);
    this.store(partner.partnerId, key);
  }
  async update(partnerId: string, changes: PartnerChanges) {
    this.faults.check('update', partnerId);
    const partner = {
      ...this.partners.get(partnerId)!,
      ...(changes.usagePlan ? { usagePlan: changes.usagePlan } : {}),
      ...(changes.name ? { name: changes.name } : {}),
    };
    this.partners.set(partnerId, partner);
    return partner;
  }
  async addApiKey(partnerId: string, key: IssuedKey) {
    this.faults.check('addApiKey', partnerId);
    this.store(partnerId, key);
  }
  async revokeApiKey(partnerId: string, keyId: string) {
    this.faults.check('revokeApiKey', `${partnerId} ${keyId}`);
    const key = this.keys.get(keyId);
    if (!key || key.partnerId !== partnerId) throw new NotFoundError('no such key');
    key.status = 'revoked';
  }
  async listApiKeys(partnerId: string) {
    return (await this.listStoredKeys(partnerId)).map(({ keyHash: _h, ...summary }) => summary);
  }
  async listStoredKeys(partnerId: string) {
    return [...this.keys.values()].filter((k) => k.partnerId === partnerId).map(({ partnerId: _p, ...k }) => k);
  }
  private store(partnerId: string, key: IssuedKey) {
    this.keys.set(key.keyId, {
      partnerId,
      keyId: key.keyId,
      keyHash: sha256Hex(key.apiKey),
      status: 'active',
      createdAt: key.createdAt,
      hint: key.apiKey.slice(-4),
    });
  }
}

let faults: Faults;
let gateway: MemoryGateway;
let store: MemoryStore;
let warnings: string[];
let admin: PartnerAdmin;

beforeEach(() => {
  faults = new Faults();
  gateway = new MemoryGateway(faults);
  store = new MemoryStore(faults);
  warnings = [];
  let clock = Date.parse('2026-11-23T10:00:00Z');
  admin = new PartnerAdmin({ store, gateway, warn: (message) => warnings.push(message), now: () => new Date((clock += 1000)) });
});

const outage = () => new UpstreamUnavailableError('API Gateway did not add the API key: TooManyRequestsException');

describe('partner admin: API Gateway and the table in step', () => {
  it('creates the partner in API Gateway first (plan, key = hash of the key), then in the table', async () => {
    // Act
    const created = await admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    // Assess
    expect(faults.calls).toEqual([`addKeys northwind ${created.keyId}`, 'create northwind']);
    expect(gateway.plans.get('northwind')).toEqual(plan);
    expect(gateway.keys.get('northwind')?.get(created.keyId)).toBe(sha256Hex(created.apiKey));
    expect(store.keys.get(created.keyId)?.keyHash).toBe(sha256Hex(created.apiKey));
  });

  it('saves nothing when API Gateway fails, removes the half-made key, and a retry succeeds', async () => {
    // Prepare
    faults.fail('addKeys', outage());
    // Act
    const failed = admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    // Assess
    await expect(failed).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(store.partners.size).toBe(0);
    expect(faults.calls.some((c) => c.startsWith('removeKey northwind'))).toBe(true);
    faults.heal('addKeys');
    const retried = await admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    expect(store.partners.get('northwind')?.usagePlan).toEqual(plan);
    expect([...gateway.keys.get('northwind')!.keys()]).toEqual([retried.keyId]);
  });

  it('removes the new gateway key again when the table write fails after it', async () => {
    // Prepare
    faults.fail('create', new StoreUnavailableError('frozen'));
    // Act
    const failed = admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    // Assess
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(gateway.keys.get('northwind')?.size ?? 0).toBe(0);
    expect(store.partners.size).toBe(0);
  });

  it("refuses a second create before touching API Gateway, so the first partner's plan stays", async () => {
    // Prepare
    await admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    faults.calls.length = 0;
    // Act
    const again = admin.createPartner(target, { partnerId: 'northwind', name: 'Impostor', usagePlan: { ...plan, ratePerSecond: 9000 } });
    // Assess
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    expect(faults.calls).toEqual([]);
    expect(gateway.plans.get('northwind')).toEqual(plan);
  });

  it('issues a rotation key in API Gateway first; a table failure leaves no gateway key behind', async () => {
    // Prepare
    const first = await admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    faults.fail('addApiKey', new StoreUnavailableError('frozen'));
    // Act
    const failed = admin.issueKey(target, 'northwind');
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError);
    faults.heal('addApiKey');
    const second = await admin.issueKey(target, 'northwind', 30);
    // Assess
    expect([...gateway.keys.get('northwind')!.keys()].sort()).toEqual([first.keyId, second.keyId].sort());
    expect(second.validUntil).toBeDefined();
    await expect(admin.issueKey(target, 'nobody')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('changes a plan in API Gateway before the table, and a gateway failure changes neither', async () => {
    // Prepare
    await admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    const bigger = { ...plan, ratePerSecond: 50 };
    faults.fail('addKeys', outage());
    // Act
    await expect(admin.updatePartner(target, 'northwind', { usagePlan: bigger })).rejects.toBeInstanceOf(UpstreamUnavailableError);
    const unchanged = store.partners.get('northwind')!.usagePlan;
    faults.heal('addKeys');
    faults.calls.length = 0;
    await admin.updatePartner(target, 'northwind', { usagePlan: bigger });
    // Assess
    expect(unchanged).toEqual(plan);
    expect(faults.calls.map((c) => c.split(' ')[0])).toEqual(['addKeys', 'update']);
    expect(gateway.plans.get('northwind')).toEqual(bigger);
    expect(store.partners.get('northwind')!.usagePlan).toEqual(bigger);
  });

  it('re-provisions every active key from the stored hashes when a plan is patched (partners from before, or after an outage)', async () => {
    // Prepare: the gateway lost everything (e.g. keys made before API Gateway was wired).
    const created = await admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    const revoked = await admin.issueKey(target, 'northwind');
    await admin.revokeKey(target, 'northwind', revoked.keyId);
    gateway.keys.clear();
    gateway.plans.clear();
    // Act
    await admin.updatePartner(target, 'northwind', { usagePlan: plan });
    // Assess
    expect([...gateway.keys.get('northwind')!.entries()]).toEqual([[created.keyId, sha256Hex(created.apiKey)]]);
    expect(gateway.plans.get('northwind')).toEqual(plan);
  });

  it('does not touch API Gateway for a name or price list change', async () => {
    // Prepare
    await admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    faults.fail('addKeys', outage());
    faults.calls.length = 0;
    // Act
    const renamed = await admin.updatePartner(target, 'northwind', { name: 'Northwind Traders' });
    // Assess
    expect(renamed.name).toBe('Northwind Traders');
    expect(faults.calls).toEqual(['update northwind']);
  });

  it('revokes in the table first; an API Gateway outage is reported, not an error, and repeating the DELETE finishes it', async () => {
    // Prepare
    const created = await admin.createPartner(target, { partnerId: 'northwind', name: 'Northwind', usagePlan: plan });
    faults.fail('removeKey', outage());
    // Act
    const first = await admin.revokeKey(target, 'northwind', created.keyId);
    faults.heal('removeKey');
    const second = await admin.revokeKey(target, 'northwind', created.keyId);
    // Assess
    expect(first).toEqual({ gatewayKeyRemoved: false });
    expect(store.keys.get(created.keyId)?.status).toBe('revoked');
    expect(warnings).toEqual([expect.stringContaining('repeat the DELETE')]);
    expect(second).toEqual({ gatewayKeyRemoved: true });
    expect(gateway.keys.get('northwind')?.has(created.keyId)).toBe(false);
    await expect(admin.revokeKey(target, 'northwind', 'k_unknown')).rejects.toBeInstanceOf(NotFoundError);
  });
});
