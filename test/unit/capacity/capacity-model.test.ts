/**
 * The capacity model of docs/scale.md (`npm run capacity`): item sizes by DynamoDB's rules, the
 * writes of an order taken from the real builders and attributed to their partitions, and the
 * conclusions the docs draw from them: today's listing keys overflow a partition at 1,000 orders
 * a second, the sharded ones carry 20,000; per-batch statistics rewrites overflow, the folded
 * design does not depend on the order rate.
 */
import { describe, expect, it } from 'vitest';
import {
  foldedStatisticsLoad,
  hottest,
  itemBytes,
  ORDER_SHAPES,
  orderWriteLoad,
  orderWrites,
  PARTITION_LIMITS,
  statisticsWriteLoad,
  STATISTICS_BYTES,
  writeUnits,
} from '../../../infra/capacity/capacity-model.ts';
import { keys, LISTING_SHARDS } from '#store/keys';

const laptop = ORDER_SHAPES[0]!;

describe('the capacity model', () => {
  it("sizes items by DynamoDB's rules: names and values, numbers by their digits, lists and maps with their overhead", () => {
    // Act
    const sizes = [itemBytes({ a: 'abc' }), itemBytes({ n: 12_345 }), itemBytes({ l: ['ab', 'c'] }), itemBytes({ m: { k: true } })];

    // Assess: 1+3; 1+(3+1); 1+(3+2×1+2+1); 1+(3+1+1+1)
    expect(sizes).toEqual([4, 5, 9, 7]);
    expect([writeUnits(1024), writeUnits(1025), writeUnits(1025, true)]).toEqual([1, 2, 4]);
  });

  it("takes an order's writes from the real builders: the claim, each action of the placing transaction twice, the listing entries", () => {
    // Act
    const writes = orderWrites(7, laptop);

    // Assess
    expect(writes.map((w) => w.what)).toEqual([
      'idempotency claim',
      'order',
      'order (GSI1 entry)',
      'order-pointer',
      'customer',
      'customer (GSI1 entry)',
      'configuration',
      'repeat-order',
      'idempotency',
    ]);
    const order = writes.find((w) => w.what === 'order')!;
    const listing = writes.find((w) => w.what === 'order (GSI1 entry)')!;
    expect(order.units).toBe(2 * listing.units);
    expect(Number(listing.partition.match(/^GSI1:TENANT#house#ORDERS#(\d\d)$/)?.[1])).toBeLessThan(LISTING_SHARDS);
    expect(writes.find((w) => w.what === 'customer (GSI1 entry)')!.partition).toMatch(
      new RegExp(`^GSI1:${keys.customerListing('house', '', 0).GSI1PK.slice(0, -2)}\\d\\d$`),
    );
  });

  it("finds today's listing partition over its limit at 1,000 orders a second, and no sharded partition over it at 10,000", () => {
    // Act
    const today = hottest(orderWriteLoad(1_000, laptop, 'today', 256));
    const sharded = hottest(orderWriteLoad(10_000, laptop, 'sharded', 2_048));

    // Assess
    expect(today.partition).toBe('GSI1:TENANT#house#ORDERS');
    expect(today.units).toBeGreaterThan(PARTITION_LIMITS.writeUnits);
    expect(sharded.partition).toMatch(/^GSI1:TENANT#house#ORDERS#\d\d$/);
    expect(sharded.units).toBeLessThan(PARTITION_LIMITS.writeUnits);
  });

  it('finds per-batch statistics rewrites over the limit at 1,000 orders a second, and the folded design bounded whatever the rate', () => {
    // Act
    const perBatch = statisticsWriteLoad(1_000, ORDER_SHAPES[1]!, STATISTICS_BYTES.renaultBig);
    const folded = [1_000, 20_000].map((rate) => foldedStatisticsLoad(rate, STATISTICS_BYTES.limit, 10, 64));

    // Assess
    expect(perBatch.tenantPartition).toBeGreaterThan(PARTITION_LIMITS.writeUnits);
    expect(folded[0]!.tenantPartition).toBe(folded[1]!.tenantPartition);
    expect(folded[1]!.tenantPartition).toBeLessThan(PARTITION_LIMITS.writeUnits / 2);
    expect(folded[1]!.deltaPartition).toBeLessThan(PARTITION_LIMITS.writeUnits / 2);
  });
});
