/**
 * What the order use cases need from storage, in the domain's words. `shared/store`
 * implements these ports; nothing here knows DynamoDB.
 */
import type { Tier } from '#core/catalog-document';
import type { Preferences, Touchpoint } from '#customers/profile';
import type { Order } from './order.ts';
import type { PriceLineAmount } from './price-difference.ts';
import type { RepeatOrderChange } from './repeat-order.ts';

/** The customer's next order of a product, assembled when the last one was placed. */
export interface StoredRepeatOrder {
  productId: string;
  catalogVersion: number;
  picks: string[];
  /** Picks the customer made themself (kept first when a repair is needed). */
  explicitPicks: string[];
  /** The service preferences in force when it was assembled. */
  preferences: Pick<Preferences, 'packaging' | 'invoice' | 'delivery'>;
  total: number;
  /** The price lines of `total` (what each choice cost), to explain the next price against. */
  priceLines?: PriceLineAmount[];
  currency: string;
  assembledAt: string;
  sourceOrderId: string;
  /**
   * The customer's tier and service preferences as they are now, kept current by whoever
   * changes them (preferences, the tier job), so a returning customer's repeat order is one
   * GetItem.
   */
  customer: { tier: Tier; preferences: Pick<Preferences, 'packaging' | 'invoice' | 'delivery'> };
  /**
   * Set when the order was re-assembled after a catalog change: what changed since the
   * customer's last order, kept until their next one, so every visit shows it, not just the first.
   */
  repair?: { changes: RepeatOrderChange[]; previousTotal: number; previousVersion: number; previousLines?: PriceLineAmount[] };
}

export type IdempotencyClaim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; statusCode: number; body: string }
  | { outcome: 'in-flight'; retryAfterSeconds: number }
  | { outcome: 'mismatch' };

export interface PlaceOrderWrite {
  order: Order;
  idempotencyKey: string;
  requestHash: string;
  /** The exact response body, replayed byte for byte for the same key and body. */
  responseBody: string;
  /** Set for a customer-facing order (the customer's own, or a partner's with the customer present): it moves the last touchpoint. */
  touchpoint?: Touchpoint;
  /**
   * Absent for a one-off order: memory stays as it was. `configurationPicks`: what the
   * remembered configuration keeps, the customer's own picks without those that merely followed
   * a preference, so a preference changed later applies when they continue it.
   */
  memory?: { repeatOrder: StoredRepeatOrder; configurationPicks: string[] };
}

/** Idempotency records and the order transaction. */
export interface OrderStore {
  claim(tenantId: string, idempotencyKey: string, requestHash: string, now: Date): Promise<IdempotencyClaim>;
  /**
   * Gives a claimed key back, best effort: it never throws, and it waits only for what is left
   * of the request's store deadline (nothing, after a timeout), so it never delays the answer.
   * A key not given back stays locked until its lock lapses.
   */
  release(tenantId: string, idempotencyKey: string, requestHash: string): Promise<void>;
  place(write: PlaceOrderWrite): Promise<void>;
}

/** The pre-assembled repeat orders. */
export interface RepeatOrderSource {
  getRepeatOrder(tenantId: string, customerId: string, productId: string): Promise<StoredRepeatOrder | undefined>;
}
