/**
 * Delivers queued webhook events (shared/webhooks/delivery.ts), from SQS: the attempt is the
 * message's receive count; a failed attempt sets the message's visibility to the next wait of
 * the schedule and is reported as a batch item failure, so SQS hands the same message (the same
 * `webhook-id`) back then; after the last attempt SQS moves it to the dead-letter queue. Locally
 * the local queue calls the same use case with {@link deliveryDeps}.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { SqsWebhookQueue, webhookMessageOf } from '#events/webhook-queue';
import { logger } from '#http/observability';
import { createDocumentClient } from '#store/client';
import { WebhookRepository } from '#store/webhook-repository';
import { deliverWebhook, type DeliveryDeps } from '#webhooks/delivery';
import { environment, readEnvironment } from './runtime.ts';
import { postWebhook, resolveAddressesOf, urlPolicy } from './webhook-settings.ts';

const env = readEnvironment(z.object({ WEBHOOK_QUEUE_URL: z.url().optional() }));
export const documentClient = createDocumentClient({
  ...(environment.DYNAMODB_ENDPOINT ? { endpoint: environment.DYNAMODB_ENDPOINT } : {}),
  ...(environment.AWS_REGION ? { region: environment.AWS_REGION } : {}),
});

export const deliveryDeps: DeliveryDeps = {
  webhooks: new WebhookRepository(documentClient, environment.TABLE_NAME),
  resolve: resolveAddressesOf,
  post: postWebhook,
  urlPolicy,
  now: () => new Date(),
};

const queue = env.WEBHOOK_QUEUE_URL ? new SqsWebhookQueue(new SQSClient({}), env.WEBHOOK_QUEUE_URL) : undefined;

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const failed: string[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      const message = webhookMessageOf(record.body);
      if (!message) return logger.error('not a webhook message; dropped', { messageId: record.messageId });
      const attempt = Number(record.attributes.ApproximateReceiveCount);
      const about = { webhookId: message.webhookId, partnerId: message.partnerId, type: message.type, attempt };
      try {
        const outcome = await deliverWebhook(deliveryDeps, message, attempt);
        if (outcome.kind === 'delivered' || outcome.kind === 'dropped') return logger.info(`webhook ${outcome.kind}`, about);
        logger.warn(`webhook attempt failed (${outcome.kind})`, { ...about, reason: outcome.reason });
        if (outcome.kind === 'retry') await queue?.retryLater(record.receiptHandle, outcome.afterSeconds);
      } catch (error) {
        // The table did not answer: the message comes back after the queue's visibility timeout.
        logger.error('webhook attempt not made', { ...about, error: error instanceof Error ? error.message : String(error) });
      }
      failed.push(record.messageId);
    }),
  );
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
