/** Statistics item requests (pure): keys, compression round trip, the revision condition, the size limit. */
import { describe, expect, it } from 'vitest';
import { buildDeleteStatistics, buildGetStatistics, buildPutCustomerStatistics, buildPutStatistics, MAX_COMPRESSED_BYTES, statisticsFromItem, StatisticsTooLargeError } from '#store/statistics-repository';
import { trainStats } from '#recommend/stats';

const stored = (revision: number) => ({ stats: trainStats([['cpu.i7', 'memory.32gb'], ['cpu.i5']]), revision, recentOrderIds: ['o1', 'o2'] });

describe('statistics item requests', () => {
  it("keys everyone's and a segment's statistics by tenant and product, a customer's in their own partition", () => {
    // Act
    const everyone = buildGetStatistics('t', 'p1', 'laptop', { kind: 'everyone' }).Key;
    const segment = buildGetStatistics('t', 'p1', 'laptop', { kind: 'segment', segment: 'tier-A' }).Key;
    const customer = buildGetStatistics('t', 'p1', 'laptop', { kind: 'customer', customerId: 'c1' }).Key;
    // Assess
    expect(everyone).toEqual({ PK: 'TENANT#p1#PRODUCT#laptop', SK: 'STATS#everyone' });
    expect(segment).toEqual({ PK: 'TENANT#p1#PRODUCT#laptop', SK: 'STATS#segment#tier-A' });
    expect(customer).toEqual({ PK: 'TENANT#p1#CUSTOMER#c1', SK: 'STATS#laptop' });
  });

  it('creates an item only if none exists, and replaces one only at the revision it was read at', () => {
    // Act
    const create = buildPutStatistics('t', 'p1', 'laptop', { kind: 'everyone' }, stored(1), '2026-11-23T00:00:00Z');
    const replace = buildPutStatistics('t', 'p1', 'laptop', { kind: 'everyone' }, stored(5), '2026-11-23T00:00:00Z');
    // Assess
    expect(create.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(replace.ConditionExpression).toBe('revision = :expected');
    expect(replace.ExpressionAttributeValues).toEqual({ ':expected': 4 });
    expect(replace.Item).toMatchObject({ orders: 2, revision: 5, recentOrderIds: ['o1', 'o2'], scope: 'everyone' });
  });

  it('deletes an item only at the revision it was read at', () => {
    // Act
    const remove = buildDeleteStatistics('t', 'p1', 'laptop', { kind: 'customer', customerId: 'c2' }, 3);
    // Assess
    expect(remove).toEqual({ TableName: 't', Key: { PK: 'TENANT#p1#CUSTOMER#c2', SK: 'STATS#laptop' }, ConditionExpression: 'revision = :revision', ExpressionAttributeValues: { ':revision': 3 } });
  });

  it("writes a customer's own statistics only together with a check that the profile exists and allows profiling", () => {
    // Prepare
    const put = buildPutStatistics('t', 'p1', 'laptop', { kind: 'customer', customerId: 'c1' }, stored(1), 'now');
    // Act
    const transaction = buildPutCustomerStatistics('t', 'p1', 'c1', put);
    // Assess
    expect(transaction.TransactItems![0]!.Put!.Item).toMatchObject({ PK: 'TENANT#p1#CUSTOMER#c1', SK: 'STATS#laptop' });
    expect(transaction.TransactItems![1]!.ConditionCheck).toMatchObject({
      Key: { PK: 'TENANT#p1#CUSTOMER#c1', SK: 'PROFILE' },
      ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(doNotProfile) OR doNotProfile = :false)',
    });
  });

  it('reads back exactly what it wrote, and refuses a damaged item', () => {
    // Prepare
    const item = buildPutStatistics('t', 'p1', 'laptop', { kind: 'everyone' }, stored(3), '2026-11-23T00:00:00Z').Item!;
    // Act
    const back = statisticsFromItem(item);
    // Assess
    expect(back).toEqual(stored(3));
    expect(statisticsFromItem(undefined)).toBeUndefined();
    expect(() => statisticsFromItem({ ...item, stats: 'not compressed' })).toThrow(RangeError);
  });

  it('refuses statistics that would not fit in one item', () => {
    // Prepare: incompressible value names
    const orders = Array.from({ length: 3_000 }, () => Array.from({ length: 8 }, (_, g) => `g${g}.${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`));
    const big = { stats: trainStats(orders), revision: 1, recentOrderIds: [] };
    // Act + Assess
    expect(() => buildPutStatistics('t', 'p1', 'laptop', { kind: 'everyone' }, big, 'now')).toThrow(StatisticsTooLargeError);
    expect(MAX_COMPRESSED_BYTES).toBeLessThan(400 * 1024);
  });
});
