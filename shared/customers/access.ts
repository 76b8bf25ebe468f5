/**
 * Who may see which customer. A customer reaches only themself, a partner only the customers
 * of its tenant, an admin anyone. Anyone else gets "not found": never "forbidden", which
 * would confirm that the customer exists.
 */
import type { CallerIdentity } from '#core/caller';
import { NotFoundError } from '#core/errors';
import type { Channel, CustomerProfile } from './profile.ts';

export interface CustomerLookup {
  get(tenantId: string, customerId: string): Promise<CustomerProfile | undefined>;
  findTenant(customerId: string): Promise<string | undefined>;
}

/** The profile of a customer the caller owns; `NotFoundError` otherwise. */
export async function ownedCustomer(caller: CallerIdentity, customerId: string, lookup: CustomerLookup): Promise<CustomerProfile> {
  const notFound = () => new NotFoundError(`customer ${customerId} not found`);
  let tenantId: string | undefined;
  if (caller.kind === 'customer') tenantId = caller.customerId === customerId ? caller.tenantId : undefined;
  else if (caller.kind === 'partner') tenantId = caller.tenantId;
  else tenantId = await lookup.findTenant(customerId);
  if (!tenantId) throw notFound();
  const profile = await lookup.get(tenantId, customerId);
  if (!profile) throw notFound();
  return profile;
}

/** The channel a contact came through, for the last touchpoint. */
export function channelOf(caller: CallerIdentity): Channel {
  return caller.kind === 'customer' ? 'web' : caller.kind;
}
