/**
 * Where a signed-in customer lands: their usual orders first ("Your usual order is ready"),
 * then every product, each saying whether a saved configuration waits for them.
 */
import { api, type ProductSummary } from '../api.ts';
import type { AppContext } from '../app.ts';
import { loadCatalog } from '../catalog.ts';
import { h, replaceChildren } from '../dom.ts';
import { day, money } from '../format.ts';
import { usualOrderPanel } from './usual-order.ts';

export async function showHome(root: HTMLElement, app: AppContext): Promise<void> {
  replaceChildren(root, h('p', { class: 'loading' }, 'Loading your products…'));
  const products = await api.products();
  const perProduct = await Promise.all(
    products.map(async (product) => {
      const [usual, saved, catalog] = await Promise.all([
        api.repeatOrder(app.customerId, product.productId),
        api.savedConfiguration(app.customerId, product.productId),
        loadCatalog(product.productId),
      ]);
      return { product, usual, saved, catalog };
    }),
  );
  const usualOrders = perProduct.filter((p) => p.usual);
  const panels = await Promise.all(usualOrders.map((p) => usualOrderPanel(app, p.usual!)));

  replaceChildren(
    root,
    usualOrders.length
      ? h(
          'section',
          { class: 'usual-orders', 'aria-labelledby': 'usual-title' },
          h(
            'h1',
            { id: 'usual-title' },
            usualOrders.every((p) => p.usual!.status === 'ready') ? 'Your usual order is ready' : 'Your usual order is waiting for you',
          ),
          panels,
        )
      : null,
    h(
      'section',
      { class: 'products', 'aria-labelledby': 'products-title' },
      usualOrders.length
        ? h('h2', { id: 'products-title' }, 'Configure something new')
        : h('h1', { id: 'products-title' }, 'Choose a product to configure'),
      products.length ? h('ul', { class: 'product-list' }, perProduct.map(productCard)) : h('p', {}, 'No products are published yet.'),
    ),
  );
}

function productCard({
  product,
  saved,
  catalog,
}: {
  product: ProductSummary;
  saved: Awaited<ReturnType<typeof api.savedConfiguration>>;
  catalog: Awaited<ReturnType<typeof loadCatalog>>;
}): HTMLElement {
  const document = catalog.document;
  const href = `#/products/${encodeURIComponent(product.productId)}`;
  return h(
    'li',
    { class: 'product-card' },
    h('h3', {}, product.name),
    document.description ? h('p', {}, document.description) : null,
    h('p', { class: 'from-price' }, `From ${money(document.basePrice, document.currency)}`),
    saved ? h('p', { class: 'saved-note' }, `Your last configuration is remembered (${day(saved.configuration.savedAt)}).`) : null,
    saved
      ? h(
          'div',
          { class: 'actions' },
          h('a', { class: 'button primary', href }, 'Continue where you stopped'),
          // A new configuration leaves the remembered one as it is until the customer saves or orders.
          h('a', { class: 'button', href: `${href}/new` }, 'Start a new configuration'),
        )
      : h('a', { class: 'button primary', href }, 'Configure'),
  );
}
