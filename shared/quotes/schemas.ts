/**
 * The quote domain's public contract: the zod schemas of what callers send. No logic.
 */
import * as z from 'zod';
import { ChoiceRefSchema, IdSchema } from '#core/catalog-document';
import { QuantitySchema, ShipToSchema } from '#orders/schemas';

export const QUOTE_STATUSES = ['open', 'pending-approval', 'ordered', 'rejected', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
export const QuoteStatusSchema = z.enum(QUOTE_STATUSES);

export const QuoteIdSchema = z.string().regex(/^q_[0-9A-Z]{26}$/, 'a quote id');

/** How many lines one quote (and so one order) may hold. */
export const MAX_QUOTE_LINES = 500;

/** `POST /quotes`. */
export const CreateQuoteSchema = z.strictObject({
  customerId: IdSchema,
  lines: z
    .array(z.strictObject({ productId: IdSchema, picks: z.array(ChoiceRefSchema).min(1).max(2_000), quantity: QuantitySchema }))
    .min(1)
    .max(MAX_QUOTE_LINES),
  shipTo: ShipToSchema,
  /** How long prices, catalog versions and dates hold (default 30 days). */
  expiresInDays: z.number().int().min(1).max(90).optional(),
});
export type CreateQuoteRequest = z.infer<typeof CreateQuoteSchema>;

/** `POST /quotes/{quoteId}/accept|approve|reject`: who decides (a customer the caller acts for). */
export const QuoteDecisionSchema = z.strictObject({ customerId: IdSchema });
