/**
 * The pure half of the catalog repository: compressing a document into parts below the item
 * limit, reading them back, and the one publish transaction with its conditions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import type { CatalogDocument } from '#core/catalog-document';
import {
  buildGetCurrentVersion,
  buildGetVersionSummary,
  buildListProductsQuery,
  buildPublishTransaction,
  buildVersionPartsQuery,
  CATALOG_MAX_COMPRESSED_BYTES,
  CATALOG_PART_BYTES,
  decodeCatalogParts,
  documentDigest,
  encodeCatalogParts,
} from '#store/catalog-repository';
import { versionSortKey } from '#store/keys';
import { LimitExceededError } from '#core/errors';

/** Shaped like a catalog document; not necessarily a valid one. */
function documentWith(fields: Record<string, unknown>): CatalogDocument {
  return {
    id: 'laptop',
    name: 'Laptop',
    currency: 'EUR',
    basePrice: 10_000,
    baseLeadDays: 2,
    groups: [],
    rules: [],
    ...fields,
  } as unknown as CatalogDocument;
}

/** A document whose JSON is mostly `randomBytes` random bytes, base64: it barely compresses. */
function incompressibleDocument(randomByteCount: number): CatalogDocument {
  return documentWith({ description: randomBytes(randomByteCount).toString('base64') });
}

const choice = fc.record({
  id: fc.string({ minLength: 1, maxLength: 12 }),
  name: fc.string({ unit: 'grapheme', maxLength: 20 }),
  price: fc.integer({ min: 0, max: 1_000_000 }),
});
const smallDocument = fc
  .record({
    id: fc.string({ minLength: 1, maxLength: 20 }),
    name: fc.string({ unit: 'grapheme', maxLength: 40 }),
    currency: fc.constantFrom('EUR', 'USD', 'SEK'),
    basePrice: fc.integer({ min: 0, max: 10_000_000 }),
    baseLeadDays: fc.integer({ min: 0, max: 60 }),
    groups: fc.array(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 12 }),
        emptyAllowed: fc.boolean(),
        choices: fc.array(choice, { maxLength: 5 }),
      }),
      { maxLength: 5 },
    ),
    rules: fc.array(fc.record({ id: fc.string(), picks: fc.array(fc.string(), { maxLength: 3 }) }), { maxLength: 3 }),
    holidays: fc.option(fc.array(fc.constantFrom('2026-12-25', '2027-01-01'), { maxLength: 2 }), { nil: undefined }),
  })
  .map((fields) => JSON.parse(JSON.stringify(fields)) as CatalogDocument);

function totalBytes(parts: Uint8Array[]): number {
  return parts.reduce((sum, part) => sum + part.byteLength, 0);
}

describe('encodeCatalogParts and decodeCatalogParts', () => {
  it('give back the document (property)', () => {
    fc.assert(
      fc.property(smallDocument, (document) => {
        // Act
        const decoded = decodeCatalogParts(encodeCatalogParts(document));

        // Assess
        expect(decoded).toEqual(document);
      }),
    );
  });

  it('compress a small, repetitive document into one part much smaller than its JSON', () => {
    // Prepare
    const document = documentWith({
      groups: Array.from({ length: 200 }, (_, i) => ({ id: `group-${i}`, choices: [{ id: 'a' }, { id: 'b' }] })),
    });

    // Act
    const parts = encodeCatalogParts(document);

    // Assess
    expect(parts).toHaveLength(1);
    expect(parts[0]!.byteLength).toBeLessThan(JSON.stringify(document).length / 5);
  });

  it('split a document that compresses beyond one part into several parts of at most CATALOG_PART_BYTES each', () => {
    // Prepare
    const document = incompressibleDocument(800_000);

    // Act
    const parts = encodeCatalogParts(document);

    // Assess
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const part of parts) expect(part.byteLength).toBeLessThanOrEqual(CATALOG_PART_BYTES);
    for (const part of parts.slice(0, -1)) expect(part.byteLength).toBe(CATALOG_PART_BYTES);
    expect(totalBytes(parts)).toBeGreaterThan(2 * CATALOG_PART_BYTES);
    expect(decodeCatalogParts(parts)).toEqual(document);
  });

  it('refuse a document that compresses beyond CATALOG_MAX_COMPRESSED_BYTES with LimitExceededError', () => {
    // Prepare
    const document = incompressibleDocument(CATALOG_MAX_COMPRESSED_BYTES + 100_000);

    // Act
    let thrown: unknown;
    try {
      encodeCatalogParts(document);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(LimitExceededError);
    expect((thrown as Error).message).toContain(`at most ${CATALOG_MAX_COMPRESSED_BYTES} can be published`);
  });
});

