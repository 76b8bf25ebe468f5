/** A partner's webhook (admin only): register or replace it (the secret is shown once), read it, remove it. */
import * as z from 'zod';
import { IdSchema } from '#core/catalog-document';
import { PutWebhookSchema, WebhookEventTypeSchema } from '#webhooks/schemas';
import { BODY_PROBLEMS, CALLER_PROBLEMS, DEFAULT_MAX_BODY_BYTES, route, TimestampSchema } from './common.ts';

export const WebhookPathSchema = z.strictObject({ partnerId: IdSchema });

export const WebhookViewSchema = z.strictObject({
  partnerId: IdSchema,
  url: z.string(),
  events: z.array(WebhookEventTypeSchema),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

export const WebhookRegisteredSchema = z.strictObject({
  ...WebhookViewSchema.shape,
  secret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/)
    .describe('Shown only here: store it now. `whsec_` + base64 of the HMAC-SHA256 key (Standard Webhooks)'),
});

export const WEBHOOK_ROUTES = {
  'PUT /admin/partners/{partnerId}/webhook': route({
    function: 'webhooks',
    auth: 'admin',
    summary: "Register or replace a partner's webhook; its new secret is shown once (admin)",
    operationId: 'putPartnerWebhook',
    tag: 'partners',
    description:
      'Replaces any webhook the partner had, with a new secret (a rotation: the old secret stops signing at once). In AWS the URL must be https and resolve to public addresses only; locally http://127.0.0.1 is allowed too. See docs/webhooks.md.',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: WebhookPathSchema,
    body: { schema: PutWebhookSchema, description: 'Where to POST, and which events' },
    responses: { 200: { description: 'The webhook and its secret (shown only here)', schema: WebhookRegisteredSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, ...BODY_PROBLEMS],
  }),
  'GET /admin/partners/{partnerId}/webhook': route({
    function: 'webhooks',
    auth: 'admin',
    summary: "A partner's webhook, without its secret (admin)",
    operationId: 'getPartnerWebhook',
    tag: 'partners',
    path: WebhookPathSchema,
    responses: { 200: { description: 'The URL and events (never the secret)', schema: WebhookViewSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404],
  }),
  'DELETE /admin/partners/{partnerId}/webhook': route({
    function: 'webhooks',
    auth: 'admin',
    summary: "Remove a partner's webhook (admin)",
    operationId: 'deletePartnerWebhook',
    tag: 'partners',
    path: WebhookPathSchema,
    responses: { 204: { description: 'Removed: events not yet delivered are dropped' } },
    problems: [...CALLER_PROBLEMS, 403, 404],
  }),
} as const;
