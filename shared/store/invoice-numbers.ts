/**
 * Invoice numbers: sequential per tenant and year, without gaps, assigned in the transaction
 * that ships the order. The transaction reads nothing: it is built from the counter as last
 * read, and its condition on the counter (`last = :seen`) refuses it if another shipment took
 * that number first; the caller then reads the counter again and retries. A number is spent
 * only when the whole transaction commits (the order shipped and invoiced, the invoice record
 * written), so no number is lost; the order's condition (`status = :from`, no invoice yet)
 * makes a retried or repeated shipment issue nothing.
 */
import type { GetCommandInput } from '@aws-sdk/lib-dynamodb';
import type { IssuedInvoice, Order } from '#orders/order';
import { keys } from './keys.ts';
import { namedTransaction, type NamedTransaction } from './store-errors.ts';

/** The actions of the ship-and-invoice transaction, by name. */
export type ShipAndInvoiceAction = 'order' | 'counter' | 'invoice';

/**
 * The counter's `last` as a refused transaction reports it (the cancellation reason of the
 * `counter` action carries the item, in DynamoDB's wire format); `undefined` when it does not.
 */
export function counterInCancellation(error: unknown, names: readonly ShipAndInvoiceAction[]): number | undefined {
  const reasons = (error as { CancellationReasons?: readonly ({ Item?: Record<string, { N?: string }> } | undefined)[] })
    .CancellationReasons;
  const last = reasons?.[names.indexOf('counter')]?.Item?.last?.N;
  return last === undefined ? undefined : Number(last);
}

/** `2026-000042`: the year and the sequence, zero-padded so numbers sort as they were issued. */
export function invoiceNumber(year: string, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}

/** Reads the tenant's counter of a year, strongly consistent: its `last` is the number to condition on (pure). */
export function buildGetInvoiceCounter(tableName: string, tenantId: string, year: string): GetCommandInput {
  return { TableName: tableName, Key: keys.invoiceCounter(tenantId, year), ConsistentRead: true };
}

/**
 * Ships an order and issues its invoice in one transaction (pure): the counter moves from
 * `seen` (0: no item yet) to `seen + 1`, the order becomes shipped with that number, and the
 * invoice record is written once.
 */
export function buildShipAndInvoice(
  tableName: string,
  order: Order,
  at: string,
  seen: number,
): { transaction: NamedTransaction<ShipAndInvoiceAction>; invoice: IssuedInvoice } {
  const year = at.slice(0, 4);
  const invoice: IssuedInvoice = { number: invoiceNumber(year, seen + 1), issuedAt: at };
  const transaction = namedTransaction<ShipAndInvoiceAction>([
    {
      name: 'order',
      item: {
        Update: {
          TableName: tableName,
          Key: keys.order(order.tenantId, order.customerId, order.orderId),
          UpdateExpression: 'SET #status = :to, statusHistory = list_append(statusHistory, :entry), #invoice = :invoice',
          ConditionExpression: '#status = :from AND attribute_not_exists(#invoice)',
          ExpressionAttributeNames: { '#status': 'status', '#invoice': 'invoice' },
          ExpressionAttributeValues: {
            ':to': 'shipped',
            ':from': order.status,
            ':entry': [{ status: 'shipped', at }],
            ':invoice': invoice,
          },
        },
      },
    },
    {
      name: 'counter',
      item: {
        Update: {
          TableName: tableName,
          Key: keys.invoiceCounter(order.tenantId, year),
          UpdateExpression: 'SET #last = :next',
          ConditionExpression: seen === 0 ? 'attribute_not_exists(#last)' : '#last = :seen',
          ExpressionAttributeNames: { '#last': 'last' },
          ExpressionAttributeValues: { ':next': seen + 1, ...(seen === 0 ? {} : { ':seen': seen }) },
          // A refused counter says what it holds, so the next attempt needs no read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    },
    {
      name: 'invoice',
      item: {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.issuedInvoice(order.tenantId, invoice.number),
            orderId: order.orderId,
            customerId: order.customerId,
            number: invoice.number,
            issuedAt: at,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    },
  ]);
  return { transaction, invoice };
}
