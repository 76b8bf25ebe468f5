/** Published catalogs, the configuration engine, and publishing (admin). */
import * as z from 'zod';
import { CatalogDocumentSchema, ChoiceRefSchema, IdSchema, TierSchema } from '#core/catalog-document';
import {
  BODY_PROBLEMS,
  BuildSheetSchema,
  CALLER_PROBLEMS,
  CATALOG_MAX_BODY_BYTES,
  CUSTOMER_PRESENT_HEADER,
  CursorSchema,
  DEFAULT_MAX_BODY_BYTES,
  FindingSchema,
  PriceBreakdownSchema,
  PromisedDatesSchema,
  ReasonSchema,
  route,
  TimestampSchema,
} from './common.ts';
import { QuestionSchema } from './customers.ts';
import { BudgetSchema, CompletionGoalSchema, StatedNeedsSchema } from '#selling/schemas';

export const ProductPathSchema = z.strictObject({ productId: IdSchema });

/** `GET /products`. */
export const ProductListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
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
  /** Choices whose cheapest configuration costs more are excluded, with the figures. */
  budget: BudgetSchema.optional(),
  /** Their `require` lists hold while stated; a customer's kept needs for this product apply when absent. */
  needs: StatedNeedsSchema.optional(),
});

/** `POST /products/{productId}/complete`. */
export const CompleteBodySchema = z.strictObject({
  picks: z.array(ChoiceRefSchema).max(2_000).describe('The picks the completion must contain ("group.choice"); may be empty'),
  goal: CompletionGoalSchema,
  needs: StatedNeedsSchema.optional(),
  budget: BudgetSchema.optional(),
  /** Complete for this customer: their tier, prices, kept needs and own orders. Customers are always themselves. */
  customerId: IdSchema.optional(),
});

/** One full configuration, optimal for the goal, with why each choice is in it. */
export const CompleteAnswerSchema = z.strictObject({
  productId: IdSchema,
  version: z.number().int().min(1),
  goal: CompletionGoalSchema,
  picks: z.array(ChoiceRefSchema).describe('Every selected choice, in catalog order: a whole valid configuration'),
  price: PriceBreakdownSchema,
  dates: PromisedDatesSchema,
  because: z
    .array(z.strictObject({ choice: ChoiceRefSchema, reason: z.string() }))
    .describe('One per selected choice, same order as `picks`: why it is there (e.g. `you said "Photo and video"`)'),
  customerId: IdSchema.optional(),
  tier: TierSchema.optional(),
  needs: z.record(IdSchema, IdSchema).optional().describe('The stated needs the completion respects, when any'),
  needsFrom: z
    .enum(['request', 'profile'])
    .optional()
    .describe("Where `needs` come from: the request, or the customer's profile when the request stated none"),
});

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
          fromPrice: z
            .number()
            .int()
            .nullable()
            .describe(
              'The lowest total of a valid complete configuration with this choice, judged like its state; null when there is none',
            ),
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
  perks: z
    .strictObject({
      tier: TierSchema,
      label: z.string().describe('The tier as the customer sees it, e.g. "Gold"'),
      included: z
        .array(z.strictObject({ ref: ChoiceRefSchema, selected: z.boolean() }))
        .describe('The choices this tier gets at no charge that this catalog offers, and whether each is chosen now'),
      leadDaysLess: z.number().int().min(0).describe('Working days the priority build slot took off this lead time'),
      priceList: z.string().describe('The price list the included choices are priced by in `price.lines`'),
    })
    .optional()
    .describe("Present when configuring for a customer: their tier's perks as they apply to this configuration"),
  questions: z
    .array(QuestionSchema)
    .max(2)
    .optional()
    .describe(
      'Present on a customer-facing call for a customer: the drip questions of their contact (at most two per contact, wherever they are shown)',
    ),
  prefilled: z.array(z.strictObject({ pick: ChoiceRefSchema, source: z.literal('preference') })),
  needs: z.record(IdSchema, IdSchema).optional().describe('The stated needs the answer was judged with, when any'),
  needsFrom: z
    .enum(['request', 'profile'])
    .optional()
    .describe(
      "Where `needs` come from: the request, or the customer's profile (their kept needs for this product) when the request stated none",
    ),
});

export const CATALOG_ROUTES = {
  'GET /products': route({
    function: 'catalog',
    auth: 'caller',
    summary: 'List published products',
    operationId: 'listProducts',
    tag: 'products',
    query: ProductListQuerySchema,
    responses: { 200: { description: 'The published products, a page at a time', schema: ProductListSchema } },
    problems: [...CALLER_PROBLEMS],
  }),
  'GET /products/{productId}': route({
    function: 'catalog',
    auth: 'caller',
    summary: 'A published catalog (current or ?version=n)',
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
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'POST /products/{productId}/configure': route({
    function: 'catalog',
    auth: 'caller',
    summary: "The engine's answer for these picks, with the caller's prices",
    operationId: 'configureProduct',
    tag: 'products',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: ProductPathSchema,
    query: VersionQuerySchema,
    headers: [CUSTOMER_PRESENT_HEADER],
    body: { schema: ConfigureBodySchema, description: 'The picks so far ("group.choice"); optionally the customer configured for' },
    responses: {
      200: {
        description: "The engine's answer: every choice's state with reasons, conflicts and repair, price, dates, build sheet",
        schema: ConfigureAnswerSchema,
      },
    },
    problems: [...CALLER_PROBLEMS, 404, ...BODY_PROBLEMS],
  }),
  'POST /products/{productId}/complete': route({
    function: 'catalog',
    auth: 'caller',
    summary: 'One whole configuration for these picks, optimal for a goal (help me choose)',
    description:
      "Extends the picks to a whole valid configuration within the stated needs and the budget, at the caller's prices: the cheapest, the one that best meets the stated needs, or the most popular under the learned order statistics. 422 `/problems/no-configuration` when none exists, with `cheapestTotal` (possible without the budget)",
    operationId: 'completeProduct',
    tag: 'products',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: ProductPathSchema,
    query: VersionQuerySchema,
    body: { schema: CompleteBodySchema, description: 'The picks so far, the goal, and optionally needs, budget and the customer' },
    responses: {
      200: { description: 'The whole configuration with its price, dates and a reason per choice', schema: CompleteAnswerSchema },
    },
    problems: [...CALLER_PROBLEMS, 404, ...BODY_PROBLEMS],
  }),
  'PUT /admin/products/{productId}': route({
    function: 'admin',
    auth: 'admin',
    summary: 'Publish a new catalog version (admin)',
    operationId: 'publishProduct',
    tag: 'admin',
    maxBodyBytes: CATALOG_MAX_BODY_BYTES,
    path: ProductPathSchema,
    body: {
      schema: CatalogDocumentSchema,
      description:
        'A catalog document whose `id` equals the path. Above 6 MB send it gzip-compressed (`Content-Encoding: gzip`); at most 16 MB decompressed',
      gzip: true,
      validatedByUseCase: true,
    },
    responses: {
      201: { description: 'A new version was published', schema: PublishOutcomeSchema, headers: { Location: 'The new version' } },
      200: {
        description: 'The document equals the current version: nothing changed',
        schema: PublishOutcomeSchema,
        headers: { Location: 'The current version' },
      },
    },
    problems: [...CALLER_PROBLEMS, 403, 409, ...BODY_PROBLEMS],
  }),
} as const;
