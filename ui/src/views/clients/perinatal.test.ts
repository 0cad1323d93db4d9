import { describe, expect, it } from 'vitest';
import { describeWeeks, perinatalWeeks } from './perinatal';

describe('perinatal weeks from the dates', () => {
  const today = '2026-03-02';

  it('counts a pregnancy as the core does, 40 weeks at the due date', () => {
    expect(perinatalWeeks('pregnant', '2026-03-02', '', today)).toEqual({
      stage: 'pregnant',
      weeks_pregnant: 40,
      weeks_to_due: 0,
    });
    expect(perinatalWeeks('pregnant', '2026-03-03', '', today)).toMatchObject({ weeks_pregnant: 39 });
    expect(perinatalWeeks('pregnant', '2026-03-10', '', today)).toMatchObject({
      weeks_pregnant: 38,
      weeks_to_due: 1,
    });
    expect(perinatalWeeks('pregnant', '2026-02-27', '', today)).toMatchObject({
      weeks_pregnant: 40,
      weeks_to_due: -1,
    });
  });

  it('moves on by itself: the same due date a week later is a week further on', () => {
    const now = perinatalWeeks('pregnant', '2026-06-01', '', today);
    const later = perinatalWeeks('pregnant', '2026-06-01', '', '2026-03-09');
    expect(now).toMatchObject({ weeks_pregnant: 27 });
    expect(later).toMatchObject({ weeks_pregnant: 28 });
  });

  it('counts whole weeks since the birth', () => {
    expect(perinatalWeeks('postpartum', '', '2026-01-26', today)).toEqual({
      stage: 'postpartum',
      weeks_since_birth: 5,
    });
    expect(perinatalWeeks('postpartum', '', '2026-01-26', '2026-03-01')).toMatchObject({
      weeks_since_birth: 4,
    });
  });

  it('gives nothing without a stage or a date', () => {
    expect(perinatalWeeks('', '2026-06-01', '', today)).toBeNull();
    expect(perinatalWeeks('pregnant', '', '', today)).toBeNull();
    expect(perinatalWeeks('postpartum', '', 'not a date', today)).toBeNull();
  });

  it('puts the weeks into words', () => {
    expect(describeWeeks(perinatalWeeks('pregnant', '2026-06-01', '', today))).toBe(
      '27 weeks pregnant, 13 weeks to the due date',
    );
    expect(describeWeeks(perinatalWeeks('pregnant', '2026-02-23', '', today))).toBe(
      '41 weeks pregnant, 1 week past the due date',
    );
    expect(describeWeeks(perinatalWeeks('postpartum', '', '2026-02-23', today))).toBe(
      "1 week since the birth (the baby's age)",
    );
  });
});
