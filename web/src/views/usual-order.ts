/**
 * "Your usual order is ready": the pre-assembled repeat order of one product, re-checked
 * against today's catalog. Ready → order it in one click or review it; repaired → what changed,
 * why, and the price difference before the customer confirms; needs-attention → the decisions.
 */
import { api, ApiError, errorText, newIdempotencyKey, type CatalogDocument, type RepeatOrderView } from '../api.ts';
import { handoff, type AppContext } from '../app.ts';
import { choiceName, groupName, groupOf, loadCatalog, orderedGroups } from '../catalog.ts';
import { changesBox, describePriceShare } from '../changes.ts';
import { domId, h } from '../dom.ts';
import { day, money, sentence } from '../format.ts';

export async function usualOrderPanel(app: AppContext, view: RepeatOrderView): Promise<HTMLElement> {
  const current = (await loadCatalog(view.productId)).document;
  // Names of choices the current catalog no longer has come from the version the order was made under.
  const documents: CatalogDocument[] = [current];
  if (view.assembledUnder !== view.catalogVersion) {
    try {
      documents.push((await loadCatalog(view.productId, view.assembledUnder)).document);
    } catch {
      // Ids will do.
    }
  }
  const name = (ref: string) => choiceName(documents, ref);
  const currency = view.price.currency;
  const productName = current.name ?? view.productId;

  const notice = h('p', { class: 'notice', role: 'alert', hidden: true });
  const panel = h('section', { class: `usual-order status-${view.status}`, 'aria-labelledby': domId('usual', view.productId) });

  const title =
    view.status === 'ready'
      ? `Your usual ${productName}`
      : view.status === 'repaired'
        ? `Your usual ${productName}, updated for today’s catalog`
        : `Your usual ${productName} needs a decision`;
  panel.append(h('h2', { id: domId('usual', view.productId) }, title));

  // Every share of a price difference, also when only prices changed (no pick did).
  const priceShares = view.priceExplanation?.length
    ? h(
        'ul',
        { class: 'price-shares', 'data-testid': 'price-explanation' },
        view.priceExplanation.map((share) => h('li', {}, describePriceShare(share, currency, name))),
      )
    : null;
  if (view.status === 'repaired' || (view.status === 'ready' && view.priceDifference !== 0)) {
    panel.append(
      changesBox(
        h('h3', {}, 'What changed since your last order'),
        view.changes,
        current,
        name,
        h('p', { class: 'price-change', 'data-testid': 'price-difference' }, priceChange(view, currency)),
        ...(priceShares ? [priceShares] : []),
      ),
    );
  }

  const pickList = h(
    'ul',
    { class: 'pick-list' },
    orderedGroups(current).flatMap((group) => {
      const chosen = view.picks.filter((p) => groupOf(p) === group.id);
      return chosen.length
        ? [h('li', {}, h('span', { class: 'pick-group' }, `${group.name ?? group.id}: `), chosen.map(name).join(', '))]
        : [];
    }),
  );
  panel.append(
    pickList,
    h(
      'dl',
      { class: 'totals' },
      h('div', { class: 'total' }, h('dt', {}, 'Total'), h('dd', {}, money(view.price.total, currency))),
      h('div', {}, h('dt', {}, 'Ships by'), h('dd', {}, day(view.dates.shipBy))),
      h('div', {}, h('dt', {}, 'Delivered by'), h('dd', {}, day(view.dates.deliverBy))),
    ),
    notice,
  );

  const review = (picks: string[], note: string) => {
    handoff.startWith({ productId: view.productId, picks, source: { kind: 'last-order' }, note });
    app.navigate(`#/products/${encodeURIComponent(view.productId)}`);
  };

  if (view.status === 'needs-attention') {
    // The customer decides each open group here, then finishes in the configurator.
    const decisions = view.decisions.map((decision) =>
      h(
        'fieldset',
        { class: 'group decision' },
        h('legend', {}, sentence(`${groupName(current, decision.group)}: ${decision.message}`)),
        decision.options.map((ref, index) =>
          h(
            'div',
            { class: 'choice' },
            h('input', {
              type: 'radio',
              id: domId(`decide-${view.productId}`, ref),
              name: `decide-${decision.group}`,
              value: ref,
              checked: index === 0,
            }),
            h('label', { for: domId(`decide-${view.productId}`, ref) }, h('span', { class: 'choice-name' }, name(ref))),
          ),
        ),
      ),
    );
    if (view.changes.length && view.status === 'needs-attention') {
      panel.insertBefore(changesBox(h('h3', {}, 'What changed since your last order'), view.changes, current, name), pickList);
    }
    panel.append(
      h('p', {}, 'The catalog changed, and we need you to choose before this order can be placed.'),
      ...decisions,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'primary',
            onclick: () => {
              const chosen = [...panel.querySelectorAll<HTMLInputElement>('.decision input:checked')].map((i) => i.value);
              review([...view.picks, ...chosen], 'Your usual order with your new decisions: check it, then place the order.');
            },
          },
          'Continue with these choices',
        ),
      ),
    );
    return panel;
  }

  let orderKey: string | undefined;
  const orderButton = h('button', { type: 'button', class: 'primary' }, view.status === 'repaired' ? 'Confirm and order' : 'Order it now');
  orderButton.addEventListener('click', async () => {
    // Disabled before the request leaves: a double click places one order.
    if (orderButton.disabled) return;
    orderButton.disabled = true;
    orderButton.textContent = 'Placing your order…';
    orderKey ??= newIdempotencyKey();
    try {
      const order = await api.placeOrder({ customerId: app.customerId, productId: view.productId, fromRepeatOrder: true }, orderKey);
      handoff.rememberOrder(order);
      app.navigate(`#/orders/${encodeURIComponent(order.orderId)}`);
    } catch (error) {
      // No answer: the order may exist, so a retry keeps the key. An answer ends the attempt.
      if (!(error instanceof ApiError) || error.status !== 0) orderKey = undefined;
      notice.textContent = `Your order was not placed. ${errorText(error)}`;
      notice.hidden = false;
      orderButton.disabled = false;
      orderButton.textContent = view.status === 'repaired' ? 'Confirm and order' : 'Order it now';
    }
  });
  panel.append(
    h(
      'div',
      { class: 'actions' },
      orderButton,
      h(
        'button',
        { type: 'button', onclick: () => review(view.picks, 'Your usual order: change anything you like, then place the order.') },
        'Review it',
      ),
    ),
  );
  return panel;
}

function priceChange(view: RepeatOrderView, currency: string): string {
  const difference = view.priceDifference;
  if (difference === 0) return `The price is the same as last time: ${money(view.price.total, currency)}.`;
  return `The price is ${money(Math.abs(difference), currency)} ${difference > 0 ? 'more' : 'less'} than last time: ${money(view.price.total, currency)} instead of ${money(view.previousTotal, currency)}.`;
}
