/**
 * The invoice in the format the customer chose (the `format` of their invoice-format pick):
 * `pdf` a hybrid Factur-X PDF (readable, and EN 16931 CII inside), `paper` a print-ready A4 PDF
 * for the window envelope, `edi` EN 16931 UBL 2.1 XML (Peppol BIS Billing 3.0).
 */
import type { InvoiceFormat } from '#core/catalog-document';
import { renderFacturX, renderUbl } from './e-invoice.ts';
import type { InvoiceData } from './invoice-data.ts';
import { renderInvoicePdf } from './pdf-documents.ts';

/** A rendered document: its bytes and how to serve them. */
export interface RenderedDocument {
  bytes: Uint8Array;
  contentType: 'application/pdf' | 'application/xml';
  filename: string;
}

export async function renderInvoice(data: InvoiceData, format: InvoiceFormat): Promise<RenderedDocument> {
  const base = `${data.kind}-${data.number}`;
  if (format === 'edi') {
    return { bytes: new TextEncoder().encode(await renderUbl(data)), contentType: 'application/xml', filename: `${base}.xml` };
  }
  const pdf = await renderInvoicePdf(data, { paper: format === 'paper' });
  const bytes = format === 'pdf' ? await renderFacturX(data, pdf) : pdf;
  return { bytes, contentType: 'application/pdf', filename: `${base}.pdf` };
}
