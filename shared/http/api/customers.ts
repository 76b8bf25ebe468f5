/** Customers and what the product remembers of them; merging duplicate records (admin). */
import * as z from 'zod';
import { ChoiceRefSchema, IdSchema, TierSchema } from '#core/catalog-document';
import { ContactChannelSchema, ContactFrequencySchema, CreateCustomerSchema, PreferencesPatchSchema } from '#customers/schemas';
import {
  BODY_PROBLEMS,
  CALLER_PROBLEMS,
  CUSTOMER_PRESENT_HEADER,
  ChannelSchema,
  DEFAULT_MAX_BODY_BYTES,
  headerContract,
  idempotencyKeyHeader,
  route,
  TimestampSchema,
} from './common.ts';

export const CustomerPathSchema = z.strictObject({ customerId: IdSchema });
export const CustomerProductPathSchema = z.strictObject({ customerId: IdSchema, productId: IdSchema });

/** `POST /admin/customers/{customerId}/merge`. */
export const MergeBodySchema = z.strictObject({ duplicateId: IdSchema });

/** `PUT /customers/{customerId}/configurations/{productId}`. */
export const SaveConfigurationSchema = z.strictObject({ picks: z.array(ChoiceRefSchema).max(2_000) });

/** `If-Match: "3"` (or `3`, or `W/"3"`): the remembered configuration's version. */
export const IF_MATCH_PATTERN = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/;
/** The version in `If-Match`, as a number. */
const IfMatchHeaderSchema = z
  .string()
  .regex(IF_MATCH_PATTERN, 'the configuration version, e.g. "3"')
  .transform((value) => Number(IF_MATCH_PATTERN.exec(value)![1]));

const IF_MATCH = headerContract({
  name: 'If-Match',
  key: 'ifMatch',
  required: false,
  schema: IfMatchHeaderSchema,
  description: 'The version last read (its ETag); absent for the first save. A stale version gets 412',
  invalid: { detail: 'If-Match must be the configuration version, e.g. "3"', code: 'invalid_if_match', message: 'a version number' },
});

export const CustomerCreatedSchema = z.strictObject({ customerId: IdSchema, tenantId: z.string(), tier: TierSchema });

export const QuestionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: z.string(),
    text: z.string(),
    kind: z.literal('choice'),
    options: z.array(z.strictObject({ value: z.string(), label: z.string() })),
    need: z
      .strictObject({ productId: IdSchema, needId: IdSchema })
      .optional()
      .describe(
        "A catalog's need question: answer it in the preferences' `needs` (`needs/<productId>/<needId>`, its id), not in `answers`",
      ),
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
  needs: z
    .record(IdSchema, z.record(IdSchema, IdSchema))
    .describe("Stated needs kept per product (product id → need question id → answer id); they pre-fill that product's guided selling"),
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
  repaired: z
    .strictObject({
      fromVersion: z.number().int().min(1).describe('the catalog version the configuration was saved under'),
      changes: z.array(
        z.strictObject({
          kind: z.enum(['dropped', 'replaced']),
          group: IdSchema,
          from: ChoiceRefSchema,
          to: ChoiceRefSchema.optional(),
          reason: z.string(),
        }),
      ),
    })
    .optional()
    .describe("present when today's catalog changed the remembered picks (a choice deleted or retired): what changed and why"),
});

export const CUSTOMER_ROUTES = {
  'POST /admin/customers/{customerId}/merge': route({
    function: 'admin',
    auth: 'admin',
    summary: 'Merge a duplicate record of the same person into this customer (admin)',
    operationId: 'mergeCustomers',
    tag: 'admin',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: CustomerPathSchema,
    body: { schema: MergeBodySchema, description: 'The duplicate record, merged into the one in the path' },
    responses: { 200: { description: 'The kept customer after the merge', schema: CustomerViewSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, 409, ...BODY_PROBLEMS],
  }),
  'POST /customers': route({
    function: 'customers',
    auth: 'caller',
    summary: "Create a customer of the caller's tenant (partners, admins)",
    operationId: 'createCustomer',
    tag: 'customers',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    headers: [{ ...idempotencyKeyHeader('customer'), required: false as const }],
    body: { schema: CreateCustomerSchema, description: 'Contact details and optional first preferences' },
    responses: {
      201: {
        description: "A customer of the caller's tenant (tier B to start with)",
        schema: CustomerCreatedSchema,
        headers: { Location: 'The customer' },
      },
    },
    problems: [...CALLER_PROBLEMS, 403, 409, ...BODY_PROBLEMS],
  }),
  'GET /customers/{customerId}': route({
    function: 'customers',
    auth: 'caller',
    summary: 'Profile, preferences, tier, open questions, last touchpoint (owner)',
    operationId: 'getCustomer',
    tag: 'customers',
    path: CustomerPathSchema,
    headers: [CUSTOMER_PRESENT_HEADER],
    responses: {
      200: {
        description:
          "Profile, preferences, tier, at most two open questions of the customer's contact (a customer-facing call starts one), where the last contact ended",
        schema: CustomerViewSchema,
      },
    },
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'DELETE /customers/{customerId}': route({
    function: 'customers',
    auth: 'caller',
    summary: 'Erase personal data; orders stay, pseudonymised (owner)',
    operationId: 'eraseCustomer',
    tag: 'customers',
    path: CustomerPathSchema,
    responses: { 204: { description: 'Personal data and memory erased; orders stay, pseudonymised' } },
    problems: [...CALLER_PROBLEMS, 404, 409],
  }),
  'PATCH /customers/{customerId}/preferences': route({
    function: 'customers',
    auth: 'caller',
    summary: 'Change preferences and answer questions (owner)',
    operationId: 'updatePreferences',
    tag: 'customers',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: CustomerPathSchema,
    headers: [CUSTOMER_PRESENT_HEADER],
    body: { schema: PreferencesPatchSchema, description: 'Any subset of the preferences (null clears one) and answers to questions' },
    responses: { 200: { description: 'The customer as it is now', schema: CustomerViewSchema } },
    problems: [...CALLER_PROBLEMS, 404, ...BODY_PROBLEMS],
  }),
  'GET /customers/{customerId}/configurations/{productId}': route({
    function: 'customers',
    auth: 'caller',
    summary: 'The remembered configuration of a product (owner)',
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
    problems: [...CALLER_PROBLEMS, 404],
  }),
  'PUT /customers/{customerId}/configurations/{productId}': route({
    function: 'customers',
    auth: 'caller',
    summary: 'Save where the customer stopped (owner; If-Match)',
    operationId: 'saveRememberedConfiguration',
    tag: 'customers',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: CustomerProductPathSchema,
    headers: [IF_MATCH, CUSTOMER_PRESENT_HEADER],
    body: { schema: SaveConfigurationSchema, description: 'The picks so far (may be unfinished, but each must name a choice)' },
    responses: {
      201: { description: 'The first save', schema: RememberedConfigurationSchema, headers: { ETag: 'The version, for If-Match' } },
      200: {
        description: 'Saved over the version in If-Match',
        schema: RememberedConfigurationSchema,
        headers: { ETag: 'The version, for If-Match' },
      },
    },
    problems: [...CALLER_PROBLEMS, 404, 412, ...BODY_PROBLEMS],
  }),
} as const;
