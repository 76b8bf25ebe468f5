/** Events, signatures (verified with the standardwebhooks library) and the retry schedule of deliveries. */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { attemptOffsetSeconds, deliverWebhook, MAX_ATTEMPTS, RETRY_DELAYS_SECONDS, type DeliveryDeps } from '#webhooks/delivery';
import { dispatchOrderChanges } from '#webhooks/dispatch';
import type { WebhookMessage as Message } from '#webhooks/webhook';
import {
  newSigningKey,
  orderEventOf,
  payloadOf,
  SECRET_PREFIX,
  signatureHeaders,
  type OrderChange,
  type WebhookSubscription,
} from '#webhooks/webhook';

const placed: OrderChange = {
  tenantId: 'acme',
  orderId: 'o_1',
  customerId: 'c_1',
  productId: 'laptop-x1',
  placedAt: '2026-12-05T08:00:00.000Z',
  statusHistory: [{ status: 'placed', at: '2026-12-05T08:00:00.000Z' }],
};
const confirmed: OrderChange = {
  ...placed,
  statusHistory: [...placed.statusHistory, { status: 'confirmed', at: '2026-12-05T09:00:00.000Z' }],
};

function subscription(events: WebhookSubscription['events'] = ['order.created', 'order.status_changed']): WebhookSubscription {
  return {
    partnerId: 'acme',
    url: 'https://hooks.example.com/orders',
    events,
    signingKey: newSigningKey(),
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  };
}

describe('events', () => {
  it('makes order.created of a new order and order.status_changed of a moved one, each with a stable id', () => {
    // Act
    const created = orderEventOf('acme', placed)!;
    const changed = orderEventOf('acme', confirmed)!;

    // Assess
    expect(created).toMatchObject({
      type: 'order.created',
      timestamp: placed.placedAt,
      data: { orderId: 'o_1', customerId: 'c_1', status: 'placed' },
    });
    expect(changed).toMatchObject({
      type: 'order.status_changed',
      timestamp: '2026-12-05T09:00:00.000Z',
      data: { status: 'confirmed', previousStatus: 'placed' },
    });
    expect(orderEventOf('acme', placed)!.webhookId).toBe(created.webhookId);
    expect(changed.webhookId).not.toBe(created.webhookId);
    expect(created.webhookId).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(JSON.parse(payloadOf(created))).toEqual({ type: 'order.created', timestamp: placed.placedAt, data: created.data });
  });

  it('queues only partner orders, only the events the partner subscribed to', async () => {
    // Prepare
    const queued: Message[] = [];
    const webhooks = { find: async (partnerId: string) => (partnerId === 'acme' ? subscription(['order.status_changed']) : undefined) };

    // Act
    const count = await dispatchOrderChanges({ webhooks, queue: { send: async (m) => void queued.push(...m) } }, [
      placed,
      confirmed,
      { ...confirmed, tenantId: 'house' },
      { ...confirmed, tenantId: 'other' },
    ]);

    // Assess
    expect(count).toBe(1);
    expect(queued.map((m) => [m.partnerId, m.type])).toEqual([['acme', 'order.status_changed']]);
  });
});

describe('signatures', () => {
  it('signs id.timestamp.body so that the standardwebhooks library verifies it with the secret shown to the partner', () => {
    // Prepare
    const key = newSigningKey();
    const message = orderEventOf('acme', placed)!;
    const body = payloadOf(message);

    // Act
    const headers = signatureHeaders(key, message.webhookId, body, new Date());

    // Assess
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(`${SECRET_PREFIX}${key}`).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(`${SECRET_PREFIX}${newSigningKey()}`).verify(body, headers)).toThrow();
    expect(() => new Webhook(`${SECRET_PREFIX}${key}`).verify(body.replace('placed', 'shipped'), headers)).toThrow();
  });
});

describe('retry schedule', () => {
  it('makes 8 attempts over more than 24 hours, each wait longer or equal and within SQS visibility (12 h)', () => {
    // Assess
    expect(MAX_ATTEMPTS).toBe(8);
    expect(attemptOffsetSeconds(1)).toBe(0);
    expect(attemptOffsetSeconds(MAX_ATTEMPTS)).toBeGreaterThanOrEqual(24 * 3600);
    expect(attemptOffsetSeconds(MAX_ATTEMPTS)).toBe(99_330);
    for (let i = 1; i < RETRY_DELAYS_SECONDS.length; i++)
      expect(RETRY_DELAYS_SECONDS[i]!).toBeGreaterThanOrEqual(RETRY_DELAYS_SECONDS[i - 1]!);
    expect(Math.max(...RETRY_DELAYS_SECONDS)).toBeLessThanOrEqual(43_200);
  });

  it('retries a failing endpoint with the same webhook-id, and gives up after the last attempt', async () => {
    // Prepare
    const sub = subscription();
    const ids: string[] = [];
    const deps: DeliveryDeps = {
      webhooks: { find: async () => sub },
      resolve: async () => [{ address: '93.184.215.14', family: 4 }],
      post: async (_target, headers) => {
        ids.push(headers['webhook-id']!);
        return { status: 503 };
      },
      urlPolicy: 'public-https',
      now: () => new Date(),
    };
    const message = orderEventOf('acme', placed)!;

    // Act
    const outcomes = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) outcomes.push(await deliverWebhook(deps, message, attempt));

    // Assess
    expect(outcomes.slice(0, -1).map((o) => (o.kind === 'retry' ? o.afterSeconds : o.kind))).toEqual([...RETRY_DELAYS_SECONDS]);
    expect(outcomes.at(-1)).toEqual({ kind: 'exhausted', reason: 'answered 503' });
    expect(new Set(ids)).toEqual(new Set([message.webhookId]));
  });

  it('drops an event whose webhook was removed or no longer subscribes to it, and fails a URL re-pointed at a private address', async () => {
    // Prepare
    const message = orderEventOf('acme', placed)!;
    const base = { post: async () => ({ status: 200 }), urlPolicy: 'public-https' as const, now: () => new Date() };
    const publicDns = async () => [{ address: '93.184.215.14', family: 4 as const }];
    const privateDns = async () => [{ address: '10.0.0.7', family: 4 as const }];

    // Act
    const removed = await deliverWebhook({ ...base, resolve: publicDns, webhooks: { find: async () => undefined } }, message, 1);
    const unsubscribed = await deliverWebhook(
      { ...base, resolve: publicDns, webhooks: { find: async () => subscription(['order.status_changed']) } },
      message,
      1,
    );
    const repointed = await deliverWebhook({ ...base, resolve: privateDns, webhooks: { find: async () => subscription() } }, message, 2);
    const delivered = await deliverWebhook({ ...base, resolve: publicDns, webhooks: { find: async () => subscription() } }, message, 1);

    // Assess
    expect(removed.kind).toBe('dropped');
    expect(unsubscribed.kind).toBe('dropped');
    expect(repointed).toMatchObject({ kind: 'retry', afterSeconds: 300 });
    expect(delivered).toEqual({ kind: 'delivered', status: 200 });
  });
});
