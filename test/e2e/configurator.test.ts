/**
 * The customer page in Chromium, end to end against the local stack: first visit and order
 * (with an excluded choice, its reason and the trade), the one-click reorder on the next
 * visit, the next new customers starting from what was ordered (recommendations, once enough
 * customers ordered it), the tier benefits after the tier job, save-and-leave with a concurrent
 * change, keyboard only, and a phone-sized screen.
 *
 * The tests run in order and share the house tenant's orders: the first customer's two orders
 * (RTX 4060 graphics and the 150 W supply, the rest standard) are one person's build, so the
 * next new customer still starts from the catalog's standard configuration (€899.00); once five
 * customers ordered it (the k-customer floor), a new customer starts from it (€1,409.00).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTierJob } from '#customers/tier-job';
import { LoggedTierSignals } from '#events/win-back-events';
import { TierRepository } from '#store/tier-repository';
import {
  choice,
  expectNoHorizontalScroll,
  pageErrors,
  screenshot,
  signIn,
  startBrowserStack,
  uniqueEmail,
  type BrowserStack,
} from './browser-stack.ts';

let env: BrowserStack;

beforeAll(async () => {
  env = await startBrowserStack();
});

afterAll(async () => {
  await env?.close();
});

async function openLaptop(page: Page): Promise<void> {
  await page
    .getByRole('link', { name: /Configure|Continue where you stopped/ })
    .first()
    .click();
  await page.getByRole('heading', { level: 1, name: 'X1 Laptop' }).waitFor();
}

const liveSummary = (page: Page) => page.locator('#summary [role="status"]');

/** The first customer's build: RTX 4060 and the 150 W supply, everything else standard. */
const RTX_BUILD = [
  'cpu.i5',
  'memory.16gb',
  'storage.ssd512',
  'display.fhd',
  'graphics.rtx4060',
  'psu.150w',
  'keyboard.us',
  'packaging.standard',
  'invoice.pdf',
  'delivery.standard',
];

/** A new house customer (signed in through the API, not the page) orders `picks` once. */
async function anotherCustomerOrders(picks: readonly string[]): Promise<void> {
  const login = await env.stack.call('/dev/login', { method: 'POST', body: { email: uniqueEmail('other') }, as: 'anonymous' });
  const placed = await env.stack.call('/orders', {
    method: 'POST',
    body: { customerId: login.json.customerId, productId: 'laptop-x1', picks },
    headers: { 'idempotency-key': randomUUID() },
    as: { bearer: login.json.token },
  });
  expect(placed.status).toBe(201);
}

async function ordersOf(customerId: string) {
  const answer = await env.stack.call(`/customers/${customerId}/orders`);
  expect(answer.status).toBe(200);
  return answer.json.items as { orderId: string; picks: string[]; fromRepeatOrder: boolean; buildSheet: { sku: string }[] }[];
}

/** The first customer, who orders twice: the best customer of the house when the tier job runs. */
const firstCustomerEmail = uniqueEmail('ada');

