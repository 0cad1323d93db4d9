import type { AppointmentPlace } from '../../lib/bindings/AppointmentPlace';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { TodayView } from '../../lib/bindings/TodayView';
import { day } from '../../lib/labels';
import { app } from '../../lib/state.svelte';
import { overdueOverview, sampleOverview } from '../../test/fixtures/backups';
import { SCRIPT_NAME, TODAY } from '../../test/fixtures/record';
import {
  CLIENTS,
  DECISION_REVIEW_ID,
  LEO_COURSE_ID,
  MONDAY,
  RUTH_COURSE_ID,
  RUTH_SUMMARY_ID,
  SESSIONS,
  TOM_COURSE_ID,
  TUESDAY,
  WEEK_END,
  emptyToday,
  sampleToday,
} from '../../test/fixtures/today';
import { ipcError, resetApp, routeInvoke, status } from '../../test/ipc';
import Today from './Today.svelte';
import { startTime, weekday } from './when';

const invokeMock = vi.mocked(invoke);

function region(name: string) {
  return within(screen.getByRole('region', { name }));
}

/** The list item in `list` that mentions `text`. */
function item(list: HTMLElement, text: string): HTMLElement {
  const found = within(list)
    .getAllByRole('listitem')
    .filter((li) => li.textContent?.includes(text));
  expect(found).toHaveLength(1);
  return found[0];
}

async function showDay(view: TodayView = sampleToday()) {
  routeInvoke(invokeMock, {
    today: () => view,
    check_vault: () => null,
    backup_overview: () => sampleOverview(),
  });
  const result = render(Today);
  await screen.findByRole('region', { name: 'Appointments' });
  return result;
}

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'unlocked' }));
});

