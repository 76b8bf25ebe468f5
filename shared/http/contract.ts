/**
 * The HTTP contract: for every route of `routes.ts`, the zod schemas of what it accepts (path
 * parameters, query, required headers, body) and of what it answers (success statuses and the
 * problems it can send). The handlers in `functions/` parse requests with exactly these
 * schemas, and `openapi.ts` generates the OpenAPI document from them, so the two cannot drift.
 *
 * Request schemas are strict (an unknown key anywhere is refused). Response schemas document
 * what the handlers send; they are strict too, so the tests that parse real responses with them
 * notice an undocumented field. The OpenAPI document leaves responses open (clients must ignore
 * fields they do not know: new ones may appear).
 */
import * as z from 'zod';
import { CatalogDocumentSchema, ChoiceRefSchema, IdSchema, PriceListEntrySchema, TierSchema } from '#core/catalog-document';
import {
  ContactChannelSchema,
  ContactFrequencySchema,
  CreateCustomerSchema,
  PreferencesPatchSchema,
  PreferencesSchema,
} from '#customers/schemas';
import { OrderStatusSchema } from '#orders/schemas';
import { CreatePartnerSchema, IssueKeySchema, UpdatePartnerSchema } from '#partners/schemas';
import { UsagePlanSchema } from '#core/usage-plan';

// ---------------------------------------------------------------------------------------------
// Request schemas (the handlers import these)
// ---------------------------------------------------------------------------------------------

export const ProductPathSchema = z.strictObject({ productId: IdSchema });
export const CustomerPathSchema = z.strictObject({ customerId: IdSchema });
export const CustomerProductPathSchema = z.strictObject({ customerId: IdSchema, productId: IdSchema });
export const OrderIdSchema = z.string().regex(/^o_[0-9A-Z]{26}$/, 'an order id');
export const OrderPathSchema = z.strictObject({ orderId: OrderIdSchema });
export const PartnerPathSchema = z.strictObject({ partnerId: IdSchema });
export const KeyPathSchema = z.strictObject({ partnerId: IdSchema, keyId: z.string().regex(/^k_[0-9A-Z]{26}$/, 'a key id') });

const CursorSchema = z.string().max(512).describe('The `nextCursor` of the previous page; opaque');
/** `GET /products`. */
export const ProductListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: CursorSchema.optional(),
});
/** `GET /customers/{customerId}/orders`. */
export const OrderListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: CursorSchema.optional(),
});
/** `?version=n`: a pinned catalog version (the current one when absent). */
export const VersionQuerySchema = z.strictObject({ version: z.coerce.number().int().min(1).max(1_000_000_000).optional() });

/** `POST /products/{productId}/configure`. */
export const ConfigureBodySchema = z.strictObject({
  picks: z.array(ChoiceRefSchema).max(2_000),
  /** Picks in the order the caller most wants to keep them when a repair is needed. */
  keepFirst: z.array(ChoiceRefSchema).max(2_000).optional(),
  /** Configure for this customer: their tier and prices, their preferences pre-filled. Customers are always themselves. */
  customerId: IdSchema.optional(),
});

/** `POST /admin/customers/{customerId}/merge`. */
export const MergeBodySchema = z.strictObject({ duplicateId: IdSchema });

/** `PUT /customers/{customerId}/configurations/{productId}`. */
export const SaveConfigurationSchema = z.strictObject({ picks: z.array(ChoiceRefSchema).max(2_000) });

/** `If-Match: "3"` (or `3`, or `W/"3"`): the remembered configuration's version. */
export const IF_MATCH_PATTERN = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/;
const IfMatchHeaderSchema = z.string().regex(IF_MATCH_PATTERN, 'the configuration version, e.g. "3"');

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
/** One new key per order attempt; a retry sends the same key. */
export const IdempotencyKeySchema = z
  .string()
  .min(8, 'at least 8 characters')
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

/** `POST /orders/{orderId}/status`. */
export const StatusBodySchema = z.strictObject({ status: OrderStatusSchema });

// ---------------------------------------------------------------------------------------------
// Response schemas (they document; tests parse real responses with them)
// ---------------------------------------------------------------------------------------------

const TimestampSchema = z.iso.datetime();
const DateSchema = z.iso.date();
const PathSegmentSchema = z.union([z.string(), z.number().int()]);

/** One precise finding about the input (also the warnings of a publication). */
export const FindingSchema = z.strictObject({
  path: z.array(PathSegmentSchema),
  code: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']).optional(),
});

