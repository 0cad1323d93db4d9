import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

// Nothing here may reach Tauri; the tab talks only to its `edit` prop.
vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { day, month } from '../../../lib/labels';
import { PEOPLE, clinicalRecord, emptyClinicalRecord, hostileRecord } from '../../../test/fixtures/clinical';
import { IMG_NAME, SCRIPT_NAME } from '../../../test/fixtures/record';
import { choose, input, labelled, refusingEdit, renderTab } from '../../../test/fixtures/tab';
import { phq9Given } from '../../../test/fixtures/measures';
import TimelineTab from './TimelineTab.svelte';

function events() {
  return screen.getAllByRole('listitem').filter((li) => li.classList.contains('event'));
}

async function type(
  label: string,
  value: string,
  scope: Pick<typeof screen, 'getByLabelText'> = screen,
) {
  await input(scope.getByLabelText(labelled(label)), value);
}

describe('timeline tab', () => {
  it('puts the measures\' scores on the same axis, a corrected or incomplete form left out', () => {
    const record = clinicalRecord();
    record.administrations = [
      phq9Given(1, '2024-01-10', 18, 'Moderately severe', 3),
      { ...phq9Given(2, '2024-02-10', 12, 'Moderate', 2), corrected_by: 3 },
      { ...phq9Given(3, '2024-02-10', 13, 'Moderate', 2), corrects: 2 },
      { ...phq9Given(4, '2024-03-10', 6, 'Mild', 1), status: 'incomplete' },
      phq9Given(5, '2024-04-10', 7, 'Mild', 1),
    ];
    const { container } = renderTab(TimelineTab, record);
    const label = screen.getByRole('img').getAttribute('aria-label') ?? '';
    expect(label).toContain(`PHQ9 given 3 times, from 18 on ${day('2024-01-10')} to 7 on ${day('2024-04-10')}.`);
    const marks = container.querySelectorAll('svg[role="img"] .score');
    expect(marks).toHaveLength(3);
    expect([...marks].map((m) => m.querySelector('title')?.textContent)).toEqual([
      `${day('2024-01-10')} · PHQ9 18 · Moderately severe`,
      `${day('2024-02-10')} · PHQ9 13 · Moderate`,
      `${day('2024-04-10')} · PHQ9 7 · Mild`,
    ]);
    expect(screen.getByText(/A measure's score, shaded by its band/)).toBeInTheDocument();
  });

  it('lists every event in date order with its details', () => {
    const record = clinicalRecord();
    renderTab(TimelineTab, record);
    const items = events();
    expect(items).toHaveLength(4);
    const first = within(items[0]);
    expect(first.getByText(month('2023-09'))).toBeInTheDocument();
    expect(first.getByText('approx.')).toBeInTheDocument();
    expect(first.getByText('Moved flat with João')).toBeInTheDocument();
    const second = within(items[1]);
    expect(second.getByText(day('2023-11-02'))).toBeInTheDocument();
    expect(second.getByText('Loss')).toBeInTheDocument();
    expect(second.getByText('Symptoms began')).toBeInTheDocument();
    expect(second.getByText('2/10')).toBeInTheDocument();
    expect(second.getByText('Elena')).toBeInTheDocument();
    expect(second.getByText('Grief')).toBeInTheDocument();
    expect(within(items[2]).getByText('João, Lucia')).toBeInTheDocument();
    expect(within(items[3]).getByText('Symptoms eased')).toBeInTheDocument();
  });

  it('draws the time axis as an image with a summary and a key', () => {
    const record = clinicalRecord();
    const { container } = renderTab(TimelineTab, record);
    const axis = screen.getByRole('img');
    const label = axis.getAttribute('aria-label') ?? '';
    expect(label).toContain('4 life events');
    expect(label).toContain(`Symptoms began: ${day('2023-11-02')}`);
    expect(label).toContain('from 2 to 6 out of 10');
    expect(container.querySelectorAll('svg[role="img"] .event')).toHaveLength(4);
    expect(container.querySelectorAll('svg[role="img"] .mood-point')).toHaveLength(4);
    expect(container.querySelectorAll('svg[role="img"] .hollow')).toHaveLength(1);
    expect(screen.getByText('Only the month is known')).toBeInTheDocument();
    const years = [...container.querySelectorAll('svg[role="img"] .tick-label')].map((t) => t.textContent);
    expect(years).toEqual(['2023', '2024']);
  });

  it('says what to do when there are no events', () => {
    const record = emptyClinicalRecord();
    renderTab(TimelineTab, record);
    expect(screen.getByText(/No life events yet/)).toBeInTheDocument();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('adds an event known only by its month', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(TimelineTab, record);
    await fireEvent.click(screen.getByRole('button', { name: 'Add event' }));
    const form = within(screen.getByRole('region', { name: 'New life event' }));
    await fireEvent.click(form.getByLabelText('Only the month is known'));
    await type('Month', '2024-03', form);
    await choose(form.getByLabelText(labelled('Kind of event')), 'job_change');
    await type('What happened', '  Lost the job at the bakery  ', form);
    await type('Mood at the time (0–10)', '3', form);
    await choose(form.getByLabelText('Symptoms'), 'worsening');
    await type('Episode number', '1', form);
    await choose(form.getByLabelText('Linked problem area'), 'role_transition');
    await fireEvent.click(form.getByLabelText('Lucia (Sibling)'));
    await fireEvent.click(form.getByLabelText('João (Partner)'));
    await fireEvent.click(form.getByRole('button', { name: 'Add event' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_life_event',
      event: {
        occurred: '2024-03',
        approximate: true,
        event_type: 'job_change',
        description: 'Lost the job at the bakery',
        mood: 3,
        symptom_marker: 'worsening',
        episode_number: 1,
        area: 'role_transition',
        people: [PEOPLE.partner, PEOPLE.sister],
      },
    });
    expect(await screen.findByText('Event added.')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'New life event' })).toBeNull();
  });

  it('keeps the typed event and shows a refused date next to it', async () => {
    const record = clinicalRecord();
    renderTab(TimelineTab, record, refusingEdit('occurred', '2023-02-30 is not a real date.'));
    await fireEvent.click(screen.getByRole('button', { name: 'Add event' }));
    const form = within(screen.getByRole('region', { name: 'New life event' }));
    await type('Date', '2023-02-28', form);
    await choose(form.getByLabelText(labelled('Kind of event')), 'loss');
    await type('What happened', 'Grandfather died', form);
    await fireEvent.click(form.getByRole('button', { name: 'Add event' }));
    const message = await form.findByText('2023-02-30 is not a real date.');
    const date = form.getByLabelText(labelled('Date')) as HTMLInputElement;
    expect(date.getAttribute('aria-describedby')).toContain(message.id);
    expect(date.value).toBe('2023-02-28');
    expect((form.getByLabelText(labelled('What happened')) as HTMLTextAreaElement).value).toBe(
      'Grandfather died',
    );
  });

  it('asks for the kind of event before sending anything', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(TimelineTab, record);
    await fireEvent.click(screen.getByRole('button', { name: 'Add event' }));
    const form = within(screen.getByRole('region', { name: 'New life event' }));
    await type('Date', '2024-01-01', form);
    await fireEvent.click(form.getByRole('button', { name: 'Add event' }));
    expect(form.getByText('Choose what kind of event this was.')).toBeInTheDocument();
    expect(edit).not.toHaveBeenCalled();
  });

  it('edits an event in place', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(TimelineTab, record);
    const item = within(events()[1]);
    await fireEvent.click(item.getByRole('button', { name: /^Edit/ }));
    expect((item.getByLabelText(labelled('Date')) as HTMLInputElement).value).toBe('2023-11-02');
    expect((item.getByLabelText('Elena (Parent, died)') as HTMLInputElement).checked).toBe(true);
    await type('Mood at the time (0–10)', '1', item);
    await fireEvent.click(item.getByRole('button', { name: 'Save event' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'update_life_event',
      event_id: 42,
      event: {
        occurred: '2023-11-02',
        approximate: false,
        event_type: 'loss',
        description: 'Mother died',
        mood: 1,
        symptom_marker: 'onset',
        episode_number: 1,
        area: 'grief',
        people: [PEOPLE.mother],
      },
    });
    expect(await screen.findByText('Event saved.')).toBeInTheDocument();
  });

  it('removes an event only after confirming', async () => {
    const record = clinicalRecord();
    const { edit } = renderTab(TimelineTab, record);
    const item = within(events()[2]);
    await fireEvent.click(item.getByRole('button', { name: /^Remove/ }));
    expect(edit).not.toHaveBeenCalled();
    await fireEvent.click(item.getByRole('button', { name: 'Keep it' }));
    expect(edit).not.toHaveBeenCalled();
    await fireEvent.click(item.getByRole('button', { name: /^Remove/ }));
    await fireEvent.click(item.getByRole('button', { name: 'Remove event' }));
    expect(edit).toHaveBeenCalledWith({ op: 'remove_life_event', event_id: 43 });
    await waitFor(() => expect(screen.getByText('Event removed.')).toBeInTheDocument());
  });

  it('shows markup in event text and names as plain text', () => {
    const record = hostileRecord();
    const { container } = renderTab(TimelineTab, record);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(`${SCRIPT_NAME} ${IMG_NAME}`)).toBeInTheDocument();
    expect(screen.getAllByText(IMG_NAME).length).toBeGreaterThan(0);
    const titles = [...container.querySelectorAll('svg title')].map((t) => t.textContent ?? '');
    expect(titles.some((t) => t.includes(SCRIPT_NAME))).toBe(true);
  });
});
