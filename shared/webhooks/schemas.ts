/**
 * The webhook domain's public contract: the zod schemas of what admins send about a partner's
 * webhook, and the events it can subscribe to. No logic: the HTTP layer validates requests with
 * these, the use cases take their types.
 */
import * as z from 'zod';

/** The events a partner can subscribe to. Quote events come with business buying (not yet). */
export const WEBHOOK_EVENT_TYPES = ['order.created', 'order.status_changed'] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

/** `PUT /admin/partners/{partnerId}/webhook`. Where the URL may point is checked by the use case (after DNS). */
export const PutWebhookSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .describe('Where the events are POSTed (https in AWS)'),
  events: z
    .array(WebhookEventTypeSchema)
    .min(1)
    .max(WEBHOOK_EVENT_TYPES.length)
    .refine((events) => new Set(events).size === events.length, 'each event once')
    .describe('The events to receive'),
});
export type PutWebhook = z.infer<typeof PutWebhookSchema>;

/** A queued event (the SQS message body): checked when it is taken off the queue. */
export const WebhookMessageSchema = z.strictObject({
  webhookId: z.string().regex(/^msg_[0-9a-f]{32}$/),
  partnerId: z.string().min(1).max(64),
  type: WebhookEventTypeSchema,
  timestamp: z.iso.datetime(),
  data: z.strictObject({
    orderId: z.string().min(1).max(64),
    customerId: z.string().min(1).max(64),
    productId: z.string().min(1).max(64),
    status: z.string().min(1).max(32),
    previousStatus: z.string().min(1).max(32).optional(),
    placedAt: z.iso.datetime(),
  }),
});
