// Times and day names for the Today view, always through Intl so they follow the user's locale.

/** A stored day and optional time ("HH:MM" or "HH:MM:SS") as a local Date, or null. */
function localDate(iso: string, time: string | null = null): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!d) return null;
  let hours = 12;
  let minutes = 0;
  if (time !== null) {
    const t = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time);
    if (!t) return null;
    hours = Number(t[1]);
    minutes = Number(t[2]);
  }
  const date = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), hours, minutes);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The day of the week of a stored day, e.g. "Monday"; empty if unreadable. */
export function weekday(iso: string): string {
  const date = localDate(iso);
  return date ? new Intl.DateTimeFormat(undefined, { weekday: 'long' }).format(date) : '';
}

/** A session's start time in the user's locale, e.g. "09:00" or "9:00 AM"; raw text if odd. */
export function startTime(iso: string, time: string): string {
  const date = localDate(iso, time);
  return date ? new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(date) : time;
}

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
