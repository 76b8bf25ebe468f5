/**
 * The guided-selling use cases (`completeForCaller`, budget and needs through
 * `configureForCaller`) on the demo laptop, with in-memory ports: the caller's price lists and
 * perks price the completion, `popular` follows the learned statistics within the k-customer
 * floor, kept needs pre-fill, and the engine's errors become the domain's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogDocumentSchema, type PriceList } from '#core/catalog-document';
import { InvalidInputError, NoConfigurationError, NotFoundError } from '#core/errors';
import type { CustomerProfile } from '#customers/profile';
import { compileCatalog } from '#engine/index';
import { addOrder, customerHash, emptyStats } from '#recommend/stats';
import type { StatsBundle } from '#recommend/recommend';
import { completeForCaller, type CompleteForCallerDeps } from '#selling/complete-for-caller';
import { configureForCaller, type ConfigureForCallerDeps } from '#selling/configure-for-caller';
import { FULL_LAPTOP_PICKS } from '../../support/demo-picks.ts';

const doc = CatalogDocumentSchema.parse(
  JSON.parse(readFileSync(new URL('../../../infra/local/demo/laptop-x1.json', import.meta.url), 'utf8')),
);
const compiled = compileCatalog(doc);
const TENANT = 'reseller';
const partner = { kind: 'partner', tenantId: TENANT, partnerId: TENANT } as const;

function customer(fields: Partial<CustomerProfile> = {}): CustomerProfile {
  return {
    customerId: 'c1',
    tenantId: TENANT,
    createdAt: '2026-01-01T00:00:00.000Z',
    preferences: {},
    answers: {},
    lastAskedQuestions: [],
    doNotProfile: false,
    tier: 'B',
    orderCount: 0,
    lifetimeValue: 0,
    recentOrders: [],
    mergedFrom: [],
    ...fields,
  } as CustomerProfile;
}

function deps(options: { profile?: CustomerProfile; lists?: PriceList[]; statistics?: StatsBundle; minCustomers?: number } = {}) {
  const all: ConfigureForCallerDeps = {
    catalogs: { get: async () => ({ productId: 'laptop-x1', version: 1, compiled }) },
    customers: {
      get: async (_t, id) => (options.profile?.customerId === id ? options.profile : undefined),
      findTenant: async () => TENANT,
    },
    priceLists: async () => options.lists ?? [],
    tierPerks: async () => ({ label: 'Silver', includedServices: ['delivery.express'], leadDaysLess: 0, questionEveryDays: 0 }),
    questionCadence: async () => 0,
    minCustomers: async () => options.minCustomers ?? 2,
    sharesStatistics: async () => false,
    statistics: { bundle: async () => options.statistics ?? {} },
    today: () => '2026-12-05',
    onRecommendationError: (error) => {
      throw error;
    },
  };
  return all satisfies CompleteForCallerDeps;
}

/** Statistics of `count` orders of these picks by distinct customers. */
function learned(picks: readonly string[], count: number) {
  const stats = emptyStats();
  for (let i = 0; i < count; i++) addOrder(stats, picks, customerHash(TENANT, `buyer-${i}`));
  return stats;
}

