import { describe, expect, it } from 'vitest';
import type { NoteSummary } from '../../../lib/bindings/NoteSummary';
import type { RiskLevel } from '../../../lib/bindings/RiskLevel';
import { noteSummaries, notesRecord, sessionById } from '../../../test/fixtures/notes';
import { isRaised, lowersOpenFlag, openRaisedLevel } from './risk';

/** The sample notes with the risk levels given, by session id; unsigned where `draft`. */
function withLevels(levels: Record<number, RiskLevel>, draft: number[] = [107]): NoteSummary[] {
  return noteSummaries().map((n) => ({
    ...n,
    risk_level: levels[n.session_id] ?? n.risk_level,
    signed_at: draft.includes(n.session_id) ? null : n.updated_at,
  }));
}

const DRAFT = sessionById(107);

describe('risk check rules', () => {
  it('knows which levels are raised', () => {
    expect(['moderate', 'high'].every((l) => isRaised(l as RiskLevel))).toBe(true);
    expect(['not_asked', 'no_concerns', 'low'].some((l) => isRaised(l as RiskLevel))).toBe(false);
    expect(isRaised(null)).toBe(false);
  });

  it('finds the raised level left open by the latest signed check before the session', () => {
    const record = notesRecord({ notes: withLevels({ 103: 'high', 105: 'moderate' }) });
    expect(openRaisedLevel(record, DRAFT)).toBe('moderate');
  });

  it('has no open flag when the latest signed check was lower', () => {
    const record = notesRecord({ notes: withLevels({ 103: 'high', 105: 'low' }) });
    expect(openRaisedLevel(record, DRAFT)).toBeNull();
  });

  it('looks past a check that was not assessed', () => {
    const record = notesRecord({ notes: withLevels({ 103: 'high', 105: 'not_asked' }) });
    expect(openRaisedLevel(record, DRAFT)).toBe('high');
  });

  it('ignores drafts, the note itself and notes after it', () => {
    const draftOnly = notesRecord({ notes: withLevels({ 105: 'high' }, [105, 107]) });
    expect(openRaisedLevel(draftOnly, DRAFT)).toBeNull();
    const itself = notesRecord({ notes: withLevels({ 107: 'high' }, []) });
    expect(openRaisedLevel(itself, DRAFT)).toBeNull();
    const later = notesRecord({ notes: withLevels({ 107: 'high' }, []) });
    expect(openRaisedLevel(later, sessionById(105))).toBeNull();
  });

  it('orders sessions of one day by time, a session without a time first', () => {
    const record = notesRecord({ notes: withLevels({ 103: 'high' }) });
    const sameDayEarlier = { id: 999, held_on: '2026-01-20', start_time: '09:00' };
    const sameDayLater = { id: 999, held_on: '2026-01-20', start_time: '11:00' };
    expect(openRaisedLevel(record, sameDayEarlier)).toBeNull();
    expect(openRaisedLevel(record, sameDayLater)).toBe('high');
  });

  it('asks for the assessment only when a level lowers the open flag', () => {
    expect(lowersOpenFlag('low', 'high')).toBe(true);
    expect(lowersOpenFlag('moderate', 'high')).toBe(true);
    expect(lowersOpenFlag('no_concerns', 'moderate')).toBe(true);
    expect(lowersOpenFlag('high', 'high')).toBe(false);
    expect(lowersOpenFlag('high', 'moderate')).toBe(false);
    expect(lowersOpenFlag('not_asked', 'high')).toBe(false);
    expect(lowersOpenFlag('low', null)).toBe(false);
  });
});
