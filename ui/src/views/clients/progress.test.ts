import { describe, expect, it } from 'vitest';
import { sampleCourse, sampleProgress } from '../../test/fixtures/record';
import { day, time } from '../../lib/labels';
import {
  appointmentPhrase,
  attendanceSummary,
  beyondPlan,
  conclusionReason,
  countsPhrase,
  currentCourse,
  derivedPhaseNote,
  describeChange,
  finishedSummary,
  fold,
  isBefore,
  missedRule,
  missedRuleHint,
  phaseLabel,
  placeLine,
  planSummary,
  plannedEnd,
  reviewPhrase,
  reviewReason,
  sessionHeading,
  sessionOf,
  stage,
  timeLeft,
  weeksLeft,
  weeksToEnd,
} from './progress';

/** Session 9 of 16 held today, after two no-shows (counted) and a cancellation (rebooked). */
const NINE_TODAY = {
  held: 9,
  missed: 2,
  rebooked: 1,
  current: 9,
  held_today: true,
  left: 5,
} as const;

describe('progress wording', () => {
  it('says where the course stands: the next session, with the sessions left and missed', () => {
    const p = sampleProgress();
    expect(stage(p)).toBe('next');
    expect(sessionOf(p)).toBe('Next: session 6 of 16 · 9 left, 1 missed');
    expect(sessionHeading(p)).toBe('Next: session 6');
    expect(planSummary(p)).toBe('of 16 · 9 left, 1 missed · 1 rebooked');
    expect(phaseLabel(p)).toBe('Middle phase');
    expect(derivedPhaseNote(p)).toBeUndefined();
    expect(weeksLeft(p)).toBe('9 weeks left');
    expect(timeLeft(p)).toBe(`9 weeks left · planned end ${day('2026-04-21')}`);
    expect(attendanceSummary(p)).toBe('attended 5 · 1 missed · 1 rebooked');
  });

  it('counts two no-shows against the plan and leaves a rebooked cancellation out', () => {
    const p = sampleProgress(NINE_TODAY);
    expect(stage(p)).toBe('today');
    expect(sessionOf(p)).toBe('Session 9 of 16 · 5 left, 2 missed');
    expect(sessionHeading(p)).toBe('Session 9');
    expect(planSummary(p)).toBe('of 16 · 5 left, 2 missed · 1 rebooked');
  });

  it('names the last session held once the plan is used up', () => {
    const p = sampleProgress({ held: 14, missed: 2, rebooked: 0, current: 14, left: 0, beyond_plan: false });
    expect(stage(p)).toBe('last');
    expect(sessionOf(p)).toBe('Last held: session 14 of 16 · none left, 2 missed');
    expect(planSummary(p)).toBe('of 16 · none left, 2 missed');
  });

  it('words any place in a course, with or without a number and the counts', () => {
    expect(placeLine({ number: 9, planned: 16, left: 5, missed: 2 })).toBe('Session 9 of 16 · 5 left, 2 missed');
    expect(placeLine({ number: 9, planned: 16, left: 5, missed: 0 })).toBe('Session 9 of 16 · 5 left');
    expect(placeLine({ number: null, planned: 16, left: 5, missed: 2 })).toBe('16 planned · 5 left, 2 missed');
    expect(placeLine({ number: 9, planned: 16, left: null, missed: null })).toBe('Session 9 of 16');
    expect(countsPhrase({ number: 9, planned: 16, left: 5, missed: 2, rebooked: 1 }, true)).toBe(
      '5 left, 2 missed · 1 rebooked',
    );
    expect(countsPhrase({ number: 9, planned: 16, left: 5, missed: 2, rebooked: 1 })).toBe('5 left, 2 missed');
  });

  it('marks a phase chosen by the practitioner and names the derived one', () => {
    const p = sampleProgress({ phase: 'initial', derived_phase: 'middle', phase_overridden: true });
    expect(phaseLabel(p)).toBe('Initial phase (set by you)');
    expect(derivedPhaseNote(p)).toBe('The count and the calendar give: Middle phase');
  });

  it('counts down the weeks, singular, on the day and past the end', () => {
    expect(weeksLeft(sampleProgress({ weeks_remaining: 1 }))).toBe('1 week left');
    expect(weeksLeft(sampleProgress({ weeks_remaining: 0 }))).toBe('planned end today');
    const past = sampleProgress({ weeks_remaining: 0, past_planned_end: true });
    expect(weeksLeft(past)).toBe('planned end passed');
    expect(timeLeft(past)).toBe(`planned end ${day('2026-04-21')} passed`);
    expect(plannedEnd('2026-04-20', false)).toBe(`planned end ${day('2026-04-20')}`);
    expect(weeksToEnd(3)).toBe('3 weeks to planned end');
    expect(weeksToEnd(1)).toBe('1 week to planned end');
    expect(weeksToEnd(0)).toBe('planned end reached');
  });

  it('says why conclusion work is due: the sessions left, with the missed ones, and the planned end', () => {
    const byCount = sampleProgress({ ...NINE_TODAY, held: 11, current: 11, left: 3, weeks_remaining: 5 });
    expect(conclusionReason(byCount)).toBe(
      `3 sessions of the plan are left after session 11 (2 missed counted against it), and the planned end (${day('2026-04-21')}) is 5 weeks away.`,
    );
    const byDate = sampleProgress({ left: 7, missed: 0, current: 9, weeks_remaining: 2 });
    expect(conclusionReason(byDate)).toBe(
      `7 sessions of the plan are left after session 9, and the planned end (${day('2026-04-21')}) is 2 weeks away.`,
    );
    const past = sampleProgress({ left: 1, missed: 0, current: 15, weeks_remaining: 0, past_planned_end: true });
    expect(conclusionReason(past)).toBe(
      `1 session of the plan is left after session 15, and the planned end (${day('2026-04-21')}) has passed.`,
    );
  });

  it('says the plan is used up when it is', () => {
    const p = sampleProgress({ held: 15, missed: 2, current: 15, left: 0, beyond_plan: true });
    expect(beyondPlan(p)).toBe(
      'The plan is used up: 15 held and 2 missed against 16 planned. Renegotiate if the course continues.',
    );
  });

  it('puts the contract’s rule for missed sessions into words', () => {
    expect(missedRule({ no_show_counts: true, cancellation_counts: false })).toBe(
      'A no-show uses one of the planned sessions; a session cancelled with notice is rebooked and does not.',
    );
    expect(missedRule({ no_show_counts: true, cancellation_counts: true })).toBe(
      'A no-show and a session cancelled with notice each use one of the planned sessions.',
    );
    expect(missedRule({ no_show_counts: false, cancellation_counts: true })).toBe(
      'A session cancelled with notice uses one of the planned sessions; a no-show is rebooked and does not.',
    );
    expect(missedRule({ no_show_counts: false, cancellation_counts: false })).toMatch(/^Missed sessions are rebooked/);
    expect(missedRuleHint({ no_show_counts: true, cancellation_counts: false })).toMatch(/This is the default/);
    expect(missedRuleHint({ no_show_counts: true, cancellation_counts: true })).toMatch(
      /by default only a no-show does/,
    );
  });

  it('words the next appointment with and without a time', () => {
    expect(appointmentPhrase({ session_id: 1, date: '2026-02-24', start_time: '10:00' })).toBe(
      `${day('2026-02-24')} at ${time('2026-02-24', '10:00')}`,
    );
    expect(appointmentPhrase({ session_id: 1, date: '2026-02-24', start_time: null })).toBe(
      day('2026-02-24'),
    );
    expect(appointmentPhrase(null)).toBeNull();
  });

  it('sums up a finished course', () => {
    expect(finishedSummary(sampleProgress({ course_status: 'concluded', held: 14 }))).toBe(
      'Concluded · attended 14 of 16',
    );
  });

  it('picks the active course, else the newest', () => {
    const old = sampleCourse({ id: 1, status: 'concluded' });
    const active = sampleCourse({ id: 2, status: 'active' });
    expect(currentCourse([old, active])?.id).toBe(2);
    expect(currentCourse([old])?.id).toBe(1);
    expect(currentCourse([])).toBeNull();
  });

  it('compares stored dates', () => {
    expect(isBefore('2026-02-19', '2026-02-20')).toBe(true);
    expect(isBefore('2026-02-20', '2026-02-20')).toBe(false);
    expect(isBefore(null, '2026-02-20')).toBe(false);
  });

  it('describes changes to the plan', () => {
    expect(
      describeChange({
        kind: 'planned_sessions',
        changed_on: '2026-01-20',
        from_value: '14',
        to_value: '16',
        reason: 'r',
        recorded_at: '',
      }),
    ).toBe('Planned sessions: 14 → 16');
    expect(
      describeChange({
        kind: 'phase_override',
        changed_on: '2026-01-20',
        from_value: null,
        to_value: 'conclusion',
        reason: 'r',
        recorded_at: '',
      }),
    ).toBe('Phase: follows the count and the calendar → Conclusion phase');
  });

  it('folds case and accents for filtering', () => {
    expect(fold('  Ólafur PÉTURSSON ')).toBe('olafur petursson');
  });

  it('names a maintenance course by its review points, and an acute one by none', () => {
    const m = { review_every: 6, review_due: false, next_review: 12, current: 8 };
    expect(reviewPhrase(m)).toBe('next review at session 12');
    expect(reviewPhrase({ ...m, review_due: true, next_review: 12, current: 12 })).toBe('review at this session');
    expect(reviewPhrase({ review_every: null, review_due: false, next_review: null, current: 8 })).toBeNull();
    const twelve = sampleProgress({ ...m, review_due: true, current: 12, left: 12, planned: 24 });
    expect(reviewReason(twelve)).toMatch(/^Session 12 is a review point \(every 6 sessions\)\. Look back/);
    const last = sampleProgress({ ...m, review_due: true, current: 24, left: 0, planned: 24 });
    expect(reviewReason(last)).toMatch(/^Session 24 is the last of the 24 planned\./);
    expect(phaseLabel(sampleProgress({ phase: 'maintenance' }))).toBe('Maintenance (IPT-M)');
  });
});
