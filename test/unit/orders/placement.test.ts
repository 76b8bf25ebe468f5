/**
 * Placing an order (shared/orders/placement.ts) with its ports kept in memory: the engine and the
 * compiled demo catalog (infra/local/demo/laptop-x1.json) are real; the order store and the
 * repeat orders are small in-memory stand-ins that keep the repository's idempotency rules (a
 * key is claimed, released while pending for the same request, placed once, then replayed).
 * Covered: a fresh order, a one-off, a replay, another body under a used key, a key still in
 * flight, the key given back when placing fails, and ordering the repeat order.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CompiledCatalogs, type CatalogSource } from '#catalog/compiled-catalogs';
import { validateCatalog } from '#catalog/validate';
import type { CatalogDocument } from '#core/catalog-document';
import { ConflictError, InvalidInputError, StoreUnavailableError } from '#core/errors';
import type { CustomerProfile } from '#customers/profile';
import { configure } from '#engine/index';
import { problemResponse } from '#http/problem';
import { placeOrder, requestHashOf, type PlaceOrderCommand, type PlaceOrderDeps } from '#orders/placement';
import type { IdempotencyClaim, OrderStore, PlaceOrderWrite, RepeatOrderSource, StoredRepeatOrder } from '#orders/ports';
import { readDemoCatalog } from '../../../infra/local/seed.ts';
import { FULL_LAPTOP_PICKS } from '../../support/demo-picks.ts';
import { DEFAULT_TIER_PERKS } from '#customers/tier-settings';

/** How long a claim holds a key, as in the DynamoDB repository. */
const LOCK_MS = 30_000;
/** A Monday: lead and transit days count working days from here. */
const NOW = new Date('2026-11-23T10:00:00.000Z');
const FULL = [...FULL_LAPTOP_PICKS];

interface KeyRecord {
  state: 'pending' | 'done';
  requestHash: string;
  lockedUntil: number;
  responseBody?: string;
}

/**
 * The order store in memory, with the repository's rules: a claim takes a new key (or one whose
 * lock lapsed for the same request); a finished key replays for the same request and is a
 * mismatch for another; placing needs the key pending for this request, and writes the memory
 * (the repeat order) with the order, all at once.
 */
class InMemoryOrderStore implements OrderStore, RepeatOrderSource {
  readonly keys = new Map<string, KeyRecord>();
  readonly placed: PlaceOrderWrite[] = [];
  readonly repeatOrders = new Map<string, StoredRepeatOrder>();
  readonly releases: string[] = [];
  /** When set, `place` waits for it first (a request still in flight). */
  holdPlace: Promise<void> | undefined;
  /** When set, `place` fails with it and writes nothing (the database did not answer). */
  failPlace: Error | undefined;
  /** When set, `release` fails with it. */
  failRelease: Error | undefined;

  async claim(tenantId: string, idempotencyKey: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    const id = `${tenantId}#${idempotencyKey}`;
    const existing = this.keys.get(id);
    const lapsed = existing?.state === 'pending' && existing.requestHash === requestHash && existing.lockedUntil < now.getTime();
    if (!existing || lapsed) {
      this.keys.set(id, { state: 'pending', requestHash, lockedUntil: now.getTime() + LOCK_MS });
      return { outcome: 'claimed' };
    }
    if (existing.requestHash !== requestHash) return { outcome: 'mismatch' };
    if (existing.state === 'done') return { outcome: 'replay', statusCode: 201, body: existing.responseBody! };
    const lapse = Math.ceil((existing.lockedUntil - now.getTime()) / 1000);
    return { outcome: 'in-flight', retryAfterSeconds: Math.min(Math.max(1, lapse), 5) };
  }

  async release(tenantId: string, idempotencyKey: string, requestHash: string): Promise<void> {
    this.releases.push(idempotencyKey);
    if (this.failRelease) throw this.failRelease;
    const id = `${tenantId}#${idempotencyKey}`;
    const existing = this.keys.get(id);
    if (existing?.state === 'pending' && existing.requestHash === requestHash) this.keys.delete(id);
  }

