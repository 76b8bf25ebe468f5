/**
 * A customer's orders, newest first, a page at a time. A merged customer's history includes the
 * records merged into it. Order ids sort by time (ULIDs), so "continue after order X" is the
 * position; the page cursor that carries it is the caller's (`PageCursors`).
 */
import type { CallerIdentity } from '#core/caller';
import type { PageCursors } from '#core/page-cursors';

export type { PageCursors };
import { ownedCustomer, type CustomerLookup } from '#customers/access';
import { type Order, withLines } from './order.ts';

/** Reads one customer's orders, newest first, before an order id. */
export interface OrderListing {
  listForCustomer(tenantId: string, customerId: string, limit: number, before?: string): Promise<{ orders: Order[]; last?: string }>;
}

export interface OrderPage {
  items: Order[];
  nextCursor?: string;
}

export async function listCustomerOrders(
  deps: { customers: CustomerLookup; orders: OrderListing; cursors: PageCursors },
  caller: CallerIdentity,
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<OrderPage> {
  const profile = await ownedCustomer(caller, customerId, deps.customers);
  const scope = `orders:${profile.tenantId}:${profile.customerId}`;
  const before = page.cursor === undefined ? undefined : deps.cursors.decode(page.cursor, scope);
  const pages = await Promise.all(
    [profile.customerId, ...profile.mergedFrom].map((id) => deps.orders.listForCustomer(profile.tenantId, id, page.limit, before)),
  );
  const all = pages.flatMap((p) => p.orders).sort((a, b) => b.orderId.localeCompare(a.orderId));
  const items = all.slice(0, page.limit).map(withLines);
  const more = all.length > page.limit || pages.some((p) => p.last !== undefined);
  return { items, ...(more && items.length ? { nextCursor: deps.cursors.encode(items[items.length - 1]!.orderId, scope) } : {}) };
}
