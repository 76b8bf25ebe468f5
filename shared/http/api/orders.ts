/** Orders and the pre-assembled repeat order. */
import * as z from 'zod';
import { ChoiceRefSchema, IdSchema } from '#core/catalog-document';
import { GiftSchema, OrderStatusSchema, QuantitySchema, ShipToSchema } from '#orders/schemas';
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

/** `gift` of `POST /orders`: a gift is a one-off order (`remember` defaults to false; `true` is refused). */
const GiftField = GiftSchema.optional().describe('A gift to someone else: a one-off order, the recipient stored on the order');
/** Fields of `POST /orders` for business buying: how many, where to, and the total the customer was shown. */
const ORDER_QUANTITY_FIELDS = {
  quantity: QuantitySchema.optional().describe('Units of the configuration (1–10,000, default 1); volume breaks apply'),
  shipTo: ShipToSchema.optional().describe("Where it ships; the country's VAT is added to the net total"),
  expectedTotal: z
    .number()
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('The total the customer was shown (`totals.gross`); another total now answers 409 /problems/price-changed'),
};

/** `POST /orders`: picks, or the pre-assembled repeat order. */
export const PlaceOrderSchema = z.union([
  z.strictObject({
    customerId: IdSchema,
    productId: IdSchema,
    picks: z.array(ChoiceRefSchema).min(1).max(2_000),
    remember: z.boolean().optional(),
    gift: GiftField,
    ...ORDER_QUANTITY_FIELDS,
  }),
  z.strictObject({
    customerId: IdSchema,
    productId: IdSchema,
    fromRepeatOrder: z.literal(true),
    remember: z.boolean().optional(),
    gift: GiftField,
    ...ORDER_QUANTITY_FIELDS,
  }),
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
  priceExplanation: z
    .array(
      z.strictObject({
        kind: z.enum(['price-changed', 'added', 'removed', 'replaced', 'other']),
        ref: z.string().optional().describe('`base` or "group.choice" (for `removed` the line that went)'),
        replaces: ChoiceRefSchema.optional().describe('for `replaced`: the choice it replaced'),
        from: z.number().int().optional().describe('what it cost at the last order'),
        to: z.number().int().optional().describe('what it costs today'),
        amount: z.number().int().describe('its share of priceDifference'),
      }),
    )
    .optional()
    .describe(
      'Every share of priceDifference, adding up to it: choices that came, went or were replaced, and kept choices whose price changed',
    ),
  dates: PromisedDatesSchema,
  buildSheet: BuildSheetSchema.nullable(),
});

/** One line of an order or a quote. */
export const OrderLineSchema = z.strictObject({
  lineId: z.string(),
  productId: IdSchema,
  catalogVersion: z.number().int().min(1),
  picks: z.array(ChoiceRefSchema).describe('Every selected choice'),
  quantity: z.number().int().min(1),
  unitPrice: z.number().int().describe('One unit, after tier and partner prices and the volume break reached'),
  lineTotal: z.number().int(),
});
export const TotalsSchema = z.strictObject({
  net: z.number().int(),
  tax: z.number().int().describe('VAT of the ship-to country on the net total, rounded half away from zero; 0 without shipTo'),
  gross: z.number().int(),
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
  gift: GiftSchema.optional().describe("Who receives a gift; removed when the customer's data is erased"),
  lines: z.array(OrderLineSchema).describe('What was sold; an order from a quote has exactly the quoted lines'),
  totals: TotalsSchema,
  shipTo: ShipToSchema.optional(),
  quoteId: z.string().optional().describe('The quote this order was made from'),
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
    body: {
      schema: PlaceOrderSchema,
      description: 'Picks, or `fromRepeatOrder: true`; `remember: false` for a one-off order; `gift` for a gift (always one-off)',
    },
    responses: {
      201: {
        description: 'The order, with its price snapshot, dates and build sheet',
        schema: OrderSchema,
        headers: { Location: 'The order', 'Idempotent-Replayed': '`true` when this answers an earlier request with the same key' },
      },
    },
    problems: [...CALLER_PROBLEMS, 404, 409, ...BODY_PROBLEMS],
    description:
      '409 `/problems/price-changed` (with `expectedTotal`, `currentTotal`, `changedLines`) when `expectedTotal` is not the total now; nothing is written',
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
    summary: 'Move an order along its life cycle (admins; partners and customers may cancel before production)',
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
