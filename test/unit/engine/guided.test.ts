/**
 * Guided selling on hand-written examples: exact decimal sums, the caller's prices in
 * fromPrice, the figures in budget and resource reasons, needs as conflicts, the errors of
 * malformed options, the compile limit on exploding sums, and `complete` on the demo laptop.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogDocumentSchema, type CatalogDocumentInput } from '#core/catalog-document';
import {
  CatalogTooComplexError,
  compileCatalog,
  complete,
  completionOrder,
  configure,
  InvalidOptionsError,
  NoConfigurationError,
  type ConfigureAnswer,
} from '#engine/index';

const TODAY = '2025-03-03';
const demo = CatalogDocumentSchema.parse(
  JSON.parse(readFileSync(new URL('../../../infra/local/demo/laptop-x1.json', import.meta.url), 'utf8')),
);
const laptop = compileCatalog(demo);

function choice(answer: ConfigureAnswer, ref: string) {
  const [g, c] = ref.split('.');
  return answer.groups.find((x) => x.id === g)!.choices.find((x) => x.id === c)!;
}

/** Two groups whose figures add up exactly to the limit only in decimal arithmetic. */
const decimals: CatalogDocumentInput = {
  id: 'd',
  name: 'Decimals',
  currency: 'EUR',
  basePrice: 0,
  baseLeadDays: 0,
  groups: [
    { id: 'a', kind: 'product', min: 1, max: 1, choices: [{ id: 'x', attributes: { load: 0.1 } }] },
    {
      id: 'b',
      kind: 'product',
      min: 1,
      max: 1,
      choices: [
        { id: 'fits', attributes: { load: 0.2 } },
        { id: 'over', attributes: { load: 0.21 } },
      ],
    },
  ],
  rules: [{ id: 'cap', type: 'resource', attribute: 'load', capacity: 0.3, unit: 'kW' }],
};

describe('resource rules', () => {
  it('sums decimals exactly: 0.1 + 0.2 fits a limit of 0.3, 0.1 + 0.21 does not, and the reason says by how much', () => {
    // Prepare
    const compiled = compileCatalog(CatalogDocumentSchema.parse(decimals));

    // Act
    const answer = configure(compiled, ['a.x'], { tier: null, today: TODAY });

    // Assess
    expect(choice(answer, 'b.fits').state).toBe('forced');
    expect(choice(answer, 'b.over')).toMatchObject({
      state: 'excluded',
      fromPrice: null,
      reasons: [{ rule: 'cap', picks: [], message: 'the total load must not exceed 0.3 kW: needs 0.31 kW, at most 0.3 kW allowed' }],
    });
  });

  it('names the power rule with its figures when a supply is too small for the graphics', () => {
    // Act
    const answer = configure(laptop, ['psu.100w'], { tier: 'A', today: TODAY });

    // Assess
    const rtx = choice(answer, 'graphics.rtx4060');
    expect(rtx.state).toBe('excluded');
    expect(rtx.reasons).toContainEqual({
      rule: 'power',
      picks: ['psu.100w'],
      message:
        'The power supply must cover what the processor, memory, storage, display and graphics draw: needs 103 W, 100 W USB-C gives 100 W',
    });
    expect(rtx.giveUp).toEqual(['psu.100w']);
  });

  it('refuses a catalog whose partial sums exceed the compile limits', () => {
    // Prepare: twelve groups of decimals with distinct sums, far more than 1,000 partial sums
    const groups = Array.from({ length: 12 }, (_, g) => ({
      id: `g${g}`,
      kind: 'product' as const,
      min: 1,
      max: 1,
      choices: Array.from({ length: 6 }, (_, c) => ({ id: `c${c}`, attributes: { w: 10 ** (g % 6) * c + 0.001 * g } })),
    }));
    const doc = CatalogDocumentSchema.parse({
      ...decimals,
      groups,
      rules: [{ id: 'cap', type: 'resource', attribute: 'w', capacity: 1e9 }],
    });

    // Act
    const compiling = () => compileCatalog(doc, { maxTuples: 1_000 });

    // Assess
    expect(compiling).toThrow(CatalogTooComplexError);
  });
});

