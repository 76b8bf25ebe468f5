/** Quotes with locked prices, and deciding on them (accept, approve, reject). */
import * as z from 'zod';
import { IdSchema } from '#core/catalog-document';
import { CompanyIdSchema } from '#companies/schemas';
import { ShipToSchema } from '#orders/schemas';
import { CreateQuoteSchema, QuoteDecisionSchema, QuoteIdSchema, QuoteStatusSchema } from '#quotes/schemas';
import {
  BODY_PROBLEMS,
  CALLER_PROBLEMS,
  DEFAULT_MAX_BODY_BYTES,
  idempotencyKeyHeader,
  PromisedDatesSchema,
  route,
  TimestampSchema,
} from './common.ts';
import { CustomerPathSchema } from './customers.ts';
import { OrderLineSchema, OrderSchema, TotalsSchema } from './orders.ts';

export const QuotePathSchema = z.strictObject({ quoteId: QuoteIdSchema });
const CompanyQuotesPathSchema = z.strictObject({ companyId: CompanyIdSchema });

/** A quote: lines, totals, dates and catalog versions locked until `expiresAt`. */
export const QuoteSchema = z.strictObject({
  quoteId: QuoteIdSchema,
  tenantId: z.string(),
  customerId: IdSchema,
  companyId: CompanyIdSchema.optional(),
  status: QuoteStatusSchema,
  statusHistory: z.array(z.strictObject({ status: QuoteStatusSchema, at: TimestampSchema, by: IdSchema.optional() })),
  createdAt: TimestampSchema,
  expiresAt: TimestampSchema,
  currency: z.string(),
  lines: z.array(OrderLineSchema),
  totals: TotalsSchema,
  shipTo: ShipToSchema,
  dates: PromisedDatesSchema,
  orderId: z.string().optional(),
});
export const QuoteListSchema = z.strictObject({ items: z.array(QuoteSchema) });

/** A request body of up to 500 lines. */
const QUOTE_MAX_BODY_BYTES = 1024 * 1024;

const DECISION_PROBLEMS = [...CALLER_PROBLEMS, 403, 404, 409, ...BODY_PROBLEMS] as const;

export const QUOTE_ROUTES = {
  'POST /quotes': route({
    function: 'quotes',
    auth: 'caller',
    summary: 'Ask for a quote: 1–500 configured lines with quantities, priced and locked until it expires (owner)',
    operationId: 'createQuote',
    tag: 'quotes',
    maxBodyBytes: QUOTE_MAX_BODY_BYTES,
    body: {
      schema: CreateQuoteSchema,
      description: 'The customer, the lines, where it ships (VAT), how many days it holds (1–90, default 30)',
    },
    responses: { 201: { description: 'The quote', schema: QuoteSchema, headers: { Location: 'The quote' } } },
    problems: [...CALLER_PROBLEMS, 404, ...BODY_PROBLEMS],
    description: "A line that is not a valid, complete configuration answers 422 naming it (`/lines/1/picks`) with the engine's reasons.",
  }),
  'GET /quotes/{quoteId}': route({
    function: 'quotes',
    auth: 'caller',
    summary: 'One quote (its customer, the contacts of its company, partner, admin)',
    operationId: 'getQuote',
    tag: 'quotes',
    path: QuotePathSchema,
    responses: { 200: { description: 'The quote', schema: QuoteSchema } },
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'GET /customers/{customerId}/quotes': route({
    function: 'quotes',
    auth: 'caller',
    summary: "A customer's quotes, newest first (owner)",
    operationId: 'listCustomerQuotes',
    tag: 'quotes',
    path: CustomerPathSchema,
    responses: { 200: { description: 'The latest 50 quotes', schema: QuoteListSchema } },
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'GET /companies/{companyId}/quotes': route({
    function: 'quotes',
    auth: 'caller',
    summary: "A company's quotes, newest first (partner, admin, its contacts)",
    operationId: 'listCompanyQuotes',
    tag: 'quotes',
    path: CompanyQuotesPathSchema,
    responses: { 200: { description: 'The latest 50 quotes', schema: QuoteListSchema } },
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'POST /quotes/{quoteId}/accept': route({
    function: 'quotes',
    auth: 'caller',
    summary: 'Accept a quote (a contact of its company, or its customer; Idempotency-Key required)',
    operationId: 'acceptQuote',
    tag: 'quotes',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: QuotePathSchema,
    headers: [idempotencyKeyHeader('decision')],
    body: { schema: QuoteDecisionSchema, description: 'Who accepts' },
    responses: {
      201: { description: 'Within the spending limit: the order, exactly the quoted lines and totals', schema: OrderSchema },
      202: { description: 'Over the spending limit: the quote, `pending-approval`', schema: QuoteSchema },
    },
    problems: DECISION_PROBLEMS,
    description: 'An expired quote answers 409 `/problems/quote-expired`.',
  }),
  'POST /quotes/{quoteId}/approve': route({
    function: 'quotes',
    auth: 'caller',
    summary: "Approve a quote over a buyer's limit (an approver of its company; Idempotency-Key required)",
    operationId: 'approveQuote',
    tag: 'quotes',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: QuotePathSchema,
    headers: [idempotencyKeyHeader('decision')],
    body: { schema: QuoteDecisionSchema, description: 'Who approves' },
    responses: { 201: { description: 'The order, exactly the quoted lines and totals', schema: OrderSchema } },
    problems: DECISION_PROBLEMS,
  }),
  'POST /quotes/{quoteId}/reject': route({
    function: 'quotes',
    auth: 'caller',
    summary: 'Reject a quote waiting for approval (an approver of its company; Idempotency-Key required)',
    operationId: 'rejectQuote',
    tag: 'quotes',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: QuotePathSchema,
    headers: [idempotencyKeyHeader('decision')],
    body: { schema: QuoteDecisionSchema, description: 'Who rejects' },
    responses: { 200: { description: 'The quote, rejected', schema: QuoteSchema } },
    problems: DECISION_PROBLEMS,
  }),
} as const;
