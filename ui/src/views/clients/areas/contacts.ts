// The social-contacts series put into words: where it started, where it is, and the change.

import type { SocialContacts } from '../../../lib/bindings/SocialContacts';
import { day } from '../../../lib/labels';

function contactsPhrase(n: number): string {
  return n === 1 ? '1 contact' : `${n} contacts`;
}

/**
 * "From 1 contact (week of 5 Jan 2026) to 4 (week of 16 Feb 2026): up 3." — or, for a single
 * week, "4 contacts in the week of 16 Feb 2026."
 */
export function contactsTrend(series: readonly SocialContacts[]): string {
  if (series.length === 0) return '';
  const last = series[series.length - 1];
  if (series.length === 1) return `${contactsPhrase(last.contacts)} in the week of ${day(last.week_of)}.`;
  const first = series[0];
  const change = last.contacts - first.contacts;
  const how = change > 0 ? `up ${change}` : change < 0 ? `down ${-change}` : 'no change';
  return `From ${contactsPhrase(first.contacts)} (week of ${day(first.week_of)}) to ${last.contacts} (week of ${day(last.week_of)}): ${how}.`;
}
