/**
 * The relationship with each customer, over HTTP on DynamoDB Local: a tenant's tier settings
 * through the admin API (bad input named, nothing written), the nightly tier job changing what
 * a customer sees (the perks in the price and the dates; a new customer is not demoted),
 * contacts (back-office calls move neither the drip questions nor the last touchpoint; the
 * configurator offers the contact's questions, at most two), and the default k-customer floor
 * (a new customer never opens on one person's build).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTIONS } from '#customers/questions';
import { runTierJob } from '#customers/tier-job';
import { LoggedTierSignals } from '#events/win-back-events';
import { TierRepository } from '#store/tier-repository';
import { FULL_LAPTOP_PICKS } from '../support/demo-picks.ts';
import { startTestStack, type CallInit, type TestStack } from '../support/local-stack.ts';
import { tableSnapshot } from '../support/table-snapshot.ts';
import { DEMO_TIER_SETTINGS } from '../support/tier-settings.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

/** The demo laptop at its cheapest: every standard choice. */
const STANDARD = [
  'cpu.i5',
  'memory.16gb',
  'storage.ssd512',
  'display.fhd',
  'graphics.integrated',
  'psu.65w',
  'keyboard.us',
  'packaging.standard',
  'invoice.pdf',
  'delivery.standard',
];
const withPick = (picks: readonly string[], pick: string) => [...picks.filter((p) => !p.startsWith(`${pick.split('.')[0]}.`)), pick];

async function webCustomer(): Promise<{ customerId: string; as: CallInit['as'] }> {
  const login = await stack.call('/dev/login', { method: 'POST', body: { email: `${randomUUID()}@example.com` }, as: 'anonymous' });
  expect(login.status).toBe(200);
  return { customerId: login.json.customerId, as: { bearer: login.json.token } };
}

async function order(customerId: string, picks: readonly string[], as: CallInit['as'], headers: Record<string, string> = {}) {
  const placed = await stack.call('/orders', {
    method: 'POST',
    body: { customerId, productId: 'laptop-x1', picks },
    headers: { 'idempotency-key': randomUUID(), ...headers },
    as,
  });
  expect(placed.status).toBe(201);
}

function configure(body: Record<string, unknown>, as: CallInit['as'], headers: Record<string, string> = {}) {
  return stack.call('/products/laptop-x1/configure', { method: 'POST', body, as, headers });
}

async function runTheTierJob(): Promise<LoggedTierSignals> {
  const signals = new LoggedTierSignals(() => undefined);
  const client = stack.documentClient({ requestTimeoutMs: 10_000 });
  try {
    await runTierJob(new TierRepository(client, stack.tableName), new Date(), signals);
  } finally {
    client.destroy();
  }
  return signals;
}

