/** The ship-and-invoice transaction (pure): one number per commit, conditioned on the counter as read and on the order. */
import { describe, expect, it } from 'vitest';
import type { Order } from '#orders/order';
import { buildShipAndInvoice, counterInCancellation, invoiceNumber } from '#store/invoice-numbers';

const ORDER = { orderId: 'o1', tenantId: 'p1', customerId: 'c1', status: 'in-production', statusHistory: [] } as unknown as Order;

describe('buildShipAndInvoice', () => {
  it('takes the next number only if the counter still holds the one read, and only for an order not yet invoiced', () => {
    // Act
    const { transaction, invoice } = buildShipAndInvoice('T', ORDER, '2026-12-05T10:00:00.000Z', 41);

    // Assess
    expect(invoice).toEqual({ number: '2026-000042', issuedAt: '2026-12-05T10:00:00.000Z' });
    expect(transaction.names).toEqual(['order', 'counter', 'invoice']);
    const [order, counter, record] = transaction.input.TransactItems!;
    expect(order!.Update!.ConditionExpression).toBe('#status = :from AND attribute_not_exists(#invoice)');
    expect(counter!.Update).toMatchObject({
      Key: { PK: 'INVOICES#p1', SK: 'COUNTER#2026' },
      ConditionExpression: '#last = :seen',
      ExpressionAttributeValues: { ':next': 42, ':seen': 41 },
    });
    expect(record!.Put).toMatchObject({ Item: { PK: 'INVOICES#p1', SK: 'INVOICE#2026-000042', orderId: 'o1' } });
    expect(record!.Put!.ConditionExpression).toBe('attribute_not_exists(PK)');
  });

  it("starts a year's counter at 1, only while it does not exist", () => {
    // Act
    const { transaction, invoice } = buildShipAndInvoice('T', ORDER, '2027-01-01T00:00:00.000Z', 0);
    // Assess
    expect(invoice.number).toBe('2027-000001');
    expect(transaction.input.TransactItems![1]!.Update!.ConditionExpression).toBe('attribute_not_exists(#last)');
  });

  it('reads the counter a refusal reports, and zero-pads numbers so they sort as issued', () => {
    // Prepare
    const error = {
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed', Item: { last: { N: '57' } } }, { Code: 'None' }],
    };
    // Act + Assess
    expect(counterInCancellation(error, ['order', 'counter', 'invoice'])).toBe(57);
    expect(counterInCancellation({}, ['order', 'counter', 'invoice'])).toBeUndefined();
    expect([invoiceNumber('2026', 10), invoiceNumber('2026', 9)].sort()).toEqual(['2026-000009', '2026-000010']);
  });
});
