/**
 * The printed documents of an order, as A4 PDFs: the invoice (e-mailed, or on paper with the
 * buyer's address in the window of a DIN 5008 form B envelope, fold and punch marks), and the
 * packing slip from the build sheet and the packaging (for a gift: the recipient's address, the
 * gift message, and no price anywhere). Pure: data in, bytes out.
 */
import type { DocumentOrder, DocumentParty, InvoiceData } from './invoice-data.ts';
import { decimal } from './invoice-data.ts';
import { PdfLayout } from './pdf-page.ts';
import type { Seller } from './schemas.ts';

/** DIN 5008 form B: the address zone of a window envelope starts 45 mm down, 20 mm in. */
export const WINDOW = { left: 20, top: 45, width: 85, height: 45 } as const;

function money(minor: number, currency: string): string {
  return `${decimal(minor)} ${currency}`;
}

/** The seller's return line, and the addressee, in the envelope window. */
function windowAddress(layout: PdfLayout, seller: Seller, to: DocumentParty): void {
  const from = `${seller.name} · ${seller.address.street} · ${seller.address.postalCode} ${seller.address.city}`;
  layout.text(from, WINDOW.left, WINDOW.top + 2, { size: 7 });
  const lines = [
    to.name,
    ...(to.address
      ? [
          to.address.street,
          ...(to.address.additionalStreet ? [to.address.additionalStreet] : []),
          `${to.address.postalCode} ${to.address.city}`,
          to.address.country,
        ]
      : []),
  ];
  lines.forEach((line, i) => {
    layout.text(line, WINDOW.left, WINDOW.top + 10 + i * 4.5, { size: 10 });
  });
}

/** The seller's letterhead, top right. */
function letterhead(layout: PdfLayout, seller: Seller): void {
  const lines = [
    seller.name,
    seller.address.street,
    `${seller.address.postalCode} ${seller.address.city}`,
    seller.address.country,
    seller.email,
  ];
  lines.forEach((line, i) => {
    layout.text(line, 190, 15 + i * 4, { size: 8, align: 'right', bold: i === 0 });
  });
}

/** The invoice (or credit note) as a PDF; `paper` adds fold and punch marks for printing and posting. */
export async function renderInvoicePdf(data: InvoiceData, options: { paper: boolean }): Promise<Uint8Array> {
  const title = data.kind === 'credit-note' ? 'Credit note' : 'Invoice';
  const layout = await PdfLayout.create(`${title} ${data.number}`, data.seller.name);
  if (options.paper) {
    layout.rule(3, 8, 105, 0.3); // fold marks (form B)
    layout.rule(3, 8, 210, 0.3);
    layout.rule(3, 10, 148.5, 0.3); // punch mark
  }
  letterhead(layout, data.seller);
  windowAddress(layout, data.seller, data.buyer);
  layout.y = 100;
  layout.text(`${title} ${data.number}`, 20, layout.y, { size: 14, bold: true });
  layout.nextLine(9);
  const facts = [
    `Invoice number: ${data.number}`,
    ...(data.correcting ? [`Corrects invoice: ${data.correcting}`] : []),
    `Issue date: ${data.issueDate}`,
    `Due date: ${data.dueDate}`,
    `Order: ${data.orderId}`,
    ...(data.buyer.vatId ? [`Your VAT id: ${data.buyer.vatId}`] : []),
  ];
  for (const fact of facts) {
    layout.text(fact, 20, layout.y);
    layout.nextLine(4.5);
  }
  layout.nextLine(4);
  layout.text('Description', 20, layout.y, { bold: true });
  layout.text('Qty', 125, layout.y, { bold: true, align: 'right' });
  layout.text('Unit price', 150, layout.y, { bold: true, align: 'right' });
  layout.text('VAT', 165, layout.y, { bold: true, align: 'right' });
  layout.text('Net', 190, layout.y, { bold: true, align: 'right' });
  layout.nextLine(5);
  layout.rule(20, 190, layout.y - 1);
  for (const line of data.lines) {
    layout.text(line.description, 20, layout.y);
    layout.text(String(line.quantity), 125, layout.y, { align: 'right' });
    layout.text(money(line.unitNet, data.currency), 150, layout.y, { align: 'right' });
    layout.text(`${line.vatRate} %`, 165, layout.y, { align: 'right' });
    layout.text(money(line.net, data.currency), 190, layout.y, { align: 'right' });
    layout.nextLine(5);
  }
  for (const part of data.configuration) {
    layout.text(`  ${part.group}: ${part.choice}`, 20, layout.y, { size: 7 });
    layout.nextLine(3.5);
  }
  layout.rule(20, 190, layout.y);
  layout.nextLine(3);
  const totals: [string, number][] = [
    ['Net total', data.totals.net],
    ...data.vatBreakdown.map((entry): [string, number] => [`VAT ${entry.rate} % on ${money(entry.taxable, data.currency)}`, entry.tax]),
    ['Amount due', data.totals.gross],
  ];
  totals.forEach(([label, value], i) => {
    const bold = i === totals.length - 1;
    layout.text(label, 150, layout.y, { align: 'right', bold });
    layout.text(money(value, data.currency), 190, layout.y, { align: 'right', bold });
    layout.nextLine(5);
  });
  layout.nextLine(4);
  layout.text(`Payment terms: ${data.seller.paymentTerms}`, 20, layout.y);
  layout.nextLine(4.5);
  if (data.seller.iban) {
    layout.text(`Please pay to IBAN ${data.seller.iban}, reference ${data.number}`, 20, layout.y);
    layout.nextLine(4.5);
  }
  layout.text(`VAT id: ${data.seller.vatId}${data.seller.registrationId ? ` · ${data.seller.registrationId}` : ''}`, 20, layout.y, {
    size: 8,
  });
  return layout.save();
}

