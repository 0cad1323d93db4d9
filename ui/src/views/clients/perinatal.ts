// Perinatal weeks, worked out from the dates as they are typed, by the core's own rule: a
// pregnancy is 40 weeks at the due date; after the birth, whole weeks since it. Only dates are
// kept, so the weeks are right every week.

import type { PerinatalWeeks } from '../../lib/bindings/PerinatalWeeks';

const DAY_MS = 86_400_000;

/** Days from `from` to `to` (both YYYY-MM-DD), or null when either is not a date. */
function daysBetween(from: string, to: string): number | null {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return null;
  return Math.round((b - a) / DAY_MS);
}

/** The weeks on `today` from a due date (pregnant) or a birth date (postpartum). */
export function perinatalWeeks(
  stage: string,
  dueDate: string,
  birthDate: string,
  today: string,
): PerinatalWeeks | null {
  if (stage === 'pregnant' && dueDate) {
    const days = daysBetween(today, dueDate);
    if (days === null) return null;
    return {
      stage: 'pregnant',
      weeks_pregnant: 40 - Math.floor((days + 6) / 7),
      weeks_to_due: Math.floor(days / 7),
    };
  }
  if (stage === 'postpartum' && birthDate) {
    const days = daysBetween(birthDate, today);
    if (days === null) return null;
    return { stage: 'postpartum', weeks_since_birth: Math.floor(days / 7) };
  }
  return null;
}

function weeks(n: number): string {
  return n === 1 ? '1 week' : `${n} weeks`;
}

/** "28 weeks pregnant, 12 weeks to the due date", "9 weeks since the birth". */
export function describeWeeks(w: PerinatalWeeks | null): string | null {
  if (!w) return null;
  if (w.stage === 'pregnant') {
    const due =
      w.weeks_to_due > 0
        ? `${weeks(w.weeks_to_due)} to the due date`
        : w.weeks_to_due === 0
          ? 'due this week'
          : `${weeks(-w.weeks_to_due)} past the due date`;
    return `${weeks(Math.max(w.weeks_pregnant, 0))} pregnant, ${due}`;
  }
  return `${weeks(Math.max(w.weeks_since_birth, 0))} since the birth (the baby's age)`;
}
