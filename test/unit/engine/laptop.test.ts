/**
 * Example behaviour on a small hand-written laptop catalog: prices with a tier and a partner
 * list, a tier's perks (included services, a shorter lead time), promised dates across a
 * weekend and a holiday, the build sheet, malformed picks and the compile work limit.
 */
import { describe, expect, it } from 'vitest';
import { CatalogDocumentSchema, type CatalogDocumentInput, type PriceList } from '#core/catalog-document';
import { CatalogTooComplexError, compileCatalog, configure, InvalidPicksError } from '#engine/index';

const laptop: CatalogDocumentInput = {
  id: 'laptop-x1',
  name: 'X1 Laptop',
  currency: 'EUR',
  basePrice: 89900,
  baseLeadDays: 2,
  holidays: ['2024-05-01'],
  groups: [
    {
      id: 'cpu',
      name: 'Processor',
      kind: 'product',
      min: 1,
      max: 1,
      choices: [
        {
          id: 'i5',
          name: 'Core i5',
          price: 0,
          parts: [
            { sku: 'CPU-I5', qty: 1 },
            { sku: 'SCREW-M2', qty: 4 },
          ],
        },
        {
          id: 'i7',
          name: 'Core i7',
          price: 25000,
          leadDays: 1,
          tiers: ['A', 'B'],
          parts: [
            { sku: 'CPU-I7', qty: 1 },
            { sku: 'SCREW-M2', qty: 4 },
          ],
        },
      ],
    },
    {
      id: 'chassis',
      name: 'Chassis',
      kind: 'product',
      min: 1,
      max: 1,
      choices: [
        { id: 'basic', name: 'Basic chassis', price: 0, parts: [{ sku: 'CH-BASIC', qty: 1 }] },
        {
          id: 'pro',
          name: 'Pro chassis',
          price: 9999,
          leadDays: 3,
          parts: [
            { sku: 'CH-PRO', qty: 1 },
            { sku: 'SCREW-M2', qty: 6 },
          ],
        },
      ],
    },
    {
      id: 'accessories',
      name: 'Accessories',
      kind: 'product',
      min: 0,
      max: 2,
      choices: [
        { id: 'mouse', name: 'Mouse', price: 2500, parts: [{ sku: 'ACC-MOUSE', qty: 1 }] },
        { id: 'bag', name: 'Bag', price: 4000, parts: [{ sku: 'ACC-BAG', qty: 1 }] },
        { id: 'dock', name: 'Dock', price: 15000, parts: [{ sku: 'ACC-DOCK', qty: 1 }] },
      ],
    },
    {
      id: 'delivery',
      name: 'Delivery',
      kind: 'service',
      min: 1,
      max: 1,
      choices: [
        { id: 'standard', name: 'Standard delivery', price: 0, transitDays: 3 },
        { id: 'express', name: 'Express delivery', price: 1500, transitDays: 1 },
      ],
    },
  ],
  rules: [
    { id: 'i7-pro', type: 'requires', if: ['cpu.i7'], then: ['chassis.pro'], message: 'Core i7 requires the Pro chassis' },
    { id: 'dock-express', type: 'excludes', choices: ['accessories.dock', 'delivery.express'] },
  ],
  priceLists: [
    {
      id: 'tier-a',
      tier: 'A',
      entries: [
        { target: '*', percent: -10 },
        { target: 'base', price: 85000 },
      ],
    },
  ],
};

const doc = CatalogDocumentSchema.parse(laptop);
const compiled = compileCatalog(doc);
const partner: PriceList = {
  id: 'reseller',
  entries: [
    { target: 'chassis.pro', price: 8000 },
    { target: 'accessories.mouse', percent: -15 },
  ],
};

describe('price', () => {
  it('applies the tier list, then the partner list, to every line and to each choice', () => {
    // Prepare
    const picks = ['cpu.i7', 'chassis.pro', 'accessories.mouse', 'delivery.standard'];

    // Act
    const answer = configure(compiled, picks, { tier: 'A', priceLists: [partner], today: '2024-04-26' });

    // Assess
    expect(answer.price.currency).toBe('EUR');
    expect(answer.price.lines).toEqual([
      { ref: 'base', label: 'X1 Laptop', listAmount: 89900, amount: 85000, priceList: 'tier-a' },
      { ref: 'cpu.i7', label: 'Core i7', listAmount: 25000, amount: 22500, priceList: 'tier-a' },
      { ref: 'chassis.pro', label: 'Pro chassis', listAmount: 9999, amount: 8000, priceList: 'reseller' },
      // -15 % of 2500 = -375 (the partner's own entry beats the tier list's "*")
      { ref: 'accessories.mouse', label: 'Mouse', listAmount: 2500, amount: 2125, priceList: 'reseller' },
      { ref: 'delivery.standard', label: 'Standard delivery', listAmount: 0, amount: 0, priceList: 'tier-a' },
    ]);
    expect(answer.price.total).toBe(85000 + 22500 + 8000 + 2125 + 0);
    const bag = answer.groups.find((g) => g.id === 'accessories')!.choices.find((c) => c.id === 'bag')!;
    expect(bag.price).toBe(3600);
  });

  it('rounds percentages half away from zero in minor units', () => {
    // Prepare: -10 % of 9999 = -999.9 -> -1000
    const picks = ['cpu.i5', 'chassis.pro', 'delivery.standard'];

    // Act
    const answer = configure(compiled, picks, { tier: 'A', today: '2024-04-26' });

    // Assess
    expect(answer.price.lines.find((l) => l.ref === 'chassis.pro')!.amount).toBe(8999);
  });

  it('uses list prices for a caller without tier or partner lists', () => {
    // Prepare
    const picks = ['cpu.i5', 'chassis.basic', 'delivery.express'];

    // Act
    const answer = configure(compiled, picks, { tier: 'C', today: '2024-04-26' });

    // Assess
    expect(answer.price.total).toBe(89900 + 1500);
    expect(answer.price.lines.every((l) => l.amount === l.listAmount && l.priceList === undefined)).toBe(true);
  });
});

