import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The tab reaches the core through `edit`, except for the end date of a contract being typed.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { Course } from '../../../lib/bindings/Course';
import type { CourseInput } from '../../../lib/bindings/CourseInput';
import { day } from '../../../lib/labels';
import { app } from '../../../lib/state.svelte';
import {
  CLIENT_ID,
  COURSE_ID,
  IMG_NAME,
  NEXT_SESSION_ID,
  SCRIPT_NAME,
  sampleCourse,
  sampleProgress,
  sampleRecord,
  sampleSessions,
} from '../../../test/fixtures/record';
import { invalid, labelled, renderTab } from '../../../test/fixtures/tab';
import { routeInvoke } from '../../../test/ipc';
import CourseTab from './CourseTab.svelte';

const COURSE_TITLE = `Acute course, from ${day('2026-01-06')}`;

/** The core's end dates for the contracts these tests type; any other has none yet. */
const PLANNED_ENDS: Record<string, string> = {
  '2026-01-06 16 weekly': '2026-04-21',
  '2026-01-06 16 fortnightly': '2026-08-04',
  '2026-02-20 16 weekly': '2026-06-05',
  '2026-02-20 8 weekly': '2026-04-10',
};

beforeEach(() => {
  routeInvoke(vi.mocked(invoke), {
    planned_end: ({ startDate, plannedSessions, frequency }) =>
      PLANNED_ENDS[`${startDate} ${plannedSessions} ${frequency}`] ?? null,
  });
});

function contractOf(course: Course): CourseInput {
  const {
    id: _id,
    client_id: _client,
    phase_override: _po,
    phase_override_reason: _por,
    changes: _changes,
    sessions: _sessions,
    progress: _progress,
    boosters: _boosters,
    measure_plan: _plan,
    measure_plan_words: _words,
    ...input
  } = course;
  return input;
}

function setup(record = sampleRecord()) {
  return renderTab(CourseTab, record);
}

function course() {
  return within(screen.getByRole('region', { name: COURSE_TITLE }));
}

async function type(scope: ReturnType<typeof course>, label: string, value: string) {
  await fireEvent.input(scope.getByLabelText(label, { exact: false }), { target: { value } });
}

function refuse(edit: ReturnType<typeof setup>['edit'], field: string, message: string) {
  edit.mockRejectedValue(invalid(field, message));
}

