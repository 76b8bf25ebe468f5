/**
 * Who is acting. The HTTP layer resolves credentials into one of these (an admin token, a
 * partner API key, a customer's sign-in); every use case decides what that caller may do.
 * A partner and its customers share a tenant; an admin has none and acts for any.
 */

/** The house's operator: may act for any tenant. */
export interface AdminCaller {
  kind: 'admin';
}

/** A reseller calling the API for its own customers (its tenant is its partner id). */
export interface PartnerCaller {
  kind: 'partner';
  tenantId: string;
  partnerId: string;
}

/** A signed-in customer, acting for themself only. */
export interface CustomerCaller {
  kind: 'customer';
  tenantId: string;
  customerId: string;
}

export type CallerIdentity = AdminCaller | PartnerCaller | CustomerCaller;