describe('dates', () => {
  it('counts working days across a weekend and a holiday', () => {
    // Prepare: Friday 2024-04-26; lead = 2 + 3 (pro chassis) = 5, transit 3 (standard)
    const picks = ['cpu.i5', 'chassis.pro', 'delivery.standard'];

    // Act
    const answer = configure(compiled, picks, { tier: 'A', today: '2024-04-26' });

    // Assess: Mon 29, Tue 30, (Wed 1 May holiday), Thu 2, Fri 3, Mon 6 -> ship 2024-05-06;
    // transit Tue 7, Wed 8, Thu 9.
    expect(answer.dates).toEqual({ leadDays: 5, transitDays: 3, shipBy: '2024-05-06', deliverBy: '2024-05-09' });
  });

  it('uses only the base lead time when nothing is selected', () => {
    // Act
    const answer = configure(compiled, [], { tier: null, today: '2024-04-26' });

    // Assess: Friday + 2 working days = Tuesday
    expect(answer.dates).toEqual({ leadDays: 2, transitDays: 0, shipBy: '2024-04-30', deliverBy: '2024-04-30' });
  });
});

describe('perks', () => {
  const gold = { label: 'Gold', includedServices: ['delivery.express', 'delivery.drone', 'delivery.express'], leadDaysLess: 1 };

  it('makes the included services free after every other list, and takes the priority days off the lead time', () => {
    // Prepare: Friday 2024-04-26; lead 2 + 3 (pro chassis) = 5, less 1 = 4; express transit 1
    const picks = ['cpu.i5', 'chassis.pro', 'delivery.express'];
    const partnerCharges: PriceList = { id: 'reseller', entries: [{ target: 'delivery.express', price: 2000 }] };

    // Act
    const answer = configure(compiled, picks, { tier: 'A', priceLists: [partnerCharges], perks: gold, today: '2024-04-26' });
    const without = configure(compiled, picks, { tier: 'A', priceLists: [partnerCharges], today: '2024-04-26' });

    // Assess: Mon 29, Tue 30, (1 May), Thu 2, Fri 3 -> ship 2024-05-03 (a day before without), deliver Mon 6.
    expect(answer.price.lines.find((l) => l.ref === 'delivery.express')).toEqual({
      ref: 'delivery.express',
      label: 'Express delivery',
      listAmount: 1500,
      amount: 0,
      priceList: 'perks-A',
    });
    expect(answer.price.total).toBe(without.price.total - 2000);
    expect(answer.dates).toEqual({ leadDays: 4, transitDays: 1, shipBy: '2024-05-03', deliverBy: '2024-05-06' });
    expect(without.dates.leadDays).toBe(5);
    // A choice the catalog lacks (a drone) is left out; a repeat is named once.
    expect(answer.perks).toEqual({
      tier: 'A',
      label: 'Gold',
      included: [{ ref: 'delivery.express', selected: true }],
      leadDaysLess: 1,
      priceList: 'perks-A',
    });
    expect(without.perks).toBeUndefined();
  });

  it('shows the included service as free while it is not chosen yet', () => {
    // Act
    const answer = configure(compiled, ['cpu.i5', 'delivery.standard'], { tier: 'B', perks: gold, today: '2024-04-26' });

    // Assess
    expect(answer.groups.find((g) => g.id === 'delivery')!.choices.find((c) => c.id === 'express')!.price).toBe(0);
    expect(answer.perks!.included).toEqual([{ ref: 'delivery.express', selected: false }]);
  });

  it('never takes the lead time below 0, and says how many days it really took', () => {
    // Prepare: a lead of 2 (base) with 5 priority days
    const generous = { label: 'Platinum', includedServices: [], leadDaysLess: 5 };

    // Act
    const answer = configure(compiled, ['cpu.i5', 'chassis.basic'], { tier: 'A', perks: generous, today: '2024-04-26' });

    // Assess
    expect(answer.dates).toMatchObject({ leadDays: 0, shipBy: '2024-04-26' });
    expect(answer.perks!.leadDaysLess).toBe(2);
  });

  it('gives no perks to a caller without a tier', () => {
    // Act
    const answer = configure(compiled, ['cpu.i5', 'chassis.pro', 'delivery.express'], { tier: null, perks: gold, today: '2024-04-26' });

    // Assess
    expect(answer.perks).toBeUndefined();
    expect(answer.price.lines.find((l) => l.ref === 'delivery.express')!.amount).toBe(1500);
    expect(answer.dates.leadDays).toBe(5);
  });
});

