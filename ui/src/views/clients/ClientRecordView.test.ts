import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  listClients: vi.fn(),
  similarClients: vi.fn(),
  createClient: vi.fn(),
  clientRecord: vi.fn(),
  editClient: vi.fn(),
  startNote: vi.fn(),
  openNote: vi.fn(),
}));
vi.mock('./tasks/WorkAtHome.svelte', () => import('../../test/fixtures/TasksStub.svelte'));
vi.mock('./tasks/TasksPanel.svelte', () => import('../../test/fixtures/TasksStub.svelte'));

import * as api from '../../lib/api';
import { ApiError } from '../../lib/api';
import { day, time } from '../../lib/labels';
import { app } from '../../lib/state.svelte';
import { DRAFT_SESSION_ID, noteView, notesRecord } from '../../test/fixtures/notes';
import {
  IMG_NAME,
  SCRIPT_NAME,
  sampleCourse,
  sampleProgress,
  sampleRecord,
  sampleSafetyPlan,
  sampleSummaries,
} from '../../test/fixtures/record';
import ClientRecordView from './ClientRecordView.svelte';
import Clients from './Clients.svelte';
import RecordHeader from './RecordHeader.svelte';

const clientRecord = vi.mocked(api.clientRecord);
const editClient = vi.mocked(api.editClient);
const listClients = vi.mocked(api.listClients);
const startNote = vi.mocked(api.startNote);
const openNote = vi.mocked(api.openNote);

function header(overrides: Parameters<typeof sampleRecord>[0] = {}) {
  const props = {
    record: sampleRecord(overrides),
    edit: vi.fn(),
    onsafetyplan: vi.fn(),
    oncourse: vi.fn(),
  };
  const view = render(RecordHeader, props);
  return { ...props, ...view };
}

beforeEach(() => {
  clientRecord.mockReset();
  editClient.mockReset();
  listClients.mockReset();
  startNote.mockReset();
  openNote.mockReset();
  app.reset();
  clientRecord.mockResolvedValue(sampleRecord());
  listClients.mockResolvedValue(sampleSummaries());
});

