/**
 * Recommendations end to end on DynamoDB Local: orders placed through the API reach the
 * order-learning function through the table's stream (the local poller stands in for the Lambda
 * event source), its statistics items are written, and `configure` recommends from them:
 * the customer's own orders first, then everyone's, catalog defaults when nothing was ordered.
 * One-off orders and customers who asked not to be profiled leave no personal statistics; a
 * merged duplicate's own statistics move to the kept record.
 *
 * The tests share the demo partner's statistics and run in order: each one's counts build on
 * the orders of the tests before it (the expected counts say so). The tenants here lower their
 * k-customer floor to 2 (`PUT /admin/tenants/{tenantId}/recommendations`), so a few customers'
 * orders speak; relationship.test.ts checks the default floor of 5.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUSE_TENANT } from '#core/tenant';
import { keys } from '#store/keys';
import { parseStats } from '#recommend/stats';
import { DEMO_PARTNER_ID } from '../../infra/local/seed.ts';
import { startTestStack, type CallInit, type TestStack } from '../support/local-stack.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';

let stack: TestStack;

beforeAll(async () => {
  // Read the statistics on every configure, so each test sees the orders learned just before.
  process.env.STATISTICS_TTL_SECONDS = '0';
  stack = await startTestStack();
  const floor = await stack.call(`/admin/tenants/${DEMO_PARTNER_ID}/recommendations`, { method: 'PUT', body: { minCustomers: 2 } });
  expect(floor.status).toBe(200);
});
afterAll(async () => {
  await stack?.close();
});

type Group = {
  id: string;
  choices: { id: string; state: string }[];
  recommended?: { choice: string; source: string; confidence: number; orders: number };
};

async function newCustomer(body: Record<string, unknown> = { name: 'Grace Hopper' }, as: CallInit['as'] = 'partner'): Promise<string> {
  const response = await stack.call('/customers', { method: 'POST', body, as });
  expect(response.status).toBe(201);
  return response.json.customerId as string;
}

async function placeOrder(customerId: string, picks: readonly string[], remember = true): Promise<string> {
  const response = await stack.call('/orders', {
    method: 'POST',
    as: 'partner',
    headers: { 'idempotency-key': randomUUID() },
    body: { customerId, productId: 'laptop-x1', picks, remember },
  });
  expect(response.status).toBe(201);
  return response.json.orderId as string;
}

async function configure(body: Record<string, unknown>, as: CallInit['as'] = 'partner'): Promise<Map<string, Group>> {
  const response = await stack.call('/products/laptop-x1/configure', { method: 'POST', body, as });
  expect(response.status).toBe(200);
  return new Map((response.json.groups as Group[]).map((g) => [g.id, g]));
}

async function statisticsItem(key: { PK: string; SK: string }) {
  const client = stack.documentClient();
  try {
    return (await client.send(new GetCommand({ TableName: stack.tableName, Key: key, ConsistentRead: true }))).Item;
  } finally {
    client.destroy();
  }
}

/** A pick list with one group's choice replaced. */
function withPick(pick: string): string[] {
  const group = pick.split('.')[0]!;
  return [...FULL_LAPTOP_PICKS.filter((p) => !p.startsWith(`${group}.`)), pick];
}

