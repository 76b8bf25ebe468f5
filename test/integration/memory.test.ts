/**
 * One-to-one memory on real DynamoDB Local: customers, preferences, drip questions,
 * remembered configurations with optimistic locking, orders placed exactly once, the repeat
 * order a returning customer gets in one read, its repair after a catalog change, one-off
 * orders, status transitions, tenant isolation and erasure. DynamoDB calls are counted on the
 * real client the handlers use.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { startTestStack, type CallInit, type TestStack } from '../support/local-stack.ts';
import { countStoreCalls, type StoreCallCounter } from '../support/store-calls.ts';
import { tableSnapshot } from '../support/table-snapshot.ts';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';

let stack: TestStack;
let storeCalls: StoreCallCounter;

const FULL = [...FULL_LAPTOP_PICKS];

beforeAll(async () => {
  stack = await startTestStack();
  const runtime = await import('#functions/runtime');
  storeCalls = countStoreCalls(runtime.documentClient);
});
afterAll(async () => {
  await stack?.close();
});

async function newCustomer(
  body: Record<string, unknown> = { name: 'Ada Lovelace', email: 'ada@example.com' },
  as: CallInit['as'] = 'partner',
): Promise<string> {
  const response = await stack.call('/customers', { method: 'POST', body, as });
  expect(response.status).toBe(201);
  return response.json.customerId as string;
}

function order(body: Record<string, unknown>, key = randomUUID(), as: CallInit['as'] = 'partner') {
  return stack.call('/orders', { method: 'POST', body, as, headers: { 'idempotency-key': key } });
}

describe('customers and preferences', () => {
  it('creates a customer of the partner, with tier B and at most two questions per contact, the same all through the contact', async () => {
    // Prepare
    const customerId = await newCustomer();
    const present = { 'x-customer-present': 'true' };
    // Act: the partner reads the profile in front of the customer, twice in one contact.
    const first = await stack.call(`/customers/${customerId}`, { as: 'partner', headers: present });
    const second = await stack.call(`/customers/${customerId}`, { as: 'partner', headers: present });
    // Assess
    expect(first.json).toMatchObject({ customerId, tier: 'B', contact: { name: 'Ada Lovelace' }, lastTouchpoint: null });
    expect(first.json.questions.length).toBeGreaterThan(0);
    expect(first.json.questions.length).toBeLessThanOrEqual(2);
    expect(second.json.questions).toEqual(first.json.questions);
  });

  it('validates preferences against the catalogs, stores answers, and refuses client-set tiers and prices', async () => {
    // Prepare
    const customerId = await newCustomer();
    const view = await stack.call(`/customers/${customerId}`, { as: 'partner', headers: { 'x-customer-present': 'true' } });
    const question = view.json.questions[0];
    const answer = question.kind === 'choice' ? question.options[0].value : 'anything';
    const client = stack.documentClient();
    const before = await tableSnapshot(client, stack.tableName);
    // Act
    const unknownChoice = await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      body: { packaging: 'bubble-wrap' },
      as: 'partner',
    });
    const clientTier = await stack.call(`/customers/${customerId}/preferences`, { method: 'PATCH', body: { tier: 'A' }, as: 'partner' });
    const clientPrice = await stack.call('/customers', {
      method: 'POST',
      body: { name: 'X', preferences: { packaging: 'gift', price: 0 } },
      as: 'partner',
    });
    const unchanged = await tableSnapshot(client, stack.tableName);
    const ok = await stack.call(`/customers/${customerId}/preferences`, {
      method: 'PATCH',
      body: { packaging: 'gift', delivery: 'express', answers: { [question.id]: answer } },
      as: 'partner',
    });
    // Assess
    expect(unknownChoice.status).toBe(422);
    expect(unknownChoice.json.errors[0].path).toEqual(['preferences', 'packaging']);
    expect(clientTier.status).toBe(400);
    expect(clientTier.json.errors[0].path).toEqual(['tier']);
    expect(clientPrice.status).toBe(400);
    expect(clientPrice.json.errors[0].path).toEqual(['preferences', 'price']);
    expect(unchanged).toEqual(before);
    expect(ok.status).toBe(200);
    expect(ok.json.preferences).toEqual({ packaging: 'gift', delivery: 'express' });
    expect(ok.json.answers).toEqual({ [question.id]: answer });
    expect(ok.json.questions.map((q: { id: string }) => q.id)).not.toContain(question.id);
    client.destroy();
  });

  it('pre-fills the service groups from preferences, marked as such, when configuring for the customer', async () => {
    // Prepare
    const customerId = await newCustomer();
    await stack.call(`/customers/${customerId}/preferences`, { method: 'PATCH', body: { packaging: 'eco' }, as: 'partner' });
    // Act
    const answer = await stack.call('/products/laptop-x1/configure', {
      method: 'POST',
      body: { picks: ['cpu.i7'], customerId },
      as: 'partner',
    });
    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json.prefilled).toEqual([{ pick: 'packaging.eco', source: 'preference' }]);
    const packaging = answer.json.groups.find((g: { id: string }) => g.id === 'packaging');
    expect(packaging.choices.find((c: { id: string }) => c.id === 'eco').state).toBe('selected');
  });
});

describe('where the last contact ended', () => {
  it('saves the configuration with optimistic locking: of two tabs on one version, one wins and the other gets 412', async () => {
    // Prepare
    const customerId = await newCustomer();
    const path = `/customers/${customerId}/configurations/laptop-x1`;
    const first = await stack.call(path, {
      method: 'PUT',
      body: { picks: ['cpu.i7'] },
      as: 'partner',
      headers: { 'x-customer-present': 'true' },
    });
    // Act
    const [tabA, tabB] = await Promise.all([
      stack.call(path, { method: 'PUT', body: { picks: ['cpu.i7', 'memory.32gb'] }, as: 'partner', headers: { 'if-match': '"1"' } }),
      stack.call(path, { method: 'PUT', body: { picks: ['cpu.i5'] }, as: 'partner', headers: { 'if-match': '"1"' } }),
    ]);
    const stored = await stack.call(path, { as: 'partner' });
    const profile = await stack.call(`/customers/${customerId}`, { as: 'partner' });
    // Assess
    expect(first.status).toBe(201);
    expect(first.headers.get('etag')).toBe('"1"');
    expect([tabA.status, tabB.status].sort()).toEqual([200, 412]);
    const loser = tabA.status === 412 ? tabA : tabB;
    expect(loser.json).toMatchObject({ type: '/problems/precondition-failed', currentVersion: 2 });
    expect(stored.json.version).toBe(2);
    expect(profile.json.lastTouchpoint).toMatchObject({ productId: 'laptop-x1', channel: 'partner', action: 'saved-configuration' });
  });

  it('refuses picks that name nothing, and a stale or malformed If-Match', async () => {
    // Prepare
    const customerId = await newCustomer();
    const path = `/customers/${customerId}/configurations/laptop-x1`;
    await stack.call(path, { method: 'PUT', body: { picks: ['cpu.i7'] }, as: 'partner' });
    // Act
    const unknown = await stack.call(path, { method: 'PUT', body: { picks: ['cpu.i3'] }, as: 'partner', headers: { 'if-match': '"1"' } });
    const stale = await stack.call(path, { method: 'PUT', body: { picks: ['cpu.i5'] }, as: 'partner', headers: { 'if-match': '"7"' } });
    const missing = await stack.call(path, { method: 'PUT', body: { picks: ['cpu.i5'] }, as: 'partner' });
    const malformed = await stack.call(path, {
      method: 'PUT',
      body: { picks: ['cpu.i5'] },
      as: 'partner',
      headers: { 'if-match': 'yesterday' },
    });
    // Assess
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0].path).toEqual(['picks', 0]);
    expect(stale.status).toBe(412);
    expect(missing.status).toBe(412);
    expect(malformed.status).toBe(400);
  });
});

describe('orders and the repeat order', () => {
  it('places a first order in one transaction, then serves the repeat order in one read', async () => {
    // Prepare
    const customerId = await newCustomer();
    // Warm: the compiled catalog and the partner's price list are in memory, as in a busy container.
    await stack.call('/products/laptop-x1/configure', { method: 'POST', body: { picks: [] }, as: 'partner' });
    storeCalls.reset();
    // The customer orders on the web, so no partner-key lookup (the authorizer's read) is counted.
    const customerToken = await stack.customerToken(customerId, 'demo-partner');
    // Act
    const placed = await order({ customerId, productId: 'laptop-x1', picks: FULL }, randomUUID(), { bearer: customerToken });
    const placeCalls = storeCalls.counts();
    storeCalls.reset();
    const repeat = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: { bearer: customerToken } });
    const repeatCalls = storeCalls.counts();
    // Assess
    expect(placed.status).toBe(201);
    expect(placed.json).toMatchObject({ customerId, productId: 'laptop-x1', catalogVersion: 1, status: 'placed', picks: FULL });
    expect(placed.json.buildSheet).toEqual(expect.arrayContaining([{ sku: 'CPU-I7-1365U', qty: 1 }]));
    expect(placeCalls.TransactWriteItemsCommand).toBe(1);
    // The other calls: the owner's profile (GetItem) and the idempotency claim (PutItem).
    expect(placeCalls).toEqual({ GetItemCommand: 1, PutItemCommand: 1, TransactWriteItemsCommand: 1 });
    expect(repeat.status).toBe(200);
    expect(repeat.json).toMatchObject({ status: 'ready', picks: FULL, catalogVersion: 1, priceDifference: 0, changes: [] });
    expect(repeatCalls).toEqual({ GetItemCommand: 1 });
  });

  it('replays the same key and body byte for byte, refuses another body with 422, and scopes keys by tenant', async () => {
    // Prepare
    const customerId = await newCustomer();
    const key = randomUUID();
    const body = { customerId, productId: 'laptop-x1', picks: FULL };
    const houseCustomer = (await stack.call('/dev/login', { method: 'POST', body: { email: `buyer-${key}@example.com` }, as: 'anonymous' }))
      .json;
    // Act
    const first = await order(body, key);
    const replay = await order(body, key);
    const other = await order({ ...body, picks: FULL.map((p) => (p === 'keyboard.de' ? 'keyboard.fr' : p)) }, key);
    const sameKeyOtherTenant = await order({ customerId: houseCustomer.customerId, productId: 'laptop-x1', picks: FULL }, key, {
      bearer: houseCustomer.token,
    });
    const list = await stack.call(`/customers/${customerId}/orders`, { as: 'partner' });
    // Assess
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.text).toBe(first.text);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(other.status).toBe(422);
    expect(sameKeyOtherTenant.status).toBe(201);
    expect(sameKeyOtherTenant.json.orderId).not.toBe(first.json.orderId);
    expect(list.json.items).toHaveLength(1);
  });

  it('places exactly one order when the same key arrives many times at once', async () => {
    // Prepare
    const customerId = await newCustomer();
    const key = randomUUID();
    const body = { customerId, productId: 'laptop-x1', picks: FULL };
    // Act
    const answers = await Promise.all(Array.from({ length: 50 }, () => order(body, key)));
    // A client retries a "try again" answer with the same key, after Retry-After, until it gets the order.
    let retried = await order(body, key);
    for (let attempt = 0; attempt < 30 && retried.status !== 201; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Number(retried.headers.get('retry-after') ?? 1) * 1000));
      retried = await order(body, key);
    }
    const list = await stack.call(`/customers/${customerId}/orders`, { as: 'partner' });
    // Assess
    expect(list.json.items).toHaveLength(1);
    const orderId = list.json.items[0].orderId;
    for (const answer of answers.filter((a) => a.status === 201)) expect(answer.json.orderId).toBe(orderId);
    // Every other answer says "try again": the key is in flight (409), or the database, busy with
    // the other 49, did not answer within the request's deadline (503); never a second order.
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect([409, 503]).toContain(answer.status);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(retried.status, retried.text).toBe(201);
    expect(retried.json.orderId).toBe(orderId);
    // Room for a key whose holder failed and could not give it back: its lock lapses after 30 s.
  }, 120_000);

  it('refuses a missing key, an incomplete or invalid configuration, and client-set price or status, writing nothing', async () => {
    // Prepare
    const customerId = await newCustomer();
    const client = stack.documentClient();
    const before = await tableSnapshot(client, stack.tableName);
    // Act
    const noKey = await stack.call('/orders', { method: 'POST', body: { customerId, productId: 'laptop-x1', picks: FULL }, as: 'partner' });
    const incomplete = await order({ customerId, productId: 'laptop-x1', picks: ['cpu.i7'] });
    const invalid = await order({
      customerId,
      productId: 'laptop-x1',
      picks: [...FULL.filter((p) => !p.startsWith('packaging') && !p.startsWith('delivery')), 'packaging.crate', 'delivery.express'],
    });
    const withPrice = await order({ customerId, productId: 'laptop-x1', picks: FULL, price: { total: 1 } });
    const withStatus = await order({ customerId, productId: 'laptop-x1', picks: FULL, status: 'delivered' });
    const noRepeat = await order({ customerId, productId: 'laptop-x1', fromRepeatOrder: true });
    // Assess
    expect(noKey.status).toBe(400);
    expect(noKey.json.errors[0].path).toEqual(['header', 'idempotency-key']);
    expect(incomplete.status).toBe(422);
    expect(incomplete.json.detail).toContain('not complete');
    expect(invalid.status).toBe(422);
    expect(invalid.json.errors[0].code).toBe('conflict:crate-express');
    expect(withPrice.status).toBe(400);
    expect(withStatus.status).toBe(400);
    expect(noRepeat.status).toBe(422);
    expect(await tableSnapshot(client, stack.tableName)).toEqual(before);
    client.destroy();
  });

  it('places a one-off (gift) order without touching the remembered configuration or the repeat order', async () => {
    // Prepare
    const customerId = await newCustomer();
    await order({ customerId, productId: 'laptop-x1', picks: FULL });
    const repeatBefore = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: 'partner' });
    const configBefore = await stack.call(`/customers/${customerId}/configurations/laptop-x1`, { as: 'partner' });
    const gift = FULL.map((p) => (p === 'packaging.standard' ? 'packaging.gift' : p === 'cpu.i7' ? 'cpu.i5' : p));
    // Act
    const placed = await order({ customerId, productId: 'laptop-x1', picks: gift, remember: false });
    const repeatAfter = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: 'partner' });
    const configAfter = await stack.call(`/customers/${customerId}/configurations/laptop-x1`, { as: 'partner' });
    const orders = await stack.call(`/customers/${customerId}/orders`, { as: 'partner' });
    // Assess
    expect(placed.status).toBe(201);
    expect(placed.json.remember).toBe(false);
    expect(repeatAfter.json.picks).toEqual(repeatBefore.json.picks);
    expect(configAfter.json).toEqual(configBefore.json);
    expect(orders.json.items.map((o: { orderId: string }) => o.orderId)[0]).toBe(placed.json.orderId);
  });

  it('repairs the repeat order after a catalog change retires a chosen part, with the diff, reasons and price difference', async () => {
    // Prepare: an order with the QHD display, then a catalog that retires it for a new one
    const customerId = await newCustomer();
    const withQhd = FULL.map((p) => (p === 'display.fhd' ? 'display.qhd' : p));
    const placed = await order({ customerId, productId: 'laptop-x1', picks: withQhd });
    expect(placed.status).toBe(201);
    const changed = structuredClone(readDemoCatalog()) as {
      groups: { id: string; choices: Record<string, unknown>[] }[];
      rules: { id: string; allowed?: unknown[][] }[];
    };
    const display = changed.groups.find((g) => g.id === 'display')!;
    Object.assign(display.choices.find((c) => c.id === 'qhd')!, { retired: true, replacedBy: 'qhd2' });
    display.choices.push({ id: 'qhd2', name: '14" QHD+ 144 Hz', price: 21000, leadDays: 0, parts: [{ sku: 'LCD-14-QHD2', qty: 1 }] });
    changed.rules.find((r) => r.id === 'oled-gpu')!.allowed!.push(['qhd2', '*']);
    const published = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: changed });
    expect(published.status).toBe(201);
    // Act: functions trust the current version they know for a few seconds (no read per click)
    let repeat = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: 'partner' });
    for (const deadline = Date.now() + 10_000; repeat.json.catalogVersion !== published.json.version && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
      repeat = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: 'partner' });
    }
    const reload = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: 'partner' });
    const reorder = await order({ customerId, productId: 'laptop-x1', fromRepeatOrder: true });
    const afterReorder = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: 'partner' });
    // Assess
    expect(repeat.json.status).toBe('repaired');
    expect(repeat.json.catalogVersion).toBeGreaterThan(placed.json.catalogVersion);
    expect(repeat.json.changes).toEqual([expect.objectContaining({ kind: 'replaced', from: 'display.qhd', to: 'display.qhd2' })]);
    expect(repeat.json.changes[0].reason.length).toBeGreaterThan(5);
    expect(repeat.json.picks).toContain('display.qhd2');
    expect(repeat.json.priceDifference).toBe(21000 - 18000);
    // A second visit (a reload, another tab) still shows what changed, until the next order.
    expect(reload.json).toMatchObject({ status: 'repaired', changes: repeat.json.changes, priceDifference: 3000 });
    expect(reorder.status).toBe(201);
    expect(reorder.json.picks).toContain('display.qhd2');
    expect(afterReorder.json).toMatchObject({ status: 'ready', changes: [], priceDifference: 0 });
    expect(reorder.json.price.total).toBe(placed.json.price.total + 3000);
  });

  it('applies preferences changed since the last order to the repeat order, saying so', async () => {
    // Prepare
    const customerId = await newCustomer();
    await order({ customerId, productId: 'laptop-x1', picks: FULL });
    // Act
    await stack.call(`/customers/${customerId}/preferences`, { method: 'PATCH', body: { packaging: 'gift' }, as: 'partner' });
    const repeat = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: 'partner' });
    // Assess
    expect(repeat.json.status).toBe('repaired');
    expect(repeat.json.changes).toEqual([
      expect.objectContaining({ kind: 'preference', from: 'packaging.standard', to: 'packaging.gift' }),
    ]);
    expect(repeat.json.picks).toContain('packaging.gift');
    expect(repeat.json.priceDifference).toBe(1500);
  });

  it('moves orders only along allowed transitions', async () => {
    // Prepare
    const customerId = await newCustomer();
    const placed = await order({ customerId, productId: 'laptop-x1', picks: FULL });
    const path = `/orders/${placed.json.orderId}/status`;
    // Act
    const skip = await stack.call(path, { method: 'POST', body: { status: 'delivered' }, as: 'partner' });
    const byPartner = await stack.call(path, { method: 'POST', body: { status: 'in-production' }, as: 'partner' });
    const produce = await stack.call(path, { method: 'POST', body: { status: 'in-production' } });
    const ship = await stack.call(path, { method: 'POST', body: { status: 'shipped' } });
    const cancel = await stack.call(path, { method: 'POST', body: { status: 'cancelled' }, as: 'partner' });
    // Assess
    expect(skip.status, skip.text).toBe(422);
    expect(byPartner.status).toBe(403);
    expect(produce.json.status).toBe('in-production');
    expect(ship.json.statusHistory.map((h: { status: string }) => h.status)).toEqual(['placed', 'in-production', 'shipped']);
    expect(cancel.status).toBe(422);
  });
});

describe('tenant isolation and erasure', () => {
  it("answers 404 for another tenant's customer and order, never data", async () => {
    // Prepare: a customer of the demo partner, and a house customer signed in on the web
    const partnerCustomer = await newCustomer();
    const placed = await order({ customerId: partnerCustomer, productId: 'laptop-x1', picks: FULL });
    const house = (await stack.call('/dev/login', { method: 'POST', body: { email: 'grace@example.com' }, as: 'anonymous' })).json;
    const other = { bearer: house.token };
    // Act
    const answers = await Promise.all([
      stack.call(`/customers/${partnerCustomer}`, { as: other }),
      stack.call(`/customers/${partnerCustomer}/orders`, { as: other }),
      stack.call(`/customers/${partnerCustomer}/repeat-orders/laptop-x1`, { as: other }),
      stack.call(`/customers/${partnerCustomer}/configurations/laptop-x1`, { as: other }),
      stack.call(`/orders/${placed.json.orderId}`, { as: other }),
      stack.call(`/customers/${house.customerId}`, { as: 'partner' }),
      order({ customerId: partnerCustomer, productId: 'laptop-x1', picks: FULL }, randomUUID(), other),
    ]);
    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain(partnerCustomer === house.customerId ? '' : 'Ada');
    }
  });

  it('erases the profile and memory; orders stay, pseudonymised', async () => {
    // Prepare
    const customerId = await newCustomer({ name: 'Erase Me', email: 'erase@example.com' });
    const placed = await order({ customerId, productId: 'laptop-x1', picks: FULL });
    // Act
    const erased = await stack.call(`/customers/${customerId}`, { method: 'DELETE', as: 'partner' });
    const profile = await stack.call(`/customers/${customerId}`, { as: 'partner' });
    const repeat = await stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`, { as: 'partner' });
    const kept = await stack.call(`/orders/${placed.json.orderId}`);
    // Assess
    expect(erased.status).toBe(204);
    expect(profile.status).toBe(404);
    expect(repeat.status).toBe(404);
    expect(kept.status).toBe(200);
    expect(kept.text).not.toContain('Erase Me');
    expect(kept.text).not.toContain('erase@example.com');
  });
});

describe('merging two records of one person', () => {
  it('keeps both histories under one customer, fills gaps, and refuses non-admins', async () => {
    // Prepare: the same person created twice, each with an order
    const kept = await newCustomer({ name: 'Alan Turing' });
    const duplicate = await newCustomer({ email: 'alan@example.org', preferences: { packaging: 'eco' } });
    const first = await order({ customerId: kept, productId: 'laptop-x1', picks: FULL });
    const second = await order({ customerId: duplicate, productId: 'laptop-x1', picks: FULL });
    // Act
    const asPartner = await stack.call(`/admin/customers/${kept}/merge`, {
      method: 'POST',
      body: { duplicateId: duplicate },
      as: 'partner',
    });
    const merged = await stack.call(`/admin/customers/${kept}/merge`, { method: 'POST', body: { duplicateId: duplicate } });
    const again = await stack.call(`/admin/customers/${kept}/merge`, { method: 'POST', body: { duplicateId: duplicate } });
    const orders = await stack.call(`/customers/${kept}/orders?limit=1`, { as: 'partner' });
    const rest = await stack.call(`/customers/${kept}/orders?limit=1&cursor=${encodeURIComponent(orders.json.nextCursor)}`, {
      as: 'partner',
    });
    // Assess
    expect(asPartner.status).toBe(403);
    expect(merged.status).toBe(200);
    expect(merged.json).toMatchObject({
      customerId: kept,
      contact: { name: 'Alan Turing', email: 'alan@example.org' },
      preferences: { packaging: 'eco' },
      orders: { count: 2 },
      mergedFrom: [duplicate],
    });
    expect(again.status).toBe(422);
    expect([...orders.json.items, ...rest.json.items].map((o: { orderId: string }) => o.orderId)).toEqual([
      second.json.orderId,
      first.json.orderId,
    ]);
    expect(rest.json.nextCursor).toBeUndefined();
  });
});
