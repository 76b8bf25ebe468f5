/** How money, price differences and dates read on the page. */

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format;
}

/** Minor units → "€1,349.00". */
export function money(minorUnits: number, currency: string): string {
  return moneyFormat(currency).format(minorUnits / 100);
}

/** A choice's price difference: "+€450.00", "−€20.00" or "included". */
export function priceDifference(minorUnits: number, currency: string): string {
  if (minorUnits === 0) return 'included';
  return `${minorUnits > 0 ? '+' : '−'}${money(Math.abs(minorUnits), currency)}`;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "2026-12-01" → "Tue 1 Dec 2026" (dates are calendar days, so read them in UTC). */
export function day(isoDate: string): string {
  const parsed = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? isoDate : dateFormat.format(parsed);
}

/** Upper-cases the first letter and ends with a full stop, so API phrases read as sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** "a, b and c". */
export function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