describe('today: appointments', () => {
  it('shows today first, then the rest of the week by day', async () => {
    await showDay();
    const appointments = region('Appointments');
    expect(appointments.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Today',
      `${weekday(MONDAY)} ${day(MONDAY)}`,
      `${weekday(TUESDAY)} ${day(TUESDAY)}`,
    ]);

    const today = appointments.getByRole('list', { name: 'Today’s appointments' });
    const rows = within(today).getAllByRole('listitem');
    expect(rows.map((row) => within(row).getAllByRole('button')[0].textContent)).toEqual([
      CLIENTS.maria.name,
      CLIENTS.tom.name,
      CLIENTS.aisha.name,
      CLIENTS.leo.name,
    ]);
    expect(rows[0]).toHaveTextContent(startTime(TODAY, '09:00'));
    expect(rows[0]).toHaveTextContent('Middle phase · In person · 50 min');
    expect(rows[1]).toHaveTextContent('Conclusion phase · Video');
    expect(rows[2]).toHaveTextContent('Initial phase · Phone');

    const monday = appointments.getByRole('list', {
      name: `Appointments on ${weekday(MONDAY)} ${day(MONDAY)}`,
    });
    expect(within(monday).getAllByRole('listitem')).toHaveLength(2);
    expect(item(monday, CLIENTS.aisha.name)).toHaveTextContent('No time set');
    const tuesday = appointments.getByRole('list', {
      name: `Appointments on ${weekday(TUESDAY)} ${day(TUESDAY)}`,
    });
    expect(within(tuesday).getAllByRole('listitem')).toHaveLength(1);
  });

  it('shows where each session stands in its course: the sessions and weeks left', async () => {
    await showDay();
    const appointments = region('Appointments');
    const today = appointments.getByRole('list', { name: 'Today’s appointments' });
    expect(
      within(item(today, CLIENTS.maria.name)).getByText('Session 6 of 16 · 9 left, 1 missed · 9 weeks to planned end'),
    ).toBeInTheDocument();
    expect(within(item(today, CLIENTS.tom.name)).getByText('Session 14 of 16 · 2 left · 2 weeks to planned end')).toBeInTheDocument();
    expect(within(item(today, CLIENTS.leo.name)).getByText('Session 9 of 16 · 5 left, 2 missed · 6 weeks to planned end')).toBeInTheDocument();
    const tuesday = appointments.getByRole('list', { name: `Appointments on ${weekday(TUESDAY)} ${day(TUESDAY)}` });
    expect(within(tuesday).getByText('Session 7 of 16 · 8 left, 1 missed · 8 weeks to planned end')).toBeInTheDocument();
  });

  it('shows an assessment before a course without a number, and a maintenance review point', async () => {
    const view = sampleToday();
    const tom = view.appointments[1];
    view.appointments[0] = { ...view.appointments[0], place: null };
    view.appointments[1] = {
      ...tom,
      place: { ...(tom.place as AppointmentPlace), phase: 'maintenance', review_due: true },
    };
    await showDay(view);
    const today = region('Appointments').getByRole('list', { name: 'Today’s appointments' });
    const maria = item(today, CLIENTS.maria.name);
    expect(maria).toHaveTextContent('Assessment, before a course');
    expect(maria).toHaveTextContent('Assessment · In person · 50 min');
    expect(maria).not.toHaveTextContent(/Session \d/);
    expect(item(today, CLIENTS.tom.name)).toHaveTextContent('Maintenance (IPT-M) · review point · Video');
  });

  it('says when a session falls on or after the planned end, with none of the plan left', async () => {
    const view = sampleToday();
    const tom = view.appointments[1];
    view.appointments[1] = {
      ...tom,
      place: { ...(tom.place as AppointmentPlace), number: 16, left: 0, missed: 2, weeks_left: 0 },
    };
    await showDay(view);
    const today = region('Appointments').getByRole('list', { name: 'Today’s appointments' });
    expect(item(today, CLIENTS.tom.name)).toHaveTextContent('Session 16 of 16 · none left, 2 missed · planned end reached');
  });

  it('shows attendance only once it is more than "scheduled"', async () => {
    await showDay();
    const today = region('Appointments').getByRole('list', { name: 'Today’s appointments' });
    expect(item(today, CLIENTS.tom.name)).toHaveTextContent('Attended');
    expect(item(today, CLIENTS.leo.name)).toHaveTextContent('Cancelled');
    expect(item(today, CLIENTS.maria.name)).not.toHaveTextContent('Scheduled');
  });

  it('offers to start, continue or shows a signed note, and nothing for days to come', async () => {
    await showDay();
    const appointments = region('Appointments');
    const today = appointments.getByRole('list', { name: 'Today’s appointments' });

    const maria = within(item(today, CLIENTS.maria.name));
    expect(maria.getByRole('button', { name: `Start note for ${CLIENTS.maria.name}` })).toBeVisible();
    const tom = within(item(today, CLIENTS.tom.name));
    expect(tom.getByRole('button', { name: `Continue draft for ${CLIENTS.tom.name}` })).toBeVisible();
    expect(tom.queryByRole('button', { name: /Start note/ })).toBeNull();
    const aisha = within(item(today, CLIENTS.aisha.name));
    expect(aisha.getByText('Signed')).toBeInTheDocument();
    expect(aisha.getAllByRole('button')).toHaveLength(1);

    const later = appointments
      .getAllByRole('list')
      .filter((list) => list.getAttribute('aria-label') !== 'Today’s appointments');
    for (const list of later) {
      expect(within(list).queryByRole('button', { name: /Start note|Continue draft/ })).toBeNull();
    }
  });

  it('opens the session in the record from the note buttons and the name', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    await showDay();
    const appointments = region('Appointments');
    await fireEvent.click(
      appointments.getByRole('button', { name: `Start note for ${CLIENTS.maria.name}` }),
    );
    // "Start note" asks the record to start it; the other buttons only open the session.
    expect(openRecord).toHaveBeenLastCalledWith(
      CLIENTS.maria.id,
      'sessions',
      SESSIONS.mariaToday,
      true,
    );
    await fireEvent.click(
      appointments.getByRole('button', { name: `Continue draft for ${CLIENTS.tom.name}` }),
    );
    expect(openRecord).toHaveBeenLastCalledWith(CLIENTS.tom.id, 'sessions', SESSIONS.tomToday, false);
    await fireEvent.click(appointments.getByRole('button', { name: CLIENTS.ruth.name }));
    expect(openRecord).toHaveBeenLastCalledWith(CLIENTS.ruth.id, 'sessions', SESSIONS.ruthMonday, false);
    expect(openRecord).toHaveBeenCalledTimes(3);
  });
});

