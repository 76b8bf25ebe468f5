/**
 * From order changes to queued events: each change of a partner's order becomes one message
 * for that partner's webhook when it subscribed to the event. Runs on the table's stream, never
 * on the order path: an order is placed or moved whether or not any webhook answers.
 */
import { HOUSE_TENANT } from '#core/tenant';
import type { WebhookQueue, WebhookStore } from './ports.ts';
import { orderEventOf, type OrderChange, type WebhookMessage } from './webhook.ts';

export interface DispatchDeps {
  webhooks: Pick<WebhookStore, 'find'>;
  queue: WebhookQueue;
}

/** Queues the events of a batch of changes; how many were queued. Throws if the queue refuses (the stream retries). */
export async function dispatchOrderChanges(deps: DispatchDeps, changes: readonly OrderChange[]): Promise<number> {
  const subscriptions = new Map<string, Awaited<ReturnType<DispatchDeps['webhooks']['find']>>>();
  const messages: WebhookMessage[] = [];
  for (const change of changes) {
    // A partner is a tenant of its own; the house's direct orders have no partner to tell.
    if (change.tenantId === HOUSE_TENANT) continue;
    if (!subscriptions.has(change.tenantId)) subscriptions.set(change.tenantId, await deps.webhooks.find(change.tenantId));
    const subscription = subscriptions.get(change.tenantId);
    const message = orderEventOf(change.tenantId, change);
    if (subscription && message && subscription.events.includes(message.type)) messages.push(message);
  }
  if (messages.length > 0) await deps.queue.send(messages);
  return messages.length;
}
