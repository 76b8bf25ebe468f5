/**
 * What a customer does with their account on the page, in Chromium against the local stack:
 * the order history with each order's status, cancelling while allowed (and not after it
 * shipped), a gift order (offered by gift packaging, one-off, the recipient on the order),
 * starting a new configuration beside the remembered one, opting out of profiling and erasing
 * their data (which takes gift recipients off the orders).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choice, pageErrors, screenshot, signIn, startBrowserStack, uniqueEmail, type BrowserStack } from './browser-stack.ts';

let env: BrowserStack;

beforeAll(async () => {
  env = await startBrowserStack();
});

afterAll(async () => {
  await env?.close();
});

const liveSummary = (page: Page) => page.locator('#summary [role="status"]');

/** Opens the laptop from the product list with the link named `link`, and waits for the engine. */
async function openLaptop(page: Page, link: string | RegExp = /^(Configure|Continue where you stopped)$/): Promise<void> {
  await page.getByRole('link', { name: 'Products', exact: true }).click();
  await page.getByRole('link', { name: link }).first().click();
  await page.getByRole('heading', { level: 1, name: 'X1 Laptop' }).waitFor();
  await liveSummary(page)
    .filter({ hasText: /Ready to order|Still to choose/ })
    .waitFor();
}

/** Orders what the configurator shows, with 32 GB memory; the order's id. */
async function orderWith32gb(page: Page): Promise<string> {
  await openLaptop(page);
  await choice(page, 'memory.32gb').locator('label').click();
  await page.locator('.choice[data-ref="memory.32gb"][data-state="selected"]').waitFor();
  await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByRole('heading', { name: 'Thank you: your order is placed' }).waitFor();
  return (await page.getByTestId('order-id').textContent()) ?? '';
}

const card = (page: Page, orderId: string) => page.locator(`.order-card[data-order-id="${orderId}"]`);

describe('the order history', () => {
  it('lists the orders newest first with their status, cancels one while allowed, and offers no cancel once shipped', async () => {
    // Prepare: two orders; the back office ships the first one.
    const page = await env.newPage();
    await signIn(page, env.stack.url, uniqueEmail('olive'));
    const shipped = await orderWith32gb(page);
    const open = await orderWith32gb(page);
    for (const status of ['in-production', 'shipped']) {
      const moved = await env.stack.call(`/orders/${shipped}/status`, { method: 'POST', body: { status } });
      expect(moved.status).toBe(200);
    }

    // Act: the customer opens their orders.
    await page.getByRole('link', { name: 'Your orders' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your orders' }).waitFor();

    // Assess: newest first, each with its status; only the open one can be cancelled.
    expect(await page.locator('.order-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-order-id')))).toEqual([
      open,
      shipped,
    ]);
    expect(await card(page, open).getByTestId('order-status').textContent()).toBe('Placed');
    expect(await card(page, shipped).getByTestId('order-status').textContent()).toBe('Shipped');
    expect(await card(page, shipped).getByRole('button', { name: 'Cancel this order' }).count()).toBe(0);
    expect(await card(page, open).textContent()).toContain('X1 Laptop');
    await screenshot(page, '20-order-history');

    // Act: cancel the open order, confirming once; keeping it first changes nothing.
    await card(page, open).getByRole('button', { name: 'Cancel this order' }).click();
    await card(page, open).getByRole('button', { name: 'Keep the order' }).click();
    expect(await card(page, open).getByTestId('order-status').textContent()).toBe('Placed');
    await card(page, open).getByRole('button', { name: 'Cancel this order' }).click();
    await card(page, open).getByRole('button', { name: 'Yes, cancel the order' }).click();
    await card(page, open).getByText('Your order is cancelled.').waitFor();

    // Assess: cancelled on the page and in the API; nothing left to cancel.
    expect(await card(page, open).getByTestId('order-status').textContent()).toBe('Cancelled');
    expect(await card(page, open).getByRole('button').count()).toBe(0);
    const order = await env.stack.call(`/orders/${open}`);
    expect(order.json.status).toBe('cancelled');
    await screenshot(page, '21-order-cancelled');
    expect(pageErrors).toEqual([]);
  });
});

describe('a gift', () => {
  it('is offered by gift packaging, needs a recipient, goes on the order and leaves the usual order alone', async () => {
    // Prepare
    const page = await env.newPage();
    const customerId = await signIn(page, env.stack.url, uniqueEmail('gus'));
    await openLaptop(page);
    await expect(page.getByRole('group', { name: 'Send it as a gift' }).isHidden()).resolves.toBe(true);

    // Act: gift wrap offers the gift; ordering without a recipient says what is missing.
    await choice(page, 'packaging.gift').locator('label').click();
    await page.getByRole('group', { name: 'Send it as a gift' }).waitFor();
    await page.getByLabel('This is a gift: send it to someone else').check();
    await liveSummary(page).filter({ hasText: 'Ready to order' }).waitFor();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByText('Your order was not placed. Enter the recipient’s name.').waitFor();
    await page.getByLabel('Recipient’s name').fill('Grace Hopper');
    await page.getByLabel('Street and number').fill('1 Navy Way');
    await page.getByLabel('Postal code').fill('22201');
    await page.getByLabel('City').fill('Arlington');
    await page.getByLabel('Country').selectOption('US');
    await page.getByLabel('Message on the gift card (optional)').fill('Happy birthday!');
    await screenshot(page, '24-gift-form');
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you: your order is placed' }).waitFor();

    // Assess: the confirmation and the order say who gets it; nothing was remembered.
    expect(await page.getByTestId('gift').textContent()).toContain('A gift for Grace Hopper, sent to 1 Navy Way, Arlington');
    const orderId = (await page.getByTestId('order-id').textContent()) ?? '';
    const order = await env.stack.call(`/orders/${orderId}`);
    expect(order.json).toMatchObject({
      remember: false,
      gift: {
        recipient: { name: 'Grace Hopper', addressLines: ['1 Navy Way'], postalCode: '22201', city: 'Arlington', country: 'US' },
        message: 'Happy birthday!',
      },
    });
    expect(order.json.picks).toContain('packaging.gift');
    expect((await env.stack.call(`/customers/${customerId}/configurations/laptop-x1`)).status).toBe(404);
    expect((await env.stack.call(`/customers/${customerId}/repeat-orders/laptop-x1`)).status).toBe(404);
    await page.getByRole('link', { name: 'Your orders' }).click();
    await card(page, orderId).getByText('A gift for Grace Hopper').waitFor();
    expect(pageErrors).toEqual([]);
  });
});

