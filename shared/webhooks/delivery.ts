/**
 * One delivery attempt of one event, and the retry schedule. The same code runs in AWS (the
 * SQS-driven delivery function turns "retry after n seconds" into the message's visibility
 * timeout) and locally (the local queue waits in process).
 *
 * Attempts: 8, spanning about 27.5 hours: at once, then after 30 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h and 10 h. A 2xx answer within 5 s is a delivery; anything else (another status, no
 * answer, a URL that now resolves to a private address) is a failed attempt.
 */
import type { AddressResolver, WebhookPoster, WebhookStore } from './ports.ts';
import { checkWebhookUrl, type UrlPolicy } from './url-rules.ts';
import { payloadOf, signatureHeaders, type WebhookMessage } from './webhook.ts';

/** Seconds to wait after failed attempt n (index n - 1); 7 waits for 8 attempts. Each ≤ 12 h (SQS's visibility limit). */
export const RETRY_DELAYS_SECONDS: readonly number[] = [30, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/** Attempts of one event before it is given up (dead-letter queue in AWS). */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** Seconds from the first attempt to the start of attempt n (pure). */
export function attemptOffsetSeconds(attempt: number): number {
  return RETRY_DELAYS_SECONDS.slice(0, Math.max(0, attempt - 1)).reduce((sum, s) => sum + s, 0);
}

export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  /** The partner removed the webhook or the event from it: nothing to do. */
  | { kind: 'dropped'; reason: string }
  | { kind: 'retry'; afterSeconds: number; reason: string }
  /** The last attempt failed: to the dead-letter queue. */
  | { kind: 'exhausted'; reason: string };

export interface DeliveryDeps {
  webhooks: Pick<WebhookStore, 'find'>;
  resolve: AddressResolver;
  post: WebhookPoster;
  urlPolicy: UrlPolicy;
  now: () => Date;
}

/** Attempt `attempt` (1-based) of one message. Never throws for the partner's failures: they are outcomes. */
export async function deliverWebhook(deps: DeliveryDeps, message: WebhookMessage, attempt: number): Promise<DeliveryOutcome> {
  // Read at each attempt: a changed URL or secret applies to pending retries, a removed webhook stops them.
  const subscription = await deps.webhooks.find(message.partnerId);
  if (!subscription) return { kind: 'dropped', reason: 'the partner has no webhook' };
  if (!subscription.events.includes(message.type)) return { kind: 'dropped', reason: `the webhook no longer receives ${message.type}` };
  let reason: string;
  try {
    const target = await checkWebhookUrl(subscription.url, deps.urlPolicy, deps.resolve);
    const body = payloadOf(message);
    const result = await deps.post(target, signatureHeaders(subscription.signingKey, message.webhookId, body, deps.now()), body);
    if (result.status >= 200 && result.status < 300) return { kind: 'delivered', status: result.status };
    reason = result.status === 0 ? (result.error ?? 'no answer') : `answered ${result.status}`;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (attempt >= MAX_ATTEMPTS) return { kind: 'exhausted', reason };
  return { kind: 'retry', afterSeconds: RETRY_DELAYS_SECONDS[attempt - 1]!, reason };
}
