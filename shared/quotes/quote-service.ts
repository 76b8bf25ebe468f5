/**
 * Asking for a quote and reading quotes. Every line is configured with the engine at the
 * customer's prices (tier, partner price lists, perks) on today's catalog; a line that is not a
 * valid, complete configuration is named (`/lines/1/picks`) with the engine's reasons, and
 * nothing is written. Who sees a quote: its customer, the contacts of its company, a partner of
 * its tenant, an admin; anyone else gets "not found".
 */
import type { CallerIdentity } from '#core/caller';
import type { CompiledCatalogs, CompiledVersion } from '#catalog/compiled-catalogs';
import { withPickFindings } from '#catalog/pick-findings';
import type { PriceList, Tier } from '#core/catalog-document';
import { type Finding, InvalidInputError, NotFoundError } from '#core/errors';
import { configure, type ConfigureAnswer, type Perks } from '#engine/index';
import { ownedCustomer, type CustomerLookup } from '#customers/access';
import type { CustomerProfile } from '#customers/profile';
import type { CompanyStore } from '#companies/ports';
import { visibleCompany } from '#companies/company-service';
import { priceLine } from '#orders/line-pricing';
import type { OrderLine } from '#orders/order';
import { totalsOrRefusal } from '#orders/placement';
import type { Quote, QuoteView } from './quote.ts';
import { viewOfQuote } from './quote.ts';
import type { QuoteStore } from './ports.ts';
import type { CreateQuoteRequest } from './schemas.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How many quotes one listing answers. */
export const QUOTE_LIST_LIMIT = 50;

export interface QuoteDeps {
  quotes: QuoteStore;
  companies: CompanyStore;
  customers: CustomerLookup;
  catalogs: CompiledCatalogs;
  priceLists: (tenantId: string) => Promise<PriceList[]>;
  tierPerks: (tenantId: string, tier: Tier) => Promise<Perks>;
  now: () => Date;
  newQuoteId: () => string;
}

/** Every selected choice of an answer, group by group. */
function selectedPicks(answer: ConfigureAnswer): string[] {
  return answer.groups.flatMap((g) => g.choices.filter((c) => c.state === 'selected').map((c) => `${g.id}.${c.id}`));
}

/** The lines of a quote priced for a customer, or an InvalidInputError naming every failing line. */
export async function priceQuoteLines(
  deps: Pick<QuoteDeps, 'catalogs' | 'priceLists' | 'tierPerks'>,
  customer: CustomerProfile,
  lines: CreateQuoteRequest['lines'],
  today: string,
): Promise<
  Omit<Quote, 'quoteId' | 'tenantId' | 'customerId' | 'status' | 'statusHistory' | 'createdAt' | 'expiresAt' | 'shipTo' | 'totals'>
> {
  const [priceLists, perks] = await Promise.all([deps.priceLists(customer.tenantId), deps.tierPerks(customer.tenantId, customer.tier)]);
  const catalogs = new Map<string, Promise<CompiledVersion | undefined>>();
  const catalogOf = (productId: string) => {
    if (!catalogs.has(productId))
      catalogs.set(
        productId,
        deps.catalogs.get(productId).catch((error: unknown) => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        }),
      );
    return catalogs.get(productId)!;
  };
  // Identical lines (same product and picks) are configured once.
  const answers = new Map<string, ConfigureAnswer>();
  const findings: Finding[] = [];
  const priced: OrderLine[] = [];
  let first: ConfigureAnswer | undefined;
  let latest: ConfigureAnswer['dates'] | undefined;
  let currency: string | undefined;
  for (const [i, line] of lines.entries()) {
    const catalog = await catalogOf(line.productId);
    if (!catalog) {
      findings.push({ path: ['lines', i, 'productId'], code: 'unknown-product', message: `no product ${line.productId} is published` });
      continue;
    }
    const key = `${line.productId}\u0000${line.picks.join('\u0000')}`;
    let answer = answers.get(key);
    try {
      answer ??= withPickFindings(line.picks, { productId: line.productId, version: catalog.version }, () =>
        configure(catalog.compiled, line.picks, { tier: customer.tier, today, priceLists, perks }),
      );
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      findings.push(...error.findings.map((f) => ({ ...f, path: ['lines', i, ...f.path] })));
      continue;
    }
    answers.set(key, answer);
    if (!answer.valid) {
      findings.push(
        ...answer.conflicts.map((c) => ({
          path: ['lines', i, 'picks'],
          code: `conflict:${c.rule}`,
          message: `${c.message} (${c.picks.join(', ')})`,
        })),
      );
      continue;
    }
    if (!answer.complete || !answer.buildSheet) {
      const missing = answer.groups.filter((g) => !g.emptyAllowed && !g.choices.some((c) => c.state === 'selected'));
      findings.push(...missing.map((g) => ({ path: ['lines', i, 'picks'], code: 'incomplete', message: `choose a ${g.id}` })));
      continue;
    }
    if (currency !== undefined && answer.price.currency !== currency) {
      findings.push({
        path: ['lines', i, 'productId'],
        code: 'currency-mismatch',
        message: `priced in ${answer.price.currency}, not ${currency}`,
      });
      continue;
    }
    currency = answer.price.currency;
    first ??= answer;
    if (!latest || answer.dates.deliverBy > latest.deliverBy) latest = answer.dates;
    const { unitPrice, lineTotal } = priceLine(answer.price.total, line.quantity, catalog.compiled.doc.volumeBreaks);
    priced.push({
      lineId: `l${i + 1}`,
      productId: line.productId,
      catalogVersion: catalog.version,
      picks: selectedPicks(answer),
      quantity: line.quantity,
      unitPrice,
      lineTotal,
    });
  }
  if (findings.length || !first || !latest || currency === undefined)
    throw new InvalidInputError(`${new Set(findings.map((f) => f.path[1])).size} line(s) are not valid, complete configurations`, findings);
  return { currency, lines: priced, dates: latest, lead: { price: first.price, buildSheet: first.buildSheet ?? [] } };
}

