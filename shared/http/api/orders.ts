/** Orders and the pre-assembled repeat order. */
import * as z from 'zod';
import { ChoiceRefSchema, IdSchema } from '#core/catalog-document';
import { OrderStatusSchema } from '#orders/schemas';
import {
  BODY_PROBLEMS,
  BuildSheetSchema,
  CALLER_PROBLEMS,
  CUSTOMER_PRESENT_HEADER,
  ChannelSchema,
  CursorSchema,
  DEFAULT_MAX_BODY_BYTES,
  idempotencyKeyHeader,
  PriceBreakdownSchema,
  PromisedDatesSchema,
  route,
  TimestampSchema,
} from './common.ts';
import { CustomerPathSchema, CustomerProductPathSchema } from './customers.ts';

export const OrderIdSchema = z.string().regex(/^o_[0-9A-Z]{26}$/, 'an order id');
export const OrderPathSchema = z.strictObject({ orderId: OrderIdSchema });

/** `GET /customers/{customerId}/orders`. */
export const OrderListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: CursorSchema.optional(),
});

/** `POST /orders`: picks, or the pre-assembled repeat order. */
export const PlaceOrderSchema = z.union([
  z.strictObject({
    customerId: IdSchema,
    productId: IdSchema,
    picks: z.array(ChoiceRefSchema).min(1).max(2_000),
    remember: z.boolean().optional(),
  }),
  z.strictObject({ customerId: IdSchema, productId: IdSchema, fromRepeatOrder: z.literal(true), remember: z.boolean().optional() }),
]);

/** `POST /orders/{orderId}/status`. */
export const StatusBodySchema = z.strictObject({ status: OrderStatusSchema });

/** `GET /customers/{customerId}/repeat-orders/{productId}`. */
export const RepeatOrderSchema = z.strictObject({
  productId: IdSchema,
  status: z.enum(['ready', 'repaired', 'needs-attention']),
  catalogVersion: z.number().int().min(1),
  assembledUnder: z.number().int().min(1),
  picks: z.array(ChoiceRefSchema),
  changes: z.array(
    z.strictObject({
      kind: z.enum(['replaced', 'dropped', 'added', 'preference']),
      group: IdSchema,
      from: ChoiceRefSchema.optional(),
      to: ChoiceRefSchema.optional(),
      reason: z.string(),
    }),
  ),
  decisions: z.array(z.strictObject({ group: IdSchema, message: z.string(), options: z.array(z.string()) })),
  price: PriceBreakdownSchema,
  previousTotal: z.number().int(),
  priceDifference: z.number().int(),
  dates: PromisedDatesSchema,
  buildSheet: BuildSheetSchema.nullable(),
});

/** An order: a snapshot of everything it was sold with. */
export const OrderSchema = z.strictObject({
  orderId: OrderIdSchema,
  tenantId: z.string(),
  customerId: IdSchema,
  productId: IdSchema,
  catalogVersion: z.number().int().min(1),
  picks: z.array(ChoiceRefSchema),
  status: OrderStatusSchema,
  statusHistory: z.array(z.strictObject({ status: OrderStatusSchema, at: TimestampSchema })),
  price: PriceBreakdownSchema,
  dates: PromisedDatesSchema,
  buildSheet: BuildSheetSchema,
  placedAt: TimestampSchema,
  channel: ChannelSchema,
  remember: z.boolean().describe('False for one-off orders (gifts) that leave the customer memory untouched'),
  fromRepeatOrder: z.boolean(),
  invoice: z
    .strictObject({
      number: z.string().describe('Sequential per tenant and year, without gaps: `<year>-<6 digits>`'),
      issuedAt: TimestampSchema,
    })
    .optional()
    .describe('The invoice issued when the order shipped; absent before'),
});
export const OrderListSchema = z.strictObject({ items: z.array(OrderSchema), nextCursor: z.string().optional() });

export const ORDER_ROUTES = {
  'GET /customers/{customerId}/repeat-orders/{productId}': route({
    function: 'orders',
    auth: 'caller',
    summary: "The pre-assembled repeat order, re-checked against today's catalog (owner)",
    operationId: 'getRepeatOrder',
    tag: 'orders',
    path: CustomerProductPathSchema,
    responses: { 200: { description: "The pre-assembled repeat order, re-checked against today's catalog", schema: RepeatOrderSchema } },
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'GET /customers/{customerId}/orders': route({
    function: 'orders',
    auth: 'caller',
    summary: "A customer's orders, newest first (owner)",
    operationId: 'listCustomerOrders',
    tag: 'orders',
    path: CustomerPathSchema,
    query: OrderListQuerySchema,
    responses: { 200: { description: 'Orders, newest first, a page at a time', schema: OrderListSchema } },
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'POST /orders': route({
    function: 'orders',
    auth: 'caller',
    summary: 'Place an order (owner; Idempotency-Key required)',
    operationId: 'placeOrder',
    tag: 'orders',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    headers: [idempotencyKeyHeader('order'), CUSTOMER_PRESENT_HEADER],
    body: { schema: PlaceOrderSchema, description: 'Picks, or `fromRepeatOrder: true`; `remember: false` for a one-off order' },
    responses: {
      201: {
        description: 'The order, with its price snapshot, dates and build sheet',
        schema: OrderSchema,
        headers: { Location: 'The order', 'Idempotent-Replayed': '`true` when this answers an earlier request with the same key' },
      },
    },
    problems: [...CALLER_PROBLEMS, 404, 409, ...BODY_PROBLEMS],
  }),
  'GET /orders/{orderId}': route({
    function: 'orders',
    auth: 'caller',
    summary: 'One order (owner)',
    operationId: 'getOrder',
    tag: 'orders',
    path: OrderPathSchema,
    responses: { 200: { description: 'The order', schema: OrderSchema } },
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'POST /orders/{orderId}/status': route({
    function: 'orders',
    auth: 'caller',
    summary: 'Move an order along its life cycle (partners, admins; customers may cancel)',
    operationId: 'setOrderStatus',
    tag: 'orders',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: OrderPathSchema,
    body: {
      schema: StatusBodySchema,
      description: 'The next status (placed → in-production → shipped → delivered; cancelled before shipping)',
    },
    responses: { 200: { description: 'The order as it is now', schema: OrderSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, 409, ...BODY_PROBLEMS],
  }),
} as const;
