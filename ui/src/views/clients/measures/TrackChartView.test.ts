import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { TrackChart } from '../../../lib/bindings/TrackChart';
import { day } from '../../../lib/labels';
import TrackChartView from './TrackChartView.svelte';

const GOALS: TrackChart = {
  kind: 'goal_ratings',
  title: 'Goal ratings: progress towards each goal, 0–10',
  unit: 'rating',
  y_min: 0,
  y_max: 10,
  y_ticks: [0, 2, 4, 6, 8, 10],
  tracks: [
    {
      label: 'Call my brother each week',
      points: [
        { on: '2026-01-05', session_number: 1, x_session: 1, value: 2 },
        { on: '2026-01-28', session_number: null, x_session: 4.5, value: 6 },
      ],
    },
    { label: 'Join the choir', points: [{ on: '2026-01-19', session_number: 3, x_session: 3, value: 1 }] },
  ],
  markers: [{ kind: 'life_event', on: '2026-01-20', x_session: 3.5, label: 'Moved house' }],
  last_session: 6,
};

describe('the goal ratings and contacts chart', () => {
  it('reads out each rating with its goal, session and date, from the keyboard', async () => {
    render(TrackChartView, { chart: GOALS, by: 'session', id: 't' });
    const points = screen.getAllByRole('button');
    expect(points).toHaveLength(3);
    expect(points[0]).toHaveAttribute('tabindex', '0');
    expect(points[0].getAttribute('aria-label')).toBe(
      `Call my brother each week: Session 1, ${day('2026-01-05')}: 2 of 10`,
    );
    await fireEvent.focus(points[2]);
    expect(screen.getByText(`Join the choir: Session 3, ${day('2026-01-19')}: 1 of 10`, { selector: '.readout' })).toBeTruthy();
    // Each goal is keyed; the life event is listed in words.
    const key = screen.getByRole('list', { name: 'Key to the lines' });
    expect(within(key).getAllByRole('listitem').map((li) => li.textContent?.trim())).toEqual([
      'Call my brother each week',
      'Join the choir',
    ]);
    expect(screen.getByText(`Moved house (${day('2026-01-20')})`)).toBeTruthy();
  });

  it('gives the same values as a table', () => {
    render(TrackChartView, { chart: GOALS, by: 'date', id: 't' });
    const table = screen.getByRole('table');
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim()).join(' | '));
    expect(rows).toHaveLength(4);
    expect(rows[1]).toBe(`Call my brother each week | 1 | ${day('2026-01-05')} | 2`);
    expect(rows[2]).toBe(`Call my brother each week | — | ${day('2026-01-28')} | 6`);
    expect(screen.getByText(/Across: date\./)).toBeTruthy();
  });

  it('reads a week of social contacts as a count', () => {
    const contacts: TrackChart = {
      ...GOALS,
      kind: 'social_contacts',
      title: 'Social contacts per week',
      unit: 'contacts',
      y_max: 5,
      y_ticks: [0, 1, 2, 3, 4, 5],
      tracks: [
        {
          label: 'Contacts in the week',
          points: [{ on: '2026-01-12', session_number: 2, x_session: 2, value: 3 }],
        },
      ],
    };
    render(TrackChartView, { chart: contacts, by: 'session', id: 'c' });
    expect(screen.getByRole('button').getAttribute('aria-label')).toBe(
      `Session 2, week of ${day('2026-01-12')}: 3 contacts`,
    );
    expect(screen.queryByRole('list', { name: 'Key to the lines' })).toBeNull();
  });
});
