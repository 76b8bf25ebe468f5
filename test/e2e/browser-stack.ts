/**
 * What the e2e tests share: the built page served by a local stack (its own table on the shared
 * DynamoDB Local), Chromium (which one: `chromium-executable.ts`) driven by playwright-core, and
 * small steps a customer takes.
 * `close()` is safe to call even when starting failed halfway.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildWeb } from '../../web/build.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { chromiumLaunch } from './chromium-executable.ts';

export const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

export interface BrowserStack {
  stack: TestStack;
  browser: Browser;
  /** A fresh browser context (its own sessionStorage), like a new visit. */
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserStack(): Promise<BrowserStack> {
  const webRoot = mkdtempSync(join(tmpdir(), 'configurator-web-'));
  const contexts: BrowserContext[] = [];
  let stack: TestStack | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.close().catch(() => undefined);
    rmSync(webRoot, { recursive: true, force: true });
  };
  try {
    await buildWeb(webRoot);
    // Recommendations read the order statistics on every click, so what a test expects after
    // `orderStream.settled()` does not depend on a cache's age.
    process.env.STATISTICS_TTL_SECONDS = '0';
    stack = await startTestStack({ webRoot });
    browser = await chromium.launch({ headless: true, ...(await chromiumLaunch()) });
  } catch (error) {
    await close();
    throw error;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const started = { stack, browser };
  return {
    ...started,
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await started.browser.newContext({ viewport: { width, height } });
      contexts.push(context);
      const page = await context.newPage();
      // A page error is a failed test, not a silent blank screen.
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    },
    close,
  };
}

/** Uncaught errors in any page; tests assert it stays empty. */
export const pageErrors: string[] = [];

export async function signIn(page: Page, url: string, email: string): Promise<string> {
  await page.goto(`${url}/`);
  await page.getByLabel('Your e-mail address').fill(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Your profile' }).waitFor();
  return page.evaluate(() => (JSON.parse(sessionStorage.getItem('configurator.session')!) as { customerId: string }).customerId);
}

/** The summary's live region, once the engine has answered the last click. */
export async function summaryStatus(page: Page): Promise<string> {
  await page.locator('#summary:not([aria-busy])').waitFor();
  return (await page.getByRole('status').filter({ hasText: 'Total' }).first().textContent()) ?? '';
}

export function choice(page: Page, ref: string) {
  return page.locator(`.choice[data-ref="${ref}"]`);
}

/** The whole page, or (`fullPage: false`) what the screen shows, e.g. a phone's fixed bar. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

export const uniqueEmail = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}@example.com`;