describe("a tenant's tier settings (admin)", () => {
  it('answers the defaults, refuses bad input naming the field with nothing written, and stores a valid setting', async () => {
    // Prepare
    const partner = (await stack.call('/admin/partners', { method: 'POST', body: { name: 'Relationship Co' } })).json;
    const path = `/admin/tenants/${partner.partnerId}/tiers`;
    const client = stack.documentClient();
    const before = await tableSnapshot(client, stack.tableName);
    // Act
    const defaults = await stack.call(path);
    const sum = await stack.call(path, {
      method: 'PUT',
      body: { ...DEMO_TIER_SETTINGS, thresholds: { topPercentA: 30, bottomPercentC: 75 } },
    });
    const unknownKey = await stack.call(path, {
      method: 'PUT',
      body: { ...DEMO_TIER_SETTINGS, perks: { ...DEMO_TIER_SETTINGS.perks, B: { ...DEMO_TIER_SETTINGS.perks.B, free: true } } },
    });
    const days = await stack.call(path, {
      method: 'PUT',
      body: { ...DEMO_TIER_SETTINGS, perks: { ...DEMO_TIER_SETTINGS.perks, A: { ...DEMO_TIER_SETTINGS.perks.A, leadDaysLess: -1 } } },
    });
    const drone = await stack.call(path, {
      method: 'PUT',
      body: {
        ...DEMO_TIER_SETTINGS,
        perks: {
          ...DEMO_TIER_SETTINGS.perks,
          A: { ...DEMO_TIER_SETTINGS.perks.A, includedServices: ['delivery.express', 'delivery.drone'] },
        },
      },
    });
    const floor = await stack.call(`/admin/tenants/${partner.partnerId}/recommendations`, { method: 'PUT', body: { minCustomers: 1 } });
    const nobody = await stack.call('/admin/tenants/nobody-here/tiers', { method: 'PUT', body: DEMO_TIER_SETTINGS });
    const asPartner = await stack.call(path, { method: 'PUT', body: DEMO_TIER_SETTINGS, as: { apiKey: partner.apiKey } });
    const unchanged = await tableSnapshot(client, stack.tableName);
    const stored = await stack.call(path, { method: 'PUT', body: DEMO_TIER_SETTINGS });
    const read = await stack.call(path);
    const recommendations = await stack.call(`/admin/tenants/${partner.partnerId}/recommendations`);
    client.destroy();
    // Assess
    expect(defaults.json).toMatchObject({
      tenantId: partner.partnerId,
      thresholds: { topPercentA: 5, bottomPercentC: 20 },
      perks: { A: { label: 'Gold', leadDaysLess: 1 }, B: { label: 'Silver' }, C: { label: 'Bronze', includedServices: [] } },
      updatedAt: null,
    });
    expect([sum.status, unknownKey.status, days.status, floor.status]).toEqual([400, 400, 400, 400]);
    expect(sum.headers.get('content-type')).toContain('application/problem+json');
    expect(sum.json.errors[0].path).toEqual(['thresholds', 'bottomPercentC']);
    expect(unknownKey.json.errors[0].path).toEqual(['perks', 'B', 'free']);
    expect(days.json.errors[0].path).toEqual(['perks', 'A', 'leadDaysLess']);
    expect(floor.json.errors[0].path).toEqual(['minCustomers']);
    expect(drone.status).toBe(422);
    expect(drone.json.errors).toEqual([
      expect.objectContaining({
        path: ['perks', 'A', 'includedServices', 1],
        pointer: '/perks/A/includedServices/1',
        code: 'unknown-choice',
      }),
    ]);
    expect(nobody.status).toBe(404);
    expect(asPartner.status).toBe(403);
    expect(unchanged).toEqual(before);
    expect(stored.status).toBe(200);
    expect(read.json).toEqual({ tenantId: partner.partnerId, ...DEMO_TIER_SETTINGS, updatedAt: stored.json.updatedAt });
    expect(recommendations.json).toEqual({ tenantId: partner.partnerId, minCustomers: 5, maxMinCustomers: 20, updatedAt: null });
  });
});

