/**
 * Business buying on real DynamoDB Local: companies with contacts and standard configurations,
 * quotes whose prices hold across a republish until they expire, accepting within a spending
 * limit, approval above it, exactly one order per decision under 20 parallel calls, and bad
 * input named with nothing written. The clock of the quote use cases is injected for expiry.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { startTestStack, type CallInit, type TestStack } from '../support/local-stack.ts';
import { tableSnapshot } from '../support/table-snapshot.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';

let stack: TestStack;
let runtime: typeof import('#functions/runtime');
const FULL = [...FULL_LAPTOP_PICKS];
const SHIP_TO = { country: 'DE', name: 'Analytical Engines GmbH', city: 'Berlin' };
let document: Record<string, unknown>;

beforeAll(async () => {
  stack = await startTestStack();
  runtime = await import('#functions/runtime');
  document = readDemoCatalog() as Record<string, unknown>;
  for (const id of ['laptop-y2', 'laptop-z3']) {
    const published = await stack.call(`/admin/products/${id}`, { method: 'PUT', body: { ...document, id, name: `Laptop ${id}` } });
    expect(published.status).toBeLessThan(300);
  }
});
afterAll(async () => {
  await stack?.close();
});

async function newCustomer(as: CallInit['as'] = 'partner'): Promise<{ customerId: string; tenantId: string; as: CallInit['as'] }> {
  const response = await stack.call('/customers', { method: 'POST', body: { name: 'Buyer' }, as });
  const { customerId, tenantId } = response.json as { customerId: string; tenantId: string };
  return { customerId, tenantId, as: { bearer: await stack.customerToken(customerId, tenantId) } };
}

/** A company of the demo partner with a buyer (limit), an approver and a second buyer without a limit. */
async function newCompany(buyerLimit = 100_000) {
  const company = await stack.call('/companies', { method: 'POST', body: { name: 'Analytical Engines' }, as: 'partner' });
  expect(company.status).toBe(201);
  const companyId = company.json.companyId as string;
  const buyer = await newCustomer();
  const approver = await newCustomer();
  const contacts = [
    { customerId: buyer.customerId, role: 'buyer', spendingLimit: buyerLimit },
    { customerId: approver.customerId, role: 'approver' },
  ];
  for (const body of contacts) {
    const added = await stack.call(`/companies/${companyId}/contacts`, { method: 'POST', body, as: 'partner' });
    expect(added.status).toBe(201);
  }
  return { companyId, buyer, approver };
}

const threeLines = (quantity = 1) => [
  { productId: 'laptop-x1', picks: FULL, quantity },
  { productId: 'laptop-y2', picks: FULL, quantity: 60 },
  { productId: 'laptop-z3', picks: FULL, quantity: 2 },
];

function ask(customerId: string, as: CallInit['as'], lines = threeLines(), extra: Record<string, unknown> = {}) {
  return stack.call('/quotes', { method: 'POST', body: { customerId, lines, shipTo: SHIP_TO, ...extra }, as });
}

function decide(quoteId: string, decision: string, customerId: string, as: CallInit['as'], key = randomUUID()) {
  return stack.call(`/quotes/${quoteId}/${decision}`, { method: 'POST', body: { customerId }, as, headers: { 'idempotency-key': key } });
}

describe('companies', () => {
  it('links contacts of the same tenant, one company per customer, and shows them to contacts only', async () => {
    // Prepare
    const { companyId, buyer } = await newCompany();
    const outsider = await newCustomer();
    const other = await stack.call('/companies', { method: 'POST', body: { name: 'Other' }, as: 'partner' });
    // Act
    const again = await stack.call(`/companies/${other.json.companyId}/contacts`, {
      method: 'POST',
      body: { customerId: buyer.customerId, role: 'buyer' },
      as: 'partner',
    });
    const byContact = await stack.call(`/companies/${companyId}`, { as: buyer.as });
    const byOutsider = await stack.call(`/companies/${companyId}`, { as: outsider.as });
    const customerCreates = await stack.call('/companies', { method: 'POST', body: { name: 'Mine' }, as: buyer.as });
    // Assess
    expect(again.status).toBe(409);
    expect(byContact.status).toBe(200);
    expect(byContact.json.contacts.map((c: { role: string }) => c.role).sort()).toEqual(['approver', 'buyer']);
    expect(byOutsider.status).toBe(404);
    expect(customerCreates.status).toBe(403);
  });

  it("keeps standard configurations, re-checked against today's catalog, and refuses invalid ones", async () => {
    // Prepare
    const { companyId, buyer } = await newCompany();
    // Act
    const saved = await stack.call(`/companies/${companyId}/standards/developer`, {
      method: 'PUT',
      body: { productId: 'laptop-x1', picks: FULL },
      as: 'partner',
    });
    const read = await stack.call(`/companies/${companyId}/standards/developer`, { as: buyer.as });
    const byBuyer = await stack.call(`/companies/${companyId}/standards/x`, {
      method: 'PUT',
      body: { productId: 'laptop-x1', picks: FULL },
      as: buyer.as,
    });
    const incomplete = await stack.call(`/companies/${companyId}/standards/half`, {
      method: 'PUT',
      body: { productId: 'laptop-x1', picks: ['cpu.i7'] },
      as: 'partner',
    });
    const view = await stack.call(`/companies/${companyId}`, { as: 'partner' });
    // Assess
    expect(saved.status).toBe(200);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ name: 'developer', productId: 'laptop-x1', status: 'ready' });
    expect(byBuyer.status).toBe(403);
    expect(incomplete.status).toBe(422);
    expect(view.json.standards.map((s: { name: string }) => s.name)).toEqual(['developer']);
  });
});