describe('record header', () => {
  it('shows who the client is and where the course stands', () => {
    header();
    expect(screen.getByRole('heading', { name: 'Maria Jensen (Mia)' })).toBeInTheDocument();
    expect(screen.getByText('Active')).toBeInTheDocument();
    expect(screen.getByText('Major depression')).toBeInTheDocument();
    // The next session, with the sessions left after it by the contract's rule: the no-show
    // counted, the cancellation rebooked.
    expect(screen.getByText('Next: session 6')).toBeInTheDocument();
    expect(screen.getByText('of 16 · 9 left, 1 missed · 1 rebooked')).toBeInTheDocument();
    expect(screen.getByText('Middle phase')).toBeInTheDocument();
    expect(screen.getByText(`9 weeks left · planned end ${day('2026-04-21')}`)).toBeInTheDocument();
    expect(screen.getByText(`${day('2026-02-24')} at ${time('2026-02-24', '10:00')}`)).toBeInTheDocument();
    expect(screen.queryByText(/Conclusion work is due/)).toBeNull();
  });

  it('shows both numbers for a session held today, with two no-shows and a rebooked cancellation', () => {
    const progress = sampleProgress({ held: 9, missed: 2, rebooked: 1, current: 9, held_today: true, left: 5 });
    header({ courses: [sampleCourse({ progress })] });
    expect(screen.getByText('Session 9')).toBeInTheDocument();
    expect(screen.getByText('of 16 · 5 left, 2 missed · 1 rebooked')).toBeInTheDocument();
  });

  it('prompts for conclusion work early when missed sessions have used up the plan', () => {
    const progress = sampleProgress({
      held: 10,
      missed: 2,
      rebooked: 0,
      current: 11,
      left: 3,
      phase: 'middle',
      derived_phase: 'middle',
      conclusion_due: true,
      weeks_remaining: 5,
    });
    header({ courses: [sampleCourse({ progress })] });
    expect(screen.getByText('Next: session 11')).toBeInTheDocument();
    expect(screen.getByText('of 16 · 3 left, 2 missed')).toBeInTheDocument();
    expect(screen.getByText('Middle phase')).toBeInTheDocument();
    expect(screen.getByText(/Conclusion work is due/).closest('p')?.textContent?.replace(/\s+/g, ' ')).toBe(
      'Conclusion work is due. 3 sessions of the plan are left after session 11 (2 missed counted against it), ' +
        `and the planned end (${day('2026-04-21')}) is 5 weeks away. ` +
        'Raise the ending, review the gains, and plan for relapse prevention and maintenance.',
    );
  });

  it('says when the planned end has passed and the plan is used up', async () => {
    const progress = sampleProgress({
      held: 15,
      missed: 2,
      current: 15,
      left: 0,
      beyond_plan: true,
      conclusion_due: true,
      weeks_remaining: 0,
      past_planned_end: true,
    });
    const { oncourse } = header({ courses: [sampleCourse({ progress })] });
    expect(screen.getByText('Last held: session 15')).toBeInTheDocument();
    expect(screen.getByText(`planned end ${day('2026-04-21')} passed`)).toBeInTheDocument();
    expect(screen.getByText(/The plan is used up/)).toHaveTextContent(
      'The plan is used up: 15 held and 2 missed against 16 planned. Renegotiate if the course continues.',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Open the Course tab' }));
    expect(oncourse).toHaveBeenCalled();
  });

  it('marks a phase set by the practitioner, with the derived one in its title', () => {
    const progress = sampleProgress({ phase: 'initial', derived_phase: 'middle', phase_overridden: true });
    header({ courses: [sampleCourse({ progress })] });
    expect(screen.getByText('Initial phase (set by you)')).toHaveAttribute(
      'title',
      'The count and the calendar give: Middle phase',
    );
  });

  it('reaches the safety plan in one click and flags an overdue review', async () => {
    const { onsafetyplan } = header({ safety_plan: sampleSafetyPlan({ review_on: '2026-02-01' }) });
    expect(screen.getByText(`review overdue (due ${day('2026-02-01')})`)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Safety plan' }));
    expect(onsafetyplan).toHaveBeenCalled();
  });

  it('does not flag a review that is not yet due', () => {
    header();
    expect(screen.queryByText(/review overdue/)).toBeNull();
  });

  it('offers to set up a course when there is none', async () => {
    const { oncourse } = header({ courses: [] });
    expect(screen.getByText('No course of IPT yet.')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Set up a course' }));
    expect(oncourse).toHaveBeenCalled();
  });

  it('shows an archived client clearly and brings them back', async () => {
    const { edit } = header({ client: { status: 'archived' } });
    edit.mockResolvedValue(sampleRecord());
    expect(screen.getByText('Archived.')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Bring back' }));
    expect(edit).toHaveBeenCalledWith({ op: 'unarchive' });
  });

  it('shows a refused bring-back', async () => {
    const { edit } = header({ client: { status: 'archived' } });
    edit.mockRejectedValue(new ApiError({ code: 'invalid', message: 'The client is not archived.', field: 'status' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Bring back' }));
    expect(await screen.findByText('The client is not archived.')).toBeInTheDocument();
  });

  it('shows names that look like markup as text', () => {
    const { container } = header({ client: { full_name: SCRIPT_NAME, preferred_name: IMG_NAME } });
    expect(screen.getByRole('heading', { name: `${SCRIPT_NAME} (${IMG_NAME})` })).toBeInTheDocument();
    expect(container.querySelector('script, img')).toBeNull();
  });
});

describe('client record', () => {
  async function openRecord() {
    const onclose = vi.fn();
    render(ClientRecordView, { clientId: 7, onclose });
    await screen.findByRole('tablist');
    return { onclose };
  }

  it('loads the record, puts the keyboard on the name, and shows the Details tab', async () => {
    await openRecord();
    expect(clientRecord).toHaveBeenCalledWith(7);
    expect(screen.getByRole('heading', { name: 'Maria Jensen (Mia)' })).toHaveFocus();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual([
      'Details',
      'Sessions & notes',
      'Course',
      'Measures & progress',
      'Inventory & circle',
      'Worksheets',
      'Formulation',
      'Problem areas & goals',
      'Timeline',
      'Medication',
      'Safety plan',
      'Conclusion',
    ]);
    const details = screen.getByRole('tab', { name: 'Details' });
    expect(details).toHaveAttribute('aria-selected', 'true');
    expect(details).toHaveAttribute('tabindex', '0');
    expect(screen.getByRole('tab', { name: 'Course' })).toHaveAttribute('tabindex', '-1');
    const panel = screen.getByRole('tabpanel');
    expect(panel.id).toBe(details.getAttribute('aria-controls'));
    expect(within(panel).getByRole('heading', { name: 'Client details' })).toBeInTheDocument();
  });

  it('moves between tabs with the arrow keys, Home and End', async () => {
    await openRecord();
    const tab = (name: string) => screen.getByRole('tab', { name });
    await fireEvent.keyDown(tab('Details'), { key: 'ArrowRight' });
    await waitFor(() => expect(tab('Sessions & notes')).toHaveFocus());
    await fireEvent.keyDown(tab('Sessions & notes'), { key: 'ArrowRight' });
    await waitFor(() => expect(tab('Course')).toHaveFocus());
    expect(tab('Course')).toHaveAttribute('aria-selected', 'true');
    expect(tab('Course')).toHaveAttribute('tabindex', '0');
    expect(tab('Details')).toHaveAttribute('tabindex', '-1');
    expect(screen.getByRole('tabpanel').id).toBe('record-panel-course');

    await fireEvent.keyDown(tab('Course'), { key: 'End' });
    await waitFor(() => expect(tab('Conclusion')).toHaveFocus());
    await fireEvent.keyDown(tab('Conclusion'), { key: 'ArrowRight' });
    await waitFor(() => expect(tab('Details')).toHaveFocus());
    await fireEvent.keyDown(tab('Details'), { key: 'ArrowLeft' });
    await waitFor(() => expect(tab('Conclusion')).toHaveFocus());
    await fireEvent.keyDown(tab('Conclusion'), { key: 'Home' });
    await waitFor(() => expect(tab('Details')).toHaveFocus());
    expect(tab('Details')).toHaveAttribute('aria-selected', 'true');
  });

  it('opens the Safety plan tab from the header', async () => {
    await openRecord();
    await fireEvent.click(screen.getByRole('button', { name: 'Safety plan' }));
    const tab = screen.getByRole('tab', { name: 'Safety plan' });
    expect(tab).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(tab).toHaveFocus());
  });

  it('applies edits through the core and shows the record as saved', async () => {
    editClient.mockResolvedValue(sampleRecord({ client: { full_name: 'Maria Jensen-Holm' } }));
    await openRecord();
    await fireEvent.click(screen.getByRole('button', { name: 'Edit details' }));
    await fireEvent.input(screen.getByLabelText('Full name', { exact: false }), {
      target: { value: 'Maria Jensen-Holm' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save details' }));
    expect(await screen.findByRole('heading', { name: 'Maria Jensen-Holm (Mia)' })).toBeInTheDocument();
    expect(editClient).toHaveBeenCalledWith(7, expect.objectContaining({ op: 'update_client' }));
  });

  it('opens at the tab and session another screen asks for', async () => {
    clientRecord.mockResolvedValue(notesRecord());
    openNote.mockResolvedValue(noteView());
    render(ClientRecordView, {
      clientId: 7,
      onclose: vi.fn(),
      request: { clientId: 7, tab: 'sessions', sessionId: DRAFT_SESSION_ID, start: false, serial: 1 },
    });
    expect(await screen.findByRole('heading', { name: 'Session 5 of 16' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Sessions & notes' })).toHaveAttribute('aria-selected', 'true');
    expect(openNote).toHaveBeenCalledWith(7, DRAFT_SESSION_ID);
  });

  it('starts today’s note from anywhere in the record with Ctrl+Shift+N, then re-reads the record', async () => {
    startNote.mockResolvedValue(noteView());
    await openRecord();
    expect(clientRecord).toHaveBeenCalledTimes(1);
    await fireEvent.keyDown(screen.getByRole('tab', { name: 'Details' }), { key: 'N', ctrlKey: true, shiftKey: true });
    expect(screen.getByRole('tab', { name: 'Sessions & notes' })).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByRole('heading', { name: 'Session 5 of 16' })).toBeInTheDocument();
    expect(startNote).toHaveBeenCalledWith(7, null);
    await waitFor(() => expect(clientRecord).toHaveBeenCalledTimes(2));
  });

  it('says when the record cannot be opened', async () => {
    clientRecord.mockRejectedValue(new ApiError({ code: 'not_found', message: 'The client was not found.', field: null }));
    const onclose = vi.fn();
    render(ClientRecordView, { clientId: 99, onclose });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The client was not found.');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Back to all clients' }));
    expect(onclose).toHaveBeenCalled();
  });
});

describe('clients screen', () => {
  it('opens a record from the list and goes back with the link or Escape', async () => {
    render(Clients);
    expect(screen.getByRole('heading', { level: 1, name: 'Clients' })).toHaveFocus();
    await fireEvent.click(await screen.findByRole('button', { name: 'Maria Jensen (Mia)' }));
    expect(await screen.findByRole('tablist')).toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: '← All clients' }));
    const row = await screen.findByRole('button', { name: 'Maria Jensen (Mia)' });
    await waitFor(() => expect(row).toHaveFocus());

    await fireEvent.click(row);
    await screen.findByRole('tablist');
    // Escape typed inside a field belongs to the field, not to the screen.
    await fireEvent.click(screen.getByRole('button', { name: 'Edit details' }));
    await fireEvent.keyDown(screen.getByLabelText('Pronouns'), { key: 'Escape' });
    expect(screen.getByRole('tablist')).toBeInTheDocument();

    await fireEvent.keyDown(screen.getByRole('tab', { name: 'Details' }), { key: 'Escape' });
    expect(await screen.findByRole('button', { name: 'Add client' })).toBeInTheDocument();
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('opens the record another screen asks for, at its tab', async () => {
    clientRecord.mockResolvedValue(notesRecord());
    openNote.mockResolvedValue(noteView());
    render(Clients);
    await screen.findByRole('button', { name: 'Maria Jensen (Mia)' });
    app.openRecord(7, 'sessions', DRAFT_SESSION_ID);
    expect(await screen.findByRole('heading', { name: 'Session 5 of 16' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Sessions & notes' })).toHaveAttribute('aria-selected', 'true');

    // Asking again for the record already open goes to the new place in it.
    app.openRecord(7, 'safety');
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: 'Safety plan' })).toHaveAttribute('aria-selected', 'true'),
    );

    await fireEvent.click(screen.getByRole('button', { name: '← All clients' }));
    expect(await screen.findByRole('button', { name: 'Add client' })).toBeInTheDocument();
  });

  it('goes from the list to the new-client form and back', async () => {
    render(Clients);
    await fireEvent.click(await screen.findByRole('button', { name: 'Add client' }));
    expect(screen.getByRole('heading', { name: 'Add a client' })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('table')).toBeInTheDocument();
  });
});
