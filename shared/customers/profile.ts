/**
 * A customer as the product remembers them: identity and contact details, preferences, the
 * answers to profile questions, the running figures the tier needs, and where the last contact
 * ended. Request schemas are strict: price, tier, tenant and figures are never client-set.
 */
import * as z from 'zod';
import { IdSchema, TierSchema, type Tier } from '#core/catalog-document';

/** How a contact reached us. */
export type Channel = 'web' | 'partner' | 'admin';

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

/** The service groups preferences pre-fill, by preference name = group id. */
export const SERVICE_PREFERENCES = ['packaging', 'invoice', 'delivery'] as const;

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
}).strict();
export type PreferencesPatch = z.infer<typeof PreferencesPatchSchema>;

/** Where the last contact ended. */
export interface Touchpoint {
  productId: string;
  channel: Channel;
  at: string;
  /** What happened: saved a configuration, placed an order. */
  action: 'saved-configuration' | 'placed-order';
}

/** One order's value, kept for a year so the tier can be computed from the last 12 months. */
export interface OrderValue {
  at: string;
  amount: number;
}

export interface CustomerProfile {
  customerId: string;
  tenantId: string;
  name?: string;
  email?: string;
  phone?: string;
  company?: string;
  externalRef?: string;
  createdAt: string;
  preferences: Preferences;
  /** Question id → answer, or null when skipped. */
  answers: Record<string, string | null>;
  /** The questions offered at the previous contact (never the same twice in a row). */
  lastAskedQuestions: string[];
  doNotProfile: boolean;
  tier: Tier;
  /** When the tier was last computed (absent: never; new customers start at B). */
  tierComputedAt?: string;
  orderCount: number;
  /** Sum of all orders, in minor units of each order's currency (one currency per tenant). */
  lifetimeValue: number;
  lastOrderAt?: string;
  /** Orders of the last 12 months (older ones are dropped as new ones come). */
  recentOrders: OrderValue[];
  lastTouchpoint?: Touchpoint;
  /** Set on a record merged into another: reads follow it. */
  mergedInto?: string;
  /** Customers merged into this one (their orders are listed with this one's). */
  mergedFrom: string[];
}

export { TierSchema };
