/**
 * `GET /openapi.json` on the local stack (no credentials), and real answers of the API parsed
 * with the response schemas of `shared/http/contract.ts`, which the document is generated
 * from. The schemas are strict, so an undocumented field fails here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  ApiKeyIssuedSchema,
  CompleteAnswerSchema,
  CompanyCreatedSchema,
  CompanyViewSchema,
  ConfigureAnswerSchema,
  ContactSchema,
  CustomerCreatedSchema,
  CustomerViewSchema,
  HealthSchema,
  OrderListSchema,
  OrderSchema,
  PartnerCreatedSchema,
  PartnerViewSchema,
  WebhookRegisteredSchema,
  WebhookViewSchema,
  ProblemSchema,
  ProductListSchema,
  ProductSchema,
  PublishOutcomeSchema,
  QuoteListSchema,
  QuoteSchema,
  RememberedConfigurationSchema,
  RepeatOrderSchema,
  StandardSchema,
  StandardViewSchema,
} from '#http/contract';
import { buildOpenApiDocument } from '#http/openapi';
import { startTestStack, type CallResult, type TestStack } from '../support/local-stack.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const FULL = [...FULL_LAPTOP_PICKS];

/** The status, then the body parsed with the documented schema (every issue in the message). */
function expectDocumented(response: CallResult, status: number, schema: z.ZodType): void {
  expect(response.status, response.text).toBe(status);
  const parsed = schema.safeParse(response.json);
  expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
}

describe('GET /openapi.json', () => {
  it('answers the generated OpenAPI 3.1 document without credentials', async () => {
    // Act
    const response = await stack.call('/openapi.json', { as: 'anonymous' });
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.json.openapi).toBe('3.1.0');
    expect(response.json).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument({ serverUrl: stack.url }))));
  });

  it('names the server that served it in `servers`, so a client generated from it calls this API', async () => {
    // Act
    const response = await stack.call('/openapi.json', { as: 'anonymous' });
    // Assess
    expect(response.json.servers).toEqual([{ url: stack.url, description: expect.any(String) }]);
    expect(response.headers.get('vary')).toBe('Host, X-Forwarded-Proto');
  });

  it('ignores credentials, even bad ones, like GET /health', async () => {
    // Act
    const response = await stack.call('/openapi.json', { as: { apiKey: 'pk_not_a_real_key_0000' } });
    // Assess
    expect(response.status).toBe(200);
    expect(response.json.paths['/orders'].post.operationId).toBe('placeOrder');
  });
});

