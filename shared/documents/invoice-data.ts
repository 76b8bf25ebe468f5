/**
 * What every document of an order is drawn from: lines, VAT breakdown and totals in minor
 * units, the seller, the buyer and the recipient. Pure: built from an order and the seller data,
 * so each renderer only lays it out. An order that brings its own lines and VAT totals (business
 * orders) is taken as it is; a single-line order of today becomes one line, the configured
 * product at its price, VAT at the seller's rate on top.
 */
import type { BuildSheetLine, PriceBreakdown } from '#engine/index';
import type { PostalAddress, Seller } from './schemas.ts';

/** One invoiced line; amounts in minor units of the document's currency. */
export interface DocumentLine {
  description: string;
  quantity: number;
  /** Net price of one unit. */
  unitNet: number;
  /** quantity × unitNet. */
  net: number;
  /** VAT rate in percent. */
  vatRate: number;
}

/** Net, VAT and gross in minor units. */
export interface VatTotals {
  net: number;
  tax: number;
  gross: number;
}

/** A party the documents name: the buyer (invoice) or the recipient (packing and gift slips). */
export interface DocumentParty {
  name: string;
  address?: PostalAddress;
  vatId?: string;
  email?: string;
}

/** The order, as the documents need it (a subset of `Order` plus what business orders add). */
export interface DocumentOrder {
  orderId: string;
  productId: string;
  /** The product's name as the catalog calls it. */
  productName: string;
  price: PriceBreakdown;
  buildSheet: BuildSheetLine[];
  placedAt: string;
  /** Lines of a business order; absent: one line, the configured product. */
  lines?: DocumentLine[];
  /** VAT totals of a business order; absent: computed at the seller's rate. */
  totals?: VatTotals;
  buyer: DocumentParty;
  /** A gift order's recipient (another address than the buyer's), and the message. */
  recipient?: DocumentParty & { message?: string };
  /** The names of the picks, to print what was built ("Processor: Core i7"). */
  configuration: { group: string; choice: string }[];
  /** The chosen packaging, and whether it is a gift packaging. */
  packaging?: { name: string; gift: boolean };
}

/** An invoice or credit note as every format prints it. */
export interface InvoiceData {
  kind: 'invoice' | 'credit-note';
  /** The invoice number (BT-1), e.g. 2026-000042. */
  number: string;
  /** For a credit note: the invoice it corrects (BT-25). */
  correcting?: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  orderId: string;
  seller: Seller;
  buyer: DocumentParty;
  lines: DocumentLine[];
  /** One entry per VAT rate (BG-23). */
  vatBreakdown: { rate: number; taxable: number; tax: number }[];
  totals: VatTotals;
  configuration: { group: string; choice: string }[];
}

const DAY_MS = 86_400_000;

/** VAT of an amount at a rate, rounded half up to the minor unit. */
export function vatOf(net: number, rate: number): number {
  return Math.round((net * rate) / 100);
}

/** The lines, VAT breakdown and totals of an order: its own, or one line at the seller's rate. */
export function linesAndTotals(order: DocumentOrder, seller: Seller): Pick<InvoiceData, 'lines' | 'vatBreakdown' | 'totals'> {
  const lines = order.lines ?? [
    { description: order.productName, quantity: 1, unitNet: order.price.total, net: order.price.total, vatRate: seller.vatRate },
  ];
  const byRate = new Map<number, number>();
  for (const line of lines) byRate.set(line.vatRate, (byRate.get(line.vatRate) ?? 0) + line.net);
  const vatBreakdown = [...byRate].map(([rate, taxable]) => ({ rate, taxable, tax: vatOf(taxable, rate) }));
  const net = lines.reduce((sum, line) => sum + line.net, 0);
  const tax = vatBreakdown.reduce((sum, entry) => sum + entry.tax, 0);
  return { lines, vatBreakdown, totals: order.totals ?? { net, tax, gross: net + tax } };
}

/** The invoice of an order: number and issue date given (assigned when it shipped), due after the seller's terms. */
export function invoiceDataOf(order: DocumentOrder, seller: Seller, number: string, issuedAt: string): InvoiceData {
  const issueDate = issuedAt.slice(0, 10);
  const due = new Date(Date.parse(`${issueDate}T00:00:00Z`) + seller.paymentTermsDays * DAY_MS).toISOString().slice(0, 10);
  return {
    kind: 'invoice',
    number,
    issueDate,
    dueDate: due,
    currency: order.price.currency,
    orderId: order.orderId,
    seller,
    buyer: order.buyer,
    ...linesAndTotals(order, seller),
    configuration: order.configuration,
  };
}

/** Minor units as the decimal string e-invoices and print use (two decimals: EUR and the like). */
export function decimal(minor: number): string {
  return (minor / 100).toFixed(2);
}
