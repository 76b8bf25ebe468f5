/**
 * "What changed" explains every price difference: choices that came, went or were replaced, and
 * kept choices whose price changed. The shares always add up to the difference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainPriceDifference, type PriceLineAmount } from '#orders/price-difference';
import { assembleRepeatOrder } from '#orders/repeat-order';
import { compileCatalog } from '#engine/index';
import { validateCatalog } from '#catalog/validate';
import { readDemoCatalog } from '../../../infra/local/seed.ts';

const total = (lines: readonly PriceLineAmount[]) => lines.reduce((sum, l) => sum + l.amount, 0);
const sumOf = (explanations: readonly { amount: number }[]) => explanations.reduce((sum, e) => sum + e.amount, 0);

describe('explainPriceDifference', () => {
  it('explains a retired part replaced (+€30) and a kept part whose price rose (+€50) in an €80 difference', () => {
    // Prepare
    const previous = [
      { ref: 'base', amount: 89_900 },
      { ref: 'graphics.rtx4060', amount: 45_000 },
      { ref: 'psu.150w', amount: 6_000 },
    ];
    const current = [
      { ref: 'base', amount: 89_900 },
      { ref: 'graphics.rtx4060', amount: 50_000 },
      { ref: 'psu.160w', amount: 9_000 },
    ];
    // Act
    const explanations = explainPriceDifference({ total: total(previous), lines: previous }, { total: total(current), lines: current }, [
      { from: 'psu.150w', to: 'psu.160w' },
    ]);
    // Assess
    expect(explanations).toEqual([
      { kind: 'price-changed', ref: 'graphics.rtx4060', from: 45_000, to: 50_000, amount: 5_000 },
      { kind: 'replaced', ref: 'psu.160w', replaces: 'psu.150w', from: 6_000, to: 9_000, amount: 3_000 },
    ]);
    expect(sumOf(explanations)).toBe(8_000);
  });

  it('says what came and went, and what the lines do not account for', () => {
    // Act
    const explanations = explainPriceDifference(
      { total: 1_000, lines: [{ ref: 'a.x', amount: 300 }] },
      { total: 1_250, lines: [{ ref: 'b.y', amount: 200 }] },
    );
    // Assess
    expect(explanations).toEqual([
      { kind: 'other', amount: 350 },
      { kind: 'removed', ref: 'a.x', from: 300, amount: -300 },
      { kind: 'added', ref: 'b.y', to: 200, amount: 200 },
    ]);
  });

  it('always adds up to the difference, with no share of zero (property)', () => {
    const lines = fc.uniqueArray(
      fc.record({ ref: fc.constantFrom('base', 'a.1', 'a.2', 'b.1', 'b.2', 'c.1'), amount: fc.integer({ min: -50_000, max: 50_000 }) }),
      { selector: (l) => l.ref, maxLength: 6 },
    );
    fc.assert(
      fc.property(
        lines,
        lines,
        fc.integer({ min: -1_000, max: 1_000 }),
        fc.integer({ min: -1_000, max: 1_000 }),
        fc.array(fc.record({ from: fc.constantFrom('a.1', 'b.1', 'c.1'), to: fc.constantFrom('a.2', 'b.2', 'c.1') }), { maxLength: 3 }),
        (before, after, extraBefore, extraAfter, replacements) => {
          // Act
          const previous = { total: total(before) + extraBefore, lines: before };
          const current = { total: total(after) + extraAfter, lines: after };
          const explanations = explainPriceDifference(previous, current, replacements);
          // Assess
          expect(sumOf(explanations)).toBe(current.total - previous.total);
          expect(explanations.every((e) => e.amount !== 0)).toBe(true);
        },
      ),
    );
  });
});

describe('the repeat order explains its price difference', () => {
  it("explains a catalog's price rise of a choice the customer kept, which changes no pick", () => {
    // Prepare: ordered under version 1; version 2 raises the RTX 4060 by €50.
    const v1 = validateCatalog(readDemoCatalog());
    if (!v1.ok) throw new Error('demo catalog');
    const doc = structuredClone(v1.doc);
    const graphics = doc.groups.find((g) => g.id === 'graphics')!;
    const rtx = graphics.choices.find((c) => c.id === 'rtx4060')!;
    rtx.price += 5_000;
    const picks = [
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
    const ordered = assembleRepeatOrder({
      productId: 'laptop-x1',
      stored: { catalogVersion: 1, picks, explicitPicks: picks, preferences: {}, total: 0 },
      compiled: compileCatalog(v1.doc),
      catalogVersion: 1,
      preferences: {},
      tier: 'B',
      today: '2026-11-23',
    }).price;
    // Act
    const view = assembleRepeatOrder({
      productId: 'laptop-x1',
      stored: {
        catalogVersion: 1,
        picks,
        explicitPicks: picks,
        preferences: {},
        total: ordered.total,
        priceLines: ordered.lines.map(({ ref, amount }) => ({ ref, amount })),
      },
      compiled: compileCatalog(doc),
      catalogVersion: 2,
      preferences: {},
      tier: 'B',
      today: '2026-11-23',
    });
    // Assess
    expect(view.status).toBe('ready');
    expect(view.priceDifference).toBe(5_000);
    expect(view.priceExplanation).toEqual([{ kind: 'price-changed', ref: 'graphics.rtx4060', from: 45_000, to: 50_000, amount: 5_000 }]);
  });
});
