/**
 * The first vertical slice on real DynamoDB Local: health, product listing and reading,
 * publishing immutable versions, and bad input that gets a precise problem and writes nothing.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { tableSnapshot } from '../support/table-snapshot.ts';

let stack: TestStack;
const demo = readDemoCatalog() as Record<string, unknown> & { groups: Record<string, unknown>[] };

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

function catalog(overrides: Record<string, unknown> = {}) {
  return { ...structuredClone(demo), ...overrides };
}

async function expectNothingWritten(request: () => Promise<unknown>): Promise<void> {
  const client = stack.documentClient();
  const before = await tableSnapshot(client, stack.tableName);
  await request();
  expect(await tableSnapshot(client, stack.tableName)).toEqual(before);
  client.destroy();
}

describe('GET /health', () => {
  it('answers without credentials and says the table answers', async () => {
    // Act
    const response = await stack.call('/health', { as: 'anonymous' });
    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status: 'ok', table: 'ok' });
  });
});

describe('published products', () => {
  it('lists the seeded demo catalog for every kind of caller', async () => {
    // Prepare
    const customer = await stack.customerToken('c-1');
    // Act
    const answers = await Promise.all([
      stack.call('/products'),
      stack.call('/products', { as: 'partner' }),
      stack.call('/products', { as: { bearer: customer } }),
    ]);
    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.json.items).toEqual([
        expect.objectContaining({ productId: 'laptop-x1', version: 1, name: 'X1 Laptop', currency: 'EUR' }),
      ]);
    }
  });

  it('returns the document of the current version, and of a pinned one', async () => {
    // Act
    const current = await stack.call('/products/laptop-x1', { as: 'partner' });
    const pinned = await stack.call('/products/laptop-x1?version=1', { as: 'partner' });
    // Assess
    expect(current.status).toBe(200);
    expect(current.json.document.groups).toHaveLength(demo.groups.length);
    expect(pinned.json.document).toEqual(current.json.document);
    expect(pinned.headers.get('cache-control')).toContain('immutable');
  });

  it('answers 404 problem+json for an unknown product or version', async () => {
    // Act
    const unknown = await stack.call('/products/no-such-thing');
    const noVersion = await stack.call('/products/laptop-x1?version=99');
    // Assess
    for (const answer of [unknown, noVersion]) {
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json).toMatchObject({ type: '/problems/not-found', status: 404 });
    }
  });

  it('pages the listing with an opaque cursor and refuses a tampered one', async () => {
    // Prepare: two more products
    for (const id of ['aa-first', 'zz-last'])
      expect((await stack.call(`/admin/products/${id}`, { method: 'PUT', body: catalog({ id }) })).status).toBe(201);
    // Act
    const first = await stack.call('/products?limit=2');
    const second = await stack.call(`/products?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`);
    const tampered = await stack.call(`/products?limit=2&cursor=${encodeURIComponent(first.json.nextCursor.replace(/^./, 'x'))}`);
    // Assess
    expect(first.json.items.map((p: { productId: string }) => p.productId)).toEqual(['aa-first', 'laptop-x1']);
    expect(second.json.items.map((p: { productId: string }) => p.productId)).toEqual(['zz-last']);
    expect(second.json.nextCursor).toBeUndefined();
    expect(tampered.status).toBe(400);
    expect(tampered.json.errors[0].path).toEqual(['query', 'cursor']);
  });
});

describe('PUT /admin/products/{productId}', () => {
  it('publishes a new immutable version and keeps the old one readable', async () => {
    // Prepare
    const changed = catalog({ basePrice: 99900 });
    // Act
    const published = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: changed });
    const again = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: changed });
    const v1 = await stack.call('/products/laptop-x1?version=1');
    const current = await stack.call('/products/laptop-x1');
    // Assess
    expect(published.status).toBe(201);
    expect(published.json).toMatchObject({ productId: 'laptop-x1', version: 2, created: true });
    expect(published.headers.get('location')).toBe('/products/laptop-x1?version=2');
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ version: 2, created: false });
    expect(v1.json.document.basePrice).toBe(89900);
    expect(current.json).toMatchObject({ version: 2, document: { basePrice: 99900 } });
  });

  it('stores a multi-megabyte catalog in parts and reads it back whole', async () => {
    // Prepare: over 6 MB of JSON (more than Lambda accepts uncompressed) that compresses to several
    // items: descriptions of random words from a small vocabulary. Sent gzip-compressed.
    const words = Array.from({ length: 256 }, (_, i) => `word${i.toString(36)}`);
    const prose = () => Array.from({ length: 160 }, () => words[Math.floor(Math.random() * words.length)]).join(' ');
    const groups = Array.from({ length: 700 }, (_, g) => ({
      id: `g${g}`,
      kind: 'product',
      min: 0,
      max: 1,
      choices: Array.from({ length: 8 }, (_, c) => ({ id: `c${c}`, description: prose().slice(0, 1_990) })),
    }));
    const big = { id: 'big-one', name: 'Big', currency: 'EUR', basePrice: 0, baseLeadDays: 0, groups, rules: [] };
    const json = Buffer.from(JSON.stringify(big));
    expect(json.byteLength).toBeGreaterThan(6 * 1024 * 1024);
    // Act
    const published = await stack.call('/admin/products/big-one', {
      method: 'PUT',
      body: gzipSync(json),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    const read = await stack.call('/products/big-one');
    // Assess
    expect(published.status).toBe(201);
    expect(read.json.document.groups).toHaveLength(700);
    expect(read.json.document.groups[699].choices[7].description).toBe(groups[699]!.choices[7]!.description);
  });

  it('refuses a catalog with a million table rows or dangling references with 422 and every finding', async () => {
    // Prepare
    const huge = catalog({
      rules: [{ id: 'huge', type: 'table', groups: ['cpu', 'memory'], allowed: Array.from({ length: 1_000_000 }, () => ['i5', '16gb']) }],
    });
    const dangling = catalog({ rules: [{ id: 'ghost', type: 'requires', if: ['cpu.i11'], then: ['gpu.rtx'] }] });
    await expectNothingWritten(async () => {
      // Act
      const tooMany = await stack.call('/admin/products/laptop-x1', {
        method: 'PUT',
        body: gzipSync(JSON.stringify(huge)),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      const ghost = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: dangling });
      // Assess
      expect(tooMany.status).toBe(422);
      expect(tooMany.json.errors[0].path).toEqual(['rules', 0, 'allowed']);
      expect(ghost.status).toBe(422);
      expect(ghost.json.errors.map((e: { path: unknown[] }) => e.path)).toEqual(
        expect.arrayContaining([
          ['rules', 0, 'if', 0],
          ['rules', 0, 'then', 0],
        ]),
      );
    });
  });

  it('refuses partners and customers with 403, and missing or wrong credentials with 401', async () => {
    // Prepare
    const customer = await stack.customerToken('c-2');
    const expired = await stack.customerToken('c-3', undefined, -60);
    await expectNothingWritten(async () => {
      // Act
      const asPartner = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: catalog(), as: 'partner' });
      const asCustomer = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: catalog(), as: { bearer: customer } });
      const anonymous = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: catalog(), as: 'anonymous' });
      const wrongToken = await stack.call('/admin/products/laptop-x1', {
        method: 'PUT',
        body: catalog(),
        as: { bearer: 'not-the-admin-token' },
      });
      const wrongKey = await stack.call('/admin/products/laptop-x1', {
        method: 'PUT',
        body: catalog(),
        as: { apiKey: 'pk_nobody_0123456789abcdef' },
      });
      const expiredToken = await stack.call('/products', { as: { bearer: expired } });
      // Assess
      expect([asPartner.status, asCustomer.status]).toEqual([403, 403]);
      expect(asPartner.json.type).toBe('/problems/forbidden');
      for (const answer of [anonymous, wrongToken, wrongKey, expiredToken]) {
        expect(answer.status).toBe(401);
        expect(answer.json.type).toBe('/problems/unauthenticated');
      }
      expect(expiredToken.json.detail).toContain('expired');
    });
  });

  it('returns every finding of an invalid document, with paths, and writes nothing', async () => {
    // Prepare: four independent mistakes at different depths
    const bad = catalog({ currency: 'euro', extra: true }) as { groups: { choices: Record<string, unknown>[]; min: unknown }[] };
    bad.groups[0]!.choices[0]!.price = 'free';
    bad.groups[1]!.choices[1]!.colour = 'red';
    await expectNothingWritten(async () => {
      // Act
      const response = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: bad });
      // Assess
      expect(response.status).toBe(422);
      expect(response.json.type).toBe('/problems/validation-failed');
      const paths = response.json.errors.map((e: { path: unknown[] }) => e.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['currency', 'extra', 'groups.0.choices.0.price', 'groups.1.choices.1.colour']));
      expect(response.json.errors.find((e: { path: unknown[] }) => e.path.join('.') === 'extra').pointer).toBe('/extra');
    });
  });

  it('refuses malformed JSON, wrong media types, oversized bodies and a mismatched id, writing nothing', async () => {
    await expectNothingWritten(async () => {
      // Act
      const malformed = await stack.call('/admin/products/laptop-x1', {
        method: 'PUT',
        body: '{"id": "laptop-x1",',
        headers: { 'content-type': 'application/json' },
      });
      const wrongType = await stack.call('/admin/products/laptop-x1', {
        method: 'PUT',
        body: 'id=laptop-x1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const bomb = await stack.call('/admin/products/laptop-x1', {
        method: 'PUT',
        body: gzipSync(Buffer.alloc(40 * 1024 * 1024, 32)),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      const tooLarge = await stack.call('/admin/products/laptop-x1', {
        method: 'PUT',
        body: Buffer.alloc(7 * 1024 * 1024, 32),
        headers: { 'content-type': 'application/json' },
      });
      const mismatch = await stack.call('/admin/products/other-id', { method: 'PUT', body: catalog() });
      const badPath = await stack.call('/admin/products/has.dot', { method: 'PUT', body: catalog() });
      const bodyOnGet = await stack.call('/products', { method: 'GET', headers: { 'x-extra': '1' } });
      // Assess
      expect(malformed.status).toBe(400);
      expect(malformed.json.type).toBe('/problems/malformed-request');
      expect(wrongType.status).toBe(415);
      expect(bomb.status).toBe(413);
      expect(tooLarge.status).toBe(413);
      expect(mismatch.status).toBe(422);
      expect(mismatch.json.errors).toEqual([expect.objectContaining({ path: ['id'], code: 'id-mismatch' })]);
      expect(badPath.status).toBe(400);
      expect(badPath.json.errors[0].path).toEqual(['path', 'productId']);
      expect(bodyOnGet.status).toBe(200);
    });
  });

  it('answers unknown routes with 404 and wrong methods with 405, as problem+json', async () => {
    // Act
    const missing = await stack.call('/nowhere');
    const wrongMethod = await stack.call('/products', { method: 'DELETE' });
    // Assess
    expect(missing.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect(wrongMethod.headers.get('content-type')).toBe('application/problem+json');
  });
});
