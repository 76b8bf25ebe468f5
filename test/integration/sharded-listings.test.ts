/**
 * The write-sharded tenant listings on real DynamoDB Local: orders placed through the real
 * placing transaction and customers created through the real repository land in their shards;
 * listed with small pages they come back every one exactly once, in order (orders newest first,
 * customers by id), across every shard. Entries written with the legacy unsharded listing key are
 * moved into their shards by the migration, which a second run leaves as it is.
 */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerProfile } from '#customers/profile';
import type { Order } from '#orders/order';
import { CustomerRepository } from '#store/customer-repository';
import { keys, legacyListingPartition, LISTING_SHARDS, listingShard } from '#store/keys';
import { migrateListing } from '#store/listing-migration';
import { OrderRepository } from '#store/order-repository';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const TENANT = 'acme';
const AT = '2026-12-05T07:00:00.000Z';

let stack: TestStack;
let client: DynamoDBDocumentClient;

function profile(customerId: string): CustomerProfile {
  return {
    customerId,
    tenantId: TENANT,
    createdAt: AT,
    preferences: {},
    answers: {},
    lastAskedQuestions: [],
    doNotProfile: false,
    tier: 'B',
    orderCount: 0,
    lifetimeValue: 0,
    recentOrders: [],
    mergedFrom: [],
  } as unknown as CustomerProfile;
}

function order(orderId: string, customerId: string): Order {
  return {
    orderId,
    tenantId: TENANT,
    customerId,
    productId: 'laptop',
    catalogVersion: 1,
    picks: ['cpu.i7'],
    status: 'placed',
    statusHistory: [{ status: 'placed', at: AT }],
    price: { currency: 'EUR', total: 100, lines: [] },
    dates: { leadDays: 1, transitDays: 1, shipBy: '2026-12-07', deliverBy: '2026-12-08' },
    buildSheet: [],
    lines: [{ lineId: 'l1', productId: 'laptop', catalogVersion: 1, picks: ['cpu.i7'], quantity: 1, unitPrice: 100, lineTotal: 100 }],
    totals: { net: 100, tax: 0, gross: 100 },
    placedAt: AT,
    channel: 'partner',
    remember: false,
    fromRepeatOrder: false,
  };
}

/** Walks a listing page by page; fails rather than loop forever. */
async function walk<T>(list: (position?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const all: T[] = [];
  let position: string | undefined;
  for (let page = 0; page < 500; page++) {
    const result = await list(position);
    all.push(...result.items);
    if (result.next === undefined) return all;
    position = result.next;
  }
  throw new Error('the listing never finished');
}

const customerIds = Array.from({ length: 90 }, (_, i) => `c_${String(i).padStart(3, '0')}`);
const orderIds = Array.from({ length: 120 }, (_, i) => `o_01KBX${String(i).padStart(4, '0')}`);

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  client = stack.documentClient({ requestTimeoutMs: 10_000, connectionTimeoutMs: 5_000 });
  const customers = new CustomerRepository(client, stack.tableName);
  for (let start = 0; start < customerIds.length; start += 10)
    await Promise.all(customerIds.slice(start, start + 10).map((id) => customers.create(profile(id))));
  const orders = new OrderRepository(client, stack.tableName);
  for (let start = 0; start < orderIds.length; start += 10)
    await Promise.all(
      orderIds.slice(start, start + 10).map(async (orderId, i) => {
        const idempotencyKey = `key-${orderId}`;
        await orders.claim(TENANT, idempotencyKey, 'hash', new Date(AT));
        await orders.place({
          order: order(orderId, customerIds[(start + i) % customerIds.length]!),
          idempotencyKey,
          requestHash: 'hash',
          responseBody: '{}',
        });
      }),
    );
});
afterAll(async () => {
  client?.destroy();
  await stack?.close();
});

describe('write-sharded listings', () => {
  it('spread the entries over the shards', () => {
    // Assess: 120 orders over 64 shards reach most of them
    expect(new Set(orderIds.map((id) => listingShard(id))).size).toBeGreaterThan(LISTING_SHARDS / 2);
  });

  it("list a tenant's orders newest first, each exactly once, over pages of 7", async () => {
    // Prepare
    const orders = new OrderRepository(client, stack.tableName);

    // Act
    const listed = await walk((position) => orders.listForTenant(TENANT, 7, position));

    // Assess
    expect(listed.map((o) => o.orderId)).toEqual([...orderIds].reverse());
    expect(listed[0]).not.toHaveProperty('GSI1PK');
  });

  it("list a tenant's customers in id order, each exactly once, over pages of 4", async () => {
    // Prepare
    const customers = new CustomerRepository(client, stack.tableName);

    // Act
    const listed = await walk((position) => customers.listForTenant(TENANT, 4, position));

    // Assess
    expect(listed.map((c) => c.customerId)).toEqual(customerIds);
    expect(await customers.listForTenant('nobody', 4)).toEqual({ items: [] });
  });

  it('move entries written with the legacy key into their shards, once', async () => {
    // Prepare: two customers and an order as the code before the sharding wrote them
    const legacy = ['c_legacy1', 'c_legacy2'];
    for (const id of legacy)
      await client.send(
        new PutCommand({
          TableName: stack.tableName,
          Item: { ...keys.customerProfile(TENANT, id), GSI1PK: legacyListingPartition.customers(TENANT), GSI1SK: id, ...profile(id) },
        }),
      );
    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          ...keys.order(TENANT, 'c_legacy1', 'o_00legacy'),
          GSI1PK: legacyListingPartition.orders(TENANT),
          GSI1SK: 'o_00legacy',
          ...order('o_00legacy', 'c_legacy1'),
        },
      }),
    );
    const customers = new CustomerRepository(client, stack.tableName);
    const orders = new OrderRepository(client, stack.tableName);
    const before = await walk((position) => customers.listForTenant(TENANT, 50, position));

    // Act
    const moved = [
      await migrateListing(client, stack.tableName, 'customers', TENANT),
      await migrateListing(client, stack.tableName, 'orders', TENANT),
    ];
    const again = [
      await migrateListing(client, stack.tableName, 'customers', TENANT),
      await migrateListing(client, stack.tableName, 'orders', TENANT),
    ];

    // Assess
    expect(before.map((c) => c.customerId)).not.toContain('c_legacy1');
    expect(moved).toEqual([2, 1]);
    expect(again).toEqual([0, 0]);
    const after = await walk((position) => customers.listForTenant(TENANT, 50, position));
    expect(after.map((c) => c.customerId)).toEqual([...customerIds, ...legacy].sort());
    const allOrders = await walk((position) => orders.listForTenant(TENANT, 50, position));
    expect(allOrders.map((o) => o.orderId).at(-1)).toBe('o_00legacy');
  });
});
