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
import { SqsWebhookQueue } from '#events/webhook-queue';
import { logger } from '#http/observability';
import { createDocumentClient } from '#store/client';
import { WebhookRepository } from '#store/webhook-repository';
import { deliverWebhook, type DeliveryDeps } from '#webhooks/delivery';
import { WebhookMessageSchema } from '#webhooks/schemas';
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
      const parsed = WebhookMessageSchema.safeParse(JSON.parse(record.body));
      if (!parsed.success) return logger.error('not a webhook message; dropped', { messageId: record.messageId });
      const attempt = Number(record.attributes.ApproximateReceiveCount);
      const outcome = await deliverWebhook(deliveryDeps, parsed.data, attempt);
      const { webhookId, partnerId, type } = parsed.data;
      if (outcome.kind === 'delivered' || outcome.kind === 'dropped')
        return logger.info(`webhook ${outcome.kind}`, { webhookId, partnerId, type, attempt });
      logger.warn(`webhook attempt failed (${outcome.kind})`, { webhookId, partnerId, type, attempt, reason: outcome.reason });
      if (outcome.kind === 'retry') await queue?.retryLater(record.receiptHandle, outcome.afterSeconds);
      failed.push(record.messageId);
    }),
  );
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
