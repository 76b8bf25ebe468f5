/** Statistics item requests (pure): keys, compression round trip, the revision condition, the size limit. */
import { describe, expect, it } from 'vitest';
import {
  buildDeleteStatistics,
  buildGetStatistics,
  buildPersonalStatisticsWrites,
  buildPutCustomerStatistics,
  buildPutStatistics,
  MAX_COMPRESSED_BYTES,
  statisticsFromItem,
  StatisticsTooLargeError,
} from '#store/statistics-repository';
import { parseStats, trainStats } from '#recommend/stats';
import { planPersonalStatisticsMerge, type PersonalStatisticsItem } from '#recommend/learning';

/** A merge's statistics writes as the store sends them: planned by the domain, built by the store. */
function mergeWrites(
  records: { keptId: string; duplicateId: string },
  items: { kept: PersonalStatisticsItem[]; duplicate: PersonalStatisticsItem[] },
  doNotProfile: boolean,
) {
  return buildPersonalStatisticsWrites('t', 'p1', planPersonalStatisticsMerge(records, items, doNotProfile), 'now');
}

const stored = (revision: number) => ({
  stats: trainStats([['cpu.i7', 'memory.32gb'], ['cpu.i5']]),
  revision,
  recentOrderIds: ['o1', 'o2'],
});

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
    expect(remove).toEqual({
      TableName: 't',
      Key: { PK: 'TENANT#p1#CUSTOMER#c2', SK: 'STATS#laptop' },
      ConditionExpression: 'revision = :revision',
      ExpressionAttributeValues: { ':revision': 3 },
    });
  });

  it("writes a customer's own statistics only together with a check that the profile exists and allows profiling", () => {
    // Prepare
    const put = buildPutStatistics('t', 'p1', 'laptop', { kind: 'customer', customerId: 'c1' }, stored(1), 'now');
    // Act
    const transaction = buildPutCustomerStatistics('t', 'p1', 'c1', put);
    // Assess
    expect(transaction.names).toEqual(['statistics', 'profile']);
    expect(transaction.input.TransactItems![0]!.Put).toBe(put);
    expect(transaction.input.TransactItems![1]!.ConditionCheck).toEqual({
      TableName: 't',
      Key: { PK: 'TENANT#p1#CUSTOMER#c1', SK: 'PROFILE' },
      ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(doNotProfile) OR doNotProfile = :false)',
      ExpressionAttributeValues: { ':false': false },
    });
  });

  it('reads back exactly what it wrote, and refuses a damaged item', () => {
    // Prepare
    const item = buildPutStatistics('t', 'p1', 'laptop', { kind: 'everyone' }, stored(3), '2026-11-23T00:00:00Z').Item!;
    // Act
    const back = statisticsFromItem(item, parseStats);
    // Assess
    expect(back).toEqual(stored(3));
    expect(statisticsFromItem(undefined, parseStats)).toBeUndefined();
    expect(() => statisticsFromItem({ ...item, stats: 'not compressed' }, parseStats)).toThrow(RangeError);
  });

  it('refuses statistics that would not fit in one item', () => {
    // Prepare: incompressible value names
    const orders = Array.from({ length: 3_000 }, () =>
      Array.from({ length: 8 }, (_, g) => `g${g}.${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`),
    );
    const big = { stats: trainStats(orders), revision: 1, recentOrderIds: [] };
    // Act + Assess
    expect(() => buildPutStatistics('t', 'p1', 'laptop', { kind: 'everyone' }, big, 'now')).toThrow(StatisticsTooLargeError);
    expect(MAX_COMPRESSED_BYTES).toBeLessThan(400 * 1024);
  });

  describe('merging two records of one customer (recommend/learning plans, the store builds)', () => {
    const records = { keptId: 'c1', duplicateId: 'c2' };
    const item = (productId: string, revision: number, orders: string[][] | null) =>
      orders
        ? { productId, revision, stored: { stats: trainStats(orders), revision, recentOrderIds: [`o-${productId}-${revision}`] } }
        : { productId, revision };

    it("merges the duplicate's statistics into the kept item and deletes the duplicate's, each at the revision read", () => {
      // Prepare: both ordered the laptop; only the duplicate the phone.
      const kept = [item('laptop', 3, [['cpu.i5']])];
      const duplicate = [item('laptop', 2, [['cpu.i7'], ['cpu.i7']]), item('phone', 1, [['colour.red']])];
      // Act
      const writes = mergeWrites(records, { kept, duplicate }, false);
      // Assess
      expect(writes).toHaveLength(4);
      const [laptopPut, laptopDelete, phonePut, phoneDelete] = writes;
      expect(laptopPut!.Put).toMatchObject({
        Item: { PK: 'TENANT#p1#CUSTOMER#c1', SK: 'STATS#laptop', orders: 3, revision: 4 },
        ConditionExpression: 'revision = :expected',
        ExpressionAttributeValues: { ':expected': 3 },
      });
      expect(statisticsFromItem(laptopPut!.Put!.Item, parseStats)!.stats.totals[0]).toEqual([0, 1, 2]);
      expect(laptopDelete!.Delete).toMatchObject({
        Key: { PK: 'TENANT#p1#CUSTOMER#c2', SK: 'STATS#laptop' },
        ExpressionAttributeValues: { ':revision': 2 },
      });
      expect(phonePut!.Put).toMatchObject({
        Item: { PK: 'TENANT#p1#CUSTOMER#c1', SK: 'STATS#phone', orders: 1, revision: 1 },
        ConditionExpression: 'attribute_not_exists(PK)',
      });
      expect(phoneDelete!.Delete).toMatchObject({ Key: { SK: 'STATS#phone' }, ExpressionAttributeValues: { ':revision': 1 } });
    });

    it("replaces a damaged kept item at its revision, and deletes a damaged duplicate's item without merging it", () => {
      // Prepare
      const kept = [item('laptop', 7, null)];
      const duplicate = [item('laptop', 2, [['cpu.i7']]), item('phone', 5, null)];
      // Act
      const writes = mergeWrites(records, { kept, duplicate }, false);
      // Assess
      expect(writes).toHaveLength(3);
      expect(writes[0]!.Put).toMatchObject({
        Item: { SK: 'STATS#laptop', orders: 1, revision: 8 },
        ExpressionAttributeValues: { ':expected': 7 },
      });
      expect(writes[1]!.Delete).toMatchObject({ Key: { PK: 'TENANT#p1#CUSTOMER#c2', SK: 'STATS#laptop' } });
      expect(writes[2]!.Delete).toMatchObject({
        Key: { PK: 'TENANT#p1#CUSTOMER#c2', SK: 'STATS#phone' },
        ExpressionAttributeValues: { ':revision': 5 },
      });
    });

    it('deletes every personal statistics item of both records, damaged ones too, when the merged record may not be profiled', () => {
      // Prepare
      const kept = [item('laptop', 3, [['cpu.i5']]), item('phone', 4, null)];
      const duplicate = [item('laptop', 2, [['cpu.i7']])];
      // Act
      const writes = mergeWrites(records, { kept, duplicate }, true);
      // Assess
      expect(writes.map((w) => w.Put)).toEqual([undefined, undefined, undefined]);
      expect(writes.map((w) => `${w.Delete!.Key!.PK} ${w.Delete!.Key!.SK} ${w.Delete!.ExpressionAttributeValues![':revision']}`)).toEqual([
        'TENANT#p1#CUSTOMER#c1 STATS#laptop 3',
        'TENANT#p1#CUSTOMER#c1 STATS#phone 4',
        'TENANT#p1#CUSTOMER#c2 STATS#laptop 2',
      ]);
    });
  });
});
