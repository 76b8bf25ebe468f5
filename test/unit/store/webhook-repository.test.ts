/** The webhook item's requests (pure), and the SQS requests of the webhook queue. */
import { describe, expect, it } from 'vitest';
import { buildSendWebhookMessages, webhookMessageOf } from '#events/webhook-queue';
import { buildDeleteWebhook, buildGetWebhook, buildPutWebhook, webhookFromItem } from '#store/webhook-repository';
import type { WebhookMessage, WebhookSubscription } from '#webhooks/webhook';

const subscription: WebhookSubscription = {
  partnerId: 'acme',
  url: 'https://hooks.example.com/orders',
  events: ['order.created'],
  signingKey: 'a2V5',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-02T00:00:00.000Z',
};

describe('webhook requests', () => {
  it('puts, reads (consistently) and deletes (only an existing one) the item under WEBHOOK#<partner>', () => {
    // Act
    const put = buildPutWebhook('t', subscription);
    const get = buildGetWebhook('t', 'acme');
    const remove = buildDeleteWebhook('t', 'acme');

    // Assess
    expect(put).toEqual({ TableName: 't', Item: { PK: 'WEBHOOK#acme', SK: 'WEBHOOK', ...subscription } });
    expect(get).toEqual({ TableName: 't', Key: { PK: 'WEBHOOK#acme', SK: 'WEBHOOK' }, ConsistentRead: true });
    expect(remove).toEqual({ TableName: 't', Key: { PK: 'WEBHOOK#acme', SK: 'WEBHOOK' }, ConditionExpression: 'attribute_exists(PK)' });
  });

  it('reads the item back without its keys, and nothing from a malformed one', () => {
    // Act / Assess
    expect(webhookFromItem({ PK: 'WEBHOOK#acme', SK: 'WEBHOOK', ...subscription })).toEqual(subscription);
    expect(webhookFromItem({ PK: 'WEBHOOK#acme', SK: 'WEBHOOK', url: 'x' })).toBeUndefined();
    expect(webhookFromItem(undefined)).toBeUndefined();
  });

  it('sends queued events ten per SendMessageBatch, each message the event itself', () => {
    // Prepare
    const message = (i: number): WebhookMessage => ({
      webhookId: `msg_${String(i).padStart(32, '0')}`,
      partnerId: 'acme',
      type: 'order.created',
      timestamp: '2026-12-05T08:00:00.000Z',
      data: { orderId: `o_${i}`, customerId: 'c_1', productId: 'p', status: 'placed', placedAt: '2026-12-05T08:00:00.000Z' },
    });

    // Act
    const requests = buildSendWebhookMessages(
      'https://sqs/q',
      Array.from({ length: 23 }, (_, i) => message(i)),
    );

    // Assess
    expect(requests.map((r) => r.Entries?.length)).toEqual([10, 10, 3]);
    expect(requests[0]).toMatchObject({ QueueUrl: 'https://sqs/q' });
    expect(JSON.parse(requests[2]!.Entries![2]!.MessageBody!)).toEqual(message(22));
    expect(webhookMessageOf(requests[2]!.Entries![2]!.MessageBody!)).toEqual(message(22));
    expect(webhookMessageOf('{"webhookId":"msg_1"}')).toBeUndefined();
    expect(webhookMessageOf('not json')).toBeUndefined();
  });
});