describe('today: other sections', () => {
  it('lists the conclusion work with its state in words', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    await showDay();
    const conclusion = region('Entering the conclusion phase');
    expect(conclusion.getByText(`Session 14 of 16 · 2 left · planned end ${day('2026-03-06')}`)).toBeVisible();
    const checklist = conclusion.getByRole('list', { name: `Conclusion work for ${CLIENTS.tom.name}` });
    const lines = within(checklist)
      .getAllByRole('listitem')
      .map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      '– Talk about the ending and what it brings up: not tracked by the record',
      '✓ Rate progress on each open goal: done recently',
      '○ Draw the closeness circle again to set beside intake: to do',
      '○ Name the warning signs of a new episode, with what to do and whom to call: to do',
      '– Agree what follows: nothing, booster sessions or maintenance: not tracked by the record',
    ]);
    await fireEvent.click(conclusion.getByRole('button', { name: CLIENTS.tom.name }));
    expect(openRecord).toHaveBeenCalledWith(CLIENTS.tom.id, 'sessions', null);
  });

  it('starts or opens the conclusion summary from the conclusion list, and nothing once signed', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    const view = sampleToday();
    view.conclusion = [
      view.conclusion[0],
      { ...view.conclusion[0], client_id: CLIENTS.maria.id, client_name: CLIENTS.maria.name, course_id: 84, summary: 'draft', summary_id: 92 },
      { ...view.conclusion[0], client_id: CLIENTS.aisha.id, client_name: CLIENTS.aisha.name, course_id: 85, summary: 'signed', summary_id: 93 },
    ];
    await showDay(view);
    const conclusion = region('Entering the conclusion phase');
    await fireEvent.click(
      conclusion.getByRole('button', { name: `Start the conclusion summary for ${CLIENTS.tom.name}` }),
    );
    // Starting asks the record to start the summary on its Conclusion tab.
    expect(openRecord).toHaveBeenLastCalledWith(CLIENTS.tom.id, 'conclusion', null, true, null, TOM_COURSE_ID, null);
    await fireEvent.click(
      conclusion.getByRole('button', { name: `Open the summary draft for ${CLIENTS.maria.name}` }),
    );
    expect(openRecord).toHaveBeenLastCalledWith(CLIENTS.maria.id, 'conclusion', null, false, null, 84, 92);
    const list = conclusion.getAllByRole('list')[0];
    expect(within(item(list, CLIENTS.aisha.name)).getAllByRole('button')).toHaveLength(1);
  });

  it('lists the conclusion summaries still to finish, with the same buttons', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    await showDay();
    const waiting = region('Conclusion summaries to finish');
    const list = waiting.getByRole('list');
    const ruth = within(item(list, CLIENTS.ruth.name));
    expect(ruth.getByText(`Course ended on ${day('2026-02-06')}`)).toBeInTheDocument();
    expect(ruth.getByText('Draft')).toBeInTheDocument();
    const leo = within(item(list, CLIENTS.leo.name));
    expect(leo.getByText('Not started')).toBeInTheDocument();
    await fireEvent.click(ruth.getByRole('button', { name: `Open the summary draft for ${CLIENTS.ruth.name}` }));
    expect(openRecord).toHaveBeenLastCalledWith(CLIENTS.ruth.id, 'conclusion', null, false, null, RUTH_COURSE_ID, RUTH_SUMMARY_ID);
    await fireEvent.click(leo.getByRole('button', { name: `Start the conclusion summary for ${CLIENTS.leo.name}` }));
    expect(openRecord).toHaveBeenLastCalledWith(CLIENTS.leo.id, 'conclusion', null, true, null, LEO_COURSE_ID, null);
  });

  it('counts missed sessions in the conclusion line and says when the planned end has passed', async () => {
    const view = sampleToday();
    view.conclusion[0] = {
      ...view.conclusion[0],
      current: 11,
      left: 3,
      missed: 2,
      planned_end: '2026-02-17',
      past_planned_end: true,
    };
    await showDay(view);
    expect(
      region('Entering the conclusion phase').getByText(
        `Session 11 of 16 · 3 left, 2 missed · planned end ${day('2026-02-17')} passed`,
      ),
    ).toBeInTheDocument();
  });

  it('lists notes to sign, marking those waiting too long', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    await showDay();
    const notes = region('Notes to sign');
    const list = notes.getByRole('list');
    const leo = item(list, CLIENTS.leo.name);
    expect(leo).toHaveTextContent(`Session on ${day('2026-02-12')} · 8 days ago`);
    expect(leo).toHaveTextContent('Waiting more than 3 days');
    const rows = within(list).getAllByRole('listitem');
    expect(rows[1]).toHaveTextContent(`Session on ${day('2026-02-19')} · 1 day ago`);
    expect(rows[2]).toHaveTextContent(`Session on ${day(TODAY)} · today`);
    expect(notes.getAllByText(/Waiting more than/)).toHaveLength(1);

    await fireEvent.click(
      within(leo).getByRole('button', { name: `Open note for ${CLIENTS.leo.name}, ${day('2026-02-12')}` }),
    );
    expect(openRecord).toHaveBeenCalledWith(CLIENTS.leo.id, 'sessions', SESSIONS.leoEarlier);
  });

  it('says "1 day" when the limit is a single day', async () => {
    await showDay(sampleToday({ unsigned_after_days: 1 }));
    expect(region('Notes to sign').getByText('Waiting more than 1 day')).toBeInTheDocument();
  });

  it('lists risk flags with level, date and action, opening the note or the safety plan', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    await showDay();
    const risk = region('Risk');
    const list = risk.getByRole('list');
    const leo = item(list, CLIENTS.leo.name);
    expect(leo).toHaveTextContent('Raised risk at the last signed check');
    expect(leo).toHaveTextContent(`Level: High · checked on ${day('2026-02-12')}`);
    expect(leo).toHaveTextContent('Action taken: Safety plan reviewed together, Prescriber or GP contacted');
    expect(leo).toHaveTextContent('What was done: GP told the same day; his brother is staying with him this week.');
    expect(leo).toHaveTextContent('Stays here until a signed note records a lower level with its assessment.');
    expect(leo).not.toHaveTextContent('No action recorded.');
    const ruth = item(list, CLIENTS.ruth.name);
    expect(ruth).toHaveTextContent('Level: Moderate');
    expect(ruth).toHaveTextContent('No action recorded.');
    const aisha = item(list, CLIENTS.aisha.name);
    expect(aisha).toHaveTextContent('Safety plan review due');
    expect(aisha).toHaveTextContent(`Review date: ${day('2026-02-18')}`);

    await fireEvent.click(within(leo).getByRole('button', { name: `Open the note for ${CLIENTS.leo.name}` }));
    expect(openRecord).toHaveBeenLastCalledWith(CLIENTS.leo.id, 'sessions', SESSIONS.leoEarlier);
    await fireEvent.click(
      within(aisha).getByRole('button', { name: `Open the safety plan for ${CLIENTS.aisha.name}` }),
    );
    expect(openRecord).toHaveBeenLastCalledWith(CLIENTS.aisha.id, 'safety', null);
  });

  it('puts a session missed at raised risk first, plainly, and opens the last risk check', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    const view = sampleToday();
    // As the core may send it, after the flag it comes from: it comes first all the same.
    view.risk_flags.push({
      ...view.risk_flags[1],
      kind: 'missed_while_raised',
      on: '2026-02-19',
      actions: [],
      action: null,
    });
    await showDay(view);
    const rows = within(region('Risk').getByRole('list')).getAllByRole('listitem');
    const missed = rows[0];
    expect(missed).toHaveTextContent(CLIENTS.ruth.name);
    expect(missed).toHaveClass('urgent');
    expect(within(missed).getByText('Missed session while at raised risk')).toHaveClass('danger');
    expect(missed).toHaveTextContent(`Missed on ${day('2026-02-19')} · level at the last signed check: Moderate`);
    expect(missed).toHaveTextContent('Follow up today: try to reach the client, and record what was done.');
    expect(missed).not.toHaveTextContent('No action recorded.');
    expect(rows.filter((row) => row.classList.contains('urgent'))).toHaveLength(1);
    await fireEvent.click(
      within(missed).getByRole('button', { name: `Open the last risk check for ${CLIENTS.ruth.name}` }),
    );
    expect(openRecord).toHaveBeenCalledWith(CLIENTS.ruth.id, 'sessions', SESSIONS.ruthEarlier);
  });

  it('shows a raised level in a draft as not signed, and marks an archived or concluded client', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    const view = sampleToday({
      risk_flags: [
        {
          client_id: CLIENTS.tom.id,
          client_name: CLIENTS.tom.name,
          kind: 'raised_in_draft',
          level: 'high',
          on: '2026-02-19',
          actions: ['emergency_services'],
          action: null,
          session_id: SESSIONS.tomYesterday,
          client_inactive: false,
          measure: null,
        },
        { ...sampleToday().risk_flags[1], client_inactive: true },
      ],
    });
    await showDay(view);
    const list = region('Risk').getByRole('list');
    const tom = item(list, CLIENTS.tom.name);
    expect(within(tom).getByText('Raised risk in an unsigned draft')).toHaveClass('danger');
    expect(tom).toHaveTextContent(`Level: High · session on ${day('2026-02-19')}`);
    expect(tom).toHaveTextContent('Action taken: Emergency services called');
    expect(tom).toHaveTextContent('Sign the note so the level and the action taken are on the record.');
    await fireEvent.click(within(tom).getByRole('button', { name: `Open the draft for ${CLIENTS.tom.name}` }));
    expect(openRecord).toHaveBeenCalledWith(CLIENTS.tom.id, 'sessions', SESSIONS.tomYesterday);
    const ruth = item(list, CLIENTS.ruth.name);
    expect(ruth).toHaveTextContent('Archived or concluded — the flag stays until a signed note closes it.');
    expect(tom).not.toHaveTextContent('Archived or concluded');
  });

  it('lists the tasks to ask about as text, agreed for a day, opening the client’s sessions', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    await showDay();
    const tasks = region('Tasks to ask about');
    const list = tasks.getByRole('list');
    const maria = item(list, CLIENTS.maria.name);
    expect(maria).toHaveTextContent('Ring her sister to plan a walk together');
    expect(maria).toHaveTextContent(`agreed for ${day('2026-02-17')}`);
    expect(tasks.queryByText(/overdue|\bdue\b/i)).toBeNull();
    expect(tasks.getByText(SCRIPT_NAME)).toBeInTheDocument();
    expect(list.querySelector('script')).toBeNull();

    await fireEvent.click(within(maria).getByRole('button', { name: CLIENTS.maria.name }));
    expect(openRecord).toHaveBeenCalledWith(CLIENTS.maria.id, 'sessions', null);
  });

  it('lists a decision analysis due for review with its client and day, opening the worksheet', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    await showDay();
    const reviews = region('Decisions to review');
    const list = reviews.getByRole('list');
    const aisha = item(list, CLIENTS.aisha.name);
    expect(aisha).toHaveTextContent('Whether to go back to full-time work');
    expect(aisha).toHaveTextContent(`review due ${day('2026-02-18')}`);

    await fireEvent.click(
      within(aisha).getByRole('button', { name: `Open decision analysis for ${CLIENTS.aisha.name}` }),
    );
    expect(openRecord).toHaveBeenCalledExactlyOnceWith(
      CLIENTS.aisha.id,
      'worksheets',
      null,
      false,
      DECISION_REVIEW_ID,
    );
  });

  it('names a decision without a problem written by its kind, and shows its text as text', async () => {
    await showDay(
      sampleToday({
        decision_reviews: [
          { ...sampleToday().decision_reviews[0], problem: null },
          {
            worksheet_id: 502,
            client_id: CLIENTS.ruth.id,
            client_name: CLIENTS.ruth.name,
            problem: SCRIPT_NAME,
            review_on: TODAY,
          },
        ],
      }),
    );
    const list = region('Decisions to review').getByRole('list');
    expect(item(list, CLIENTS.aisha.name)).toHaveTextContent('Decision analysis');
    const ruth = item(list, CLIENTS.ruth.name);
    expect(within(ruth).getByText(SCRIPT_NAME)).toBeInTheDocument();
    expect(ruth).toHaveTextContent(`review due ${day(TODAY)}`);
    expect(list.querySelector('script')).toBeNull();
  });

  it('opens the record at the worksheet itself, through the record request', async () => {
    await showDay();
    const aisha = item(region('Decisions to review').getByRole('list'), CLIENTS.aisha.name);
    await fireEvent.click(within(aisha).getByRole('button', { name: /Open decision analysis/ }));
    expect(app.recordRequest).toMatchObject({
      clientId: CLIENTS.aisha.id,
      tab: 'worksheets',
      sessionId: null,
      start: false,
      worksheetId: DECISION_REVIEW_ID,
    });
    expect(app.view).toBe('clients');
  });

  it('says so plainly when a section has nothing in it', async () => {
    await showDay(emptyToday());
    const appointments = region('Appointments');
    expect(appointments.getByText('No sessions booked for today.')).toBeInTheDocument();
    expect(appointments.getByText(`Nothing else is booked up to ${day(WEEK_END)}.`)).toBeInTheDocument();
    expect(appointments.queryByRole('list')).toBeNull();
    expect(
      region('Entering the conclusion phase').getByText(/No client is at the conclusion phase/),
    ).toBeInTheDocument();
    expect(region('Notes to sign').getByText('Every session note is signed.')).toBeInTheDocument();
    expect(region('Risk').getByText(/no safety plan is due for review/)).toBeInTheDocument();
    expect(
      region('Tasks to ask about').getByText('No open work-at-home task has passed the day it was agreed for.'),
    ).toBeInTheDocument();
    // Decisions come up for review only now and then: with none due, the section is left out.
    expect(screen.queryByRole('region', { name: 'Decisions to review' })).toBeNull();
  });
});

