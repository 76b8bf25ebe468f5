/**
 * Deciding on a quote, exactly once per Idempotency-Key (the same key and body replay the same
 * answer, as `POST /orders` does): a contact of the quote's company (or its customer, without a
 * company) accepts it; within their spending limit (or without one) that places the order with
 * exactly the quoted lines and totals, above it the quote waits for an approver of the company,
 * who approves (the order) or rejects it. A buyer cannot approve (forbidden); anyone outside
 * the quote's tenant or company gets "not found"; an expired quote can only be quoted again.
 * Every decision is one transaction conditioned on the quote's status as read, so of any
 * number of concurrent decisions at most one wins.
 */
import type { CallerIdentity } from '#core/caller';
import { sha256Hex } from '#core/digest';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, QuoteExpiredError } from '#core/errors';
import { channelOf, ownedCustomer, type CustomerLookup } from '#customers/access';
import { mayApprove, withinLimit, type CompanyContact } from '#companies/company';
import type { CompanyStore } from '#companies/ports';
import type { Order } from '#orders/order';
import type { QuoteStore } from './ports.ts';
import { isExpired, orderFromQuote, type Quote, type QuoteView, type StoredQuoteStatus, viewOfQuote } from './quote.ts';

export type QuoteDecision = 'accept' | 'approve' | 'reject';

/** What a decision made: an order, or the quote waiting for an approver, or the quote rejected. */
export type DecisionOutcome =
  | { outcome: 'ordered'; order: Order; replayed: boolean }
  | { outcome: 'pending-approval' | 'rejected'; quote: QuoteView; replayed: boolean };

/** The status code kept with the idempotency record of each outcome, replayed for the same key and body. */
const RECORDED_STATUS = { ordered: 201, 'pending-approval': 202, rejected: 200 } as const;

export interface DecisionDeps {
  quotes: QuoteStore;
  companies: CompanyStore;
  customers: CustomerLookup;
  now: () => Date;
  newOrderId: () => string;
}

export interface DecisionCommand {
  decision: QuoteDecision;
  quoteId: string;
  /** Who decides: a customer the caller acts for. */
  customerId: string;
  idempotencyKey: string;
}

/** Decides on a quote, exactly once per Idempotency-Key. */
export async function decideQuote(deps: DecisionDeps, caller: CallerIdentity, command: DecisionCommand): Promise<DecisionOutcome> {
  const actor = await ownedCustomer(caller, command.customerId, deps.customers);
  const notFound = new NotFoundError(`quote ${command.quoteId} not found`);
  const quote = await deps.quotes.find(command.quoteId, actor.tenantId);
  if (!quote) throw notFound;
  const contact = quote.companyId ? await deps.companies.membershipOf(actor.tenantId, actor.customerId) : undefined;
  if (quote.companyId ? contact?.companyId !== quote.companyId : quote.customerId !== actor.customerId) throw notFound;
  if (command.decision !== 'accept' && !(contact && mayApprove(contact)))
    throw new ForbiddenError(`only an approver of the company may ${command.decision} a quote`);

  const requestHash = sha256Hex(JSON.stringify([command.decision, command.quoteId, command.customerId]));
  const now = deps.now();
  const claim = await deps.quotes.claim(actor.tenantId, command.idempotencyKey, requestHash, now);
  if (claim.outcome === 'replay') return replayOf(claim.statusCode, claim.body);
  if (claim.outcome === 'in-flight')
    throw new ConflictError(
      'a request with this Idempotency-Key is still being processed; retry the same request after Retry-After seconds',
      claim.retryAfterSeconds,
    );
  if (claim.outcome === 'mismatch')
    throw new InvalidInputError('this Idempotency-Key was used for a different request', [
      { path: ['header', 'idempotency-key'], code: 'idempotency-key-reused', message: 'use a new key for a new decision' },
    ]);
  try {
    return await decide(deps, caller, command, quote, contact, requestHash, now);
  } catch (error) {
    // Nothing was written (one transaction): the key goes back, so a retry runs at once.
    await deps.quotes.release(actor.tenantId, command.idempotencyKey, requestHash).catch(() => undefined);
    throw error;
  }
}

function replayOf(statusCode: number, body: string): DecisionOutcome {
  if (statusCode === RECORDED_STATUS.ordered) return { outcome: 'ordered', order: JSON.parse(body) as Order, replayed: true };
  return {
    outcome: statusCode === RECORDED_STATUS.rejected ? 'rejected' : 'pending-approval',
    quote: JSON.parse(body) as QuoteView,
    replayed: true,
  };
}

async function decide(
  deps: DecisionDeps,
  caller: CallerIdentity,
  command: DecisionCommand,
  quote: Quote,
  contact: CompanyContact | undefined,
  requestHash: string,
  now: Date,
): Promise<DecisionOutcome> {
  const expected: StoredQuoteStatus = command.decision === 'accept' ? 'open' : 'pending-approval';
  if (quote.status !== expected)
    throw new ConflictError(`quote ${quote.quoteId} is ${quote.status}; it cannot be ${command.decision}ed now`);
  if (isExpired(quote, now))
    throw new QuoteExpiredError(`quote ${quote.quoteId} expired at ${quote.expiresAt}; ask for a new quote`, quote.expiresAt);
  const at = now.toISOString();
  const base = { quote, from: expected, by: command.customerId, at, idempotencyKey: command.idempotencyKey, requestHash };
  if (command.decision === 'reject' || (command.decision === 'accept' && !withinLimit(contact, quote.totals.gross))) {
    const to = command.decision === 'reject' ? 'rejected' : 'pending-approval';
    const decided: Quote = { ...quote, status: to, statusHistory: [...quote.statusHistory, { status: to, at, by: command.customerId }] };
    const view = viewOfQuote(decided, now);
    await deps.quotes.decide({ ...base, to, statusCode: RECORDED_STATUS[to], responseBody: JSON.stringify(view) });
    return { outcome: to, quote: view, replayed: false };
  }
  const order = orderFromQuote(quote, deps.newOrderId(), channelOf(caller), now);
  await deps.quotes.decide({ ...base, to: 'ordered', statusCode: RECORDED_STATUS.ordered, responseBody: JSON.stringify(order), order });
  return { outcome: 'ordered', order, replayed: false };
}
