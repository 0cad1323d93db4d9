// How sessions and their notes are put into words on the Sessions & notes tab, kept apart from
// the components so the list, the note's header and the tests all read them the same way.

import type { ClientRecord } from '../../../lib/bindings/ClientRecord';
import type { Course } from '../../../lib/bindings/Course';
import type { Frequency } from '../../../lib/bindings/Frequency';
import type { NoteSummary } from '../../../lib/bindings/NoteSummary';
import type { Session } from '../../../lib/bindings/Session';
import { day, time } from '../../../lib/labels';

export interface SessionRow {
  session: Session;
  /** The session's course; null for an assessment before a course. */
  course: Course | null;
  note: NoteSummary | null;
  /** The session has a private process note. */
  privateNote: boolean;
}

/** "Session 5", or what happened instead: only attended sessions carry a number. */
export function sessionLabel(session: Session): string {
  if (session.purpose === 'assessment') {
    switch (session.attendance) {
      case 'attended':
        return 'Assessment';
      case 'cancelled':
        return 'Assessment cancelled';
      case 'no_show':
        return 'Assessment missed';
      case 'scheduled':
        return 'Assessment booked';
    }
  }
  switch (session.attendance) {
    case 'attended':
      return session.number === null ? 'Attended' : `Session ${session.number}`;
    case 'cancelled':
      return 'Cancelled';
    case 'no_show':
      return 'Did not attend';
    case 'scheduled':
      return 'Booked';
  }
}

/**
 * For a missed session, what it did to the plan by the contract's rule: "counts against the
 * plan" or "rebooked"; null for any other session.
 */
export function missedEffect(session: Pick<Session, 'attendance' | 'counts_against_plan'>): string | null {
  if (session.attendance !== 'cancelled' && session.attendance !== 'no_show') return null;
  return session.counts_against_plan ? 'counts against the plan' : 'rebooked';
}

/** "No note", "Draft", "Signed" or "Signed + 2 amendments". */
export function noteState(note: NoteSummary | null): string {
  if (!note) return 'No note';
  if (note.signed_at === null) return 'Draft';
  if (note.amendments === 0) return 'Signed';
  return `Signed + ${note.amendments} ${note.amendments === 1 ? 'amendment' : 'amendments'}`;
}

/** "20 Feb 2026, 10:00", or the date alone when no time was set. */
export function when(session: Pick<Session, 'held_on' | 'start_time'>): string {
  const date = day(session.held_on);
  return session.start_time ? `${date}, ${time(session.held_on, session.start_time)}` : date;
}

// Stored dates and 24-hour times sort correctly as text; a missing time sorts last in its day.
function sortKey(session: Pick<Session, 'held_on' | 'start_time'>): string {
  return `${session.held_on} ${session.start_time ?? '99:99'}`;
}

/** Every session of every course and every assessment, newest first, with its note's state. */
export function sessionRows(record: ClientRecord): SessionRow[] {
  const notes = new Map(record.notes.map((note) => [note.session_id, note]));
  const privateNotes = new Set(record.process_notes);
  const row = (session: Session, course: Course | null): SessionRow => ({
    session,
    course,
    note: notes.get(session.id) ?? null,
    privateNote: privateNotes.has(session.id),
  });
  const rows = [
    ...record.courses.flatMap((course) => course.sessions.map((session) => row(session, course))),
    ...record.assessment_sessions.map((session) => row(session, null)),
  ];
  return rows.sort((a, b) => sortKey(b.session).localeCompare(sortKey(a.session)) || b.session.id - a.session.id);
}

/** Whether a note can be begun: the session has taken place, or was due to, by `today`. */
export function canStartNote(session: Session, today: string): boolean {
  return session.held_on <= today;
}

/** The course's first booked session after `session`, if one is booked. */
export function nextBooked(course: Course | null, session: Session): Session | null {
  if (!course) return null;
  const after = sortKey(session);
  return (
    course.sessions
      .filter((s) => s.id !== session.id && s.attendance === 'scheduled' && sortKey(s) > after)
      .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))[0] ?? null
  );
}

/** The date one interval of the course's rhythm after `from` (YYYY-MM-DD), to suggest a booking. */
export function suggestNextDate(from: string, frequency: Frequency | null): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from);
  if (!match) return '';
  const [, y, m, d] = match;
  // UTC arithmetic, so a change of clocks cannot move the day.
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  switch (frequency) {
    case 'twice_weekly':
      date.setUTCDate(date.getUTCDate() + 3);
      break;
    case 'fortnightly':
      date.setUTCDate(date.getUTCDate() + 14);
      break;
    case 'monthly':
      date.setUTCMonth(date.getUTCMonth() + 1);
      break;
    default:
      date.setUTCDate(date.getUTCDate() + 7);
  }
  return date.toISOString().slice(0, 10);
}
