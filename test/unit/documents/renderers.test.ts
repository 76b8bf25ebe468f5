/**
 * The document renderers, read back: every PDF parsed (pdfjs-dist) and its text checked against
 * the order (invoice number, lines, VAT, totals; no price on a gift slip), every UBL parsed
 * (fast-xml-parser) and its EN 16931 totals recomputed (line sum = net, VAT breakdown, payable).
 */
import { describe, expect, it } from 'vitest';
import { renderUbl } from '#documents/e-invoice';
import { invoiceDataOf, type DocumentOrder } from '#documents/invoice-data';
import { renderInvoice } from '#documents/invoice-document';
import { renderPackingSlip } from '#documents/pdf-documents';
import type { Seller } from '#documents/seller';
import { parseXml, pdfText } from '../../support/document-text.ts';
import { DEMO_SELLER } from '../../support/seller.ts';

const SELLER: Seller = { ...DEMO_SELLER, address: { ...DEMO_SELLER.address } };

const ORDER: DocumentOrder = {
  orderId: 'ord_01',
  productId: 'laptop-x1',
  productName: 'X1 Laptop',
  price: { currency: 'EUR', total: 123_456, lines: [] },
  buildSheet: [
    { sku: 'CPU-I7-1365U', qty: 1 },
    { sku: 'RAM-DDR5-16G', qty: 2 },
  ],
  placedAt: '2026-12-01T09:00:00Z',
  buyer: {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    address: { street: 'Rue 1', postalCode: '75001', city: 'Paris', country: 'FR' },
  },
  configuration: [
    { group: 'Processor', choice: 'Core i7-1365U' },
    { group: 'Memory', choice: '32 GB DDR5' },
  ],
  packaging: { name: 'Standard box', gift: false },
};

/** A business order with its own lines at two VAT rates. */
const BUSINESS: DocumentOrder = {
  ...ORDER,
  lines: [
    { description: 'X1 Laptop', quantity: 3, unitNet: 100_000, net: 300_000, vatRate: 19 },
    { description: 'Printed manual', quantity: 3, unitNet: 1_001, net: 3_003, vatRate: 7 },
  ],
};

const amount = (value: { '#text': string } | string) => Math.round(Number(typeof value === 'string' ? value : value['#text']) * 100);
const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('invoice data', () => {
  it('derives one line at the seller rate from a single-line order', () => {
    // Act
    const data = invoiceDataOf(ORDER, SELLER, '2026-000001', '2026-12-05T10:00:00Z');
    // Assess
    expect(data.lines).toEqual([{ description: 'X1 Laptop', quantity: 1, unitNet: 123_456, net: 123_456, vatRate: 19 }]);
    expect(data.totals).toEqual({ net: 123_456, tax: 23_457, gross: 146_913 });
    expect(data.dueDate).toBe('2027-01-04');
  });
});

