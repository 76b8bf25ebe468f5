/**
 * The scaled-out tier job against the one-piece ranking: over in-memory shards, the boundaries
 * found part by part (counts, then narrowing rounds) give every customer the tier assignTiers
 * gives them, whatever the values, ties, shard count and thresholds; applying a shard twice with
 * the same time writes and signals nothing the second time.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tier } from '#core/catalog-document';
import type { TierCustomer, TierWrite } from '#customers/tier-job';
import { applyShard, findBoundaries, type ShardedTierStore } from '#customers/tier-parts';
import { assignTiers, recentValue, tierForValue } from '#customers/tiers';
import type { TierChange } from '#customers/win-back';

const NOW = new Date('2026-06-15T02:00:00.000Z');
const DAY_MS = 86_400_000;

/** An in-memory store: customers spread over `shards` by index; saved tiers are kept. */
function memoryStore(customers: TierCustomer[], shards: number, thresholds?: unknown) {
  const byId = new Map(customers.map((c) => [c.customerId, { ...c }]));
  const writes: TierWrite[] = [];
  const store: ShardedTierStore = {
    listingShards: shards,
    listTenants: async () => ['t'],
    listCustomers: async () => [...byId.values()],
    listCustomersOfShard: async (_tenant, shard) => [...byId.values()].filter((_, i) => i % shards === shard).map((c) => ({ ...c })),
    storedThresholds: async () => thresholds,
    saveTier: async (_tenant, write) => {
      writes.push(write);
      const stored = byId.get(write.customerId)!;
      stored.tier = write.tier;
      if (write.valueHalvedSince === null) delete stored.valueHalvedSince;
      else stored.valueHalvedSince = write.valueHalvedSince;
    },
  };
  return { store, writes };
}

const customerArb = fc.record({
  amounts: fc.array(
    fc.oneof(fc.constant(0), fc.constant(500), fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 1e6, noNaN: true })),
    {
      maxLength: 3,
    },
  ),
  agoDays: fc.integer({ min: 0, max: 400 }),
  tier: fc.constantFrom<Tier | undefined>('A', 'B', 'C', undefined),
});

describe('the tier job in parts', () => {
  it('tiers every customer as the one-piece ranking does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(customerArb, { maxLength: 150 }),
        fc.integer({ min: 1, max: 9 }),
        fc.option(fc.record({ topPercentA: fc.integer({ min: 0, max: 50 }), bottomPercentC: fc.integer({ min: 0, max: 50 }) }), {
          nil: undefined,
        }),
        async (drawn, shards, thresholds) => {
          // Prepare
          const customers: TierCustomer[] = drawn.map((d, i) => ({
            customerId: `c${i}`,
            recentOrders: d.amounts.map((amount) => ({ at: new Date(NOW.getTime() - d.agoDays * DAY_MS).toISOString(), amount })),
            ...(d.tier ? { tier: d.tier } : {}),
          }));
          const { store } = memoryStore(customers, shards, thresholds);
          const expected = assignTiers(customers, NOW, thresholds ?? undefined);

          // Act
          const boundaries = await findBoundaries(store, 't', NOW, 3);

          // Assess
          for (const c of customers) {
            const { value, hasRecentOrder } = recentValue(c.recentOrders, NOW);
            expect(tierForValue(value, hasRecentOrder, boundaries)).toBe(expected.get(c.customerId));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('applies a shard once: the same run again writes and signals nothing', async () => {
    // Prepare: 40 customers who were all A, most of whom fall
    const customers: TierCustomer[] = Array.from({ length: 40 }, (_, i) => ({
      customerId: `c${i}`,
      recentOrders: [{ at: new Date(NOW.getTime() - 30 * DAY_MS).toISOString(), amount: (i + 1) * 100 }],
      tier: 'A',
    }));
    const { store, writes } = memoryStore(customers, 4);
    const published: TierChange[] = [];
    const signals = { publish: async (s: readonly TierChange[]) => void published.push(...s) };
    const boundaries = await findBoundaries(store, 't', NOW, 2);

    // Act
    const first = [];
    for (let shard = 0; shard < 4; shard++) first.push(await applyShard(store, signals, 't', shard, NOW, boundaries));
    const firstWrites = writes.length;
    const firstSignals = published.length;
    const again = [];
    for (let shard = 0; shard < 4; shard++) again.push(await applyShard(store, signals, 't', shard, NOW, boundaries));

    // Assess
    expect(first.reduce((sum, r) => sum + r.changed, 0)).toBe(38);
    expect(firstSignals).toBeGreaterThan(0);
    expect(again.every((r) => r.changed === 0 && r.winBack === 0)).toBe(true);
    expect(writes.length).toBe(firstWrites);
    expect(published.length).toBe(firstSignals);
    expect(again.reduce((sum, r) => sum + r.byTier.A, 0)).toBe(2);
  });
});
