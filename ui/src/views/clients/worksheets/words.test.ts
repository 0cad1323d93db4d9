import { describe, expect, it } from 'vitest';
import { followUpQuestion, PROBLEM, PROBLEMS, ratingChange, SECTIONS, worksheetTitle } from './words';

describe('worksheet words', () => {
  it('names every problem once, in the checklist order', () => {
    expect(PROBLEMS).toHaveLength(5);
    expect(new Set(PROBLEMS).size).toBe(5);
    for (const p of PROBLEMS) expect(PROBLEM[p].label.length).toBeGreaterThan(0);
  });

  it('titles a worksheet by its person when it has one', () => {
    expect(worksheetTitle('communication_analysis', 'Tomas')).toBe('Communication analysis with Tomas');
    expect(worksheetTitle('decision_analysis', 'Tomas')).toBe('Decision analysis about Tomas');
    expect(worksheetTitle('role_play', null)).toBe('Role play');
  });

  it('asks the follow-up about the person', () => {
    expect(followUpQuestion('communication_analysis', 'Ari')).toContain('differently to Ari');
    expect(followUpQuestion('role_play', null)).toContain('with them');
  });

  it('shows a change of rating with its sign', () => {
    expect(ratingChange(3, 6)).toBe('+3');
    expect(ratingChange(7, 4)).toBe('−3');
    expect(ratingChange(5, 5)).toBe('no change');
    expect(ratingChange(null, 5)).toBe('');
  });

  it('offers only the sections each kind has', () => {
    expect(SECTIONS.role_play).not.toContain('exchange');
    expect(SECTIONS.communication_analysis).toContain('problems');
  });
});
