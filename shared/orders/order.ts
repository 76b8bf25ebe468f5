/**
 * Orders and their life cycle. An order snapshots everything it was sold with (catalog
 * version, picks, price, dates, build sheet): later catalog changes never alter it.
 */
import type { BuildSheetLine, PriceBreakdown, PromisedDates } from '#engine/index';
import type { Channel } from '#customers/profile';
import { InvalidInputError } from '#core/errors';

import type { Totals } from './line-pricing.ts';
import type { Gift, OrderStatus, ShipTo } from './schemas.ts';

export type { Gift, OrderStatus, ShipTo, Totals };

/** One line of an order or a quote: a configured product, a quantity, its prices as sold. */
export interface OrderLine {
  lineId: string;
  productId: string;
  catalogVersion: number;
  /** Every selected choice. */
  picks: string[];
  quantity: number;
  /** One unit, after tier and partner prices and the volume break reached. */
  unitPrice: number;
  /** `unitPrice × quantity`. */
  lineTotal: number;
}

/** The transitions an order may make; everything else is refused. */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['in-production', 'cancelled'],
  'in-production': ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

export interface Order {
  orderId: string;
  tenantId: string;
  customerId: string;
  productId: string;
  catalogVersion: number;
  picks: string[];
  status: OrderStatus;
  statusHistory: { status: OrderStatus; at: string }[];
  price: PriceBreakdown;
  dates: PromisedDates;
  buildSheet: BuildSheetLine[];
  placedAt: string;
  channel: Channel;
  /** False for one-off orders (gifts) that leave the customer's memory untouched. */
  remember: boolean;
  fromRepeatOrder: boolean;
  /** Present on a gift (always a one-off order): who receives it. Removed when the customer is erased. */
  gift?: Gift;
  /**
   * What was sold: one line for a single-product order (`productId`, `picks`, `price` describe
   * one unit of it), every quoted line for an order from a quote (then the fields above describe
   * its first line).
   */
  lines: OrderLine[];
  /** What the order costs: `net = Σ lineTotal`, VAT by `shipTo.country` (0 without `shipTo`). */
  totals: Totals;
  shipTo?: ShipTo;
  /** The quote this order was made from. */
  quoteId?: string;
  /** The invoice issued when the order shipped (number sequential per tenant and year); never changed after. */
  invoice?: IssuedInvoice;
}

/** An invoice as the order records it. */
export interface IssuedInvoice {
  /** `<year>-<sequence, 6 digits>`, e.g. 2026-000042: gapless per tenant and year. */
  number: string;
  issuedAt: string;
}

/**
 * An order as the API shows it: orders placed before orders had lines get their one line
 * (quantity 1 at `price.total`) and totals, derived from what they were sold with.
 */
export function withLines(order: Order): Order {
  if (order.lines && order.totals) return order;
  const total = order.price.total;
  return {
    ...order,
    lines: [
      {
        lineId: 'l1',
        productId: order.productId,
        catalogVersion: order.catalogVersion,
        picks: order.picks,
        quantity: 1,
        unitPrice: total,
        lineTotal: total,
      },
    ],
    totals: { net: total, tax: 0, gross: total },
  };
}

/** Throws `InvalidInputError` unless `from → to` is an allowed transition. */
export function checkTransition(from: OrderStatus, to: OrderStatus): void {
  if (!ORDER_TRANSITIONS[from].includes(to)) {
    const allowed = ORDER_TRANSITIONS[from];
    throw new InvalidInputError(`an order that is ${from} cannot become ${to}`, [
      {
        path: ['status'],
        code: 'transition-not-allowed',
        message: allowed.length ? `from ${from} it can become ${allowed.join(' or ')}` : `a ${from} order is final`,
      },
    ]);
  }
}
