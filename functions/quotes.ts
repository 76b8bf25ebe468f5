/** Quotes: ask, read, list, and decide (accept, approve, reject) exactly once per Idempotency-Key. */
import { recordMetric } from '#http/observability';
import { createFunctionHandler } from '#http/handler';
import { decideQuote, type QuoteDecision } from '#quotes/quote-decisions';
import { createQuote, listCompanyQuotes, listCustomerQuotes, viewQuote } from '#quotes/quote-service';
import type { CallerIdentity } from '#core/caller';
import type { HttpResult } from '#http/handler';
import { quoteDeps } from './runtime.ts';

/** A decision's answer: 201 with the order, 202 with the quote waiting for approval, 200 with the quote rejected. */
async function decision(
  caller: CallerIdentity,
  decision: QuoteDecision,
  quoteId: string,
  customerId: string,
  idempotencyKey: string,
): Promise<HttpResult> {
  const result = await decideQuote(quoteDeps, caller, { decision, quoteId, customerId, idempotencyKey });
  const replayed: Record<string, string> = result.replayed ? { 'Idempotent-Replayed': 'true' } : {};
  if (result.outcome === 'ordered') {
    if (!result.replayed) recordMetric('OrdersPlaced');
    return { status: 201, headers: { Location: `/orders/${result.order.orderId}`, ...replayed }, body: result.order };
  }
  return { status: result.outcome === 'pending-approval' ? 202 : 200, headers: replayed, body: result.quote };
}

export const handler = createFunctionHandler('quotes', {
  'POST /quotes': async ({ body, caller }) => {
    const quote = await createQuote(quoteDeps, caller, body);
    return { status: 201, headers: { Location: `/quotes/${quote.quoteId}` }, body: quote };
  },
  'GET /quotes/{quoteId}': async ({ path, caller }) => ({ status: 200, body: await viewQuote(quoteDeps, caller, path.quoteId) }),
  'GET /customers/{customerId}/quotes': async ({ path, caller }) => ({
    status: 200,
    body: { items: await listCustomerQuotes(quoteDeps, caller, path.customerId) },
  }),
  'GET /companies/{companyId}/quotes': async ({ path, caller }) => ({
    status: 200,
    body: { items: await listCompanyQuotes(quoteDeps, caller, path.companyId) },
  }),
  'POST /quotes/{quoteId}/accept': ({ path, body, headers, caller }) =>
    decision(caller, 'accept', path.quoteId, body.customerId, headers.idempotencyKey),
  'POST /quotes/{quoteId}/approve': ({ path, body, headers, caller }) =>
    decision(caller, 'approve', path.quoteId, body.customerId, headers.idempotencyKey),
  'POST /quotes/{quoteId}/reject': ({ path, body, headers, caller }) =>
    decision(caller, 'reject', path.quoteId, body.customerId, headers.idempotencyKey),
});
