/**
 * The customer page: sign in, products, the configurator, usual orders, confirmation, profile.
 * Hash routes keep it one static file that S3/CloudFront and the local server serve alike:
 *   #/                      usual orders and products
 *   #/products/{productId}  the configurator (`…/new`: a new configuration, not the remembered one)
 *   #/orders                the customer's orders: status, cancel
 *   #/orders/{orderId}      an order's confirmation
 *   #/profile               preferences and questions
 */
import './styles.css';
import { errorText, hostedSignInConfig, loadApiBase, whenSignedOut } from './api.ts';
import type { AppContext } from './app.ts';
import { h, replaceChildren } from './dom.ts';
import { session } from './session.ts';
import { finishHostedSignIn } from './hosted-sign-in.ts';
import { showConfirmation } from './views/confirmation.ts';
import { showConfigurator } from './views/configurator.ts';
import { showHome } from './views/home.ts';
import { showOrders } from './views/orders.ts';
import { showProfile } from './views/profile.ts';
import { showSignIn } from './views/signin.ts';

const main = document.getElementById('main')!;
const nav = document.getElementById('account')!;
let pendingFlash: { message: string; tone: 'info' | 'error' } | undefined;
/** Each navigation gets a number; a view that finishes loading after the next navigation is dropped. */
let currentRoute = 0;

/** Goes to `hash`: a hash change routes by itself; the same hash is routed again here, once. */
function go(hash: string): void {
  if (location.hash === hash || (hash === '#/' && location.hash === '')) void route();
  else location.hash = hash;
}

function context(): AppContext | undefined {
  const current = session.current();
  if (!current) return undefined;
  return {
    customerId: current.customerId,
    email: current.email,
    navigate: go,
    flash: (message, tone = 'info') => {
      pendingFlash = { message, tone };
    },
    signOut: (message) => {
      session.end();
      void route(message);
    },
  };
}

function renderAccount(app: AppContext | undefined): void {
  replaceChildren(
    nav,
    app
      ? h(
          'ul',
          {},
          h('li', {}, h('a', { href: '#/' }, 'Products')),
          h('li', {}, h('a', { href: '#/orders' }, 'Your orders')),
          h('li', {}, h('a', { href: '#/profile' }, 'Your profile')),
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                onclick: () => {
                  session.end();
                  go('#/');
                },
              },
              'Sign out',
            ),
          ),
        )
      : null,
  );
}

async function route(signedOutMessage?: string): Promise<void> {
  const routeNumber = ++currentRoute;
  const app = context();
  renderAccount(app);
  const view = h('div', { class: 'view' });
  replaceChildren(main, view);
  if (!app) return showSignIn(view, () => go('#/'), signedOutMessage);

  if (pendingFlash) {
    main.prepend(h('p', { class: `flash ${pendingFlash.tone}`, role: 'status' }, pendingFlash.message));
    pendingFlash = undefined;
  }
  const path = location.hash.replace(/^#/, '') || '/';
  const [, first, second, third] = path.split('/');
  try {
    if (first === 'products' && second) await showConfigurator(view, app, decodeURIComponent(second), { fresh: third === 'new' });
    else if (first === 'orders' && second) await showConfirmation(view, decodeURIComponent(second));
    else if (first === 'orders') await showOrders(view, app);
    else if (first === 'profile') await showProfile(view, app);
    else await showHome(view, app);
  } catch (error) {
    if (routeNumber !== currentRoute) return;
    replaceChildren(
      view,
      h('h1', {}, 'This page could not be shown'),
      h('p', { class: 'notice', role: 'alert' }, errorText(error)),
      h('p', {}, h('a', { href: '#/' }, 'Back to your products')),
    );
  }
}

// The skip link must not touch the hash: the hash is the route.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

whenSignedOut((message) => {
  session.end();
  void route(message);
});
window.addEventListener('hashchange', () => void route());
await loadApiBase();
const hosted = hostedSignInConfig();
if (hosted) {
  try {
    const returning = await finishHostedSignIn(hosted);
    if (returning) session.start(returning);
  } catch (failure) {
    await route((failure as Error).message);
  }
}
await route();
