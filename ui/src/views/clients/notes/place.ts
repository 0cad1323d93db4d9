// Where a note's session stands in its course, in words: live while the note is a draft, and as
// it was signed once it is signed, with a quiet line when the course has moved on since.

import type { Note } from '../../../lib/bindings/Note';
import type { Phase } from '../../../lib/bindings/Phase';
import type { Session } from '../../../lib/bindings/Session';
import type { SignedPlace } from '../../../lib/bindings/SignedPlace';
import { PHASE } from '../../../lib/labels';
import { countsPhrase, placeLine } from '../progress';

/** The phase the note stands in now: its own choice, else the course's; null for an assessment. */
export function livePhase(note: Note): Phase | null {
  return note.phase ?? note.derived_phase;
}

/**
 * "9 left, 1 missed · 1 rebooked": the live count after a draft's session, and whether the
 * ending is due or the plan already used up.
 */
export function draftCounts(note: Note): string {
  const place = note.place;
  if (!place) return '';
  const parts = [countsPhrase(place, true)];
  if (place.beyond_plan) parts.push(`beyond the ${place.planned} planned`);
  else if (place.conclusion_due) parts.push('conclusion work due');
  else if (place.review_due) parts.push('review point');
  return parts.filter((p) => p !== '').join(' · ');
}

/** "Session 9 of 16 · 5 left, 2 missed · Middle phase, as signed". */
export function signedPlaceLine(signed: SignedPlace): string {
  return `${placeLine(signed)} · ${PHASE[signed.phase]}, as signed`;
}

/**
 * "In the course as it stands now: session 10 of 18 · Middle phase", when the number, the plan
 * or the phase now differs from what the note was signed with; null when they agree.
 */
export function livePlaceLine(note: Note): string | null {
  const signed = note.signed_place;
  const now = note.place;
  const phase = livePhase(note);
  if (!signed || !now || !phase) return null;
  const number = note.session.number;
  const differs =
    (signed.number !== null && signed.number !== number) ||
    signed.planned !== now.planned ||
    signed.phase !== phase;
  if (!differs) return null;
  const where = number === null ? `${now.planned} planned` : `session ${number} of ${now.planned}`;
  return `In the course as it stands now: ${where} · ${PHASE[phase]}`;
}

/** What a missed session did to the plan, by the contract's rule; null for any other session. */
export function missedExplanation(session: Session, planned: number | null): string | null {
  if (session.purpose === 'assessment' || planned === null) {
    return session.attendance === 'no_show' || session.attendance === 'cancelled'
      ? 'An assessment comes before a course, so missing it uses none of a course’s sessions.'
      : null;
  }
  switch (session.attendance) {
    case 'no_show':
      return session.counts_against_plan
        ? `A no-show uses one of the ${planned} planned sessions.`
        : 'Not attended, and rebooked: the plan is unchanged.';
    case 'cancelled':
      return session.counts_against_plan
        ? `By the contract, a cancellation uses one of the ${planned} planned sessions.`
        : 'Cancelled with notice and rebooked: the plan is unchanged.';
    default:
      return null;
  }
}