/** RFC 9457 problem details, as `shared/http/problem.ts` sends them. Open: new members may appear. */
export const ProblemSchema = z.object({
  type: z.string().describe('A stable URI reference, e.g. `/problems/validation-failed`'),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z
    .array(
      z.object({
        pointer: z.string().describe('RFC 6901 JSON pointer into the request body ("" is the whole body)'),
        path: z.array(PathSegmentSchema),
        code: z.string(),
        message: z.string(),
        severity: z.enum(['error', 'warning']).optional(),
      }),
    )
    .optional()
    .describe('Bad input: every failing field'),
  currentVersion: z.number().int().optional().describe('412: the version to send in If-Match after re-reading'),
  allowed: z.array(z.string()).optional().describe('405: the methods this path accepts'),
});

export const HealthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  table: z.enum(['ok', 'unavailable']),
  tableLatencyMs: z.number().int().min(0).optional(),
});

/** The OpenAPI document itself (described, not repeated). */
export const OpenApiDocumentSchema = z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) });

export const ProductSummarySchema = z.strictObject({
  productId: IdSchema,
  version: z.number().int().min(1),
  name: z.string(),
  currency: z.string(),
  publishedAt: TimestampSchema,
});
export const ProductListSchema = z.strictObject({ items: z.array(ProductSummarySchema), nextCursor: z.string().optional() });

/** A published catalog version (the document with its defaults applied). */
export const ProductSchema = z.strictObject({
  productId: IdSchema,
  version: z.number().int().min(1),
  publishedAt: TimestampSchema,
  document: CatalogDocumentSchema,
});

export const PublishOutcomeSchema = z.strictObject({
  productId: IdSchema,
  version: z.number().int().min(1),
  publishedAt: TimestampSchema,
  created: z.boolean().describe('False when the document equals the current version: nothing new was published'),
  warnings: z.array(FindingSchema),
});

const ReasonSchema = z.strictObject({ rule: z.string(), picks: z.array(ChoiceRefSchema), message: z.string() });
export const PriceBreakdownSchema = z.strictObject({
  currency: z.string(),
  total: z.number().int(),
  lines: z.array(
    z.strictObject({
      ref: z.string().describe('`base` or "group.choice"'),
      label: z.string(),
      listAmount: z.number().int(),
      amount: z.number().int(),
      priceList: z.string().optional(),
    }),
  ),
});
export const PromisedDatesSchema = z.strictObject({
  leadDays: z.number().int(),
  transitDays: z.number().int(),
  shipBy: DateSchema,
  deliverBy: DateSchema,
});
export const BuildSheetSchema = z.array(z.strictObject({ sku: z.string(), qty: z.number().int().min(1) }));

/** The engine's answer (`shared/engine/types.ts`), as `configure` sends it with the caller's prices. */
export const ConfigureAnswerSchema = z.strictObject({
  productId: IdSchema,
  version: z.number().int().min(1),
  valid: z.boolean(),
  complete: z.boolean(),
  groups: z.array(
    z.strictObject({
      id: IdSchema,
      emptyAllowed: z.boolean(),
      choices: z.array(
        z.strictObject({
          id: IdSchema,
          state: z.enum(['selected', 'forced', 'available', 'excluded']),
          price: z.number().int(),
          reasons: z.array(ReasonSchema).optional(),
          giveUp: z.array(ChoiceRefSchema).optional(),
        }),
      ),
      recommended: z
        .strictObject({
          choice: IdSchema.describe('a choice of this group the answer marks available or forced: never a dead end'),
          source: z
            .enum(['customer', 'segment', 'everyone', 'catalog-default'])
            .describe(
              "whose orders speak: this customer's own, customers of the same tier, everyone's in the tenant; catalog-default when there are no orders to learn from",
            ),
          confidence: z.number().min(0).max(1).describe("the choice's share of the source's vote (0 for a catalog default)"),
          orders: z.number().int().min(0).describe('how many orders the source learned from'),
        })
        .optional()
        .describe('present on open groups (nothing selected yet); absent when leaving an optional group empty is what most customers do'),
    }),
  ),
  conflicts: z.array(ReasonSchema),
  repair: z
    .strictObject({
      picks: z.array(ChoiceRefSchema),
      changes: z.array(
        z.strictObject({
          kind: z.enum(['replaced', 'dropped']),
          pick: ChoiceRefSchema,
          to: ChoiceRefSchema.optional(),
          reason: z.string(),
        }),
      ),
    })
    .nullable(),
  price: PriceBreakdownSchema,
  dates: PromisedDatesSchema,
  buildSheet: BuildSheetSchema.nullable(),
  customerId: IdSchema.optional(),
  tier: TierSchema.optional(),
  prefilled: z.array(z.strictObject({ pick: ChoiceRefSchema, source: z.literal('preference') })),
});

