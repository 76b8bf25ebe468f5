/**
 * Gift orders on real DynamoDB Local: `POST /orders` with `gift` stores the recipient on the
 * order and remembers nothing; bad gifts get 400/422 problem+json naming the field and write
 * nothing; erasing the customer takes the recipient off the order, which stays.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { tableSnapshot } from '../support/table-snapshot.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  // The first order transaction on a fresh table can outlast the request's store deadline on a
  // busy machine (503): warm the table up with one plain order, retried, before the tests.
  const { customerId, token } = await signedInCustomer();
  for (let attempt = 0; attempt < 5; attempt++) {
    const warm = await order(token, { customerId, productId: 'laptop-x1', picks: FULL_LAPTOP_PICKS });
    if (warm.status !== 503) break;
  }
});
afterAll(async () => {
  await stack?.close();
});

const GIFT = {
  recipient: { name: 'Grace Hopper', addressLines: ['1 Navy Way', 'Flat 2'], postalCode: '22201', city: 'Arlington', country: 'US' },
  message: 'Happy birthday!',
};
const GIFT_PICKS = FULL_LAPTOP_PICKS.map((p) => (p === 'packaging.standard' ? 'packaging.gift' : p));

/** A customer of the house, signed in as on the page. */
async function signedInCustomer(): Promise<{ customerId: string; token: string }> {
  const login = await stack.call('/dev/login', { method: 'POST', body: { email: `gift-${randomUUID()}@example.com` }, as: 'anonymous' });
  expect(login.status).toBe(200);
  return { customerId: login.json.customerId, token: login.json.token };
}

function order(token: string, body: Record<string, unknown>) {
  return stack.call('/orders', { method: 'POST', body, headers: { 'idempotency-key': randomUUID() }, as: { bearer: token } });
}

describe('gift orders', () => {
  it('stores the recipient on the order, answers it back, and remembers nothing of a gift', async () => {
    // Prepare
    const { customerId, token } = await signedInCustomer();
    // Act
    const placed = await order(token, { customerId, productId: 'laptop-x1', picks: GIFT_PICKS, gift: GIFT });
    const read = await stack.call(`/orders/${placed.json.orderId}`, { as: { bearer: token } });
    const listed = await stack.call(`/customers/${customerId}/orders`, { as: { bearer: token } });
    const remembered = await stack.call(`/customers/${customerId}/configurations/laptop-x1`, { as: { bearer: token } });
    const repeat = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: { bearer: token } });
    // Assess
    expect(placed.status, placed.text).toBe(201);
    expect(placed.json).toMatchObject({ remember: false, gift: GIFT });
    expect(read.json.gift).toEqual(GIFT);
    expect(listed.json.items[0].gift).toEqual(GIFT);
    expect(remembered.status).toBe(404);
    expect(repeat.status).toBe(404);
  });

  it('refuses bad gifts with 400/422 naming the field, and writes nothing', async () => {
    // Prepare
    const { customerId, token } = await signedInCustomer();
    const client = stack.documentClient();
    const before = await tableSnapshot(client, stack.tableName);
    const body = (gift: unknown, extra: Record<string, unknown> = {}) => ({
      customerId,
      productId: 'laptop-x1',
      picks: GIFT_PICKS,
      gift,
      ...extra,
    });
    const cases: [unknown, Record<string, unknown>, number, (string | number)[]][] = [
      [{ ...GIFT, recipient: { ...GIFT.recipient, name: '' } }, {}, 400, ['gift', 'recipient', 'name']],
      [{ ...GIFT, recipient: { ...GIFT.recipient, country: 'Germany' } }, {}, 400, ['gift', 'recipient', 'country']],
      [{ ...GIFT, recipient: { ...GIFT.recipient, addressLines: [] } }, {}, 400, ['gift', 'recipient', 'addressLines']],
      [
        { ...GIFT, recipient: { ...GIFT.recipient, addressLines: ['a', 'b', 'c', 'd', 'e'] } },
        {},
        400,
        ['gift', 'recipient', 'addressLines'],
      ],
      [{ ...GIFT, message: 'x'.repeat(501) }, {}, 400, ['gift', 'message']],
      [{ ...GIFT, price: 0 }, {}, 400, ['gift', 'price']],
      [{ ...GIFT, recipient: { ...GIFT.recipient, phone: '123' } }, {}, 400, ['gift', 'recipient', 'phone']],
      [GIFT, { remember: true }, 422, ['remember']],
    ];
    // Act
    const answers: Awaited<ReturnType<typeof order>>[] = [];
    for (const [gift, extra] of cases) answers.push(await order(token, body(gift, extra)));
    // Assess
    cases.forEach(([, , status, path], i) => {
      expect(answers[i]!.status, JSON.stringify(cases[i])).toBe(status);
      expect(answers[i]!.headers.get('content-type')).toContain('application/problem+json');
      expect(answers[i]!.json.errors.map((e: { path: unknown }) => e.path)).toContainEqual(path);
    });
    expect(await tableSnapshot(client, stack.tableName)).toEqual(before);
    client.destroy();
  });

  it("erases the recipient with the customer's data: the order stays, without the gift", async () => {
    // Prepare
    const { customerId, token } = await signedInCustomer();
    const gift = await order(token, { customerId, productId: 'laptop-x1', picks: GIFT_PICKS, gift: GIFT });
    const plain = await order(token, { customerId, productId: 'laptop-x1', picks: FULL_LAPTOP_PICKS });
    // Act
    const erased = await stack.call(`/customers/${customerId}`, { method: 'DELETE', as: { bearer: token } });
    const keptGift = await stack.call(`/orders/${gift.json.orderId}`);
    const keptPlain = await stack.call(`/orders/${plain.json.orderId}`);
    // Assess
    expect(erased.status).toBe(204);
    expect(keptGift.status).toBe(200);
    expect(keptGift.json.gift).toBeUndefined();
    expect(keptGift.text).not.toContain('Grace Hopper');
    expect(keptGift.text).not.toContain('Navy Way');
    expect(keptGift.json.picks).toEqual(gift.json.picks);
    expect(keptPlain.json).toEqual(plain.json);
  });
});
