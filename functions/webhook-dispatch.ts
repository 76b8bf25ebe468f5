/**
 * Turns partners' order changes on the table's stream into queued webhook events
 * (shared/webhooks/dispatch.ts): in AWS through a Lambda event source filtered to order items,
 * into SQS; locally the stream poller hands the same events to {@link createDispatchHandler}
 * with the local queue. Failing to queue fails the batch: the stream delivers it again, and the
 * events keep their ids.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { orderChangeOf } from '#events/order-changes';
import { SqsWebhookQueue } from '#events/webhook-queue';
import { logger } from '#http/observability';
import { createDocumentClient } from '#store/client';
import { WebhookRepository } from '#store/webhook-repository';
import { dispatchOrderChanges } from '#webhooks/dispatch';
import type { WebhookQueue } from '#webhooks/ports';
import type { OrderChange } from '#webhooks/webhook';
import { environment, readEnvironment } from './runtime.ts';

const env = readEnvironment(z.object({ WEBHOOK_QUEUE_URL: z.url().optional() }));

// Its own client, as in AWS where this is a function of its own (the API's store-call counts stay the API's).
export const documentClient = createDocumentClient({
  ...(environment.DYNAMODB_ENDPOINT ? { endpoint: environment.DYNAMODB_ENDPOINT } : {}),
  ...(environment.AWS_REGION ? { region: environment.AWS_REGION } : {}),
});
const webhooks = new WebhookRepository(documentClient, environment.TABLE_NAME);

/** The stream handler over a queue: SQS in AWS, the local queue under `npm start`. */
export function createDispatchHandler(queue: WebhookQueue): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  return async (event) => {
    const changes = event.Records.map(orderChangeOf).filter((c): c is OrderChange => c !== undefined);
    if (changes.length === 0) return { batchItemFailures: [] };
    const queued = await dispatchOrderChanges({ webhooks, queue }, changes);
    logger.info('webhook events queued', { changes: changes.length, queued });
    return { batchItemFailures: [] };
  };
}

const unset: WebhookQueue = {
  send: () => Promise.reject(new Error('WEBHOOK_QUEUE_URL is not set: the stack sets it in AWS; locally the local queue is used')),
};

export const handler = createDispatchHandler(
  env.WEBHOOK_QUEUE_URL
    ? new SqsWebhookQueue(new SQSClient({ ...(environment.AWS_REGION ? { region: environment.AWS_REGION } : {}) }), env.WEBHOOK_QUEUE_URL)
    : unset,
);
