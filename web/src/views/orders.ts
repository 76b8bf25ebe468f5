/**
 * "Your orders": every order of the customer, newest first, with its status, and a cancel
 * button while the order may still be cancelled (before it ships). Cancelling asks once more,
 * in place; the answer of the API is the status shown.
 */
import { api, errorText, type CatalogDocument, type Order } from '../api.ts';
import type { AppContext } from '../app.ts';
import { choiceName, groupOf, loadCatalog, orderedGroups } from '../catalog.ts';
import { domId, h, replaceChildren } from '../dom.ts';
import { day, money } from '../format.ts';

type OrderStatus = Order['status'];

/** What each status says to the customer. */
export const STATUS_TEXT: Record<OrderStatus, string> = {
  placed: 'Placed',
  'in-production': 'Being built',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

/**
 * The statuses a customer may cancel from: the API's life cycle (`ORDER_TRANSITIONS` in
 * shared/orders/order.ts, which the page may not import) says so; a unit test keeps them equal.
 */
export const CANCELLABLE: readonly OrderStatus[] = ['placed', 'in-production'];

export async function showOrders(root: HTMLElement, app: AppContext): Promise<void> {
  replaceChildren(root, h('p', { class: 'loading' }, 'Loading your orders…'));
  const first = await api.orders(app.customerId);
  const list = h('ul', { class: 'order-list' });
  const more = h('button', { type: 'button', hidden: true }, 'Show older orders');
  let cursor = first.nextCursor;

  const add = async (orders: Order[]) => {
    const cards = await Promise.all(orders.map(orderCard));
    list.append(...cards);
    more.hidden = !cursor;
  };
  more.addEventListener('click', async () => {
    if (!cursor) return;
    more.disabled = true;
    try {
      const page = await api.orders(app.customerId, cursor);
      cursor = page.nextCursor;
      await add(page.items);
    } finally {
      more.disabled = false;
    }
  });

  await add(first.items);
  replaceChildren(
    root,
    h('h1', {}, 'Your orders'),
    first.items.length
      ? [h('p', { class: 'lead' }, 'Newest first. You can cancel an order until it ships.'), list, more]
      : h('p', {}, 'You have not ordered anything yet. ', h('a', { href: '#/' }, 'Choose a product to configure'), '.'),
  );
}

async function orderCard(order: Order): Promise<HTMLElement> {
  // Names come from the catalog version the order was placed under; ids will do if it is gone.
  let document: CatalogDocument | undefined;
  try {
    document = (await loadCatalog(order.productId, order.catalogVersion)).document;
  } catch {
    document = undefined;
  }
  const currency = order.price.currency;
  const titleId = domId('order', order.orderId);
  const status = h('dd', { 'data-testid': 'order-status' }, STATUS_TEXT[order.status]);
  const message = h('p', { class: 'notice', role: 'status', hidden: true });
  const actions = h('div', { class: 'actions' });
  const card = h(
    'li',
    { class: 'order-card', 'data-order-id': order.orderId, 'aria-labelledby': titleId },
    h('h2', { id: titleId, class: 'order-title' }, `${document?.name ?? order.productId}, ordered ${day(order.placedAt)}`),
    h(
      'dl',
      { class: 'totals' },
      h('div', {}, h('dt', {}, 'Status'), status),
      h('div', { class: 'total' }, h('dt', {}, 'Total'), h('dd', {}, money(order.price.total, currency))),
      h('div', {}, h('dt', {}, 'Delivered by'), h('dd', {}, day(order.dates.deliverBy))),
      h('div', {}, h('dt', {}, 'Order'), h('dd', {}, order.orderId)),
    ),
    order.gift
      ? h(
          'p',
          { class: 'gift-note' },
          `A gift for ${order.gift.recipient.name}, ${order.gift.recipient.city} (${order.gift.recipient.country}).`,
        )
      : !order.remember
        ? h('p', { class: 'gift-note' }, 'A one-off order: not remembered.')
        : null,
    h(
      'details',
      {},
      h('summary', {}, 'What you ordered'),
      h(
        'ul',
        { class: 'pick-list' },
        (document ? orderedGroups(document) : []).flatMap((group) => {
          const chosen = order.picks.filter((p) => groupOf(p) === group.id);
          return chosen.length
            ? [
                h(
                  'li',
                  {},
                  h('span', { class: 'pick-group' }, `${group.name ?? group.id}: `),
                  chosen.map((p) => choiceName(document!, p)).join(', '),
                ),
              ]
            : [];
        }),
        document ? null : order.picks.map((p) => h('li', {}, p)),
      ),
    ),
    message,
    actions,
  );

  const show = (current: Order) => {
    status.textContent = STATUS_TEXT[current.status];
    card.dataset.status = current.status;
    replaceChildren(
      actions,
      CANCELLABLE.includes(current.status)
        ? h('button', { type: 'button', onclick: () => askToCancel(current) }, 'Cancel this order')
        : null,
    );
  };

  const askToCancel = (current: Order) => {
    const yes = h('button', { type: 'button', class: 'primary danger', onclick: () => void cancel(current) }, 'Yes, cancel the order');
    replaceChildren(
      actions,
      h('p', {}, 'Cancel this order? This cannot be undone.'),
      yes,
      h('button', { type: 'button', onclick: () => show(current) }, 'Keep the order'),
    );
    yes.focus();
  };

  const cancel = async (current: Order) => {
    for (const button of actions.querySelectorAll('button')) button.disabled = true;
    try {
      show(await api.cancelOrder(current.orderId));
      message.textContent = 'Your order is cancelled.';
    } catch (error) {
      // The order may have moved on meanwhile (e.g. shipped): say why, and show it as it is now.
      message.textContent = `Your order was not cancelled. ${errorText(error)}`;
      try {
        show(await api.order(current.orderId));
      } catch {
        show(current);
      }
    }
    message.hidden = false;
  };

  show(order);
  return card;
}