/**
 * The packing slip: what goes in the box (the build sheet, the packaging) and to whom. Never a
 * price. For a gift (a recipient, or gift packaging), the recipient's address and the message.
 */
export async function renderPackingSlip(order: DocumentOrder, seller: Seller): Promise<Uint8Array> {
  const gift = order.recipient !== undefined || order.packaging?.gift === true;
  const layout = await PdfLayout.create(`${gift ? 'Gift slip' : 'Packing slip'} ${order.orderId}`, seller.name);
  letterhead(layout, seller);
  windowAddress(layout, seller, order.recipient ?? order.buyer);
  layout.y = 100;
  layout.text(gift ? 'A gift for you' : 'Packing slip', 20, layout.y, { size: 14, bold: true });
  layout.nextLine(9);
  if (gift && order.recipient?.message) {
    for (const line of order.recipient.message.split('\n').slice(0, 12)) {
      layout.text(line, 20, layout.y, { size: 11 });
      layout.nextLine(5.5);
    }
    layout.text(`From ${order.buyer.name}`, 20, layout.y, { size: 10 });
    layout.nextLine(8);
  }
  layout.text(`Order: ${order.orderId}`, 20, layout.y);
  layout.nextLine(4.5);
  if (order.packaging) {
    layout.text(`Packaging: ${order.packaging.name}`, 20, layout.y);
    layout.nextLine(4.5);
  }
  layout.nextLine(3);
  layout.text(order.productName, 20, layout.y, { bold: true });
  layout.nextLine(5);
  for (const part of order.configuration) {
    layout.text(`${part.group}: ${part.choice}`, 20, layout.y);
    layout.nextLine(4.5);
  }
  layout.nextLine(3);
  layout.text('SKU', 20, layout.y, { bold: true });
  layout.text('Qty', 190, layout.y, { bold: true, align: 'right' });
  layout.nextLine(5);
  layout.rule(20, 190, layout.y - 1);
  for (const line of order.buildSheet) {
    layout.text(line.sku, 20, layout.y);
    layout.text(String(line.qty), 190, layout.y, { align: 'right' });
    layout.nextLine(4.5);
  }
  return layout.save();
}
