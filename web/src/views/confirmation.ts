/** The order confirmation: what was ordered, the price, the promised dates and the build sheet. */
import { api, type Order } from '../api.ts';
import { handoff } from '../app.ts';
import { choiceName, groupOf, loadCatalog, orderedGroups } from '../catalog.ts';
import { h, replaceChildren } from '../dom.ts';
import { day, money } from '../format.ts';

export async function showConfirmation(root: HTMLElement, orderId: string): Promise<void> {
  replaceChildren(root, h('p', { class: 'loading' }, 'Loading your order…'));
  const order: Order = handoff.order(orderId) ?? (await api.order(orderId));
  const { document } = await loadCatalog(order.productId, order.catalogVersion);
  const currency = order.price.currency;

  const heading = h('h1', { tabindex: '-1' }, 'Thank you: your order is placed');
  replaceChildren(
    root,
    h(
      'section',
      { class: 'confirmation', 'aria-labelledby': 'confirmation-title' },
      h('div', { id: 'confirmation-title' }, heading),
      h(
        'p',
        { class: 'lead' },
        `${document.name ?? order.productId}, order `,
        h('strong', { 'data-testid': 'order-id' }, order.orderId),
        '.',
      ),
      order.gift
        ? h(
            'p',
            { class: 'gift-note', 'data-testid': 'gift' },
            `A gift for ${order.gift.recipient.name}, sent to ${[...order.gift.recipient.addressLines, order.gift.recipient.city].join(', ')}. Your usual order stays as it was.`,
          )
        : null,
      h(
        'dl',
        { class: 'totals' },
        h('div', { class: 'total' }, h('dt', {}, 'Total'), h('dd', {}, money(order.price.total, currency))),
        h('div', {}, h('dt', {}, 'Ships by'), h('dd', {}, day(order.dates.shipBy))),
        h('div', {}, h('dt', {}, 'Delivered by'), h('dd', {}, day(order.dates.deliverBy))),
      ),
      h('h2', {}, 'Your configuration'),
      h(
        'ul',
        { class: 'pick-list' },
        orderedGroups(document).flatMap((group) => {
          const chosen = order.picks.filter((p) => groupOf(p) === group.id);
          return chosen.length
            ? [
                h(
                  'li',
                  {},
                  h('span', { class: 'pick-group' }, `${group.name ?? group.id}: `),
                  chosen.map((p) => choiceName(document, p)).join(', '),
                ),
              ]
            : [];
        }),
      ),
      h('h2', { id: 'build-sheet-title' }, 'Build sheet'),
      h(
        'table',
        { class: 'build-sheet', 'aria-labelledby': 'build-sheet-title' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Part (SKU)'), h('th', { scope: 'col' }, 'Quantity'))),
        h(
          'tbody',
          {},
          order.buildSheet.map((line) => h('tr', {}, h('td', {}, line.sku), h('td', {}, line.qty))),
        ),
      ),
      h('p', {}, h('a', { href: '#/' }, 'Back to your products')),
    ),
  );
  heading.focus();
}
