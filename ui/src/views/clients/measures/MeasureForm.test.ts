import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { Administration } from '../../../lib/bindings/Administration';
import type { Answer } from '../../../lib/bindings/Answer';
import type { Definition } from '../../../lib/bindings/Definition';
import { administration } from '../../../test/fixtures/measures';
import { ipcError, routeInvoke } from '../../../test/ipc';
import MeasureForm from './MeasureForm.svelte';

// A two-item instrument of the PHQ-9's shape: enough to drive the form.
const DEF: Definition = {
  instrument: 'phq9',
  code: 'phq9',
  name: 'PHQ-9',
  measures: 'Depression',
  period: 'the past 2 weeks',
  rater: 'self_report',
  stem: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [1, 9].map((number) => ({
    number,
    label: number === 9 ? 'Thoughts of death or self-harm' : 'Little interest or pleasure',
    text: null,
    values: { kind: 'rating', min: 0, max: 3, not_assessed: null, not_applicable: false },
    options: ['Not at all', 'Several days', 'More than half the days', 'Nearly every day'],
    unscored: false,
  })),
  total: { kind: 'sum' },
  total_range: [0, 27],
  decimals: 0,
  groups: [],
  bands: [],
  bands_rule: '',
  flags: [],
  cluster_rule: null,
  citation: 'Kroenke 2001',
  licence: 'Free to reproduce.',
  rci: null,
  handable: false,
};

function admin(responses: (Answer | null)[], overrides: Partial<Administration> = {}): Administration {
  const given = responses.filter((r): r is number => typeof r === 'number');
  return administration(
    { responses, ...overrides },
    {
      complete: !responses.includes(null),
      running: given.reduce((a, b) => a + b, 0),
      running_band: 'Minimal',
    },
  );
}

describe('giving a measure in session', () => {
  it('takes an answer by its digit key, saves it at once and moves to the next item', async () => {
    const answered: unknown[] = [];
    routeInvoke(invoke, {
      answer_item: (args) => {
        answered.push(args);
        return admin([2, null]);
      },
    });
    const onchange = vi.fn();
    render(MeasureForm, {
      clientId: 3,
      administration: admin([null, null]),
      definition: DEF,
      today: '2026-02-20',
      onchange,
      ondiscard: vi.fn(),
    });
    const first = screen.getByRole('radiogroup', { name: /Little interest or pleasure/ });
    await fireEvent.keyDown(first, { key: '2' });
    await waitFor(() => expect(onchange).toHaveBeenCalled());
    expect(answered).toEqual([{ clientId: 3, administrationId: 7, item: 1, answer: 2 }]);
    // The next item's first choice now has the focus.
    await waitFor(() =>
      expect(document.activeElement?.getAttribute('name')).toBe('measure-7-item-9'),
    );
  });

  it('shows the running total, and a flag whatever the total', () => {
    const flagged = admin([0, 1]);
    flagged.score.flags = [
      { item: 9, value: 1, label: 'Thoughts of death or self-harm', rule: 'PHQ-9 item 9 above 0' },
    ];
    render(MeasureForm, {
      clientId: 3,
      administration: flagged,
      definition: DEF,
      today: '2026-02-20',
      onchange: vi.fn(),
      ondiscard: vi.fn(),
    });
    expect(screen.getByText(/so far 1/)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/Item 9 .* answered 1: assess risk/);
  });

  it('names the item an answer was refused for, next to it', async () => {
    routeInvoke(invoke, {
      answer_item: () => {
        throw ipcError('invalid', 'PHQ-9 item 1 must be from 0 to 3; 4 was given.', 'item_1');
      },
    });
    render(MeasureForm, {
      clientId: 3,
      administration: admin([null, null]),
      definition: DEF,
      today: '2026-02-20',
      onchange: vi.fn(),
      ondiscard: vi.fn(),
    });
    await fireEvent.click(screen.getAllByRole('radio')[3]);
    expect((await screen.findByRole('alert')).textContent).toContain('item 1 must be');
  });
});
