// How a course's position is put into words, in the client list, the record header and the
// Course tab alike, so the same course never reads two different ways.

import type { Appointment } from '../../lib/bindings/Appointment';
import type { Course } from '../../lib/bindings/Course';
import type { CourseChange } from '../../lib/bindings/CourseChange';
import type { Phase } from '../../lib/bindings/Phase';
import type { Progress } from '../../lib/bindings/Progress';
import { COURSE_STATUS, PHASE, day, time } from '../../lib/labels';

/** "Session 6 of 16". */
export function sessionOf(progress: Progress): string {
  return `Session ${progress.current} of ${progress.planned}`;
}

/** "Middle phase", marked when the practitioner chose it rather than the session count. */
export function phaseLabel(progress: Progress): string {
  return progress.phase_overridden ? `${PHASE[progress.phase]} (set by you)` : PHASE[progress.phase];
}

/** For a tooltip beside an overridden phase: what the count alone would give. */
export function derivedPhaseNote(progress: Progress): string | undefined {
  return progress.phase_overridden
    ? `The session count alone gives: ${PHASE[progress.derived_phase]}`
    : undefined;
}

/** "9 weeks left", "1 week left", or that the planned end has come. */
export function weeksLeft(progress: Progress): string {
  const weeks = progress.weeks_remaining;
  if (weeks <= 0) return 'planned end reached';
  return weeks === 1 ? '1 week left' : `${weeks} weeks left`;
}

/** "attended 5 · missed 2". */
export function attendanceSummary(progress: Progress): string {
  return `attended ${progress.held} · missed ${progress.missed}`;
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
  if (value === null || value === '') return 'follows the session count';
  return value in PHASE ? PHASE[value as Phase] : value;
}

/** "Planned sessions: 14 → 16" or "Phase: follows the session count → Conclusion phase". */
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
