/**
 * Quotes: several configured lines with quantities, priced and locked (catalog versions, unit
 * prices, VAT, dates) until `expiresAt`, whatever is published meanwhile. A quote of a company
 * contact belongs to the company: its contacts may accept it, within their spending limit;
 * above it an approver of the company decides.
 */
import type { BuildSheetLine, PriceBreakdown, PromisedDates } from '#engine/index';
import type { Channel } from '#customers/profile';
import type { Order, OrderLine, ShipTo, Totals } from '#orders/order';
import type { QuoteStatus } from './schemas.ts';

export type { QuoteStatus };

/** The statuses stored; `expired` is derived from `expiresAt`. */
export type StoredQuoteStatus = Exclude<QuoteStatus, 'expired'>;

export interface Quote {
  quoteId: string;
  tenantId: string;
  customerId: string;
  /** The company the customer belonged to when asking: its contacts share the quote. */
  companyId?: string;
  status: StoredQuoteStatus;
  statusHistory: { status: StoredQuoteStatus; at: string; by?: string }[];
  createdAt: string;
  expiresAt: string;
  currency: string;
  lines: OrderLine[];
  totals: Totals;
  shipTo: ShipTo;
  /** The latest promise over the lines, as of the quote. */
  dates: PromisedDates;
  /** The order made from it, once ordered. */
  orderId?: string;
  /**
   * What the order's single-product fields describe: its first line's one-unit price breakdown
   * and build sheet (kept out of the API's view of the quote).
   */
  lead: { price: PriceBreakdown; buildSheet: BuildSheetLine[] };
}

/** A quote as the API shows it: `expired` once past `expiresAt` while still undecided. */
export type QuoteView = Omit<Quote, 'lead' | 'status'> & { status: QuoteStatus };

/** Is the quote past its `expiresAt`? */
export function isExpired(quote: Pick<Quote, 'expiresAt'>, now: Date): boolean {
  return now.getTime() >= Date.parse(quote.expiresAt);
}

/** The API's view of a quote at `now`. */
export function viewOfQuote(quote: Quote, now: Date): QuoteView {
  const { lead: _lead, ...rest } = quote;
  const undecided = quote.status === 'open' || quote.status === 'pending-approval';
  return { ...rest, status: undecided && isExpired(quote, now) ? 'expired' : quote.status };
}

/** The order of a quote: exactly the quoted lines, totals, dates and ship-to address. */
export function orderFromQuote(quote: Quote, orderId: string, channel: Channel, now: Date): Order {
  const first = quote.lines[0]!;
  return {
    orderId,
    tenantId: quote.tenantId,
    customerId: quote.customerId,
    productId: first.productId,
    catalogVersion: first.catalogVersion,
    picks: first.picks,
    status: 'placed',
    statusHistory: [{ status: 'placed', at: now.toISOString() }],
    price: quote.lead.price,
    dates: quote.dates,
    buildSheet: quote.lead.buildSheet,
    placedAt: now.toISOString(),
    channel,
    // A business order leaves the customer's one-product memory (repeat order) as it was.
    remember: false,
    fromRepeatOrder: false,
    lines: quote.lines,
    totals: quote.totals,
    shipTo: quote.shipTo,
    quoteId: quote.quoteId,
  };
}
