/**
 * Refused conditions on real DynamoDB Local, read the way the repositories read them: a single
 * write's ConditionalCheckFailedException, and a cancelled transaction's reasons by the names its
 * builder gave the actions. Each test makes the condition fail for real and checks the domain
 * error (or outcome) the repository answers, and that nothing was half-written.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, PreconditionFailedError } from '#core/errors';
import { DEFAULT_USAGE_PLAN } from '#core/usage-plan';
import type { CustomerProfile, Touchpoint } from '#customers/profile';
import { planMerge } from '#customers/merge';
import type { Order } from '#orders/order';
import type { PlaceOrderWrite, StoredRepeatOrder } from '#orders/ports';
import { parseStats, trainStats } from '#recommend/stats';
import { CustomerRepository } from '#store/customer-repository';
import { keys } from '#store/keys';
import { OrderRepository } from '#store/order-repository';
import { PartnerRepository } from '#store/partner-repository';
import { StatisticsRepository } from '#store/statistics-repository';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const TENANT = 'acme';
const NOW = new Date('2026-11-23T10:00:00.000Z');

let stack: TestStack;
let client: DynamoDBDocumentClient;
let customers: CustomerRepository;
let orders: OrderRepository;
let partners: PartnerRepository;
let statistics: StatisticsRepository;

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  client = stack.documentClient();
  customers = new CustomerRepository(client, stack.tableName);
  orders = new OrderRepository(client, stack.tableName);
  partners = new PartnerRepository(client, stack.tableName);
  statistics = new StatisticsRepository(client, stack.tableName, parseStats);
});
afterAll(async () => {
  client?.destroy();
  await stack?.close();
});

async function newCustomer(fields: Partial<CustomerProfile> = {}): Promise<CustomerProfile> {
  const profile: CustomerProfile = {
    customerId: `c-${randomUUID().slice(0, 8)}`,
    tenantId: TENANT,
    createdAt: NOW.toISOString(),
    preferences: {} as CustomerProfile['preferences'],
    answers: {},
    lastAskedQuestions: [],
    doNotProfile: false,
    tier: 'B',
    orderCount: 0,
    lifetimeValue: 0,
    recentOrders: [],
    mergedFrom: [],
    ...fields,
  };
  await customers.create(profile);
  return profile;
}

function orderWrite(customerId: string, idempotencyKey: string): PlaceOrderWrite {
  const orderId = `o-${randomUUID().slice(0, 8)}`;
  const order = {
    orderId,
    tenantId: TENANT,
    customerId,
    productId: 'laptop',
    catalogVersion: 1,
    picks: ['cpu.i5'],
    status: 'placed',
    statusHistory: [{ status: 'placed', at: NOW.toISOString() }],
    price: { total: 1_000 },
    dates: {},
    buildSheet: [],
    lines: [{ lineId: 'l1', productId: 'laptop', catalogVersion: 1, picks: ['cpu.i5'], quantity: 1, unitPrice: 1_000, lineTotal: 1_000 }],
    totals: { net: 1_000, tax: 0, gross: 1_000 },
    placedAt: NOW.toISOString(),
    channel: 'partner',
    remember: false,
    fromRepeatOrder: false,
  } as unknown as Order;
  return {
    order,
    idempotencyKey,
    requestHash: 'hash',
    responseBody: JSON.stringify({ orderId }),
    touchpoint: { productId: 'laptop', channel: 'partner', at: NOW.toISOString(), action: 'placed-order' },
  };
}

const touchpoint: Touchpoint = { productId: 'laptop', channel: 'web', at: NOW.toISOString(), action: 'saved-configuration' };
const configuration = (productId: string, version: number) => ({
  productId,
  catalogVersion: 1,
  picks: ['cpu.i5'],
  version,
  savedAt: NOW.toISOString(),
  channel: 'web' as const,
});

describe('placing an order', () => {
  it("refuses an erased customer by the transaction's 'customer' action: NotFoundError, and no order written", async () => {
    // Prepare
    const customer = await newCustomer();
    const write = orderWrite(customer.customerId, `k-${randomUUID()}`);
    await orders.claim(TENANT, write.idempotencyKey, write.requestHash, NOW);
    await customers.erase(TENANT, customer.customerId);

    // Act
    const placing = orders.place(write);

    // Assess
    await expect(placing).rejects.toBeInstanceOf(NotFoundError);
    expect(await orders.find(write.order.orderId)).toBeUndefined();
  });

  it('refuses a second order on a key already used: ConflictError, the first order stays the only one', async () => {
    // Prepare
    const customer = await newCustomer();
    const first = orderWrite(customer.customerId, `k-${randomUUID()}`);
    const second = orderWrite(customer.customerId, first.idempotencyKey);
    await orders.claim(TENANT, first.idempotencyKey, first.requestHash, NOW);
    await orders.place(first);

    // Act
    const placing = orders.place(second);

    // Assess
    await expect(placing).rejects.toBeInstanceOf(ConflictError);
    expect(await orders.find(first.order.orderId)).toBeDefined();
    expect(await orders.find(second.order.orderId)).toBeUndefined();
    expect((await customers.get(TENANT, customer.customerId))?.orderCount).toBe(1);
  });
});

describe("writing a customer's own statistics", () => {
  const stored = (revision: number) => ({ stats: trainStats([['cpu.i5']]), revision, recentOrderIds: [] });

  it("answers 'refused' when the profile opted out, 'stale' when the revision moved on, and writes otherwise", async () => {
    // Prepare
    const optedOut = await newCustomer({ doNotProfile: true });
    const profiled = await newCustomer();
    const scope = (customerId: string) => ({ kind: 'customer' as const, customerId });

    // Act
    const refused = await statistics.put(TENANT, 'laptop', scope(optedOut.customerId), stored(1), NOW.toISOString());
    const written = await statistics.put(TENANT, 'laptop', scope(profiled.customerId), stored(1), NOW.toISOString());
    const stale = await statistics.put(TENANT, 'laptop', scope(profiled.customerId), stored(1), NOW.toISOString());

    // Assess
    expect([refused, written, stale]).toEqual(['refused', 'written', 'stale']);
    expect(await statistics.get(TENANT, 'laptop', scope(optedOut.customerId))).toBeUndefined();
  });

  it("answers 'stale' for a tenant-wide item written at another revision (a single conditional put)", async () => {
    // Prepare
    const productId = `p-${randomUUID().slice(0, 8)}`;
    await statistics.put(TENANT, productId, { kind: 'everyone' }, stored(1), NOW.toISOString());

    // Act
    const stale = await statistics.put(TENANT, productId, { kind: 'everyone' }, stored(1), NOW.toISOString());

    // Assess
    expect(stale).toBe('stale');
  });
});

describe('saving a configuration', () => {
  it('answers PreconditionFailedError with the current version when the If-Match version is stale', async () => {
    // Prepare
    const customer = await newCustomer();
    await customers.saveConfiguration(TENANT, customer.customerId, configuration('laptop', 1), 0, touchpoint);

    // Act
    const saving = customers.saveConfiguration(TENANT, customer.customerId, configuration('laptop', 2), 5, touchpoint);

    // Assess
    await expect(saving).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(saving).rejects.toMatchObject({ currentVersion: 1 });
  });

  it("answers NotFoundError for a customer erased meanwhile (the 'profile' action), and leaves no configuration behind", async () => {
    // Prepare
    const customer = await newCustomer();
    await customers.erase(TENANT, customer.customerId);

    // Act
    const saving = customers.saveConfiguration(TENANT, customer.customerId, configuration('laptop', 1), 0, touchpoint);

    // Assess
    await expect(saving).rejects.toBeInstanceOf(NotFoundError);
    expect(await customers.getConfiguration(TENANT, customer.customerId, 'laptop')).toBeUndefined();
  });
});

describe('partners', () => {
  const key = () => ({ keyId: `k_${randomUUID().slice(0, 8)}`, apiKey: `pk_${randomUUID()}`, createdAt: NOW.toISOString() });

  it('refuses a second partner with the same id (ConflictError) and a key for an unknown partner (NotFoundError)', async () => {
    // Prepare
    const partnerId = `p-${randomUUID().slice(0, 8)}`;
    const partner = { partnerId, name: 'ACME', createdAt: NOW.toISOString(), usagePlan: DEFAULT_USAGE_PLAN };
    await partners.create(partner, key());

    // Act
    // Both settle before the assertions, so neither rejection is ever left unhandled while the other is awaited.
    const [again, unknown] = await Promise.allSettled([partners.create(partner, key()), partners.addApiKey(`missing-${partnerId}`, key())]);

    // Assess
    expect(again.status === 'rejected' && again.reason).toBeInstanceOf(ConflictError);
    expect(unknown.status === 'rejected' && unknown.reason).toBeInstanceOf(NotFoundError);
    expect(await partners.listApiKeys(partnerId)).toHaveLength(1);
  });
});

describe('merging two records', () => {
  it("takes over the duplicate's saved configurations, also those never ordered, and keeps the kept record's own", async () => {
    // Prepare: the kept record saved a laptop; the duplicate ordered a laptop and saved a phone.
    const kept = await newCustomer();
    const duplicate = await newCustomer();
    await customers.saveConfiguration(TENANT, kept.customerId, configuration('laptop', 1), 0, touchpoint);
    await customers.saveConfiguration(TENANT, duplicate.customerId, configuration('laptop', 1), 0, touchpoint);
    await customers.saveConfiguration(TENANT, duplicate.customerId, configuration('phone', 1), 0, touchpoint);
    const repeatOrder = { productId: 'laptop', picks: ['cpu.i7'], assembledAt: NOW.toISOString() } as StoredRepeatOrder;
    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { ...keys.repeatOrder(TENANT, duplicate.customerId, 'laptop'), ...repeatOrder },
      }),
    );
    const [keptProducts, duplicateProducts] = await Promise.all([
      customers.rememberedProducts(TENANT, kept.customerId),
      customers.rememberedProducts(TENANT, duplicate.customerId),
    ]);

    // Act
    const plan = planMerge(kept, duplicate, keptProducts, duplicateProducts);
    await customers.merge(TENANT, kept.customerId, duplicate.customerId, plan, []);

    // Assess
    expect(keptProducts).toEqual(['laptop']);
    expect(duplicateProducts).toEqual(['laptop', 'phone']);
    expect(await customers.getConfiguration(TENANT, kept.customerId, 'phone')).toMatchObject({ productId: 'phone' });
    expect(await customers.getConfiguration(TENANT, kept.customerId, 'laptop')).toMatchObject({ picks: ['cpu.i5'] });
    const marked = await client.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.customerProfile(TENANT, duplicate.customerId) }),
    );
    expect(marked.Item?.mergedInto).toBe(kept.customerId);
  });

  it('refuses a merge whose duplicate was merged meanwhile: ConflictError', async () => {
    // Prepare
    const kept = await newCustomer();
    const duplicate = await newCustomer();
    const plan = planMerge(kept, duplicate, [], []);
    await customers.update(TENANT, duplicate.customerId, { mergedInto: 'someone-else' });

    // Act
    const merging = customers.merge(TENANT, kept.customerId, duplicate.customerId, plan, []);

    // Assess
    await expect(merging).rejects.toBeInstanceOf(ConflictError);
    expect((await customers.get(TENANT, kept.customerId))?.mergedFrom).toEqual([]);
  });
});
