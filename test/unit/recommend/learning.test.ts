/**
 * Learning from placed orders (pure parts and the use case over an in-memory statistics store):
 * which statistics an order teaches, idempotence against duplicate stream deliveries, the
 * revision check between concurrent writers, and failures reported rather than thrown.
 */
import { describe, expect, it } from 'vitest';
import {
  applyOrders,
  CUSTOMER_MAX_ROWS,
  learnFromOrders,
  mergePersonalStatistics,
  planUpdates,
  MAX_WRITE_ATTEMPTS,
  type PlacedOrder,
  type StatisticsScope as StatsScope,
  type StatisticsStore,
  type StoredStatistics,
} from '#recommend/learning';

const PICKS = ['cpu.i7', 'memory.32gb', 'keyboard.de'];

function order(orderId: string, overrides: Partial<PlacedOrder> = {}): PlacedOrder {
  return { orderId, tenantId: 'p1', customerId: 'c1', productId: 'laptop', picks: PICKS, remember: true, ...overrides };
}

function scopeName(scope: StatsScope): string {
  return scope.kind === 'segment' ? `segment:${scope.segment}` : scope.kind === 'customer' ? `customer:${scope.customerId}` : scope.kind;
}

/** A statistics store in memory, with the same revision rule as the DynamoDB one. */
class MemoryStatistics implements StatisticsStore {
  readonly items = new Map<string, StoredStatistics>();
  /** Writes that another writer overtakes (one per entry) before they land. */
  interleave: (() => void)[] = [];
  failGets = 0;
  /** The customer was erased or opted out between the read and the write. */
  refuseCustomers = false;

  private key(tenantId: string, productId: string, scope: StatsScope) {
    return `${tenantId}/${productId}/${scopeName(scope)}`;
  }
  async get(tenantId: string, productId: string, scope: StatsScope) {
    if (this.failGets > 0) {
      this.failGets -= 1;
      throw new Error('the database did not answer');
    }
    const item = this.items.get(this.key(tenantId, productId, scope));
    return item ? structuredClone(item) : undefined;
  }
  async put(tenantId: string, productId: string, scope: StatsScope, next: StoredStatistics) {
    this.interleave.shift()?.();
    const key = this.key(tenantId, productId, scope);
    if (scope.kind === 'customer' && this.refuseCustomers) return 'refused' as const;
    if ((this.items.get(key)?.revision ?? 0) !== next.revision - 1) return 'stale' as const;
    this.items.set(key, structuredClone(next));
    return 'written' as const;
  }
}

const deps = (
  statistics: StatisticsStore,
  customers: Record<string, { tier: 'A' | 'B' | 'C' | null; doNotProfile: boolean } | undefined> = {
    c1: { tier: 'B', doNotProfile: false },
  },
  sharing: string[] = [],
) => ({
  statistics,
  customer: async (_tenant: string, customerId: string) => customers[customerId],
  sharesStatistics: async (tenantId: string) => sharing.includes(tenantId),
  now: () => new Date('2026-11-23T12:00:00Z'),
});

describe('planUpdates', () => {
  it("sends an order to everyone's, its tier segment's and its customer's statistics", () => {
    // Act
    const plan = planUpdates([order('o1')], () => ({ tier: 'A', doNotProfile: false }));
    // Assess
    expect(plan.map((u) => scopeName(u.scope))).toEqual(['everyone', 'segment:tier-A', 'customer:c1']);
  });

  it('keeps one-off orders, opted-out and erased customers out of personal statistics', () => {
    // Act
    const oneOff = planUpdates([order('o1', { remember: false })], () => ({ tier: 'B', doNotProfile: false }));
    const optedOut = planUpdates([order('o2')], () => ({ tier: 'B', doNotProfile: true }));
    const erased = planUpdates([order('o3')], () => undefined);
    // Assess
    expect(oneOff.map((u) => scopeName(u.scope))).toEqual(['everyone', 'segment:tier-B']);
    expect(optedOut.map((u) => scopeName(u.scope))).toEqual(['everyone', 'segment:tier-B']);
    expect(erased.map((u) => scopeName(u.scope))).toEqual(['everyone']);
  });

  it('pools the orders of sharing tenants in one item across tenants, and only theirs', () => {
    // Act
    const plan = planUpdates(
      [order('o1'), order('o2', { tenantId: 'p2' }), order('o3', { tenantId: 'house' })],
      () => ({ tier: null, doNotProfile: true }),
      (t) => t !== 'p2',
    );
    // Assess
    const pooled = plan.filter((u) => u.scope.kind === 'all-tenants');
    expect(pooled).toHaveLength(1);
    expect(pooled[0]!.orders.map((o) => o.orderId)).toEqual(['o1', 'o3']);
    expect(pooled[0]!.tenantId).toBe('');
  });

  it('groups the orders of a batch by statistics item, tenants and products apart', () => {
    // Act
    const plan = planUpdates([order('o1'), order('o2', { tenantId: 'p2' }), order('o3'), order('o4', { productId: 'other' })], () => ({
      tier: null,
      doNotProfile: true,
    }));
    // Assess
    expect(plan.map((u) => [u.tenantId, u.productId, u.orders.map((o) => o.orderId)])).toEqual([
      ['p1', 'laptop', ['o1', 'o3']],
      ['p2', 'laptop', ['o2']],
      ['p1', 'other', ['o4']],
    ]);
  });
});

