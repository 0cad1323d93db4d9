// How the Conclusion tab puts a course's summary into words, and where each item of the
// checklist is put right.

import type { Course } from '../../../lib/bindings/Course';
import type { FixIn } from '../../../lib/bindings/FixIn';
import type { Limits } from '../../../lib/bindings/Limits';
import type { Progress } from '../../../lib/bindings/Progress';
import type { SummaryStage } from '../../../lib/bindings/SummaryStage';
import { formatDate } from '../../../lib/format';
import { COURSE_KIND, COURSE_STATUS, day } from '../../../lib/labels';
import type { RecordTab } from '../../../lib/state.svelte';
import { stage } from '../progress';

/**
 * The months a maintenance plan may run for. The core holds the range as `MAINTENANCE_MONTHS`
 * in `conclusion/completion.rs` and checks it on every save; the generated rules do not carry
 * it yet, so the same numbers are written here only to say the range beside the field.
 */
export const MAINTENANCE_MONTHS: Limits = { min: 1, max: 60 };

/**
 * Sessions before the last planned one from which the conclusion phase begins (session M−3),
 * as the core's `CONCLUSION_SESSIONS`. Used only to say when a summary can be started; the core
 * decides whether it can.
 */
const CONCLUSION_SESSIONS = 3;

/** "Acute course, from 6 Jan 2026". */
export function courseTitle(course: Pick<Course, 'kind' | 'start_date'>): string {
  return `${COURSE_KIND[course.kind]}, from ${day(course.start_date)}`;
}

/** "Acute course, from 6 Jan 2026 (concluded)", for the choice of course. */
export function courseChoice(course: Course): string {
  const status = course.status === 'active' ? '' : ` (${COURSE_STATUS[course.status].toLowerCase()})`;
  return `${courseTitle(course)}${status}`;
}

/** The session from which a course's summary can be started: M−3, never before the first. */
export function startsFrom(progress: Pick<Progress, 'planned'>): number {
  return Math.max(1, progress.planned - CONCLUSION_SESSIONS);
}

/** Why a course's summary cannot be started yet, and when it can, from its own numbers. */
export function notDueText(progress: Progress): string {
  const from = startsFrom(progress);
  const of = `${progress.current} of ${progress.planned}`;
  const now = {
    today: `Session ${of} is today`,
    next: `The next session is session ${of}`,
    last: `The last session held was session ${of}`,
  }[stage(progress)];
  return (
    `The conclusion summary can be started from session ${from} of ${progress.planned}, when the ` +
    `conclusion phase begins (sooner if the planned end, ${day(progress.planned_end)}, comes ` +
    `first), or once the course has ended. ${now}.`
  );
}

/** A timestamp from the core as a day in the user's locale; the raw text if unreadable. */
export function signedDay(timestamp: string): string {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : formatDate(date);
}

/** "Signed by Dr Ana Silva on 20 February 2026", or without a name when none was set. */
export function signedLine(name: string | null, signedAt: string): string {
  const by = name && name.trim() !== '' ? ` by ${name}` : '';
  return `Signed${by} on ${signedDay(signedAt)}`;
}

/** Where a course's summary stands, as the Course tab and Today say it. */
export function stageWord(stage: SummaryStage, signedAt: string | null = null): string {
  switch (stage) {
    case 'not_due':
      return 'not due yet';
    case 'due':
      return 'due, not started';
    case 'draft':
      return 'draft';
    case 'signed':
      return signedAt ? `signed on ${signedDay(signedAt)}` : 'signed';
  }
}

/** The part of the record each checklist item is put right in; `summary` and `settings` are
 * not tabs of the record and are handled by the caller. */
export const FIX_TAB: Record<Exclude<FixIn, 'summary' | 'settings'>, RecordTab> = {
  course: 'course',
  notes: 'sessions',
  measures: 'measures',
  inventory: 'inventory',
  formulation: 'formulation',
  areas: 'areas',
  // The relapse warning signs are kept on the Safety plan tab, beside the crisis plan.
  relapse: 'safety',
  medication: 'medication',
};

/** The button beside a checklist item, saying where it goes. */
export const FIX_LABEL: Record<FixIn, string> = {
  summary: 'Go to the field',
  course: 'Open the Course tab',
  notes: 'Open Sessions & notes',
  measures: 'Open Measures & progress',
  inventory: 'Open Inventory & circle',
  formulation: 'Open the Formulation',
  areas: 'Open Problem areas & goals',
  relapse: 'Open the relapse warning signs',
  medication: 'Open Medication',
  settings: 'Open Settings',
};

/**
 * The field of the clinician's part where a checklist item of the summary's own is written,
 * by the item's key (`risk` has two fields: the level first, then what the assessment found).
 */
export function summaryFieldOf(key: string, riskChosen: boolean): string {
  if (key === 'risk') return riskChosen ? 'risk_notes' : 'risk_level';
  return key;
}
