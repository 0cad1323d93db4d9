import { describe, expect, it } from 'vitest';
import { describeWeeks } from './perinatal';

describe('perinatal weeks in words', () => {
  it('puts the weeks the core worked out into words', () => {
    expect(describeWeeks({ stage: 'pregnant', weeks_pregnant: 27, weeks_to_due: 13 })).toBe(
      '27 weeks pregnant, 13 weeks to the due date',
    );
    expect(describeWeeks({ stage: 'pregnant', weeks_pregnant: 40, weeks_to_due: 0 })).toBe(
      '40 weeks pregnant, due this week',
    );
    expect(describeWeeks({ stage: 'pregnant', weeks_pregnant: 41, weeks_to_due: -1 })).toBe(
      '41 weeks pregnant, 1 week past the due date',
    );
    expect(describeWeeks({ stage: 'postpartum', weeks_since_birth: 1 })).toBe(
      "1 week since the birth (the baby's age)",
    );
    expect(describeWeeks(null)).toBeNull();
  });
});
