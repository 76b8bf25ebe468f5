/**
 * The webhook queue in AWS (SQS). The dispatcher sends one message per partner event; the
 * delivery function postpones a failed one by setting its visibility timeout to the next wait
 * of the retry schedule (the message, and so its `webhook-id`, stays the same), and SQS moves it
 * to the dead-letter queue after the last receive. Building the requests is pure.
 */
import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { WebhookQueue } from '#webhooks/ports';
import { WebhookMessageSchema } from '#webhooks/schemas';
import type { WebhookMessage } from '#webhooks/webhook';

/** SendMessageBatch takes at most ten entries. */
export const MESSAGES_PER_BATCH = 10;

/** The SendMessageBatch requests of some events (pure). */
export function buildSendWebhookMessages(queueUrl: string, messages: readonly WebhookMessage[]): SendMessageBatchCommandInput[] {
  const requests: SendMessageBatchCommandInput[] = [];
  for (let start = 0; start < messages.length; start += MESSAGES_PER_BATCH)
    requests.push({
      QueueUrl: queueUrl,
      Entries: messages
        .slice(start, start + MESSAGES_PER_BATCH)
        .map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message) })),
    });
  return requests;
}

/** The event a message body carries, or undefined for a body that is none (retrying cannot mend it). Pure. */
export function webhookMessageOf(body: string): WebhookMessage | undefined {
  try {
    return WebhookMessageSchema.parse(JSON.parse(body));
  } catch {
    return undefined;
  }
}

export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(messages: readonly WebhookMessage[]): Promise<void> {
    for (const request of buildSendWebhookMessages(this.queueUrl, messages)) {
      const result = await this.client.send(new SendMessageBatchCommand(request));
      // A partly refused batch fails the stream batch: it is delivered again (the same ids).
      if (result.Failed?.length)
        throw new Error(`SQS refused ${result.Failed.length} webhook message(s): ${result.Failed[0]?.Message ?? ''}`);
    }
  }

  /** The message comes back after `seconds` (at most 12 h, SQS's limit). */
  async retryLater(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.min(seconds, 43_200),
      }),
    );
  }
}
