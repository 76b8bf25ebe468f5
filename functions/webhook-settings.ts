/**
 * What the webhook functions share (the routes, the dispatcher, the delivery function): the
 * URL policy, read once at cold start and validated, and the outbound HTTP adapter.
 */
import * as z from 'zod';
import { createWebhookPoster, resolveAddresses } from '#outbound/webhook-post';
import type { UrlPolicy } from '#webhooks/url-rules';
import { readEnvironment } from './runtime.ts';

const WebhookEnvironmentSchema = z.object({
  /** `public-https` in AWS (the default); the local stack sets `local-http` to allow http://127.0.0.1 receivers. */
  WEBHOOK_URLS: z.enum(['public-https', 'local-http']).default('public-https'),
});

export const webhookEnvironment = readEnvironment(WebhookEnvironmentSchema);
export const urlPolicy: UrlPolicy = webhookEnvironment.WEBHOOK_URLS;
export const resolveAddressesOf = resolveAddresses;
export const postWebhook = createWebhookPoster();
