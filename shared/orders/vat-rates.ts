/**
 * Standard VAT rates by ship-to country (ISO 3166-1 alpha-2), in basis points (1/100 of a
 * percent), so fractional rates such as Finland's 25.5 % stay integers. Every EU member state,
 * plus the EEA, Switzerland and the United Kingdom. Standard rates only (no reduced rates, no
 * reverse charge): see docs/adr/0006-business-buying.md. Checked against the European
 * Commission's "VAT rates in the EU" table as of 2026-01.
 */
export const VAT_RATE_BASIS_POINTS: Readonly<Record<string, number>> = {
  AT: 2000,
  BE: 2100,
  BG: 2000,
  CY: 1900,
  CZ: 2100,
  DE: 1900,
  DK: 2500,
  EE: 2400,
  ES: 2100,
  FI: 2550,
  FR: 2000,
  GR: 2400,
  HR: 2500,
  HU: 2700,
  IE: 2300,
  IT: 2200,
  LT: 2100,
  LU: 1700,
  LV: 2100,
  MT: 1800,
  NL: 2100,
  PL: 2300,
  PT: 2300,
  RO: 2100,
  SE: 2500,
  SI: 2200,
  SK: 2300,
  // Outside the EU, with a VAT of their own.
  CH: 810,
  GB: 2000,
  IS: 2400,
  LI: 810,
  NO: 2500,
};

/** The countries VAT can be computed for, sorted (documented in the API). */
export const VAT_COUNTRIES: readonly string[] = Object.keys(VAT_RATE_BASIS_POINTS).sort();

/** The standard rate of a ship-to country in basis points, or `undefined` for a country not in the table. */
export function vatRateOf(country: string): number | undefined {
  return Object.hasOwn(VAT_RATE_BASIS_POINTS, country) ? VAT_RATE_BASIS_POINTS[country] : undefined;
}