describe('real answers match the documented response schemas', () => {
  it('health, product list, product, publish outcome', async () => {
    // Act
    const health = await stack.call('/health', { as: 'anonymous' });
    const list = await stack.call('/products', { as: 'partner' });
    const product = await stack.call('/products/laptop-x1?version=1', { as: 'partner' });
    const republished = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: product.json.document });
    // Assess
    expectDocumented(health, 200, HealthSchema);
    expectDocumented(list, 200, ProductListSchema);
    expectDocumented(product, 200, ProductSchema);
    expectDocumented(republished, 200, PublishOutcomeSchema);
    expect(republished.json.created).toBe(false);
  });

  it('configure answers: guidance, a conflict with its repair, a complete one for a customer', async () => {
    // Prepare
    const customer = await stack.call('/customers', {
      method: 'POST',
      body: { name: 'Grace Hopper', preferences: { packaging: 'standard' } },
      as: 'partner',
    });
    // Act
    const open = await stack.call('/products/laptop-x1/configure', { method: 'POST', body: { picks: ['cpu.i7'] }, as: 'partner' });
    const conflicting = await stack.call('/products/laptop-x1/configure', {
      method: 'POST',
      body: { picks: ['packaging.crate', 'delivery.express', 'cpu.i7'] },
      as: 'partner',
    });
    const complete = await stack.call('/products/laptop-x1/configure', {
      method: 'POST',
      body: { picks: FULL.filter((p) => !p.startsWith('packaging.')), customerId: customer.json.customerId },
      as: 'partner',
    });
    // Assess
    expectDocumented(customer, 201, CustomerCreatedSchema);
    expectDocumented(open, 200, ConfigureAnswerSchema);
    expect(open.json.groups.some((g: { choices: { reasons?: unknown }[] }) => g.choices.some((c) => c.reasons))).toBe(true);
    expectDocumented(conflicting, 200, ConfigureAnswerSchema);
    expect(conflicting.json.repair).not.toBeNull();
    expectDocumented(complete, 200, ConfigureAnswerSchema);
    expect(complete.json).toMatchObject({
      complete: true,
      customerId: customer.json.customerId,
      prefilled: [{ pick: 'packaging.standard', source: 'preference' }],
    });
  });

  it('complete answers, and the problem when no configuration fits', async () => {
    // Act
    const completed = await stack.call('/products/laptop-x1/complete', {
      method: 'POST',
      body: { picks: ['cpu.i7'], goal: 'needs', needs: { use: 'video' } },
      as: 'partner',
    });
    const nothingFits = await stack.call('/products/laptop-x1/complete', {
      method: 'POST',
      body: { picks: ['cpu.i7'], goal: 'cheapest', budget: 1000 },
      as: 'partner',
    });
    // Assess
    expectDocumented(completed, 200, CompleteAnswerSchema);
    expectDocumented(nothingFits, 422, ProblemSchema);
    expect(nothingFits.json).toMatchObject({ type: '/problems/no-configuration', budget: 1000 });
  });

  it('customer, remembered configuration, order, order list, repeat order, status change', async () => {
    // Prepare
    const created = await stack.call('/customers', {
      method: 'POST',
      body: { name: 'Ada Lovelace', email: `ada-${randomUUID()}@example.com` },
      as: 'partner',
    });
    const customerId = created.json.customerId as string;
    // Act
    const view = await stack.call(`/customers/${customerId}`, { as: 'partner' });
    const preferences = await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      body: { delivery: 'standard' },
      as: 'partner',
    });
    const saved = await stack.call(`/customers/${customerId}/configurations/laptop-x1`, {
      method: 'PUT',
      body: { picks: ['cpu.i7'] },
      as: 'partner',
    });
    const remembered = await stack.call(`/customers/${customerId}/configurations/laptop-x1`, { as: 'partner' });
    const placed = await stack.call('/orders', {
      method: 'POST',
      body: { customerId, productId: 'laptop-x1', picks: FULL },
      headers: { 'idempotency-key': randomUUID(), 'x-customer-present': 'true' },
      as: 'partner',
    });
    const order = await stack.call(`/orders/${placed.json.orderId}`, { as: 'partner' });
    const orders = await stack.call(`/customers/${customerId}/orders`, { as: 'partner' });
    const repeat = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: 'partner' });
    const moved = await stack.call(`/orders/${placed.json.orderId}/status`, { method: 'POST', body: { status: 'in-production' } });
    const after = await stack.call(`/customers/${customerId}`, { as: 'partner' });
    // Assess
    expectDocumented(view, 200, CustomerViewSchema);
    expectDocumented(preferences, 200, CustomerViewSchema);
    expectDocumented(saved, 201, RememberedConfigurationSchema);
    expectDocumented(remembered, 200, RememberedConfigurationSchema);
    expectDocumented(placed, 201, OrderSchema);
    expectDocumented(order, 200, OrderSchema);
    expectDocumented(orders, 200, OrderListSchema);
    expect(orders.json.items).toHaveLength(1);
    expectDocumented(repeat, 200, RepeatOrderSchema);
    expectDocumented(moved, 200, OrderSchema);
    expectDocumented(after, 200, CustomerViewSchema);
    expect(after.json.lastTouchpoint).not.toBeNull();
  });

  it('problems: malformed, validation failed, not found, unauthenticated', async () => {
    // Act
    const malformed = await stack.call('/products/laptop-x1/configure', { method: 'POST', body: { picks: [], colour: 'red' } });
    const invalid = await stack.call('/products/laptop-x1/configure', { method: 'POST', body: { picks: ['cpu.nope'] } });
    const missing = await stack.call('/products/nope');
    const anonymous = await stack.call('/products', { as: 'anonymous' });
    // Assess
    expectDocumented(malformed, 400, ProblemSchema);
    expect(malformed.json.errors[0]).toMatchObject({ pointer: '/colour', code: 'unrecognized_key' });
    expectDocumented(invalid, 422, ProblemSchema);
    expectDocumented(missing, 404, ProblemSchema);
    expectDocumented(anonymous, 401, ProblemSchema);
  });

  it('partners: created, viewed, a new key', async () => {
    // Act
    const created = await stack.call('/admin/partners', {
      method: 'POST',
      body: { name: 'Reseller', priceList: { entries: [{ target: '*', percent: -5 }] } },
    });
    const view = await stack.call(`/admin/partners/${created.json.partnerId}`);
    const key = await stack.call(`/admin/partners/${created.json.partnerId}/keys`, { method: 'POST', body: { validForDays: 30 } });
    const hook = `/admin/partners/${created.json.partnerId}/webhook`;
    const registered = await stack.call(hook, { method: 'PUT', body: { url: 'http://127.0.0.1:9/hooks', events: ['order.created'] } });
    const webhook = await stack.call(hook);
    const badWebhook = await stack.call(hook, { method: 'PUT', body: { url: 'https://10.0.0.1/x', events: ['order.created'] } });
    const removed = await stack.call(hook, { method: 'DELETE' });
    // Assess
    expectDocumented(created, 201, PartnerCreatedSchema);
    expectDocumented(view, 200, PartnerViewSchema);
    expectDocumented(key, 201, ApiKeyIssuedSchema);
    expectDocumented(registered, 200, WebhookRegisteredSchema);
    expectDocumented(webhook, 200, WebhookViewSchema);
    expectDocumented(badWebhook, 422, ProblemSchema);
    expect(removed.status).toBe(204);
  });

  it('companies, standards, quotes, decisions and the price-changed problem', async () => {
    // Prepare
    const customer = (await stack.call('/customers', { method: 'POST', body: { name: 'Buyer' }, as: 'partner' })).json.customerId;
    const approver = (await stack.call('/customers', { method: 'POST', body: { name: 'Approver' }, as: 'partner' })).json.customerId;
    const decide = (quoteId: string, what: string, customerId: string) =>
      stack.call(`/quotes/${quoteId}/${what}`, {
        method: 'POST',
        body: { customerId },
        as: 'partner',
        headers: { 'idempotency-key': randomUUID() },
      });
    const lines = [{ productId: 'laptop-x1', picks: FULL, quantity: 2 }];
    // Act
    const company = await stack.call('/companies', { method: 'POST', body: { name: 'Documented Ltd' }, as: 'partner' });
    const path = `/companies/${company.json.companyId}`;
    const contact = await stack.call(`${path}/contacts`, {
      method: 'POST',
      body: { customerId: customer, role: 'buyer', spendingLimit: 1 },
      as: 'partner',
    });
    await stack.call(`${path}/contacts`, { method: 'POST', body: { customerId: approver, role: 'approver' }, as: 'partner' });
    const standard = await stack.call(`${path}/standards/developer`, {
      method: 'PUT',
      body: { productId: 'laptop-x1', picks: FULL },
      as: 'partner',
    });
    const standardView = await stack.call(`${path}/standards/developer`, { as: 'partner' });
    const quote = await stack.call('/quotes', {
      method: 'POST',
      body: { customerId: customer, lines, shipTo: { country: 'NL' } },
      as: 'partner',
    });
    const second = await stack.call('/quotes', {
      method: 'POST',
      body: { customerId: customer, lines, shipTo: { country: 'BE' } },
      as: 'partner',
    });
    const view = await stack.call(path, { as: 'partner' });
    const pending = await decide(quote.json.quoteId, 'accept', customer);
    const approved = await decide(quote.json.quoteId, 'approve', approver);
    await decide(second.json.quoteId, 'accept', customer);
    const rejected = await decide(second.json.quoteId, 'reject', approver);
    const list = await stack.call(`/customers/${customer}/quotes`, { as: 'partner' });
    const companyList = await stack.call(`${path}/quotes`, { as: 'partner' });
    const read = await stack.call(`/quotes/${quote.json.quoteId}`, { as: 'partner' });
    const changed = await stack.call('/orders', {
      method: 'POST',
      body: { customerId: customer, productId: 'laptop-x1', picks: FULL, expectedTotal: 0 },
      as: 'partner',
      headers: { 'idempotency-key': randomUUID() },
    });
    // Assess
    expectDocumented(company, 201, CompanyCreatedSchema);
    expectDocumented(contact, 201, ContactSchema);
    expectDocumented(standard, 200, StandardSchema);
    expectDocumented(standardView, 200, StandardViewSchema);
    expectDocumented(quote, 201, QuoteSchema);
    expectDocumented(view, 200, CompanyViewSchema);
    expectDocumented(pending, 202, QuoteSchema);
    expectDocumented(approved, 201, OrderSchema);
    expectDocumented(rejected, 200, QuoteSchema);
    expectDocumented(list, 200, QuoteListSchema);
    expectDocumented(companyList, 200, QuoteListSchema);
    expectDocumented(read, 200, QuoteSchema);
    expectDocumented(changed, 409, ProblemSchema);
    expect(changed.json.type).toBe('/problems/price-changed');
  });
});
