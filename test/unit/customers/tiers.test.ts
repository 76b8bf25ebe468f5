/** Tiers A/B/C from the value of the last 12 months among active customers: window, quotas, rounding, ties, settings. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIER_THRESHOLDS,
  TierThresholdsSchema,
  assignTiers,
  recentValue,
  tierQuotas,
  type TierInput,
  type TierThresholds,
} from '#customers/tiers';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();

/** A customer with one order per amount, placed `agoDays` days before NOW. */
function customer(customerId: string, amounts: number[], agoDays = 10): TierInput {
  return { customerId, recentOrders: amounts.map((amount) => ({ at: daysAgo(agoDays), amount })) };
}

function countByTier(tiers: Map<string, string>): Record<'A' | 'B' | 'C', number> {
  const counts = { A: 0, B: 0, C: 0 };
  for (const tier of tiers.values()) counts[tier as 'A' | 'B' | 'C']++;
  return counts;
}

describe('recentValue', () => {
  it('sums the orders of the last 365 days, boundaries included, and nothing older or later', () => {
    // Prepare
    const orders = [
      { at: daysAgo(0), amount: 1 },
      { at: daysAgo(365), amount: 10 },
      { at: new Date(NOW.getTime() - 365 * DAY_MS - 1).toISOString(), amount: 100 },
      { at: new Date(NOW.getTime() + 1).toISOString(), amount: 1_000 },
      { at: 'not a date', amount: 10_000 },
    ];
    // Act
    const result = recentValue(orders, NOW);
    // Assess
    expect(result).toEqual({ value: 11, hasRecentOrder: true });
  });

  it('has no recent order when every order is older than a year', () => {
    // Act
    const result = recentValue([{ at: daysAgo(400), amount: 5_000 }], NOW);
    // Assess
    expect(result).toEqual({ value: 0, hasRecentOrder: false });
  });
});

describe('tierQuotas', () => {
  it('rounds the A quota up and the C quota down', () => {
    // Act
    const quotas = [0, 1, 5, 9, 10, 20, 21, 40, 100].map((n) => ({ n, ...tierQuotas(n) }));
    // Assess
    expect(quotas).toEqual([
      { n: 0, a: 0, c: 0 },
      { n: 1, a: 1, c: 0 },
      { n: 5, a: 1, c: 1 },
      { n: 9, a: 1, c: 1 },
      { n: 10, a: 1, c: 2 },
      { n: 20, a: 1, c: 4 },
      { n: 21, a: 2, c: 4 },
      { n: 40, a: 2, c: 8 },
      { n: 100, a: 5, c: 20 },
    ]);
  });

  it('never lets the two quotas overlap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 8_000 }),
        (n, aBasisPoints, cBasisPoints) => {
          // Prepare
          fc.pre(aBasisPoints + cBasisPoints <= 10_000);
          // Act
          const quotas = tierQuotas(n, { topPercentA: aBasisPoints / 100, bottomPercentC: cBasisPoints / 100 });
          // Assess
          expect(quotas.a + quotas.c).toBeLessThanOrEqual(n);
          expect(quotas.a).toBeGreaterThanOrEqual((n * aBasisPoints) / 10_000);
          expect(quotas.c).toBeLessThanOrEqual((n * cBasisPoints) / 10_000);
        },
      ),
    );
  });
});

