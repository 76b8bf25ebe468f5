/**
 * The `dynamodb:LeadingKeys` families of infra/stacks/table-access.ts against what the
 * functions really do, on a real DynamoDB Local: every deployed route is driven by the callers
 * that use it (admin, partner, customer), the nightly tier job and the Cognito trigger run
 * once, and a middleware on the functions' own DynamoDB client records the partition key of
 * every item each function names (table or index). Figures: keys outside the function's
 * families = 0 (AWS would answer AccessDenied there), families granted but never used = 0.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PreTokenGenerationTriggerEvent, ScheduledEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#http/routes';
import { familyPattern, leadingKeyPatterns, matchesStringLike, TABLE_GRANTS, type TableUser } from '../../infra/stacks/table-access.ts';
import { outsideFamilies, recordTableAccess, runAsTableUser, type TableAccessRecord } from '../../infra/local/table-access-recorder.ts';
import { startTestStack, type CallInit, type TestStack } from '../support/local-stack.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';
import { DEMO_TIER_SETTINGS } from '../support/tier-settings.ts';
import { DEMO_SELLER } from '../support/seller.ts';

let stack: TestStack;
let records: TableAccessRecord[] = [];
/** `"<METHOD> <path template>"` of every route driven, with each answer's status. */
const driven = new Map<string, number[]>();

async function drive(route: string, path: string, init: CallInit = {}) {
  const response = await stack.call(path, { ...init, method: route.split(' ')[0]! });
  driven.set(route, [...(driven.get(route) ?? []), response.status]);
  return response;
}

