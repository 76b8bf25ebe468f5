/**
 * Orders and their life cycle. An order snapshots everything it was sold with (catalog
 * version, picks, price, dates, build sheet): later catalog changes never alter it.
 */
import type { BuildSheetLine, PriceBreakdown, PromisedDates } from '#engine/index';
import type { Channel } from '#customers/profile';
import { InvalidInputError } from '#core/errors';

import type { OrderStatus } from './schemas.ts';

export type { OrderStatus };

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
  /** The invoice issued when the order shipped (number sequential per tenant and year); never changed after. */
  invoice?: IssuedInvoice;
}

/** An invoice as the order records it. */
export interface IssuedInvoice {
  /** `<year>-<sequence, 6 digits>`, e.g. 2026-000042: gapless per tenant and year. */
  number: string;
  issuedAt: string;
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
