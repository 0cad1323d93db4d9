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
