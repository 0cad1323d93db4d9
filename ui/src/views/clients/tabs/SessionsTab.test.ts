import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('../tasks/WorkAtHome.svelte', () => import('../../../test/fixtures/TasksStub.svelte'));
vi.mock('../tasks/TasksPanel.svelte', () => import('../../../test/fixtures/TasksStub.svelte'));

import type { ClientRecord } from '../../../lib/bindings/ClientRecord';
import { day, time } from '../../../lib/labels';
import {
  DRAFT_SESSION_ID,
  SIGNED_SESSION_ID,
  TODAY_SESSION_ID,
  draftNote,
  noteView,
  notesRecord,
  signedNote,
} from '../../../test/fixtures/notes';
import { CLIENT_ID, emptyRecord } from '../../../test/fixtures/record';
import { acceptingEdit } from '../../../test/fixtures/tab';
import { ipcError, routeInvoke } from '../../../test/ipc';
import SessionsTab from './SessionsTab.svelte';

const invokeMock = vi.mocked(invoke);

function calls(command: string): Record<string, unknown>[] {
  return invokeMock.mock.calls
    .filter(([name]) => name === command)
    .map(([, args]) => args as Record<string, unknown>);
}

function renderSessions(
  record: ClientRecord = notesRecord(),
  request: { sessionId: number | null; start?: boolean; serial: number } | null = null,
) {
  const edit = acceptingEdit(record);
  const reload = vi.fn(async () => {});
  return { edit, reload, ...render(SessionsTab, { record, edit, request, reload }) };
}

function sessionButton(date: string) {
  return screen.getByRole('button', { name: new RegExp(`^${day(date)}, ${time(date, '10:00')}`) });
}

beforeEach(() => {
  invokeMock.mockReset();
});