export const CustomerCreatedSchema = z.strictObject({ customerId: IdSchema, tenantId: z.string(), tier: TierSchema });

const ChannelSchema = z.enum(['web', 'partner', 'admin']);
const QuestionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: z.string(),
    text: z.string(),
    kind: z.literal('choice'),
    options: z.array(z.strictObject({ value: z.string(), label: z.string() })),
  }),
  z.strictObject({ id: z.string(), text: z.string(), kind: z.literal('text') }),
]);

/** `GET /customers/{customerId}`. */
export const CustomerViewSchema = z.strictObject({
  customerId: IdSchema,
  tier: TierSchema,
  contact: z.strictObject({
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    company: z.string().optional(),
    externalRef: z.string().optional(),
  }),
  preferences: z.strictObject({
    packaging: IdSchema.nullable().optional(),
    invoice: IdSchema.nullable().optional(),
    delivery: IdSchema.nullable().optional(),
    contactChannel: ContactChannelSchema.nullable().optional(),
    contactFrequency: ContactFrequencySchema.nullable().optional(),
  }),
  answers: z.record(z.string(), z.string().nullable()),
  doNotProfile: z.boolean(),
  questions: z.array(QuestionSchema).max(2),
  lastTouchpoint: z
    .strictObject({
      productId: IdSchema,
      channel: ChannelSchema,
      at: TimestampSchema,
      action: z.enum(['saved-configuration', 'placed-order']),
    })
    .nullable(),
  orders: z.strictObject({ count: z.number().int().min(0), lastOrderAt: TimestampSchema.nullable() }),
  createdAt: TimestampSchema,
  mergedInto: IdSchema.nullable(),
  mergedFrom: z.array(IdSchema),
});

/** `GET`/`PUT /customers/{customerId}/configurations/{productId}`. */
export const RememberedConfigurationSchema = z.strictObject({
  productId: IdSchema,
  catalogVersion: z.number().int().min(1),
  picks: z.array(ChoiceRefSchema),
  version: z.number().int().min(1).describe('Send it back as If-Match'),
  savedAt: TimestampSchema,
  channel: ChannelSchema,
});

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
});
export const OrderListSchema = z.strictObject({ items: z.array(OrderSchema), nextCursor: z.string().optional() });

export const PartnerCreatedSchema = z.strictObject({
  partnerId: IdSchema,
  apiKey: z.string().describe('Shown only here: store it now'),
  keyId: z.string(),
});
export const ApiKeyIssuedSchema = z.strictObject({
  keyId: z.string(),
  apiKey: z.string().describe('Shown only here: store it now'),
  validUntil: TimestampSchema.optional(),
});
export const PartnerViewSchema = z.strictObject({
  partnerId: IdSchema,
  name: z.string(),
  createdAt: TimestampSchema,
  priceList: z.strictObject({ entries: z.array(PriceListEntrySchema) }).optional(),
  usagePlan: UsagePlanSchema,
  shareOrderStatistics: z
    .boolean()
    .optional()
    .describe("true: the partner's orders teach the statistics pooled across tenants, and its customers may be recommended from them"),
  keys: z.array(
    z.strictObject({
      keyId: z.string(),
      status: z.enum(['active', 'revoked']),
      createdAt: TimestampSchema,
      validUntil: TimestampSchema.optional(),
      hint: z.string(),
    }),
  ),
});

// ---------------------------------------------------------------------------------------------
// The contract of every route
// ---------------------------------------------------------------------------------------------

/** Problem statuses a route can answer, each documented once in `components.responses`. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429 | 503;

export interface HeaderContract {
  name: string;
  required: boolean;
  schema: z.ZodType;
  description: string;
}

export interface SuccessResponse {
  description: string;
  /** The JSON body; absent for an empty answer (204). */
  schema?: z.ZodType;
  /** Response headers worth documenting, name -> description. */
  headers?: Record<string, string>;
}