describe('completeForCaller', () => {
  it("prices the cheapest completion at the caller's prices, with the tier's perks", async () => {
    // Prepare
    const lists: PriceList[] = [{ id: 'partner', name: 'Partner', entries: [{ target: 'base', price: 80000 }] }];
    // Act
    const forPartner = await completeForCaller(deps({ lists }), partner, {
      productId: 'laptop-x1',
      picks: ['delivery.express'],
      goal: 'cheapest',
    });
    const forCustomer = await completeForCaller(deps({ lists, profile: customer() }), partner, {
      productId: 'laptop-x1',
      picks: ['delivery.express'],
      goal: 'cheapest',
      customerId: 'c1',
    });
    // Assess
    expect(forPartner.price.total).toBe(80000 + 2500);
    // Tier B's list halves express delivery; the tier's perks then include it at no charge.
    expect(forCustomer.price.total).toBe(80000);
    expect(forCustomer).toMatchObject({ customerId: 'c1', tier: 'B', goal: 'cheapest' });
  });

  it("completes the popular configuration from the tenant's orders, and only from what k customers ordered", async () => {
    // Prepare
    const everyone = learned(FULL_LAPTOP_PICKS, 3);
    // Act
    const popular = await completeForCaller(deps({ statistics: { everyone } }), partner, {
      productId: 'laptop-x1',
      picks: [],
      goal: 'popular',
    });
    const belowFloor = await completeForCaller(deps({ statistics: { everyone }, minCustomers: 5 }), partner, {
      productId: 'laptop-x1',
      picks: [],
      goal: 'popular',
    });
    // Assess
    expect([...popular.picks].sort()).toEqual([...FULL_LAPTOP_PICKS].sort());
    expect(belowFloor.picks).toContain('cpu.i5');
    expect(belowFloor.picks).not.toContain('keyboard.de');
  });

  it("starts from the customer's kept needs when the request states none, and says so", async () => {
    // Prepare
    // A question a later catalog version no longer asks is left out, never an error.
    const profile = customer({ needs: { 'laptop-x1': { use: 'video', retired: 'gone' } } });
    // Act
    const kept = await completeForCaller(deps({ profile }), partner, {
      productId: 'laptop-x1',
      picks: [],
      goal: 'needs',
      customerId: 'c1',
    });
    const optedOut = await completeForCaller(deps({ profile: { ...profile, doNotProfile: true } }), partner, {
      productId: 'laptop-x1',
      picks: [],
      goal: 'needs',
      customerId: 'c1',
    });
    // Assess
    expect(kept).toMatchObject({ needs: { use: 'video' }, needsFrom: 'profile' });
    expect(kept.because).toContainEqual({ choice: 'memory.32gb', reason: 'you said "Photo and video"' });
    expect(optedOut.needsFrom).toBeUndefined();
  });

  it('turns the engine errors into the domain errors the API maps: bad needs, nothing fits, a foreign customer', async () => {
    // Act: one after the other, so no rejection waits unhandled while another is awaited.
    const settle = (running: Promise<unknown>) =>
      running.then(
        () => 'resolved',
        (error: unknown) => error,
      );
    const badNeed = await settle(
      completeForCaller(deps(), partner, { productId: 'laptop-x1', picks: [], goal: 'needs', needs: { use: 'knitting' } }),
    );
    const nothingFits = await settle(
      completeForCaller(deps(), partner, { productId: 'laptop-x1', picks: ['graphics.rtx4060'], goal: 'cheapest', budget: 100000 }),
    );
    const foreign = await settle(
      completeForCaller(deps(), partner, { productId: 'laptop-x1', picks: [], goal: 'cheapest', customerId: 'someone-else' }),
    );
    // Assess
    expect(badNeed).toMatchObject({
      constructor: InvalidInputError,
      findings: [expect.objectContaining({ path: ['needs', 'use'] })],
    });
    expect(nothingFits).toMatchObject({ constructor: NoConfigurationError, cheapestTotal: 140900, budget: 100000 });
    expect(foreign).toBeInstanceOf(NotFoundError);
  });
});

describe('configureForCaller with a budget and needs', () => {
  it("excludes with the budget at the caller's prices and marks where the needs came from", async () => {
    // Prepare
    const lists: PriceList[] = [{ id: 'partner', name: 'Partner', entries: [{ target: '*', percent: -50 }] }];
    // Act
    const listPrices = await configureForCaller(deps(), partner, {
      productId: 'laptop-x1',
      picks: [],
      budget: 120000,
      needs: { use: 'office' },
    });
    const halfPrices = await configureForCaller(deps({ lists }), partner, { productId: 'laptop-x1', picks: [], budget: 120000 });
    // Assess
    const rtx4060 = (answer: typeof listPrices) => answer.groups.find((g) => g.id === 'graphics')!.choices.find((c) => c.id === 'rtx4060')!;
    expect(rtx4060(listPrices)).toMatchObject({
      state: 'excluded',
      fromPrice: null,
      reasons: [expect.objectContaining({ rule: 'budget' })],
    });
    expect(listPrices).toMatchObject({ needs: { use: 'office' }, needsFrom: 'request' });
    // "*" halves every choice, not the base price (89,900): the €510 of choices behind 140,900 cost €255.
    expect(rtx4060(halfPrices)).toMatchObject({ state: 'available', fromPrice: 89900 + (140900 - 89900) / 2 });
  });
});