describe('build sheet and guidance', () => {
  it('aggregates parts by SKU, sorted, once the configuration is complete', () => {
    // Prepare
    const picks = ['cpu.i7', 'chassis.pro', 'accessories.mouse', 'accessories.bag', 'delivery.standard'];

    // Act
    const answer = configure(compiled, picks, { tier: 'B', today: '2024-04-26' });

    // Assess
    expect(answer.valid).toBe(true);
    expect(answer.complete).toBe(true);
    expect(answer.buildSheet).toEqual([
      { sku: 'ACC-BAG', qty: 1 },
      { sku: 'ACC-MOUSE', qty: 1 },
      { sku: 'CH-PRO', qty: 1 },
      { sku: 'CPU-I7', qty: 1 },
      { sku: 'SCREW-M2', qty: 10 },
    ]);
  });

  it('has no build sheet while a required group is open', () => {
    // Act
    const answer = configure(compiled, ['cpu.i7'], { tier: 'A', today: '2024-04-26' });

    // Assess: the Pro chassis is now forced, the basic one excluded with its reason and giveUp
    expect(answer.complete).toBe(false);
    expect(answer.buildSheet).toBeNull();
    const chassis = answer.groups.find((g) => g.id === 'chassis')!;
    expect(chassis.choices.find((c) => c.id === 'pro')!.state).toBe('forced');
    const basic = chassis.choices.find((c) => c.id === 'basic')!;
    expect(basic.state).toBe('excluded');
    expect(basic.reasons).toEqual([{ rule: 'i7-pro', picks: ['cpu.i7'], message: 'Core i7 requires the Pro chassis' }]);
    expect(basic.giveUp).toEqual(['cpu.i7']);
  });

  it('excludes tier-limited choices for an unknown caller and explains it', () => {
    // Act
    const answer = configure(compiled, [], { tier: null, today: '2024-04-26' });

    // Assess
    const i7 = answer.groups.find((g) => g.id === 'cpu')!.choices.find((c) => c.id === 'i7')!;
    expect(i7.state).toBe('excluded');
    expect(i7.reasons).toEqual([{ rule: 'tier', picks: [], message: expect.any(String) }]);
    expect(i7.giveUp).toBeUndefined();
  });

  it('reports a conflict and repairs it keeping the picks listed first', () => {
    // Prepare
    const picks = ['accessories.dock', 'delivery.express', 'cpu.i5'];

    // Act
    const answer = configure(compiled, picks, { tier: 'A', today: '2024-04-26', keepFirst: ['delivery.express'] });

    // Assess
    expect(answer.valid).toBe(false);
    expect(answer.conflicts).toEqual([
      { rule: 'dock-express', picks: ['accessories.dock', 'delivery.express'], message: 'Dock and Express delivery cannot be combined' },
    ]);
    expect(answer.repair!.picks).toEqual(['delivery.express', 'cpu.i5']);
    expect(answer.repair!.changes).toEqual([
      { kind: 'dropped', pick: 'accessories.dock', reason: expect.stringContaining('Express delivery') },
    ]);
  });
});

describe('errors', () => {
  it('lists every malformed pick at once', () => {
    // Prepare
    const picks = [
      'gpu.rtx',
      'cpu.i9',
      'cpu.i5',
      'cpu.i5',
      'accessories.mouse',
      'accessories.bag',
      'accessories.dock',
      'chassis.pro',
      'chassis.basic',
    ];

    // Act
    let error: unknown;
    try {
      configure(compiled, picks, { tier: 'A', today: '2024-04-26' });
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(InvalidPicksError);
    const findings = (error as InvalidPicksError).findings;
    expect(findings.map((f) => f.pick)).toEqual(['gpu.rtx', 'cpu.i9', 'cpu.i5', 'accessories.dock', 'chassis.basic']);
    expect(findings[0]!.problem).toMatch(/unknown group/);
    expect(findings[1]!.problem).toMatch(/unknown choice/);
    expect(findings[2]!.problem).toMatch(/duplicate/);
    expect(findings[3]!.problem).toMatch(/at most 2/);
    expect(findings[4]!.problem).toMatch(/at most 1/);
  });

  it('rejects a catalog that needs more work than the limits allow', () => {
    // Act / Assess
    expect(() => compileCatalog(doc, { maxTuples: 3 })).toThrow(CatalogTooComplexError);
    expect(() => compileCatalog(doc, { maxSteps: 2 })).toThrow(CatalogTooComplexError);
    expect(() => compileCatalog(doc)).not.toThrow();
  });
});