export interface RouteContract {
  /** Stable: generated clients name their methods after it. */
  operationId: string;
  tag: 'health' | 'products' | 'admin' | 'partners' | 'customers' | 'orders';
  description?: string;
  path?: z.ZodObject;
  query?: z.ZodObject;
  headers?: HeaderContract[];
  /** `optional`: the route also accepts no body at all. */
  body?: { schema: z.ZodType; description: string; gzip?: boolean; optional?: boolean };
  responses: Record<number, SuccessResponse>;
  problems: ProblemStatus[];
}

const IDEMPOTENCY_KEY: HeaderContract = {
  name: 'Idempotency-Key',
  required: true,
  schema: IdempotencyKeySchema,
  description:
    'One new key per order attempt (e.g. a UUID); a retry with the same key and body answers the first result again, with `Idempotent-Replayed: true`',
};
const IF_MATCH: HeaderContract = {
  name: 'If-Match',
  required: false,
  schema: IfMatchHeaderSchema,
  description: 'The version last read (its ETag); absent for the first save. A stale version gets 412',
};

/** Problems every route with a caller can answer: bad path/query, credentials, throttling, the database. */
const CALLER = [400, 401, 429, 503] as const satisfies ProblemStatus[];
/** Routes that take a JSON body. */
const BODY = [413, 415, 422] as const satisfies ProblemStatus[];

