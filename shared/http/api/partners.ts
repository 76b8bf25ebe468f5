/** Partners (admin only): create, read, change, issue and revoke API keys. */
import * as z from 'zod';
import { IdSchema, PriceListEntrySchema } from '#core/catalog-document';
import { UsagePlanSchema } from '#core/usage-plan';
import { CreatePartnerSchema, IssueKeySchema, UpdatePartnerSchema } from '#partners/schemas';
import { BODY_PROBLEMS, CALLER_PROBLEMS, DEFAULT_MAX_BODY_BYTES, route, TimestampSchema } from './common.ts';

export const PartnerPathSchema = z.strictObject({ partnerId: IdSchema });
export const KeyPathSchema = z.strictObject({ partnerId: IdSchema, keyId: z.string().regex(/^k_[0-9A-Z]{26}$/, 'a key id') });

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

export const PARTNER_ROUTES = {
  'POST /admin/partners': route({
    function: 'partners',
    auth: 'admin',
    summary: 'Create a partner with its first API key, shown once (admin)',
    operationId: 'createPartner',
    tag: 'partners',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    body: { schema: CreatePartnerSchema, description: 'The partner, its optional price list and usage plan' },
    responses: {
      201: {
        description: 'The partner and its first API key (shown only here)',
        schema: PartnerCreatedSchema,
        headers: { Location: 'The partner' },
      },
    },
    problems: [...CALLER_PROBLEMS, 403, 409, ...BODY_PROBLEMS],
  }),
  'GET /admin/partners/{partnerId}': route({
    function: 'partners',
    auth: 'admin',
    summary: 'A partner, its price list, usage plan and keys (admin)',
    operationId: 'getPartner',
    tag: 'partners',
    path: PartnerPathSchema,
    responses: {
      200: { description: 'The partner, its price list, usage plan and keys (never the keys themselves)', schema: PartnerViewSchema },
    },
    problems: [...CALLER_PROBLEMS, 403, 404],
  }),
  'PATCH /admin/partners/{partnerId}': route({
    function: 'partners',
    auth: 'admin',
    summary: "Change a partner's name, price list or usage plan (admin)",
    operationId: 'updatePartner',
    tag: 'partners',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: PartnerPathSchema,
    body: { schema: UpdatePartnerSchema, description: 'Any subset; `priceList: null` removes it' },
    responses: { 200: { description: 'The partner as it is now', schema: PartnerViewSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, ...BODY_PROBLEMS],
  }),
  'POST /admin/partners/{partnerId}/keys': route({
    function: 'partners',
    auth: 'admin',
    summary: 'Issue another API key, for a rotation (admin)',
    operationId: 'issuePartnerKey',
    tag: 'partners',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: PartnerPathSchema,
    body: { schema: IssueKeySchema, description: 'Optionally how many days the key is valid', optional: true },
    responses: { 201: { description: 'The new key (shown only here)', schema: ApiKeyIssuedSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, ...BODY_PROBLEMS],
  }),
  'DELETE /admin/partners/{partnerId}/keys/{keyId}': route({
    function: 'partners',
    auth: 'admin',
    summary: 'Revoke an API key at once (admin)',
    operationId: 'revokePartnerKey',
    tag: 'partners',
    path: KeyPathSchema,
    responses: { 204: { description: 'The key is revoked: it gets 401 from now on' } },
    problems: [...CALLER_PROBLEMS, 403, 404],
  }),
} as const;
