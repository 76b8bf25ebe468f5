/** Key shapes of the single table: version ordering, prefixes, and which keys carry no tenant. */
import { buildHealthRead } from '#store/health-check';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOUSE_TENANT } from '#core/tenant';
import { customerItemPrefix, keys, rememberedProductOf, versionSortKey } from '#store/keys';

const version = fc.integer({ min: 0, max: 9_999_999_999 });
const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);
const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('versionSortKey', () => {
  it('sorts versions as strings in numeric order (property)', () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        // Act
        const order = compareStrings(versionSortKey(a), versionSortKey(b));

        // Assess
        expect(order).toBe(sign(a - b));
      }),
    );
  });

  it('pads to ten digits', () => {
    // Act
    const sortKeys = [versionSortKey(1), versionSortKey(10), versionSortKey(9), versionSortKey(1234567890)];

    // Assess
    expect(sortKeys).toEqual(['VERSION#0000000001', 'VERSION#0000000010', 'VERSION#0000000009', 'VERSION#1234567890']);
    expect([...sortKeys].sort()).toEqual(['VERSION#0000000001', 'VERSION#0000000009', 'VERSION#0000000010', 'VERSION#1234567890']);
  });
});

describe('catalog version keys', () => {
  it('sorts parts by version, then part number (property)', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 9_999 })),
        fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 9_999 })),
        ([va, pa], [vb, pb]) => {
          // Act
          const order = compareStrings(keys.productVersionPart('p', va, pa).SK, keys.productVersionPart('p', vb, pb).SK);

          // Assess
          expect(order).toBe(va === vb ? sign(pa - pb) : sign(va - vb));
        },
      ),
    );
  });

  it('puts every part of a version under its prefix, and no part of another version (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 0, max: 20 }),
        (wanted, other, part) => {
          // Prepare
          const prefix = keys.productVersionPrefix('laptop', wanted);

          // Act
          const own = keys.productVersionPart('laptop', wanted, part);
          const foreign = keys.productVersionPart('laptop', other, part);

          // Assess
          expect(own.PK).toBe(prefix.PK);
          expect(own.SK.startsWith(prefix.SKPrefix)).toBe(true);
          expect(foreign.SK.startsWith(prefix.SKPrefix)).toBe(other === wanted);
        },
      ),
    );
  });

  it('keys a product’s parts and current pointer in the product’s partition', () => {
    // Act
    const part = keys.productVersionPart('laptop', 3, 1);
    const current = keys.productCurrent('laptop');

    // Assess
    expect(part).toEqual({ PK: 'PRODUCT#laptop', SK: 'VERSION#0000000003#PART#0001' });
    expect(current).toEqual({ PK: 'PRODUCT#laptop', SK: 'CURRENT' });
    expect(keys.productListing('laptop')).toEqual({ GSI1PK: 'PRODUCTS', GSI1SK: 'laptop' });
  });
});

describe('tenant-free keys', () => {
  it('keys products, partners, API keys and the health item without any tenant, as documented', () => {
    // Act
    const tenantFree = [
      keys.productCurrent('p1'),
      keys.productVersionPart('p1', 1, 0),
      keys.partner('acme'),
      keys.apiKey('ab12'),
      keys.health(),
    ];

    // Assess
    expect(tenantFree).toEqual([
      { PK: 'PRODUCT#p1', SK: 'CURRENT' },
      { PK: 'PRODUCT#p1', SK: 'VERSION#0000000001#PART#0000' },
      { PK: 'PARTNER#acme', SK: 'PROFILE' },
      { PK: 'APIKEY#ab12', SK: 'APIKEY' },
      { PK: 'HEALTH', SK: 'HEALTH' },
    ]);
    for (const key of tenantFree) expect(key.PK.startsWith('TENANT#')).toBe(false);
  });

  it('names the house tenant "house"', () => {
    // Assess
    expect(HOUSE_TENANT).toBe('house');
  });
});

describe("a customer's item families", () => {
  it('keys each family under its prefix in the customer partition', () => {
    // Act
    const items = [
      keys.rememberedConfiguration('acme', 'c1', 'laptop'),
      keys.repeatOrder('acme', 'c1', 'laptop'),
      keys.order('acme', 'c1', 'o1'),
      keys.customerStatistics('acme', 'c1', 'laptop'),
    ];

    // Assess
    expect(items).toEqual([
      { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'CONFIG#laptop#last' },
      { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'REORDER#laptop' },
      { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'ORDER#o1' },
      { PK: 'TENANT#acme#CUSTOMER#c1', SK: 'STATS#laptop' },
    ]);
    const { configuration, repeatOrder, order, statistics } = customerItemPrefix;
    expect([configuration, repeatOrder, order, statistics].every((prefix, i) => items[i]!.SK.startsWith(prefix))).toBe(true);
  });

  it('reads the product back from a remembered configuration or repeat order key (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (productId) => {
        // Act
        const fromConfiguration = rememberedProductOf(keys.rememberedConfiguration('acme', 'c1', productId).SK);
        const fromRepeatOrder = rememberedProductOf(keys.repeatOrder('acme', 'c1', productId).SK);

        // Assess
        expect(fromConfiguration).toBe(productId);
        expect(fromRepeatOrder).toBe(productId);
      }),
    );
  });

  it('reads no product from the other items of the partition', () => {
    // Act
    const others = ['PROFILE', 'ORDER#o1', 'STATS#laptop'].map(rememberedProductOf);

    // Assess
    expect(others).toEqual([undefined, undefined, undefined]);
  });
});

describe('the health probe', () => {
  it('reads the one fixed health item of the table', () => {
    // Act
    const read = buildHealthRead('T');
    // Assess
    expect(read).toEqual({ TableName: 'T', Key: { PK: 'HEALTH', SK: 'HEALTH' } });
  });
});