/** Keyed `"<METHOD> <path>"`, exactly like the route table and the handlers. */
export const CONTRACT: Readonly<Record<string, RouteContract>> = {
  'GET /health': {
    operationId: 'getHealth',
    tag: 'health',
    responses: {
      200: { description: 'The API answers and so does the table', schema: HealthSchema },
      503: {
        description: 'The API is alive but the table does not answer',
        schema: HealthSchema,
        headers: { 'Retry-After': 'Seconds to wait before retrying' },
      },
    },
    problems: [400],
  },
  'GET /openapi.json': {
    operationId: 'getOpenApiDocument',
    tag: 'health',
    description: 'This document. Generate a typed client from it (see the README).',
    responses: { 200: { description: 'The OpenAPI 3.1 document', schema: OpenApiDocumentSchema } },
    problems: [400],
  },
  'GET /products': {
    operationId: 'listProducts',
    tag: 'products',
    query: ProductListQuerySchema,
    responses: { 200: { description: 'The published products, a page at a time', schema: ProductListSchema } },
    problems: [...CALLER],
  },
  'GET /products/{productId}': {
    operationId: 'getProduct',
    tag: 'products',
    path: ProductPathSchema,
    query: VersionQuerySchema,
    responses: {
      200: {
        description: 'The catalog document of the current or the pinned version',
        schema: ProductSchema,
        headers: { ETag: "The document's SHA-256", 'Cache-Control': 'Immutable for a pinned version, no-cache for the current one' },
      },
    },
    problems: [...CALLER, 404],
  },
  'POST /products/{productId}/configure': {
    operationId: 'configureProduct',
    tag: 'products',
    path: ProductPathSchema,
    query: VersionQuerySchema,
    body: { schema: ConfigureBodySchema, description: 'The picks so far ("group.choice"); optionally the customer configured for' },
    responses: {
      200: {
        description: "The engine's answer: every choice's state with reasons, conflicts and repair, price, dates, build sheet",
        schema: ConfigureAnswerSchema,
      },
    },
    problems: [...CALLER, 404, ...BODY],
  },
  'PUT /admin/products/{productId}': {
    operationId: 'publishProduct',
    tag: 'admin',
    path: ProductPathSchema,
    body: {
      schema: CatalogDocumentSchema,
      description:
        'A catalog document whose `id` equals the path. Above 6 MB send it gzip-compressed (`Content-Encoding: gzip`); at most 16 MB decompressed',
      gzip: true,
    },
    responses: {
      201: { description: 'A new version was published', schema: PublishOutcomeSchema, headers: { Location: 'The new version' } },
      200: {
        description: 'The document equals the current version: nothing changed',
        schema: PublishOutcomeSchema,
        headers: { Location: 'The current version' },
      },
    },
    problems: [...CALLER, 403, 409, ...BODY],
  },
  'POST /admin/partners': {
    operationId: 'createPartner',
    tag: 'partners',
    body: { schema: CreatePartnerSchema, description: 'The partner, its optional price list and usage plan' },
    responses: {
      201: {
        description: 'The partner and its first API key (shown only here)',
        schema: PartnerCreatedSchema,
        headers: { Location: 'The partner' },
      },
    },
    problems: [...CALLER, 403, 409, ...BODY],
  },
  'GET /admin/partners/{partnerId}': {
    operationId: 'getPartner',
    tag: 'partners',
    path: PartnerPathSchema,
    responses: {
      200: { description: 'The partner, its price list, usage plan and keys (never the keys themselves)', schema: PartnerViewSchema },
    },
    problems: [...CALLER, 403, 404],
  },
  'PATCH /admin/partners/{partnerId}': {
    operationId: 'updatePartner',
    tag: 'partners',
    path: PartnerPathSchema,
    body: { schema: UpdatePartnerSchema, description: 'Any subset; `priceList: null` removes it' },
    responses: { 200: { description: 'The partner as it is now', schema: PartnerViewSchema } },
    problems: [...CALLER, 403, 404, ...BODY],
  },
  'POST /admin/partners/{partnerId}/keys': {
    operationId: 'issuePartnerKey',
    tag: 'partners',
    path: PartnerPathSchema,
    body: { schema: IssueKeySchema, description: 'Optionally how many days the key is valid', optional: true },
    responses: { 201: { description: 'The new key (shown only here)', schema: ApiKeyIssuedSchema } },
    problems: [...CALLER, 403, 404, ...BODY],
  },
  'DELETE /admin/partners/{partnerId}/keys/{keyId}': {
    operationId: 'revokePartnerKey',
    tag: 'partners',
    path: KeyPathSchema,
    responses: { 204: { description: 'The key is revoked: it gets 401 from now on' } },
    problems: [...CALLER, 403, 404],
  },
  'POST /admin/customers/{customerId}/merge': {
    operationId: 'mergeCustomers',
    tag: 'admin',
    path: CustomerPathSchema,
    body: { schema: MergeBodySchema, description: 'The duplicate record, merged into the one in the path' },
    responses: { 200: { description: 'The kept customer after the merge', schema: CustomerViewSchema } },
    problems: [...CALLER, 403, 404, 409, ...BODY],
  },
  'POST /customers': {
    operationId: 'createCustomer',
    tag: 'customers',
    body: { schema: CreateCustomerSchema, description: 'Contact details and optional first preferences' },
    responses: {
      201: {
        description: "A customer of the caller's tenant (tier B to start with)",
        schema: CustomerCreatedSchema,
        headers: { Location: 'The customer' },
      },
    },
    problems: [...CALLER, 403, 409, ...BODY],
  },
  'GET /customers/{customerId}': {
    operationId: 'getCustomer',
    tag: 'customers',
    path: CustomerPathSchema,
    responses: {
      200: {
        description: 'Profile, preferences, tier, at most two open questions, where the last contact ended',
        schema: CustomerViewSchema,
      },
    },
    problems: [...CALLER, 404],
  },
  'DELETE /customers/{customerId}': {
    operationId: 'eraseCustomer',
    tag: 'customers',
    path: CustomerPathSchema,
    responses: { 204: { description: 'Personal data and memory erased; orders stay, pseudonymised' } },
    problems: [...CALLER, 404, 409],
  },
  'PATCH /customers/{customerId}/preferences': {
    operationId: 'updatePreferences',
    tag: 'customers',
    path: CustomerPathSchema,
    body: { schema: PreferencesPatchSchema, description: 'Any subset of the preferences (null clears one) and answers to questions' },
    responses: { 200: { description: 'The customer as it is now', schema: CustomerViewSchema } },
    problems: [...CALLER, 404, ...BODY],
  },
  'GET /customers/{customerId}/configurations/{productId}': {
    operationId: 'getRememberedConfiguration',
    tag: 'customers',
    path: CustomerProductPathSchema,
    responses: {
      200: {
        description: 'Where the customer stopped',
        schema: RememberedConfigurationSchema,
        headers: { ETag: 'The version, for If-Match' },
      },
    },
    problems: [...CALLER, 404],
  },
  'PUT /customers/{customerId}/configurations/{productId}': {
    operationId: 'saveRememberedConfiguration',
    tag: 'customers',
    path: CustomerProductPathSchema,
    headers: [IF_MATCH],
    body: { schema: SaveConfigurationSchema, description: 'The picks so far (may be unfinished, but each must name a choice)' },
    responses: {
      201: { description: 'The first save', schema: RememberedConfigurationSchema, headers: { ETag: 'The version, for If-Match' } },
      200: {
        description: 'Saved over the version in If-Match',
        schema: RememberedConfigurationSchema,
        headers: { ETag: 'The version, for If-Match' },
      },
    },
    problems: [...CALLER, 404, 412, ...BODY],
  },
  'GET /customers/{customerId}/repeat-orders/{productId}': {
    operationId: 'getRepeatOrder',
    tag: 'orders',
    path: CustomerProductPathSchema,
    responses: { 200: { description: "The pre-assembled repeat order, re-checked against today's catalog", schema: RepeatOrderSchema } },
    problems: [...CALLER, 404],
  },
  'GET /customers/{customerId}/orders': {
    operationId: 'listCustomerOrders',
    tag: 'orders',
    path: CustomerPathSchema,
    query: OrderListQuerySchema,
    responses: { 200: { description: 'Orders, newest first, a page at a time', schema: OrderListSchema } },
    problems: [...CALLER, 404],
  },
  'POST /orders': {
    operationId: 'placeOrder',
    tag: 'orders',
    headers: [IDEMPOTENCY_KEY],
    body: { schema: PlaceOrderSchema, description: 'Picks, or `fromRepeatOrder: true`; `remember: false` for a one-off order' },
    responses: {
      201: {
        description: 'The order, with its price snapshot, dates and build sheet',
        schema: OrderSchema,
        headers: { Location: 'The order', 'Idempotent-Replayed': '`true` when this answers an earlier request with the same key' },
      },
    },
    problems: [...CALLER, 404, 409, ...BODY],
  },
  'GET /orders/{orderId}': {
    operationId: 'getOrder',
    tag: 'orders',
    path: OrderPathSchema,
    responses: { 200: { description: 'The order', schema: OrderSchema } },
    problems: [...CALLER, 404],
  },
  'POST /orders/{orderId}/status': {
    operationId: 'setOrderStatus',
    tag: 'orders',
    path: OrderPathSchema,
    body: {
      schema: StatusBodySchema,
      description: 'The next status (placed → in-production → shipped → delivered; cancelled before shipping)',
    },
    responses: { 200: { description: 'The order as it is now', schema: OrderSchema } },
    problems: [...CALLER, 403, 404, 409, ...BODY],
  },
};