describe('sessions & notes tab', () => {
  it('lists every session, newest first, with its number or what happened and its note', () => {
    renderSessions();
    const list = within(screen.getByRole('navigation', { name: 'Sessions' }));
    const names = list.getAllByRole('button').map((b) => b.textContent?.replace(/\s+/g, ' ').trim());
    expect(names).toEqual([
      `${day('2026-03-03')}, ${time('2026-03-03', '10:00')} Booked · No note`,
      `${day('2026-02-24')}, ${time('2026-02-24', '10:00')} Booked · No note`,
      `${day('2026-02-17')}, ${time('2026-02-17', '10:00')} Session 5 · Draft`,
      `${day('2026-02-10')}, ${time('2026-02-10', '10:00')} Did not attend · counts against the plan · No note`,
      `${day('2026-02-03')}, ${time('2026-02-03', '10:00')} Session 4 · Signed`,
      `${day('2026-01-27')}, ${time('2026-01-27', '10:00')} Cancelled · rebooked · No note`,
      `${day('2026-01-20')}, ${time('2026-01-20', '10:00')} Session 3 · Signed`,
      `${day('2026-01-13')}, ${time('2026-01-13', '10:00')} Session 2 · Signed + 2 amendments · private note`,
      `${day('2026-01-06')}, ${time('2026-01-06', '10:00')} Session 1 · Signed`,
    ]);
    // With no note open, the client's tasks are shown.
    expect(screen.getByTestId('tasks-stub').textContent).toContain('All tasks');
  });

  it('says so when there are no sessions yet', () => {
    renderSessions(emptyRecord());
    expect(screen.getByText(/No sessions yet/)).toBeInTheDocument();
  });

  it('opens the note of a session that has one', async () => {
    routeInvoke(invokeMock, { open_note: () => noteView(signedNote()) });
    renderSessions();
    await fireEvent.click(sessionButton('2026-02-03'));
    expect(await screen.findByRole('heading', { name: 'Session 4 of 16' })).toBeInTheDocument();
    expect(calls('open_note')).toEqual([{ clientId: CLIENT_ID, sessionId: SIGNED_SESSION_ID }]);
    expect(sessionButton('2026-02-03')).toHaveAttribute('aria-current', 'true');
    expect(screen.queryByText('All tasks')).toBeNull();
  });

  it('offers to start the note of a past session without one, then refreshes the list', async () => {
    const missed = draftNote({ id: 306, session: { ...draftNote().session, id: 106, number: null, attendance: 'no_show', held_on: '2026-02-10' } });
    routeInvoke(invokeMock, { start_note: () => noteView(missed) });
    const { reload } = renderSessions();
    await fireEvent.click(sessionButton('2026-02-10'));
    expect(screen.getByRole('heading', { name: `${day('2026-02-10')}, ${time('2026-02-10', '10:00')} · Did not attend` })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Start note' }));
    expect(await screen.findByRole('heading', { name: 'Missed session (did not attend)' })).toBeInTheDocument();
    expect(calls('start_note')).toEqual([{ clientId: CLIENT_ID, sessionId: 106 }]);
    expect(reload).toHaveBeenCalled();
  });

  it('only says a future session is booked', async () => {
    renderSessions();
    await fireEvent.click(sessionButton('2026-02-24'));
    expect(screen.getByText('This session is booked. Its note can be started on the day.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start note' })).toBeNull();
  });

  it('starts today’s note', async () => {
    const today = draftNote({
      id: 310,
      session: { ...draftNote().session, id: TODAY_SESSION_ID, number: 6, held_on: '2026-02-20', start_time: '15:00', attendance: 'attended' },
    });
    routeInvoke(invokeMock, { start_note: () => noteView(today) });
    const { reload } = renderSessions();
    const button = screen.getByRole('button', { name: 'New note for today' });
    expect(button).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+N');
    await fireEvent.click(button);
    expect(await screen.findByRole('heading', { name: 'Session 6 of 16' })).toBeInTheDocument();
    expect(calls('start_note')).toEqual([{ clientId: CLIENT_ID, sessionId: null }]);
    expect(reload).toHaveBeenCalled();
  });

  it('explains why today’s note cannot be started', async () => {
    routeInvoke(invokeMock, {
      start_note: () => {
        throw ipcError('conflict', 'There is no active course to add a session to.');
      },
    });
    renderSessions(emptyRecord());
    await fireEvent.click(screen.getByRole('button', { name: 'New note for today' }));
    expect((await screen.findByRole('alert')).textContent).toContain('There is no active course to add a session to.');
  });

  it('opens the note a request from elsewhere asks for', async () => {
    routeInvoke(invokeMock, { open_note: () => noteView() });
    renderSessions(notesRecord(), { sessionId: DRAFT_SESSION_ID, serial: 4 });
    expect(await screen.findByRole('heading', { name: 'Session 5 of 16' })).toBeInTheDocument();
    expect(calls('open_note')).toEqual([{ clientId: CLIENT_ID, sessionId: DRAFT_SESSION_ID }]);
  });

  it('shows a requested session that has no note yet', async () => {
    routeInvoke(invokeMock, {});
    renderSessions(notesRecord(), { sessionId: 104, serial: 2 });
    expect(await screen.findByRole('heading', { name: `${day('2026-01-27')}, ${time('2026-01-27', '10:00')} · Cancelled` })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start note' })).toBeInTheDocument();
    expect(calls('open_note')).toHaveLength(0);
  });

  it('starts the note of a requested session when asked to (Today’s “Start note”)', async () => {
    routeInvoke(invokeMock, { start_note: () => noteView() });
    renderSessions(notesRecord(), { sessionId: 104, start: true, serial: 3 });
    expect(await screen.findByRole('heading', { name: 'Session 5 of 16' })).toBeInTheDocument();
    expect(calls('start_note')).toEqual([{ clientId: CLIENT_ID, sessionId: 104 }]);
  });

  it('starts today’s note when asked by the record’s shortcut', async () => {
    routeInvoke(invokeMock, { start_note: () => noteView() });
    const record = notesRecord();
    const edit = acceptingEdit(record);
    const view = render(SessionsTab, { record, edit, request: null, startToday: 0 });
    expect(calls('start_note')).toHaveLength(0);
    await view.rerender({ record, edit, request: null, startToday: 1 });
    expect(await screen.findByRole('heading', { name: 'Session 5 of 16' })).toBeInTheDocument();
    expect(calls('start_note')).toEqual([{ clientId: CLIENT_ID, sessionId: null }]);
  });
});
