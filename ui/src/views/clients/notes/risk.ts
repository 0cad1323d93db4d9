// The risk check's rules as the note editor needs them before signing: which levels are raised,
// and whether an earlier signed check left a raised level open that this note would lower.

import type { ClientRecord } from '../../../lib/bindings/ClientRecord';
import type { RiskLevel } from '../../../lib/bindings/RiskLevel';
import type { Session } from '../../../lib/bindings/Session';

/** From "not assessed" up to high, in the order the core compares them. */
const ORDER: readonly RiskLevel[] = ['not_asked', 'no_concerns', 'low', 'moderate', 'high'];

/** Moderate or high: an action must be recorded before signing, and the level stays on Today. */
export function isRaised(level: RiskLevel | null | undefined): boolean {
  return level === 'moderate' || level === 'high';
}

type Placed = Pick<Session, 'id' | 'held_on' | 'start_time'>;

// The core's order of sessions: by day, then time (a session without one comes first in its
// day), then id. Stored dates and 24-hour times compare correctly as text.
function before(a: Placed, b: Placed): boolean {
  const ka = [a.held_on, a.start_time ?? ''];
  const kb = [b.held_on, b.start_time ?? ''];
  if (ka[0] !== kb[0]) return ka[0] < kb[0];
  if (ka[1] !== kb[1]) return ka[1] < kb[1];
  return a.id < b.id;
}

/**
 * The raised level (moderate or high) left open by the client's latest signed risk check before
 * `session`, or null. "Not assessed" is no check, so it neither opens nor closes a flag.
 */
export function openRaisedLevel(record: ClientRecord, session: Placed): RiskLevel | null {
  const sessions = new Map<number, Placed>();
  for (const course of record.courses) for (const s of course.sessions) sessions.set(s.id, s);
  let latest: { session: Placed; level: RiskLevel } | null = null;
  for (const note of record.notes) {
    if (note.signed_at === null || note.risk_level === 'not_asked') continue;
    const at = sessions.get(note.session_id);
    if (!at || at.id === session.id || !before(at, session)) continue;
    if (latest === null || before(latest.session, at)) latest = { session: at, level: note.risk_level };
  }
  return latest && isRaised(latest.level) ? latest.level : null;
}

/** Whether recording `level` lowers the open flag, so the assessment behind it must be written. */
export function lowersOpenFlag(level: RiskLevel, open: RiskLevel | null): boolean {
  return open !== null && level !== 'not_asked' && ORDER.indexOf(level) < ORDER.indexOf(open);
}
