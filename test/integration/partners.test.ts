/**
 * Partners on real DynamoDB Local: created by an admin with a key shown once, their own
 * price list, key rotation and revocation, and their usage plan enforced with 429s.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

async function createPartner(body: Record<string, unknown>) {
  const response = await stack.call('/admin/partners', { method: 'POST', body });
  expect(response.status).toBe(201);
  return response.json as { partnerId: string; apiKey: string; keyId: string };
}

describe('partners', () => {
  it('creates a partner whose key is shown once and stored only as a hash', async () => {
    // Act
    const partner = await createPartner({ name: 'Northwind Resellers' });
    const view = await stack.call(`/admin/partners/${partner.partnerId}`);
    const products = await stack.call('/products', { as: { apiKey: partner.apiKey } });
    const client = stack.documentClient();
    const items = await client.send(new ScanCommand({ TableName: stack.tableName }));
    client.destroy();
    // Assess
    expect(partner.apiKey).toMatch(/^pk_live_/);
    expect(view.json).toMatchObject({ partnerId: partner.partnerId, name: 'Northwind Resellers', usagePlan: { ratePerSecond: 50 } });
    expect(view.json.keys).toEqual([expect.objectContaining({ keyId: partner.keyId, status: 'active', hint: partner.apiKey.slice(-4) })]);
    expect(view.text).not.toContain(partner.apiKey);
    expect(products.status).toBe(200);
    expect(JSON.stringify(items.Items)).not.toContain(partner.apiKey);
  });

  it("prices with the partner's own list, for the partner and its customers", async () => {
    // Prepare
    const partner = await createPartner({
      name: 'Discounter',
      priceList: {
        entries: [
          { target: '*', percent: -10 },
          { target: 'base', price: 80000 },
        ],
      },
    });
    // Act
    const answer = await stack.call('/products/laptop-x1/configure', {
      method: 'POST',
      body: { picks: ['cpu.i7'] },
      as: { apiKey: partner.apiKey },
    });
    // Assess
    expect(answer.status).toBe(200);
    const lines = answer.json.price.lines as { ref: string; listAmount: number; amount: number; priceList?: string }[];
    expect(lines.find((l) => l.ref === 'base')).toMatchObject({
      listAmount: 89900,
      amount: 80000,
      priceList: `partner-${partner.partnerId}`,
    });
    expect(lines.find((l) => l.ref === 'cpu.i7')).toMatchObject({ listAmount: 25000, amount: 22500 });
    expect(answer.json.price.total).toBe(lines.reduce((sum, l) => sum + l.amount, 0));
  });

  it('rotates keys: both work until the old one is revoked, which then gets 401 saying so', async () => {
    // Prepare
    const partner = await createPartner({ name: 'Rotating' });
    // Act
    const second = await stack.call(`/admin/partners/${partner.partnerId}/keys`, { method: 'POST', body: {} });
    const bothWork = await Promise.all([
      stack.call('/products', { as: { apiKey: partner.apiKey } }),
      stack.call('/products', { as: { apiKey: second.json.apiKey } }),
    ]);
    const revoked = await stack.call(`/admin/partners/${partner.partnerId}/keys/${partner.keyId}`, { method: 'DELETE' });
    const oldKey = await stack.call('/products', { as: { apiKey: partner.apiKey } });
    const newKey = await stack.call('/products', { as: { apiKey: second.json.apiKey } });
    // Assess
    expect(second.status).toBe(201);
    expect(bothWork.map((r) => r.status)).toEqual([200, 200]);
    expect(revoked.status).toBe(204);
    expect(oldKey.status).toBe(401);
    expect(oldKey.json.detail).toContain('revoked');
    expect(newKey.status).toBe(200);
  });

  it('enforces the usage plan: a burst gets 429 with Retry-After, never a dropped connection', async () => {
    // Prepare
    const partner = await createPartner({ name: 'Bursty', usagePlan: { ratePerSecond: 1, burst: 3, dailyQuota: 1000 } });
    // Act
    const answers = await Promise.all(Array.from({ length: 8 }, () => stack.call('/products', { as: { apiKey: partner.apiKey } })));
    // Assess
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(4);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(4);
    for (const answer of limited) {
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(answer.json.type).toBe('/problems/rate-limited');
    }
  });

  it('is for admins only, and refuses unknown fields, partners and keys', async () => {
    // Act
    const asPartner = await stack.call('/admin/partners', { method: 'POST', body: { name: 'Sneaky' }, as: 'partner' });
    const unknownField = await stack.call('/admin/partners', { method: 'POST', body: { name: 'X', tenantId: 'house' } });
    const unknownPartner = await stack.call('/admin/partners/nobody');
    const unknownKey = await stack.call('/admin/partners/demo-partner/keys/k_01ARZ3NDEKTSV4RRFFQ69G5FAV', { method: 'DELETE' });
    // Assess
    expect(asPartner.status).toBe(403);
    expect(unknownField.status).toBe(400);
    expect(unknownField.json.errors[0].path).toEqual(['tenantId']);
    expect(unknownPartner.status).toBe(404);
    expect(unknownKey.status).toBe(404);
  });
});
