// The risk check as the note editor shows it before signing: which levels are raised, and
// whether the level chosen lowers the flag an earlier signed check left open (the core says
// which flag is open, in the note's view, and decides on signing).

import type { RiskLevel } from '../../../lib/bindings/RiskLevel';

/** From "not assessed" up to high, in the order the core compares them. */
const ORDER: readonly RiskLevel[] = ['not_asked', 'no_concerns', 'low', 'moderate', 'high'];

/** Moderate or high: an action must be recorded before signing, and the level stays on Today. */
export function isRaised(level: RiskLevel | null | undefined): boolean {
  return level === 'moderate' || level === 'high';
}

/** Whether recording `level` lowers the open flag, so the assessment behind it must be written. */
export function lowersOpenFlag(level: RiskLevel, open: RiskLevel | null): boolean {
  return open !== null && level !== 'not_asked' && ORDER.indexOf(level) < ORDER.indexOf(open);
}