describe('quotes', () => {
  it('prices every line at the customer prices with breaks and VAT, and holds the prices across a republish', async () => {
    // Prepare
    const { buyer, companyId } = await newCompany();
    const unit = (
      await stack.call('/products/laptop-x1/configure', {
        method: 'POST',
        body: { picks: FULL, customerId: buyer.customerId },
        as: 'partner',
      })
    ).json.price.total as number;
    // Act
    const quote = await ask(buyer.customerId, buyer.as);
    const republished = await stack.call('/admin/products/laptop-x1', {
      method: 'PUT',
      body: { ...document, basePrice: (document.basePrice as number) + 10_000, volumeBreaks: [{ minQuantity: 2, percent: -50 }] },
    });
    const later = await stack.call(`/quotes/${quote.json.quoteId}`, { as: buyer.as });
    const company = await stack.call(`/companies/${companyId}/quotes`, { as: 'partner' });
    // Assess
    expect(quote.status).toBe(201);
    expect(quote.json).toMatchObject({ status: 'open', currency: 'EUR', companyId });
    const lines = quote.json.lines as { unitPrice: number; quantity: number; lineTotal: number; picks: string[] }[];
    expect(lines.map((l) => l.unitPrice)).toEqual([unit, unit, unit]);
    expect([...lines[0]!.picks].sort()).toEqual([...FULL].sort());
    const net = lines.reduce((sum, l) => sum + l.lineTotal, 0);
    expect(net).toBe(unit * 63);
    expect(quote.json.totals).toEqual({ net, tax: Math.round(net * 0.19), gross: net + Math.round(net * 0.19) });
    expect(republished.status).toBeLessThan(300);
    expect(later.json).toEqual(quote.json);
    expect(company.json.items.map((q: { quoteId: string }) => q.quoteId)).toContain(quote.json.quoteId);
  });

  it('names every failing line and bad field, and writes nothing', async () => {
    // Prepare
    const { customerId, as } = await newCustomer();
    const client = stack.documentClient();
    const before = await tableSnapshot(client, stack.tableName);
    // Act
    const badLines = await ask(customerId, as, [
      { productId: 'laptop-x1', picks: FULL, quantity: 1 },
      { productId: 'laptop-x1', picks: ['cpu.i7'], quantity: 1 },
      { productId: 'no-such-product', picks: FULL, quantity: 1 },
    ]);
    const tooMany = await ask(
      customerId,
      as,
      Array.from({ length: 501 }, () => ({ productId: 'laptop-x1', picks: FULL, quantity: 1 })),
    );
    const quantityZero = await ask(customerId, as, [{ productId: 'laptop-x1', picks: FULL, quantity: 0 }]);
    const quantityHuge = await ask(customerId, as, [{ productId: 'laptop-x1', picks: FULL, quantity: 10_001 }]);
    const country = await ask(customerId, as, threeLines(), { shipTo: { country: 'US' } });
    const days = await ask(customerId, as, threeLines(), { expiresInDays: 91 });
    const after = await tableSnapshot(client, stack.tableName);
    // Assess
    expect(badLines.status).toBe(422);
    const pointers = badLines.json.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toContain('/lines/1/picks');
    expect(pointers).toContain('/lines/2/productId');
    expect(pointers.some((p: string) => p.startsWith('/lines/0'))).toBe(false);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0].pointer).toBe('/lines');
    expect(quantityZero.json.errors[0].pointer).toBe('/lines/0/quantity');
    expect(quantityHuge.json.errors[0].pointer).toBe('/lines/0/quantity');
    expect(country.status).toBe(422);
    expect(country.json.errors[0].pointer).toBe('/shipTo/country');
    expect(days.json.errors[0].pointer).toBe('/expiresInDays');
    expect(after).toEqual(before);
    client.destroy();
  });
});

