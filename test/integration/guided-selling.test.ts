/**
 * Guided selling over HTTP on DynamoDB Local: `configure` with a budget (exclusions with the
 * figures) and stated needs, `fromPrice` at a partner's prices, `complete` for each goal
 * (`popular` from orders learned through the stream), `422 /problems/no-configuration`, and bad
 * input refused with a problem naming the field.
 *
 * The tests run in order and share the demo partner's statistics (its k-customer floor is
 * lowered to 2 so that a few customers' orders speak).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARTNER_ID } from '../../infra/local/seed.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';
import { startTestStack, type CallInit, type TestStack } from '../support/local-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  // Read the statistics on every call, so the popular goal sees the orders learned just before.
  process.env.STATISTICS_TTL_SECONDS = '0';
  stack = await startTestStack();
  const floor = await stack.call(`/admin/tenants/${DEMO_PARTNER_ID}/recommendations`, { method: 'PUT', body: { minCustomers: 2 } });
  expect(floor.status).toBe(200);
});
afterAll(async () => {
  await stack?.close();
});

type Choice = { id: string; state: string; price: number; fromPrice: number | null; reasons?: { rule: string; message: string }[] };
type ConfigureAnswer = { valid: boolean; groups: { id: string; choices: Choice[] }[]; needs?: Record<string, string>; needsFrom?: string };
type CompleteAnswer = { picks: string[]; price: { total: number }; because: { choice: string; reason: string }[]; needsFrom?: string };

function choice(answer: ConfigureAnswer, ref: string): Choice {
  const [group, id] = ref.split('.');
  return answer.groups.find((g) => g.id === group)!.choices.find((c) => c.id === id)!;
}

async function configure(body: Record<string, unknown>, as: CallInit['as'] = 'admin') {
  return stack.call('/products/laptop-x1/configure', { method: 'POST', body: { picks: [], ...body }, as });
}

async function complete(body: Record<string, unknown>, as: CallInit['as'] = 'admin') {
  return stack.call('/products/laptop-x1/complete', { method: 'POST', body: { picks: [], ...body }, as });
}

async function newCustomer(as: CallInit['as'] = 'partner'): Promise<string> {
  const response = await stack.call('/customers', { method: 'POST', body: { name: 'Ada Lovelace' }, as });
  expect(response.status).toBe(201);
  return response.json.customerId as string;
}

describe('configure with a budget and needs', () => {
  it('excludes what the budget cannot reach, saying so with the figures', async () => {
    // Prepare
    const open = (await configure({})).json as ConfigureAnswer;
    const cheapestWithRtx4060 = choice(open, 'graphics.rtx4060').fromPrice!;
    // Act
    const response = await configure({ budget: 120000 });
    const answer = response.json as ConfigureAnswer;
    // Assess
    expect(response.status).toBe(200);
    expect(cheapestWithRtx4060).toBeGreaterThan(120000);
    const rtx4060 = choice(answer, 'graphics.rtx4060');
    expect(rtx4060).toMatchObject({ state: 'excluded', fromPrice: null });
    const euros = `€${(cheapestWithRtx4060 / 100).toLocaleString('en', { maximumFractionDigits: 2 })}`;
    expect(rtx4060.reasons).toContainEqual(
      expect.objectContaining({ rule: 'budget', message: expect.stringContaining(`costs ${euros}, over your budget of €1,200`) }),
    );
    expect(choice(answer, 'cpu.i5')).toMatchObject({ state: 'available', fromPrice: choice(open, 'cpu.i5').fromPrice });
  });

  it('holds the stated needs, and says where they come from', async () => {
    // Act
    const answer = (await configure({ needs: { use: 'video' } })).json as ConfigureAnswer;
    // Assess
    expect(choice(answer, 'graphics.integrated')).toMatchObject({
      state: 'excluded',
      reasons: [expect.objectContaining({ rule: 'need:use' })],
    });
    expect(answer).toMatchObject({ needs: { use: 'video' }, needsFrom: 'request' });
  });

  it("gives every choice its fromPrice at the partner's prices", async () => {
    // Prepare
    const partner = await stack.call('/admin/partners', {
      method: 'POST',
      body: {
        name: 'Guided discounter',
        priceList: {
          entries: [
            { target: '*', percent: -10 },
            { target: 'base', price: 80000 },
          ],
        },
      },
    });
    const apiKey = partner.json.apiKey as string;
    // Act
    const listPrices = (await configure({})).json as ConfigureAnswer;
    const partnerPrices = (await configure({}, { apiKey })).json as ConfigureAnswer;
    const cheapest = await complete({ goal: 'cheapest', picks: ['cpu.i7'] }, { apiKey });
    // Assess
    expect(choice(listPrices, 'cpu.i5').fromPrice).toBe(89900);
    expect(choice(partnerPrices, 'cpu.i5').fromPrice).toBe(80000);
    expect(choice(partnerPrices, 'cpu.i7').fromPrice).toBe(cheapest.json.price.total);
    expect(choice(partnerPrices, 'cpu.i7').fromPrice).toBeLessThan(choice(listPrices, 'cpu.i7').fromPrice!);
  });
});

describe('complete', () => {
  it('completes the cheapest whole configuration, with a reason per choice', async () => {
    // Act
    const response = await complete({ goal: 'cheapest', picks: ['keyboard.de'] });
    const answer = response.json as CompleteAnswer;
    // Assess
    expect(response.status).toBe(200);
    expect(answer.picks).toContain('keyboard.de');
    expect(answer.picks).toContain('cpu.i5');
    expect(answer.price.total).toBe(89900);
    expect(answer.because.map((b) => b.choice)).toEqual(answer.picks);
    expect(answer.because.find((b) => b.choice === 'keyboard.de')!.reason).toBe('you chose it');
  });

  it('completes for the stated needs, naming the answer behind each choice', async () => {
    // Act
    const answer = (await complete({ goal: 'needs', needs: { use: 'video' } })).json as CompleteAnswer;
    // Assess
    expect(answer.picks).toContain('memory.32gb');
    expect(answer.because).toContainEqual({ choice: 'memory.32gb', reason: 'you said "Photo and video"' });
    expect(answer.picks).toContain('graphics.rtx4060');
  });

  it('completes the most popular configuration from the orders learned', async () => {
    // Prepare: three customers buy the demo's full configuration (i7, 32 GB, German keyboard)
    for (let i = 0; i < 3; i++) {
      const order = await stack.call('/orders', {
        method: 'POST',
        as: 'partner',
        headers: { 'idempotency-key': randomUUID() },
        body: { customerId: await newCustomer(), productId: 'laptop-x1', picks: FULL_LAPTOP_PICKS },
      });
      expect(order.status).toBe(201);
    }
    await stack.orderStream!.settled();
    // Act
    const popular = (await complete({ goal: 'popular' }, 'partner')).json as CompleteAnswer;
    const house = (await complete({ goal: 'popular' })).json as CompleteAnswer;
    // Assess
    expect([...popular.picks].sort()).toEqual([...FULL_LAPTOP_PICKS].sort());
    expect(popular.because).toContainEqual({ choice: 'cpu.i7', reason: 'popular in configurations like yours' });
    // No orders in the house tenant: the catalog defaults.
    expect(house.picks).toContain('cpu.i5');
    expect(house.picks).toContain('keyboard.us');
  });

  it('answers 422 no-configuration with the cheapest total possible without the budget', async () => {
    // Act
    const response = await complete({ goal: 'cheapest', picks: ['graphics.rtx4060'], budget: 100000 });
    // Assess
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({ type: '/problems/no-configuration', budget: 100000, cheapestTotal: expect.any(Number) });
    expect(response.json.cheapestTotal).toBeGreaterThan(100000);
  });
});

describe('needs kept on the profile', () => {
  it("keeps a customer's needs per product and pre-fills configure and complete with them, marked as from the profile", async () => {
    // Prepare
    const customerId = await newCustomer();
    // Act
    const saved = await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      as: 'partner',
      body: { needs: { 'laptop-x1': { use: 'video', travel: 'desk' } } },
    });
    const configured = (await configure({ customerId }, 'partner')).json as ConfigureAnswer;
    const completed = (await complete({ goal: 'needs', customerId }, 'partner')).json as CompleteAnswer;
    const overridden = (await configure({ customerId, needs: { use: 'office' } }, 'partner')).json as ConfigureAnswer;
    // Assess
    expect(saved.status).toBe(200);
    expect(saved.json.needs).toEqual({ 'laptop-x1': { use: 'video', travel: 'desk' } });
    expect(configured).toMatchObject({ needs: { use: 'video', travel: 'desk' }, needsFrom: 'profile' });
    expect(choice(configured, 'graphics.integrated').state).toBe('excluded');
    expect(completed.needsFrom).toBe('profile');
    expect(completed.picks).toContain('memory.32gb');
    expect(overridden).toMatchObject({ needs: { use: 'office' }, needsFrom: 'request' });
    expect(choice(overridden, 'graphics.integrated').state).not.toBe('excluded');
  });

  it('refuses needs the catalog does not ask, naming the field, and saves nothing', async () => {
    // Prepare
    const customerId = await newCustomer();
    await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      as: 'partner',
      body: { needs: { 'laptop-x1': { use: 'office' } } },
    });
    // Act
    const badAnswer = await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      as: 'partner',
      body: { packaging: 'gift', needs: { 'laptop-x1': { use: 'knitting' } } },
    });
    const badProduct = await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      as: 'partner',
      body: { needs: { 'no-such-product': { use: 'office' } } },
    });
    const notAString = await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      as: 'partner',
      body: { needs: { 'laptop-x1': { use: 3 } } },
    });
    const view = await stack.call(`/customers/${customerId}`, { as: 'partner' });
    // Assess
    expect(badAnswer.status).toBe(422);
    expect(badAnswer.json.errors).toContainEqual(expect.objectContaining({ pointer: '/needs/laptop-x1/use', code: 'unknown-answer' }));
    expect(badProduct.status).toBe(422);
    expect(badProduct.json.errors).toContainEqual(expect.objectContaining({ pointer: '/needs/no-such-product' }));
    expect(notAString.status).toBe(400);
    expect(notAString.json.errors).toContainEqual(expect.objectContaining({ pointer: '/needs/laptop-x1/use' }));
    expect(view.json.needs).toEqual({ 'laptop-x1': { use: 'office' } });
    expect(view.json.preferences.packaging).toBeUndefined();
  });

  it('forgets the needs of a customer who opts out of profiling, and of a product set to null', async () => {
    // Prepare
    const optingOut = await newCustomer();
    const forgetting = await newCustomer();
    for (const customerId of [optingOut, forgetting]) {
      await stack.call(`/customers/${customerId}/preferences`, {
        method: 'PATCH',
        as: 'partner',
        body: { needs: { 'laptop-x1': { use: 'video' } } },
      });
    }
    // Act
    const optOut = await stack.call(`/customers/${optingOut}/preferences`, {
      method: 'PATCH',
      as: 'partner',
      body: { doNotProfile: true },
    });
    const forget = await stack.call(`/customers/${forgetting}/preferences`, {
      method: 'PATCH',
      as: 'partner',
      body: { needs: { 'laptop-x1': null } },
    });
    const configured = (await configure({ customerId: optingOut }, 'partner')).json as ConfigureAnswer;
    // Assess
    expect(optOut.json.needs).toEqual({});
    expect(forget.json.needs).toEqual({});
    expect(configured.needsFrom).toBeUndefined();
  });
});

describe('drip questions', () => {
  it("draw from the need questions of the customer's last product once the profile questions are answered, answered into the kept needs", async () => {
    // Prepare
    const customerId = await newCustomer();
    const present = { 'x-customer-present': 'true' };
    const saved = await stack.call(`/customers/${customerId}/configurations/laptop-x1`, {
      method: 'PUT',
      body: { picks: ['cpu.i7'] },
      as: 'partner',
      headers: present,
    });
    expect(saved.status).toBe(201);
    const { QUESTIONS } = await import('#customers/questions');
    const skipAll = Object.fromEntries(QUESTIONS.map((q) => [q.id, null]));
    await stack.call(`/customers/${customerId}/preferences`, { method: 'PATCH', as: 'partner', body: { answers: skipAll } });
    // Act
    const later = await stack.call(`/customers/${customerId}`, { as: 'partner', headers: present });
    const answered = await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      as: 'partner',
      body: { answers: { 'needs_laptop-x1_use': 'video' } },
    });
    // Assess
    expect(later.json.questions.map((q: { id: string }) => q.id)).toEqual(['needs_laptop-x1_use', 'needs_laptop-x1_travel']);
    expect(later.json.questions[0]).toMatchObject({ kind: 'choice', need: { productId: 'laptop-x1', needId: 'use' } });
    expect(answered.status).toBe(200);
    expect(answered.json.needs).toEqual({ 'laptop-x1': { use: 'video' } });
  });
});

describe('bad input', () => {
  it('refuses unknown needs and answers with a problem naming the field', async () => {
    // Act
    const unknownAnswer = await configure({ needs: { use: 'knitting' } });
    const unknownNeed = await complete({ goal: 'needs', needs: { colour: 'red' } });
    // Assess
    expect(unknownAnswer.status).toBe(422);
    expect(unknownAnswer.json.errors).toContainEqual(expect.objectContaining({ pointer: '/needs/use' }));
    expect(unknownNeed.status).toBe(422);
    expect(unknownNeed.json.errors).toContainEqual(expect.objectContaining({ pointer: '/needs/colour' }));
  });

  it('refuses a budget that is not a positive whole number, and an unknown goal', async () => {
    // Act
    const fraction = await configure({ budget: 1200.5 });
    const zero = await complete({ goal: 'cheapest', budget: 0 });
    const goal = await complete({ goal: 'fastest' });
    // Assess
    for (const [response, pointer] of [
      [fraction, '/budget'],
      [zero, '/budget'],
      [goal, '/goal'],
    ] as const) {
      expect(response.status).toBe(400);
      expect(response.json.errors).toContainEqual(expect.objectContaining({ pointer }));
    }
  });
});
