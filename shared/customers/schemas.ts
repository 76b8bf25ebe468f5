/**
 * The customer domain's public contract: the zod schemas of what callers send (strict: price,
 * tier, tenant and figures are never client-set). No logic: the HTTP layer validates requests
 * with these, the use cases take their inferred types.
 */
import * as z from 'zod';
import { ChoiceRefSchema, IdSchema } from '#core/catalog-document';

export const ContactChannelSchema = z.enum(['email', 'phone', 'sms', 'post', 'none']);
export const ContactFrequencySchema = z.enum(['weekly', 'monthly', 'quarterly', 'never']);

/**
 * Preferences. `packaging`, `invoice` and `delivery` name a choice of the catalog's service
 * group of that id (e.g. `"gift"` for `packaging.gift`); they pre-fill every new configuration.
 */
export const PreferencesSchema = z.strictObject({
  packaging: IdSchema.nullable().optional(),
  invoice: IdSchema.nullable().optional(),
  delivery: IdSchema.nullable().optional(),
  contactChannel: ContactChannelSchema.nullable().optional(),
  contactFrequency: ContactFrequencySchema.nullable().optional(),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

/** One remembered answer; `null` means the customer skipped the question. */
export const AnswerSchema = z.union([z.string().min(1).max(200), z.null()]);

export const ContactSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  email: z.email().max(254).optional(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{5,30}$/, 'a phone number')
    .optional(),
  company: z.string().min(1).max(200).optional(),
  /** The partner's own reference for this customer. */
  externalRef: z.string().min(1).max(100).optional(),
});

/** `POST /customers`: contact details and optional first preferences. */
export const CreateCustomerSchema = ContactSchema.extend({
  preferences: PreferencesSchema.optional(),
  /** The customer asked not to be profiled: no drip questions, no personal statistics. */
  doNotProfile: z.boolean().optional(),
}).strict();
export type CreateCustomerRequest = z.infer<typeof CreateCustomerSchema>;

/** `PATCH /customers/{id}/preferences`: any subset; `answers` maps question ids to answers. */
export const PreferencesPatchSchema = PreferencesSchema.extend({
  answers: z
    .record(IdSchema, AnswerSchema)
    .refine((a) => Object.keys(a).length <= 20, 'at most 20 answers at once')
    .optional(),
  doNotProfile: z.boolean().optional(),
  /** Stated needs kept per product: product id → { need question id → answer id }, or null to forget a product's. */
  needs: z
    .record(
      IdSchema,
      z
        .record(IdSchema, IdSchema)
        .refine((a) => Object.keys(a).length <= 20, 'at most 20 answers per product')
        .nullable(),
    )
    .refine((n) => Object.keys(n).length <= 10, 'at most 10 products at once')
    .optional(),
}).strict();
export type PreferencesPatch = z.infer<typeof PreferencesPatchSchema>;

/** A tenant's tier thresholds: which share of its active customers (by value) is A and which is C. */
export const TierThresholdsSchema = z
  .strictObject({
    /** Share of the active customers (by value) that is A, in percent. */
    topPercentA: z.number().min(0).max(50),
    /** Share of the active customers (by value) that is C, in percent. */
    bottomPercentC: z.number().min(0).max(80),
  })
  .refine((thresholds) => thresholds.topPercentA + thresholds.bottomPercentC <= 100, {
    message: 'topPercentA and bottomPercentC together must not exceed 100',
    path: ['bottomPercentC'],
  });
export type TierThresholds = z.infer<typeof TierThresholdsSchema>;

/**
 * What one tier gets: applied by the engine on every configure, quote and order of a customer of
 * the tier (`includedServices`, `leadDaysLess`), and by the drip questions (`questionEveryDays`).
 */
export const TierPerksSchema = z.strictObject({
  /** Shown to the customer with the benefits, e.g. "Gold". */
  label: z.string().trim().min(1).max(40),
  /** Service choices ("group.choice") the tier gets at no charge, e.g. `delivery.express`. */
  includedServices: z.array(ChoiceRefSchema).max(20),
  /** Working days taken off the lead time (a priority build slot); the lead time never drops below 0. */
  leadDaysLess: z.number().int().min(0).max(10),
  /** At most one contact with drip questions every this many days (0: every contact). */
  questionEveryDays: z.number().int().min(0).max(365),
});
export type TierPerks = z.infer<typeof TierPerksSchema>;

/** `PUT /admin/tenants/{tenantId}/tiers`: a tenant's thresholds and the perks of each tier, replaced as a whole. */
export const TierSettingsSchema = z.strictObject({
  thresholds: TierThresholdsSchema,
  perks: z.strictObject({ A: TierPerksSchema, B: TierPerksSchema, C: TierPerksSchema }),
});
export type TierSettings = z.infer<typeof TierSettingsSchema>;
