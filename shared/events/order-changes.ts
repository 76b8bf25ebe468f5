/**
 * The order changes a batch of the table's stream carries, for the webhook dispatcher: new
 * order items (created) and changed ones (a status moved), read from their new images. Pure.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod';
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
