import { describe, expect, it } from 'vitest';
import { sampleCourse, sampleProgress } from '../../test/fixtures/record';
import { day, time } from '../../lib/labels';
import {
  appointmentPhrase,
  attendanceSummary,
  currentCourse,
  derivedPhaseNote,
  describeChange,
  finishedSummary,
  fold,
  isBefore,
  phaseLabel,
  sessionOf,
  weeksLeft,
} from './progress';

describe('progress wording', () => {
  it('says where the course stands', () => {
    const p = sampleProgress();
    expect(sessionOf(p)).toBe('Session 6 of 16');
    expect(phaseLabel(p)).toBe('Middle phase');
    expect(derivedPhaseNote(p)).toBeUndefined();
    expect(weeksLeft(p)).toBe('9 weeks left');
    expect(attendanceSummary(p)).toBe('attended 5 · missed 2');
  });

  it('marks a phase chosen by the practitioner and names the derived one', () => {
    const p = sampleProgress({ phase: 'initial', derived_phase: 'middle', phase_overridden: true });
    expect(phaseLabel(p)).toBe('Initial phase (set by you)');
    expect(derivedPhaseNote(p)).toBe('The session count alone gives: Middle phase');
  });

  it('counts down the weeks, singular and past the end', () => {
    expect(weeksLeft(sampleProgress({ weeks_remaining: 1 }))).toBe('1 week left');
    expect(weeksLeft(sampleProgress({ weeks_remaining: 0 }))).toBe('planned end reached');
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
    ).toBe('Phase: follows the session count → Conclusion phase');
  });

  it('folds case and accents for filtering', () => {
    expect(fold('  Ólafur PÉTURSSON ')).toBe('olafur petursson');
  });
});
