// Times and day names for the Today view, always through Intl so they follow the user's locale.

/** A stored day as a local Date at noon (so no time zone moves it), or null. */
function localDate(iso: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!d) return null;
  const date = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), 12);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The day of the week of a stored day, e.g. "Monday"; empty if unreadable. */
export function weekday(iso: string): string {
  const date = localDate(iso);
  return date ? new Intl.DateTimeFormat(undefined, { weekday: 'long' }).format(date) : '';
}

/** A session's start time in the user's locale, e.g. "09:00" or "9:00 AM"; raw text if odd. */
export { time as startTime } from '../../lib/labels';

/** A length in minutes, e.g. "50 min". */
export function minutes(count: number): string {
  return new Intl.NumberFormat(undefined, {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'short',
  }).format(count);
}

/** How long ago a session was held, in words. */
export function daysAgo(days: number): string {
  if (days <= 0) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}
