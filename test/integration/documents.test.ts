/**
 * Documents over HTTP on DynamoDB Local: a tenant's seller data through the admin API (bad
 * input named, nothing written; unknown tenant 404), and the admin told at publish time, in the
 * outcome's warnings, while a catalog sells invoices and the house has no seller data.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { DEMO_SELLER } from '../support/seller.ts';

let stack: TestStack;
const DEMO = JSON.parse(readFileSync(new URL('../../infra/local/demo/laptop-x1.json', import.meta.url), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
});
afterAll(async () => {
  await stack?.close();
});

describe('seller data', () => {
  it('warns at publish time while the house has no seller data, and no longer once it has', async () => {
    // Prepare
    const publish = (name: string) => stack.call('/admin/products/laptop-x1', { method: 'PUT', body: { ...DEMO, name } });

    // Act
    const before = await publish('X1 Laptop (no seller)');
    const set = await stack.call('/admin/tenants/house/seller', { method: 'PUT', body: DEMO_SELLER });
    const after = await publish('X1 Laptop (seller)');

    // Assess
    expect(before.json).toMatchObject({ created: true });
    expect(before.json.warnings).toEqual([expect.objectContaining({ code: 'seller-missing', severity: 'warning' })]);
    expect(set.status).toBe(200);
    expect(after.status).toBe(201);
    expect(after.json.warnings.map((w: { code: string }) => w.code)).not.toContain('seller-missing');
  });

  it('stores and answers the seller data of a tenant; null before it is set', async () => {
    // Prepare
    const partner = (await stack.call('/admin/partners', { method: 'POST', body: { name: 'Seller Partner' } })).json;
    const path = `/admin/tenants/${partner.partnerId}/seller`;

    // Act
    const empty = await stack.call(path);
    const put = await stack.call(path, { method: 'PUT', body: { ...DEMO_SELLER, name: 'Partner GmbH' } });
    const read = await stack.call(path);

    // Assess
    expect(empty.json).toEqual({ tenantId: partner.partnerId, seller: null, updatedAt: null });
    expect(put.status).toBe(200);
    expect(read.json.seller).toEqual({ ...DEMO_SELLER, name: 'Partner GmbH' });
    expect(read.json.updatedAt).toBe(put.json.updatedAt);
  });

  it('names the bad field and writes nothing; an unknown tenant is 404; a partner is 403', async () => {
    // Prepare
    const partner = (await stack.call('/admin/partners', { method: 'POST', body: { name: 'Bad Seller' } })).json;
    const path = `/admin/tenants/${partner.partnerId}/seller`;

    // Act
    const badVat = await stack.call(path, { method: 'PUT', body: { ...DEMO_SELLER, vatId: '123' } });
    const unknownKey = await stack.call(path, { method: 'PUT', body: { ...DEMO_SELLER, colour: 'red' } });
    const unknownTenant = await stack.call('/admin/tenants/nobody/seller', { method: 'PUT', body: DEMO_SELLER });
    const asPartner = await stack.call(path, { as: { apiKey: partner.apiKey } });
    const read = await stack.call(path);

    // Assess
    expect([400, 422]).toContain(badVat.status);
    expect(badVat.json.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain('vatId');
    expect([400, 422]).toContain(unknownKey.status);
    expect(unknownTenant.status).toBe(404);
    expect(asPartner.status).toBe(403);
    expect(read.json.seller).toBeNull();
  });
});