describe('buildPublishTransaction', () => {
  const document = documentWith({ id: 'laptop', name: 'Laptop 15', currency: 'EUR' });
  const publishedAt = '2026-06-01T12:00:00.000Z';

  it('publishes a first version only when the product has no CURRENT item yet', () => {
    // Act
    const { input } = buildPublishTransaction({ tableName: 'T', document, version: 1, previousVersion: 0, publishedAt });

    // Assess
    const current = input.TransactItems![0]!.Put!;
    expect(current.Item).toMatchObject({ PK: 'PRODUCT#laptop', SK: 'CURRENT', version: 1 });
    expect(current.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(current.ExpressionAttributeValues).toBeUndefined();
  });

  it('publishes a later version only when CURRENT still holds the previous version', () => {
    // Act
    const { input } = buildPublishTransaction({ tableName: 'T', document, version: 4, previousVersion: 3, publishedAt });

    // Assess
    const current = input.TransactItems![0]!.Put!;
    expect(current.Item).toMatchObject({ PK: 'PRODUCT#laptop', SK: 'CURRENT', version: 4 });
    expect(current.ConditionExpression).toBe('version = :previous');
    expect(current.ExpressionAttributeValues).toEqual({ ':previous': 3 });
  });

  it('gives the CURRENT item the listing keys and the summary, documentSha256 being the document digest', () => {
    // Act
    const { input } = buildPublishTransaction({ tableName: 'T', document, version: 2, previousVersion: 1, publishedAt });

    // Assess
    const current = input.TransactItems![0]!.Put!;
    expect(current.TableName).toBe('T');
    expect(current.Item).toEqual({
      PK: 'PRODUCT#laptop',
      SK: 'CURRENT',
      GSI1PK: 'PRODUCTS',
      GSI1SK: 'laptop',
      productId: 'laptop',
      version: 2,
      name: 'Laptop 15',
      currency: 'EUR',
      publishedAt,
      documentSha256: documentDigest(document),
      partCount: 1,
    });
    expect(documentDigest(document)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes every part only if it does not exist yet, under the version’s sort keys, in order', () => {
    // Prepare
    const large = documentWith({ id: 'truck', description: randomBytes(600_000).toString('base64') });

    // Act
    const { input, names } = buildPublishTransaction({ tableName: 'T', document: large, version: 12, previousVersion: 11, publishedAt });

    // Assess
    expect(names).toEqual(['current', ...input.TransactItems!.slice(1).map(() => 'part')]);
    const parts = input.TransactItems!.slice(1).map((item) => item.Put!);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(input.TransactItems![0]!.Put!.Item!.partCount).toBe(parts.length);
    for (const [index, part] of parts.entries()) {
      expect(part.TableName).toBe('T');
      expect(part.ConditionExpression).toBe('attribute_not_exists(PK)');
      expect(part.Item).toMatchObject({
        PK: 'PRODUCT#truck',
        part: index,
        partCount: parts.length,
        version: 12,
        documentSha256: documentDigest(large),
      });
      expect(String(part.Item!.SK).startsWith(`${versionSortKey(12)}#PART#`)).toBe(true);
    }
    const sortKeys = parts.map((part) => String(part.Item!.SK));
    expect(new Set(sortKeys).size).toBe(parts.length);
    expect([...sortKeys].sort()).toEqual(sortKeys);
    expect(decodeCatalogParts(parts.map((part) => part.Item!.data as Uint8Array))).toEqual(large);
  });

  it('gives the same digest to equal documents and a different one to a changed document', () => {
    // Act
    const first = documentDigest(documentWith({ name: 'Laptop' }));
    const same = first === documentDigest(documentWith({ name: 'Laptop' }));
    const changed = documentDigest(documentWith({ name: 'Laptop' })) === documentDigest(documentWith({ name: 'Laptop!' }));

    // Assess
    expect(same).toBe(true);
    expect(changed).toBe(false);
  });
});

describe('catalog reads', () => {
  it("reads a product's CURRENT pointer strongly consistent, since a publish moves it from what was read", () => {
    // Act
    const get = buildGetCurrentVersion('T', 'laptop');

    // Assess
    expect(get).toEqual({ TableName: 'T', Key: { PK: 'PRODUCT#laptop', SK: 'CURRENT' }, ConsistentRead: true });
  });

  it("reads every part of one version and no other version's", () => {
    // Act
    const query = buildVersionPartsQuery('T', 'laptop', 7);

    // Assess
    expect(query).toEqual({
      TableName: 'T',
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': 'PRODUCT#laptop', ':prefix': `${versionSortKey(7)}#PART#` },
    });
    expect(`${versionSortKey(70)}#PART#0000`.startsWith(query.ExpressionAttributeValues![':prefix'])).toBe(false);
  });

  it('lists the published products through GSI1, the next page after the last product shown', () => {
    // Act
    const first = buildListProductsQuery('T', 10);
    const next = buildListProductsQuery('T', 10, 'laptop');

    // Assess
    expect(first).toEqual({
      TableName: 'T',
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'PRODUCTS' },
      Limit: 10,
    });
    expect(next).toEqual({
      TableName: 'T',
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK > :after',
      ExpressionAttributeValues: { ':pk': 'PRODUCTS', ':after': 'laptop' },
      Limit: 10,
    });
  });
});

describe('buildGetVersionSummary', () => {
  it("reads one version's first part for its summary, never its data", () => {
    // Act
    const input = buildGetVersionSummary('t', 'laptop', 3);
    // Assess
    expect(input.Key).toEqual({ PK: 'PRODUCT#laptop', SK: `${versionSortKey(3)}#PART#0000` });
    expect(input.ProjectionExpression).not.toContain('data');
    expect(input.ProjectionExpression).toContain('documentSha256');
  });
});