describe('assignTiers', () => {
  it('makes the top 5 % A and the bottom 20 % C among 40 customers with distinct values', () => {
    // Prepare: values 1..40
    const customers = Array.from({ length: 40 }, (_, i) => customer(`c${String(i + 1).padStart(2, '0')}`, [i + 1]));
    // Act
    const tiers = assignTiers(customers, NOW);
    // Assess
    expect(countByTier(tiers)).toEqual({ A: 2, B: 30, C: 8 });
    expect(tiers.get('c40')).toBe('A');
    expect(tiers.get('c39')).toBe('A');
    expect(tiers.get('c38')).toBe('B');
    expect(tiers.get('c09')).toBe('B');
    expect(tiers.get('c08')).toBe('C');
    expect(tiers.get('c01')).toBe('C');
  });

  it('makes every customer without an order in the last 12 months B, a brand-new one too, and ranks only the others', () => {
    // Prepare: five active customers (values 1..5) and, with the same thresholds, three inactive ones.
    const active = [1, 2, 3, 4, 5].map((value) => customer(`active-${value}`, [value]));
    const inactive = [customer('old-but-big', [9_999_999], 400), customer('never', []), customer('signed-up-today', [])];
    // Act
    const tiers = assignTiers([...inactive, ...active], NOW, { topPercentA: 20, bottomPercentC: 20 });
    const alone = assignTiers([customer('never', [])], NOW);
    // Assess: A quota ⌈5 × 20 %⌉ = 1 and C quota ⌊5 × 20 %⌋ = 1, of the five active customers only.
    expect(Object.fromEntries(tiers)).toEqual({
      'old-but-big': 'B',
      never: 'B',
      'signed-up-today': 'B',
      'active-1': 'C',
      'active-2': 'B',
      'active-3': 'B',
      'active-4': 'B',
      'active-5': 'A',
    });
    expect(alone.get('never')).toBe('B');
  });

  it('gives the better tier to every customer tied at a boundary', () => {
    // Prepare: 10 customers: A quota 1, C quota 2. Two tie at the top, three tie at the bottom edge.
    const values = [100, 100, 50, 40, 30, 20, 10, 5, 5, 5];
    const customers = values.map((value, i) => customer(`c${i}`, [value]));
    // Act
    const tiers = assignTiers(customers, NOW);
    // Assess
    expect([...customers.map((c) => tiers.get(c.customerId))]).toEqual(['A', 'A', 'B', 'B', 'B', 'B', 'B', 'B', 'B', 'B']);
  });

  it('never makes a customer with no value A, so A can fall short of its quota', () => {
    // Prepare: orders of 0 (e.g. free replacements) only
    const customers = [customer('a', [0]), customer('b', [0]), customer('c', [0])];
    // Act
    const tiers = assignTiers(customers, NOW);
    // Assess
    expect(Object.fromEntries(tiers)).toEqual({ a: 'B', b: 'B', c: 'B' });
  });

  it('gives nobody A or C from the quotas when both percentages are 0', () => {
    // Prepare
    const customers = [customer('a', [1]), customer('b', [2]), customer('c', [])];
    // Act
    const tiers = assignTiers(customers, NOW, { topPercentA: 0, bottomPercentC: 0 });
    // Assess
    expect(Object.fromEntries(tiers)).toEqual({ a: 'B', b: 'B', c: 'B' });
  });

  it('returns an empty map for no customers', () => {
    // Act + Assess
    expect(assignTiers([], NOW).size).toBe(0);
  });

  describe('properties', () => {
    const order = fc.record({ agoDays: fc.integer({ min: -5, max: 500 }), amount: fc.integer({ min: 0, max: 1_000 }) });
    const customers = fc.uniqueArray(
      fc.record({ customerId: fc.string({ minLength: 1, maxLength: 6 }), orders: fc.array(order, { maxLength: 4 }) }),
      {
        selector: (c) => c.customerId,
        maxLength: 80,
      },
    );
    const thresholds: fc.Arbitrary<TierThresholds> = fc
      .record({
        topPercentA: fc.integer({ min: 0, max: 5_000 }).map((bp) => bp / 100),
        bottomPercentC: fc.integer({ min: 0, max: 8_000 }).map((bp) => bp / 100),
      })
      .filter((t) => t.topPercentA + t.bottomPercentC <= 100);
    const toInputs = (list: { customerId: string; orders: { agoDays: number; amount: number }[] }[]): TierInput[] =>
      list.map((c) => ({ customerId: c.customerId, recentOrders: c.orders.map((o) => ({ at: daysAgo(o.agoDays), amount: o.amount })) }));

    it('respects the quotas of the active customers within the documented rounding and ties; inactive customers are B', () => {
      fc.assert(
        fc.property(customers, thresholds, (list, limits) => {
          // Prepare
          const inputs = toInputs(list);
          const values = new Map(inputs.map((c) => [c.customerId, recentValue(c.recentOrders, NOW)]));
          const activeCount = [...values.values()].filter((v) => v.hasRecentOrder).length;
          const quotas = tierQuotas(activeCount, limits);
          // Act
          const tiers = assignTiers(inputs, NOW, limits);
          // Assess
          const of = (tier: string) => [...tiers].filter(([, t]) => t === tier).map(([id]) => values.get(id)!);
          const a = of('A').sort((x, y) => y.value - x.value);
          const c = of('C');
          const activeB = of('B').filter((v) => v.hasRecentOrder);
          const positive = [...values.values()].filter((v) => v.hasRecentOrder && v.value > 0).length;
          expect(tiers.size).toBe(inputs.length);
          // Only active customers are ranked: A and C are all active; every inactive customer is B.
          for (const v of [...a, ...c]) expect(v.hasRecentOrder).toBe(true);
          for (const [id, v] of values) if (!v.hasRecentOrder) expect(tiers.get(id), id).toBe('B');
          // A: at least the quota (or every active customer with value), more only through ties.
          expect(a.length).toBeGreaterThanOrEqual(Math.min(quotas.a, positive));
          if (a.length > quotas.a) expect(new Set(a.slice(quotas.a - 1).map((v) => v.value)).size).toBe(1);
          for (const v of a) expect(v.value).toBeGreaterThan(0);
          // C: never more than the quota of the active customers.
          expect(c.length).toBeLessThanOrEqual(quotas.c);
          // Among active customers the tiers are ordered by value.
          const minA = Math.min(...a.map((v) => v.value));
          for (const v of [...activeB, ...c]) if (v.value > 0) expect(v.value).toBeLessThan(minA);
          const maxC = Math.max(...c.map((v) => v.value));
          for (const v of activeB) expect(v.value).toBeGreaterThan(maxC);
        }),
        { numRuns: 300 },
      );
    });

    it('leaves every other tier unchanged when customers without a recent order join (a sign-up demotes nobody)', () => {
      fc.assert(
        fc.property(customers, fc.integer({ min: 1, max: 30 }), thresholds, (list, joining, limits) => {
          // Prepare: the same tenant, plus customers who signed up and never ordered, or ordered over a year ago.
          const inputs = toInputs(list);
          const newcomers = Array.from({ length: joining }, (_, i) =>
            i % 2 === 0 ? customer(`new-${i}-${'x'.repeat(7)}`, []) : customer(`lapsed-${i}-${'x'.repeat(7)}`, [50_000], 400),
          );
          // Act
          const before = assignTiers(inputs, NOW, limits);
          const after = assignTiers([...newcomers, ...inputs], NOW, limits);
          // Assess
          for (const [id, tier] of before) expect(after.get(id), id).toBe(tier);
          for (const n of newcomers) expect(after.get(n.customerId)).toBe('B');
        }),
        { numRuns: 200 },
      );
    });

    it('makes exactly the quotas A and C when all values are distinct and positive', () => {
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 120 }), thresholds, (distinct, limits) => {
          // Prepare
          const inputs = distinct.map((value, i) => customer(`c${i}`, [value]));
          const quotas = tierQuotas(inputs.length, limits);
          // Act
          const counts = countByTier(assignTiers(inputs, NOW, limits));
          // Assess
          expect(counts).toEqual({ A: quotas.a, B: inputs.length - quotas.a - quotas.c, C: quotas.c });
        }),
        { numRuns: 300 },
      );
    });

    it('never gives an active customer with strictly more value a worse tier than another active customer', () => {
      const rank = { A: 0, B: 1, C: 2 } as const;
      fc.assert(
        fc.property(customers, thresholds, (list, limits) => {
          // Prepare
          const inputs = toInputs(list);
          // Act
          const tiers = assignTiers(inputs, NOW, limits);
          // Assess
          for (const x of inputs) {
            for (const y of inputs) {
              const vx = recentValue(x.recentOrders, NOW);
              const vy = recentValue(y.recentOrders, NOW);
              if (vx.hasRecentOrder && vy.hasRecentOrder && vx.value > vy.value)
                expect(rank[tiers.get(x.customerId)!]).toBeLessThanOrEqual(rank[tiers.get(y.customerId)!]);
            }
          }
        }),
        { numRuns: 200 },
      );
    });

    it('does not depend on the order of the customers', () => {
      fc.assert(
        fc.property(customers, thresholds, fc.nat(), (list, limits, seed) => {
          // Prepare
          const inputs = toInputs(list);
          const shuffled = [...inputs]
            .sort((x, y) => ((x.customerId.charCodeAt(0) * 31 + seed) % 7) - ((y.customerId.charCodeAt(0) * 31 + seed) % 7))
            .reverse();
          // Act
          const first = assignTiers(inputs, NOW, limits);
          const second = assignTiers(shuffled, NOW, limits);
          // Assess
          expect(Object.fromEntries(second)).toEqual(Object.fromEntries(first));
        }),
      );
    });
  });
});

describe('TierThresholdsSchema', () => {
  it('accepts the defaults and the extremes', () => {
    // Act
    const results = [
      DEFAULT_TIER_THRESHOLDS,
      { topPercentA: 0, bottomPercentC: 0 },
      { topPercentA: 50, bottomPercentC: 50 },
      { topPercentA: 20, bottomPercentC: 80 },
    ].map((t) => TierThresholdsSchema.safeParse(t).success);
    // Assess
    expect(results).toEqual([true, true, true, true]);
  });

  it('rejects out-of-range values, a sum over 100 and unknown keys', () => {
    // Prepare
    const bad = [
      { topPercentA: 51, bottomPercentC: 0 },
      { topPercentA: -1, bottomPercentC: 0 },
      { topPercentA: 0, bottomPercentC: 81 },
      { topPercentA: 30, bottomPercentC: 71 },
      { topPercentA: 5, bottomPercentC: 20, extra: true },
      { topPercentA: 5 },
    ];
    // Act
    const results = bad.map((t) => TierThresholdsSchema.safeParse(t));
    // Assess
    expect(results.map((r) => r.success)).toEqual([false, false, false, false, false, false]);
    expect(results[3]!.error!.issues[0]!.path).toEqual(['bottomPercentC']);
  });
});
