/**
 * What the quote use cases need from storage, in the domain's words (`shared/store`
 * implements them).
 */
import type { IdempotencyClaim } from '#orders/ports';
import type { Order } from '#orders/order';
import type { Quote, StoredQuoteStatus } from './quote.ts';

/** One decision on a quote, written with its idempotency record: all or nothing. */
export interface QuoteDecisionWrite {
  quote: Quote;
  /** The status the quote must still have (else ConflictError: someone decided first). */
  from: StoredQuoteStatus;
  to: StoredQuoteStatus;
  by: string;
  at: string;
  idempotencyKey: string;
  requestHash: string;
  /** The answer replayed for the same key and body. */
  statusCode: number;
  responseBody: string;
  /** The order placed by this decision (`to: 'ordered'`). */
  order?: Order;
}

export interface QuoteStore {
  /** The quote and its id pointer (and the company's listing entry). */
  create(quote: Quote): Promise<void>;
  /** A quote by id within a tenant (tenant callers) or anywhere (admins). */
  find(quoteId: string, tenantId?: string): Promise<Quote | undefined>;
  /** A customer's quotes, newest first (at most `limit`). */
  listForCustomer(tenantId: string, customerId: string, limit: number): Promise<Quote[]>;
  /** A company's quotes, newest first (at most `limit`). */
  listForCompany(tenantId: string, companyId: string, limit: number): Promise<Quote[]>;
  claim(tenantId: string, idempotencyKey: string, requestHash: string, now: Date): Promise<IdempotencyClaim>;
  release(tenantId: string, idempotencyKey: string, requestHash: string): Promise<void>;
  decide(write: QuoteDecisionWrite): Promise<void>;
}