describe('budget and fromPrice', () => {
  it("prices every choice at the caller's prices: the tier's list applies to fromPrice", () => {
    // Act
    const listed = configure(laptop, [], { tier: 'C', today: TODAY });
    const tierA = configure(laptop, [], { tier: 'A', today: TODAY });

    // Assess: tier A's list lowers module prices, so the cheapest completions drop with it
    const memory = (a: ConfigureAnswer) => choice(a, 'memory.32gb');
    expect(memory(tierA).fromPrice! - memory(listed).fromPrice!).toBe(memory(tierA).price - memory(listed).price);
    expect(choice(tierA, 'cpu.i5').fromPrice).toBe(tierA.groups[0]!.choices[0]!.fromPrice);
  });

  it('excludes what the budget cannot reach, naming the budget and the figures', () => {
    // Prepare
    const budget = 120_000;

    // Act
    const answer = configure(laptop, [], { tier: null, today: TODAY, budget });

    // Assess
    const rtx = choice(answer, 'graphics.rtx4060');
    expect(rtx.state).toBe('excluded');
    expect(rtx.reasons).toEqual([
      {
        rule: 'budget',
        picks: [],
        message: expect.stringMatching(/^the cheapest configuration with GeForce RTX 4060 costs €[\d,]+, over your budget of €1,200$/),
      },
    ]);
    for (const g of answer.groups) for (const c of g.choices) if (c.state !== 'excluded') expect(c.fromPrice).toBeLessThanOrEqual(budget);
  });

  it('treats picks that cannot fit the budget together as a conflict, and keeps the most wanted', () => {
    // Act
    const answer = configure(laptop, ['memory.64gb', 'storage.ssd2tb'], {
      tier: null,
      today: TODAY,
      budget: 150_000,
      keepFirst: ['storage.ssd2tb'],
    });

    // Assess
    expect(answer.valid).toBe(false);
    expect(answer.conflicts).toEqual([
      {
        rule: 'budget',
        picks: ['memory.64gb', 'storage.ssd2tb'],
        message: expect.stringMatching(
          /^the cheapest configuration with 64 GB DDR5 and 2 TB SSD costs €[\d,]+, over your budget of €1,500$/,
        ),
      },
    ]);
    expect(answer.repair!.picks).toEqual(['storage.ssd2tb']);
    expect(answer.repair!.changes[0]!.reason).toMatch(
      /^with 64 GB DDR5 the cheapest configuration costs €[\d,]+, over your budget of €1,500$/,
    );
  });
});

describe('needs', () => {
  it('excludes what a stated answer rules out, naming the need, and frees nothing by giving picks up', () => {
    // Act
    const answer = configure(laptop, [], { tier: 'A', today: TODAY, needs: { use: 'video' } });

    // Assess
    expect(choice(answer, 'graphics.integrated')).toMatchObject({
      state: 'excluded',
      reasons: [{ rule: 'need:use', picks: [], message: 'you said "Photo and video", which needs GeForce RTX 4060 or GeForce RTX 4080' }],
    });
    expect(choice(answer, 'graphics.integrated').giveUp).toBeUndefined();
    // The 65 W supply cannot power either RTX: the need and the power rule together.
    expect(choice(answer, 'psu.65w').reasons!.map((r) => r.rule)).toEqual(['need:use', 'power', 'gpu-psu']);
  });

  it('switches the weight limit on while travelling light', () => {
    // Act
    const free = configure(laptop, [], { tier: 'A', today: TODAY });
    const light = configure(laptop, [], { tier: 'A', today: TODAY, needs: { travel: 'light' } });

    // Assess: the RTX 4080 needs the 200 W supply, 2,250 g with the lightest display
    expect(choice(free, 'graphics.rtx4080').state).toBe('available');
    expect(choice(light, 'graphics.rtx4080').state).toBe('excluded');
    expect(choice(light, 'graphics.rtx4080').reasons!.map((r) => r.rule)).toEqual(['need:travel', 'travel-weight']);
  });

  it('reports picks that contradict a stated answer as a conflict, and the repair keeps the answer', () => {
    // Act
    const answer = configure(laptop, ['graphics.integrated', 'cpu.i7'], { tier: 'A', today: TODAY, needs: { use: 'gaming' } });

    // Assess
    expect(answer.valid).toBe(false);
    expect(answer.conflicts[0]).toMatchObject({ rule: 'need:use', picks: ['graphics.integrated'] });
    expect(answer.repair).toEqual({
      picks: ['cpu.i7'],
      changes: [{ kind: 'dropped', pick: 'graphics.integrated', reason: 'Integrated graphics does not fit your answers' }],
    });
  });

  it('refuses an unknown need, an unknown answer and a budget that is not a whole amount, with every finding', () => {
    // Act
    const attempt = () => configure(laptop, [], { tier: null, today: TODAY, needs: { usage: 'video', use: 'movies' } });
    const badBudget = () => configure(laptop, [], { tier: null, today: TODAY, budget: 99.5 });

    // Assess
    expect(attempt).toThrow(InvalidOptionsError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidOptionsError).findings).toEqual([
        { path: ['needs', 'usage'], problem: 'unknown need "usage"' },
        { path: ['needs', 'use'], problem: 'need "use" has no answer "movies"' },
      ]);
    }
    expect(badBudget).toThrow(InvalidOptionsError);
  });
});

