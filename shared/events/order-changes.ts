/**
 * What the table's stream records say about orders, read from their new images. Pure. For the
 * webhook dispatcher: new order items (created) and changed ones (a status moved); for learning:
 * new order items as the recommendations learn them.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod';
import type { PlacedOrder } from '#recommend/learning';
import type { OrderChange } from '#webhooks/webhook';

/** The fields of an order item an event needs; the rest of the item is not the partner's business. */
const OrderImageSchema = z.looseObject({
  SK: z.string().startsWith('ORDER#'),
  orderId: z.string().min(1),
  tenantId: z.string().min(1),
  customerId: z.string().min(1),
  productId: z.string().min(1),
  placedAt: z.string().min(1),
  statusHistory: z.array(z.looseObject({ status: z.string().min(1), at: z.string().min(1) })).min(1),
});

/** The order change a stream record is, or `undefined` for any other record. */
export function orderChangeOf(record: DynamoDBRecord): OrderChange | undefined {
  if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !record.dynamodb?.NewImage) return undefined;
  const parsed = OrderImageSchema.safeParse(unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>));
  if (!parsed.success) return undefined;
  const { orderId, tenantId, customerId, productId, placedAt, statusHistory } = parsed.data;
  // A change that is not a status change (none yet) repeats the last event, with the same id.
  return { orderId, tenantId, customerId, productId, placedAt, statusHistory: statusHistory.map(({ status, at }) => ({ status, at })) };
}

/** The fields of an order item that learning reads; the rest of the item is not its business. */
const LearnableOrderSchema = z.looseObject({
  SK: z.string().startsWith('ORDER#'),
  orderId: z.string().min(1),
  tenantId: z.string().min(1),
  customerId: z.string().min(1),
  productId: z.string().min(1),
  picks: z.array(z.string().min(3)),
  remember: z.boolean(),
});

/**
 * The placed order a stream record carries (`order`), nothing for any other change, or the
 * `problem` of an order item that does not parse: only order items pass the event source's
 * filter, so one that does not parse is worth a look.
 */
export function learnableOrderOf(record: DynamoDBRecord): { order?: PlacedOrder; problem?: { sk: string; issues: string[] } } {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return {};
  const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  const parsed = LearnableOrderSchema.safeParse(image);
  if (parsed.success) {
    const { orderId, tenantId, customerId, productId, picks, remember } = parsed.data;
    return { order: { orderId, tenantId, customerId, productId, picks, remember } };
  }
  if (typeof image.SK === 'string' && image.SK.startsWith('ORDER#'))
    return { problem: { sk: image.SK, issues: parsed.error.issues.map((i) => i.path.join('.')) } };
  return {};
}
