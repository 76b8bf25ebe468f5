/**
 * The pure request builders of the company and quote repositories: which items each transaction
 * names, with which conditions (one company per customer, a decision conditioned on the quote's
 * status as read, the idempotency record's replayed status), and the listing queries.
 */
import { describe, expect, it } from 'vitest';
import type { Company, CompanyContact } from '#companies/company';
import type { Order } from '#orders/order';
import type { Quote } from '#quotes/quote';
import { buildAddContactTransaction, buildCreateCompanyTransaction, buildPutStandard } from '#store/company-repository';
import {
  buildCreateQuoteTransaction,
  buildDecideQuoteTransaction,
  buildListCompanyQuotes,
  buildListCustomerQuotes,
} from '#store/quote-repository';

const AT = '2026-12-05T08:00:00.000Z';
const company: Company = { companyId: 'co_1', tenantId: 'acme', name: 'Acme', createdAt: AT };
const contact: CompanyContact = { companyId: 'co_1', customerId: 'c1', role: 'buyer', spendingLimit: 100, addedAt: AT };
const line = { lineId: 'l1', productId: 'laptop', catalogVersion: 3, picks: ['cpu.i7'], quantity: 2, unitPrice: 100, lineTotal: 200 };
const quote: Quote = {
  quoteId: 'q_1',
  tenantId: 'acme',
  customerId: 'c1',
  companyId: 'co_1',
  status: 'open',
  statusHistory: [{ status: 'open', at: AT }],
  createdAt: AT,
  expiresAt: '2027-01-04T08:00:00.000Z',
  currency: 'EUR',
  lines: [line],
  totals: { net: 200, tax: 38, gross: 238 },
  shipTo: { country: 'DE' },
  dates: { leadDays: 3, transitDays: 2, shipBy: '2026-12-10', deliverBy: '2026-12-14' },
  lead: { price: { currency: 'EUR', total: 100, lines: [] }, buildSheet: [] },
};

describe('company repository requests', () => {
  it('creates a company with its id pointer, both only if new', () => {
    // Act
    const transaction = buildCreateCompanyTransaction('t', company);
    // Assess
    expect(transaction.names).toEqual(['company', 'company-pointer']);
    const [profile, pointer] = transaction.input.TransactItems!;
    expect(profile!.Put!.Item).toMatchObject({ PK: 'TENANT#acme#COMPANY#co_1', SK: 'PROFILE', name: 'Acme' });
    expect(pointer!.Put!.Item).toEqual({ PK: 'COMPANY#co_1', SK: 'COMPANY', tenantId: 'acme' });
    expect(pointer!.Put!.ConditionExpression).toBe('attribute_not_exists(PK)');
  });

  it('adds a contact only to an existing company and customer, and only once per customer', () => {
    // Act
    const transaction = buildAddContactTransaction('t', company, contact);
    // Assess
    expect(transaction.names).toEqual(['company', 'customer', 'contact', 'membership']);
    const items = transaction.input.TransactItems!;
    expect(items[1]!.ConditionCheck!.Key).toEqual({ PK: 'TENANT#acme#CUSTOMER#c1', SK: 'PROFILE' });
    expect(items[3]!.Put!.Item).toMatchObject({ PK: 'TENANT#acme#CUSTOMER#c1', SK: 'COMPANY', companyId: 'co_1', role: 'buyer' });
    expect(items[3]!.Put!.ConditionExpression).toBe('attribute_not_exists(PK)');
  });

  it('saves a standard configuration under its name in the company partition', () => {
    // Act
    const put = buildPutStandard('t', company, {
      name: 'dev',
      productId: 'laptop',
      catalogVersion: 3,
      picks: ['cpu.i7'],
      total: 100,
      savedAt: AT,
    });
    // Assess
    expect(put.Item).toMatchObject({ PK: 'TENANT#acme#COMPANY#co_1', SK: 'STANDARD#dev' });
  });
});

describe('quote repository requests', () => {
  it("stores a company's quote in its customer's partition, listed for the company, with its pointer", () => {
    // Act
    const withCompany = buildCreateQuoteTransaction('t', quote);
    const { companyId: _c, ...alone } = quote;
    const withoutCompany = buildCreateQuoteTransaction('t', alone);
    // Assess
    expect(withCompany.names).toEqual(['quote', 'quote-pointer']);
    expect(withCompany.input.TransactItems![0]!.Put!.Item).toMatchObject({
      PK: 'TENANT#acme#CUSTOMER#c1',
      SK: 'QUOTE#q_1',
      GSI1PK: 'TENANT#acme#COMPANY#co_1#QUOTES',
      GSI1SK: 'q_1',
    });
    expect(withoutCompany.input.TransactItems![0]!.Put!.Item).not.toHaveProperty('GSI1PK');
    expect(withCompany.input.TransactItems![1]!.Put!.Item).toEqual({ PK: 'QUOTE#q_1', SK: 'QUOTE', tenantId: 'acme', customerId: 'c1' });
  });

  it('decides with the idempotency record keeping the status to replay, conditioned on the status as read', () => {
    // Act
    const transaction = buildDecideQuoteTransaction('t', {
      quote,
      from: 'open',
      to: 'pending-approval',
      by: 'c1',
      at: AT,
      idempotencyKey: 'key-12345',
      requestHash: 'h',
      statusCode: 202,
      responseBody: '{}',
    });
    // Assess
    expect(transaction.names).toEqual(['quote', 'idempotency']);
    const [update, record] = transaction.input.TransactItems!;
    expect(update!.Update!.ConditionExpression).toBe('#status = :from');
    expect(update!.Update!.ExpressionAttributeValues).toMatchObject({ ':from': 'open', ':to': 'pending-approval' });
    expect(record!.Update!.ExpressionAttributeValues).toMatchObject({ ':status': 202, ':hash': 'h' });
  });

  it('places the order of an approved quote in the same transaction: order, pointer, customer, record, quote (5 items)', () => {
    // Prepare
    const order = { orderId: 'o_1', tenantId: 'acme', customerId: 'c1', productId: 'laptop', totals: quote.totals, placedAt: AT } as Order;
    // Act
    const transaction = buildDecideQuoteTransaction('t', {
      quote,
      from: 'pending-approval',
      to: 'ordered',
      by: 'c2',
      at: AT,
      idempotencyKey: 'key-12345',
      requestHash: 'h',
      statusCode: 201,
      responseBody: '{}',
      order,
    });
    // Assess
    expect(transaction.names).toEqual(['order', 'order-pointer', 'customer', 'idempotency', 'quote']);
    expect(transaction.input.TransactItems!.at(-1)!.Update!.ExpressionAttributeValues).toMatchObject({
      ':order': 'o_1',
      ':from': 'pending-approval',
    });
  });

  it("lists a customer's quotes in their partition and a company's through GSI1, newest first", () => {
    // Act
    const customer = buildListCustomerQuotes('t', 'acme', 'c1', 50);
    const byCompany = buildListCompanyQuotes('t', 'acme', 'co_1', 50);
    // Assess
    expect(customer.ExpressionAttributeValues).toEqual({ ':pk': 'TENANT#acme#CUSTOMER#c1', ':prefix': 'QUOTE#' });
    expect(customer.ScanIndexForward).toBe(false);
    expect(byCompany).toMatchObject({
      IndexName: 'GSI1',
      ExpressionAttributeValues: { ':pk': 'TENANT#acme#COMPANY#co_1#QUOTES' },
      ScanIndexForward: false,
    });
  });
});