describe('applyOrders', () => {
  it('learns new orders, skips those already learned, and never touches what was read', () => {
    // Prepare
    const first = applyOrders(undefined, { kind: 'everyone' }, [order('o1'), order('o2')], 200)!;
    const snapshot = structuredClone(first);
    // Act
    const again = applyOrders(first, { kind: 'everyone' }, [order('o2')], 200);
    const next = applyOrders(first, { kind: 'everyone' }, [order('o2'), order('o3')], 200)!;
    // Assess
    expect(first).toMatchObject({ revision: 1, recentOrderIds: ['o1', 'o2'] });
    expect(first.stats.orders).toBe(2);
    expect(again).toBeUndefined();
    expect(next).toMatchObject({ revision: 2, recentOrderIds: ['o1', 'o2', 'o3'] });
    expect(next.stats.orders).toBe(3);
    expect(first).toEqual(snapshot);
  });

  it('remembers only the last order ids, and keeps a customer small', () => {
    // Act
    const stored = applyOrders(undefined, { kind: 'customer', customerId: 'c1' }, [order('o1'), order('o2'), order('o3')], 2)!;
    // Assess
    expect(stored.recentOrderIds).toEqual(['o2', 'o3']);
    expect(stored.stats.maxRows).toBe(50);
  });
});

describe('mergePersonalStatistics', () => {
  it("learns the duplicate's orders after the kept record's and moves the kept item's revision on", () => {
    // Prepare
    const kept = applyOrders(undefined, { kind: 'customer', customerId: 'c1' }, [order('o1', { picks: ['keyboard.fr'] })], 10)!;
    const duplicate = applyOrders(
      undefined,
      { kind: 'customer', customerId: 'c2' },
      [order('o2', { picks: ['keyboard.de'] }), order('o3', { picks: ['keyboard.de'] })],
      10,
    )!;
    // Act
    const merged = mergePersonalStatistics({ ...kept, revision: 4 }, duplicate, 2);
    const adopted = mergePersonalStatistics(undefined, duplicate);
    // Assess
    expect(merged.stats.orders).toBe(3);
    expect(merged.stats.totals[0]).toEqual([0, 1, 2]);
    expect(merged.revision).toBe(5);
    expect(merged.recentOrderIds).toEqual(['o2', 'o3']);
    expect(adopted).toMatchObject({ revision: 1, recentOrderIds: ['o2', 'o3'], stats: { orders: 2, maxRows: CUSTOMER_MAX_ROWS } });
  });
});

describe('learnFromOrders', () => {
  it('learns a batch once, however often it is delivered', async () => {
    // Prepare
    const store = new MemoryStatistics();
    // Act
    const first = await learnFromOrders(deps(store), [order('o1'), order('o2')]);
    const replay = await learnFromOrders(deps(store), [order('o1'), order('o2')]);
    // Assess
    expect(first).toMatchObject({ learned: 2, writes: 3, failedOrderIds: [] });
    expect(replay).toMatchObject({ learned: 0, writes: 0, failedOrderIds: [] });
    expect(store.items.get('p1/laptop/everyone')!.stats.orders).toBe(2);
  });

  it('reads again and retries when another writer came first, losing no order', async () => {
    // Prepare: another batch lands between each of our reads and writes, twice
    const store = new MemoryStatistics();
    const other = () =>
      void store.items.set(
        'p1/laptop/everyone',
        applyOrders(store.items.get('p1/laptop/everyone'), { kind: 'everyone' }, [order(`x${store.interleave.length}`)], 200)!,
      );
    store.interleave = [other, other];
    // Act
    const result = await learnFromOrders(deps(store, {}), [order('o1')]);
    // Assess
    expect(result).toMatchObject({ learned: 1, failedOrderIds: [] });
    expect(store.items.get('p1/laptop/everyone')!.stats.orders).toBe(3);
  });

  it('keeps nothing personal when the customer opted out or was erased between the read and the write', async () => {
    // Prepare
    const store = new MemoryStatistics();
    store.refuseCustomers = true;
    // Act
    const result = await learnFromOrders(deps(store), [order('o1')]);
    // Assess
    expect(result).toMatchObject({ failedOrderIds: [], writes: 2 });
    expect([...store.items.keys()].sort()).toEqual(['p1/laptop/everyone', 'p1/laptop/segment:tier-B']);
  });

  it('fails only the orders whose customer could not be read', async () => {
    // Prepare
    const store = new MemoryStatistics();
    const flaky = {
      ...deps(store),
      customer: async (_t: string, customerId: string) => {
        if (customerId === 'c2') throw new Error('the database did not answer');
        return { tier: null, doNotProfile: false };
      },
    };
    // Act
    const result = await learnFromOrders(flaky, [order('o1'), order('o2', { customerId: 'c2' })]);
    // Assess
    expect(result.failedOrderIds).toEqual(['o2']);
    expect(result.learned).toBe(1);
    expect(store.items.get('p1/laptop/everyone')!.stats.orders).toBe(1);
  });

  it('reports the orders it could not learn instead of throwing', async () => {
    // Prepare
    const store = new MemoryStatistics();
    store.failGets = MAX_WRITE_ATTEMPTS;
    // Act
    const result = await learnFromOrders(deps(store, {}), [order('o1')]);
    // Assess
    expect(result.failedOrderIds).toEqual(['o1']);
    expect(result.errors[0]).toContain('the database did not answer');
    expect(store.items.size).toBe(0);
  });
});