describe('accepting and approving', () => {
  it('orders exactly the quoted lines within the limit, and replays the same order for the same key', async () => {
    // Prepare
    const { buyer } = await newCompany(Number.MAX_SAFE_INTEGER);
    const quote = (await ask(buyer.customerId, buyer.as)).json;
    const key = randomUUID();
    // Act
    const accepted = await decide(quote.quoteId, 'accept', buyer.customerId, buyer.as, key);
    const replay = await decide(quote.quoteId, 'accept', buyer.customerId, buyer.as, key);
    const again = await decide(quote.quoteId, 'accept', buyer.customerId, buyer.as);
    const read = await stack.call(`/quotes/${quote.quoteId}`, { as: 'partner' });
    // Assess
    expect(accepted.status).toBe(201);
    expect(accepted.json).toMatchObject({
      lines: quote.lines,
      totals: quote.totals,
      shipTo: quote.shipTo,
      quoteId: quote.quoteId,
      status: 'placed',
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json).toEqual(accepted.json);
    expect(again.status).toBe(409);
    expect(read.json).toMatchObject({ status: 'ordered', orderId: accepted.json.orderId });
  });

  it('waits for an approver over the limit: a buyer approving is forbidden, the approver orders', async () => {
    // Prepare
    const { buyer, approver, companyId } = await newCompany(1);
    const quote = (await ask(buyer.customerId, buyer.as)).json;
    // Act
    const accepted = await decide(quote.quoteId, 'accept', buyer.customerId, buyer.as);
    const byBuyer = await decide(quote.quoteId, 'approve', buyer.customerId, buyer.as);
    const pending = await stack.call(`/companies/${companyId}`, { as: approver.as });
    const approved = await decide(quote.quoteId, 'approve', approver.customerId, approver.as);
    const orders = await stack.call(`/customers/${buyer.customerId}/orders`, { as: buyer.as });
    // Assess
    expect(accepted.status).toBe(202);
    expect(accepted.json.status).toBe('pending-approval');
    expect(byBuyer.status).toBe(403);
    expect(pending.json.openQuotes.map((q: { status: string }) => q.status)).toEqual(['pending-approval']);
    expect(approved.status).toBe(201);
    expect(approved.json).toMatchObject({ customerId: buyer.customerId, lines: quote.lines, totals: quote.totals });
    expect(orders.json.items.map((o: { orderId: string }) => o.orderId)).toEqual([approved.json.orderId]);
  });

  it('lets an approver reject, and answers 404 to another company and another tenant on every quote route', async () => {
    // Prepare
    const { buyer, approver } = await newCompany(1);
    const foreign = await newCompany();
    const partner = (await stack.call('/admin/partners', { body: { name: 'Elsewhere' }, method: 'POST' })).json;
    const quote = (await ask(buyer.customerId, buyer.as)).json;
    await decide(quote.quoteId, 'accept', buyer.customerId, buyer.as);
    // Act
    const foreignRead = await stack.call(`/quotes/${quote.quoteId}`, { as: foreign.buyer.as });
    const foreignApprove = await decide(quote.quoteId, 'approve', foreign.approver.customerId, foreign.approver.as);
    const otherTenant = await stack.call(`/quotes/${quote.quoteId}`, { as: { apiKey: partner.apiKey } });
    const rejected = await decide(quote.quoteId, 'reject', approver.customerId, approver.as);
    // Assess
    expect(foreignRead.status).toBe(404);
    expect(foreignApprove.status).toBe(404);
    expect(otherTenant.status).toBe(404);
    expect(rejected.status).toBe(200);
    expect(rejected.json.status).toBe('rejected');
  });

  it('places exactly one order for 20 parallel accepts with the same key', async () => {
    // Prepare
    const { customerId, as } = await newCustomer();
    const quote = (await ask(customerId, as)).json;
    const key = randomUUID();
    // Act
    const answers = await Promise.all(Array.from({ length: 20 }, () => decide(quote.quoteId, 'accept', customerId, as, key)));
    const orders = await stack.call(`/customers/${customerId}/orders`, { as });
    // Assess
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.json.orderId)).size).toBe(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409 || a.status === 503)).toBe(true);
    expect(orders.json.items).toHaveLength(1);
  });

  it('answers 409 quote-expired after expiresAt, and writes nothing', async () => {
    // Prepare
    const { customerId, as } = await newCustomer();
    const quote = (await ask(customerId, as, threeLines(), { expiresInDays: 1 })).json;
    const client = stack.documentClient();
    const before = await tableSnapshot(client, stack.tableName);
    const realNow = runtime.quoteDeps.now;
    runtime.quoteDeps.now = () => new Date(Date.parse(quote.expiresAt) + 1);
    // Act
    const accepted = await decide(quote.quoteId, 'accept', customerId, as).finally(() => {
      runtime.quoteDeps.now = realNow;
    });
    const after = await tableSnapshot(client, stack.tableName);
    // Assess
    expect(accepted.status).toBe(409);
    expect(accepted.json).toMatchObject({ type: '/problems/quote-expired', expiresAt: quote.expiresAt });
    expect(after).toEqual(before);
    client.destroy();
  });
});
