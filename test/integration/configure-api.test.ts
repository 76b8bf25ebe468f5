/**
 * `POST /products/{productId}/configure` on the seeded demo laptop, through the local API on
 * DynamoDB Local: guidance with reasons, conflicts with a repair, a complete configuration
 * with price, dates and build sheet, bad picks, and the warm path that reads nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { countStoreCalls, type StoreCallCounter } from '../support/store-calls.ts';

let stack: TestStack;
let storeCalls: StoreCallCounter;

beforeAll(async () => {
  stack = await startTestStack();
  // The same module instance the handlers use (the local server runs them in this process).
  const runtime = await import('#functions/runtime');
  storeCalls = countStoreCalls(runtime.documentClient);
});
afterAll(async () => {
  await stack?.close();
});

type Answer = {
  valid: boolean;
  complete: boolean;
  version: number;
  groups: {
    id: string;
    emptyAllowed: boolean;
    choices: {
      id: string;
      state: string;
      price: number;
      reasons?: { rule: string; picks: string[]; message: string }[];
      giveUp?: string[];
    }[];
  }[];
  conflicts: { rule: string; picks: string[] }[];
  repair: { picks: string[] } | null;
  price: { currency: string; total: number; lines: { ref: string; amount: number }[] };
  dates: { shipBy: string; deliverBy: string };
  buildSheet: { sku: string; qty: number }[] | null;
};

function choice(answer: Answer, ref: string) {
  const [group, id] = ref.split('.');
  return answer.groups.find((g) => g.id === group)!.choices.find((c) => c.id === id)!;
}

async function configure(picks: string[], as: 'admin' | 'partner' = 'admin') {
  return stack.call('/products/laptop-x1/configure', { method: 'POST', body: { picks }, as });
}

describe('POST /products/{productId}/configure', () => {
  it('guides from nothing: every group answered, tier-limited choices excluded with the reason', async () => {
    // Act
    const response = await configure([]);
    const answer = response.json as Answer;
    // Assess
    expect(response.status).toBe(200);
    expect(answer).toMatchObject({ valid: true, complete: false, version: 1, conflicts: [], repair: null, buildSheet: null });
    expect(answer.groups.map((g) => g.id)).toEqual([
      'cpu',
      'memory',
      'storage',
      'display',
      'graphics',
      'psu',
      'keyboard',
      'accessories',
      'packaging',
      'invoice',
      'delivery',
    ]);
    expect(choice(answer, 'cpu.i7').state).toBe('available');
    expect(choice(answer, 'cpu.i9')).toMatchObject({ state: 'excluded', reasons: [expect.objectContaining({ rule: 'tier', picks: [] })] });
    expect(answer.groups.find((g) => g.id === 'accessories')!.emptyAllowed).toBe(true);
    expect(answer.price).toMatchObject({ currency: 'EUR', total: 89900 });
  });

  it('explains an exclusion by the pick and rule that cause it, and what to give up', async () => {
    // Act
    const answer = (await configure(['display.oled4k'])).json as Answer;
    // Assess: the OLED display needs RTX graphics, so integrated graphics is out
    expect(choice(answer, 'display.oled4k').state).toBe('selected');
    expect(choice(answer, 'graphics.integrated')).toMatchObject({
      state: 'excluded',
      reasons: [expect.objectContaining({ rule: 'oled-gpu', picks: ['display.oled4k'] })],
      giveUp: ['display.oled4k'],
    });
    // The only RTX a tier-less caller may pick is now forced, and so is a big enough power supply chain
    expect(choice(answer, 'graphics.rtx4060').state).toBe('forced');
    expect(choice(answer, 'psu.65w').state).toBe('excluded');
  });

  it('reports conflicting picks with the violated rule and a repair that keeps the most', async () => {
    // Act
    const answer = (await configure(['packaging.crate', 'delivery.express', 'cpu.i7'])).json as Answer;
    // Assess
    expect(answer.valid).toBe(false);
    expect(answer.conflicts).toEqual([
      expect.objectContaining({ rule: 'crate-express', picks: expect.arrayContaining(['packaging.crate', 'delivery.express']) }),
    ]);
    expect(answer.repair!.picks).toContain('cpu.i7');
    expect(answer.repair!.picks.filter((p) => p === 'packaging.crate' || p === 'delivery.express')).toHaveLength(1);
  });

  it('prices, dates and builds a complete configuration', async () => {
    // Prepare
    const picks = [
      'cpu.i7',
      'memory.32gb',
      'storage.ssd1tb',
      'display.qhd',
      'graphics.integrated',
      'psu.65w',
      'keyboard.de',
      'accessories.mouse',
      'accessories.bag',
      'packaging.eco',
      'invoice.pdf',
      'delivery.express',
    ];
    // Act
    const answer = (await configure(picks)).json as Answer;
    // Assess
    expect(answer).toMatchObject({ valid: true, complete: true });
    expect(answer.price.total).toBe(89900 + 25000 + 15000 + 12000 + 18000 + 2900 + 4900 + 500 + 2500);
    expect(answer.price.lines.reduce((sum, line) => sum + line.amount, 0)).toBe(answer.price.total);
    expect(answer.buildSheet).toEqual(
      expect.arrayContaining([
        { sku: 'CPU-I7-1365U', qty: 1 },
        { sku: 'RAM-DDR5-16G', qty: 2 },
        { sku: 'ACC-MOUSE', qty: 1 },
      ]),
    );
    expect(answer.dates.shipBy < answer.dates.deliverBy).toBe(true);
  });

  it('refuses picks that name nothing, repeat, or overfill a group, with the failing pick', async () => {
    // Act
    const unknown = await configure(['cpu.i7', 'cpu.i3']);
    const malformed = await configure(['cpu']);
    const duplicate = await configure(['memory.32gb', 'memory.32gb']);
    const unknownKey = await stack.call('/products/laptop-x1/configure', { method: 'POST', body: { picks: [], price: 1 } });
    const unknownProduct = await stack.call('/products/nothing/configure', { method: 'POST', body: { picks: [] } });
    // Assess
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([expect.objectContaining({ path: ['picks', 1] })]);
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0].path).toEqual(['picks', 0]);
    expect(duplicate.status).toBe(422);
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.json.errors[0].path).toEqual(['price']);
    expect(unknownProduct.status).toBe(404);
  });

  it('answers a warm click from memory, with no DynamoDB call', async () => {
    // Prepare: a first call loads and compiles the current version
    await configure(['cpu.i5']);
    storeCalls.reset();
    // Act
    const answer = await configure(['cpu.i5', 'memory.32gb']);
    // Assess
    expect(answer.status).toBe(200);
    expect(storeCalls.counts()).toEqual({});
  });
});
