/**
 * The statistics a configure call recommends from (statistics-reader.ts), over a store in
 * memory: a tenant's aggregates read at most once per TTL, a customer's own on every call, the
 * last statistics kept when the store fails, the pool for a sharing tenant with few orders, and
 * a newer revision decoded with the relevance weights of the one before while orders grew little.
 */
import { describe, expect, it } from 'vitest';
import type { StatisticsScope, StatisticsStore, StoredStatistics } from '#recommend/learning';
import { decode, RELEVANCE_REUSE_GROWTH } from '#recommend/model';
import { StatisticsReader } from '#recommend/statistics-reader';
import { trainStats } from '#recommend/stats';

/** `n` orders where the keyboard follows the CPU, so the two groups are relevant to each other. */
function orders(n: number): string[][] {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 0 ? ['cpu.i5', 'keyboard.us', `paint.p${i % 4}`] : ['cpu.i7', 'keyboard.de', `paint.p${i % 4}`],
  );
}

class MemoryStore implements Pick<StatisticsStore, 'get'> {
  readonly items = new Map<string, StoredStatistics>();
  reads = 0;
  failing = false;

  key(tenantId: string, scope: StatisticsScope): string {
    return scope.kind === 'customer'
      ? `${tenantId}/customer/${scope.customerId}`
      : scope.kind === 'segment'
        ? `${tenantId}/${scope.segment}`
        : scope.kind === 'all-tenants'
          ? 'pool'
          : `${tenantId}/everyone`;
  }

  set(tenantId: string, scope: StatisticsScope, n: number, revision: number): void {
    this.items.set(this.key(tenantId, scope), { stats: trainStats(orders(n)), revision, recentOrderIds: [] });
  }

  async get(tenantId: string, _productId: string, scope: StatisticsScope): Promise<StoredStatistics | undefined> {
    this.reads += 1;
    if (this.failing) throw new Error('store unavailable');
    // A fresh object per read, as the DynamoDB store parses one.
    const item = this.items.get(this.key(tenantId, scope));
    return item && { ...item, stats: structuredClone(item.stats) };
  }
}

describe('StatisticsReader', () => {
  it("reads a tenant's aggregates once per TTL and keeps the same object while the revision stays", async () => {
    // Prepare
    let now = 0;
    const store = new MemoryStore();
    store.set('t1', { kind: 'everyone' }, 30, 1);
    const reader = new StatisticsReader(store, { ttlMs: 1_000, now: () => now });
    // Act
    const first = await reader.bundle('t1', 'laptop');
    const warm = await reader.bundle('t1', 'laptop');
    const readsWarm = store.reads;
    now = 5_000;
    const refreshed = await reader.bundle('t1', 'laptop');
    // Assess
    expect(readsWarm).toBe(1);
    expect(store.reads).toBe(2);
    expect(warm.everyone).toBe(first.everyone);
    expect(refreshed.everyone).toBe(first.everyone);
  });

  it("reads a customer's own statistics on every call, unless they asked not to be profiled", async () => {
    // Prepare
    const store = new MemoryStore();
    store.set('t1', { kind: 'customer', customerId: 'c1' }, 2, 1);
    const reader = new StatisticsReader(store, { now: () => 0 });
    const customer = { customerId: 'c1', tier: null, doNotProfile: false };
    // Act
    const first = await reader.bundle('t1', 'laptop', customer);
    const second = await reader.bundle('t1', 'laptop', customer);
    const privateCall = await reader.bundle('t1', 'laptop', { ...customer, doNotProfile: true });
    // Assess: everyone's item once, the customer's twice.
    expect(store.reads).toBe(3);
    expect(first.customer?.orders).toBe(2);
    expect(second.customer?.orders).toBe(2);
    expect(privateCall.customer).toBeNull();
  });

  it('keeps the last statistics read when the store fails, and tells', async () => {
    // Prepare
    let now = 0;
    const errors: unknown[] = [];
    const store = new MemoryStore();
    store.set('t1', { kind: 'everyone' }, 30, 1);
    const reader = new StatisticsReader(store, { ttlMs: 1_000, now: () => now, onReadError: (e) => errors.push(e) });
    const before = await reader.bundle('t1', 'laptop');
    store.failing = true;
    now = 5_000;
    // Act
    const during = await reader.bundle('t1', 'laptop');
    // Assess
    expect(during.everyone).toBe(before.everyone);
    expect(errors).toHaveLength(1);
  });

  it('recommends a sharing tenant with few orders of its own from the pool', async () => {
    // Prepare
    const store = new MemoryStore();
    store.set('t1', { kind: 'everyone' }, 5, 1);
    store.set('', { kind: 'all-tenants' }, 40, 1);
    const reader = new StatisticsReader(store, { now: () => 0 });
    // Act
    const sharing = await reader.bundle('t1', 'laptop', undefined, true);
    const notSharing = await reader.bundle('t1', 'laptop', undefined, false);
    // Assess
    expect(sharing.everyone?.orders).toBe(40);
    expect(notSharing.everyone?.orders).toBe(5);
  });

  it("decodes a newer revision with the older one's relevance weights while the orders grew little, and anew after", async () => {
    // Prepare
    let now = 0;
    const store = new MemoryStore();
    store.set('t1', { kind: 'everyone' }, 100, 1);
    const reader = new StatisticsReader(store, { ttlMs: 1_000, now: () => now });
    const original = decode((await reader.bundle('t1', 'laptop')).everyone!);
    // Act: a few more orders (within the reuse growth), then many more.
    store.set('t1', { kind: 'everyone' }, 100 + Math.floor(100 * RELEVANCE_REUSE_GROWTH), 2);
    now = 2_000;
    const slightlyNewer = decode((await reader.bundle('t1', 'laptop')).everyone!);
    store.set('t1', { kind: 'everyone' }, 200, 3);
    now = 4_000;
    const muchNewer = decode((await reader.bundle('t1', 'laptop')).everyone!);
    // Assess
    expect(original.relevant.some((r) => r.columns.length > 0)).toBe(true);
    expect(slightlyNewer.stats.orders).toBe(105);
    expect(slightlyNewer.relevance).toBe(original.relevance);
    expect(slightlyNewer.relevanceOrders).toBe(100);
    expect(muchNewer.relevance).not.toBe(original.relevance);
    expect(muchNewer.relevanceOrders).toBe(200);
  });
});
