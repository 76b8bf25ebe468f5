/**
 * A customer as the product remembers them: identity and contact details, preferences, the
 * answers to profile questions, the running figures the tier needs, and where the last contact
 * ended. Request schemas are strict: price, tier, tenant and figures are never client-set.
 */
import type { Tier } from '#core/catalog-document';
import { PREFERENCE_ROLES, type ServicePreference } from '#core/service-roles';
import type { Preferences } from './schemas.ts';

export type { CreateCustomerRequest, Preferences, PreferencesPatch } from './schemas.ts';

/** How a contact reached us. */
export type Channel = 'web' | 'partner' | 'admin';

/**
 * The service preferences, by their stable API names; each pre-fills the service group of its
 * role (`PREFERENCE_ROLES`: packaging → packaging, invoice → invoice-format, delivery →
 * delivery-mode), found with `groupOfPreference`.
 */
export const SERVICE_PREFERENCES = Object.keys(PREFERENCE_ROLES) as ServicePreference[];

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
  /**
   * Stated needs kept per product (product id → need question id → answer id), checked against
   * the product's catalog when saved; they pre-fill guided selling for that product. Absent: none.
   */
  needs?: Record<string, Record<string, string>>;
  /** The questions offered at the last contact that offered any (never the same twice in a row). */
  lastAskedQuestions: string[];
  /** When the last customer-facing contact started (contacts.ts); absent: none recorded yet. */
  lastContactAt?: string;
  /** When questions were last offered (the start of that contact). */
  lastAskedAt?: string;
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
