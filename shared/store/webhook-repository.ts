/**
 * Partners' webhooks (`WEBHOOK#<partnerId>` / `WEBHOOK`): one item each, holding the URL, the
 * events and the signing key (docs/adr/0007-partner-webhooks.md). Implements the webhook
 * domain's `WebhookStore`.
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { WebhookStore } from '#webhooks/ports';
import type { WebhookSubscription } from '#webhooks/webhook';
import { keys } from './keys.ts';
import { callStore, isConditionFailed } from './store-errors.ts';

/** Writes (or replaces) a partner's webhook (pure). */
export function buildPutWebhook(tableName: string, subscription: WebhookSubscription): PutCommandInput {
  return { TableName: tableName, Item: { ...keys.webhook(subscription.partnerId), ...subscription } };
}

/** Reads a partner's webhook, consistently: a delivery right after a `PUT` uses the new secret (pure). */
export function buildGetWebhook(tableName: string, partnerId: string): GetCommandInput {
  return { TableName: tableName, Key: keys.webhook(partnerId), ConsistentRead: true };
}

/** Removes a partner's webhook, failing the condition when there is none (pure). */
export function buildDeleteWebhook(tableName: string, partnerId: string): DeleteCommandInput {
  return { TableName: tableName, Key: keys.webhook(partnerId), ConditionExpression: 'attribute_exists(PK)' };
}

/** The stored item as the domain reads it, without the key attributes (pure). */
export function webhookFromItem(item: Record<string, unknown> | undefined): WebhookSubscription | undefined {
  if (!item) return undefined;
  const { partnerId, url, events, signingKey, createdAt, updatedAt } = item as Record<string, unknown>;
  if (typeof partnerId !== 'string' || typeof url !== 'string' || !Array.isArray(events) || typeof signingKey !== 'string')
    return undefined;
  return {
    partnerId,
    url,
    events: events as WebhookSubscription['events'],
    signingKey,
    createdAt: String(createdAt),
    updatedAt: String(updatedAt),
  };
}

export class WebhookRepository implements WebhookStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async find(partnerId: string): Promise<WebhookSubscription | undefined> {
    const result = await callStore('read webhook', () => this.client.send(new GetCommand(buildGetWebhook(this.tableName, partnerId))));
    return webhookFromItem(result.Item);
  }

  async put(subscription: WebhookSubscription): Promise<void> {
    await callStore('write webhook', () => this.client.send(new PutCommand(buildPutWebhook(this.tableName, subscription))));
  }

  async remove(partnerId: string): Promise<boolean> {
    try {
      await callStore('delete webhook', () => this.client.send(new DeleteCommand(buildDeleteWebhook(this.tableName, partnerId))));
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}
