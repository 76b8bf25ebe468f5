/** What the webhook dispatcher reads from the table's stream: new and changed order items, nothing else. */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { learnableOrderOf, orderChangeOf } from '#events/order-changes';
import { isNewOrder, isOrderChange } from '../../../infra/local/order-stream.ts';

const order = {
  PK: 'TENANT#acme#CUSTOMER#c_1',
  SK: 'ORDER#o_1',
  orderId: 'o_1',
  tenantId: 'acme',
  customerId: 'c_1',
  productId: 'laptop-x1',
  placedAt: '2026-12-05T08:00:00.000Z',
  status: 'in-production',
  picks: ['cpu.i7'],
  statusHistory: [
    { status: 'placed', at: '2026-12-05T08:00:00.000Z' },
    { status: 'in-production', at: '2026-12-05T09:00:00.000Z' },
  ],
};

function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', image: Record<string, unknown>): DynamoDBRecord {
  const keys = marshall({ PK: image.PK, SK: image.SK });
  return {
    eventName,
    dynamodb: { Keys: keys, NewImage: marshall(image, { removeUndefinedValues: true }) },
  } as unknown as DynamoDBRecord;
}

describe('order changes of the stream', () => {
  it('reads a new or changed order item into its change, with the whole status history', () => {
    // Act
    const modified = orderChangeOf(record('MODIFY', order));
    const inserted = orderChangeOf(record('INSERT', { ...order, statusHistory: order.statusHistory.slice(0, 1) }));

    // Assess
    expect(modified).toEqual({
      tenantId: 'acme',
      orderId: 'o_1',
      customerId: 'c_1',
      productId: 'laptop-x1',
      placedAt: order.placedAt,
      statusHistory: order.statusHistory,
    });
    expect(inserted?.statusHistory).toHaveLength(1);
  });

  it('ignores removals, other items and order items it cannot read', () => {
    // Act / Assess
    expect(orderChangeOf(record('REMOVE', order))).toBeUndefined();
    expect(orderChangeOf(record('INSERT', { ...order, SK: 'PROFILE' }))).toBeUndefined();
    expect(orderChangeOf(record('INSERT', { ...order, statusHistory: [] }))).toBeUndefined();
    expect(orderChangeOf({ eventName: 'INSERT', dynamodb: {} } as DynamoDBRecord)).toBeUndefined();
  });

  it('has the local poller hand the dispatcher inserted and modified order items, the learning inserted ones only', () => {
    // Prepare
    const of = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', SK: string) => ({ eventName, dynamodb: { Keys: { SK: { S: SK } } } });

    // Act / Assess
    expect([
      isOrderChange(of('INSERT', 'ORDER#1')),
      isOrderChange(of('MODIFY', 'ORDER#1')),
      isOrderChange(of('REMOVE', 'ORDER#1')),
    ]).toEqual([true, true, false]);
    expect(isOrderChange(of('MODIFY', 'ORDER'))).toBe(false);
    expect([isNewOrder(of('INSERT', 'ORDER#1')), isNewOrder(of('MODIFY', 'ORDER#1'))]).toEqual([true, false]);
  });
});

describe('learnable orders of the stream', () => {
  it('reads a new order item into the order learning needs, and nothing from a changed one', () => {
    // Act
    const inserted = learnableOrderOf(record('INSERT', { ...order, remember: true }));
    const modified = learnableOrderOf(record('MODIFY', { ...order, remember: true }));

    // Assess
    expect(inserted).toEqual({
      order: { orderId: 'o_1', tenantId: 'acme', customerId: 'c_1', productId: 'laptop-x1', picks: ['cpu.i7'], remember: true },
    });
    expect(modified).toEqual({});
  });

  it('names the fields of an order item it cannot learn, and ignores other items', () => {
    // Act
    const broken = learnableOrderOf(record('INSERT', { ...order, remember: 'yes' }));
    const profile = learnableOrderOf(record('INSERT', { PK: 'TENANT#acme#CUSTOMER#c_1', SK: 'PROFILE' }));

    // Assess
    expect(broken).toEqual({ problem: { sk: 'ORDER#o_1', issues: ['remember'] } });
    expect(profile).toEqual({});
  });
});
