/**
 * Broken object-level authorization, tried everywhere: for every route of the route table and
 * every caller (two partners with two customers each, a house customer, each customer signed
 * in on the web), every attempt to reach another tenant's or another customer's objects,
 * directly or through an indirect path (an order or a configure call naming another's
 * customer, a repeat order, a list cursor). Figure: foreign successes = 0; the answer is 404
 * (403 on admin routes, which only admins may call at all).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteDefinition } from '#http/routes';
import { startTestStack, type CallInit, type TestStack } from '../support/local-stack.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';
import { DEMO_TIER_SETTINGS } from '../support/tier-settings.ts';
import { DEMO_SELLER } from '../support/seller.ts';

let stack: TestStack;

const FULL = [...FULL_LAPTOP_PICKS];

interface Owned {
  tenant: string;
  customerId: string;
  orderId: string;
  cursor: string;
  as: CallInit['as'];
  /** A company of the customer's tenant with the customer as its approver, and a quote of theirs. */
  companyId: string;
  quoteId: string;
}

interface Actor {
  name: string;
  as: CallInit['as'];
  /** Objects this actor may reach; everything else is foreign. */
  owns: (target: Owned) => boolean;
}

const owned: Owned[] = [];
const actors: Actor[] = [];
let partnerB: { partnerId: string; apiKey: string; keyId: string };

async function customerWithOrder(tenantAs: CallInit['as'], tenant: string): Promise<Owned> {
  const created = await stack.call('/customers', { method: 'POST', body: { name: `Customer of ${tenant}` }, as: tenantAs });
  const customerId = created.json.customerId as string;
  for (let i = 0; i < 2; i++) {
    const key = randomUUID();
    const place = () =>
      stack.call('/orders', {
        method: 'POST',
        body: { customerId, productId: 'laptop-x1', picks: FULL },
        as: tenantAs,
        headers: { 'idempotency-key': key },
      });
    let placed = await place();
    // A loaded machine's first transactions may miss the store deadline (503): a client retries the same key.
    for (let retry = 0; retry < 3 && (placed.status === 503 || placed.status === 409); retry++) placed = await place();
    expect(placed.status).toBe(201);
  }
  await stack.call(`/customers/${customerId}/configurations/laptop-x1`, {
    method: 'PUT',
    body: { picks: ['cpu.i7'] },
    as: tenantAs,
    headers: { 'if-match': '"2"' },
  });
  const page = await stack.call(`/customers/${customerId}/orders?limit=1`, { as: tenantAs });
  return {
    tenant,
    customerId,
    orderId: page.json.items[0].orderId,
    cursor: page.json.nextCursor,
    as: { bearer: await stack.customerToken(customerId, tenant) },
    ...(await companyAndQuote(tenantAs, customerId)),
  };
}

/** A company (created by the tenant's partner, or the admin for the house) with the customer as approver, and a quote of theirs. */
async function companyAndQuote(tenantAs: CallInit['as'], customerId: string): Promise<{ companyId: string; quoteId: string }> {
  const company = await stack.call('/companies', { method: 'POST', body: { name: `Company of ${customerId}` }, as: tenantAs });
  expect(company.status).toBe(201);
  const companyId = company.json.companyId as string;
  const contact = await stack.call(`/companies/${companyId}/contacts`, {
    method: 'POST',
    body: { customerId, role: 'approver' },
    as: tenantAs,
  });
  expect(contact.status).toBe(201);
  const quote = await stack.call('/quotes', {
    method: 'POST',
    body: { customerId, lines: [{ productId: 'laptop-x1', picks: FULL, quantity: 2 }], shipTo: { country: 'DE' } },
    as: tenantAs,
  });
  expect(quote.status).toBe(201);
  return { companyId, quoteId: quote.json.quoteId as string };
}

