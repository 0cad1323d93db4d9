import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import StrengthMeter from './StrengthMeter.svelte';
import { strengthLabel } from '../strength.svelte';

const expected = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

describe('StrengthMeter', () => {
  it.each(expected.map((label, score) => [score, label] as const))(
    'labels score %i as "%s" and fills that many segments',
    (score, label) => {
      const { container } = render(StrengthMeter, {
        id: 'meter',
        strength: { score, acceptable: score >= 3, problem: null },
      });
      expect(screen.getByText(label)).toBeInTheDocument();
      expect(container.querySelectorAll('.segment.filled')).toHaveLength(score + 1);
      expect(container.querySelector('.segments')).toHaveClass(`score-${score}`);
    },
  );

  it('shows the problem as text', () => {
    render(StrengthMeter, {
      id: 'meter',
      strength: {
        score: 1,
        acceptable: false,
        problem: 'Make it longer (20 characters or more) or harder to guess.',
      },
    });
    expect(
      screen.getByText('Make it longer (20 characters or more) or harder to guess.'),
    ).toBeInTheDocument();
  });

  it('shows no rating and no filled segment before anything is typed', () => {
    const { container } = render(StrengthMeter, { id: 'meter', strength: null });
    expect(container.querySelectorAll('.segment.filled')).toHaveLength(0);
    for (const label of expected) expect(screen.queryByText(label)).toBeNull();
  });

  it('clamps scores outside 0–4', () => {
    expect(strengthLabel(-1)).toBe('Very weak');
    expect(strengthLabel(9)).toBe('Very strong');
  });
});
