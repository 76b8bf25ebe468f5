/** What the webhook use cases need from the outside world; adapters implement these. */
import type { WebhookMessage, WebhookSubscription } from './webhook.ts';

/** A URL that passed the rules (url-rules.ts), with the address to connect to (the one that was checked). */
export interface WebhookTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** Where webhooks are kept (shared/store/webhook-repository.ts). */
export interface WebhookStore {
  find(partnerId: string): Promise<WebhookSubscription | undefined>;
  put(subscription: WebhookSubscription): Promise<void>;
  /** False when there was none. */
  remove(partnerId: string): Promise<boolean>;
}

/** The addresses a host name resolves to (every one of them). */
export type AddressResolver = (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;

/** What became of one POST. `status` 0: no answer (refused, timed out, reset). */
export interface PostResult {
  status: number;
  /** Why it failed, for the logs (never the response body: it is the partner's). */
  error?: string;
}

/** Sends one delivery to the checked address, with a time limit (shared/outbound/webhook-post.ts). */
export type WebhookPoster = (target: WebhookTarget, headers: Record<string, string>, body: string) => Promise<PostResult>;

/** Where events wait for delivery: SQS in AWS, the local queue under `npm start`. */
export interface WebhookQueue {
  send(messages: readonly WebhookMessage[]): Promise<void>;
}