beforeAll(async () => {
  stack = await startTestStack();
  partnerB = (await stack.call('/admin/partners', { method: 'POST', body: { name: 'Partner B' } })).json;
  const asB = { apiKey: partnerB.apiKey };
  const a1 = await customerWithOrder('partner', 'demo-partner');
  const a2 = await customerWithOrder('partner', 'demo-partner');
  const b1 = await customerWithOrder(asB, partnerB.partnerId);
  const b2 = await customerWithOrder(asB, partnerB.partnerId);
  const login = (await stack.call('/dev/login', { method: 'POST', body: { email: 'house@example.com' }, as: 'anonymous' })).json;
  const houseAs = { bearer: login.token };
  // The house customer places their own order on the web.
  await stack.call('/orders', {
    method: 'POST',
    body: { customerId: login.customerId, productId: 'laptop-x1', picks: FULL },
    as: houseAs,
    headers: { 'idempotency-key': randomUUID() },
  });
  const housePage = await stack.call(`/customers/${login.customerId}/orders`, { as: houseAs });
  const house: Owned = {
    tenant: 'house',
    customerId: login.customerId,
    orderId: housePage.json.items[0].orderId,
    cursor: '',
    as: houseAs,
    ...(await companyAndQuote('admin', login.customerId)),
  };
  owned.push(a1, a2, b1, b2, house);
  actors.push(
    { name: 'partner A', as: 'partner', owns: (t) => t.tenant === 'demo-partner' },
    { name: 'partner B', as: asB, owns: (t) => t.tenant === partnerB.partnerId },
    ...[a1, a2, b1, b2, house].map((me, i) => ({
      name: `customer ${['A1', 'A2', 'B1', 'B2', 'H'][i]}`,
      as: me.as,
      owns: (t: Owned) => t.customerId === me.customerId,
    })),
  );
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/** A request on `route` that aims at `target`, valid in every other respect. */
function attempt(route: RouteDefinition, target: Owned): { path: string; init: CallInit } | undefined {
  const parameters: Record<string, string> = {
    customerId: target.customerId,
    orderId: target.orderId,
    productId: 'laptop-x1',
    partnerId: target.tenant,
    tenantId: target.tenant,
    keyId: 'k_01ARZ3NDEKTSV4RRFFQ69G5FAV',
    companyId: target.companyId,
    quoteId: target.quoteId,
    name: 'developer',
  };
  // Routes that name their tenant in the query (the tier-changes report).
  const queries: Record<string, string> = { 'GET /admin/reports/tier-changes': `?tenantId=${target.tenant}` };
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => parameters[name]!) + (queries[`${route.method} ${route.path}`] ?? '');
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const bodies: Record<string, unknown> = {
    'POST /orders': { customerId: target.customerId, productId: 'laptop-x1', picks: FULL },
    'POST /products/{productId}/configure': { picks: [], customerId: target.customerId },
    'POST /products/{productId}/complete': { picks: [], goal: 'cheapest', customerId: target.customerId },
    'PATCH /customers/{customerId}/preferences': { packaging: 'eco' },
    'PUT /customers/{customerId}/configurations/{productId}': { picks: ['cpu.i5'] },
    'POST /orders/{orderId}/status': { status: 'cancelled' },
    'POST /admin/customers/{customerId}/merge': { duplicateId: target.customerId },
    'POST /admin/partners/{partnerId}/keys': {},
    'PATCH /admin/partners/{partnerId}': { name: 'Taken over' },
    'POST /admin/partners': { name: 'Mine now' },
    'PUT /admin/products/{productId}': { id: 'laptop-x1' },
    'PUT /admin/tenants/{tenantId}/tiers': DEMO_TIER_SETTINGS,
    'PUT /admin/tenants/{tenantId}/recommendations': { minCustomers: 2 },
    'PUT /admin/partners/{partnerId}/webhook': { url: 'http://127.0.0.1:9/taken-over', events: ['order.created'] },
    'POST /quotes': {
      customerId: target.customerId,
      lines: [{ productId: 'laptop-x1', picks: FULL, quantity: 1 }],
      shipTo: { country: 'DE' },
    },
    'POST /quotes/{quoteId}/accept': { customerId: target.customerId },
    'POST /quotes/{quoteId}/approve': { customerId: target.customerId },
    'POST /quotes/{quoteId}/reject': { customerId: target.customerId },
    'POST /companies/{companyId}/contacts': { customerId: target.customerId, role: 'buyer' },
    'PUT /companies/{companyId}/standards/{name}': { productId: 'laptop-x1', picks: FULL },
    'PUT /admin/tenants/{tenantId}/seller': DEMO_SELLER,
  };
  const key = `${route.method} ${route.path}`;
  // Routes that name nothing of another tenant cannot be aimed at one (listing products, creating own customers).
  const aims =
    names.some(
      (n) => n === 'customerId' || n === 'orderId' || n === 'partnerId' || n === 'tenantId' || n === 'companyId' || n === 'quoteId',
    ) ||
    key === 'POST /orders' ||
    key === 'POST /quotes' ||
    key === 'POST /products/{productId}/configure' ||
    key === 'POST /products/{productId}/complete' ||
    route.path.startsWith('/admin');
  if (!aims) return undefined;
  return {
    path,
    init: {
      method: route.method,
      ...(key in bodies ? { body: bodies[key] } : route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
      headers: key === 'POST /orders' || key.startsWith('POST /quotes/') ? { 'idempotency-key': randomUUID() } : {},
    },
  };
}

describe('BOLA matrix', () => {
  it('gives no caller anything of another tenant or another customer, on any route', async () => {
    // Prepare
    const outcomes: { actor: string; route: string; target: string; status: number }[] = [];
    const routes = ROUTES.filter((r) => r.auth !== 'none' && !r.localOnly);
    // Act
    for (const actor of actors) {
      for (const target of owned.filter((t) => !actor.owns(t))) {
        for (const route of routes) {
          const request = attempt(route, target);
          if (!request) continue;
          const response = await stack.call(request.path, { ...request.init, as: actor.as });
          outcomes.push({
            actor: actor.name,
            route: `${route.method} ${route.path}`,
            target: `${target.tenant}/${target.customerId}`,
            status: response.status,
          });
        }
      }
    }
    // Indirect path: a list cursor from another customer's listing, used on one's own.
    for (const actor of actors) {
      const mine = owned.find((t) => actor.owns(t) && t.cursor);
      const foreign = owned.find((t) => !actor.owns(t) && t.cursor);
      if (!mine || !foreign) continue;
      const response = await stack.call(`/customers/${mine.customerId}/orders?cursor=${encodeURIComponent(foreign.cursor)}`, {
        as: actor.as,
      });
      outcomes.push({
        actor: actor.name,
        route: 'GET /customers/{customerId}/orders (foreign cursor)',
        target: 'cursor',
        status: response.status,
      });
    }
    // Assess
    const foreignSuccesses = outcomes.filter((o) => o.status < 400);
    console.log(`BOLA matrix: ${outcomes.length} foreign attempts, ${foreignSuccesses.length} foreign successes`);
    expect(outcomes.length).toBeGreaterThan(300);
    expect(foreignSuccesses.map((o) => `${o.actor} ${o.route} ${o.target} ${o.status}`)).toEqual([]);
    for (const outcome of outcomes) {
      const expected = outcome.route.includes('foreign cursor') ? 400 : outcome.route.includes(' /admin/') ? 403 : 404;
      expect({ ...outcome, status: outcome.status }).toEqual({ ...outcome, status: expected });
    }
  });

  it('lets the owner and the admin reach the same objects (the matrix is not vacuous)', async () => {
    // Act + Assess
    for (const target of owned) {
      for (const as of [target.as, 'admin' as const]) {
        expect((await stack.call(`/customers/${target.customerId}`, { as })).status).toBe(200);
        expect((await stack.call(`/orders/${target.orderId}`, { as })).status).toBe(200);
        expect((await stack.call(`/customers/${target.customerId}/repeat-orders/laptop-x1`, { as })).status).toBe(200);
        expect((await stack.call(`/quotes/${target.quoteId}`, { as })).status).toBe(200);
        expect((await stack.call(`/companies/${target.companyId}`, { as })).status).toBe(200);
        expect((await stack.call(`/companies/${target.companyId}/quotes`, { as })).status).toBe(200);
        expect((await stack.call(`/customers/${target.customerId}/quotes`, { as })).status).toBe(200);
      }
      // A tenant's settings and report: the admin's alone.
      expect((await stack.call(`/admin/tenants/${target.tenant}/tiers`)).status).toBe(200);
      expect((await stack.call(`/admin/tenants/${target.tenant}/recommendations`)).status).toBe(200);
      expect((await stack.call(`/admin/tenants/${target.tenant}/seller`)).status).toBe(200);
      expect((await stack.call(`/admin/reports/tier-changes?tenantId=${target.tenant}`)).status).toBe(200);
      // A partner's webhook: the admin's alone too.
      if (target.tenant !== 'house') {
        const body = { url: 'http://127.0.0.1:9/own', events: ['order.created'] };
        expect((await stack.call(`/admin/partners/${target.tenant}/webhook`, { method: 'PUT', body })).status).toBe(200);
        expect((await stack.call(`/admin/partners/${target.tenant}/webhook`)).status).toBe(200);
      }
    }
  });
});
