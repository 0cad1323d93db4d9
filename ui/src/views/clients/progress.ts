// How a course's position is put into words, in the client list, the record header and the
// Course tab alike, so the same course never reads two different ways.

import type { Appointment } from '../../lib/bindings/Appointment';
import type { Course } from '../../lib/bindings/Course';
import type { CourseChange } from '../../lib/bindings/CourseChange';
import type { CourseInput } from '../../lib/bindings/CourseInput';
import type { Phase } from '../../lib/bindings/Phase';
import type { Progress } from '../../lib/bindings/Progress';
import { COURSE_STATUS, PHASE, day, time } from '../../lib/labels';

/**
 * Where one session stands in its course, as the core counts it: a note's live or signed place,
 * an appointment on Today, a course's progress.
 */
export interface PlaceCount {
  /** N, the session's number; null for a missed session, which has none. */
  number: number | null;
  /** M, the sessions planned. */
  planned: number;
  /** Sessions of the plan left after this one; null where it was not counted. */
  left: number | null;
  /** Missed sessions before it that counted against the plan; null where not counted. */
  missed: number | null;
  /** Missed sessions before it that were rebooked. */
  rebooked?: number | null;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

/** "5 left, 2 missed" ("none left" when the plan is used up), then "· 1 rebooked" if asked. */
export function countsPhrase(place: PlaceCount, withRebooked = false): string {
  const counts: string[] = [];
  if (place.left !== null) counts.push(place.left === 0 ? 'none left' : `${place.left} left`);
  if (place.missed) counts.push(`${place.missed} missed`);
  let phrase = counts.join(', ');
  if (withRebooked && place.rebooked) {
    phrase = phrase ? `${phrase} · ${place.rebooked} rebooked` : `${place.rebooked} rebooked`;
  }
  return phrase;
}

/** "Session 9 of 16 · 5 left, 2 missed"; "16 planned · …" for a session without a number. */
export function placeLine(place: PlaceCount, withRebooked = false): string {
  const head =
    place.number === null ? `${place.planned} planned` : `Session ${place.number} of ${place.planned}`;
  const counts = countsPhrase(place, withRebooked);
  return counts ? `${head} · ${counts}` : head;
}

/**
 * What `current` is: the session held today, the next one to hold, or (once the plan is used
 * up) the last one held.
 */
export type Stage = 'today' | 'next' | 'last';

export function stage(progress: Progress): Stage {
  if (progress.held_today) return 'today';
  return progress.current > progress.held ? 'next' : 'last';
}

/** "Session 9" when it is held today, "Next: session 9", or "Last held: session 14". */
export function sessionHeading(progress: Progress): string {
  switch (stage(progress)) {
    case 'today':
      return `Session ${progress.current}`;
    case 'next':
      return `Next: session ${progress.current}`;
    case 'last':
      return `Last held: session ${progress.current}`;
  }
}

function progressPlace(progress: Progress): PlaceCount {
  return {
    number: progress.current,
    planned: progress.planned,
    left: progress.left,
    missed: progress.missed,
    rebooked: progress.rebooked,
  };
}

/** "of 16 · 5 left, 2 missed · 1 rebooked": what follows the session's number in the header. */
export function planSummary(progress: Progress): string {
  const counts = countsPhrase(progressPlace(progress), true);
  return counts ? `of ${progress.planned} · ${counts}` : `of ${progress.planned}`;
}

/** "Session 9 of 16 · 5 left, 2 missed", or "Next: session 9 of 16 · …" as the course stands. */
export function sessionOf(progress: Progress): string {
  const counts = countsPhrase(progressPlace(progress));
  const head = `${sessionHeading(progress)} of ${progress.planned}`;
  return counts ? `${head} · ${counts}` : head;
}

/** "Middle phase", marked when the practitioner chose it rather than the count and calendar. */
export function phaseLabel(progress: Progress): string {
  return progress.phase_overridden ? `${PHASE[progress.phase]} (set by you)` : PHASE[progress.phase];
}

/** For a tooltip beside an overridden phase: what the count and the calendar would give. */
export function derivedPhaseNote(progress: Progress): string | undefined {
  return progress.phase_overridden
    ? `The count and the calendar give: ${PHASE[progress.derived_phase]}`
    : undefined;
}

/**
 * A maintenance course's review points: "review at this session" when `current` is one, else
 * "next review at session 12"; null for a course with phases.
 */
export function reviewPhrase(progress: Pick<Progress, 'review_every' | 'review_due' | 'next_review' | 'current'>): string | null {
  if (progress.review_every === null) return null;
  if (progress.review_due) return 'review at this session';
  return progress.next_review === null ? null : `next review at session ${progress.next_review}`;
}

/** Why a maintenance session is a review point, and what a review is for. */
export function reviewReason(progress: Progress): string {
  const why =
    progress.left === 0
      ? `Session ${progress.current} is the last of the ${progress.planned} planned.`
      : `Session ${progress.current} is a review point (every ${progress.review_every ?? '–'} sessions).`;
  return (
    `${why} Look back over the months with the client: the warning signs, what has kept them well, ` +
    'and whether to go on, space the sessions out, or stop.'
  );
}

/** "9 weeks left", "1 week left", or where the planned end stands once it has come. */
export function weeksLeft(progress: Progress): string {
  if (progress.past_planned_end) return 'planned end passed';
  const weeks = progress.weeks_remaining;
  if (weeks <= 0) return 'planned end today';
  return `${plural(weeks, 'week', 'weeks')} left`;
}

/** "planned end 21 Apr 2026", or "planned end 21 Apr 2026 passed" once it is behind us. */
export function plannedEnd(end: string, past: boolean): string {
  return past ? `planned end ${day(end)} passed` : `planned end ${day(end)}`;
}

/** "9 weeks left · planned end 21 Apr 2026", or "planned end 21 Apr 2026 passed". */
export function timeLeft(progress: Progress): string {
  if (progress.past_planned_end) return plannedEnd(progress.planned_end, true);
  if (progress.weeks_remaining <= 0) return `planned end today, ${day(progress.planned_end)}`;
  return `${weeksLeft(progress)} · ${plannedEnd(progress.planned_end, false)}`;
}

/** "3 weeks to planned end", counted from an appointment's day. */
export function weeksToEnd(weeks: number): string {
  if (weeks <= 0) return 'planned end reached';
  return `${plural(weeks, 'week', 'weeks')} to planned end`;
}

/** "attended 5 · 2 missed · 1 rebooked". */
export function attendanceSummary(progress: Progress): string {
  const parts = [`attended ${progress.held}`];
  if (progress.missed) parts.push(`${progress.missed} missed`);
  if (progress.rebooked) parts.push(`${progress.rebooked} rebooked`);
  return parts.join(' · ');
}

/**
 * Why conclusion work is due: the sessions of the plan left (which missed sessions bring
 * forward) and the planned end, since the ending comes with whichever runs out first.
 */
export function conclusionReason(progress: Progress): string {
  const left =
    progress.left === 0
      ? 'No session of the plan is left'
      : progress.left === 1
        ? '1 session of the plan is left'
        : `${progress.left} sessions of the plan are left`;
  const missed = progress.missed ? ` (${progress.missed} missed counted against it)` : '';
  const end = day(progress.planned_end);
  const when = progress.past_planned_end
    ? `the planned end (${end}) has passed`
    : progress.weeks_remaining <= 0
      ? `the planned end is today (${end})`
      : `the planned end (${end}) is ${plural(progress.weeks_remaining, 'week', 'weeks')} away`;
  return `${left} after session ${progress.current}${missed}, and ${when}.`;
}

/** The plan is used up: what was held and missed against it, and what to do. */
export function beyondPlan(progress: Progress): string {
  const missed = progress.missed ? ` and ${progress.missed} missed` : '';
  return (
    `The plan is used up: ${progress.held} held${missed} against ${progress.planned} planned. ` +
    'Renegotiate if the course continues.'
  );
}

/** Which missed sessions use up the plan, as the contract of a course says. */
export function missedRule(rule: Pick<CourseInput, 'no_show_counts' | 'cancellation_counts'>): string {
  if (rule.no_show_counts && rule.cancellation_counts) {
    return 'A no-show and a session cancelled with notice each use one of the planned sessions.';
  }
  if (rule.no_show_counts) {
    return 'A no-show uses one of the planned sessions; a session cancelled with notice is rebooked and does not.';
  }
  if (rule.cancellation_counts) {
    return 'A session cancelled with notice uses one of the planned sessions; a no-show is rebooked and does not.';
  }
  return 'Missed sessions are rebooked: neither a no-show nor a cancellation with notice uses one of the planned sessions.';
}

/**
 * Beside a session's attendance: what a missed session does in this course, and that it is the
 * contract that says so.
 */
export function missedRuleHint(rule: Pick<CourseInput, 'no_show_counts' | 'cancellation_counts'>): string {
  const usual = rule.no_show_counts && !rule.cancellation_counts;
  return usual
    ? `${missedRule(rule)} This is the default; the contract can change it for this course.`
    : `${missedRule(rule)} This course's contract says so; by default only a no-show does.`;
}

/** "24 Feb 2026 at 10:00", the date alone when no time was set, or null when none is booked. */
export function appointmentPhrase(appointment: Appointment | null): string | null {
  if (!appointment) return null;
  const date = day(appointment.date);
  return appointment.start_time ? `${date} at ${time(appointment.date, appointment.start_time)}` : date;
}

/** One line for a course that is no longer running: "Concluded · attended 14 of 16". */
export function finishedSummary(progress: Progress): string {
  return `${COURSE_STATUS[progress.course_status]} · attended ${progress.held} of ${progress.planned}`;
}

/** The course the record is about now: the active one, else the most recent. */
export function currentCourse(courses: readonly Course[]): Course | null {
  return courses.find((c) => c.status === 'active') ?? courses[0] ?? null;
}

/** True when the date (YYYY-MM-DD) is before `today`; stored dates compare as text. */
export function isBefore(date: string | null | undefined, today: string): boolean {
  return !!date && date < today;
}

function phaseOrCount(value: string | null): string {
  if (value === null || value === '') return 'follows the count and the calendar';
  return value in PHASE ? PHASE[value as Phase] : value;
}

/** "Planned sessions: 14 → 16" or "Phase: follows the count and the calendar → Conclusion phase". */
export function describeChange(change: CourseChange): string {
  if (change.kind === 'planned_sessions') {
    return `Planned sessions: ${change.from_value ?? '–'} → ${change.to_value ?? '–'}`;
  }
  return `Phase: ${phaseOrCount(change.from_value)} → ${phaseOrCount(change.to_value)}`;
}

/**
 * Text reduced for matching as you type: lower case, without accents, so "olafur" finds
 * "Ólafur" and "JENSEN" finds "Jensen".
 */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLocaleLowerCase()
    .trim();
}