  async place(write: PlaceOrderWrite): Promise<void> {
    await this.holdPlace;
    if (this.failPlace) throw this.failPlace;
    const { order } = write;
    const record = this.keys.get(`${order.tenantId}#${write.idempotencyKey}`);
    if (record?.state !== 'pending' || record.requestHash !== write.requestHash)
      throw new ConflictError('the key is not held by this request');
    Object.assign(record, { state: 'done', responseBody: write.responseBody });
    this.placed.push(write);
    if (write.memory) this.repeatOrders.set(`${order.tenantId}#${order.customerId}#${order.productId}`, write.memory.repeatOrder);
  }

  async getRepeatOrder(tenantId: string, customerId: string, productId: string): Promise<StoredRepeatOrder | undefined> {
    return this.repeatOrders.get(`${tenantId}#${customerId}#${productId}`);
  }
}

/** Published versions of the demo laptop, in memory; `current` is the newest. */
class InMemoryCatalogSource implements CatalogSource {
  readonly versions: CatalogDocument[] = [];

  publish(input: unknown): number {
    const result = validateCatalog(input);
    if (!result.ok) throw new Error(`the test catalog is not valid: ${JSON.stringify(result.findings)}`);
    this.versions.push(result.doc);
    return this.versions.length;
  }

  async findCurrent(): Promise<{ version: number } | undefined> {
    return this.versions.length ? { version: this.versions.length } : undefined;
  }

  async get(productId: string, version = this.versions.length) {
    return { productId, version, document: this.versions[version - 1]! };
  }
}

const customer: CustomerProfile = {
  customerId: 'c-ada',
  tenantId: 'demo-partner',
  name: 'Ada Lovelace',
  createdAt: '2026-01-05T09:00:00.000Z',
  // Standard packaging is her preference: that pick follows it rather than being her own choice.
  preferences: { packaging: 'standard' },
  answers: {},
  lastAskedQuestions: [],
  doNotProfile: false,
  tier: 'B',
  orderCount: 0,
  lifetimeValue: 0,
  recentOrders: [],
  mergedFrom: [],
};

let store: InMemoryOrderStore;
let source: InMemoryCatalogSource;
let deps: PlaceOrderDeps;
let issuedIds: string[];

beforeEach(() => {
  store = new InMemoryOrderStore();
  source = new InMemoryCatalogSource();
  source.publish(readDemoCatalog());
  issuedIds = [];
  deps = {
    orders: store,
    repeatOrders: store,
    // The cache would trust its current-version pointer for 5 s; these tests publish in between.
    catalogs: new CompiledCatalogs(source, { currentVersionTtlMs: 0 }),
    now: () => NOW,
    newOrderId: () => {
      issuedIds.push(`o-${issuedIds.length + 1}`);
      return issuedIds.at(-1)!;
    },
    priceLists: async () => [],
    tierPerks: async (_tenantId, tier) => DEFAULT_TIER_PERKS[tier],
  };
});

function command(overrides: Partial<PlaceOrderCommand> = {}): PlaceOrderCommand {
  return { customer, channel: 'partner', idempotencyKey: 'key-1', productId: 'laptop-x1', picks: FULL, remember: true, ...overrides };
}

