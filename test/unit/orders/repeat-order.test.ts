/**
 * The repeat order re-checked against today's catalog (shared/orders/repeat-order.ts), on a
 * small hand-made bike catalog and the versions a catalog team would publish after it: nothing
 * changed (ready); a retired choice (repaired to its replacement, with the price difference); a
 * choice deleted outright (dropped with why, then its group refilled by the catalog's standard
 * choice, by the only choice left, or left to the customer when there is neither); a group
 * emptied or removed; a new required group; a preference changed since the order; changes of an
 * earlier re-assembly kept until the next order.
 */
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '#catalog/validate';
import type { CatalogDocumentInput } from '#core/catalog-document';
import type { Preferences } from '#customers/profile';
import { compileCatalog, type CompiledCatalog } from '#engine/index';
import { assembleRepeatOrder, type RepeatOrderInput } from '#orders/repeat-order';

type Choice = CatalogDocumentInput['groups'][number]['choices'][number];

/** Version 1 of the bike; `change` edits a fresh copy into a later version. */
function bike(change: (doc: CatalogDocumentInput) => void = () => {}): CompiledCatalog {
  const doc: CatalogDocumentInput = {
    id: 'bike',
    name: 'City bike',
    currency: 'EUR',
    basePrice: 50_000,
    baseLeadDays: 1,
    groups: [
      {
        id: 'frame',
        name: 'Frame',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: 'alu', name: 'Aluminium', price: 0, default: true, parts: [{ sku: 'FR-ALU', qty: 1 }] },
          { id: 'steel', name: 'Steel', price: 5_000, parts: [{ sku: 'FR-STEEL', qty: 1 }] },
        ],
      },
      {
        id: 'gears',
        name: 'Gears',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: 'g8', name: '8 speed', price: 0, default: true },
          { id: 'g11', name: '11 speed', price: 9_000 },
          { id: 'hub3', name: '3 speed hub', price: 4_000 },
        ],
      },
      {
        // No standard saddle: the customer always chooses.
        id: 'saddle',
        name: 'Saddle',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: 'sport', name: 'Sport saddle', price: 0 },
          { id: 'comfort', name: 'Comfort saddle', price: 2_000 },
          { id: 'gel', name: 'Gel saddle', price: 3_000 },
        ],
      },
      {
        id: 'lights',
        name: 'Lights',
        kind: 'product',
        min: 0,
        max: 2,
        choices: [
          { id: 'front', name: 'Front light', price: 2_000 },
          { id: 'rear', name: 'Rear light', price: 1_500 },
        ],
      },
      {
        id: 'packaging',
        name: 'Packaging',
        kind: 'service',
        min: 1,
        max: 1,
        choices: [
          { id: 'box', name: 'Box', price: 0, default: true },
          { id: 'gift', name: 'Gift wrap', price: 1_000 },
        ],
      },
      {
        id: 'delivery',
        name: 'Delivery',
        kind: 'service',
        min: 1,
        max: 1,
        choices: [
          { id: 'standard', name: 'Standard', price: 0, default: true, transitDays: 3 },
          { id: 'express', name: 'Express', price: 2_500, transitDays: 1 },
        ],
      },
    ],
    rules: [],
  };
  change(doc);
  const result = validateCatalog(doc);
  if (!result.ok) throw new Error(`the test catalog is not valid: ${JSON.stringify(result.findings)}`);
  return compileCatalog(result.doc);
}

const group = (doc: CatalogDocumentInput, id: string) => doc.groups.find((g) => g.id === id)!;
const choice = (doc: CatalogDocumentInput, ref: string): Choice => {
  const [groupId, choiceId] = ref.split('.');
  return group(doc, groupId!).choices.find((c) => c.id === choiceId)!;
};

/** The last order: a steel frame, 11 speed, the comfort saddle, a front light; the box follows her preference. */
const ORDERED = ['frame.steel', 'gears.g11', 'saddle.comfort', 'lights.front', 'packaging.box', 'delivery.standard'];
/** 500 base + 50 steel + 90 gears + 20 saddle + 20 light. */
const ORDERED_TOTAL = 68_000;
const PREFERENCES: Preferences = { packaging: 'box' };

