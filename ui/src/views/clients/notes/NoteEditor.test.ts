import type { Place } from '../../../lib/bindings/Place';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('../tasks/WorkAtHome.svelte', () => import('../../../test/fixtures/TasksStub.svelte'));
vi.mock('../tasks/TasksPanel.svelte', () => import('../../../test/fixtures/TasksStub.svelte'));

import type { ClientRecord } from '../../../lib/bindings/ClientRecord';
import type { NoteView } from '../../../lib/bindings/NoteView';
import { flushAll } from '../../../lib/drafts';
import { formatTime, formatTimestamp } from '../../../lib/format';
import { day, time } from '../../../lib/labels';
import {
  DRAFT_NOTE_ID,
  DRAFT_SESSION_ID,
  SIGNED_NOTE_ID,
  SIGNED_SESSION_ID,
  draftNote,
  noteView,
  notesRecord,
  processNote,
  signedNote,
} from '../../../test/fixtures/notes';
import {
  CLIENT_ID,
  GOAL_IDS,
  IMG_NAME,
  SCRIPT_NAME,
  sampleCourse,
  sampleGoals,
} from '../../../test/fixtures/record';
import { acceptingEdit, choose, input, labelled } from '../../../test/fixtures/tab';
import { ipcError, routeInvoke } from '../../../test/ipc';
import SessionsTab from '../tabs/SessionsTab.svelte';

const invokeMock = vi.mocked(invoke);

type Handlers = Parameters<typeof routeInvoke>[1];

function calls(command: string): Record<string, unknown>[] {
  return invokeMock.mock.calls
    .filter(([name]) => name === command)
    .map(([, args]) => args as Record<string, unknown>);
}

function savedNotes() {
  return calls('save_note_draft').map((args) => args.note as Record<string, unknown>);
}

function lastSaved() {
  const notes = savedNotes();
  return notes[notes.length - 1];
}

/** Opens `view` on the Sessions tab as a request from elsewhere would, and waits for it. */
async function openNote(view: NoteView, handlers: Handlers = {}, record: ClientRecord = notesRecord()) {
  routeInvoke(invokeMock, {
    open_note: () => view,
    save_note_draft: () => ({ revision: 2, updated_at: '2026-02-17T11:00:00Z' }),
    save_process_note: ({ sessionId, text }) =>
      text ? processNote(sessionId as number, text as string) : null,
    ...handlers,
  });
  const edit = acceptingEdit(record);
  const reload = vi.fn(async () => {});
  const onsafetyplan = vi.fn();
  const result = render(SessionsTab, {
    record,
    edit,
    reload,
    onsafetyplan,
    request: { sessionId: view.note.session.id, serial: 1 },
  });
  await screen.findByRole('article');
  await tick();
  return { ...result, edit, reload, onsafetyplan };
}

/** Lets timers and the promises they start run, then lets the screen catch up. */
async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  await tick();
}