/** `POST /quotes`: priced, locked until `expiresAt`, stored. */
export async function createQuote(deps: QuoteDeps, caller: CallerIdentity, request: CreateQuoteRequest): Promise<QuoteView> {
  const customer = await ownedCustomer(caller, request.customerId, deps.customers);
  const now = deps.now();
  // An unknown country is named before any line is priced.
  totalsOrRefusal([], request.shipTo);
  const [priced, membership] = await Promise.all([
    priceQuoteLines(deps, customer, request.lines, now.toISOString().slice(0, 10)),
    deps.companies.membershipOf(customer.tenantId, customer.customerId),
  ]);
  const quote: Quote = {
    quoteId: deps.newQuoteId(),
    tenantId: customer.tenantId,
    customerId: customer.customerId,
    ...(membership ? { companyId: membership.companyId } : {}),
    status: 'open',
    statusHistory: [{ status: 'open', at: now.toISOString() }],
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + (request.expiresInDays ?? 30) * DAY_MS).toISOString(),
    ...priced,
    totals: totalsOrRefusal(priced.lines, request.shipTo),
    shipTo: request.shipTo,
  };
  await deps.quotes.create(quote);
  return viewOfQuote(quote, now);
}

/** A quote the caller may see, or NotFoundError (never "forbidden"). */
export async function visibleQuote(deps: Pick<QuoteDeps, 'quotes' | 'companies'>, caller: CallerIdentity, quoteId: string): Promise<Quote> {
  const notFound = new NotFoundError(`quote ${quoteId} not found`);
  const quote = await deps.quotes.find(quoteId, caller.kind === 'admin' ? undefined : caller.tenantId);
  if (!quote) throw notFound;
  if (caller.kind !== 'customer' || caller.customerId === quote.customerId) return quote;
  if (!quote.companyId) throw notFound;
  const contact = await deps.companies.membershipOf(caller.tenantId, caller.customerId);
  if (contact?.companyId !== quote.companyId) throw notFound;
  return quote;
}

/** `GET /quotes/{quoteId}`. */
export async function viewQuote(deps: QuoteDeps, caller: CallerIdentity, quoteId: string): Promise<QuoteView> {
  return viewOfQuote(await visibleQuote(deps, caller, quoteId), deps.now());
}

/** `GET /customers/{customerId}/quotes`: newest first. */
export async function listCustomerQuotes(deps: QuoteDeps, caller: CallerIdentity, customerId: string): Promise<QuoteView[]> {
  const customer = await ownedCustomer(caller, customerId, deps.customers);
  const now = deps.now();
  return (await deps.quotes.listForCustomer(customer.tenantId, customer.customerId, QUOTE_LIST_LIMIT)).map((q) => viewOfQuote(q, now));
}

/** `GET /companies/{companyId}/quotes`: newest first. */
export async function listCompanyQuotes(deps: QuoteDeps, caller: CallerIdentity, companyId: string): Promise<QuoteView[]> {
  const { company } = await visibleCompany(deps.companies, caller, companyId);
  const now = deps.now();
  return (await deps.quotes.listForCompany(company.tenantId, company.companyId, QUOTE_LIST_LIMIT)).map((q) => viewOfQuote(q, now));
}