describe('the tier job changes what the customer sees', () => {
  it('makes the best buyer Gold (express included, one working day sooner), the smallest Bronze, and leaves a new customer Silver', async () => {
    // Prepare: five house customers order; one has never ordered.
    const best = await webCustomer();
    const mid = await Promise.all([webCustomer(), webCustomer(), webCustomer()]);
    const small = await webCustomer();
    const newcomer = await webCustomer();
    await order(best.customerId, FULL_LAPTOP_PICKS, best.as);
    await order(best.customerId, FULL_LAPTOP_PICKS, best.as);
    for (const m of mid) await order(m.customerId, FULL_LAPTOP_PICKS, m.as);
    await order(small.customerId, STANDARD, small.as);
    const express = withPick(FULL_LAPTOP_PICKS, 'delivery.express');
    const beforeJob = await configure({ picks: express }, best.as);
    // Act
    const signals = await runTheTierJob();
    const afterJob = await configure({ picks: express }, best.as);
    const smallAfter = await configure({ picks: withPick(STANDARD, 'cpu.i9') }, small.as);
    const newAfter = await configure({ picks: withPick(STANDARD, 'cpu.i9') }, newcomer.as);
    const report = await stack.call('/admin/reports/tier-changes?tenantId=house');
    // Assess: before, a Silver (B) customer pays half price for express (the catalog's B list).
    const expressLine = (answer: typeof beforeJob) => answer.json.price.lines.find((l: { ref: string }) => l.ref === 'delivery.express');
    expect(beforeJob.json).toMatchObject({ tier: 'B', perks: { tier: 'B', label: 'Silver', included: [], leadDaysLess: 0 } });
    expect(expressLine(beforeJob)).toMatchObject({ listAmount: 2500, amount: 1250, priceList: 'tier-b' });
    // After: Gold, express included by the perks, the lead time a working day shorter.
    expect(afterJob.json).toMatchObject({
      tier: 'A',
      perks: {
        tier: 'A',
        label: 'Gold',
        included: [
          { ref: 'delivery.express', selected: true },
          { ref: 'invoice.edi', selected: false },
        ],
        leadDaysLess: 1,
        priceList: 'perks-A',
      },
    });
    expect(expressLine(afterJob)).toMatchObject({ listAmount: 2500, amount: 0, priceList: 'perks-A' });
    expect(afterJob.json.dates.leadDays).toBe(beforeJob.json.dates.leadDays - 1);
    expect(afterJob.json.dates.shipBy < beforeJob.json.dates.shipBy).toBe(true);
    // The smallest buyer is C (the catalog keeps the i9 from C); the newcomer is B and keeps it.
    expect(smallAfter.json).toMatchObject({ tier: 'C', perks: { label: 'Bronze' }, valid: false });
    expect(smallAfter.json.conflicts).toContainEqual(expect.objectContaining({ rule: 'tier', picks: ['cpu.i9'] }));
    expect(newAfter.json).toMatchObject({ tier: 'B', perks: { label: 'Silver' } });
    expect(newAfter.json.conflicts.filter((c: { rule: string }) => c.rule === 'tier')).toEqual([]);
    // The fall from B to C is a win-back signal, in the report too.
    expect(signals.published.map((s) => [s.customerId, s.reasons])).toEqual([[small.customerId, ['moved-down']]]);
    expect(report.json.items).toContainEqual(
      expect.objectContaining({ customerId: small.customerId, from: 'B', to: 'C', winBack: true, reasons: ['moved-down'] }),
    );
  });

  it('prices and dates the order by the perks too', async () => {
    // Prepare: a customer made Gold by the job above is the best buyer; a fresh Gold needs a fresh job, so read the report.
    const report = await stack.call('/admin/reports/tier-changes?tenantId=house');
    const gold = report.json.items.find((i: { to: string }) => i.to === 'A');
    const token = await stack.customerToken(gold.customerId);
    const picks = withPick(FULL_LAPTOP_PICKS, 'delivery.express');
    // Act
    const answer = await configure({ picks }, { bearer: token });
    const placed = await stack.call('/orders', {
      method: 'POST',
      body: { customerId: gold.customerId, productId: 'laptop-x1', picks },
      headers: { 'idempotency-key': randomUUID() },
      as: { bearer: token },
    });
    // Assess
    expect(placed.status).toBe(201);
    expect(placed.json.price).toEqual(answer.json.price);
    expect(placed.json.dates).toEqual(answer.json.dates);
    expect(placed.json.price.lines).toContainEqual(expect.objectContaining({ ref: 'delivery.express', amount: 0, priceList: 'perks-A' }));
  });
});

