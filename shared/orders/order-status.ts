/** Moving an order along its life cycle: partners and admins move it; a customer may only cancel. */
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
  if (caller.kind === 'customer' && status !== 'cancelled') throw new ForbiddenError('customers may only cancel their orders');
  checkTransition(order.status, status);
  return withLines(await store.setStatus(order, status, now.toISOString()));
}
