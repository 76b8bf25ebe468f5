/**
 * Pricing order and quote lines: volume breaks on a line's unit price, line totals, and VAT on
 * the net total by ship-to country. Pure and synchronous; amounts are integers in the minor
 * unit. Rounding is half away from zero (a 0.5 minor unit rounds to 1, a −0.5 to −1), once per
 * unit price and once for the tax, so `gross = net + tax` and `net = Σ lineTotal` hold exactly.
 */
import type { VolumeBreak } from '#core/catalog-document';
import { vatRateOf } from './vat-rates.ts';

/** What one line costs the caller, before VAT. */
export interface PricedLine {
  quantity: number;
  /** One unit after volume breaks. */
  unitPrice: number;
  /** `unitPrice × quantity`. */
  lineTotal: number;
  /** The volume break applied (percent, e.g. −5), if the quantity reaches one. */
  volumeBreak?: VolumeBreak;
}

/** What a set of lines costs: `gross = net + tax`. */
export interface Totals {
  net: number;
  tax: number;
  gross: number;
}

/** `numerator / denominator` rounded half away from zero, exactly (BigInt: amounts × rates may exceed 2^53). */
export function divideRoundingHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (2n * n + d) / (2n * d);
  return negative ? -rounded : rounded;
}

/** The largest break the quantity reaches (breaks need not be sorted), or `undefined`. */
export function volumeBreakFor(breaks: readonly VolumeBreak[] | undefined, quantity: number): VolumeBreak | undefined {
  let best: VolumeBreak | undefined;
  for (const b of breaks ?? []) if (quantity >= b.minQuantity && (!best || b.minQuantity > best.minQuantity)) best = b;
  return best;
}

/** A unit price adjusted by a whole percentage (−100..0), rounded to the minor unit. */
export function adjustedUnitPrice(unitPrice: number, percent: number): number {
  return Number(divideRoundingHalfAwayFromZero(BigInt(unitPrice) * BigInt(100 + percent), 100n));
}

/** Prices one line: the caller's unit price (after tier and partner prices), adjusted by the largest break reached. */
export function priceLine(unitPrice: number, quantity: number, breaks?: readonly VolumeBreak[]): PricedLine {
  const applied = volumeBreakFor(breaks, quantity);
  const unit = applied ? adjustedUnitPrice(unitPrice, applied.percent) : unitPrice;
  return { quantity, unitPrice: unit, lineTotal: unit * quantity, ...(applied ? { volumeBreak: applied } : {}) };
}

/** VAT on a net total at a rate in basis points, rounded half away from zero. */
export function taxOf(net: number, rateBasisPoints: number): number {
  return Number(divideRoundingHalfAwayFromZero(BigInt(net) * BigInt(rateBasisPoints), 10_000n));
}

/**
 * The totals of priced lines. Without a ship-to country there is no VAT (`tax: 0`); a country
 * not in the VAT table returns `undefined` (the caller answers 422 naming `/shipTo/country`).
 */
export function totalsOf(lines: readonly Pick<PricedLine, 'lineTotal'>[], country?: string): Totals | undefined {
  const net = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  if (country === undefined) return { net, tax: 0, gross: net };
  const rate = vatRateOf(country);
  if (rate === undefined) return undefined;
  const tax = taxOf(net, rate);
  return { net, tax, gross: net + tax };
}