function input(compiled: CompiledCatalog, catalogVersion: number, overrides: Partial<RepeatOrderInput> = {}): RepeatOrderInput {
  return {
    productId: 'bike',
    stored: {
      catalogVersion: 1,
      picks: ORDERED,
      explicitPicks: ORDERED.filter((p) => p !== 'packaging.box'),
      preferences: { packaging: 'box' },
      total: ORDERED_TOTAL,
    },
    compiled,
    catalogVersion,
    preferences: PREFERENCES,
    tier: 'B',
    today: '2026-11-23',
    ...overrides,
  };
}

describe('assembleRepeatOrder: nothing changed', () => {
  it('is ready, as ordered, at the same price', () => {
    // Prepare
    const compiled = bike();
    // Act
    const view = assembleRepeatOrder(input(compiled, 1));
    // Assess
    expect(view).toMatchObject({
      productId: 'bike',
      status: 'ready',
      catalogVersion: 1,
      assembledUnder: 1,
      picks: ORDERED,
      changes: [],
      decisions: [],
      previousTotal: ORDERED_TOTAL,
      priceDifference: 0,
    });
    expect(view.price.total).toBe(ORDERED_TOTAL);
    expect(view.buildSheet).toEqual([{ sku: 'FR-STEEL', qty: 1 }]);
    expect(view.dates).toMatchObject({ shipBy: '2026-11-24', deliverBy: '2026-11-27' });
  });
});

describe('assembleRepeatOrder: a retired choice', () => {
  it('is repaired to its replacement, saying why, with the price difference', () => {
    // Prepare: version 2 retires the steel frame for a new one, 15.00 dearer
    const compiled = bike((doc) => {
      Object.assign(choice(doc, 'frame.steel'), { retired: true, replacedBy: 'steel2' });
      group(doc, 'frame').choices.push({ id: 'steel2', name: 'Steel, hand-brazed', price: 6_500, parts: [{ sku: 'FR-STEEL2', qty: 1 }] });
    });
    // Act
    const view = assembleRepeatOrder(input(compiled, 2));
    // Assess
    expect(view.status).toBe('repaired');
    expect(view.picks).toEqual(['frame.steel2', ...ORDERED.slice(1)]);
    expect(view.changes).toEqual([
      {
        kind: 'replaced',
        group: 'frame',
        from: 'frame.steel',
        to: 'frame.steel2',
        reason: expect.stringMatching(/no longer offered; replaced by/),
      },
    ]);
    expect(view.changes[0]!.reason).toContain('Steel, hand-brazed');
    expect(view).toMatchObject({
      catalogVersion: 2,
      assembledUnder: 1,
      decisions: [],
      previousTotal: ORDERED_TOTAL,
      priceDifference: 1_500,
    });
    expect(view.price.total).toBe(69_500);
    expect(view.buildSheet).toEqual([{ sku: 'FR-STEEL2', qty: 1 }]);
  });
});

describe('assembleRepeatOrder: a choice deleted (not retired)', () => {
  it("drops it with why, then fills its group with the catalog's standard choice", () => {
    // Prepare: version 2 no longer has 11 speed gears at all
    const compiled = bike((doc) => {
      group(doc, 'gears').choices = group(doc, 'gears').choices.filter((c) => c.id !== 'g11');
    });
    // Act
    const view = assembleRepeatOrder(input(compiled, 2));
    // Assess
    expect(view.status).toBe('repaired');
    expect(view.picks).toEqual(['frame.steel', 'saddle.comfort', 'lights.front', 'packaging.box', 'delivery.standard', 'gears.g8']);
    expect(view.changes).toEqual([
      { kind: 'dropped', group: 'gears', from: 'gears.g11', reason: 'gears.g11 is no longer offered' },
      { kind: 'added', group: 'gears', to: 'gears.g8', reason: "the catalog's standard choice, in place of one no longer available" },
    ]);
    expect(view.decisions).toEqual([]);
    expect(view.priceDifference).toBe(-9_000);
    expect(view.price.total).toBe(59_000);
  });

  it('fills its group with the only choice left when the group has no standard choice', () => {
    // Prepare: version 2 keeps only the sport saddle
    const compiled = bike((doc) => {
      group(doc, 'saddle').choices = group(doc, 'saddle').choices.filter((c) => c.id === 'sport');
    });
    // Act
    const view = assembleRepeatOrder(input(compiled, 2));
    // Assess
    expect(view.status).toBe('repaired');
    expect(view.changes).toEqual([
      { kind: 'dropped', group: 'saddle', from: 'saddle.comfort', reason: 'saddle.comfort is no longer offered' },
      { kind: 'added', group: 'saddle', to: 'saddle.sport', reason: 'the only choice left that fits the rest of the order' },
    ]);
    expect(view.picks).toContain('saddle.sport');
    expect(view.priceDifference).toBe(-2_000);
  });

  it('needs attention when its group has neither a standard choice nor a single one left, and names the options', () => {
    // Prepare: version 2 drops the comfort saddle; sport and gel remain, neither standard
    const compiled = bike((doc) => {
      group(doc, 'saddle').choices = group(doc, 'saddle').choices.filter((c) => c.id !== 'comfort');
    });
    // Act
    const view = assembleRepeatOrder(input(compiled, 2));
    // Assess
    expect(view.status).toBe('needs-attention');
    expect(view.picks).toEqual(['frame.steel', 'gears.g11', 'lights.front', 'packaging.box', 'delivery.standard']);
    expect(view.changes).toEqual([
      { kind: 'dropped', group: 'saddle', from: 'saddle.comfort', reason: 'saddle.comfort is no longer offered' },
    ]);
    expect(view.decisions).toEqual([{ group: 'saddle', message: 'choose a saddle', options: ['saddle.sport', 'saddle.gel'] }]);
    expect(view.buildSheet).toBeNull();
    // What is left costs 20.00 less; the saddle is still to choose.
    expect(view.priceDifference).toBe(-2_000);
  });
});

