/** Seller data: the house fallback, the store's request builders, and the publish-time warning. */
import { describe, expect, it } from 'vitest';
import { sellerFindings } from '#catalog/publication';
import { CatalogDocumentSchema } from '#core/catalog-document';
import { sellerOf, type SellerStore } from '#documents/seller';
import { buildGetSeller, buildPutSeller, sellerFromItem } from '#store/seller-repository';
import { demoLaptopCatalog } from '../../bench/demo-laptop.ts';
import { DEMO_SELLER } from '../../support/seller.ts';

function storeOf(sellers: Record<string, unknown>): Pick<SellerStore, 'storedSeller'> {
  return {
    storedSeller: async (tenantId) => (tenantId in sellers ? { seller: sellers[tenantId], updatedAt: '2026-12-01T00:00:00Z' } : undefined),
  };
}

describe('sellerOf', () => {
  it("answers the tenant's own seller, else the house's, else nothing", async () => {
    // Prepare
    const store = storeOf({ house: DEMO_SELLER, p1: { ...DEMO_SELLER, name: 'Partner GmbH' } });
    // Act
    const [own, house, none] = await Promise.all([sellerOf(store, 'p1'), sellerOf(store, 'p2'), sellerOf(storeOf({}), 'p2')]);
    // Assess
    expect(own?.name).toBe('Partner GmbH');
    expect(house?.name).toBe(DEMO_SELLER.name);
    expect(none).toBeUndefined();
  });

  it('treats damaged stored data as missing', async () => {
    // Prepare
    const store = storeOf({ house: { name: 'no address' } });
    // Act
    const seller = await sellerOf(store, 'house');
    // Assess
    expect(seller).toBeUndefined();
  });
});

describe('seller requests', () => {
  it("reads and sets only the seller attributes of the tenant's settings item", () => {
    // Act
    const get = buildGetSeller('T', 'p1');
    const put = buildPutSeller('T', 'p1', DEMO_SELLER, '2026-12-01T00:00:00Z');
    // Assess
    expect(get).toMatchObject({ TableName: 'T', Key: { PK: 'SETTINGS#p1', SK: 'TENANT' }, ProjectionExpression: '#s, #u' });
    expect(put.Key).toEqual({ PK: 'SETTINGS#p1', SK: 'TENANT' });
    expect(Object.values(put.ExpressionAttributeNames ?? {})).toEqual(['seller', 'sellerUpdatedAt']);
    expect(sellerFromItem({ seller: DEMO_SELLER, sellerUpdatedAt: 'x' })).toEqual({ seller: DEMO_SELLER, updatedAt: 'x' });
    expect(sellerFromItem({ tierPerks: {} })).toBeUndefined();
  });
});

describe('sellerFindings', () => {
  const doc = CatalogDocumentSchema.parse(demoLaptopCatalog());

  it('warns, pointing at the invoice-format group, while no seller data is set', async () => {
    // Act
    const findings = await sellerFindings(doc, { hasSeller: async () => false });
    // Assess
    const index = doc.groups.findIndex((g) => g.role === 'invoice-format');
    expect(findings).toEqual([expect.objectContaining({ code: 'seller-missing', severity: 'warning', path: ['groups', index] })]);
  });

  it('says nothing when a seller is set, or when the catalog sells no invoice', async () => {
    // Prepare
    const noInvoice = { ...doc, groups: doc.groups.filter((g) => g.role !== 'invoice-format' && g.id !== 'invoice') };
    // Act
    const withSeller = await sellerFindings(doc, { hasSeller: async () => true });
    const without = await sellerFindings(noInvoice, { hasSeller: async () => false });
    // Assess
    expect(withSeller).toEqual([]);
    expect(without).toEqual([]);
  });
});
