import { describe, expect, it } from 'vitest';
import type { PracticeOutcomes } from '../../lib/bindings/PracticeOutcomes';
import { CONDITION_GROUP, PROBLEM_AREA } from '../../lib/labels';
import { countedLine, groupTitle, rulesUsed } from './words';

function practice(over: Partial<PracticeOutcomes> = {}): PracticeOutcomes {
  return {
    filter: { include_ended_early: true, year: null },
    concluded: 9,
    ended_early: 3,
    unmeasured: 2,
    years: [2026, 2025],
    few_below: 10,
    groups: [],
    ...over,
  };
}

describe('practice outcomes words', () => {
  it('says how many courses ended and how many are in no share', () => {
    expect(countedLine(practice())).toBe(
      '12 courses ended: 9 concluded as planned, 3 ended early. 2 had no measure given twice and are in no share.',
    );
    expect(countedLine(practice({ unmeasured: 1 }))).toContain('1 had no measure given twice and is in no share.');
    expect(
      countedLine(
        practice({ filter: { include_ended_early: false, year: 2025 }, ended_early: 0, unmeasured: 0 }),
      ),
    ).toBe('9 courses concluded as planned in 2025 (courses that ended early are left out).');
  });

  it('says so when no course ended', () => {
    expect(countedLine(practice({ concluded: 0, ended_early: 0, unmeasured: 0 }))).toBe('No course ended.');
    expect(
      countedLine(
        practice({
          filter: { include_ended_early: false, year: 2024 },
          concluded: 0,
          ended_early: 0,
          unmeasured: 0,
        }),
      ),
    ).toBe('No course was concluded as planned in 2024.');
  });

  it('names each group', () => {
    expect(groupTitle({ by: 'all' }, CONDITION_GROUP, PROBLEM_AREA)).toBe('The whole practice');
    expect(groupTitle({ by: 'area', value: 'grief' }, CONDITION_GROUP, PROBLEM_AREA)).toBe('Grief');
    expect(groupTitle({ by: 'condition', value: 'ptsd' }, CONDITION_GROUP, PROBLEM_AREA)).toBe(
      CONDITION_GROUP.ptsd,
    );
    expect(groupTitle({ by: 'no_formulation' }, CONDITION_GROUP, PROBLEM_AREA)).toBe(
      'No formulation recorded',
    );
  });

  it('lists each rule once', () => {
    const share = (rule: string) => ({
      kind: 'response' as const,
      label: 'Response',
      met: 1,
      of: 2,
      of_what: 'courses',
      percent: 50,
      interval: [9, 91] as [number, number],
      few: true,
      rule,
    });
    const p = practice({
      groups: [
        {
          key: { by: 'all' },
          courses: 2,
          instruments: [{ instrument: 'phq9', name: 'PHQ-9', courses: 2, shares: [share('A'), share('B')] }],
        },
        {
          key: { by: 'area', value: 'grief' },
          courses: 1,
          instruments: [{ instrument: 'phq9', name: 'PHQ-9', courses: 1, shares: [share('B')] }],
        },
      ],
    });
    expect(rulesUsed(p)).toEqual(['A', 'B']);
  });
});
