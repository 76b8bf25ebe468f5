/**
 * Pricing of order and quote lines (shared/orders/line-pricing.ts): volume breaks, VAT by ship-to
 * country, rounding half away from zero; examples, then fast-check properties (totals are the sum
 * of the lines, the largest break reached applies, rounding is never off by more than half a unit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCatalog } from '#catalog/validate';
import { adjustedUnitPrice, divideRoundingHalfAwayFromZero, priceLine, taxOf, totalsOf, volumeBreakFor } from '#orders/line-pricing';
import { VAT_COUNTRIES, vatRateOf } from '#orders/vat-rates';
import { readDemoCatalog } from '../../../infra/local/seed.ts';

const BREAKS = [
  { minQuantity: 50, percent: -5 },
  { minQuantity: 200, percent: -10 },
];
const EU = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT'];
const EU_REST = ['LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

describe('line pricing, by example', () => {
  it('applies the largest break the quantity reaches, rounded to the minor unit', () => {
    // Prepare
    const unit = 129_999;
    // Act
    const one = priceLine(unit, 49, BREAKS);
    const fifty = priceLine(unit, 50, BREAKS);
    const twoHundred = priceLine(unit, 250, BREAKS);
    // Assess
    expect(one).toEqual({ quantity: 49, unitPrice: 129_999, lineTotal: 129_999 * 49 });
    expect(fifty.unitPrice).toBe(123_499); // 123,499.05 rounds down
    expect(fifty.volumeBreak).toEqual({ minQuantity: 50, percent: -5 });
    expect(twoHundred.unitPrice).toBe(116_999); // 116,999.1
    expect(twoHundred.lineTotal).toBe(116_999 * 250);
  });

  it('rounds half away from zero, for positive and negative amounts', () => {
    // Act + Assess
    expect(divideRoundingHalfAwayFromZero(5n, 10n)).toBe(1n);
    expect(divideRoundingHalfAwayFromZero(-5n, 10n)).toBe(-1n);
    expect(divideRoundingHalfAwayFromZero(4n, 10n)).toBe(0n);
    expect(adjustedUnitPrice(10, -5)).toBe(10); // 9.5 → 10
    expect(adjustedUnitPrice(-10, -5)).toBe(-10);
    expect(taxOf(250, 1900)).toBe(48); // 47.5 → 48
  });

  it('computes VAT on the net total for every EU country and refuses a country not in the table', () => {
    // Prepare
    const lines = [{ lineTotal: 100_000 }, { lineTotal: 23_456 }];
    // Act
    const german = totalsOf(lines, 'DE');
    const finnish = totalsOf(lines, 'FI');
    const none = totalsOf(lines);
    const unknown = totalsOf(lines, 'US');
    // Assess
    for (const country of [...EU, ...EU_REST]) expect(VAT_COUNTRIES).toContain(country);
    expect(german).toEqual({ net: 123_456, tax: 23_457, gross: 146_913 }); // 23,456.64
    expect(finnish).toEqual({ net: 123_456, tax: 31_481, gross: 154_937 }); // 31,481.28
    expect(none).toEqual({ net: 123_456, tax: 0, gross: 123_456 });
    expect(unknown).toBeUndefined();
    expect(vatRateOf('toString')).toBeUndefined();
  });

  it('lints volume breaks: strictly increasing quantities, discounts only', () => {
    // Prepare
    const document = readDemoCatalog() as Record<string, unknown>;
    // Act
    const good = validateCatalog({ ...document, volumeBreaks: BREAKS }, { solutionSpace: false });
    const unordered = validateCatalog(
      {
        ...document,
        volumeBreaks: [
          { minQuantity: 200, percent: -10 },
          { minQuantity: 50, percent: -5 },
        ],
      },
      { solutionSpace: false },
    );
    const surcharge = validateCatalog({ ...document, volumeBreaks: [{ minQuantity: 50, percent: 5 }] }, { solutionSpace: false });
    // Assess
    expect(good.ok).toBe(true);
    expect(unordered.ok).toBe(false);
    expect(unordered.findings.map((f) => [f.path, f.code])).toContainEqual([
      ['volumeBreaks', 1, 'minQuantity'],
      'volume-breaks-not-increasing',
    ]);
    expect(surcharge.ok).toBe(false);
    expect(surcharge.findings[0]!.path).toEqual(['volumeBreaks', 0, 'percent']);
  });
});

const breaksArbitrary = fc
  .uniqueArray(fc.integer({ min: 2, max: 10_000 }), { maxLength: 5 })
  .chain((quantities) =>
    fc.tuple(
      fc.constant([...quantities].sort((a, b) => a - b)),
      fc.array(fc.integer({ min: -100, max: 0 }), { minLength: quantities.length, maxLength: quantities.length }),
    ),
  )
  .map(([quantities, percents]) => quantities.map((minQuantity, i) => ({ minQuantity, percent: percents[i]! })));

describe('line pricing, properties', () => {
  it('totals are the sum of the lines, and gross = net + tax', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 10_000 })), { minLength: 1, maxLength: 50 }),
        breaksArbitrary,
        fc.option(fc.constantFrom(...VAT_COUNTRIES), { nil: undefined }),
        (lines, breaks, country) => {
          // Act
          const priced = lines.map(([unit, quantity]) => priceLine(unit, quantity, breaks));
          const totals = totalsOf(priced, country)!;
          // Assess
          expect(totals.net).toBe(priced.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0));
          expect(totals.gross).toBe(totals.net + totals.tax);
          if (country === undefined) expect(totals.tax).toBe(0);
        },
      ),
    );
  });

  it('the largest break reached applies, and the unit price is within half a minor unit of the exact one', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 100_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        breaksArbitrary,
        (unit, quantity, breaks) => {
          // Act
          const line = priceLine(unit, quantity, breaks);
          // Assess
          const reached = breaks.filter((b) => b.minQuantity <= quantity);
          const expected = reached.at(-1);
          expect(line.volumeBreak).toEqual(expected);
          expect(volumeBreakFor([...breaks].reverse(), quantity)).toEqual(expected);
          const exact = (unit * (100 + (expected?.percent ?? 0))) / 100;
          expect(Math.abs(line.unitPrice - exact)).toBeLessThanOrEqual(0.5);
          // Half away from zero: an exact half goes to the larger magnitude.
          if (Math.abs(Math.abs(line.unitPrice - exact) - 0.5) < 1e-9) expect(Math.abs(line.unitPrice)).toBeGreaterThan(Math.abs(exact));
        },
      ),
    );
  });

  it('VAT is the exact rate of the net total, rounded half away from zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), fc.constantFrom(...VAT_COUNTRIES), (net, country) => {
        // Act
        const tax = taxOf(net, vatRateOf(country)!);
        // Assess
        const exactTimes10k = BigInt(net) * BigInt(vatRateOf(country)!);
        const diff = BigInt(tax) * 10_000n - exactTimes10k;
        expect(diff <= 5_000n && diff > -5_000n).toBe(true);
      }),
    );
  });
});