beforeAll(async () => {
  stack = await startTestStack();
  // The module the local server loads the handlers with, so the same client instance.
  const runtime = await import('../../functions/runtime.ts');
  const recorder = recordTableAccess(runtime.documentClient);
  // The stream consumer has its own client (its own function in AWS).
  const learning = await import('../../functions/order-learning.ts');
  const learningRecorder = recordTableAccess(learning.documentClient);
  // So have the webhook dispatcher and delivery function.
  const dispatchRecorder = recordTableAccess((await import('../../functions/webhook-dispatch.ts')).documentClient);
  const deliveryRecorder = recordTableAccess((await import('../../functions/webhook-delivery.ts')).documentClient);

  // Public routes.
  await drive('GET /health', '/health', { as: 'anonymous' });
  await drive('GET /openapi.json', '/openapi.json', { as: 'anonymous' });

  // Admin: publish a catalog version, create and manage a partner.
  const document = JSON.parse(readFileSync(new URL('../../infra/local/demo/laptop-x1.json', import.meta.url), 'utf8')) as { name: string };
  await drive('PUT /admin/products/{productId}', '/admin/products/laptop-x1', {
    method: 'PUT',
    body: { ...document, name: `${document.name} (families)` },
  });
  const partner = (
    await drive('POST /admin/partners', '/admin/partners', {
      body: { name: 'Families', priceList: { entries: [{ target: '*', percent: -5 }] } },
    })
  ).json;
  const asPartner: CallInit['as'] = { apiKey: partner.apiKey };
  await drive('GET /admin/partners/{partnerId}', `/admin/partners/${partner.partnerId}`);
  await drive('PATCH /admin/partners/{partnerId}', `/admin/partners/${partner.partnerId}`, {
    body: { usagePlan: { ratePerSecond: 100, burst: 200, dailyQuota: 10_000 } },
  });
  const second = (await drive('POST /admin/partners/{partnerId}/keys', `/admin/partners/${partner.partnerId}/keys`, { body: {} })).json;
  await drive('DELETE /admin/partners/{partnerId}/keys/{keyId}', `/admin/partners/${partner.partnerId}/keys/${second.keyId}`);
  // Admin: the partner's tier settings and recommendation floor.
  await drive('PUT /admin/tenants/{tenantId}/tiers', `/admin/tenants/${partner.partnerId}/tiers`, { body: DEMO_TIER_SETTINGS });
  await drive('GET /admin/tenants/{tenantId}/tiers', `/admin/tenants/${partner.partnerId}/tiers`);
  await drive('PUT /admin/tenants/{tenantId}/recommendations', `/admin/tenants/${partner.partnerId}/recommendations`, {
    body: { minCustomers: 3 },
  });
  await drive('GET /admin/tenants/{tenantId}/recommendations', `/admin/tenants/${partner.partnerId}/recommendations`);
  // Admin: the partner's webhook (nothing listens on port 9: deliveries fail and are retried).
  await drive('PUT /admin/partners/{partnerId}/webhook', `/admin/partners/${partner.partnerId}/webhook`, {
    body: { url: 'http://127.0.0.1:9/hooks', events: ['order.created', 'order.status_changed'] },
  });
  await drive('GET /admin/partners/{partnerId}/webhook', `/admin/partners/${partner.partnerId}/webhook`);
  await drive('PUT /admin/tenants/{tenantId}/seller', `/admin/tenants/${partner.partnerId}/seller`, { body: DEMO_SELLER });
  await drive('GET /admin/tenants/{tenantId}/seller', `/admin/tenants/${partner.partnerId}/seller`);

  // Partner: customers, configure with its prices, orders.
  await drive('GET /products', '/products', { as: asPartner });
  await drive('GET /products/{productId}', '/products/laptop-x1', { as: asPartner });
  const customerId = (
    await drive('POST /customers', '/customers', {
      body: { name: 'Ada', email: 'ada@example.com' },
      as: asPartner,
      headers: { 'idempotency-key': randomUUID() },
    })
  ).json.customerId as string;
  const duplicateId = (await drive('POST /customers', '/customers', { body: { name: 'Ada L.' }, as: asPartner })).json.customerId as string;
  // In front of the customer, first (before configure caches the tenant's settings): the customers
  // function reads the question cadence of the customer's tier.
  await drive('GET /customers/{customerId}', `/customers/${customerId}`, { as: asPartner, headers: { 'x-customer-present': 'true' } });
  await drive('POST /products/{productId}/configure', '/products/laptop-x1/configure', {
    body: { picks: ['cpu.i7'], customerId },
    as: asPartner,
  });
  await drive('POST /products/{productId}/complete', '/products/laptop-x1/complete', {
    body: { picks: ['cpu.i7'], goal: 'popular', customerId },
    as: asPartner,
  });
  await drive('PATCH /customers/{customerId}/preferences', `/customers/${customerId}/preferences`, {
    body: { packaging: 'standard', needs: { 'laptop-x1': { use: 'office' } } },
    as: asPartner,
  });
  await drive('PUT /customers/{customerId}/configurations/{productId}', `/customers/${customerId}/configurations/laptop-x1`, {
    method: 'PUT',
    body: { picks: ['cpu.i7'] },
    as: asPartner,
    headers: { 'if-match': '"0"' },
  });
  await drive('GET /customers/{customerId}/configurations/{productId}', `/customers/${customerId}/configurations/laptop-x1`, {
    as: asPartner,
  });
  const order = (
    await drive('POST /orders', '/orders', {
      body: { customerId, productId: 'laptop-x1', picks: [...FULL_LAPTOP_PICKS] },
      as: asPartner,
      headers: { 'idempotency-key': randomUUID() },
    })
  ).json;
  await drive('GET /customers/{customerId}/repeat-orders/{productId}', `/customers/${customerId}/repeat-orders/laptop-x1`, {
    as: asPartner,
  });
  await drive('GET /customers/{customerId}/orders', `/customers/${customerId}/orders`, { as: asPartner });
  await drive('GET /orders/{orderId}', `/orders/${order.orderId}`, { as: asPartner });
  await drive('POST /orders/{orderId}/status', `/orders/${order.orderId}/status`, { body: { status: 'cancelled' }, as: asPartner });

  // Business buying: a company of the partner with the customer as its approver, a standard
  // configuration, a quote accepted into an order; the admin reads them by id alone.
  const company = (await drive('POST /companies', '/companies', { body: { name: 'Families Ltd' }, as: asPartner })).json;
  await drive('POST /companies/{companyId}/contacts', `/companies/${company.companyId}/contacts`, {
    body: { customerId, role: 'approver' },
    as: asPartner,
  });
  await drive('PUT /companies/{companyId}/standards/{name}', `/companies/${company.companyId}/standards/developer`, {
    body: { productId: 'laptop-x1', picks: [...FULL_LAPTOP_PICKS] },
    as: asPartner,
  });
  await drive('GET /companies/{companyId}/standards/{name}', `/companies/${company.companyId}/standards/developer`, { as: asPartner });
  const quote = (
    await drive('POST /quotes', '/quotes', {
      body: { customerId, lines: [{ productId: 'laptop-x1', picks: [...FULL_LAPTOP_PICKS], quantity: 3 }], shipTo: { country: 'DE' } },
      as: asPartner,
    })
  ).json;
  const [pendingQuote, rejectedQuote] = await Promise.all(
    ['FR', 'AT'].map(
      async (country) =>
        (
          await stack.call('/quotes', {
            method: 'POST',
            body: { customerId, lines: [{ productId: 'laptop-x1', picks: [...FULL_LAPTOP_PICKS], quantity: 1 }], shipTo: { country } },
            as: asPartner,
          })
        ).json,
    ),
  );
  await drive('GET /quotes/{quoteId}', `/quotes/${quote.quoteId}`, { as: asPartner });
  await drive('GET /companies/{companyId}', `/companies/${company.companyId}`, { as: asPartner });
  await drive('GET /companies/{companyId}/quotes', `/companies/${company.companyId}/quotes`);
  await drive('GET /customers/{customerId}/quotes', `/customers/${customerId}/quotes`);
  const decision = (quoteId: string, what: string, by = customerId) =>
    drive(`POST /quotes/{quoteId}/${what}`, `/quotes/${quoteId}/${what}`, {
      body: { customerId: by },
      as: asPartner,
      headers: { 'idempotency-key': randomUUID() },
    });
  await decision(quote.quoteId, 'accept');
  // A buyer with a limit of 0: their accepts wait for the approver, who approves one and rejects the other.
  const limited = (await stack.call('/customers', { method: 'POST', body: { name: 'Limited' }, as: asPartner })).json.customerId as string;
  await stack.call(`/companies/${company.companyId}/contacts`, {
    method: 'POST',
    body: { customerId: limited, role: 'buyer', spendingLimit: 0 },
    as: asPartner,
  });
  await decision(pendingQuote.quoteId, 'accept', limited);
  await decision(pendingQuote.quoteId, 'approve');
  await decision(rejectedQuote.quoteId, 'accept', limited);
  await decision(rejectedQuote.quoteId, 'reject');
  // The house ships a second order (only the house moves orders into production and shipping): its invoice number.
  const shippedOrder = (
    await stack.call('/orders', {
      method: 'POST',
      body: { customerId, productId: 'laptop-x1', picks: [...FULL_LAPTOP_PICKS] },
      as: asPartner,
      headers: { 'idempotency-key': randomUUID() },
    })
  ).json;
  await drive('POST /orders/{orderId}/status', `/orders/${shippedOrder.orderId}/status`, { body: { status: 'in-production' } });
  await drive('POST /orders/{orderId}/status', `/orders/${shippedOrder.orderId}/status`, { body: { status: 'shipped' } });

  // A web customer, and an admin acting on customers and orders (tenant looked up by id).
  const login = (await stack.call('/dev/login', { method: 'POST', body: { email: 'grace@example.com' }, as: 'anonymous' })).json;
  await drive('POST /products/{productId}/configure', '/products/laptop-x1/configure', {
    body: { picks: ['cpu.i7'] },
    as: { bearer: login.token },
  });
  await drive('GET /customers/{customerId}', `/customers/${customerId}`);
  await drive('GET /orders/{orderId}', `/orders/${order.orderId}`);
  await drive('GET /customers/{customerId}/repeat-orders/{productId}', `/customers/${customerId}/repeat-orders/laptop-x1`);
  await drive('POST /products/{productId}/configure', '/products/laptop-x1/configure', { body: { picks: ['cpu.i7'], customerId } });
  await drive('POST /admin/customers/{customerId}/merge', `/admin/customers/${customerId}/merge`, { body: { duplicateId } });
  // A web (house) order: the house pools its statistics, so learning it writes the pool too.
  const webOrder = await stack.call('/orders', {
    method: 'POST',
    body: { customerId: login.customerId, productId: 'laptop-x1', picks: [...FULL_LAPTOP_PICKS] },
    as: { bearer: login.token },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(webOrder.status).toBe(201);
  await stack.orderStream!.settled();
  // The partner's order reached the webhook dispatcher, and its first delivery attempt read the webhook.
  await stack.webhooks!.stream.settled();
  for (let i = 0; i < 100 && !deliveryRecorder.records().length; i++) await new Promise((r) => setTimeout(r, 50));
  await drive('DELETE /admin/partners/{partnerId}/webhook', `/admin/partners/${partner.partnerId}/webhook`);
  // Erasing a customer with an e-mail address also deletes the sign-in pointer.
  await drive('DELETE /customers/{customerId}', `/customers/${login.customerId}`);

  // The functions without routes, run as they are deployed.
  const tiers = await import('../../functions/tiers.ts');
  await runAsTableUser('tiers', () => tiers.handler({ time: new Date().toISOString() } as ScheduledEvent));
  await drive('GET /admin/reports/tier-changes', `/admin/reports/tier-changes?tenantId=${partner.partnerId}`);
  const tokenClaims = await import('../../functions/token-claims.ts');
  await runAsTableUser('tokenClaims', () =>
    tokenClaims.handler({
      request: { userAttributes: { email: 'new-web@example.com', email_verified: 'true' } },
      response: {},
    } as unknown as PreTokenGenerationTriggerEvent),
  );

  records = [...recorder.records(), ...learningRecorder.records(), ...dispatchRecorder.records(), ...deliveryRecorder.records()];
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/**
 * Families the local run cannot show a function using: all functions share one process here,
 * so one function's cache (compiled catalogs, 5 s per current version and for good per
 * version; partners' price lists and tenants' settings, 30 s; the catalogs' service choices,
 * 30 s) spares the next one its read. In AWS every function has its own containers and caches,
 * and reads these itself (orders price and date every order from the compiled catalog with the
 * partner's price list and the tier's perks; customers check preferences against the catalogs'
 * service choices).
 */
const HIDDEN_BY_SHARED_CACHES: Partial<Record<TableUser, readonly string[]>> = {
  customers: ['productCurrent', 'productVersionPart', 'productListing'],
  orders: ['productCurrent', 'productVersionPart', 'partner', 'tenantSettings'],
  companies: ['productCurrent', 'productVersionPart'],
  quotes: ['productCurrent', 'productVersionPart', 'partner', 'tenantSettings'],
};

describe('dynamodb:LeadingKeys families', () => {
  it('were exercised by every deployed route, each answering with success', () => {
    // Prepare
    const deployed = ROUTES.filter((r) => !r.localOnly).map((r) => `${r.method} ${r.path}`);
    // Act
    const failed = [...driven].filter(([, statuses]) => statuses.some((s) => s >= 300));
    // Assess
    expect([...driven.keys()].sort()).toEqual(deployed.sort());
    expect(failed).toEqual([]);
  });

  it('cover every partition key each function touched (what IAM would allow in AWS)', () => {
    // Prepare
    const byUser = new Set(records.map((r) => r.user));
    // Act
    const refused = outsideFamilies(records).map(
      (r) => `${r.user ?? 'no function'} ${r.command} ${r.indexName ?? 'table'} ${r.partitionKey ?? '(no key: scan)'}`,
    );
    // Assess
    expect(records.length).toBeGreaterThan(50);
    expect([...byUser].sort()).toEqual((Object.keys(TABLE_GRANTS) as TableUser[]).sort());
    expect([...new Set(refused)]).toEqual([]);
  });

  it('grant no family a function never used (least privilege)', () => {
    // Prepare
    const unused: string[] = [];
    // Act
    for (const [user, grant] of Object.entries(TABLE_GRANTS) as [TableUser, (typeof TABLE_GRANTS)[TableUser]][]) {
      for (const family of grant.families) {
        if (HIDDEN_BY_SHARED_CACHES[user]?.includes(family)) continue;
        const { indexName, pattern } = familyPattern(family);
        const used = records.some(
          (r) => r.user === user && r.indexName === indexName && r.partitionKey !== undefined && matchesStringLike(pattern, r.partitionKey),
        );
        if (!used) unused.push(`${user}: ${family} (${indexName ?? 'table'} ${pattern})`);
      }
    }
    // Assess
    expect(unused).toEqual([]);
  });

  it('refuses what a function does not need: the recorder is not vacuous', () => {
    // Prepare: the catalog function naming an order pointer, the authorizer a customer.
    const planted: TableAccessRecord[] = [
      { user: 'catalog', command: 'GetCommand', indexName: undefined, partitionKey: 'ORDER#o_1' },
      { user: 'authorizer', command: 'GetCommand', indexName: undefined, partitionKey: 'TENANT#house#CUSTOMER#c_1' },
      { user: 'tiers', command: 'ScanCommand', indexName: undefined, partitionKey: undefined },
      { user: 'catalog', command: 'QueryCommand', indexName: 'GSI1', partitionKey: 'PRODUCTS' },
    ];
    // Act
    const refused = outsideFamilies(planted);
    // Assess
    expect(refused).toEqual(planted.slice(0, 3));
    expect(leadingKeyPatterns(TABLE_GRANTS.catalog).indexes.get('GSI1')).toEqual(['PRODUCTS']);
  });
});
