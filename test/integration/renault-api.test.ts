/**
 * The real Renault models through the API: the "big" model converts to about 7 MB of JSON, more
 * than Lambda accepts, so it travels gzip-compressed, is linted in full, stored in parts below
 * DynamoDB's item limit, read back with one Query, compiled once and configured.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renaultCatalog, renaultSoldCars } from '../fixtures/renault/models.ts';
import { startTestStack, type TestStack } from '../support/local-stack.ts';
import { countStoreCalls, type StoreCallCounter } from '../support/store-calls.ts';

let stack: TestStack;
let storeCalls: StoreCallCounter;

beforeAll(async () => {
  stack = await startTestStack({ seed: false });
  storeCalls = countStoreCalls((await import('#functions/runtime')).documentClient);
});
afterAll(async () => {
  await stack?.close();
});

describe.each(['medium', 'big'] as const)('Renault %s through the API', (model) => {
  it('publishes gzip-compressed, reads back whole, and configures a sold car', async () => {
    // Prepare
    const document = renaultCatalog(model);
    const json = Buffer.from(JSON.stringify(document));
    const car = renaultSoldCars(model)[0]!;
    const picks = car.values
      .filter((v) => v.choice !== null)
      .slice(0, 5)
      .map((v) => `${v.group}.${v.choice}`);
    // Act
    const published = await stack.call(`/admin/products/${document.id}`, {
      method: 'PUT',
      body: gzipSync(json),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    storeCalls.reset();
    const read = await stack.call(`/products/${document.id}`);
    const readCalls = storeCalls.counts();
    const answer = await stack.call(`/products/${document.id}/configure`, { method: 'POST', body: { picks } });
    // Assess
    expect(published.status, published.text.slice(0, 500)).toBe(201);
    if (model === 'big') expect(json.byteLength).toBeGreaterThan(6 * 1024 * 1024);
    // The CURRENT pointer, then one Query for every part of the version.
    expect(readCalls).toEqual({ GetItemCommand: 1, QueryCommand: 1 });
    expect(read.json.document.rules).toHaveLength(document.rules.length);
    expect(answer.status).toBe(200);
    expect(answer.json.valid).toBe(true);
    expect(answer.json.groups).toHaveLength(document.groups.length);
    for (const pick of picks) {
      const [group, choice] = pick.split('.');
      expect(
        answer.json.groups.find((g: { id: string }) => g.id === group).choices.find((c: { id: string }) => c.id === choice).state,
      ).toBe('selected');
    }
  }, 180_000);
});
