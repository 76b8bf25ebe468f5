/**
 * What the customer use cases need from storage, in the domain's words (implemented by
 * `shared/store`).
 */
import type { Touchpoint } from './profile.ts';

/** The last configuration of one product, where the customer stopped. */
export interface RememberedConfiguration {
  productId: string;
  catalogVersion: number;
  picks: string[];
  /** Optimistic-locking version, sent back as `If-Match`. */
  version: number;
  savedAt: string;
  channel: Touchpoint['channel'];
}

/** The Idempotency-Key a customer was created with, kept with the customer (same transaction). */
export interface CreationKey {
  idempotencyKey: string;
  /** What the client sent, so a key reused for another customer is told apart from a retry. */
  requestHash: string;
}
