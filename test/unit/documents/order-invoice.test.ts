/** The invoice of an order on request: owner only, shipped only, in the chosen format, named after the catalog. */
import { describe, expect, it } from 'vitest';
import { CatalogDocumentSchema } from '#core/catalog-document';
import type { CallerIdentity } from '#core/caller';
import { orderInvoice, type OrderInvoiceDeps } from '#documents/order-invoice';
import type { Order } from '#orders/order';
import { demoLaptopCatalog } from '../../bench/demo-laptop.ts';
import { parseXml, pdfText } from '../../support/document-text.ts';
import { DEMO_SELLER } from '../../support/seller.ts';

const DOC = CatalogDocumentSchema.parse(demoLaptopCatalog());
const ORDER = {
  orderId: 'ord_1',
  tenantId: 'p1',
  customerId: 'c1',
  productId: DOC.id,
  catalogVersion: 1,
  picks: ['packaging.gift', 'invoice.einvoice'],
  status: 'shipped',
  statusHistory: [],
  price: { currency: 'EUR', total: 100_000, lines: [] },
  dates: {},
  buildSheet: [{ sku: 'X', qty: 1 }],
  placedAt: '2026-12-01T00:00:00Z',
  channel: 'partner',
  remember: true,
  fromRepeatOrder: false,
  invoice: { number: '2026-000007', issuedAt: '2026-12-05T10:00:00Z' },
} as unknown as Order;

function deps(order: Order): OrderInvoiceDeps {
  return {
    orders: {
      find: async (id, tenantId) => (id === order.orderId && (tenantId === undefined || tenantId === order.tenantId) ? order : undefined),
    },
    sellers: { storedSeller: async (t) => (t === 'house' ? { seller: DEMO_SELLER, updatedAt: 'x' } : undefined) },
    catalog: async () => DOC,
    buyer: async () => ({ name: 'Ada', email: 'ada@example.com' }),
  };
}
const PARTNER = { kind: 'partner', tenantId: 'p1' } as unknown as CallerIdentity;
const OTHER = { kind: 'partner', tenantId: 'p2' } as unknown as CallerIdentity;

describe('orderInvoice', () => {
  it('answers the issued invoice in the chosen format (edi: UBL), under the house seller', async () => {
    // Act
    const document = await orderInvoice(deps(ORDER), PARTNER, 'ord_1');
    // Assess
    expect(document.contentType).toBe('application/xml');
    const invoice = parseXml(new TextDecoder().decode(document.bytes)).Invoice;
    expect(invoice.ID).toBe('2026-000007');
    expect(invoice.LegalMonetaryTotal.PayableAmount['#text']).toBe('1190.00');
  });

  it('renders a PDF for a pdf pick', async () => {
    // Act
    const document = await orderInvoice(deps({ ...ORDER, picks: ['invoice.pdf'] }), PARTNER, 'ord_1');
    // Assess
    expect(document.contentType).toBe('application/pdf');
    expect((await pdfText(document.bytes)).pages[0]).toContain('Invoice 2026-000007');
  });

  it("is a conflict naming the status before the order shipped, and not found for another tenant's order", async () => {
    // Prepare
    const { invoice: _none, ...placed } = ORDER;
    // Act + Assess
    await expect(orderInvoice(deps({ ...placed, status: 'in-production' } as Order), PARTNER, 'ord_1')).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('in-production'),
    });
    await expect(orderInvoice(deps(ORDER), OTHER, 'ord_1')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
