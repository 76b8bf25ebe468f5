/**
 * Tenants: every customer, order and statistic belongs to one. A partner is a tenant of its
 * own (its id is the partner id); direct web customers belong to the house.
 */
import { NotFoundError } from './errors.ts';

/** The tenant of direct web customers (and of what the house itself sells). */
export const HOUSE_TENANT = 'house';

/**
 * Resolves when `tenantId` names a tenant: the house, or a partner `findPartner` finds;
 * `NotFoundError` otherwise (admin routes about a tenant's settings).
 */
export async function requireTenant(tenantId: string, findPartner: (partnerId: string) => Promise<unknown>): Promise<void> {
  if (tenantId === HOUSE_TENANT) return;
  if ((await findPartner(tenantId)) === undefined) throw new NotFoundError(`tenant ${tenantId} not found`);
}