beforeEach(() => {
  invokeMock.mockReset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a draft note', () => {
  it('records an assessment session from the list of sessions, before any course', async () => {
    const record = notesRecord({ courses: [], notes: [], process_notes: [] });
    const edit = acceptingEdit(record);
    render(SessionsTab, { record, edit, reload: vi.fn(async () => {}), onsafetyplan: vi.fn() });
    await fireEvent.click(screen.getByRole('button', { name: 'Record an assessment session' }));
    expect(
      screen.getByText('An assessment comes before a course is agreed: it is noted, and it is not session 1 of a course.'),
    ).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Record assessment' }));
    expect(await screen.findByText('Assessment session recorded.')).toBeInTheDocument();
    expect(edit).toHaveBeenCalledWith({
      op: 'add_assessment_session',
      session: expect.objectContaining({ held_on: record.today, attendance: 'attended' }),
    });
    expect(screen.getByRole('button', { name: 'Record an assessment session' })).toHaveFocus();
  });

  it('shows an assessment before a course as such, with no number, plan or phase to choose', async () => {
    const assessment = {
      id: 90,
      course_id: null,
      purpose: 'assessment' as const,
      held_on: '2026-01-02',
      start_time: '10:00',
      duration_minutes: 60,
      format: 'in_person' as const,
      attendance: 'attended' as const,
      number: null,
      counts_against_plan: false,
    };
    const note = draftNote({
      session: assessment,
      course_id: null,
      planned: null,
      derived_phase: null,
      place: null,
      carried_plan: null,
    });
    const summary = {
      id: note.id,
      session_id: 90,
      signed_at: null,
      updated_at: note.updated_at,
      amendments: 0,
      risk_level: 'not_asked' as const,
    };
    const record = notesRecord({ assessment_sessions: [assessment] });
    await openNote(noteView(note), {}, { ...record, notes: [...record.notes, summary] });
    expect(screen.getByRole('heading', { name: 'Assessment session' })).toBeInTheDocument();
    expect(
      screen.getByText('Before a course is agreed: noted, and not counted as a session of any course.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Assessment, before a course', { selector: 'dd' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Phase')).toBeNull();
    const sessions = screen.getByRole('navigation', { name: 'Sessions' });
    expect(within(sessions).getByText('Assessment', { selector: '.label' })).toBeInTheDocument();
    expect(within(sessions).getByText('Assessment, before a course')).toBeInTheDocument();
  });

  it('shows which session it is, the carried plan and the next appointment', async () => {
    await openNote(noteView());
    expect(screen.getByRole('heading', { name: 'Session 5 of 16' })).toBeInTheDocument();
    expect(screen.getByText('Middle phase', { selector: 'dd' })).toBeInTheDocument();
    expect(screen.getByText(day('2026-02-17'))).toBeInTheDocument();
    expect(screen.getByText('In person')).toBeInTheDocument();
    const carried = screen.getByRole('region', { name: 'Plan carried from the last session' });
    expect(carried.querySelector('.text')?.textContent).toBe(
      'Review the first Sunday budget talk.\nRole-play asking Tom to stay in the room.',
    );
    const next = screen.getByRole('region', { name: 'Next appointment' });
    expect(within(next).getByText(`${day('2026-02-24')}, ${time('2026-02-24', '10:00')} · In person`)).toBeInTheDocument();
    expect(screen.getByTestId('tasks-stub').textContent).toContain(`Tasks for session ${DRAFT_SESSION_ID}`);
  });

  it('puts the keyboard in the first empty field', async () => {
    await openNote(noteView(draftNote({ mood_and_events: 'Calmer week.' })));
    expect(screen.getByLabelText('What the check found')).toHaveFocus();
  });

  it('reopens exactly where the caret was left', async () => {
    await openNote(noteView(draftNote({ narrative: 'Talked about Tom.', caret: { field: 'narrative', offset: 6 } })));
    const narrative = screen.getByLabelText('Narrative') as HTMLTextAreaElement;
    expect(narrative).toHaveFocus();
    expect(narrative.selectionStart).toBe(6);
    expect(narrative.selectionEnd).toBe(6);
  });

  it('autosaves after a pause in typing, sending exactly what was typed and where the caret is', async () => {
    await openNote(noteView());
    vi.useFakeTimers();
    const field = screen.getByLabelText('Mood and interpersonal events since the last session') as HTMLTextAreaElement;
    field.focus();
    const typed = '  Better week.\nA calm talk with Tom on Sunday.  ';
    await input(field, typed);
    await advance(599);
    expect(calls('save_note_draft')).toHaveLength(0);
    await advance(1);
    expect(calls('save_note_draft')).toHaveLength(1);
    const [args] = calls('save_note_draft');
    expect(args.clientId).toBe(CLIENT_ID);
    expect(args.noteId).toBe(DRAFT_NOTE_ID);
    expect((args.note as Record<string, unknown>).mood_and_events).toBe(typed);
    expect(args.caret).toEqual({ field: 'mood_and_events', offset: field.selectionStart });
    const status = screen.getAllByRole('status').find((s) => s.textContent?.includes('Saved at'));
    expect(status?.textContent).toContain(`Saved at ${formatTime(new Date())}`);
  });

  it('saves every two seconds during long typing, and never two saves at once', async () => {
    let finish: () => void = () => {};
    await openNote(noteView(), {
      save_note_draft: () =>
        new Promise((resolve) => {
          finish = () => resolve({ revision: 2, updated_at: '2026-02-17T11:00:00Z' });
        }),
    });
    vi.useFakeTimers();
    const field = screen.getByLabelText('Narrative');
    let text = '';
    for (let i = 0; i < 10; i++) {
      text += 'word ';
      await input(field, text);
      await advance(210);
    }
    expect(calls('save_note_draft')).toHaveLength(1);
    expect(screen.getByText('Saving…')).toBeInTheDocument();
    await input(field, `${text}more`);
    await advance(3000);
    expect(calls('save_note_draft')).toHaveLength(1);
    finish();
    await advance(0);
    // Ten words were typed by the time two seconds had passed.
    expect(savedNotes().map((n) => n.narrative)).toEqual(['word '.repeat(10), `${text}more`]);
  });

  it('keeps every character of a refused save and shows why next to the field', async () => {
    let refuse = true;
    await openNote(noteView(), {
      save_note_draft: () => {
        if (refuse) throw ipcError('invalid', 'The narrative could not be stored.', 'narrative');
        return { revision: 2, updated_at: '2026-02-17T11:00:00Z' };
      },
    });
    vi.useFakeTimers();
    const narrative = screen.getByLabelText('Narrative') as HTMLTextAreaElement;
    const events = screen.getByLabelText('Mood and interpersonal events since the last session') as HTMLTextAreaElement;
    await input(events, 'A hard week at work.');
    await input(narrative, 'She cried when talking about her father.');
    await advance(600);
    const message = screen.getByText('The narrative could not be stored.');
    expect(narrative.getAttribute('aria-describedby')).toContain(message.id);
    expect(screen.getByText('Not saved: The narrative could not be stored.')).toBeInTheDocument();
    expect(narrative.value).toBe('She cried when talking about her father.');
    expect(events.value).toBe('A hard week at work.');

    refuse = false;
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await advance(0);
    expect(lastSaved()).toMatchObject({
      narrative: 'She cried when talking about her father.',
      mood_and_events: 'A hard week at work.',
    });
    expect(screen.queryByText('The narrative could not be stored.')).toBeNull();
    expect(screen.getByText(/^Saved at/)).toBeInTheDocument();
  });

  it('saves the rest of the note while one field holds what the core would refuse', async () => {
    await openNote(noteView(draftNote({ mood: 4, narrative: 'Saved earlier.' })));
    vi.useFakeTimers();
    const mood = screen.getByLabelText('Mood today (0–10)') as HTMLInputElement;
    const narrative = screen.getByLabelText('Narrative') as HTMLTextAreaElement;
    const events = screen.getByLabelText('Mood and interpersonal events since the last session');
    await input(mood, '11');
    await input(narrative, 'x'.repeat(20_001));
    await input(events, 'Slept better; saw a friend.');
    await advance(600);
    // The two fields go as last saved; everything else as typed.
    expect(lastSaved()).toMatchObject({
      mood: 4,
      narrative: 'Saved earlier.',
      mood_and_events: 'Slept better; saw a friend.',
    });
    expect(mood.value).toBe('11');
    expect(narrative.value).toHaveLength(20_001);
    expect(screen.getByText(/^Choose a whole number from 0 to 10/)).toBeInTheDocument();
    expect(screen.getByText(/^This is too long to save: 20,001 characters/)).toBeInTheDocument();
    expect(screen.getByText('One field is not saved yet; see the message beside it.')).toBeInTheDocument();

    await input(mood, '6');
    await input(narrative, 'Shortened.');
    await advance(600);
    expect(lastSaved()).toMatchObject({ mood: 6, narrative: 'Shortened.' });
    expect(screen.queryByText('One field is not saved yet; see the message beside it.')).toBeNull();
  });

  it('saves at once when the keyboard leaves a field', async () => {
    await openNote(noteView());
    vi.useFakeTimers();
    const focusWork = screen.getByLabelText('Work on the focus area');
    focusWork.focus();
    await input(focusWork, 'Communication analysis of Sunday.');
    screen.getByLabelText('Narrative').focus();
    await advance(0);
    expect(savedNotes()).toHaveLength(1);
    expect(savedNotes()[0].focus_work).toBe('Communication analysis of Sunday.');
  });

  it('saves waiting text when the vault locks or the window closes', async () => {
    await openNote(noteView());
    vi.useFakeTimers();
    await input(screen.getByLabelText('Plan for the next session'), 'Role-play the budget talk.');
    await input(screen.getByRole('textbox', { name: 'Private process note' }), 'I felt rushed today.');
    await flushAll();
    expect(savedNotes()).toEqual([expect.objectContaining({ plan_next: 'Role-play the budget talk.' })]);
    expect(calls('save_process_note')).toEqual([
      { clientId: CLIENT_ID, sessionId: DRAFT_SESSION_ID, text: 'I felt rushed today.' },
    ]);
  });

  it('saves the phase, the risk check and the techniques chosen', async () => {
    const { onsafetyplan } = await openNote(noteView());
    await choose(screen.getByLabelText('Phase'), 'conclusion');
    expect(screen.getByText('Conclusion phase (set in this note)')).toBeInTheDocument();
    const risk = screen.getByRole('radiogroup', { name: 'Risk level' });
    await fireEvent.click(within(risk).getByLabelText('Moderate'));
    expect(screen.getByText(/At least one action taken must be recorded/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Other' }));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Safety plan reviewed together' }));
    await input(screen.getByLabelText(labelled('What was done')), 'Agreed she stays with her mother tonight.');
    await fireEvent.click(screen.getByRole('button', { name: 'Open the safety plan' }));
    expect(onsafetyplan).toHaveBeenCalled();
    const rolePlay = screen.getByRole('button', { name: 'Role play' });
    expect(rolePlay).toHaveAttribute('aria-pressed', 'false');
    await fireEvent.click(rolePlay);
    await fireEvent.click(screen.getByRole('button', { name: 'Clarification' }));
    expect(rolePlay).toHaveAttribute('aria-pressed', 'true');
    await fireEvent.click(screen.getByRole('button', { name: 'Save now' }));
    expect(lastSaved()).toMatchObject({
      phase: 'conclusion',
      risk_level: 'moderate',
      risk_not_assessed_reason: null,
      // In the order the list shows, whatever the order they were ticked in.
      risk_actions: ['safety_plan_reviewed', 'other'],
      risk_action: 'Agreed she stays with her mother tonight.',
      techniques: ['clarification', 'role_play'],
      // Nothing else was chosen: no goals or mechanisms, and the client came alone.
      mechanisms: [],
      goals_worked: [],
      attended_with: 'alone',
      attended_with_name: null,
    });
  });

  it('marks a booked session attended and reads the note again for its number', async () => {
    const booked = draftNote({ session: { ...draftNote().session, number: null, attendance: 'scheduled' } });
    let view = noteView(booked);
    const { edit } = await openNote(view, { open_note: () => view });
    expect(screen.getByRole('heading', { name: 'Booked session' })).toBeInTheDocument();
    view = noteView(draftNote());
    await fireEvent.click(screen.getByRole('button', { name: 'Mark as attended' }));
    expect(await screen.findByRole('heading', { name: 'Session 5 of 16' })).toBeInTheDocument();
    expect(edit).toHaveBeenCalledWith({
      op: 'update_session',
      session_id: DRAFT_SESSION_ID,
      session: { held_on: '2026-02-17', start_time: '10:00', duration_minutes: 50, format: 'in_person', attendance: 'attended' },
    });
  });

  it('shows the live place in the course: the sessions left after it and those missed', async () => {
    await openNote(noteView());
    const header = screen.getByRole('heading', { name: 'Session 5 of 16' }).parentElement as HTMLElement;
    expect(within(header).getByText('10 left, 1 missed · 1 rebooked')).toBeInTheDocument();
    expect(within(header).queryByText(/as signed/)).toBeNull();
  });

  it('says what a missed session did to the plan, by the contract’s rule', async () => {
    const cancelled = draftNote({ session: { ...draftNote().session, number: null, attendance: 'cancelled' } });
    await openNote(noteView(cancelled));
    expect(screen.getByRole('heading', { name: 'Cancelled session' })).toBeInTheDocument();
    expect(screen.getByText('Cancelled with notice and rebooked: the plan is unchanged.')).toBeInTheDocument();
  });

  it('says a no-show that counts uses one of the planned sessions', async () => {
    const noShow = draftNote({
      session: { ...draftNote().session, number: null, attendance: 'no_show', counts_against_plan: true },
    });
    await openNote(noteView(noShow));
    expect(screen.getByRole('heading', { name: 'Missed session (did not attend)' })).toBeInTheDocument();
    expect(screen.getByText('A no-show uses one of the 16 planned sessions.')).toBeInTheDocument();
  });

  it('books the next appointment when none is booked', async () => {
    const record = notesRecord();
    record.courses[0].sessions = record.courses[0].sessions.filter((s) => s.attendance !== 'scheduled');
    const { edit } = await openNote(noteView(), {}, record);
    const next = screen.getByRole('region', { name: 'Next appointment' });
    expect(within(next).getByText('Nothing is booked after this session yet.')).toBeInTheDocument();
    expect(within(next).getByLabelText('Date')).toHaveValue('2026-02-24');
    await input(within(next).getByLabelText('Start time'), '11:30');
    await fireEvent.click(within(next).getByRole('button', { name: 'Book' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_session',
      course_id: 11,
      session: { held_on: '2026-02-24', start_time: '11:30', duration_minutes: 50, format: 'in_person', attendance: 'scheduled' },
    });
  });
});

describe('the session in IPT’s terms', () => {
  const MONEY = 'Agree with Tom how money and chores are shared. (Role dispute)';
  const FRIEND = 'See a friend outside the home once a week. (Role transition)';

  it('keeps the agreed focus and the problem areas in view at the top of the note', async () => {
    await openNote(noteView());
    const focus = screen.getByRole('region', { name: 'Agreed focus and problem areas' });
    expect(focus).toHaveTextContent('Agreed focus: The dispute with Tom about how they share the home and money.');
    expect(focus).toHaveTextContent('Problem areas: Role dispute (primary), Role transition (secondary)');
    expect(focus.querySelector('input, textarea, select, button')).toBeNull();
  });

  it('takes the focus from the newest course when none is active, and says what is missing', async () => {
    const record = notesRecord({
      courses: [
        sampleCourse({ status: 'concluded', ended_on: '2026-02-20', agreed_focus: SCRIPT_NAME }),
        sampleCourse({ id: 4, status: 'concluded', sessions: [], agreed_focus: 'An earlier focus.' }),
      ],
      formulations: [],
    });
    const { container } = await openNote(noteView(), {}, record);
    const focus = screen.getByRole('region', { name: 'Agreed focus and problem areas' });
    expect(focus).toHaveTextContent(`Agreed focus: ${SCRIPT_NAME}`);
    expect(focus).not.toHaveTextContent('An earlier focus.');
    expect(focus).toHaveTextContent('Problem areas: no formulation yet');
    expect(container.querySelector('script')).toBeNull();
  });

  it('sends who attended, the goals worked on and the mechanisms served with the draft', async () => {
    await openNote(noteView());
    const attended = screen.getByLabelText('Who attended') as HTMLSelectElement;
    expect(attended.value).toBe('alone');
    expect([...attended.options].map((o) => o.text)).toEqual(['Client alone', 'With partner', 'With someone else']);
    expect(screen.queryByLabelText('Who came')).toBeNull();
    await choose(attended, 'partner');
    await input(screen.getByLabelText('Who came'), 'Her partner, Jo');

    const goals = screen.getByRole('group', { name: 'Goals worked on' });
    expect(within(goals).getAllByRole('checkbox').map((box) => (box as HTMLInputElement).labels?.[0]?.textContent)).toEqual([
      MONEY,
      FRIEND,
    ]);
    await fireEvent.click(within(goals).getByRole('checkbox', { name: FRIEND }));

    const mechanisms = screen.getByRole('group', { name: 'Mechanisms this session served' });
    const skills = within(mechanisms).getByRole('button', { name: 'Improving interpersonal skills' });
    expect(skills).toHaveAttribute('aria-pressed', 'false');
    await fireEvent.click(skills);
    await fireEvent.click(within(mechanisms).getByRole('button', { name: 'Enhancing social support' }));
    expect(skills).toHaveAttribute('aria-pressed', 'true');

    await fireEvent.click(screen.getByRole('button', { name: 'Save now' }));
    expect(lastSaved()).toMatchObject({
      attended_with: 'partner',
      attended_with_name: 'Her partner, Jo',
      goals_worked: [GOAL_IDS[1]],
      // In the order the list shows, whatever the order they were ticked in.
      mechanisms: ['enhancing_social_support', 'improving_interpersonal_skills'],
    });

    // Back to "alone": no name goes with it, and the field is put away.
    await choose(attended, 'alone');
    expect(screen.queryByLabelText('Who came')).toBeNull();
    await fireEvent.click(within(goals).getByRole('checkbox', { name: FRIEND }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save now' }));
    expect(lastSaved()).toMatchObject({ attended_with: 'alone', attended_with_name: null, goals_worked: [] });
  });

  it('reopens a draft with who attended, the goals and the mechanisms as saved', async () => {
    const goals = sampleGoals();
    goals.push(
      { ...goals[1], id: 63, status: 'achieved', area: 'grief', description: 'Visit the grave with Mum.' },
      { ...goals[1], id: 64, status: 'dropped', description: 'Join a running club.' },
    );
    goals[0].status = 'achieved';
    const note = draftNote({
      attended_with: 'other',
      attended_with_name: 'Her mother, Helen',
      goals_worked: [GOAL_IDS[0], GOAL_IDS[1]],
      mechanisms: ['decreasing_interpersonal_stress'],
    });
    await openNote(noteView(note), {}, notesRecord({ goals }));
    expect(screen.getByLabelText('Who attended')).toHaveValue('other');
    expect(screen.getByLabelText('Who came')).toHaveValue('Her mother, Helen');

    const group = screen.getByRole('group', { name: 'Goals worked on' });
    const boxes = within(group).getAllByRole('checkbox') as HTMLInputElement[];
    // Open goals first; a closed goal only when this note names it.
    expect(boxes.map((box) => [box.labels?.[0]?.textContent, box.checked])).toEqual([
      [FRIEND, true],
      ['Agree with Tom how money and chores are shared. (Role dispute; achieved)', true],
    ]);
    // Unticked, the closed goal stays where it was, so the keyboard is not lost.
    await fireEvent.click(boxes[1]);
    expect(within(group).getAllByRole('checkbox')).toHaveLength(2);

    const mechanisms = screen.getByRole('group', { name: 'Mechanisms this session served' });
    expect(within(mechanisms).getByRole('button', { name: 'Decreasing interpersonal stress' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(within(mechanisms).getByRole('button', { name: 'Enhancing social support' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Save now' }));
    expect(lastSaved()).toMatchObject({
      attended_with: 'other',
      attended_with_name: 'Her mother, Helen',
      goals_worked: [GOAL_IDS[1]],
      mechanisms: ['decreasing_interpersonal_stress'],
    });
  });

  it('says where goals are set when the client has none', async () => {
    await openNote(noteView(), {}, notesRecord({ goals: [] }));
    const group = screen.getByRole('group', { name: 'Goals worked on' });
    expect(within(group).queryByRole('checkbox')).toBeNull();
    expect(within(group).getByText('No goals yet. Goals are set on the Problem areas & goals tab.')).toBeInTheDocument();
  });

  it('shows a refused choice of goals beside the goals, and keeps everything chosen', async () => {
    const message = 'Choose from this client’s own goals.';
    await openNote(noteView(), {
      save_note_draft: () => {
        throw ipcError('invalid', message, 'goals_worked');
      },
    });
    vi.useFakeTimers();
    const group = screen.getByRole('group', { name: 'Goals worked on' });
    const money = within(group).getByRole('checkbox', { name: MONEY });
    await fireEvent.click(money);
    await input(screen.getByLabelText('Narrative'), 'Talked through the budget.');
    await advance(600);
    const shown = within(group).getByText(message);
    expect(shown).toHaveAttribute('role', 'alert');
    expect(group.getAttribute('aria-describedby')).toBe(shown.id);
    expect(screen.getByText(`Not saved: ${message}`)).toBeInTheDocument();
    expect(money).toBeChecked();
    expect(screen.getByLabelText('Narrative')).toHaveValue('Talked through the budget.');
    expect(lastSaved()).toMatchObject({ goals_worked: [GOAL_IDS[0]] });
  });

  it('shows a refusal to sign that names the mechanisms beside them, and goes to the first', async () => {
    const message = 'Tick at least one mechanism the session served.';
    await openNote(noteView(), {
      sign_note: () => {
        throw ipcError('invalid', message, 'mechanisms');
      },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign note…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Sign note' }));
    const group = screen.getByRole('group', { name: 'Mechanisms this session served' });
    const shown = await screen.findByText(message);
    expect(group.getAttribute('aria-describedby')).toContain(shown.id);
    expect(within(group).getByRole('button', { name: 'Enhancing social support' })).toHaveFocus();
    expect(screen.getByText('Not signed yet. See the message beside the field.')).toBeInTheDocument();
  });

  it('shows a refused name beside "Who came", and holds a name too long to save', async () => {
    await openNote(noteView(draftNote({ attended_with: 'partner', attended_with_name: 'Tom' })), {
      save_note_draft: ({ note }) => {
        if ((note as { attended_with_name: string | null }).attended_with_name === 'Tom?')
          throw ipcError('invalid', 'Write who came, in a few words.', 'attended_with_name');
        return { revision: 2, updated_at: '2026-02-17T11:00:00Z' };
      },
    });
    const name = screen.getByLabelText('Who came');
    await input(name, 'x'.repeat(201));
    await fireEvent.click(screen.getByRole('button', { name: 'Save now' }));
    expect(lastSaved()).toMatchObject({ attended_with_name: 'Tom' });
    expect(screen.getByText(/^This is too long to save: 201 characters, and the limit is 200/)).toBeInTheDocument();
    await input(name, 'Tom?');
    await fireEvent.click(screen.getByRole('button', { name: 'Save now' }));
    const shown = await screen.findByText('Write who came, in a few words.');
    expect(name.getAttribute('aria-describedby')).toContain(shown.id);
  });
});

describe('signing', () => {
  it('saves the draft, asks first, then shows the note read-only with when it was signed', async () => {
    const signed = noteView(
      signedNote({
        id: DRAFT_NOTE_ID,
        session: draftNote().session,
        place: draftNote().place,
        signed_place: { number: 5, planned: 16, left: 10, missed: 1, phase: 'middle' },
        signed_at: '2026-02-17T11:20:00Z',
      }),
    );
    const { reload } = await openNote(noteView(), { sign_note: () => signed });
    await input(screen.getByLabelText('Narrative'), 'Engaged throughout.');
    await fireEvent.click(screen.getByRole('button', { name: 'Sign note…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign this note?' });
    expect(dialog.textContent).toMatch(/can no longer be edited/);
    expect(dialog.textContent).toMatch(/dated amendment/);
    expect(lastSaved()?.narrative).toBe('Engaged throughout.');
    expect(calls('sign_note')).toHaveLength(0);
    expect(within(dialog).getByRole('button', { name: 'Sign note' })).toHaveFocus();

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Sign note' }));
    expect(await screen.findByText(`Signed ${formatTimestamp('2026-02-17T11:20:00Z')}`)).toBeInTheDocument();
    expect(calls('sign_note')).toEqual([{ clientId: CLIENT_ID, noteId: DRAFT_NOTE_ID }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByLabelText('Narrative')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Session 5 of 16' })).toHaveFocus();
    // Only the private process note can still be typed in.
    expect(screen.getAllByRole('textbox').map((t) => t.id)).toEqual(['process-text']);
    expect(screen.getByTestId('tasks-stub').textContent).toContain('read-only');
    expect(reload).toHaveBeenCalled();
  });

  it('goes back to the draft when the practitioner is not ready', async () => {
    await openNote(noteView());
    await fireEvent.click(screen.getByRole('button', { name: 'Sign note…' }));
    const dialog = await screen.findByRole('dialog');
    await fireEvent.keyDown(within(dialog).getByRole('button', { name: 'Sign note' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Sign note…' })).toHaveFocus();
    expect(calls('sign_note')).toHaveLength(0);
  });

  it('shows why the core refused to sign and keeps the draft', async () => {
    await openNote(noteView(), {
      sign_note: () => {
        throw ipcError('conflict', 'Record whether the client attended before signing.', 'attendance');
      },
    });
    await input(screen.getByLabelText('Narrative'), 'Kept text.');
    await fireEvent.click(screen.getByRole('button', { name: 'Sign note…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Sign note' }));
    expect(await screen.findByText('Record whether the client attended before signing.')).toBeInTheDocument();
    expect(screen.getByLabelText('Narrative')).toHaveValue('Kept text.');
  });

  /** Opens `note`, types into the narrative and the risk notes, and signs; the core refuses. */
  async function refusedSign(note = draftNote(), field: string, message: string) {
    await openNote(noteView(note), {
      sign_note: () => {
        throw ipcError('invalid', message, field);
      },
    });
    await input(screen.getByLabelText('Narrative'), 'Talked about the funeral.');
    await input(screen.getByLabelText(labelled('What the check found')), 'Low mood; no plans.');
    await fireEvent.click(screen.getByRole('button', { name: 'Sign note…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Sign note' }));
    const shown = await screen.findByText(message);
    expect(screen.queryByRole('dialog')).toBeNull();
    // Nothing typed is lost.
    expect(screen.getByLabelText('Narrative')).toHaveValue('Talked about the funeral.');
    expect(screen.getByLabelText(labelled('What the check found'))).toHaveValue('Low mood; no plans.');
    expect(screen.getByText(/Not signed yet: the risk check is not complete/)).toBeInTheDocument();
    return shown;
  }

  it('shows a missing reason for not assessing risk beside its field, and goes there', async () => {
    const message = 'Record the risk check before signing: choose a level, or say why risk was not assessed.';
    const shown = await refusedSign(draftNote(), 'risk_not_assessed_reason', message);
    const reason = screen.getByLabelText(labelled('Why risk was not assessed'));
    expect(reason.getAttribute('aria-describedby')).toContain(shown.id);
    expect(reason).toHaveAttribute('aria-invalid', 'true');
    expect(reason).toHaveFocus();
    // Putting it right takes the message away.
    await input(reason, 'Client left early for a family emergency.');
    expect(screen.queryByText(message)).toBeNull();
  });

  it('shows a missing action at raised risk beside the actions, and goes to the first', async () => {
    const message = 'At high risk, record the action taken before signing.';
    const shown = await refusedSign(draftNote({ risk_level: 'high' }), 'risk_actions', message);
    const group = screen.getByRole('group', { name: 'Action taken (at least one before signing)' });
    expect(group.getAttribute('aria-describedby')).toBe(shown.id);
    expect(within(group).getByRole('checkbox', { name: 'Safety plan reviewed together' })).toHaveFocus();
    await fireEvent.click(within(group).getByRole('checkbox', { name: 'Crisis contacts given' }));
    expect(screen.queryByText(message)).toBeNull();
  });

  it('shows missing words for "Other" beside "What was done", and goes there', async () => {
    const note = draftNote({ risk_level: 'moderate', risk_actions: ['other'] });
    const shown = await refusedSign(note, 'risk_action', 'Describe the other action taken.');
    const words = screen.getByLabelText(labelled('What was done'));
    expect(words.getAttribute('aria-describedby')).toContain(shown.id);
    expect(words).toHaveFocus();
    expect(screen.getByRole('checkbox', { name: 'Other' })).toBeChecked();
  });

  it('shows a lowered level without its assessment beside "What the check found"', async () => {
    // The core says which flag an earlier signed check left open.
    const record = notesRecord();
    const message = 'Risk was high at the last signed check. Write what this assessment found before recording a lower level.';
    await openNote(noteView(draftNote({ risk_level: 'low' }), { open_risk: 'high' }), {
      sign_note: () => {
        throw ipcError('invalid', message, 'risk_notes');
      },
    }, record);
    const found = screen.getByLabelText(labelled('What the check found'));
    expect(screen.getByText(/Risk was high at the last signed check\. Write here the assessment/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Sign note…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Sign note' }));
    const shown = await screen.findByText(message);
    expect(found.getAttribute('aria-describedby')).toContain(shown.id);
    expect(found).toHaveFocus();
  });
});

describe('discarding a draft', () => {
  it('saves what is waiting, asks, then deletes the draft and shows the session without a note', async () => {
    const { reload } = await openNote(noteView(), { discard_note: () => null });
    await input(screen.getByLabelText('Narrative'), 'Started for the wrong client.');
    await fireEvent.click(screen.getByRole('button', { name: 'Discard this draft…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard this draft?' });
    expect(calls('discard_note')).toHaveLength(0);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Discard draft' }));
    await vi.waitFor(() => expect(screen.queryByRole('article')).toBeNull());
    expect(calls('discard_note')).toEqual([
      { clientId: CLIENT_ID, noteId: DRAFT_NOTE_ID, raisedRiskConfirmed: false },
    ]);
    expect(screen.queryByText(/records .* risk/)).toBeNull();
    expect(reload).toHaveBeenCalled();
    // What was waiting went out before the deletion, and nothing is sent after it.
    const saves = calls('save_note_draft').length;
    await flushAll();
    expect(calls('save_note_draft')).toHaveLength(saves);
  });

  it('says plainly what discarding a draft at high risk does, and confirms it to the core', async () => {
    await openNote(noteView(draftNote({ risk_level: 'high', risk_actions: ['safety_plan_reviewed'] })), {
      discard_note: () => null,
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Discard this draft…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard this draft?' });
    expect(
      within(dialog).getByText(
        'This draft records high risk. Discarding it does not clear any risk flag, and the level stays in the audit trail.',
      ),
    ).toBeInTheDocument();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Discard draft' }));
    await vi.waitFor(() => expect(screen.queryByRole('article')).toBeNull());
    expect(calls('discard_note')).toEqual([
      { clientId: CLIENT_ID, noteId: DRAFT_NOTE_ID, raisedRiskConfirmed: true },
    ]);
  });

  it('counts a raised level chosen just now, and passes nothing when the dialog is left', async () => {
    await openNote(noteView(), { discard_note: () => null });
    await fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Risk level' })).getByLabelText('Moderate'));
    await fireEvent.click(screen.getByRole('button', { name: 'Discard this draft…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard this draft?' });
    expect(dialog).toHaveTextContent('This draft records moderate risk.');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(calls('discard_note')).toHaveLength(0);
  });

  it('keeps the draft when the practitioner changes their mind', async () => {
    await openNote(noteView(), { discard_note: () => null });
    await fireEvent.click(screen.getByRole('button', { name: 'Discard this draft…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('article')).toBeInTheDocument();
    expect(calls('discard_note')).toHaveLength(0);
  });
});

describe('a signed note', () => {
  it('shows every section as written, then its amendments', async () => {
    const note = signedNote({
      amendments: [
        {
          id: 1,
          section: 'risk',
          text: 'She also mentioned a plan to stay with her mother.',
          reason: 'Left out at the time.',
          made_at: '2026-02-04T09:00:00Z',
        },
      ],
    });
    await openNote(noteView(note, { previous: 103, next: DRAFT_SESSION_ID }));
    expect(screen.getByRole('heading', { name: 'Session 4 of 16' })).toHaveFocus();
    expect(screen.getByText('Video')).toBeInTheDocument();
    expect(screen.getByText(`Signed ${formatTimestamp('2026-02-03T11:10:00Z')}`)).toBeInTheDocument();
    expect(screen.getByText('4 out of 10')).toBeInTheDocument();
    expect(screen.getByText('Low at the weekend.\nA row with Tom on Sunday about the gas bill.', { normalizer: (s) => s })).toHaveClass(
      'text',
    );
    expect(screen.getByText('Communication analysis')).toBeInTheDocument();
    expect(screen.getByText('No change to sertraline.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Risk check · amended below' })).toBeInTheDocument();
    const amendments = screen.getByRole('region', { name: 'Amendments' });
    expect(within(amendments).getByText(`${formatTimestamp('2026-02-04T09:00:00Z')} · Risk check`)).toBeInTheDocument();
    expect(within(amendments).getByText('She also mentioned a plan to stay with her mother.')).toBeInTheDocument();
    expect(within(amendments).getByText('Left out at the time.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sign note…' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Change session details' })).toBeNull();
  });

  it('shows who attended, the goals worked on and the mechanisms served', async () => {
    const note = signedNote({
      attended_with: 'partner',
      attended_with_name: 'Tom',
      goals_worked: [GOAL_IDS[0]],
      mechanisms: ['enhancing_social_support', 'facilitating_emotional_processing'],
    });
    await openNote(noteView(note));
    const attended = screen.getByRole('heading', { name: 'Who attended' }).parentElement as HTMLElement;
    expect(attended).toHaveTextContent('With partner — Tom');
    const goals = screen.getByRole('heading', { name: 'Goals worked on' }).parentElement as HTMLElement;
    expect(within(goals).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Agree with Tom how money and chores are shared. (Role dispute)',
    ]);
    const mechanisms = screen.getByRole('heading', { name: 'Mechanisms this session served' })
      .parentElement as HTMLElement;
    expect(within(mechanisms).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Enhancing social support',
      'Facilitating emotional processing',
    ]);
  });

  it('says nothing of who attended, goals or mechanisms when there is nothing to say', async () => {
    await openNote(noteView(signedNote()));
    expect(screen.queryByRole('heading', { name: 'Who attended' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Goals worked on' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Mechanisms this session served' })).toBeNull();
  });

  it('shows the place it was signed with, and the course as it stands now when that differs', async () => {
    const note = signedNote({
      session: { ...signedNote().session, number: 10 },
      place: { ...(signedNote().place as Place), number: 10, planned: 18, left: 6, missed: 2 },
      signed_place: { number: 9, planned: 16, left: 5, missed: 2, phase: 'middle' },
    });
    await openNote(noteView(note));
    const heading = screen.getByRole('heading', { name: 'Session 9 of 16' });
    const header = heading.parentElement as HTMLElement;
    expect(within(header).getByText('Session 9 of 16 · 5 left, 2 missed · Middle phase, as signed')).toBeInTheDocument();
    expect(
      within(header).getByText('In the course as it stands now: session 10 of 18 · Middle phase'),
    ).toBeInTheDocument();
  });

  it('adds no second line when the course still reads as signed', async () => {
    await openNote(noteView(signedNote()));
    expect(screen.getByText('Session 4 of 16 · 12 left · Middle phase, as signed')).toBeInTheDocument();
    expect(screen.queryByText(/In the course as it stands now/)).toBeNull();
  });

  /** The paragraph that reads exactly `text`, however its parts are marked up. */
  function paragraph(text: string) {
    return screen.getByText((_, element) => element?.tagName === 'P' && element.textContent === text);
  }

  it('shows the risk check as signed: the level, what was found and the actions taken', async () => {
    await openNote(noteView(signedNote()));
    expect(paragraph('Found: Passing thoughts of not wanting to wake up; no plan or intent.')).toBeInTheDocument();
    expect(paragraph('Action taken: Safety plan reviewed together')).toBeInTheDocument();
    expect(paragraph('What was done: She keeps the safety plan on her phone.')).toBeInTheDocument();
  });

  it('shows why risk was not assessed', async () => {
    const note = signedNote({
      risk_level: 'not_asked',
      risk_not_assessed_reason: 'Session cut short: the client had to collect her son.',
      risk_notes: null,
      risk_actions: [],
      risk_action: null,
    });
    await openNote(noteView(note));
    expect(paragraph('Not assessed')).toBeInTheDocument();
    expect(paragraph('Why not assessed: Session cut short: the client had to collect her son.')).toBeInTheDocument();
    expect(screen.queryByText(/Action taken/)).toBeNull();
  });

  it('adds an amendment under the original, with its section and reason', async () => {
    const note = signedNote();
    const amended = noteView(
      signedNote({
        amendments: [
          { id: 9, section: 'plan_next', text: 'Also review the rota.', reason: 'Agreed at the door.', made_at: '2026-02-05T08:30:00Z' },
        ],
      }),
    );
    const { reload } = await openNote(noteView(note), { amend_note: () => amended });
    await fireEvent.click(screen.getByRole('button', { name: 'Add an amendment' }));
    await choose(screen.getByLabelText('Part of the note'), 'plan_next');
    await input(screen.getByLabelText(labelled('Amendment')), 'Also review the rota.');
    await input(screen.getByLabelText(labelled('Reason for the amendment')), 'Agreed at the door.');
    await fireEvent.click(screen.getByRole('button', { name: 'Add amendment' }));
    expect(await screen.findByText('Amendment added.')).toBeInTheDocument();
    expect(calls('amend_note')).toEqual([
      {
        clientId: CLIENT_ID,
        noteId: SIGNED_NOTE_ID,
        section: 'plan_next',
        text: 'Also review the rota.',
        reason: 'Agreed at the door.',
      },
    ]);
    const amendments = screen.getByRole('region', { name: 'Amendments' });
    expect(within(amendments).getByText(`${formatTimestamp('2026-02-05T08:30:00Z')} · Plan for next session`)).toBeInTheDocument();
    expect(within(amendments).getByText('Also review the rota.')).toBeInTheDocument();
    // The original stays as it was signed.
    expect(screen.getByText('Role-play the opening of the budget talk.')).toBeInTheDocument();
    expect(reload).toHaveBeenCalled();
  });

  it('asks for the text and the reason, and keeps what was typed when refused', async () => {
    await openNote(noteView(signedNote()), {
      amend_note: () => {
        throw ipcError('invalid', 'Give a reason of a few words at least.', 'reason');
      },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add an amendment' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add amendment' }));
    expect(screen.getByText('Write the correction or addition.')).toBeInTheDocument();
    const text = screen.getByLabelText(labelled('Amendment'));
    await input(text, 'The session ran to 60 minutes.');
    await fireEvent.click(screen.getByRole('button', { name: 'Add amendment' }));
    expect(screen.getByText('Say why the note is being amended.')).toBeInTheDocument();
    expect(calls('amend_note')).toHaveLength(0);

    const reason = screen.getByLabelText(labelled('Reason for the amendment'));
    await input(reason, 'Typo');
    await fireEvent.click(screen.getByRole('button', { name: 'Add amendment' }));
    const message = await screen.findByText('Give a reason of a few words at least.');
    expect(reason.getAttribute('aria-describedby')).toContain(message.id);
    expect(text).toHaveValue('The session ran to 60 minutes.');
    expect(reason).toHaveValue('Typo');
  });

  it('keeps the private process note editable', async () => {
    await openNote(noteView(signedNote(), { process_note: processNote(SIGNED_SESSION_ID, 'Noticed my own impatience.') }));
    const privateNote = screen.getByRole('textbox', { name: 'Private process note' });
    expect(privateNote).toHaveValue('Noticed my own impatience.');
    expect(screen.getByText(/Never printed, exported or included in summaries/)).toBeInTheDocument();
    vi.useFakeTimers();
    await input(privateNote, 'Noticed my own impatience. Take it to supervision.');
    await advance(600);
    expect(calls('save_process_note')).toEqual([
      { clientId: CLIENT_ID, sessionId: SIGNED_SESSION_ID, text: 'Noticed my own impatience. Take it to supervision.' },
    ]);
  });

  it('shows text that looks like markup exactly as typed', async () => {
    const note = signedNote({
      mood_and_events: SCRIPT_NAME,
      narrative: IMG_NAME,
      carried_plan: SCRIPT_NAME,
      amendments: [{ id: 2, section: 'narrative', text: IMG_NAME, reason: SCRIPT_NAME, made_at: '2026-02-04T09:00:00Z' }],
    });
    const { container } = await openNote(noteView(note, { process_note: processNote(SIGNED_SESSION_ID, IMG_NAME) }));
    expect(container.querySelector('script, img')).toBeNull();
    expect(screen.getAllByText(SCRIPT_NAME)).toHaveLength(3);
    expect(screen.getAllByText(IMG_NAME)).toHaveLength(2);
    expect(screen.getByRole('textbox', { name: 'Private process note' })).toHaveValue(IMG_NAME);
  });
});

describe('keyboard', () => {
  it('saves now with Ctrl+S', async () => {
    await openNote(noteView());
    vi.useFakeTimers();
    await input(screen.getByLabelText('Narrative'), 'Quick save.');
    const event = new KeyboardEvent('keydown', { key: 's', ctrlKey: true, bubbles: true, cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    await advance(0);
    expect(savedNotes()).toEqual([expect.objectContaining({ narrative: 'Quick save.' })]);
    expect(screen.getByRole('button', { name: 'Save now' })).toHaveAttribute('aria-keyshortcuts', 'Control+S');
  });

  it('asks to sign with Ctrl+Enter', async () => {
    await openNote(noteView());
    await fireEvent.keyDown(screen.getByLabelText('Narrative'), { key: 'Enter', ctrlKey: true });
    expect(await screen.findByRole('dialog', { name: 'Sign this note?' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign note…' })).toHaveAttribute('aria-keyshortcuts', 'Control+Enter');
  });

  it('moves to the previous and next notes with Alt+PageUp and Alt+PageDown', async () => {
    const views: Record<number, NoteView> = {
      [SIGNED_SESSION_ID]: noteView(signedNote(), { previous: 103, next: DRAFT_SESSION_ID }),
      103: noteView(
        signedNote({
          id: 303,
          session: { ...signedNote().session, id: 103, number: 3, held_on: '2026-01-20', format: 'in_person' },
          place: { ...(signedNote().place as Place), number: 3, left: 13, rebooked: 0 },
          signed_place: { number: 3, planned: 16, left: 13, missed: 0, phase: 'initial' },
          derived_phase: 'initial',
        }),
        { previous: 102, next: SIGNED_SESSION_ID },
      ),
      [DRAFT_SESSION_ID]: noteView(),
    };
    await openNote(views[SIGNED_SESSION_ID], { open_note: ({ sessionId }) => views[sessionId as number] });
    await fireEvent.keyDown(document.body, { key: 'PageUp', altKey: true });
    expect(await screen.findByRole('heading', { name: 'Session 3 of 16' })).toBeInTheDocument();
    await fireEvent.keyDown(document.body, { key: 'PageDown', altKey: true });
    expect(await screen.findByRole('heading', { name: 'Session 4 of 16' })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Next note →' }));
    expect(await screen.findByRole('heading', { name: 'Session 5 of 16' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next note →' })).toBeDisabled();
    expect(screen.getByRole('button', { name: '← Previous note' })).toHaveAttribute('aria-keyshortcuts', 'Alt+PageUp');
    expect(calls('open_note').map((a) => a.sessionId)).toEqual([SIGNED_SESSION_ID, 103, SIGNED_SESSION_ID, DRAFT_SESSION_ID]);
  });
});
