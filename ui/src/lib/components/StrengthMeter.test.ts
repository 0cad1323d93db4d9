import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import StrengthMeter from './StrengthMeter.svelte';
import { strengthLabel } from '../strength.svelte';

const expected = ['Very weak', 'Weak', 'Fair', 'Good', 'Very strong'];

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
      const meter = screen.getByRole('meter', { name: 'Passphrase strength' });
      expect(meter).toHaveAttribute('aria-valuenow', String(score));
      expect(meter).toHaveAttribute('aria-valuetext', label);
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

  it('says a passphrase it accepts can be used, and one it refuses what to change', () => {
    const { rerender } = render(StrengthMeter, {
      id: 'meter',
      strength: { score: 3, acceptable: true, problem: null },
    });
    expect(screen.getByText(/You can use this passphrase/)).toBeInTheDocument();
    rerender({
      id: 'meter',
      strength: { score: 3, acceptable: false, problem: 'Make it longer.' },
    });
    expect(screen.queryByText(/You can use this passphrase/)).toBeNull();
    expect(screen.getByText('Make it longer.')).toBeInTheDocument();
  });

  it('shows no rating and no filled segment before anything is typed', () => {
    const { container } = render(StrengthMeter, { id: 'meter', strength: null });
    expect(container.querySelectorAll('.segment.filled')).toHaveLength(0);
    for (const label of expected) expect(screen.queryByText(label)).toBeNull();
    expect(screen.getByRole('meter')).toHaveAttribute('aria-valuetext', 'Not rated yet');
    expect(screen.getByText(/Strength is rated as you type/)).toBeInTheDocument();
  });

  it('says when the strength cannot be rated, and that it is checked on submit', () => {
    render(StrengthMeter, { id: 'meter', strength: null, unavailable: true });
    expect(screen.getByText(/it will be checked when you continue/)).toBeInTheDocument();
  });

  it('clamps scores outside 0–4', () => {
    expect(strengthLabel(-1)).toBe('Very weak');
    expect(strengthLabel(9)).toBe('Very strong');
  });
});