describe('UBL 2.1 (edi)', () => {
  it('carries the EN 16931 core fields, and its totals add up', async () => {
    // Prepare
    const data = invoiceDataOf(BUSINESS, SELLER, '2026-000002', '2026-12-05T10:00:00Z');

    // Act
    const invoice = parseXml(await renderUbl(data)).Invoice;

    // Assess: identity, parties, terms
    expect(invoice.CustomizationID).toBe('urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0');
    expect(invoice.ID).toBe('2026-000002');
    expect(invoice.InvoiceTypeCode).toBe('380');
    expect(invoice.AccountingSupplierParty.Party.PartyTaxScheme.CompanyID).toBe('DE123456789');
    expect(invoice.AccountingCustomerParty.Party.PartyName.Name).toBe('Ada Lovelace');
    expect(invoice.PaymentTerms.Note).toBe('30 days net');
    // Lines: the sum of the lines is the net total (BR-CO-10)
    const lines = list(invoice.InvoiceLine);
    const lineSum = lines.reduce((sum: number, line: any) => sum + amount(line.LineExtensionAmount), 0);
    const totals = invoice.LegalMonetaryTotal;
    expect(lines).toHaveLength(2);
    expect(lineSum).toBe(amount(totals.LineExtensionAmount));
    expect(amount(totals.TaxExclusiveAmount)).toBe(303_003);
    // VAT breakdown: one subtotal per rate, each the rate of its taxable amount, summing to the VAT total (BR-CO-14)
    const subtotals = list(invoice.TaxTotal.TaxSubtotal);
    expect(subtotals.map((s: any) => [amount(s.TaxableAmount), amount(s.TaxAmount), s.TaxCategory.Percent])).toEqual([
      [300_000, 57_000, '19'],
      [3_003, 210, '7'],
    ]);
    expect(subtotals.reduce((sum: number, s: any) => sum + amount(s.TaxAmount), 0)).toBe(amount(invoice.TaxTotal.TaxAmount));
    // Payable = net + VAT (BR-CO-15)
    expect(amount(totals.TaxInclusiveAmount)).toBe(amount(totals.TaxExclusiveAmount) + amount(invoice.TaxTotal.TaxAmount));
    expect(amount(totals.PayableAmount)).toBe(360_213);
  });
});

describe('PDF invoices', () => {
  it('prints number, lines, VAT and totals; the pdf format is a hybrid Factur-X with the CII inside', async () => {
    // Prepare
    const data = invoiceDataOf(BUSINESS, SELLER, '2026-000003', '2026-12-05T10:00:00Z');

    // Act
    const document = await renderInvoice(data, 'pdf');
    const { pages, attachments } = await pdfText(document.bytes);

    // Assess
    const text = pages.join(' ');
    expect(document.contentType).toBe('application/pdf');
    expect(text).toContain('Invoice 2026-000003');
    expect(text).toContain('X1 Laptop');
    expect(text).toContain('Printed manual');
    expect(text).toContain('VAT 19 % on 3000.00 EUR');
    expect(text).toContain('570.00 EUR');
    expect(text).toContain('VAT 7 % on 30.03 EUR');
    expect(text).toContain('3030.03 EUR');
    expect(text).toContain('3602.13 EUR');
    expect(attachments).toContain('factur-x.xml');
  });

  it('puts the buyer in the window of a paper invoice', async () => {
    // Prepare
    const data = invoiceDataOf(ORDER, SELLER, '2026-000004', '2026-12-05T10:00:00Z');

    // Act
    const document = await renderInvoice(data, 'paper');
    const { pages, attachments } = await pdfText(document.bytes);

    // Assess
    expect(pages[0]).toContain('Ada Lovelace');
    expect(pages[0]).toContain('75001 Paris');
    expect(pages[0]).toContain('1469.13 EUR');
    expect(attachments).toEqual([]);
  });
});

describe('packing and gift slips', () => {
  it('lists the build sheet and the packaging', async () => {
    // Act
    const { pages } = await pdfText(await renderPackingSlip(ORDER, SELLER));
    // Assess
    expect(pages[0]).toContain('Packing slip');
    expect(pages[0]).toContain('CPU-I7-1365U');
    expect(pages[0]).toContain('Packaging: Standard box');
  });

  it("prints the gift message and the recipient's address, and no price", async () => {
    // Prepare
    const gift: DocumentOrder = {
      ...ORDER,
      packaging: { name: 'Gift wrap', gift: true },
      recipient: {
        name: 'Charles Babbage',
        address: { street: 'Dorset Street 1', postalCode: 'W1U', city: 'London', country: 'GB' },
        message: 'Happy birthday!',
      },
    };

    // Act
    const { pages } = await pdfText(await renderPackingSlip(gift, SELLER));

    // Assess
    const text = pages.join(' ');
    expect(text).toContain('Happy birthday!');
    expect(text).toContain('Charles Babbage');
    expect(text).toContain('W1U London');
    expect(text).not.toMatch(/EUR|€|1234[.,]56/);
  });
});