describe('contacts are contacts', () => {
  const firstTwo = QUESTIONS.slice(0, 2).map((q) => q.id);
  const ids = (questions: { id: string }[]) => questions.map((q) => q.id);

  it("moves nothing on an admin's or a partner's back-office reads: the customer still gets the first questions", async () => {
    // Prepare
    const customer = await webCustomer();
    // Act
    const admin1 = await stack.call(`/customers/${customer.customerId}`);
    const admin2 = await stack.call(`/customers/${customer.customerId}`);
    const own = await stack.call(`/customers/${customer.customerId}`, { as: customer.as });
    const adminDuring = await stack.call(`/customers/${customer.customerId}`);
    // Assess
    expect(admin1.json.questions).toEqual([]);
    expect(admin2.json.questions).toEqual([]);
    expect(ids(own.json.questions)).toEqual(firstTwo);
    // An admin looking while the customer's contact runs sees its questions, and changes nothing.
    expect(ids(adminDuring.json.questions)).toEqual(firstTwo);
  });

  it('moves the last touchpoint only for customer-facing saves and orders; a partner says so with X-Customer-Present', async () => {
    // Prepare
    const created = await stack.call('/customers', { method: 'POST', body: { name: 'Counter Customer' }, as: 'partner' });
    const customerId = created.json.customerId as string;
    const path = `/customers/${customerId}/configurations/laptop-x1`;
    // Act
    await stack.call(path, { method: 'PUT', body: { picks: ['cpu.i7'] }, as: 'partner' });
    await order(customerId, FULL_LAPTOP_PICKS, 'partner');
    const backOffice = await stack.call(`/customers/${customerId}`, { as: 'partner' });
    await stack.call(path, {
      method: 'PUT',
      body: { picks: ['cpu.i5'] },
      as: 'partner',
      headers: { 'if-match': '"2"', 'x-customer-present': 'true' },
    });
    const atTheCounter = await stack.call(`/customers/${customerId}`, { as: 'partner', headers: { 'x-customer-present': 'true' } });
    const bad = await stack.call(`/customers/${customerId}`, { as: 'partner', headers: { 'x-customer-present': 'yes' } });
    // Assess
    expect(backOffice.json.lastTouchpoint).toBeNull();
    expect(backOffice.json.questions).toEqual([]);
    expect(atTheCounter.json.lastTouchpoint).toMatchObject({ channel: 'partner', action: 'saved-configuration' });
    expect(ids(atTheCounter.json.questions)).toEqual(firstTwo);
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ path: ['header', 'x-customer-present'], code: 'invalid_customer_present' });
  });

  it('offers the contact’s questions in the configurator too, and never more than two in one contact', async () => {
    // Prepare
    const customer = await webCustomer();
    // Act: the configurator first, then answering one on the profile, then the configurator again.
    const configurator = await configure({ picks: [] }, customer.as);
    const answered = await stack.call(`/customers/${customer.customerId}/preferences`, {
      method: 'PATCH',
      body: { answers: { [firstTwo[0]!]: null } },
      as: customer.as,
    });
    const again = await configure({ picks: [] }, customer.as);
    const profile = await stack.call(`/customers/${customer.customerId}`, { as: customer.as });
    const forAdmin = await configure({ picks: [], customerId: customer.customerId }, 'admin');
    // Assess
    expect(ids(configurator.json.questions)).toEqual(firstTwo);
    expect(ids(answered.json.questions)).toEqual([firstTwo[1]]);
    expect(ids(again.json.questions)).toEqual([firstTwo[1]]);
    expect(ids(profile.json.questions)).toEqual([firstTwo[1]]);
    expect(forAdmin.json.questions).toBeUndefined();
  });
});

describe('recommendations with a floor', () => {
  it("never opens a new customer on one person's build (the default floor of five customers)", async () => {
    // Prepare: one of the demo partner's customers orders the big build twice.
    const created = await stack.call('/customers', { method: 'POST', body: { name: 'Big Spender' }, as: 'partner' });
    const big = withPick(withPick(FULL_LAPTOP_PICKS, 'display.oled4k'), 'graphics.rtx4060');
    await order(created.json.customerId, withPick(big, 'psu.150w'), 'partner');
    await order(created.json.customerId, withPick(big, 'psu.150w'), 'partner');
    await stack.orderStream!.settled();
    const newcomer = (await stack.call('/customers', { method: 'POST', body: { name: 'New' }, as: 'partner' })).json.customerId;
    // Act
    const answer = await configure({ picks: [], customerId: newcomer }, 'partner');
    // Assess
    const sources = new Set(answer.json.groups.flatMap((g: { recommended?: { source: string } }) => g.recommended?.source ?? []));
    expect([...sources]).toEqual(['catalog-default']);
    expect(answer.json.groups.find((g: { id: string }) => g.id === 'graphics').recommended.choice).toBe('integrated');
  });
});
