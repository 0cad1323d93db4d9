// Words for the practice outcomes view, kept apart from the component so they can be tested.

import type { ConditionGroup } from '../../lib/bindings/ConditionGroup';
import type { OutcomeGroupKey } from '../../lib/bindings/OutcomeGroupKey';
import type { PracticeOutcomes } from '../../lib/bindings/PracticeOutcomes';
import type { ProblemArea } from '../../lib/bindings/ProblemArea';

function courses(n: number): string {
  return n === 1 ? '1 course' : `${n} courses`;
}

/** "12 courses ended: 9 concluded as planned, 3 ended early. 2 had no measure given twice …" */
export function countedLine(p: PracticeOutcomes): string {
  const total = p.concluded + p.ended_early;
  const when = p.filter.year === null ? '' : ` in ${p.filter.year}`;
  if (total === 0) {
    return p.filter.include_ended_early
      ? `No course ended${when}.`
      : `No course was concluded as planned${when}.`;
  }
  const parts = p.filter.include_ended_early
    ? [`${courses(total)} ended${when}: ${p.concluded} concluded as planned, ${p.ended_early} ended early.`]
    : [`${courses(total)} concluded as planned${when} (courses that ended early are left out).`];
  if (p.unmeasured > 0) {
    parts.push(
      p.unmeasured === 1
        ? '1 had no measure given twice and is in no share.'
        : `${p.unmeasured} had no measure given twice and are in no share.`,
    );
  }
  return parts.join(' ');
}

export function groupTitle(
  key: OutcomeGroupKey,
  conditions: Record<ConditionGroup, string>,
  areas: Record<ProblemArea, string>,
): string {
  switch (key.by) {
    case 'all':
      return 'The whole practice';
    case 'condition':
      return conditions[key.value];
    case 'area':
      return areas[key.value];
    case 'no_formulation':
      return 'No formulation recorded';
  }
}

/** Each rule behind a share shown, once, in the order first met. */
export function rulesUsed(p: PracticeOutcomes): string[] {
  const seen = new Set<string>();
  for (const g of p.groups) {
    for (const m of g.instruments) {
      for (const s of m.shares) seen.add(s.rule);
    }
  }
  return [...seen];
}
