// Dates and numbers always follow the user's own locale.

export function formatLongDate(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'full' }).format(date);
}

export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(date);
}

export function formatDateTime(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' }).format(
    date,
  );
}

export function formatTime(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(date);
}

/** A timestamp from the core, or the raw text when it cannot be read as a date. */
export function formatTimestamp(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : formatDateTime(date);
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat(undefined).format(value);
}

/** "m:ss", short enough to update every second without distracting. */
export function formatWait(totalSeconds: number): string {
  const secs = Math.max(0, Math.ceil(totalSeconds));
  const minutes = Math.floor(secs / 60);
  const seconds = secs % 60;
  return `${minutes}:${seconds.toString().padStart(2, '0')}`;
}

export function minutesPhrase(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** A file size in the user's locale: "812 KB", "118.4 MB", "1.2 GB". */
export function formatSize(bytes: number): string {
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  const number = new Intl.NumberFormat(undefined, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(unit === 0 ? Math.max(1, Math.ceil(value)) : value);
  return `${number} ${units[unit]}`;
}

/** How long ago a timestamp was, in the user's language: "3 hours ago", "yesterday". */
export function formatAgo(value: string, now: Date = new Date()): string {
  const then = new Date(value);
  if (Number.isNaN(then.getTime())) return value;
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}
