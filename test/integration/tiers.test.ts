/**
 * The nightly tier job on real DynamoDB Local: customers of the house and of two partners,
 * written as profile items with their GSI1 listing entries, tiered per tenant by the repository
 * and the job, then read back: the tiers, the win-back signals, and the tier-changes report
 * (over HTTP, as an admin reads it). The thresholds of a partner are set over HTTP too.
 */
import { GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTierJob, type TierJobResult } from '#customers/tier-job';
import { LoggedTierSignals } from '#events/win-back-events';
import { HOUSE_TENANT } from '#core/tenant';
import { keys } from '#store/keys';
import { TIER_THRESHOLDS_ATTRIBUTE, TierRepository } from '#store/tier-repository';
import { thresholdsOrDefaults } from '#customers/tiers';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

const NOW = new Date('2026-11-20T02:00:00.000Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();
const PARTNER = 'acme-resellers';
/** A partner whose customers slip away: its thresholds are the defaults. */
const SLIPPING = 'slipping-co';

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
    // Slipping: w1 stays A but its last 90 days (1 000) are under half of the 90 before (5 000);
    // w3 was A, ordered only 100 days ago (3 000) and falls to B; w2 is a steady B.
    profileItem(
      SLIPPING,
      'w1',
      [
        { at: daysAgo(120), amount: 5_000 },
        { at: daysAgo(20), amount: 1_000 },
      ],
      { tier: 'A' },
    ),
    profileItem(SLIPPING, 'w2', [{ at: daysAgo(20), amount: 100 }]),
    profileItem(SLIPPING, 'w3', [{ at: daysAgo(100), amount: 3_000 }], { tier: 'A' }),
    { ...keys.partner(SLIPPING), ...keys.partnerListing(SLIPPING), partnerId: SLIPPING, name: 'Slipping Co', createdAt: daysAgo(600) },
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
  const firstSignals = new LoggedTierSignals(() => undefined);

  it('tiers each tenant on its own: top share A and bottom share C of the active customers, the others B', async () => {
    // Prepare: small pages, so the listings are read over several pages.
    const repository = new TierRepository(client, stack.tableName, { pageSize: 7 });
    const houseIds = Array.from({ length: 40 }, (_, i) => house(i + 1));
    const partnerIds = Array.from({ length: 10 }, (_, i) => partner(i + 1));
    // Act
    first = await runTierJob(repository, NOW, firstSignals);
    // Assess: house, 35 active customers, 5 % / 20 %: A = ⌈1.75⌉ = 2, C = ⌊7⌋ = 7; the 5 without a recent order are B.
    const houseTiers = await storedTiers(HOUSE_TENANT, houseIds);
    const expectedHouse = Object.fromEntries(houseIds.map((id, index) => [id, index >= 33 && index < 35 ? 'A' : index < 7 ? 'C' : 'B']));
    expect(houseTiers).toEqual(expectedHouse);
    // Partner, 9 active customers, 10 % / 30 %: A = ⌈0.9⌉ = 1, C = ⌊2.7⌋ = 2 (p01, p02); p10 never ordered: B.
    const partnerTiers = await storedTiers(PARTNER, partnerIds);
    expect(partnerTiers).toEqual({ p01: 'C', p02: 'C', p03: 'B', p04: 'B', p05: 'B', p06: 'B', p07: 'B', p08: 'B', p09: 'A', p10: 'B' });
    // Slipping, 3 active customers, 5 % / 20 %: A = 1 (w1), C = 0.
    expect(await storedTiers(SLIPPING, ['w1', 'w2', 'w3'])).toEqual({ w1: 'A', w2: 'B', w3: 'B' });
    expect(first).toEqual({ tenants: 3, customers: 53, changed: 13, winBack: 11, byTier: { A: 4, B: 40, C: 9 } });
  });

  it('signals every customer who was A or B and moved down or whose last 90 days fell to half', () => {
    // Act
    const signals = firstSignals.published.map((s) => `${s.tenantId}/${s.customerId} ${s.from}→${s.to} ${s.reasons.join('+')}`);
    // Assess: the seven house customers and two partner customers who fell from B to C, and the slipping two.
    expect(signals.sort()).toEqual(
      [
        ...[1, 2, 3, 4, 5, 6, 7].map((i) => `house/${house(i)} B→C moved-down`),
        `${PARTNER}/p01 B→C moved-down`,
        `${PARTNER}/p02 B→C moved-down`,
        `${SLIPPING}/w1 A→A value-halved`,
        `${SLIPPING}/w3 A→B moved-down+value-halved`,
      ].sort(),
    );
    expect(firstSignals.published.find((s) => s.customerId === 'w1')).toMatchObject({ value90: 1_000, previous90: 5_000, winBack: true });
  });

  it('lists the changes and signals in the tier-changes report, newest first, a page at a time (admin, over HTTP)', async () => {
    // Act
    const firstPage = await stack.call(`/admin/reports/tier-changes?tenantId=${SLIPPING}&limit=1`);
    const secondPage = await stack.call(
      `/admin/reports/tier-changes?tenantId=${SLIPPING}&limit=1&cursor=${encodeURIComponent(firstPage.json.nextCursor)}`,
    );
    const houseReport = await stack.call('/admin/reports/tier-changes?tenantId=house&limit=100');
    const asCustomer = await stack.call(`/admin/reports/tier-changes?tenantId=${SLIPPING}`, {
      as: { bearer: await stack.customerToken('w1', SLIPPING) },
    });
    const unknown = await stack.call('/admin/reports/tier-changes?tenantId=nobody-here');
    const missing = await stack.call('/admin/reports/tier-changes');
    // Assess
    expect(firstPage.status).toBe(200);
    expect([...firstPage.json.items, ...secondPage.json.items].map((i: { customerId: string }) => i.customerId)).toEqual(['w3', 'w1']);
    expect(secondPage.json.items[0]).toEqual({
      customerId: 'w1',
      at: NOW.toISOString(),
      from: 'A',
      to: 'A',
      winBack: true,
      reasons: ['value-halved'],
      value90: 1_000,
      previous90: 5_000,
    });
    expect(houseReport.json.items).toHaveLength(9);
    expect(houseReport.json.items.filter((i: { winBack: boolean }) => i.winBack)).toHaveLength(7);
    expect(asCustomer.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(missing.status).toBe(400);
    expect(missing.json.errors[0].path).toEqual(['query', 'tenantId']);
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

  it('changes nothing and signals nothing when it runs again (the next day)', async () => {
    // Prepare
    expect(first).toBeDefined();
    const before = await wholeTable();
    const signals = new LoggedTierSignals(() => undefined);
    // Act
    const second = await runTierJob(new TierRepository(client, stack.tableName), new Date(NOW.getTime() + DAY_MS), signals);
    // Assess
    expect(second).toEqual({ ...first, changed: 0, winBack: 0 });
    expect(signals.published).toEqual([]);
    expect(await wholeTable()).toEqual(before);
  });
});

describe('TierRepository', () => {
  it('does not recreate a customer that no longer exists when setting its tier, nor report them', async () => {
    // Prepare
    const repository = new TierRepository(client, stack.tableName);
    const change = { tenantId: HOUSE_TENANT, customerId: 'erased-customer', at: NOW.toISOString(), from: 'B' as const, to: 'A' as const };
    // Act
    await repository.saveTier(
      HOUSE_TENANT,
      {
        customerId: 'erased-customer',
        tier: 'A',
        tierChanged: true,
        valueHalvedSince: null,
        change: { ...change, winBack: false, reasons: [], value90: 0, previous90: 0 },
      },
      NOW,
    );
    // Assess
    const item = await client.send(
      new GetCommand({ TableName: stack.tableName, Key: keys.customerProfile(HOUSE_TENANT, 'erased-customer'), ConsistentRead: true }),
    );
    const report = await client.send(
      new GetCommand({
        TableName: stack.tableName,
        Key: keys.tierChange(HOUSE_TENANT, NOW.toISOString(), 'erased-customer'),
        ConsistentRead: true,
      }),
    );
    expect(item.Item).toBeUndefined();
    expect(report.Item).toBeUndefined();
  });

  it('lists the house first, then the partners, and gives defaults to a tenant without settings', async () => {
    // Prepare
    const repository = new TierRepository(client, stack.tableName);
    // Act
    const tenants = await repository.listTenants();
    const houseThresholds = thresholdsOrDefaults(await repository.storedThresholds(HOUSE_TENANT));
    const partnerThresholds = thresholdsOrDefaults(await repository.storedThresholds(PARTNER));
    // Assess
    expect(tenants).toEqual([HOUSE_TENANT, PARTNER, SLIPPING]);
    expect(houseThresholds).toEqual({ topPercentA: 5, bottomPercentC: 20 });
    expect(partnerThresholds).toEqual({ topPercentA: 10, bottomPercentC: 30 });
  });
});