/** The contract of a route, or an error naming the route (a route added without its contract). */
export function contractOf(method: string, path: string): RouteContract {
  const contract = CONTRACT[`${method} ${path}`];
  if (!contract) throw new Error(`shared/http/contract.ts has no contract for ${method} ${path}`);
  return contract;
}

/** Named request and response schemas: `components.schemas` of the OpenAPI document. */
export const REQUEST_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  CatalogDocument: CatalogDocumentSchema,
  ConfigureRequest: ConfigureBodySchema,
  MergeRequest: MergeBodySchema,
  CreatePartnerRequest: CreatePartnerSchema,
  UpdatePartnerRequest: UpdatePartnerSchema,
  IssueKeyRequest: IssueKeySchema,
  CreateCustomerRequest: CreateCustomerSchema,
  PreferencesPatch: PreferencesPatchSchema,
  Preferences: PreferencesSchema,
  SaveConfigurationRequest: SaveConfigurationSchema,
  PlaceOrderRequest: PlaceOrderSchema,
  OrderStatusChange: StatusBodySchema,
};
export const RESPONSE_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Problem: ProblemSchema,
  Finding: FindingSchema,
  Health: HealthSchema,
  ProductSummary: ProductSummarySchema,
  ProductList: ProductListSchema,
  Product: ProductSchema,
  PublishedCatalogDocument: CatalogDocumentSchema,
  PublishOutcome: PublishOutcomeSchema,
  ConfigureAnswer: ConfigureAnswerSchema,
  PriceBreakdown: PriceBreakdownSchema,
  PromisedDates: PromisedDatesSchema,
  BuildSheet: BuildSheetSchema,
  CustomerCreated: CustomerCreatedSchema,
  Customer: CustomerViewSchema,
  RememberedConfiguration: RememberedConfigurationSchema,
  RepeatOrder: RepeatOrderSchema,
  Order: OrderSchema,
  OrderList: OrderListSchema,
  PartnerCreated: PartnerCreatedSchema,
  ApiKeyIssued: ApiKeyIssuedSchema,
  Partner: PartnerViewSchema,
};
