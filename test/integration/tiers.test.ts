/**
 * The nightly tier job on real DynamoDB Local: customers of the house and of a partner, written
 * as profile items with their GSI1 listing entries, tiered per tenant by the repository and the
 * job, then read back.
 */
import { GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTierJob, type TierJobResult } from '#customers/tier-job';
import { HOUSE_TENANT } from '#core/tenant';
import { keys } from '#store/keys';
import { TIER_THRESHOLDS_ATTRIBUTE, TierRepository } from '#store/tier-repository';
import { thresholdsOrDefaults } from '#customers/tiers';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const NOW = new Date('2026-11-20T02:00:00.000Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();
const PARTNER = 'acme-resellers';

let stack: TestStack;
let client: DynamoDBDocumentClient;

/** A profile item as the customer repository writes it, with a stored tier of B (new customers). */
function profileItem(
  tenantId: string,
  customerId: string,
  recentOrders: { at: string; amount: number }[],
  extra: Record<string, unknown> = {},
) {
  return {
    ...keys.customerProfile(tenantId, customerId),
    ...keys.customerListing(tenantId, customerId),
    customerId,
    tenantId,
    createdAt: daysAgo(500),
    preferences: {},
    answers: {},
    lastAskedQuestions: [],
    doNotProfile: false,
    tier: 'B',
    orderCount: recentOrders.length,
    lifetimeValue: recentOrders.reduce((sum, order) => sum + order.amount, 0),
    recentOrders,
    mergedFrom: [],
    ...extra,
  };
}

const house = (i: number) => `h${String(i).padStart(2, '0')}`;
const partner = (i: number) => `p${String(i).padStart(2, '0')}`;

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  // Fifty items written at once: a loaded machine may need more than an API request's 1 s.
  client = stack.documentClient({ requestTimeoutMs: 10_000, connectionTimeoutMs: 5_000 });
  const items = [
    // House, 40 customers: h01..h35 with values 1 000 .. 35 000 (h01 also has a large order
    // from 400 days ago, which must not count); h36..h37 never ordered; h38..h40 only longer ago.
    ...Array.from({ length: 35 }, (_, index) => {
      const i = index + 1;
      const orders = [
        { at: daysAgo(10 + i), amount: i * 600 },
        { at: daysAgo(200), amount: i * 400 },
      ];
      if (i === 1) orders.push({ at: daysAgo(400), amount: 10_000_000 });
      return profileItem(HOUSE_TENANT, house(i), orders);
    }),
    profileItem(HOUSE_TENANT, house(36), []),
    profileItem(HOUSE_TENANT, house(37), []),
    ...[38, 39, 40].map((i) => profileItem(HOUSE_TENANT, house(i), [{ at: daysAgo(366 + i), amount: 99_000 }])),
    // Merged into h01: left out, and its tier is never touched.
    profileItem(HOUSE_TENANT, 'h-merged', [{ at: daysAgo(5), amount: 9_999_999 }], { mergedInto: house(1) }),
    // The partner: 10 customers with values 500 .. 4 500 and one without orders; thresholds 10 % / 30 %.
    ...Array.from({ length: 9 }, (_, index) => profileItem(PARTNER, partner(index + 1), [{ at: daysAgo(30), amount: (index + 1) * 500 }])),
    profileItem(PARTNER, partner(10), []),
    { ...keys.partner(PARTNER), ...keys.partnerListing(PARTNER), partnerId: PARTNER, name: 'ACME Resellers', createdAt: daysAgo(600) },
    { ...keys.tenantSettings(PARTNER), [TIER_THRESHOLDS_ATTRIBUTE]: { topPercentA: 10, bottomPercentC: 30 } },
  ];
  for (let start = 0; start < items.length; start += 10)
    await Promise.all(items.slice(start, start + 10).map((Item) => client.send(new PutCommand({ TableName: stack.tableName, Item }))));
});
afterAll(async () => {
  client?.destroy();
  await stack?.close();
});

