import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { OutcomesFilter } from '../../lib/bindings/OutcomesFilter';
import type { PracticeOutcomes } from '../../lib/bindings/PracticeOutcomes';
import type { Share } from '../../lib/bindings/Share';
import { ipcError, routeInvoke } from '../../test/ipc';
import Outcomes from './Outcomes.svelte';

const invokeMock = vi.mocked(invoke);

function share(over: Partial<Share>): Share {
  return {
    kind: 'response',
    label: 'Response',
    met: 7,
    of: 12,
    of_what: 'courses with a PHQ-9 baseline of 10 or more',
    percent: 58,
    interval: [32, 81],
    few: false,
    rule: 'Response: a fall of at least 50% from a PHQ-9 baseline of at least 10',
    ...over,
  };
}

function outcomes(filter: OutcomesFilter): PracticeOutcomes {
  return {
    filter,
    concluded: 12,
    ended_early: filter.include_ended_early ? 2 : 0,
    unmeasured: 1,
    years: [2026, 2025],
    few_below: 10,
    groups: [
      {
        key: { by: 'all' },
        courses: 14,
        instruments: [
          {
            instrument: 'phq9',
            name: 'PHQ-9',
            courses: 13,
            shares: [
              share({}),
              share({
                kind: 'recovery',
                label: 'Recovery (with GAD-7)',
                met: 2,
                of: 3,
                of_what: 'courses with PHQ-9 and GAD-7 each given twice, a case at baseline on either',
                percent: 67,
                interval: [21, 94],
                few: true,
                rule: 'Recovery (NHS Talking Therapies): …',
              }),
            ],
          },
        ],
      },
      { key: { by: 'condition', value: 'ptsd' }, courses: 1, instruments: [] },
      { key: { by: 'area', value: 'grief' }, courses: 4, instruments: [] },
    ],
  };
}

describe('Outcomes across the practice', () => {
  let asked: OutcomesFilter[];

  beforeEach(() => {
    asked = [];
    invokeMock.mockReset();
    routeInvoke(invokeMock, {
      practice_outcomes: (args) => {
        const filter = args.filter as OutcomesFilter;
        asked.push(filter);
        return outcomes(filter);
      },
    });
  });

  it('shows each share with the counts behind it, its interval and a mark when few', async () => {
    render(Outcomes);
    expect(await screen.findByText(/14 courses ended: 12 concluded as planned, 2 ended early\./)).toBeTruthy();
    const practice = screen.getByRole('region', { name: 'The whole practice' });
    const rows = within(practice).getAllByRole('row');
    expect(rows[1].textContent).toContain('PHQ-9');
    expect(rows[1].textContent).toContain('58%');
    expect(rows[1].textContent).toContain('7 of 12 courses with a PHQ-9 baseline of 10 or more');
    expect(rows[1].textContent).toContain('32–81%');
    expect(rows[1].textContent).not.toContain('few');
    expect(rows[2].textContent).toContain('Recovery (with GAD-7)');
    expect(rows[2].textContent).toContain('few');
    // By default only the whole practice; the groups on request.
    expect(screen.queryByRole('region', { name: 'Grief' })).toBeNull();
    await fireEvent.click(screen.getByLabelText('By problem area'));
    expect(screen.getByRole('region', { name: 'Grief' }).textContent).toContain(
      'No measure was given twice in these courses',
    );
    expect(screen.queryByRole('region', { name: 'The whole practice' })).toBeNull();
  });

  it('counts again for concluded courses only or one year', async () => {
    render(Outcomes);
    await screen.findByText(/14 courses ended/);
    expect(asked).toEqual([{ include_ended_early: true, year: null }]);
    await fireEvent.click(screen.getByLabelText('Include courses that ended early'));
    expect(await screen.findByText(/12 courses concluded as planned \(courses that ended early/)).toBeTruthy();
    const year = screen.getByLabelText('Courses that ended in') as HTMLSelectElement;
    year.value = '2025';
    await fireEvent.change(year);
    expect(await screen.findByText(/concluded as planned in 2025/)).toBeTruthy();
    expect(asked[asked.length - 1]).toEqual({ include_ended_early: false, year: 2025 });
  });

  it('says what went wrong and offers to try again', async () => {
    routeInvoke(invokeMock, {
      practice_outcomes: () => {
        throw ipcError('locked', 'The vault is locked.');
      },
    });
    render(Outcomes);
    expect((await screen.findByRole('alert')).textContent).toContain('The vault is locked.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