describe('complete', () => {
  it('gives the cheapest valid configuration with the picks, and says why each choice is there', () => {
    // Act
    const answer = complete(laptop, { picks: ['display.qhd'], goal: 'cheapest' }, { tier: null, today: TODAY });

    // Assess
    expect(answer.picks).toEqual([
      'cpu.i5',
      'memory.16gb',
      'storage.ssd512',
      'display.qhd',
      'graphics.integrated',
      'psu.65w',
      'keyboard.us',
      'packaging.standard',
      'invoice.pdf',
      'delivery.standard',
    ]);
    expect(answer.price.total).toBe(89_900 + 18_000);
    expect(answer.because[3]).toEqual({ choice: 'display.qhd', reason: 'you chose it' });
    expect(answer.because[0]).toEqual({ choice: 'cpu.i5', reason: 'part of the cheapest configuration that fits' });
    expect(answer.dates.shipBy > TODAY).toBe(true);
  });

  it('follows the stated needs for the goal needs, within the budget', () => {
    // Act
    const rich = complete(laptop, { picks: [], goal: 'needs', needs: { use: 'video' } }, { tier: 'A', today: TODAY });
    const tight = complete(laptop, { picks: [], goal: 'needs', needs: { use: 'video' }, budget: 150_000 }, { tier: 'A', today: TODAY });

    // Assess
    expect(rich.picks).toEqual(expect.arrayContaining(['memory.32gb', 'display.oled4k', 'storage.ssd1tb']));
    expect(rich.because.find((b) => b.choice === 'memory.32gb')!.reason).toBe('you said "Photo and video"');
    expect(tight.price.total).toBeLessThanOrEqual(150_000);
    expect(tight.picks).toContain('graphics.rtx4060');
  });

  it('maximises the popularity weights for the goal popular', () => {
    // Act
    const answer = complete(
      laptop,
      { picks: [], goal: 'popular', popularity: { choices: { 'keyboard.nordic': 10, 'accessories.mouse': 4, 'accessories.bag': -2 } } },
      { tier: 'A', today: TODAY },
    );

    // Assess
    expect(answer.picks).toEqual(expect.arrayContaining(['keyboard.nordic', 'accessories.mouse']));
    expect(answer.picks).not.toContain('accessories.bag');
    expect(answer.because.find((b) => b.choice === 'keyboard.nordic')!.reason).toBe('popular in configurations like yours');
  });

  it('says what the cheapest would cost when nothing fits the budget, and null when nothing fits at all', () => {
    // Act
    const overBudget = () => complete(laptop, { picks: ['cpu.i7'], goal: 'cheapest', budget: 100_000 }, { tier: 'A', today: TODAY });
    const impossible = () =>
      complete(laptop, { picks: ['psu.65w'], goal: 'cheapest', needs: { use: 'video' } }, { tier: 'A', today: TODAY });

    // Assess
    expect(overBudget).toThrow(NoConfigurationError);
    try {
      overBudget();
    } catch (error) {
      expect(error).toMatchObject({ cheapestTotal: expect.any(Number), budget: 100_000 });
      expect((error as NoConfigurationError).cheapestTotal).toBeGreaterThan(100_000);
    }
    try {
      impossible();
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'NoConfigurationError', cheapestTotal: null });
    }
  });

  it('refuses unknown popularity entries and weights that are not whole numbers', () => {
    // Act
    const attempt = () =>
      complete(
        laptop,
        { picks: [], goal: 'popular', popularity: { choices: { 'cpu.i11': 1, 'cpu.i5': 0.5 }, emptyGroups: { cpu: 1 } } },
        { tier: null, today: TODAY },
      );

    // Assess
    expect(attempt).toThrow(InvalidOptionsError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidOptionsError).findings.map((f) => f.path.join('.'))).toEqual([
        'popularity.choices.cpu.i11',
        'popularity.choices.cpu.i5',
        'popularity.emptyGroups.cpu',
      ]);
    }
  });

  it('breaks ties in a fixed completion order that covers every group once', () => {
    // Act
    const order = completionOrder(laptop);

    // Assess
    expect([...order].sort()).toEqual(demo.groups.map((g) => g.id).sort());
  });
});
