import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { ApiError } from '../../../lib/api';
import { day } from '../../../lib/labels';
import { clinicalRecord, emptyClinicalRecord, hostileRecord } from '../../../test/fixtures/clinical';
import { IMG_NAME, SCRIPT_NAME } from '../../../test/fixtures/record';
import { input, labelled, refusingEdit, renderTab } from '../../../test/fixtures/tab';
import SafetyTab from './SafetyTab.svelte';

describe('safety tab', () => {
  it('shows the plan as the client would read it, line breaks kept', () => {
    const record = clinicalRecord();
    const { container } = renderTab(SafetyTab, record);
    const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent?.trim());
    expect(headings).toEqual([
      '1. Signs that a crisis may be building',
      '2. What I can do by myself to get through',
      '3. People and places that help me switch off',
      '4. People I can turn to for help',
      '5. Professionals and crisis lines',
      '6. Making where I am safer',
    ]);
    const words = [...container.querySelectorAll('.words')];
    expect(words[0].textContent).toBe('Not answering the phone.\nStaying in bed past noon.');
    expect(words[0].querySelector('br')).toBeNull();
    expect(screen.getByText('Phone notes and the fridge door')).toBeInTheDocument();
    expect(screen.getByText(/Last updated/)).toBeInTheDocument();
    // Read view first: no form until asked for.
    expect(screen.queryByRole('textbox')).toBeNull();
  });

  it('keeps earlier versions of the plan, dated, below the current one', async () => {
    const record = clinicalRecord();
    record.safety_plan!.earlier = [
      {
        warning_signs: 'Not answering the phone.',
        own_strategies: null,
        distractions: null,
        people_to_ask: 'Mum',
        professionals: null,
        safe_surroundings: null,
        kept_where: 'Wallet',
        review_on: null,
        saved_at: '2024-01-10T10:00:00Z',
      },
    ];
    renderTab(SafetyTab, record);
    const earlier = screen.getByText('Earlier versions (1)');
    await fireEvent.click(earlier);
    const version = screen.getByRole('region', { name: /The plan as saved/ });
    expect(within(version).getByText('Wallet')).toBeInTheDocument();
    expect(within(version).getByText('Mum')).toBeInTheDocument();
  });

  it('keeps the relapse warning signs apart from the crisis plan, each save a new version', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(SafetyTab, record);
    expect(screen.getByText(/This is not the\s+crisis plan above/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Write the warning signs' }));
    await fireEvent.input(screen.getByLabelText(labelled('Early warning signs')), {
      target: { value: 'Waking at 4 a.m.; cancelling plans.' },
    });
    await fireEvent.input(screen.getByLabelText(labelled('Whom they will contact')), {
      target: { value: 'Lucia; Dr Okafor.' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save warning signs' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'save_relapse_plan',
      plan: {
        warning_signs: 'Waking at 4 a.m.; cancelling plans.',
        what_to_do: null,
        whom_to_contact: 'Lucia; Dr Okafor.',
      },
    });
  });

  it('shows the current warning signs and earlier versions', async () => {
    const record = clinicalRecord();
    record.relapse_plans = [
      {
        version: 2,
        warning_signs: 'Waking at 4 a.m.',
        what_to_do: 'Call Lucia.',
        whom_to_contact: null,
        recorded_at: '2024-03-01T10:00:00Z',
      },
      {
        version: 1,
        warning_signs: 'Sleeping badly.',
        what_to_do: null,
        whom_to_contact: null,
        recorded_at: '2024-02-20T10:00:00Z',
      },
    ];
    renderTab(SafetyTab, record);
    expect(screen.getByText('Waking at 4 a.m.')).toBeInTheDocument();
    expect(screen.getByText(/Version 2, saved/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Revise' })).toBeInTheDocument();
    await fireEvent.click(screen.getByText('Earlier versions (1)'));
    expect(within(screen.getByRole('region', { name: 'Version 1' })).getByText('Sleeping badly.')).toBeInTheDocument();
  });

  it('warns when the review date has passed', () => {
    const record = clinicalRecord();
    renderTab(SafetyTab, record);
    expect(screen.getByText('Review overdue.')).toBeInTheDocument();
    expect(screen.getByText(new RegExp(`reviewed by ${day('2024-05-01')}`))).toBeInTheDocument();
  });

  it('does not warn before the review date', () => {
    const record = clinicalRecord();
    record.safety_plan!.review_on = '2024-09-01';
    renderTab(SafetyTab, record);
    expect(screen.queryByText('Review overdue.')).toBeNull();
  });

  it('invites writing a plan when there is none', () => {
    const record = emptyClinicalRecord();
    renderTab(SafetyTab, record);
    expect(screen.getByText(/No safety plan yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Write the safety plan' })).toBeInTheDocument();
  });

  it('saves the six parts, where it is kept and the review date', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(SafetyTab, record);
    await fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const first = screen.getByLabelText(labelled('1. Signs that a crisis may be building'));
    expect(first).toHaveFocus();
    await input(first, 'Not answering the phone.\nSkipping meals.');
    await input(screen.getByLabelText(labelled('6. Making where I am safer')), '   ');
    await input(screen.getByLabelText('Review the plan by'), '2024-09-01');
    await fireEvent.click(screen.getByRole('button', { name: 'Save safety plan' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'save_safety_plan',
      plan: {
        warning_signs: 'Not answering the phone.\nSkipping meals.',
        own_strategies: 'Walk to the park.\nPlay the piano.',
        distractions: 'The choir; the café on Bridge Street.',
        people_to_ask: 'Lucia: 07700 900123',
        professionals: 'Dr Okafor: 020 7946 0001\nCrisis line: 0800 000 000',
        safe_surroundings: null,
        kept_where: 'Phone notes and the fridge door',
        review_on: '2024-09-01',
      },
    });
    expect(await screen.findByText('Safety plan saved.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit' })).toHaveFocus();
  });

  it('keeps the typed plan and shows a refused review date next to its field', async () => {
    const record = clinicalRecord();
    renderTab(SafetyTab, record, refusingEdit('review_on', '2024-02-30 is not a real date.'));
    await fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const people = screen.getByLabelText(labelled('4. People I can turn to for help')) as HTMLTextAreaElement;
    await input(people, 'Lucia\nPriya');
    await fireEvent.click(screen.getByRole('button', { name: 'Save safety plan' }));
    const message = await screen.findByText('2024-02-30 is not a real date.');
    expect(screen.getByLabelText('Review the plan by').getAttribute('aria-describedby')).toContain(message.id);
    expect(people.value).toBe('Lucia\nPriya');
    expect(screen.getByRole('button', { name: 'Save safety plan' })).toBeEnabled();
  });

  it('shows a general refusal above the buttons', async () => {
    const record = clinicalRecord();
    const edit = vi.fn(async () => {
      throw new ApiError({ code: 'database', message: 'The vault could not be written.', field: null });
    });
    render(SafetyTab, { record, edit });
    await fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save safety plan' }));
    expect(await screen.findByText(/The vault could not be written\. Nothing was lost/)).toBeInTheDocument();
  });

  it('disables saving while the save runs', async () => {
    const record = clinicalRecord();
    let finish: (value: typeof record) => void = () => {};
    const edit = vi.fn(() => new Promise<typeof record>((resolve) => (finish = resolve)));
    render(SafetyTab, { record, edit });
    await fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save safety plan' }));
    const busy = screen.getByRole('button', { name: 'Saving…' });
    expect(busy).toBeDisabled();
    expect(busy).toHaveAttribute('aria-busy', 'true');
    finish(record);
    expect(await screen.findByText('Safety plan saved.')).toBeInTheDocument();
  });

  it('shows markup in the plan as plain text', () => {
    const record = hostileRecord();
    const { container } = renderTab(SafetyTab, record);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(`${SCRIPT_NAME} ${IMG_NAME}`)).toBeInTheDocument();
    const about = container.querySelector('.about') as HTMLElement;
    expect(within(about).getByText(IMG_NAME)).toBeInTheDocument();
  });
});
