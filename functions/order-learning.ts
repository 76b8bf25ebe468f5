/**
 * Learns every placed order into the recommendation statistics (shared/recommend/learning.ts).
 * Started by the table's change stream: in AWS through a Lambda event source filtered to new
 * order items, locally by the stream poller of the local runtime (infra/local/order-stream.ts),
 * with the same events. Orders that could not be learned are reported as batch item failures,
 * so the stream delivers them again (learning is idempotent) and finally parks them.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { learnFromOrders, type PlacedOrder } from '#recommend/learning';
import { parseStats } from '#recommend/stats';
import { logger, recordMetric, publishMetrics } from '#http/observability';
import { createDocumentClient } from '#store/client';
import { CustomerRepository } from '#store/customer-repository';
import { StatisticsRepository } from '#store/statistics-repository';
import { PartnerRepository } from '#store/partner-repository';
import { tenantSharesOrderStatistics } from '#partners/partner';
import { environment } from './runtime.ts';

// Its own client, as in AWS where this is a function of its own: the local runtime runs every
// function in one process, and the API's store-call counts must not include the learning.
export const documentClient = createDocumentClient({
  ...(environment.DYNAMODB_ENDPOINT ? { endpoint: environment.DYNAMODB_ENDPOINT } : {}),
  ...(environment.AWS_REGION ? { region: environment.AWS_REGION } : {}),
});
const customerRepository = new CustomerRepository(documentClient, environment.TABLE_NAME);
const statisticsRepository = new StatisticsRepository(documentClient, environment.TABLE_NAME, parseStats);
const partnerRepository = new PartnerRepository(documentClient, environment.TABLE_NAME);

/** The fields of an order item that learning reads; the rest of the item is not its business. */
const OrderImageSchema = z.looseObject({
  SK: z.string().startsWith('ORDER#'),
  orderId: z.string().min(1),
  tenantId: z.string().min(1),
  customerId: z.string().min(1),
  productId: z.string().min(1),
  picks: z.array(z.string().min(3)),
  remember: z.boolean(),
});

/** The placed order a stream record carries, or `undefined` for any other change (pure). */
export function placedOrderOf(record: DynamoDBRecord): PlacedOrder | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const image = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  const parsed = OrderImageSchema.safeParse(image);
  if (!parsed.success) {
    // Only order items pass the event source's filter: one that does not parse is worth a look.
    if (typeof image.SK === 'string' && image.SK.startsWith('ORDER#'))
      logger.warn('an order item of the stream is not learnable', {
        sk: image.SK,
        issues: parsed.error.issues.map((i) => i.path.join('.')),
      });
    return undefined;
  }
  const { orderId, tenantId, customerId, productId, picks, remember } = parsed.data;
  return { orderId, tenantId, customerId, productId, picks, remember };
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const sequenceOf = new Map<string, string>();
  const orders: PlacedOrder[] = [];
  for (const record of event.Records) {
    const order = placedOrderOf(record);
    if (!order) continue;
    orders.push(order);
    sequenceOf.set(order.orderId, record.dynamodb?.SequenceNumber ?? '');
  }
  if (orders.length === 0) return { batchItemFailures: [] };
  const result = await learnFromOrders(
    {
      statistics: statisticsRepository,
      customer: async (tenantId, customerId) => {
        const profile = await customerRepository.get(tenantId, customerId);
        return profile ? { tier: profile.tier, doNotProfile: profile.doNotProfile } : undefined;
      },
      sharesStatistics: (tenantId) => tenantSharesOrderStatistics(tenantId, (partnerId) => partnerRepository.find(partnerId)),
      now: () => new Date(),
    },
    orders,
  );
  recordMetric('OrdersLearned', result.learned);
  // The order ids, so that an operator can find orders parked in the dead-letter queue later.
  if (result.errors.length > 0)
    logger.warn('some orders were not learned; the stream delivers them again', {
      failedOrderIds: result.failedOrderIds,
      errors: result.errors,
    });
  logger.info('orders learned', { orders: orders.length, learned: result.learned, writes: result.writes });
  publishMetrics();
  return { batchItemFailures: result.failedOrderIds.map((id) => ({ itemIdentifier: sequenceOf.get(id) ?? '' })) };
}
