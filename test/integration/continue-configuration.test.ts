/**
 * "Continue where you stopped" after the catalog changed, over HTTP on DynamoDB Local: a saved
 * configuration names a keyboard the new version deleted and a display it retired. Reading it
 * back answers 200 with the picks re-checked like a repeat order (the deleted one dropped, the
 * retired one moved to its replacement) and `repaired` saying what changed and why, never an
 * error; saving over it with If-Match still works, and the saved picks then need no repair.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoCatalog } from '../../infra/local/seed.ts';
import { startTestStack, type CallResult, type TestStack } from '../support/local-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.close();
});

const SAVED = ['cpu.i7', 'memory.32gb', 'display.qhd', 'keyboard.nordic', 'accessories.mouse', 'packaging.eco'];

/** Version 2 of the demo laptop: the Nordic keyboard is gone, the QHD display retired for a newer one. */
function changedCatalog(): unknown {
  const doc = structuredClone(readDemoCatalog()) as {
    groups: { id: string; choices: Record<string, unknown>[] }[];
    rules: { id: string; allowed?: unknown[][] }[];
  };
  const keyboard = doc.groups.find((g) => g.id === 'keyboard')!;
  keyboard.choices = keyboard.choices.filter((c) => c.id !== 'nordic');
  const display = doc.groups.find((g) => g.id === 'display')!;
  Object.assign(display.choices.find((c) => c.id === 'qhd')!, { retired: true, replacedBy: 'qhd2' });
  display.choices.push({ id: 'qhd2', name: '14" QHD+ 144 Hz', price: 21_000, leadDays: 0, parts: [{ sku: 'LCD-14-QHD2', qty: 1 }] });
  doc.rules.find((r) => r.id === 'oled-gpu')!.allowed!.push(['qhd2', '*']);
  return doc;
}

/** Functions trust the current catalog version they know for a few seconds (no read per click); reads are side-effect free. */
async function readUntilVersion(path: string, version: number): Promise<CallResult> {
  let answer = await stack.call(path, { as: 'partner' });
  for (let attempt = 0; attempt < 60 && answer.json?.catalogVersion !== version; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    answer = await stack.call(path, { as: 'partner' });
  }
  return answer;
}

describe('continue where you stopped, after a choice was deleted and another retired', () => {
  it('answers the remembered picks repaired like a repeat order, says what changed and why, and saves over them with If-Match', async () => {
    // Prepare: a configuration saved under version 1, then version 2 published
    const created = await stack.call('/customers', { method: 'POST', body: { name: 'Karen Spärck Jones' }, as: 'partner' });
    const path = `/customers/${created.json.customerId}/configurations/laptop-x1`;
    const saved = await stack.call(path, { method: 'PUT', body: { picks: SAVED }, as: 'partner' });
    expect(saved.status).toBe(201);
    expect(saved.json.catalogVersion).toBe(1);
    const published = await stack.call('/admin/products/laptop-x1', { method: 'PUT', body: changedCatalog() });
    expect(published.status, published.text).toBe(201);
    expect(published.json.version).toBe(2);

    // Act
    const continued = await readUntilVersion(path, 2);

    // Assess: the picks as they continue today, and why they differ from what was saved
    expect(continued.status, continued.text).toBe(200);
    expect(continued.headers.get('etag')).toBe('"1"');
    expect(continued.json).toMatchObject({ productId: 'laptop-x1', catalogVersion: 2, version: 1, channel: 'partner' });
    expect(continued.json.picks).toEqual(['cpu.i7', 'memory.32gb', 'display.qhd2', 'accessories.mouse', 'packaging.eco']);
    expect(continued.json.repaired).toEqual({
      fromVersion: 1,
      changes: [
        { kind: 'dropped', group: 'keyboard', from: 'keyboard.nordic', reason: 'keyboard.nordic is no longer offered' },
        {
          kind: 'replaced',
          group: 'display',
          from: 'display.qhd',
          to: 'display.qhd2',
          reason: expect.stringMatching(/no longer offered; replaced by .*QHD\+ 144 Hz/),
        },
      ],
    });
    // The engine can judge every continued pick: the configurator goes on from here.
    const configured = await stack.call('/products/laptop-x1/configure', {
      method: 'POST',
      body: { picks: continued.json.picks },
      as: 'partner',
    });
    expect(configured.status, configured.text).toBe(200);
    expect(configured.json.valid).toBe(true);

    // Act: the customer goes on and saves, against the version read
    const resaved = await stack.call(path, {
      method: 'PUT',
      body: { picks: [...continued.json.picks, 'keyboard.uk'] },
      as: 'partner',
      headers: { 'if-match': continued.headers.get('etag')! },
    });
    const stale = await stack.call(path, {
      method: 'PUT',
      body: { picks: continued.json.picks },
      as: 'partner',
      headers: { 'if-match': '"1"' },
    });
    const after = await stack.call(path, { as: 'partner' });

    // Assess
    expect(resaved.status, resaved.text).toBe(200);
    expect(resaved.json).toMatchObject({ catalogVersion: 2, version: 2 });
    expect(stale.status).toBe(412);
    expect(after.json).toMatchObject({ catalogVersion: 2, version: 2, picks: [...continued.json.picks, 'keyboard.uk'] });
    expect(after.json.repaired).toBeUndefined();
  });
});