describe('a first-time customer, then the same customer coming back', () => {
  const email = firstCustomerEmail;
  let customerId: string;

  it('configures the laptop, takes the trade an excluded choice offers, and orders exactly once on a double click', async () => {
    const page = await env.newPage();
    customerId = await signIn(page, env.stack.url, email);
    await page.getByRole('heading', { name: 'Choose a product to configure' }).waitFor();
    await screenshot(page, '01-products');
    await openLaptop(page);

    // Nobody has ordered yet: starts from the catalog's standard choices, services included, and is ready to order.
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    expect(await liveSummary(page).textContent()).toContain('€899.00');
    await expect(choice(page, 'packaging.standard').getAttribute('data-state')).resolves.toBe('selected');
    expect(await choice(page, 'packaging.standard').locator('.badge').textContent()).toBe('Standard choice');
    // Modules come before services.
    const headings = await page.locator('.group-section > h2').allTextContents();
    expect(headings).toEqual(['Modules', 'Services']);

    // The RTX 4060 is unavailable with the 65 W supply: hovering says why and what to give up.
    const rtx = choice(page, 'graphics.rtx4060');
    expect(await rtx.getAttribute('data-state')).toBe('excluded');
    expect(await rtx.locator('input').getAttribute('aria-disabled')).toBe('true');
    expect(await rtx.locator('.price').textContent()).toBe('+€450.00');
    await expect(rtx.locator('.why').isVisible()).resolves.toBe(false);
    await rtx.locator('label').hover();
    await rtx.locator('.why').waitFor({ state: 'visible' });
    const why = await rtx.locator('.why').textContent();
    expect(why).toContain('RTX 4060 graphics needs a 150 W or larger power supply');
    expect(why).toContain('you would give up 65 W USB-C');
    await screenshot(page, '02-excluded-reason-on-hover');

    // Choosing it anyway offers the trade; one click takes it.
    // `force`: Playwright will not click a control marked aria-disabled, a customer can.
    await rtx.locator('label').click({ force: true });
    const trade = page.getByRole('button', { name: 'Give up 65 W USB-C and choose GeForce RTX 4060' });
    await trade.waitFor();
    await screenshot(page, '03-trade-offered');
    await trade.click();
    await liveSummary(page).filter({ hasText: 'Still to choose: Power supply' }).waitFor();
    expect(await rtx.getAttribute('data-state')).toBe('selected');
    expect(await liveSummary(page).textContent()).toBe('Total €1,349.00. Still to choose: Power supply.');
    expect(await choice(page, 'psu.65w').getAttribute('data-state')).toBe('excluded');
    expect(await page.locator('.missing li').allTextContents()).toEqual(['Power supply']);
    await expect(page.getByRole('button', { name: 'Place order' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, '04-after-trade-missing-psu');

    await choice(page, 'psu.150w').locator('label').click();
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    expect(await liveSummary(page).textContent()).toBe('Total €1,409.00. Ready to order.');
    expect(await page.getByTestId('ship-by').textContent()).toMatch(/\d{4}$/);
    expect(await page.getByTestId('deliver-by').textContent()).toMatch(/\d{4}$/);

    // A double click places one order.
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await page.getByRole('heading', { name: 'Thank you: your order is placed' }).waitFor();
    const buildSheet = await page.locator('.build-sheet tbody').textContent();
    expect(buildSheet).toContain('GPU-RTX4060-M');
    expect(buildSheet).toContain('PSU-150W');
    expect(buildSheet).not.toContain('PSU-65W-USBC');
    expect(await page.locator('.confirmation .totals').textContent()).toContain('€1,409.00');
    await screenshot(page, '05-confirmation');

    const orders = await ordersOf(customerId);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.picks).toEqual(expect.arrayContaining(['graphics.rtx4060', 'psu.150w', 'packaging.standard']));
    expect(await page.getByTestId('order-id').textContent()).toBe(orders[0]!.orderId);
    expect(pageErrors).toEqual([]);
  });

  it('comes back in a new visit and reorders in one click from "Your usual order is ready"', async () => {
    const page = await env.newPage();
    expect(await signIn(page, env.stack.url, email)).toBe(customerId);
    await page.getByRole('heading', { level: 1, name: 'Your usual order is ready' }).waitFor();
    const usual = page.locator('.usual-order');
    expect(await usual.textContent()).toContain('GeForce RTX 4060');
    expect(await usual.textContent()).toContain('€1,409.00');
    await screenshot(page, '06-usual-order-ready');

    await page.getByRole('button', { name: 'Order it now' }).click();
    await page.getByRole('heading', { name: 'Thank you: your order is placed' }).waitFor();
    const orders = await ordersOf(customerId);
    expect(orders).toHaveLength(2);
    expect(orders[0]!.fromRepeatOrder).toBe(true);
    expect(orders[0]!.picks).toEqual(expect.arrayContaining(['graphics.rtx4060', 'psu.150w']));
    expect(pageErrors).toEqual([]);
  });
});

describe('recommendations for the next customers', () => {
  it("never starts a new customer on one person's build", async () => {
    await env.stack.orderStream!.settled();
    const page = await env.newPage();
    await signIn(page, env.stack.url, uniqueEmail('barbara'));
    await openLaptop(page);
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    // Only the first customer ordered the RTX build (twice): below the floor of 5 customers.
    expect(await liveSummary(page).textContent()).toBe('Total €899.00. Ready to order.');
    expect(await choice(page, 'graphics.integrated').locator('.badge').textContent()).toBe('Standard choice');
    expect(pageErrors).toEqual([]);
  });

  it('starts a new customer from what five customers ordered, says why, and fills an emptied group in one click', async () => {
    for (let i = 0; i < 4; i++) await anotherCustomerOrders(RTX_BUILD);
    await env.stack.orderStream!.settled();
    const page = await env.newPage();
    await signIn(page, env.stack.url, uniqueEmail('edith'));
    await openLaptop(page);
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    expect(await liveSummary(page).textContent()).toBe('Total €1,409.00. Ready to order.');
    expect(await choice(page, 'graphics.rtx4060').getAttribute('data-state')).toBe('selected');
    expect(await choice(page, 'graphics.rtx4060').locator('.badge').textContent()).toBe('Recommended: the most chosen in similar orders');
    expect(await choice(page, 'psu.150w').locator('.badge').textContent()).toBe('Recommended: the most chosen in similar orders');
    await screenshot(page, '06b-recommended-start');

    // The Core i9 needs 32 GB or more: taking that trade empties the memory group, and nobody
    // has ordered an i9 yet, so the recommendation there is the standard choice still possible.
    await choice(page, 'cpu.i9').locator('label').click({ force: true });
    await page.getByRole('button', { name: /^Give up 16 GB.* and choose Core i9/ }).click();
    await liveSummary(page).filter({ hasText: 'Still to choose: Memory' }).waitFor();
    expect(await choice(page, 'memory.32gb').locator('.badge').textContent()).toBe('Recommended: our standard choice');
    await page.getByRole('button', { name: 'Use the recommended choice' }).click();
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    expect(await choice(page, 'memory.32gb').getAttribute('data-state')).toBe('selected');
    await expect(page.getByRole('button', { name: 'Use the recommended choice' }).isHidden()).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
  });
});

describe('tier benefits', () => {
  it('shows the benefits the tier job gave the best customer where they apply: express delivery included, a day sooner', async () => {
    // Prepare: the nightly job ranks the house's five buyers; the first customer (two orders) is the top 5 %: Gold.
    const client = env.stack.documentClient({ requestTimeoutMs: 10_000 });
    try {
      await runTierJob(new TierRepository(client, env.stack.tableName), new Date(), new LoggedTierSignals(() => undefined));
    } finally {
      client.destroy();
    }
    const page = await env.newPage();
    await signIn(page, env.stack.url, firstCustomerEmail);
    await page.getByRole('link', { name: 'Products' }).click();
    await openLaptop(page);
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    const before = await page.getByTestId('ship-by').textContent();

    // Act: the express delivery carries the benefit; choosing it costs nothing.
    const express = choice(page, 'delivery.express');
    expect(await express.locator('.perk').textContent()).toBe('Gold: Express (next working day) included');
    expect(await express.locator('.price').textContent()).toBe('included');
    expect(await choice(page, 'delivery.standard').locator('.perk').textContent()).toBe('');
    const total = await page.getByTestId('total').textContent();
    await express.locator('label').click();
    await page.getByTestId('perks').filter({ hasText: 'Express' }).waitFor();

    // Assess: the summary lists what applies; the price did not move; the priority build is in the dates.
    expect(await page.getByTestId('perks').locator('li').allTextContents()).toEqual([
      'Gold: Express (next working day) included',
      'Gold: priority build, ships 1 working day sooner',
    ]);
    expect(await page.getByTestId('total').textContent()).toBe(total);
    expect(await page.getByTestId('ship-by').textContent()).toBe(before);
    await screenshot(page, '06c-gold-benefits');
    expect(pageErrors).toEqual([]);
  });
});

describe('save and leave', () => {
  it('saves where the customer stopped, continues there later, and reloads a configuration changed elsewhere', async () => {
    const page = await env.newPage();
    const customerId = await signIn(page, env.stack.url, uniqueEmail('grace'));
    await openLaptop(page);
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    await choice(page, 'memory.32gb').locator('label').click();
    await liveSummary(page).filter({ hasText: '€1,559.00' }).waitFor();
    await page.getByRole('button', { name: 'Save and leave' }).click();
    await page.getByText('Your X1 Laptop configuration is saved').waitFor();
    await page.getByRole('link', { name: 'Continue where you stopped' }).waitFor();

    // Continue where they stopped.
    await openLaptop(page);
    await page.getByText('You are continuing where you stopped').waitFor();
    await liveSummary(page).filter({ hasText: '€1,559.00' }).waitFor();
    expect(await choice(page, 'memory.32gb').getAttribute('data-state')).toBe('selected');
    expect(await choice(page, 'memory.32gb').locator('.badge').textContent()).toMatch(/^From your saved configuration/);

    // Meanwhile the configuration changes elsewhere (an admin on the customer's behalf).
    const saved = await env.stack.call(`/customers/${customerId}/configurations/laptop-x1`);
    const changed = saved.json.picks.map((p: string) => (p === 'memory.32gb' ? 'memory.64gb' : p));
    const put = await env.stack.call(`/customers/${customerId}/configurations/laptop-x1`, {
      method: 'PUT',
      body: { picks: changed },
      headers: { 'if-match': saved.headers.get('etag')! },
    });
    expect(put.status).toBe(200);

    await choice(page, 'storage.ssd1tb').locator('label').click();
    await liveSummary(page).filter({ hasText: '€1,679.00' }).waitFor();
    await page.getByRole('button', { name: 'Save and leave' }).click();
    await page.getByText('This configuration was changed elsewhere').waitFor();
    // The other version is shown, not overwritten.
    expect(await choice(page, 'memory.64gb').getAttribute('data-state')).toBe('selected');
    expect(await choice(page, 'storage.ssd1tb').getAttribute('data-state')).toBe('available');
    const after = await env.stack.call(`/customers/${customerId}/configurations/laptop-x1`);
    expect(after.json.picks).toContain('memory.64gb');
    await screenshot(page, '07-changed-elsewhere');

    // Saving again now succeeds.
    await page.getByRole('button', { name: 'Save and leave' }).click();
    await page.getByText('Your X1 Laptop configuration is saved').waitFor();
    expect(pageErrors).toEqual([]);
  });
});

describe('keyboard only', () => {
  it('tabs to a choice and selects it with Space; an excluded choice explains itself on focus, and its trade works from the keyboard', async () => {
    const page = await env.newPage();
    await signIn(page, env.stack.url, uniqueEmail('alan'));
    await openLaptop(page);
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();

    const tabTo = async (selector: string) => {
      for (let presses = 0; presses < 80; presses++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement === document.querySelector(s), selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };

    await tabTo('#choice-accessories_mouse');
    await page.keyboard.press('Space');
    await liveSummary(page).filter({ hasText: '€1,438.00' }).waitFor();
    expect(await page.locator('#choice-accessories_mouse').isChecked()).toBe(true);
    expect(await choice(page, 'accessories.mouse').getAttribute('data-state')).toBe('selected');

    // The pen needs the OLED display: focus alone shows why, and the input is described by it.
    await tabTo('#choice-accessories_pen');
    const pen = choice(page, 'accessories.pen');
    await pen.locator('.why').waitFor({ state: 'visible' });
    expect(await pen.locator('.why').textContent()).toContain('The active pen works only with the OLED touch display');
    expect(await page.locator('#choice-accessories_pen').getAttribute('aria-describedby')).toBe('why-accessories_pen');
    expect(await page.locator('#why-accessories_pen').textContent()).toContain('you would give up');
    await screenshot(page, '08-keyboard-focus-explains');

    // Space on it offers the trade, the next Tab reaches it, Enter takes it.
    await page.keyboard.press('Space');
    expect(await page.locator('#choice-accessories_pen').isChecked()).toBe(false);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(focused).toMatch(/^Give up .* and choose Active pen$/);
    await page.keyboard.press('Enter');
    await page.locator('.choice[data-ref="accessories.pen"][data-state="selected"]').waitFor();
    expect(await choice(page, 'display.oled4k').getAttribute('data-state')).not.toBe('excluded');
    expect(pageErrors).toEqual([]);
  });
});

describe('on a phone (375 px wide)', () => {
  it('never scrolls sideways: products, configurator with an explanation open, and confirmation', async () => {
    const page = await env.newPage({ width: 375, height: 812 });
    await signIn(page, env.stack.url, uniqueEmail('hedy'));
    await page.getByRole('heading', { name: 'Choose a product to configure' }).waitFor();
    await expectNoHorizontalScroll(page);
    await openLaptop(page);
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    await expectNoHorizontalScroll(page);
    await screenshot(page, '09-phone-configurator');

    // The customer starts from the recommended RTX 4060, which needs 150 W: the 65 W supply explains itself.
    await choice(page, 'psu.65w').locator('label').click({ force: true });
    await page.getByRole('button', { name: /^Give up GeForce RTX 4060 and choose 65 W USB-C$/ }).waitFor();
    await expectNoHorizontalScroll(page);
    await screenshot(page, '10-phone-trade-on-screen', { fullPage: false });
    await page.getByRole('button', { name: /^Give up GeForce RTX 4060 and choose 65 W USB-C$/ }).click();
    await page.locator('.choice[data-ref="psu.65w"][data-state="selected"]').waitFor();
    // With 65 W only the integrated graphics are left: included, and ready to order.
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    expect(await choice(page, 'graphics.integrated').getAttribute('data-state')).toBe('forced');
    await expectNoHorizontalScroll(page);
    await screenshot(page, '11-phone-after-trade');
    expect(pageErrors).toEqual([]);
  });
});

describe('the profile', () => {
  it('sets preferences that pre-fill the configurator, and offers at most two questions to answer or skip', async () => {
    const page = await env.newPage();
    const customerId = await signIn(page, env.stack.url, uniqueEmail('katherine'));
    await page.getByRole('link', { name: 'Your profile' }).click();
    await page.getByRole('heading', { name: 'Your preferences' }).waitFor();
    await page.getByLabel('Packaging').selectOption('eco');
    await page.getByLabel('How we contact you').selectOption('email');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Your preferences are saved.').waitFor();

    const questions = page.locator('form.question');
    expect(await questions.count()).toBe(2);
    await questions.first().getByRole('radio').first().check();
    await questions.first().getByRole('button', { name: 'Answer' }).click();
    await page.getByText('Thank you for your answer.').waitFor();
    await page.locator('form.question').getByRole('button', { name: 'Skip this question' }).click();
    await page.getByText('Skipped. We won’t ask again.').waitFor();
    await screenshot(page, '13-profile');

    const profile = await env.stack.call(`/customers/${customerId}`);
    expect(profile.json.preferences).toMatchObject({ packaging: 'eco', contactChannel: 'email' });
    expect(Object.keys(profile.json.answers)).toHaveLength(2);
    expect(Object.values(profile.json.answers)).toContain(null);

    await page.getByRole('link', { name: 'Products' }).click();
    await openLaptop(page);
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    expect(await choice(page, 'packaging.eco').getAttribute('data-state')).toBe('selected');
    expect(await choice(page, 'packaging.eco').locator('.badge').textContent()).toBe('Your usual packaging');
    expect(pageErrors).toEqual([]);
  });
});
