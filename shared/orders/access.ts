/**
 * Who may see which order: its customer, the customer's partner, or an admin. Anyone else gets
 * "not found", never "forbidden", which would confirm that the order exists.
 */
import type { CallerIdentity } from '#core/caller';
import { NotFoundError } from '#core/errors';
import { type Order, withLines } from './order.ts';

/** Finds an order by id, within a tenant (tenant callers) or anywhere (admins). */
export interface OrderLookup {
  find(orderId: string, tenantId?: string): Promise<Order | undefined>;
}

/** An order the caller owns, or NotFoundError. */
export async function ownedOrder(caller: CallerIdentity, orderId: string, orders: OrderLookup): Promise<Order> {
  const order = await orders.find(orderId, caller.kind === 'admin' ? undefined : caller.tenantId);
  if (!order || (caller.kind === 'customer' && order.customerId !== caller.customerId))
    throw new NotFoundError(`order ${orderId} not found`);
  return withLines(order);
}
