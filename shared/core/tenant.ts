/**
 * Tenants: every customer, order and statistic belongs to one. A partner is a tenant of its
 * own (its id is the partner id); direct web customers belong to the house.
 */

/** The tenant of direct web customers (and of what the house itself sells). */
export const HOUSE_TENANT = 'house';
