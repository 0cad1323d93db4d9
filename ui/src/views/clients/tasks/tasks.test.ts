import { describe, expect, it } from 'vitest';
import { sampleGoals } from '../../../test/fixtures/record';
import { TASK_IDS, THIS_SESSION_DATE, THIS_SESSION_ID, taskRecord } from '../../../test/fixtures/tasks';
import { addDays, linkFields, linkOptions, linkValue, tasksSetIn, tasksToReview } from './tasks';

describe('work-at-home task helpers', () => {
  it('moves a date by whole days across months, years and leap days', () => {
    expect(addDays('2026-02-17', 7)).toBe('2026-02-24');
    expect(addDays('2026-02-24', 7)).toBe('2026-03-03');
    expect(addDays('2028-02-25', 4)).toBe('2028-02-29');
    expect(addDays('2026-12-29', 7)).toBe('2027-01-05');
    expect(addDays('not a date', 7)).toBe('not a date');
  });

  it('picks the tasks a session reviews', () => {
    const record = taskRecord();
    expect(tasksToReview(record, THIS_SESSION_ID, THIS_SESSION_DATE).map((t) => t.id)).toEqual([
      TASK_IDS.budget,
      TASK_IDS.priya,
      TASK_IDS.walk,
      TASK_IDS.diary,
    ]);
    expect(tasksSetIn(record, THIS_SESSION_ID).map((t) => t.id)).toEqual([TASK_IDS.sister]);
    // Seen from the next session, this session's open task comes up for review, the diary does not.
    expect(tasksToReview(record, 108, '2026-02-24').map((t) => t.id)).toEqual([
      TASK_IDS.budget,
      TASK_IDS.sister,
      TASK_IDS.priya,
      TASK_IDS.walk,
    ]);
  });

  it('turns the link select’s value into a goal or an area and back', () => {
    expect(linkFields('goal:62')).toEqual({ goal_id: 62, area: null });
    expect(linkFields('area:grief')).toEqual({ goal_id: null, area: 'grief' });
    expect(linkFields('')).toEqual({ goal_id: null, area: null });
    expect(linkValue({ goal_id: 62, area: null })).toBe('goal:62');
    expect(linkValue({ goal_id: null, area: 'grief' })).toBe('area:grief');
    expect(linkValue({ goal_id: null, area: null })).toBe('');
  });

  it('offers dropped goals only to a task already linked to one', () => {
    const goals = sampleGoals();
    goals[1].status = 'dropped';
    goals[0].description = 'A'.repeat(100);
    const values = (current: string) => linkOptions(goals, current).map((o) => o.value);
    expect(values('')).toEqual(['goal:61', 'area:grief', 'area:role_dispute', 'area:role_transition', 'area:interpersonal_deficits']);
    expect(values('goal:62')).toContain('goal:62');
    const long = linkOptions(goals, '')[0].label;
    expect(long.length).toBeLessThan(80);
    expect(long.endsWith('…')).toBe(true);
  });
});