async function storedTiers(tenantId: string, customerIds: string[]): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    customerIds.map(
      async (id) =>
        [
          id,
          (await client.send(new GetCommand({ TableName: stack.tableName, Key: keys.customerProfile(tenantId, id), ConsistentRead: true })))
            .Item?.tier,
        ] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function wholeTable(): Promise<unknown[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: stack.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items.sort((x, y) => `${x.PK}|${x.SK}`.localeCompare(`${y.PK}|${y.SK}`));
}

describe('the tier job', () => {
  let first: TierJobResult;

  it('tiers each tenant on its own: top share A and bottom share C of the active customers, the others B', async () => {
    // Prepare: small pages, so the listings are read over several pages.
    const repository = new TierRepository(client, stack.tableName, { pageSize: 7 });
    const houseIds = Array.from({ length: 40 }, (_, i) => house(i + 1));
    const partnerIds = Array.from({ length: 10 }, (_, i) => partner(i + 1));
    // Act
    first = await runTierJob(repository, NOW);
    // Assess: house, 35 active customers, 5 % / 20 %: A = ⌈1.75⌉ = 2, C = ⌊7⌋ = 7; the 5 without a recent order are B.
    const houseTiers = await storedTiers(HOUSE_TENANT, houseIds);
    const expectedHouse = Object.fromEntries(houseIds.map((id, index) => [id, index >= 33 && index < 35 ? 'A' : index < 7 ? 'C' : 'B']));
    expect(houseTiers).toEqual(expectedHouse);
    // Partner, 9 active customers, 10 % / 30 %: A = ⌈0.9⌉ = 1, C = ⌊2.7⌋ = 2 (p01, p02); p10 never ordered: B.
    const partnerTiers = await storedTiers(PARTNER, partnerIds);
    expect(partnerTiers).toEqual({ p01: 'C', p02: 'C', p03: 'B', p04: 'B', p05: 'B', p06: 'B', p07: 'B', p08: 'B', p09: 'A', p10: 'B' });
    expect(first).toEqual({ tenants: 2, customers: 50, changed: 12, byTier: { A: 3, B: 38, C: 9 } });
  });

  it('stamps only the changed profiles, and leaves a merged record alone', async () => {
    // Act
    const changed = await client.send(new GetCommand({ TableName: stack.tableName, Key: keys.customerProfile(HOUSE_TENANT, house(35)) }));
    const unchanged = await client.send(new GetCommand({ TableName: stack.tableName, Key: keys.customerProfile(HOUSE_TENANT, house(20)) }));
    const merged = await client.send(new GetCommand({ TableName: stack.tableName, Key: keys.customerProfile(HOUSE_TENANT, 'h-merged') }));
    // Assess
    expect(changed.Item).toMatchObject({ tier: 'A', tierComputedAt: NOW.toISOString(), recentOrders: expect.any(Array) });
    expect(unchanged.Item).toMatchObject({ tier: 'B' });
    expect(unchanged.Item!.tierComputedAt).toBeUndefined();
    expect(merged.Item).toMatchObject({ tier: 'B', mergedInto: house(1) });
    expect(merged.Item!.tierComputedAt).toBeUndefined();
  });

  it('changes nothing when it runs again (the next day)', async () => {
    // Prepare
    expect(first).toBeDefined();
    const before = await wholeTable();
    // Act
    const second = await runTierJob(new TierRepository(client, stack.tableName), new Date(NOW.getTime() + DAY_MS));
    // Assess
    expect(second).toEqual({ ...first, changed: 0 });
    expect(await wholeTable()).toEqual(before);
  });
});

describe('TierRepository', () => {
  it('does not recreate a customer that no longer exists when setting its tier', async () => {
    // Prepare
    const repository = new TierRepository(client, stack.tableName);
    // Act
    await repository.setTier(HOUSE_TENANT, 'erased-customer', 'A', NOW);
    // Assess
    const item = await client.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.customerProfile(HOUSE_TENANT, 'erased-customer'), ConsistentRead: true }),
    );
    expect(item.Item).toBeUndefined();
  });

  it('lists the house first, then the partners, and gives defaults to a tenant without settings', async () => {
    // Prepare
    const repository = new TierRepository(client, stack.tableName);
    // Act
    const tenants = await repository.listTenants();
    const houseThresholds = thresholdsOrDefaults(await repository.storedThresholds(HOUSE_TENANT));
    const partnerThresholds = thresholdsOrDefaults(await repository.storedThresholds(PARTNER));
    // Assess
    expect(tenants).toEqual([HOUSE_TENANT, PARTNER]);
    expect(houseThresholds).toEqual({ topPercentA: 5, bottomPercentC: 20 });
    expect(partnerThresholds).toEqual({ topPercentA: 10, bottomPercentC: 30 });
  });
});