describe('a new configuration beside the remembered one', () => {
  it('offers "Start a new configuration" next to "Continue where you stopped", starting from the standard choices', async () => {
    // Prepare: a saved configuration with 32 GB.
    const page = await env.newPage();
    await signIn(page, env.stack.url, uniqueEmail('nora'));
    await openLaptop(page);
    await choice(page, 'memory.32gb').locator('label').click();
    await page.locator('.choice[data-ref="memory.32gb"][data-state="selected"]').waitFor();
    await page.getByRole('button', { name: 'Save and leave' }).click();
    await page.getByRole('link', { name: 'Continue where you stopped' }).waitFor();
    await screenshot(page, '22-continue-or-start-new');

    // Act
    await openLaptop(page, 'Start a new configuration');

    // Assess: the standard memory, not the remembered 32 GB; the remembered one is still there.
    await page.getByText('A new configuration. The one you saved earlier stays').waitFor();
    expect(await choice(page, 'memory.16gb').getAttribute('data-state')).toBe('selected');
    expect(await choice(page, 'memory.32gb').getAttribute('data-state')).toBe('available');
    await openLaptop(page, 'Continue where you stopped');
    expect(await choice(page, 'memory.32gb').getAttribute('data-state')).toBe('selected');
    expect(pageErrors).toEqual([]);
  });
});

describe('preferences when continuing', () => {
  it('applies a packaging preference changed after an order to the configuration the order remembered', async () => {
    // Prepare: eco packaging is the preference when the customer orders.
    const page = await env.newPage();
    const customerId = await signIn(page, env.stack.url, uniqueEmail('petra'));
    const patch = (packaging: string) => env.stack.call(`/customers/${customerId}/preferences`, { method: 'PATCH', body: { packaging } });
    expect((await patch('eco')).status).toBe(200);
    await orderWith32gb(page);
    expect((await env.stack.call(`/orders/${await page.getByTestId('order-id').textContent()}`)).json.picks).toContain('packaging.eco');

    // Act: the preference changes to the wooden crate, then the customer continues.
    expect((await patch('crate')).status).toBe(200);
    await openLaptop(page, 'Continue where you stopped');

    // Assess: their own picks stay; the packaging follows today's preference.
    expect(await choice(page, 'memory.32gb').getAttribute('data-state')).toBe('selected');
    expect(await choice(page, 'packaging.crate').getAttribute('data-state')).toBe('selected');
    expect(await choice(page, 'packaging.crate').locator('.badge').textContent()).toBe('Your usual packaging');
    expect(await choice(page, 'packaging.eco').getAttribute('data-state')).toBe('available');
    expect(pageErrors).toEqual([]);
  });
});

describe('your data', () => {
  it('opts out of profiling: no more questions, and the API knows', async () => {
    const page = await env.newPage();
    const customerId = await signIn(page, env.stack.url, uniqueEmail('paula'));
    await page.getByRole('link', { name: 'Your profile' }).click();
    await page.getByRole('heading', { name: 'Your data', exact: true }).waitFor();
    expect(await page.locator('form.question').count()).toBeGreaterThan(0);

    // Act
    await page.getByLabel('Do not profile me').check();
    await page.getByRole('button', { name: 'Save this choice' }).click();
    await page.getByText('You are no longer profiled.').waitFor();

    // Assess: saved; the next visit of the profile asks nothing and shows the choice.
    const profile = await env.stack.call(`/customers/${customerId}`);
    expect(profile.json.doNotProfile).toBe(true);
    await page.getByRole('link', { name: 'Products', exact: true }).click();
    await page.getByRole('link', { name: 'Your profile' }).click();
    await page.getByRole('heading', { name: 'Your data', exact: true }).waitFor();
    expect(await page.getByLabel('Do not profile me').isChecked()).toBe(true);
    expect(await page.locator('form.question').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('erases the account after one confirmation: signed out, the profile gone, the orders kept', async () => {
    // Prepare: a customer with an order.
    const page = await env.newPage();
    const customerId = await signIn(page, env.stack.url, uniqueEmail('rosa'));
    const orderId = await orderWith32gb(page);
    await page.getByRole('link', { name: 'Your profile' }).click();

    // Act
    await page.getByRole('button', { name: 'Erase my data' }).click();
    await page.getByRole('button', { name: 'Keep my data' }).waitFor();
    await screenshot(page, '23-erase-confirm');
    await page.getByRole('button', { name: 'Yes, erase my data' }).click();

    // Assess: signed out with a message; the profile is gone; the order stays.
    await page.getByText('Your data is erased.').waitFor();
    await page.getByLabel('Your e-mail address').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('configurator.session'))).toBeNull();
    expect((await env.stack.call(`/customers/${customerId}`)).status).toBe(404);
    expect((await env.stack.call(`/orders/${orderId}`)).status).toBe(200);
    expect(pageErrors).toEqual([]);
  });
});
