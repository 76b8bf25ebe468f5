/**
 * Moving an order along its life cycle: only the house (an admin) moves an order into production,
 * shipping and delivery; a partner or a customer may cancel it while it has not gone into
 * production.
 */
import type { CallerIdentity } from '#core/caller';
import { ForbiddenError } from '#core/errors';
import { ownedOrder, type OrderLookup } from './access.ts';
import { checkTransition, type Order, type OrderStatus, withLines } from './order.ts';

/** Where order statuses change: only if nobody moved the order first (else ConflictError). */
export interface OrderStatusStore extends OrderLookup {
  setStatus(order: Order, to: OrderStatus, at: string): Promise<Order>;
}

/** `POST /orders/{orderId}/status`: the order as it is now. */
export async function changeOrderStatus(
  store: OrderStatusStore,
  caller: CallerIdentity,
  orderId: string,
  status: OrderStatus,
  now: Date,
): Promise<Order> {
  const order = await ownedOrder(caller, orderId, store);
  checkTransition(order.status, status);
  if (caller.kind !== 'admin' && status !== 'cancelled')
    throw new ForbiddenError('only the house moves an order into production or shipping; partners and customers may cancel');
  if (caller.kind !== 'admin' && order.status !== 'placed')
    throw new ForbiddenError(`the order is ${order.status}: only the house can cancel it now`);
  return withLines(await store.setStatus(order, status, now.toISOString()));
}