describe('today: loading', () => {
  it('is busy while loading and keeps the vault check at the bottom', async () => {
    let answer: (view: TodayView) => void = () => undefined;
    routeInvoke(invokeMock, {
      today: () => new Promise<TodayView>((resolve) => (answer = resolve)),
      backup_overview: () => sampleOverview(),
    });
    const { container } = render(Today);
    const day = container.querySelector('.day');
    expect(day).toHaveAttribute('aria-busy', 'true');
    expect(within(day as HTMLElement).getByRole('status')).toHaveTextContent('Loading your day…');
    expect(screen.getByRole('region', { name: 'Vault health' })).toBeInTheDocument();

    answer(sampleToday());
    await screen.findByRole('region', { name: 'Appointments' });
    expect(day).toHaveAttribute('aria-busy', 'false');
    const regions = screen.getAllByRole('region').map((r) => r.querySelector('h2')?.textContent);
    expect(regions).toEqual([
      'Appointments',
      'Entering the conclusion phase',
      'Conclusion summaries to finish',
      'Notes to sign',
      'Risk',
      'Tasks to ask about',
      'Decisions to review',
      'Vault health',
    ]);
  });

  it('shows why it failed and tries again on request', async () => {
    let fail = true;
    routeInvoke(invokeMock, {
      today: () => {
        if (fail) throw ipcError('database', 'The vault could not be read.');
        return sampleToday();
      },
      backup_overview: () => sampleOverview(),
    });
    render(Today);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The vault could not be read.');
    expect(screen.queryByRole('region', { name: 'Appointments' })).toBeNull();

    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'Appointments' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    await waitFor(() =>
      expect(invokeMock.mock.calls.filter(([command]) => command === 'today')).toHaveLength(2),
    );
  });
});

describe('today: backup reminder', () => {
  it('sits under the date, above the day’s panels', async () => {
    routeInvoke(invokeMock, {
      today: () => sampleToday(),
      check_vault: () => null,
      backup_overview: () => overdueOverview(),
    });
    render(Today);
    const button = await screen.findByRole('button', { name: 'Back up now…' });
    const appointments = await screen.findByRole('region', { name: 'Appointments' });
    const heading = screen.getByRole('heading', { level: 1 });
    expect(heading.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(
      button.compareDocumentPosition(appointments) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('leaves Today whole when the backups cannot be read', async () => {
    routeInvoke(invokeMock, {
      today: () => sampleToday(),
      check_vault: () => null,
      backup_overview: () => {
        throw ipcError('database', 'The backup list could not be read.');
      },
    });
    render(Today);
    expect(await screen.findByRole('region', { name: 'Appointments' })).toBeInTheDocument();
    await waitFor(() =>
      expect(invokeMock.mock.calls.some(([command]) => command === 'backup_overview')).toBe(true),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.queryByText(/backup/i)).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