describe('assembleRepeatOrder: groups that changed', () => {
  it('drops the pick of a group the catalog no longer has', () => {
    // Prepare: version 2 sells the bike without lights
    const compiled = bike((doc) => {
      doc.groups = doc.groups.filter((g) => g.id !== 'lights');
    });
    // Act
    const view = assembleRepeatOrder(input(compiled, 2));
    // Assess
    expect(view.status).toBe('repaired');
    expect(view.picks).toEqual(ORDERED.filter((p) => p !== 'lights.front'));
    expect(view.changes).toEqual([
      { kind: 'dropped', group: 'lights', from: 'lights.front', reason: 'the catalog no longer has a lights group' },
    ]);
    expect(view.priceDifference).toBe(-2_000);
  });

  it('drops the pick of an optional group emptied of every choice', () => {
    // Prepare: version 2 keeps the lights group but offers no light
    const compiled = bike((doc) => {
      group(doc, 'lights').choices = [];
    });
    // Act
    const view = assembleRepeatOrder(input(compiled, 2));
    // Assess
    expect(view.status).toBe('repaired');
    expect(view.changes).toEqual([{ kind: 'dropped', group: 'lights', from: 'lights.front', reason: 'lights.front is no longer offered' }]);
    expect(view.priceDifference).toBe(-2_000);
  });

  it("adds a new required group's standard choice", () => {
    // Prepare: version 2 makes a bell part of every bike
    const compiled = bike((doc) => {
      doc.groups.push({
        id: 'bell',
        name: 'Bell',
        kind: 'product',
        min: 1,
        max: 1,
        choices: [
          { id: 'ding', name: 'Ding bell', price: 500, default: true },
          { id: 'horn', name: 'Horn', price: 1_200 },
        ],
      });
    });
    // Act
    const view = assembleRepeatOrder(input(compiled, 2));
    // Assess
    expect(view.status).toBe('repaired');
    expect(view.picks).toEqual([...ORDERED, 'bell.ding']);
    expect(view.changes).toEqual([
      { kind: 'added', group: 'bell', to: 'bell.ding', reason: "the catalog's standard choice, in place of one no longer available" },
    ]);
    expect(view.priceDifference).toBe(500);
  });
});

