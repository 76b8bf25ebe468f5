/** A tenant's relationship settings (tiers and their perks, the recommendations' floor) and the tier-changes report (admin). */
import * as z from 'zod';
import { IdSchema, TierSchema } from '#core/catalog-document';
import { TierPerksSchema, TierSettingsSchema, TierThresholdsSchema } from '#customers/schemas';
import { RecommendationSettingsSchema } from '#recommend/schemas';
import { SellerSchema } from '#documents/schemas';
import { BODY_PROBLEMS, CALLER_PROBLEMS, CursorSchema, DEFAULT_MAX_BODY_BYTES, route, TimestampSchema } from './common.ts';

export const TenantPathSchema = z.strictObject({ tenantId: IdSchema.describe('`house`, or a partner id') });

/** `GET`/`PUT /admin/tenants/{tenantId}/tiers`. */
export const TierSettingsViewSchema = z.strictObject({
  tenantId: IdSchema,
  thresholds: TierThresholdsSchema,
  perks: z.strictObject({ A: TierPerksSchema, B: TierPerksSchema, C: TierPerksSchema }),
  updatedAt: TimestampSchema.nullable().describe('When the tenant last set them; null while it runs on the defaults'),
});

/** `GET`/`PUT /admin/tenants/{tenantId}/recommendations`. */
export const RecommendationSettingsViewSchema = z.strictObject({
  tenantId: IdSchema,
  minCustomers: z.number().int().describe('Distinct customers a recommendation from other customers needs behind its choice'),
  maxMinCustomers: z.number().int().describe('The most `minCustomers` may be'),
  updatedAt: TimestampSchema.nullable().describe('When the tenant last set it; null while it runs on the default (5)'),
});

/** `GET`/`PUT /admin/tenants/{tenantId}/seller`. */
export const SellerViewSchema = z.strictObject({
  tenantId: IdSchema,
  seller: SellerSchema.nullable().describe("The tenant's own seller data; null while it has none (its documents then name the house)"),
  updatedAt: TimestampSchema.nullable().describe('When the tenant last set it; null while it has none'),
});

/** `GET /admin/reports/tier-changes`. */
export const TierChangesQuerySchema = z.strictObject({
  tenantId: IdSchema.describe('`house`, or a partner id'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: CursorSchema.optional(),
});

export const TierChangeSchema = z.strictObject({
  customerId: IdSchema,
  at: TimestampSchema.describe('The tier job run that recorded it'),
  from: TierSchema,
  to: TierSchema,
  winBack: z.boolean().describe('The customer was A or B and moved down, or their last 90 days fell to half of the 90 before'),
  reasons: z.array(z.enum(['moved-down', 'value-halved'])),
  value90: z.number().describe('Value of the orders of the last 90 days (minor units)'),
  previous90: z.number().describe('Value of the orders of the 90 days before'),
});
export const TierChangesPageSchema = z.strictObject({ items: z.array(TierChangeSchema), nextCursor: z.string().optional() });

export const TENANT_ROUTES = {
  'GET /admin/tenants/{tenantId}/tiers': route({
    function: 'admin',
    auth: 'admin',
    summary: "A tenant's tier thresholds and the perks of each tier (admin)",
    operationId: 'getTierSettings',
    tag: 'admin',
    path: TenantPathSchema,
    responses: { 200: { description: 'The thresholds and perks, or the defaults the tenant runs on', schema: TierSettingsViewSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404],
  }),
  'PUT /admin/tenants/{tenantId}/tiers': route({
    function: 'admin',
    auth: 'admin',
    summary: "Set a tenant's tier thresholds and the perks of each tier (admin)",
    operationId: 'putTierSettings',
    tag: 'admin',
    description:
      'Replaces both. Thresholds apply from the next tier job; perks within 30 s (the engine applies them to every configure, quote and order). Included services must be service choices some published catalog offers.',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: TenantPathSchema,
    body: { schema: TierSettingsSchema, description: 'The thresholds and the perks of A, B and C' },
    responses: { 200: { description: 'The settings as stored', schema: TierSettingsViewSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, ...BODY_PROBLEMS],
  }),
  'GET /admin/tenants/{tenantId}/recommendations': route({
    function: 'admin',
    auth: 'admin',
    summary: "A tenant's k-customer floor of recommendations (admin)",
    operationId: 'getRecommendationSettings',
    tag: 'admin',
    path: TenantPathSchema,
    responses: { 200: { description: 'The floor, or the default the tenant runs on', schema: RecommendationSettingsViewSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404],
  }),
  'PUT /admin/tenants/{tenantId}/recommendations': route({
    function: 'admin',
    auth: 'admin',
    summary: "Set a tenant's k-customer floor of recommendations (admin)",
    operationId: 'putRecommendationSettings',
    tag: 'admin',
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: TenantPathSchema,
    body: { schema: RecommendationSettingsSchema, description: 'The floor: 2 to 20 distinct customers' },
    responses: { 200: { description: 'The floor as stored', schema: RecommendationSettingsViewSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, ...BODY_PROBLEMS],
  }),
  'GET /admin/tenants/{tenantId}/seller': route({
    function: 'documents',
    auth: 'admin',
    summary: "A tenant's seller data, printed on its invoices and packing slips (admin)",
    operationId: 'getSeller',
    tag: 'admin',
    path: TenantPathSchema,
    responses: { 200: { description: 'The seller data, or null while the tenant has none', schema: SellerViewSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404],
  }),
  'PUT /admin/tenants/{tenantId}/seller': route({
    function: 'documents',
    auth: 'admin',
    summary: "Set a tenant's seller data: name, address, VAT id, payment terms (admin)",
    operationId: 'putSeller',
    tag: 'admin',
    description:
      "Replaces it. Every invoice of the tenant's orders names this seller; a partner without its own sells under the house's. Publishing a catalog with an invoice-format group warns (`seller-missing`) while the house has none.",
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    path: TenantPathSchema,
    body: { schema: SellerSchema, description: 'The seller data' },
    responses: { 200: { description: 'The seller data as stored', schema: SellerViewSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404, ...BODY_PROBLEMS],
  }),
  'GET /admin/reports/tier-changes': route({
    function: 'admin',
    auth: 'admin',
    summary: "A tenant's tier changes and win-back signals, newest first (admin)",
    operationId: 'getTierChanges',
    tag: 'admin',
    query: TierChangesQuerySchema,
    responses: { 200: { description: 'What the nightly tier job changed and signalled, a page at a time', schema: TierChangesPageSchema } },
    problems: [...CALLER_PROBLEMS, 403, 404],
  }),
} as const;
