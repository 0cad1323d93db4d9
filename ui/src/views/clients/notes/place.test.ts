import type { Place } from '../../../lib/bindings/Place';
import { describe, expect, it } from 'vitest';
import { draftNote, sessionById, signedNote } from '../../../test/fixtures/notes';
import { draftCounts, livePhase, livePlaceLine, missedExplanation, signedPlaceLine } from './place';
import { missedEffect } from './sessions';

describe('a note’s place in its course', () => {
  it('gives a draft the live count after its session', () => {
    expect(draftCounts(draftNote())).toBe('10 left, 1 missed · 1 rebooked');
    const beyond = draftNote({
      place: { ...(draftNote().place as Place), number: 16, left: 0, beyond_plan: true, rebooked: 0 },
    });
    expect(draftCounts(beyond)).toBe('none left, 1 missed · beyond the 16 planned');
    const ending = draftNote({
      place: { ...(draftNote().place as Place), number: 12, left: 3, rebooked: 0, conclusion_due: true },
    });
    expect(draftCounts(ending)).toBe('3 left, 1 missed · conclusion work due');
  });

  it('reads a signed note as it was signed', () => {
    expect(signedPlaceLine({ number: 9, planned: 16, left: 5, missed: 2, phase: 'middle' })).toBe(
      'Session 9 of 16 · 5 left, 2 missed · Middle phase, as signed',
    );
    // Signed before the sessions left were counted.
    expect(signedPlaceLine({ number: 9, planned: 16, left: null, missed: null, phase: 'middle' })).toBe(
      'Session 9 of 16 · Middle phase, as signed',
    );
    expect(signedPlaceLine({ number: null, planned: 16, left: 5, missed: 2, phase: 'middle' })).toBe(
      '16 planned · 5 left, 2 missed · Middle phase, as signed',
    );
  });

  it('adds the course as it stands now only when it differs', () => {
    expect(livePlaceLine(signedNote())).toBeNull();
    expect(livePlaceLine(draftNote())).toBeNull();
    const renegotiated = signedNote({ place: { ...(signedNote().place as Place), planned: 18 } });
    expect(livePlaceLine(renegotiated)).toBe('In the course as it stands now: session 4 of 18 · Middle phase');
    const renumbered = signedNote({
      session: { ...signedNote().session, number: 5 },
      place: { ...(signedNote().place as Place), number: 5 },
      derived_phase: 'conclusion',
    });
    expect(livePlaceLine(renumbered)).toBe('In the course as it stands now: session 5 of 16 · Conclusion phase');
  });

  it('takes the note’s own phase over the course’s', () => {
    expect(livePhase(draftNote({ phase: 'conclusion' }))).toBe('conclusion');
    expect(livePhase(draftNote())).toBe('middle');
  });

  it('explains a missed session by the contract’s rule', () => {
    const noShow = sessionById(106);
    const cancelled = sessionById(104);
    expect(missedExplanation(noShow, 16)).toBe('A no-show uses one of the 16 planned sessions.');
    expect(missedExplanation({ ...noShow, counts_against_plan: false }, 16)).toBe(
      'Not attended, and rebooked: the plan is unchanged.',
    );
    expect(missedExplanation(cancelled, 16)).toBe('Cancelled with notice and rebooked: the plan is unchanged.');
    expect(missedExplanation({ ...cancelled, counts_against_plan: true }, 16)).toBe(
      'By the contract, a cancellation uses one of the 16 planned sessions.',
    );
    expect(missedExplanation(sessionById(105), 16)).toBeNull();
  });

  it('marks a missed session in the lists as counted or rebooked', () => {
    expect(missedEffect(sessionById(106))).toBe('counts against the plan');
    expect(missedEffect(sessionById(104))).toBe('rebooked');
    expect(missedEffect(sessionById(105))).toBeNull();
    expect(missedEffect(sessionById(108))).toBeNull();
  });
});