describe('assembleRepeatOrder: the customer changed', () => {
  it('applies a preference changed since the order, saying so, and prices it', () => {
    // Prepare
    const compiled = bike();
    // Act
    const view = assembleRepeatOrder(input(compiled, 1, { preferences: { packaging: 'gift' } }));
    // Assess
    expect(view.status).toBe('repaired');
    expect(view.picks).toEqual([...ORDERED.filter((p) => p !== 'packaging.box'), 'packaging.gift']);
    expect(view.changes).toEqual([
      {
        kind: 'preference',
        group: 'packaging',
        from: 'packaging.box',
        to: 'packaging.gift',
        reason: 'your preferred packaging is now Gift wrap',
      },
    ]);
    expect(view.priceDifference).toBe(1_000);
  });

  it('ignores a preference for a choice the catalog does not offer any more', () => {
    // Prepare: gift wrap was retired in version 2
    const compiled = bike((doc) => {
      Object.assign(choice(doc, 'packaging.gift'), { retired: true });
    });
    // Act
    const view = assembleRepeatOrder(input(compiled, 2, { preferences: { packaging: 'gift' } }));
    // Assess
    expect(view).toMatchObject({ status: 'ready', picks: ORDERED, changes: [], priceDifference: 0 });
  });
});

describe('assembleRepeatOrder: service roles', () => {
  it('applies the packaging preference to the group declaring the packaging role, whatever its id', () => {
    // Prepare: the packaging group is called "wrapping" and says what it is
    const compiled = bike((doc) => {
      Object.assign(group(doc, 'packaging'), { id: 'wrapping', role: 'packaging' });
    });
    const ordered = ORDERED.map((p) => p.replace('packaging.', 'wrapping.'));
    const base = input(compiled, 1, { preferences: { packaging: 'gift' } });
    // Act
    const view = assembleRepeatOrder({ ...base, stored: { ...base.stored, picks: ordered, explicitPicks: ordered.slice(0, 4) } });
    // Assess
    expect(view.status).toBe('repaired');
    expect(view.picks).toContain('wrapping.gift');
    expect(view.picks).not.toContain('wrapping.box');
    expect(view.changes).toEqual([
      expect.objectContaining({ kind: 'preference', group: 'wrapping', from: 'wrapping.box', to: 'wrapping.gift' }),
    ]);
  });

  it('leaves a group named "packaging" alone when another group declares the packaging role', () => {
    // Prepare: "packaging" is now plain gift-card stock; "wrapping" is the packaging
    const compiled = bike((doc) => {
      doc.groups.push({ ...group(doc, 'packaging'), id: 'wrapping', role: 'packaging' });
    });
    const base = input(compiled, 1, { preferences: { packaging: 'gift' } });
    const ordered = [...ORDERED, 'wrapping.box'];
    // Act
    const view = assembleRepeatOrder({ ...base, stored: { ...base.stored, picks: ordered } });
    // Assess
    expect(view.picks).toContain('packaging.box');
    expect(view.picks).toContain('wrapping.gift');
  });
});

describe('assembleRepeatOrder: an earlier re-assembly', () => {
  it('keeps showing what changed since the last order, against its price and version, until the next order', () => {
    // Prepare: re-assembled under version 2 (steel → steel2); version 3 then deletes 11 speed gears
    const compiled = bike((doc) => {
      Object.assign(choice(doc, 'frame.steel'), { retired: true, replacedBy: 'steel2' });
      group(doc, 'frame').choices.push({ id: 'steel2', name: 'Steel, hand-brazed', price: 6_500 });
      group(doc, 'gears').choices = group(doc, 'gears').choices.filter((c) => c.id !== 'g11');
    });
    const earlier = {
      kind: 'replaced' as const,
      group: 'frame',
      from: 'frame.steel',
      to: 'frame.steel2',
      reason: 'Steel is no longer offered',
    };
    const stored = {
      catalogVersion: 2,
      picks: ['frame.steel2', ...ORDERED.slice(1)],
      explicitPicks: ['frame.steel2', ...ORDERED.slice(1)].filter((p) => p !== 'packaging.box'),
      preferences: { packaging: 'box' },
      total: 69_500,
      repair: { changes: [earlier], previousTotal: ORDERED_TOTAL, previousVersion: 1 },
    };
    // Act
    const view = assembleRepeatOrder(input(compiled, 3, { stored }));
    // Assess
    expect(view.status).toBe('repaired');
    expect(view.assembledUnder).toBe(1);
    expect(view.changes.map((c) => [c.kind, c.from ?? c.to])).toEqual([
      ['replaced', 'frame.steel'],
      ['dropped', 'gears.g11'],
      ['added', 'gears.g8'],
    ]);
    expect(view.previousTotal).toBe(ORDERED_TOTAL);
    expect(view.price.total).toBe(60_500);
    expect(view.priceDifference).toBe(60_500 - ORDERED_TOTAL);
  });
});
