import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Chart } from '../../../lib/bindings/Chart';
import ProgressChart from './ProgressChart.svelte';

const CHART: Chart = {
  instrument: 'phq9',
  title: 'PHQ-9: depression',
  y_min: 0,
  y_max: 27,
  y_ticks: [0, 5, 10, 15, 20, 25],
  decimals: 0,
  bands: [
    { from: 0, to: 4, label: 'Minimal', level: 0 },
    { from: 5, to: 9, label: 'Mild', level: 1 },
    { from: 10, to: 14, label: 'Moderate', level: 2 },
    { from: 15, to: 19, label: 'Moderately severe', level: 3 },
    { from: 20, to: 27, label: 'Severe', level: 4 },
  ],
  bands_rule: 'PHQ-9 severity',
  points: [
    {
      administration_id: 1,
      session_id: 1,
      session_number: 1,
      x_session: 1,
      given_on: '2026-01-05',
      value: 18,
      value_text: '18',
      band: 'Moderately severe',
      band_level: 3,
      flagged: true,
      corrects: null,
    },
    {
      administration_id: 3,
      session_id: 4,
      session_number: 4,
      x_session: 4,
      given_on: '2026-01-26',
      value: 9,
      value_text: '9',
      band: 'Mild',
      band_level: 1,
      flagged: false,
      corrects: 2,
    },
  ],
  markers: [{ kind: 'phase', on: '2026-01-26', x_session: 3.5, label: 'Middle phase' }],
  last_session: 4,
};

describe('the progress chart', () => {
  it('makes each score reachable by keyboard, read out with its band and flag', async () => {
    render(ProgressChart, { chart: CHART, by: 'session', id: 't' });
    const points = screen.getAllByRole('button');
    expect(points).toHaveLength(2);
    expect(points[0]).toHaveAttribute('tabindex', '0');
    expect(points[0].getAttribute('aria-label')).toMatch(
      /Session 1, .*: 18 \(Moderately severe\); an item was flagged/,
    );
    expect(points[1].getAttribute('aria-label')).toMatch(/a corrected form/);
    await fireEvent.focus(points[1]);
    expect(screen.getByText(/Session 4, .*: 9 \(Mild\)/, { selector: '.readout' })).toBeTruthy();
    expect(screen.getByText(/Middle phase/, { selector: 'li' })).toBeTruthy();
  });

  it('holds the same scores in a table', () => {
    render(ProgressChart, { chart: CHART, by: 'date', id: 't' });
    const table = screen.getByRole('table', { name: /PHQ-9: depression, oldest first/ });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1].textContent).toContain('Flagged item');
    expect(rows[2].textContent).toContain('9 (corrected form)');
    expect(screen.getByText(/Across: date\./)).toBeTruthy();
  });
});
