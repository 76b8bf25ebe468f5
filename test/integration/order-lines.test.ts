/**
 * Orders carry lines on real DynamoDB Local: the single-product POST /orders gains a quantity
 * (volume breaks of the catalog apply), a ship-to address (VAT of its country on the net total)
 * and the total the customer was shown (`expectedTotal`: another total now is 409
 * /problems/price-changed and nothing is written). Bad input is named, and writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { tableSnapshot } from '../support/table-snapshot.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';

let stack: TestStack;
const FULL = [...FULL_LAPTOP_PICKS];
const BREAKS = [
  { minQuantity: 50, percent: -5 },
  { minQuantity: 200, percent: -10 },
];

beforeAll(async () => {
  stack = await startTestStack();
  const document = readDemoCatalog() as Record<string, unknown>;
  const published = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: { ...document, volumeBreaks: BREAKS } });
  expect(published.status).toBeLessThan(300);
});
afterAll(async () => {
  await stack?.close();
});

async function newCustomer(): Promise<string> {
  const response = await stack.call('/customers', { method: 'POST', body: { name: 'Grace Hopper' }, as: 'partner' });
  return response.json.customerId as string;
}

function order(body: Record<string, unknown>, key = randomUUID()) {
  return stack.call('/orders', { method: 'POST', body, as: 'partner', headers: { 'idempotency-key': key } });
}

async function unitPriceOf(customerId: string): Promise<number> {
  const answer = await stack.call('/products/laptop-x1/configure', { method: 'POST', body: { picks: FULL, customerId }, as: 'partner' });
  return answer.json.price.total as number;
}

describe('orders with lines', () => {
  it('keeps the single-product form: one line of one unit, totals without VAT', async () => {
    // Prepare
    const customerId = await newCustomer();
    const unit = await unitPriceOf(customerId);
    // Act
    const placed = await order({ customerId, productId: 'laptop-x1', picks: FULL });
    // Assess
    expect(placed.status).toBe(201);
    expect(placed.json.lines).toEqual([
      {
        lineId: 'l1',
        productId: 'laptop-x1',
        catalogVersion: placed.json.catalogVersion,
        picks: FULL,
        quantity: 1,
        unitPrice: unit,
        lineTotal: unit,
      },
    ]);
    expect(placed.json.totals).toEqual({ net: unit, tax: 0, gross: unit });
    expect(placed.json.price.total).toBe(unit);
  });

  it('applies the largest volume break reached and the VAT of the ship-to country, and the order reads back the same', async () => {
    // Prepare
    const customerId = await newCustomer();
    const unit = await unitPriceOf(customerId);
    const discounted = Math.round((unit * 95) / 100);
    const net = discounted * 60;
    const tax = Math.round((net * 19) / 100);
    // Act
    const placed = await order({
      customerId,
      productId: 'laptop-x1',
      picks: FULL,
      quantity: 60,
      shipTo: { country: 'DE', name: 'Analytical Engines GmbH', addressLines: ['Hauptstr. 1'], postalCode: '10115', city: 'Berlin' },
      expectedTotal: net + tax,
    });
    const read = await stack.call(`/orders/${placed.json.orderId}`, { as: 'partner' });
    // Assess
    expect(placed.status).toBe(201);
    expect(placed.json.lines[0]).toMatchObject({ quantity: 60, unitPrice: discounted, lineTotal: net });
    expect(placed.json.totals).toEqual({ net, tax, gross: net + tax });
    expect(read.json).toEqual(placed.json);
  });

  it('answers 409 price-changed with both totals and the lines when the expected total is not the total now, and writes nothing', async () => {
    // Prepare
    const customerId = await newCustomer();
    const unit = await unitPriceOf(customerId);
    const client = stack.documentClient();
    const before = await tableSnapshot(client, stack.tableName);
    // Act
    const stale = await order({ customerId, productId: 'laptop-x1', picks: FULL, quantity: 2, expectedTotal: unit });
    const after = await tableSnapshot(client, stack.tableName);
    // Assess
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ type: '/problems/price-changed', expectedTotal: unit, currentTotal: unit * 2 });
    expect(stale.json.changedLines).toEqual([{ lineId: 'l1', productId: 'laptop-x1', quantity: 2, unitPrice: unit, lineTotal: unit * 2 }]);
    expect(after).toEqual(before);
    client.destroy();
  });

  it('names bad input (quantity 0 and 10,001, a negative expected total, a country without VAT) and writes nothing', async () => {
    // Prepare
    const customerId = await newCustomer();
    const client = stack.documentClient();
    const before = await tableSnapshot(client, stack.tableName);
    const base = { customerId, productId: 'laptop-x1', picks: FULL };
    // Act
    const zero = await order({ ...base, quantity: 0 });
    const tooMany = await order({ ...base, quantity: 10_001 });
    const negative = await order({ ...base, expectedTotal: -1 });
    const unknownCountry = await order({ ...base, shipTo: { country: 'US' } });
    const strictShipTo = await order({ ...base, shipTo: { country: 'DE', street: 'x' } });
    const after = await tableSnapshot(client, stack.tableName);
    // Assess
    expect([zero.status, tooMany.status, negative.status, strictShipTo.status]).toEqual([400, 400, 400, 400]);
    expect(zero.json.errors.map((e: { pointer: string }) => e.pointer)).toContain('/quantity');
    expect(tooMany.json.errors.map((e: { pointer: string }) => e.pointer)).toContain('/quantity');
    expect(negative.json.errors.map((e: { pointer: string }) => e.pointer)).toContain('/expectedTotal');
    expect(strictShipTo.json.errors.map((e: { pointer: string }) => e.pointer)).toContain('/shipTo/street');
    expect(unknownCountry.status).toBe(422);
    expect(unknownCountry.json.errors[0].pointer).toBe('/shipTo/country');
    expect(after).toEqual(before);
    client.destroy();
  });

  it('creates a customer once per Idempotency-Key: a retry answers the same customer, another body under the key is refused', async () => {
    // Prepare
    const key = randomUUID();
    const create = (name: string) =>
      stack.call('/customers', { method: 'POST', body: { name }, as: 'partner', headers: { 'idempotency-key': key } });
    // Act
    const first = await create('Ada Retry');
    const retry = await create('Ada Retry');
    const reused = await create('Someone Else');
    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json.customerId).toBe(first.json.customerId);
    expect(reused.status).toBe(422);
    expect(reused.json.errors[0].code).toBe('idempotency-key-reused');
  });
});
