/**
 * A partner's webhook and the events it receives, following Standard Webhooks
 * (https://www.standardwebhooks.com): the secret is `whsec_` + base64 of 24 random bytes, each
 * delivery is signed with HMAC-SHA256 over `id.timestamp.body` by the `standardwebhooks`
 * library, and an event keeps one `webhook-id` however often it is delivered.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { sha256Hex } from '#core/digest';
import type { WebhookEventType } from './schemas.ts';

/**
 * What is stored of a partner's webhook. HMAC is symmetric, so signing needs the key itself (a
 * hash of it would not do): it is kept as its base64 bytes, readable only by the webhook routes
 * and the delivery function, never answered by `GET` (docs/adr/0007-partner-webhooks.md).
 */
export interface WebhookSubscription {
  partnerId: string;
  url: string;
  events: WebhookEventType[];
  /** Base64 of the HMAC key: the secret shown once, without its `whsec_` prefix. */
  signingKey: string;
  createdAt: string;
  updatedAt: string;
}

/** What `GET /admin/partners/{partnerId}/webhook` shows: everything but the key. */
export type WebhookView = Omit<WebhookSubscription, 'signingKey'>;

/** The prefix Standard Webhooks gives secrets. */
export const SECRET_PREFIX = 'whsec_';

/** A new signing key: 24 random bytes, base64 (the secret is `whsec_` + this). */
export function newSigningKey(): string {
  return randomBytes(24).toString('base64');
}

/** The payload's `data`: what a partner needs to fetch the order (`GET /orders/{orderId}`) or act on it. */
export interface OrderEventData {
  orderId: string;
  customerId: string;
  productId: string;
  status: string;
  /** `order.status_changed` only: the status before. */
  previousStatus?: string;
  placedAt: string;
}

/** One event for one partner, as queued: no URL, no key (both are read at delivery). */
export interface WebhookMessage {
  /** `msg_…`, the same on every delivery of this event. */
  webhookId: string;
  partnerId: string;
  type: WebhookEventType;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: OrderEventData;
}

/**
 * An order as a change of the table shows it: its status history says what happened (one
 * entry: created; more: the last entry is a status change).
 */
export interface OrderChange {
  tenantId: string;
  orderId: string;
  customerId: string;
  productId: string;
  placedAt: string;
  statusHistory: { status: string; at: string }[];
}

/**
 * The event an order change is (pure). Its id is derived from the partner, the order and the
 * position in the status history, so a change delivered twice by the stream makes the same id.
 */
export function orderEventOf(partnerId: string, change: OrderChange): WebhookMessage | undefined {
  const history = change.statusHistory;
  const last = history[history.length - 1];
  if (!last) return undefined;
  const type: WebhookEventType = history.length === 1 ? 'order.created' : 'order.status_changed';
  const previous = history.length > 1 ? history[history.length - 2]!.status : undefined;
  return {
    webhookId: `msg_${sha256Hex(`${partnerId}|${change.orderId}|${history.length}|${last.status}`).slice(0, 32)}`,
    partnerId,
    type,
    timestamp: history.length === 1 ? change.placedAt : last.at,
    data: {
      orderId: change.orderId,
      customerId: change.customerId,
      productId: change.productId,
      status: last.status,
      ...(previous ? { previousStatus: previous } : {}),
      placedAt: change.placedAt,
    },
  };
}

/** The JSON body of a delivery: `{ type, timestamp, data }` (pure). */
export function payloadOf(message: WebhookMessage): string {
  return JSON.stringify({ type: message.type, timestamp: message.timestamp, data: message.data });
}

/**
 * The Standard Webhooks headers of one delivery attempt: the event's id, the attempt's time in
 * seconds (receivers refuse timestamps far from their clock, so each retry signs anew), and
 * `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 */
export function signatureHeaders(signingKey: string, webhookId: string, body: string, at: Date): Record<string, string> {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': new Webhook(signingKey).sign(webhookId, new Date(seconds * 1000), body),
  };
}
