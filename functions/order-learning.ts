/**
 * Learns every placed order into the recommendation statistics (shared/recommend/learning.ts),
 * from the table's stream (in AWS an event source filtered to new order items; locally
 * infra/local/order-stream.ts). Unlearned orders are batch item failures: the stream delivers
 * them again (learning is idempotent) and finally parks them.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { learnableOrderOf } from '#events/order-changes';
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
const learningDeps = {
  statistics: statisticsRepository,
  customer: async (tenantId: string, customerId: string) => {
    const profile = await customerRepository.get(tenantId, customerId);
    return profile ? { tier: profile.tier, doNotProfile: profile.doNotProfile } : undefined;
  },
  sharesStatistics: (tenantId: string) => tenantSharesOrderStatistics(tenantId, (partnerId) => partnerRepository.find(partnerId)),
  now: () => new Date(),
};

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const sequenceOf = new Map<string, string>();
  const orders: PlacedOrder[] = [];
  for (const record of event.Records) {
    const { order, problem } = learnableOrderOf(record);
    if (problem) logger.warn('an order item of the stream is not learnable', problem);
    if (!order) continue;
    orders.push(order);
    sequenceOf.set(order.orderId, record.dynamodb?.SequenceNumber ?? '');
  }
  if (orders.length === 0) return { batchItemFailures: [] };
  const result = await learnFromOrders(learningDeps, orders);
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
