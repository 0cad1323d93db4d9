// Perinatal weeks in words. The core works them out from the dates (a pregnancy is 40 weeks at
// the due date; after the birth, whole weeks since it), for a saved client and while the dates
// are typed; only the dates are kept, so the weeks are right every week.

import type { PerinatalWeeks } from '../../lib/bindings/PerinatalWeeks';

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
