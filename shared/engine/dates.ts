/**
 * Promised dates: working days (Monday to Friday, minus the catalog's holidays) counted from
 * the injected `today`, in UTC so the answer does not depend on the server's time zone.
 */
import type { PromisedDates } from './types.ts';

const DAY_MS = 86_400_000;

function parseIsoDate(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${iso}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== iso) throw new RangeError(`not a calendar date: ${iso}`);
  return t;
}

function isoDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** The date `days` working days after `from` (a non-working `from` itself does not count). */
export function addWorkingDays(from: string, days: number, holidays: ReadonlySet<string>): string {
  let t = parseIsoDate(from);
  let left = days;
  while (left > 0) {
    t += DAY_MS;
    const weekday = new Date(t).getUTCDay();
    if (weekday === 0 || weekday === 6 || holidays.has(isoDate(t))) continue;
    left--;
  }
  return isoDate(t);
}

/**
 * leadDays = assembly + the slowest selected module, less `leadDaysLess` (a tier's priority build
 * slot; never below 0); transitDays = the slowest selected delivery mode; shipBy and deliverBy
 * count working days from `today`.
 */
export function promisedDates(
  today: string,
  baseLeadDays: number,
  selected: readonly { leadDays: number; transitDays?: number | undefined }[],
  holidays: readonly string[] = [],
  leadDaysLess = 0,
): PromisedDates {
  const leadDays = Math.max(0, baseLeadDays + selected.reduce((m, c) => Math.max(m, c.leadDays), 0) - leadDaysLess);
  const transitDays = selected.reduce((m, c) => Math.max(m, c.transitDays ?? 0), 0);
  const off = new Set(holidays);
  const shipBy = addWorkingDays(today, leadDays, off);
  return { leadDays, transitDays, shipBy, deliverBy: addWorkingDays(shipBy, transitDays, off) };
}