describe('course tab', () => {
  it('shows the contract, where the course stands, its changes and its sessions', () => {
    setup();
    const c = course();
    expect(c.getByText('Next: session 6')).toBeInTheDocument();
    expect(c.getByText('of 16 · 9 left, 1 missed · 1 rebooked')).toBeInTheDocument();
    expect(c.getByText('Middle phase')).toBeInTheDocument();
    expect(c.getByText(`9 weeks left · planned end ${day('2026-04-21')}`)).toBeInTheDocument();
    expect(c.getByText('attended 5')).toBeInTheDocument();
    expect(c.getByText('Planned end').nextElementSibling).toHaveTextContent(day('2026-04-21'));
    expect(c.getByText('Session length').nextElementSibling).toHaveTextContent('50 minutes');
    expect(
      c.getByText('The dispute with Tom about how they share the home and money.'),
    ).toBeInTheDocument();
    expect(c.getByText('Planned sessions: 14 → 16')).toBeInTheDocument();

    const table = c.getByRole('table', { name: /Sessions and appointments/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(9);
    expect(rows[2].textContent).toContain('Session 3');
    expect(rows[3].textContent).toContain('Cancelled');
    expect(rows[3].textContent).not.toContain('Session');
    expect(rows[5].textContent).toContain('Did not attend');
    expect(rows[7].textContent).toContain('Scheduled');
  });

  it('marks each missed session as counted against the plan or rebooked', () => {
    setup();
    const table = course().getByRole('table', { name: /Sessions and appointments/ });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[3]).getByText('rebooked')).toBeInTheDocument();
    expect(within(rows[5]).getByText('counts against the plan')).toHaveClass('counted');
    for (const row of [rows[2], rows[7]]) {
      expect(row.textContent).not.toMatch(/rebooked|counts against the plan/);
    }
  });

  it('says in words what the contract does with missed sessions', () => {
    setup();
    const c = course();
    expect(c.getByText('Missed sessions').nextElementSibling).toHaveTextContent(
      'A no-show uses one of the planned sessions; a session cancelled with notice is rebooked and does not.',
    );
    expect(c.getByText('Anything else agreed about missed sessions').nextElementSibling).toHaveTextContent(
      'A cancelled session is rebooked within the same week when we can.',
    );
  });

  it('reads a contract that counts cancellations too, and leaves out what was not agreed', () => {
    setup(
      sampleRecord({
        courses: [sampleCourse({ cancellation_counts: true, missed_sessions: null })],
      }),
    );
    const c = course();
    expect(c.getByText('Missed sessions').nextElementSibling).toHaveTextContent(
      'A no-show and a session cancelled with notice each use one of the planned sessions.',
    );
    expect(c.queryByText('Anything else agreed about missed sessions')).toBeNull();
  });

  it('prompts for conclusion work with the reason, and says when the plan is used up', () => {
    const progress = sampleProgress({
      held: 15,
      missed: 2,
      current: 15,
      left: 0,
      conclusion_due: true,
      beyond_plan: true,
      weeks_remaining: 1,
    });
    setup(sampleRecord({ courses: [sampleCourse({ progress })] }));
    const c = course();
    expect(c.getByText(/^Conclusion work is due\./)).toHaveTextContent(
      `Conclusion work is due. No session of the plan is left after session 15 (2 missed counted against it), and the planned end (${day('2026-04-21')}) is 1 week away.`,
    );
    expect(
      c.getByText('The plan is used up: 15 held and 2 missed against 16 planned. Renegotiate if the course continues.'),
    ).toBeInTheDocument();
  });

  it('says where each course’s conclusion summary stands and opens it on the Conclusion tab', async () => {
    routeInvoke(vi.mocked(invoke), {
      conclusion_summaries: () => [{ course_id: COURSE_ID, summary_id: null, stage: 'due', signed_at: null }],
    });
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    setup();
    const c = course();
    expect(await c.findByText('due, not started')).toBeInTheDocument();
    await fireEvent.click(c.getByRole('button', { name: `Start the conclusion summary: ${COURSE_TITLE}` }));
    expect(openRecord).toHaveBeenCalledWith(CLIENT_ID, 'conclusion', null, true, null, COURSE_ID, null);
    openRecord.mockRestore();
  });

  it('opens a signed conclusion summary to be read', async () => {
    routeInvoke(vi.mocked(invoke), {
      conclusion_summaries: () => [
        { course_id: COURSE_ID, summary_id: 501, stage: 'signed', signed_at: '2026-04-21T15:30:00.000Z' },
      ],
    });
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    setup();
    const c = course();
    expect(await c.findByText(/^signed on /)).toBeInTheDocument();
    await fireEvent.click(c.getByRole('button', { name: `Read the signed summary: ${COURSE_TITLE}` }));
    expect(openRecord).toHaveBeenCalledWith(CLIENT_ID, 'conclusion', null, false, null, COURSE_ID, 501);
    openRecord.mockRestore();
  });

  it('renegotiates the number of sessions with the exact change', async () => {
    const { edit } = setup();
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Renegotiate sessions' }));
    const planned = c.getByLabelText('New number of sessions', { exact: false });
    expect(planned).toHaveFocus();
    expect((c.getByLabelText('Agreed on', { exact: false }) as HTMLInputElement).value).toBe('2026-02-20');
    await type(c, 'New number of sessions', '18');
    await type(c, 'Reason', '  Two extra sessions to prepare for the baby’s arrival.  ');
    await fireEvent.click(c.getByRole('button', { name: 'Renegotiate' }));
    await waitFor(() => expect(c.getByText('Now planned: 18 sessions.')).toBeInTheDocument());
    expect(edit).toHaveBeenCalledWith({
      op: 'renegotiate',
      course_id: COURSE_ID,
      planned_sessions: 18,
      changed_on: '2026-02-20',
      reason: 'Two extra sessions to prepare for the baby’s arrival.',
    });
    await waitFor(() => expect(c.getByRole('button', { name: 'Renegotiate sessions' })).toHaveFocus());
  });

  it('shows a refused number next to the number and keeps the reason', async () => {
    const { edit } = setup();
    refuse(edit, 'planned_sessions', 'A course has from 8 to 20 sessions.');
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Renegotiate sessions' }));
    await type(c, 'New number of sessions', '24');
    await type(c, 'Reason', 'Long course agreed.');
    await fireEvent.click(c.getByRole('button', { name: 'Renegotiate' }));
    const message = await c.findByText('A course has from 8 to 20 sessions.');
    const planned = c.getByLabelText('New number of sessions', { exact: false }) as HTMLInputElement;
    expect(planned.getAttribute('aria-describedby')).toContain(message.id);
    expect(planned).toHaveFocus();
    expect(planned.value).toBe('24');
    expect((c.getByLabelText('Reason', { exact: false }) as HTMLTextAreaElement).value).toBe(
      'Long course agreed.',
    );
  });

  it('shows a missing reason next to the reason', async () => {
    const { edit } = setup();
    refuse(edit, 'reason', 'This is required.');
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Renegotiate sessions' }));
    await type(c, 'New number of sessions', '14');
    await fireEvent.click(c.getByRole('button', { name: 'Renegotiate' }));
    const message = await c.findByText('This is required.');
    expect(c.getByLabelText('Reason', { exact: false }).getAttribute('aria-describedby')).toContain(
      message.id,
    );
    expect((c.getByLabelText('New number of sessions', { exact: false }) as HTMLInputElement).value).toBe('14');
  });

  it('saves the contract with the number of sessions unchanged', async () => {
    const { edit } = setup();
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Edit contract' }));
    expect(c.queryByLabelText('Planned sessions')).toBeNull();
    await fireEvent.change(c.getByLabelText('How often'), { target: { value: 'fortnightly' } });
    await type(c, 'Session length in minutes', '60');
    await type(c, 'Agreed focus', 'Money and chores with Tom.');
    await type(c, 'Emergency plan', '');
    await fireEvent.click(c.getByRole('button', { name: 'Save contract' }));
    await waitFor(() => expect(c.getByText('Contract saved.')).toBeInTheDocument());
    expect(edit).toHaveBeenCalledWith({
      op: 'update_course',
      course_id: COURSE_ID,
      course: {
        ...contractOf(sampleCourse()),
        frequency: 'fortnightly',
        session_minutes: 60,
        agreed_focus: 'Money and chores with Tom.',
        emergency_plan: null,
      },
    });
  });

  it('asks for an end date when a course is concluded, and shows where it is refused', async () => {
    const { edit } = setup();
    refuse(edit, 'ended_on', 'A course cannot end before it starts.');
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Edit contract' }));
    expect(c.queryByLabelText('Ended on')).toBeNull();
    await fireEvent.change(c.getByLabelText('Course status'), { target: { value: 'concluded' } });
    await type(c, 'Ended on', '2025-12-01');
    await fireEvent.click(c.getByRole('button', { name: 'Save contract' }));
    const message = await c.findByText('A course cannot end before it starts.');
    expect(c.getByLabelText('Ended on').getAttribute('aria-describedby')).toContain(message.id);
    expect(edit.mock.calls[0][0]).toMatchObject({
      op: 'update_course',
      course: { status: 'concluded', ended_on: '2025-12-01', planned_sessions: 16 },
    });
  });

  it('overrides the phase with a reason, and can hand it back to the count', async () => {
    const { edit } = setup();
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Override phase' }));
    expect(c.getByText(/The count and the calendar give: Middle phase/)).toBeInTheDocument();
    await fireEvent.change(c.getByLabelText('Phase'), { target: { value: 'initial' } });
    await type(c, 'Reason', 'The inventory is not finished.');
    await fireEvent.click(c.getByRole('button', { name: 'Save phase' }));
    await waitFor(() =>
      expect(edit).toHaveBeenCalledWith({
        op: 'override_phase',
        course_id: COURSE_ID,
        phase: 'initial',
        reason: 'The inventory is not finished.',
      }),
    );

    await fireEvent.click(c.getByRole('button', { name: 'Override phase' }));
    await fireEvent.change(c.getByLabelText('Phase'), { target: { value: '' } });
    await type(c, 'Reason', 'Back on track.');
    await fireEvent.click(c.getByRole('button', { name: 'Save phase' }));
    await waitFor(() =>
      expect(edit).toHaveBeenLastCalledWith({
        op: 'override_phase',
        course_id: COURSE_ID,
        phase: null,
        reason: 'Back on track.',
      }),
    );
  });

  it('records a session held today', async () => {
    const { edit } = setup();
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Add appointment / record a session' }));
    expect(c.getByText(/^A no-show uses one of the planned sessions; .* This is the default/)).toBeInTheDocument();
    expect((c.getByLabelText('Date', { exact: false }) as HTMLInputElement).value).toBe('2026-02-20');
    expect((c.getByLabelText('Length in minutes') as HTMLInputElement).value).toBe('50');
    await type(c, 'Start time', '09:30');
    await fireEvent.change(c.getByLabelText('Attendance', { exact: false }), { target: { value: 'attended' } });
    await fireEvent.click(c.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(c.getByText('Session recorded.')).toBeInTheDocument());
    expect(edit).toHaveBeenCalledWith({
      op: 'add_session',
      course_id: COURSE_ID,
      session: {
        held_on: '2026-02-20',
        start_time: '09:30',
        duration_minutes: 50,
        format: 'in_person',
        attendance: 'attended',
      },
    });
  });

  it('shows a refused session next to its field and keeps it', async () => {
    const { edit } = setup();
    refuse(edit, 'held_on', 'A session that took place cannot be in the future.');
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Add appointment / record a session' }));
    await type(c, 'Date', '2026-03-20');
    await fireEvent.change(c.getByLabelText('Attendance', { exact: false }), { target: { value: 'attended' } });
    await fireEvent.click(c.getByRole('button', { name: 'Add' }));
    const message = await c.findByText('A session that took place cannot be in the future.');
    const date = c.getByLabelText('Date', { exact: false }) as HTMLInputElement;
    expect(date.getAttribute('aria-describedby')).toContain(message.id);
    expect(date.value).toBe('2026-03-20');
  });

  it('changes the attendance of an appointment', async () => {
    const { edit } = setup();
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: `Change: the session on ${day('2026-02-24')}` }));
    const attendance = c.getByLabelText('Attendance', { exact: false }) as HTMLSelectElement;
    expect(attendance.value).toBe('scheduled');
    await fireEvent.change(attendance, { target: { value: 'cancelled' } });
    await fireEvent.click(c.getByRole('button', { name: 'Save session' }));
    await waitFor(() =>
      expect(edit).toHaveBeenCalledWith({
        op: 'update_session',
        session_id: NEXT_SESSION_ID,
        session: {
          held_on: '2026-02-24',
          start_time: '10:00',
          duration_minutes: 50,
          format: 'in_person',
          attendance: 'cancelled',
        },
      }),
    );
  });

  it('marks today’s appointment attended in one click', async () => {
    const sessions = [
      ...sampleSessions(),
      {
        id: 120,
        course_id: COURSE_ID,
        number: null,
        counts_against_plan: false,
        held_on: '2026-02-20',
        start_time: '08:00',
        duration_minutes: 50,
        format: 'video' as const,
        attendance: 'scheduled' as const,
        purpose: 'course' as const,
      },
    ];
    const { edit } = setup(sampleRecord({ courses: [sampleCourse({ sessions })] }));
    const c = course();
    expect(c.getAllByRole('button', { name: /^Mark attended/ })).toHaveLength(1);
    await fireEvent.click(c.getByRole('button', { name: `Mark attended: the session on ${day('2026-02-20')}` }));
    await waitFor(() =>
      expect(edit).toHaveBeenCalledWith({
        op: 'update_session',
        session_id: 120,
        session: {
          held_on: '2026-02-20',
          start_time: '08:00',
          duration_minutes: 50,
          format: 'video',
          attendance: 'attended',
        },
      }),
    );
  });

  it('starts a new course with sensible defaults', async () => {
    const record = sampleRecord({ courses: [] });
    const { edit } = setup(record);
    expect(screen.getByText(/No course of IPT yet/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Start a new course' }));
    const form = within(screen.getByRole('region', { name: 'Start a new course' }));
    expect((form.getByLabelText(labelled('Planned sessions')) as HTMLInputElement).value).toBe('16');
    expect(form.getByText(day('2026-06-05'))).toBeInTheDocument();
    // The usual contract: a no-show uses one of the sessions, a cancellation is rebooked.
    expect(
      form.getByLabelText('A session the client misses without notice uses one of the planned sessions'),
    ).toBeChecked();
    expect(form.getByLabelText('A session cancelled with notice uses one of the planned sessions')).not.toBeChecked();
    await fireEvent.input(form.getByLabelText('Agreed focus'), { target: { value: 'Grief after Dad died.' } });
    await fireEvent.click(form.getByRole('button', { name: 'Start course' }));
    await waitFor(() => expect(screen.getByText('Course started.')).toBeInTheDocument());
    expect(edit).toHaveBeenCalledWith({
      op: 'add_course',
      course: {
        kind: 'acute',
        start_date: '2026-02-20',
        planned_sessions: 16,
        planned_reason: null,
        frequency: 'weekly',
        session_minutes: 50,
        agreed_focus: 'Grief after Dad died.',
        no_show_counts: true,
        cancellation_counts: false,
        missed_sessions: null,
        review_every: null,
        measurement_schedule: null,
        medication_plan: null,
        emergency_plan: null,
        status: 'active',
        ended_on: null,
      },
    });
  });

  it('gives maintenance its own usual terms: monthly, a year, reviewed every six', async () => {
    const { edit } = setup(sampleRecord({ courses: [] }));
    await fireEvent.click(screen.getByRole('button', { name: 'Start a new course' }));
    const form = within(screen.getByRole('region', { name: 'Start a new course' }));
    const planned = form.getByLabelText(labelled('Planned sessions')) as HTMLInputElement;
    const often = form.getByLabelText('How often') as HTMLSelectElement;
    expect(form.queryByLabelText(labelled('Review every so many sessions'))).toBeNull();
    await fireEvent.change(form.getByLabelText('Kind of course'), { target: { value: 'maintenance' } });
    expect(planned.value).toBe('12');
    expect(often.value).toBe('monthly');
    const review = form.getByLabelText(labelled('Review every so many sessions')) as HTMLInputElement;
    expect(review.value).toBe('6');
    // More than 20 sessions is a maintenance plan, with no reason asked for.
    await fireEvent.input(planned, { target: { value: '24' } });
    expect(form.queryByLabelText('Why this number of sessions')).toBeNull();
    // Back to acute: what was typed stays, the untouched terms return to an acute course's.
    await fireEvent.change(form.getByLabelText('Kind of course'), { target: { value: 'acute' } });
    expect(planned.value).toBe('24');
    expect(often.value).toBe('weekly');
    await fireEvent.change(form.getByLabelText('Kind of course'), { target: { value: 'maintenance' } });
    await fireEvent.click(form.getByRole('button', { name: 'Start course' }));
    await waitFor(() => expect(screen.getByText('Course started.')).toBeInTheDocument());
    expect(edit).toHaveBeenCalledWith({
      op: 'add_course',
      course: expect.objectContaining({
        kind: 'maintenance',
        planned_sessions: 24,
        frequency: 'monthly',
        review_every: 6,
      }),
    });
  });

  it('asks why when a new course is shorter than usual', async () => {
    setup(sampleRecord({ courses: [] }));
    await fireEvent.click(screen.getByRole('button', { name: 'Start a new course' }));
    const form = within(screen.getByRole('region', { name: 'Start a new course' }));
    expect(form.queryByLabelText('Why this number of sessions')).toBeNull();
    await fireEvent.input(form.getByLabelText(labelled('Planned sessions')), { target: { value: '8' } });
    expect(form.getByLabelText('Why this number of sessions')).toBeInTheDocument();
  });

  it('changes which missed sessions count, and what else was agreed, in the contract', async () => {
    const { edit } = setup();
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Edit contract' }));
    const noShow = c.getByLabelText('A session the client misses without notice uses one of the planned sessions');
    const cancelled = c.getByLabelText('A session cancelled with notice uses one of the planned sessions');
    expect(noShow).toBeChecked();
    expect(cancelled).not.toBeChecked();
    await fireEvent.click(cancelled);
    await type(c, 'Anything else agreed about missed sessions', 'Illness with a doctor’s note is rebooked.');
    await fireEvent.click(c.getByRole('button', { name: 'Save contract' }));
    await waitFor(() => expect(c.getByText('Contract saved.')).toBeInTheDocument());
    expect(edit).toHaveBeenCalledWith({
      op: 'update_course',
      course_id: COURSE_ID,
      course: {
        ...contractOf(sampleCourse()),
        no_show_counts: true,
        cancellation_counts: true,
        missed_sessions: 'Illness with a doctor’s note is rebooked.',
      },
    });
  });

  it('shows a refused rule for missed sessions beside its checkbox', async () => {
    const { edit } = setup();
    refuse(edit, 'cancellation_counts', 'This cannot be changed once the course has concluded.');
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Edit contract' }));
    const cancelled = c.getByLabelText('A session cancelled with notice uses one of the planned sessions');
    await fireEvent.click(cancelled);
    await fireEvent.click(c.getByRole('button', { name: 'Save contract' }));
    const message = await c.findByText('This cannot be changed once the course has concluded.');
    expect(cancelled.getAttribute('aria-describedby')).toBe(message.id);
    expect(cancelled).toHaveFocus();
    expect(cancelled).toBeChecked();
  });

  it('shows the core’s refusal of a second active course', async () => {
    const { edit } = setup();
    refuse(
      edit,
      'status',
      'This client already has an active course; conclude it before starting another.',
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Start a new course' }));
    const form = within(screen.getByRole('region', { name: 'Start a new course' }));
    // A second course starts as acute too: maintenance is chosen, with its own terms.
    expect((form.getByLabelText('Kind of course') as HTMLSelectElement).value).toBe('acute');
    await fireEvent.click(form.getByRole('button', { name: 'Start course' }));
    const alert = await form.findByRole('alert');
    expect(alert).toHaveTextContent(
      'This client already has an active course; conclude it before starting another.',
    );
  });

  it('shows a maintenance course by its review points, with no phase to override', () => {
    const progress = sampleProgress({
      planned: 24,
      current: 12,
      held: 11,
      left: 12,
      missed: 0,
      rebooked: 0,
      phase: 'maintenance',
      derived_phase: 'maintenance',
      review_every: 6,
      review_due: true,
      next_review: 12,
    });
    const c0 = sampleCourse({ kind: 'maintenance', planned_sessions: 24, frequency: 'monthly', review_every: 6, progress });
    setup(sampleRecord({ courses: [c0] }));
    const c = within(screen.getByRole('region', { name: `Maintenance (IPT-M), from ${day('2026-01-06')}` }));
    expect(c.getByText('Maintenance (IPT-M)', { selector: 'span' })).toBeInTheDocument();
    expect(c.getByText('review at this session')).toBeInTheDocument();
    expect(c.getByText(/^Review point\./)).toHaveTextContent(
      'Session 12 is a review point (every 6 sessions).',
    );
    expect(c.getByText('every 6 sessions, and at the last')).toBeInTheDocument();
    expect(c.queryByRole('button', { name: 'Override phase' })).toBeNull();
    expect(c.queryByRole('heading', { name: 'Booster sessions' })).toBeNull();
  });

  it('plans booster sessions after a course, in date order, and removes them after asking', async () => {
    const concluded = sampleCourse({
      status: 'concluded',
      ended_on: '2026-04-21',
      progress: sampleProgress({ course_status: 'concluded' }),
    });
    const { edit } = setup(sampleRecord({ courses: [concluded] }));
    const c = course();
    expect(c.getByText(/^None planned\./)).toBeInTheDocument();
    await fireEvent.click(c.getByRole('button', { name: 'Plan booster sessions' }));
    expect((c.getByLabelText(labelled('Agreed on')) as HTMLInputElement).value).toBe('2026-04-21');
    await fireEvent.input(c.getByLabelText(labelled('Booster 1')), { target: { value: '2026-07-21' } });
    await fireEvent.input(c.getByLabelText('Booster 3'), { target: { value: '2026-10-21' } });
    await fireEvent.click(c.getByRole('button', { name: 'Save booster plan' }));
    await waitFor(() => expect(c.getByText('2 booster sessions planned.')).toBeInTheDocument());
    expect(edit).toHaveBeenCalledWith({
      op: 'save_booster_plan',
      course_id: COURSE_ID,
      plan: { agreed_on: '2026-04-21', dates: ['2026-07-21', '2026-10-21'], note: null },
    });
  });

  it('shows a refused booster plan beside its dates and keeps what was typed', async () => {
    const { edit } = setup();
    refuse(edit, 'dates', 'The booster on 2026-01-01 falls before the day it was agreed (2026-02-20).');
    const c = course();
    await fireEvent.click(c.getByRole('button', { name: 'Plan booster sessions' }));
    const first = c.getByLabelText(labelled('Booster 1')) as HTMLInputElement;
    await fireEvent.input(first, { target: { value: '2026-01-01' } });
    await fireEvent.click(c.getByRole('button', { name: 'Save booster plan' }));
    const message = await c.findByText(/falls before the day it was agreed/);
    expect(first.getAttribute('aria-describedby')).toContain(message.id);
    expect(first.value).toBe('2026-01-01');
  });

  it('lists an agreed booster plan and asks before removing it', async () => {
    const planned = sampleCourse({
      boosters: {
        course_id: COURSE_ID,
        agreed_on: '2026-04-21',
        dates: ['2026-01-01', '2026-07-21'],
        note: 'Check the warning signs.',
        updated_at: '2026-04-21T10:00:00.000Z',
      },
    });
    const { edit } = setup(sampleRecord({ courses: [planned] }));
    const c = course();
    expect(c.getByText(`Booster 1: ${day('2026-01-01')}`, { exact: false })).toBeInTheDocument();
    expect(c.getByText('(date passed)')).toBeInTheDocument();
    expect(c.getByText(`Booster 2: ${day('2026-07-21')}`, { exact: false })).toBeInTheDocument();
    await fireEvent.click(c.getByRole('button', { name: 'Remove booster plan' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove the booster plan?' });
    expect(edit).not.toHaveBeenCalled();
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(c.getByText('Booster plan removed.')).toBeInTheDocument());
    expect(edit).toHaveBeenCalledWith({ op: 'remove_booster_plan', course_id: COURSE_ID });
  });

  it('shows course text that looks like markup as text', () => {
    const changes = [
      {
        kind: 'planned_sessions' as const,
        changed_on: '2026-01-20',
        from_value: '14',
        to_value: '16',
        reason: SCRIPT_NAME,
        recorded_at: '',
      },
    ];
    const { container } = setup(
      sampleRecord({ courses: [sampleCourse({ agreed_focus: IMG_NAME, changes })] }),
    );
    expect(screen.getByText(IMG_NAME)).toBeInTheDocument();
    expect(screen.getByText(SCRIPT_NAME)).toBeInTheDocument();
    expect(container.querySelector('script, img')).toBeNull();
  });
});