/** The rejection of `promise` (fails the test when it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('placeOrder: a fresh order', () => {
  it('leaves the last touchpoint alone when a partner orders without the customer present', async () => {
    // Act
    await placeOrder(deps, command());
    // Assess
    expect(store.placed[0]!.touchpoint).toBeUndefined();
  });

  it("prices, dates and builds the order with the engine's answer, places it, and writes the customer's memory", async () => {
    // Prepare
    const { compiled } = await deps.catalogs.get('laptop-x1');
    const engine = configure(compiled, FULL, { tier: 'B', today: '2026-11-23', priceLists: [] });
    // Act: a partner's order placed in front of the customer (it moves their last touchpoint)
    const placed = await placeOrder(deps, command({ customerFacing: true }));
    // Assess
    const { order } = placed;
    expect(placed.replayed).toBe(false);
    expect(order).toMatchObject({
      orderId: 'o-1',
      tenantId: 'demo-partner',
      customerId: 'c-ada',
      productId: 'laptop-x1',
      catalogVersion: 1,
      picks: FULL,
      status: 'placed',
      statusHistory: [{ status: 'placed', at: NOW.toISOString() }],
      placedAt: NOW.toISOString(),
      channel: 'partner',
      remember: true,
      fromRepeatOrder: false,
    });
    // 899 base + 250 i7 + 150 32 GB + 120 1 TB + 29 mouse; tier B has no discount on these.
    expect(order.price.total).toBe(144_800);
    expect(order.price).toEqual(engine.price);
    // Lead 3 working days from Monday, then 3 days of transit over the weekend.
    expect(order.dates).toEqual({ leadDays: 3, transitDays: 3, shipBy: '2026-11-26', deliverBy: '2026-12-01' });
    expect(order.buildSheet).toEqual(engine.buildSheet);
    expect(order.buildSheet).toContainEqual({ sku: 'RAM-DDR5-16G', qty: 2 });
    expect(store.placed).toHaveLength(1);
    const write = store.placed[0]!;
    expect(write).toMatchObject({
      idempotencyKey: 'key-1',
      requestHash: requestHashOf({ customerId: 'c-ada', productId: 'laptop-x1', picks: FULL, remember: true }),
      responseBody: JSON.stringify(order),
      touchpoint: { productId: 'laptop-x1', channel: 'partner', at: NOW.toISOString(), action: 'placed-order' },
    });
    expect(write.memory?.configurationPicks).toEqual(FULL.filter((p) => p !== 'packaging.standard'));
    expect(write.memory?.repeatOrder).toEqual({
      productId: 'laptop-x1',
      catalogVersion: 1,
      picks: FULL,
      explicitPicks: FULL.filter((p) => p !== 'packaging.standard'),
      preferences: { packaging: 'standard', invoice: null, delivery: null },
      customer: { tier: 'B', preferences: { packaging: 'standard', invoice: null, delivery: null } },
      total: 144_800,
      priceLines: order.price.lines.map(({ ref, amount }) => ({ ref, amount })),
      currency: 'EUR',
      assembledAt: NOW.toISOString(),
      sourceOrderId: 'o-1',
    });
  });

  it('leaves the memory as it was for a one-off order (remember: false)', async () => {
    // Act
    const { order } = await placeOrder(deps, command({ remember: false }));
    // Assess
    expect(order.remember).toBe(false);
    expect(store.placed).toHaveLength(1);
    expect(store.placed[0]!.memory).toBeUndefined();
    expect(store.repeatOrders.size).toBe(0);
  });
});

describe('placeOrder: one order per Idempotency-Key', () => {
  it('replays the first order for the same key and body, writing nothing again', async () => {
    // Prepare
    const first = await placeOrder(deps, command());
    // Act
    const again = await placeOrder(deps, command());
    // Assess
    expect(again).toEqual({ order: first.order, replayed: true });
    expect(JSON.stringify(again.order)).toBe(JSON.stringify(first.order));
    expect(store.placed).toHaveLength(1);
    expect(issuedIds).toEqual(['o-1']);
  });

  it('refuses another body under a used key with a 422 finding on the Idempotency-Key header', async () => {
    // Prepare
    await placeOrder(deps, command());
    // Act
    const error = await rejectionOf(placeOrder(deps, command({ picks: FULL.map((p) => (p === 'cpu.i7' ? 'cpu.i5' : p)) })));
    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).findings).toEqual([
      { path: ['header', 'idempotency-key'], code: 'idempotency-key-reused', message: 'use a new key for a new order' },
    ]);
    const answer = problemResponse(error);
    expect(answer.statusCode).toBe(422);
    expect(JSON.parse(answer.body).errors).toEqual([
      expect.objectContaining({ pointer: '/header/idempotency-key', code: 'idempotency-key-reused' }),
    ]);
    expect(store.placed).toHaveLength(1);
  });

  it('answers 409 with Retry-After while the first request with the key is still placing, then replays its order', async () => {
    // Prepare: the first request holds the key and waits inside the store
    let letFirstFinish = () => {};
    store.holdPlace = new Promise((resolve) => {
      letFirstFinish = resolve;
    });
    const first = placeOrder(deps, command());
    await new Promise((resolve) => setImmediate(resolve));
    // Act
    const concurrent = await rejectionOf(placeOrder({ ...deps, now: () => new Date(NOW.getTime() + 2_000) }, command()));
    letFirstFinish();
    const placed = await first;
    const retry = await placeOrder(deps, command());
    // Assess: the lock has 28 s left; Retry-After is capped at 5 s
    expect(concurrent).toBeInstanceOf(ConflictError);
    expect((concurrent as ConflictError).retryAfterSeconds).toBe(5);
    const answer = problemResponse(concurrent);
    expect(answer.statusCode).toBe(409);
    expect(answer.headers['Retry-After']).toBe('5');
    expect(store.placed).toHaveLength(1);
    expect(store.releases).toEqual([]);
    expect(retry).toEqual({ order: placed.order, replayed: true });
  });
});

describe('placeOrder: placing fails, the key goes back, nothing is placed', () => {
  it.each([
    [
      'a pick that names no choice',
      ['cpu.i3', ...FULL.slice(1)],
      [{ path: ['picks', 0], code: 'invalid-pick', message: expect.stringMatching(/^cpu\.i3: /) }],
    ],
    [
      'an incomplete configuration',
      ['cpu.i5', 'memory.16gb'],
      ['storage', 'display', 'graphics', 'psu', 'keyboard', 'packaging', 'invoice', 'delivery'].map((group) => ({
        path: ['picks'],
        code: 'incomplete',
        message: `choose a ${group}`,
      })),
    ],
    [
      'picks that conflict',
      FULL.map((p) => (p === 'graphics.integrated' ? 'graphics.rtx4060' : p)),
      [
        {
          path: ['picks'],
          code: 'conflict:power',
          message: expect.stringMatching(
            /^The power supply must cover what .* draw: needs 103 W, 65 W USB-C gives 65 W \(.*graphics\.rtx4060.*\)$/,
          ),
        },
        {
          path: ['picks'],
          code: 'conflict:gpu-psu',
          message: expect.stringMatching(/^RTX 4060 graphics needs a 150 W or larger power supply \(.*graphics\.rtx4060.*\)$/),
        },
      ],
    ],
  ])('refuses %s with 422 and every finding', async (_label, picks, findings) => {
    // Act
    const error = await rejectionOf(placeOrder(deps, command({ picks })));
    const retried = await placeOrder(deps, command({ picks: FULL }));
    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).findings).toEqual(findings);
    expect(problemResponse(error).statusCode).toBe(422);
    expect(store.releases).toEqual(['key-1']);
    // The key was given back: the same key with a corrected body places an order (not a mismatch).
    expect(retried.replayed).toBe(false);
    expect(store.placed.map((w) => w.order.picks)).toEqual([FULL]);
  });

  it('answers with the store failure, not the failed release, when the database does not answer', async () => {
    // Prepare
    store.failPlace = new StoreUnavailableError('place order: no answer');
    store.failRelease = new StoreUnavailableError('release: no answer');
    // Act
    const error = await rejectionOf(placeOrder(deps, command()));
    // Assess: the key stays locked until its lock lapses; a retry meanwhile is told to wait
    expect(error).toBe(store.failPlace);
    expect(store.releases).toEqual(['key-1']);
    expect(store.placed).toEqual([]);
    store.failPlace = undefined;
    const retry = await rejectionOf(placeOrder({ ...deps, now: () => new Date(NOW.getTime() + 1_000) }, command()));
    expect(retry).toBeInstanceOf(ConflictError);
  });
});

describe('placeOrder: the repeat order', () => {
  it('orders the stored repeat order as it is when nothing changed', async () => {
    // Prepare
    const first = await placeOrder(deps, command());
    // Act
    const { order } = await placeOrder(deps, command({ idempotencyKey: 'key-2', picks: undefined, fromRepeatOrder: true }));
    // Assess
    expect(order).toMatchObject({ orderId: 'o-2', picks: FULL, fromRepeatOrder: true, catalogVersion: 1 });
    expect(order.price.total).toBe(first.order.price.total);
    expect(store.placed[1]!.memory?.repeatOrder).toMatchObject({
      picks: FULL,
      explicitPicks: FULL.filter((p) => p !== 'packaging.standard'),
      sourceOrderId: 'o-2',
    });
  });

  it('refuses a repeat order that needs a decision, naming each one, and places nothing', async () => {
    // Prepare: the chosen memory is deleted and no memory is the standard one any more
    await placeOrder(deps, command());
    const changed = structuredClone(readDemoCatalog()) as {
      groups: { id: string; choices: { id: string; default?: boolean }[] }[];
      rules: { id: string; allowed?: string[][] }[];
      needs: { answers: { prefer?: { choice: string }[] }[] }[];
    };
    const memory = changed.groups.find((g) => g.id === 'memory')!;
    memory.choices = memory.choices.filter((c) => c.id !== '32gb').map(({ default: _standard, ...choice }) => choice);
    const i9Memory = changed.rules.find((r) => r.id === 'i9-memory')!;
    i9Memory.allowed = i9Memory.allowed!.filter((row) => row[1] !== '32gb');
    for (const answer of changed.needs.flatMap((need) => need.answers)) {
      if (answer.prefer) answer.prefer = answer.prefer.filter((p) => p.choice !== 'memory.32gb');
    }
    expect(source.publish(changed)).toBe(2);
    // Act
    const error = await rejectionOf(placeOrder(deps, command({ idempotencyKey: 'key-2', picks: undefined, fromRepeatOrder: true })));
    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).findings).toEqual([
      { path: ['picks'], code: 'decision-needed', message: 'memory: choose a memory' },
    ]);
    expect(problemResponse(error).statusCode).toBe(422);
    expect(store.placed).toHaveLength(1);
    expect(store.releases).toEqual(['key-2']);
  });

  it('refuses a repeat order before any order was placed', async () => {
    // Act
    const error = await rejectionOf(placeOrder(deps, command({ picks: undefined, fromRepeatOrder: true })));
    // Assess
    expect((error as InvalidInputError).findings).toEqual([
      { path: ['fromRepeatOrder'], code: 'no-repeat-order', message: 'place a first order with picks' },
    ]);
    expect(store.placed).toEqual([]);
  });
});

describe('placeOrder: a gift', () => {
  const gift = { recipient: { name: 'Grace Hopper', addressLines: ['1 Navy Way'], city: 'Arlington', country: 'US' }, message: 'Enjoy' };

  it('stores the recipient on the order and remembers nothing', async () => {
    // Act
    const { order } = await placeOrder(deps, command({ remember: false, gift }));
    // Assess
    expect(order.gift).toEqual(gift);
    expect(order.remember).toBe(false);
    expect(store.placed[0]!.memory).toBeUndefined();
    expect(JSON.parse(store.placed[0]!.responseBody).gift).toEqual(gift);
  });

  it('refuses a gift that would be remembered, naming `remember`, and places nothing', async () => {
    // Act
    const error = await rejectionOf(placeOrder(deps, command({ remember: true, gift })));
    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).findings.map((f) => f.path)).toEqual([['remember']]);
    expect(store.placed).toEqual([]);
    expect(store.keys.size).toBe(0);
  });

  it('tells a request with another recipient from the same request under one key, and keeps the hash of a request without a gift', async () => {
    // Prepare
    await placeOrder(deps, command({ remember: false, gift }));
    const other = { ...gift, recipient: { ...gift.recipient, name: 'Someone Else' } };
    // Act
    const error = await rejectionOf(placeOrder(deps, command({ remember: false, gift: other })));
    const replay = await placeOrder(deps, command({ remember: false, gift }));
    // Assess
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(replay.replayed).toBe(true);
    expect(requestHashOf({ customerId: 'c', productId: 'p', picks: ['a.b'], remember: false })).not.toBe(
      requestHashOf({ customerId: 'c', productId: 'p', picks: ['a.b'], remember: false, gift }),
    );
  });
});