describe('recommendations learned from orders', () => {
  it('recommends catalog defaults, and says so, while a product has no orders', async () => {
    // Act
    const groups = await configure({ picks: [] });
    // Assess
    expect(groups.get('cpu')!.recommended).toEqual({ choice: 'i5', source: 'catalog-default', confidence: 0, orders: 0 });
    expect(groups.get('keyboard')!.recommended).toMatchObject({ choice: 'us', source: 'catalog-default' });
  });

  it("learns everyone's orders through the stream and recommends only choices that are still available", async () => {
    // Prepare: three customers buy the demo's full configuration (i7, 32 GB, German keyboard)
    for (let i = 0; i < 3; i++) await placeOrder(await newCustomer(), FULL_LAPTOP_PICKS);
    await stack.orderStream!.settled();
    // Act
    const open = await configure({ picks: [] });
    // Everyone bought the 65 W supply; RTX 4060 graphics need 150 W or more.
    const constrained = await configure({ picks: ['graphics.rtx4060'] });
    // Assess
    expect(open.get('cpu')!.recommended).toMatchObject({ choice: 'i7', source: 'everyone', orders: 3, confidence: 1 });
    expect(open.get('keyboard')!.recommended).toMatchObject({ choice: 'de', source: 'everyone', orders: 3 });
    // Selected groups carry no recommendation; every recommendation is a choice the engine allows.
    expect(constrained.get('graphics')!.recommended).toBeUndefined();
    expect(['150w', '200w']).toContain(constrained.get('psu')!.recommended!.choice);
    for (const group of constrained.values()) {
      if (!group.recommended) continue;
      const state = group.choices.find((c) => c.id === group.recommended!.choice)?.state;
      expect(['available', 'forced']).toContain(state);
    }
    const everyone = await statisticsItem(keys.productStatistics(DEMO_PARTNER_ID, 'laptop-x1', 'everyone'));
    expect(everyone).toMatchObject({ orders: 3, revision: expect.any(Number) });
  });

  it("recommends a customer's own choices before everyone's, and keeps one-off orders out of their memory", async () => {
    // Prepare
    const regular = await newCustomer();
    const other = await newCustomer();
    await placeOrder(regular, withPick('keyboard.fr'));
    await placeOrder(other, withPick('keyboard.nordic'), false);
    await stack.orderStream!.settled();
    // Act
    const forRegular = await configure({ picks: [], customerId: regular });
    const forOther = await configure({ picks: [], customerId: other });
    // Assess
    expect(forRegular.get('keyboard')!.recommended).toMatchObject({ choice: 'fr', source: 'customer', orders: 1 });
    expect(forOther.get('keyboard')!.recommended).toMatchObject({ choice: 'de', source: 'everyone', orders: 5 });
    expect(await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, regular, 'laptop-x1'))).toMatchObject({ orders: 1 });
    expect(await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, other, 'laptop-x1'))).toBeUndefined();
  });

  it('keeps no personal statistics of a customer who asked not to be profiled, and never reads them', async () => {
    // Prepare
    const private_ = await newCustomer({ name: 'Ann Private', doNotProfile: true });
    await placeOrder(private_, withPick('keyboard.uk'));
    await stack.orderStream!.settled();
    // Act
    const groups = await configure({ picks: [], customerId: private_ });
    // Assess
    expect(await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, private_, 'laptop-x1'))).toBeUndefined();
    expect(groups.get('keyboard')!.recommended!.source).not.toBe('customer');
    expect(await statisticsItem(keys.productStatistics(DEMO_PARTNER_ID, 'laptop-x1', 'everyone'))).toMatchObject({ orders: 6 });
  });

  it('forgets the personal statistics of a customer who opts out later, and refuses to write them again', async () => {
    // Prepare
    const customerId = await newCustomer();
    await placeOrder(customerId, withPick('keyboard.uk'));
    await stack.orderStream!.settled();
    const before = await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, customerId, 'laptop-x1'));
    // Act
    const optOut = await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      body: { doNotProfile: true },
      as: 'partner',
    });
    const { StatisticsRepository } = await import('#store/statistics-repository');
    const client = stack.documentClient();
    const late = await new StatisticsRepository(client, stack.tableName, parseStats).put(
      DEMO_PARTNER_ID,
      'laptop-x1',
      { kind: 'customer', customerId },
      { stats: (await import('#recommend/stats')).trainStats([['keyboard.uk']]), revision: 1, recentOrderIds: ['o_late'] },
      new Date().toISOString(),
    );
    client.destroy();
    await placeOrder(customerId, withPick('keyboard.uk'));
    await stack.orderStream!.settled();
    // Assess
    expect(before).toMatchObject({ orders: 1 });
    expect(optOut.status).toBe(200);
    expect(late).toBe('refused');
    expect(await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, customerId, 'laptop-x1'))).toBeUndefined();
  });

  it('learns an order once when the stream delivers it twice', async () => {
    // Prepare
    const customerId = await newCustomer();
    const orderId = await placeOrder(customerId, FULL_LAPTOP_PICKS);
    await stack.orderStream!.settled();
    const before = await statisticsItem(keys.productStatistics(DEMO_PARTNER_ID, 'laptop-x1', 'everyone'));
    const order = await statisticsItem(keys.order(DEMO_PARTNER_ID, customerId, orderId));
    const { handler } = await import('#functions/order-learning');
    const record = {
      eventID: '1',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'local',
      dynamodb: {
        Keys: marshall({ PK: order!.PK, SK: order!.SK }),
        NewImage: marshall(order!, { removeUndefinedValues: true }),
        SequenceNumber: '1',
        SizeBytes: 1,
        StreamViewType: 'NEW_IMAGE',
      },
    };
    // The same image under a new order id: a control that the handler does learn what it is given.
    const fresh = {
      ...record,
      dynamodb: { ...record.dynamodb, NewImage: marshall({ ...order!, orderId: `${orderId}-control` }, { removeUndefinedValues: true }) },
    };
    // Act
    const response = await handler({ Records: [record] } as unknown as DynamoDBStreamEvent);
    const after = await statisticsItem(keys.productStatistics(DEMO_PARTNER_ID, 'laptop-x1', 'everyone'));
    await handler({ Records: [fresh] } as unknown as DynamoDBStreamEvent);
    const control = await statisticsItem(keys.productStatistics(DEMO_PARTNER_ID, 'laptop-x1', 'everyone'));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(after!.orders).toBe(before!.orders);
    expect(after!.revision).toBe(before!.revision);
    expect(control!.orders).toBe(before!.orders + 1);
  });

  it("carries a merged duplicate's own statistics over to the kept record (replacing a damaged one), and forgets both when the merged record opts out", async () => {
    // Prepare: one person under two records; the kept one ordered the French keyboard once,
    // the duplicate the Nordic one twice. A second pair where the duplicate asked not to be profiled.
    const kept = await newCustomer({ name: 'Ada Lovelace' });
    const duplicate = await newCustomer({ name: 'A. Lovelace' });
    await placeOrder(kept, withPick('keyboard.fr'));
    await placeOrder(duplicate, withPick('keyboard.nordic'));
    await placeOrder(duplicate, withPick('keyboard.nordic'));
    const keptPrivate = await newCustomer({ name: 'Bob Private' });
    const duplicatePrivate = await newCustomer({ name: 'B. Private' });
    await placeOrder(keptPrivate, withPick('keyboard.fr'));
    // A third pair whose kept record's statistics item is damaged (it cannot be decoded).
    const keptDamaged = await newCustomer({ name: 'Carl Damaged' });
    const duplicateOfDamaged = await newCustomer({ name: 'C. Damaged' });
    await placeOrder(duplicateOfDamaged, withPick('keyboard.uk'));
    await stack.orderStream!.settled();
    const client = stack.documentClient();
    await client.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { ...keys.customerStatistics(DEMO_PARTNER_ID, keptDamaged, 'laptop-x1'), revision: 5, stats: new Uint8Array([1, 2, 3]) },
      }),
    );
    client.destroy();
    const optOut = await stack.call(`/customers/${duplicatePrivate}/preferences`, {
      method: 'PATCH',
      body: { doNotProfile: true },
      as: 'partner',
    });
    expect(optOut.status).toBe(200);
    // Act
    const merged = await stack.call(`/admin/customers/${kept}/merge`, { method: 'POST', body: { duplicateId: duplicate } });
    const mergedPrivate = await stack.call(`/admin/customers/${keptPrivate}/merge`, {
      method: 'POST',
      body: { duplicateId: duplicatePrivate },
    });
    const mergedDamaged = await stack.call(`/admin/customers/${keptDamaged}/merge`, {
      method: 'POST',
      body: { duplicateId: duplicateOfDamaged },
    });
    const groups = await configure({ picks: [], customerId: kept });
    // Assess
    expect(merged.status).toBe(200);
    expect(groups.get('keyboard')!.recommended).toMatchObject({ choice: 'nordic', source: 'customer', orders: 3 });
    expect(await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, kept, 'laptop-x1'))).toMatchObject({ orders: 3, revision: 2 });
    expect(await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, duplicate, 'laptop-x1'))).toBeUndefined();
    expect(mergedPrivate.status).toBe(200);
    expect(await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, keptPrivate, 'laptop-x1'))).toBeUndefined();
    expect(await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, duplicatePrivate, 'laptop-x1'))).toBeUndefined();
    expect(mergedDamaged.status).toBe(200);
    expect(await statisticsItem(keys.customerStatistics(DEMO_PARTNER_ID, keptDamaged, 'laptop-x1'))).toMatchObject({
      orders: 1,
      revision: 6,
    });
  });

  it("keeps each tenant's statistics apart: the house's customers learn nothing from the partner's orders", async () => {
    // Act
    const login = await stack.call('/dev/login', { method: 'POST', body: { email: `${randomUUID()}@example.com` }, as: 'anonymous' });
    expect(login.status).toBe(200);
    const houseGroups = await configure({ picks: [] }, { bearer: login.json.token });
    // Assess
    expect(houseGroups.get('cpu')!.recommended).toMatchObject({ choice: 'i5', source: 'catalog-default' });
    expect(await statisticsItem(keys.productStatistics(HOUSE_TENANT, 'laptop-x1', 'everyone'))).toBeUndefined();
  });

  it('pools statistics across the tenants that allow it, and only theirs', async () => {
    // Prepare: a partner that shares, a web (house) customer's order, the demo partner (not sharing) unchanged
    const created = await stack.call('/admin/partners', { method: 'POST', body: { name: 'Sharing Reseller', shareOrderStatistics: true } });
    expect(created.status).toBe(201);
    const sharingKey = created.json.apiKey as string;
    await stack.call(`/admin/tenants/${created.json.partnerId}/recommendations`, { method: 'PUT', body: { minCustomers: 2 } });
    // Two web customers (the floor of 2) order a Nordic keyboard.
    for (let i = 0; i < 2; i++) {
      const login = await stack.call('/dev/login', { method: 'POST', body: { email: `${randomUUID()}@example.com` }, as: 'anonymous' });
      const placed = await stack.call('/orders', {
        method: 'POST',
        as: { bearer: login.json.token as string },
        headers: { 'idempotency-key': randomUUID() },
        body: { customerId: login.json.customerId, productId: 'laptop-x1', picks: withPick('keyboard.nordic') },
      });
      expect(placed.status).toBe(201);
    }
    await stack.orderStream!.settled();
    // Act
    const forSharing = await configure({ picks: [] }, { apiKey: sharingKey });
    const forDemo = await configure({ picks: [] }, 'partner');
    const view = await stack.call(`/admin/partners/${created.json.partnerId}`);
    // Assess
    expect(forSharing.get('keyboard')!.recommended).toMatchObject({ choice: 'nordic', source: 'everyone', orders: 2 });
    expect(forDemo.get('keyboard')!.recommended).toMatchObject({ choice: 'de', source: 'everyone' });
    expect(await statisticsItem(keys.pooledStatistics('laptop-x1'))).toMatchObject({ orders: 2 });
    expect(view.json.shareOrderStatistics).toBe(true);
  });
});
