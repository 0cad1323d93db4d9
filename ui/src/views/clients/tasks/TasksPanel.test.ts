import { fireEvent, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import { day } from '../../../lib/labels';
import { GOAL_IDS, SCRIPT_NAME, emptyRecord } from '../../../test/fixtures/record';
import { choose, input, labelled, refusingEdit, renderTab } from '../../../test/fixtures/tab';
import { TASK_IDS, sampleTask, taskRecord } from '../../../test/fixtures/tasks';
import TasksPanel from './TasksPanel.svelte';

function task(text: string) {
  const item = screen.getByText(text).closest('li');
  if (!item) throw new Error(`no task ${text}`);
  return within(item as HTMLElement);
}

describe('work-at-home tasks panel', () => {
  it('lists every task, open ones first, with those to ask about said in words', () => {
    renderTab(TasksPanel, taskRecord());
    expect(screen.getByRole('heading', { level: 2, name: 'Work-at-home tasks' })).toBeInTheDocument();
    expect(screen.getByText(/5 open, 1 to ask about · 7 in all/)).toBeInTheDocument();
    const items = screen.getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.description')?.textContent)).toEqual([
      'Ten minutes with Tom on the shopping budget, at a calm moment.',
      'Ring Lucia and tell her about the move.',
      'Text Priya to suggest a walk.',
      'Plan one thing for Saturday that is just for her.',
      'A short walk after work on two evenings.',
      'Note each evening one moment with Tom that went well.',
      'Write down who does which chores for one week.',
    ]);
    expect(screen.getAllByText('To ask about')).toHaveLength(1);

    const budget = task('Ten minutes with Tom on the shopping budget, at a calm moment.');
    expect(budget.getByText('To ask about')).toBeInTheDocument();
    expect(budget.getByText('Partly tried')).toBeInTheDocument();
    expect(budget.getByText('Agree with Tom how money and chores are shared.')).toBeInTheDocument();
    expect(budget.getByText(`Session 3, ${day('2026-01-20')}`)).toBeInTheDocument();
    expect(budget.getByText(day('2026-02-03'))).toBeInTheDocument();
    expect(budget.getByText('Tom worked late most evenings.')).toBeInTheDocument();

    // Agreed at a session that has not been held yet: its date, without a number.
    expect(task('Plan one thing for Saturday that is just for her.').getByText(day('2026-02-24'))).toBeInTheDocument();
    expect(task('A short walk after work on two evenings.').getByText('Between sessions')).toBeInTheDocument();
    const chores = task('Write down who does which chores for one week.');
    expect(chores.getByText('Done')).toBeInTheDocument();
    expect(chores.getByText('Saw she does most of the cooking.')).toBeInTheDocument();
  });

  it('adds a task agreed between sessions', async () => {
    const { edit } = renderTab(TasksPanel, taskRecord());
    const button = screen.getByRole('button', { name: 'Add a task' });
    await fireEvent.click(button);
    const form = within(screen.getByRole('region', { name: 'New task between sessions' }));
    const description = form.getByLabelText(labelled('Task'));
    expect(description).toHaveFocus();
    expect((form.getByLabelText('Agreed for') as HTMLInputElement).value).toBe('');
    await input(description, 'Look up the evening class times.');
    await choose(form.getByLabelText('Goal or problem area'), `goal:${GOAL_IDS[1]}`);
    await input(form.getByLabelText('Agreed for'), '2026-02-27');
    await fireEvent.click(form.getByRole('button', { name: 'Add task' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_task',
      set_in_session: null,
      task: {
        description: 'Look up the evening class times.',
        goal_id: GOAL_IDS[1],
        area: null,
        due_on: '2026-02-27',
        status: 'not_started',
        barriers: null,
        outcome: null,
      },
    });
    expect(await screen.findByText('Task added.')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'New task between sessions' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Add a task' })).toHaveFocus();
  });

  it('changes any task, status and review included', async () => {
    const { edit } = renderTab(TasksPanel, taskRecord());
    const priya = task('Text Priya to suggest a walk.');
    await fireEvent.click(priya.getByRole('button', { name: 'Edit' }));
    expect((priya.getByLabelText('Goal or problem area') as HTMLSelectElement).value).toBe('area:role_transition');
    await choose(priya.getByLabelText('Status'), 'done');
    await input(priya.getByLabelText('How it went'), 'They met for coffee instead.');
    await fireEvent.click(priya.getByRole('button', { name: 'Save task' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'update_task',
      task_id: TASK_IDS.priya,
      task: {
        description: 'Text Priya to suggest a walk.',
        goal_id: null,
        area: 'role_transition',
        due_on: '2026-03-01',
        status: 'done',
        barriers: null,
        outcome: 'They met for coffee instead.',
      },
    });
    expect(await screen.findByText('Task saved.')).toBeInTheDocument();
  });

  it('sends back a link the select cannot show when it was left alone', async () => {
    const record = taskRecord({
      tasks: [
        sampleTask({ id: 401, description: 'Ask Tom about Sunday.', goal_id: GOAL_IDS[0], area: 'role_dispute' }),
      ],
    });
    const { edit } = renderTab(TasksPanel, record);
    await fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await input(screen.getByLabelText('Agreed for'), '2026-03-08');
    await fireEvent.click(screen.getByRole('button', { name: 'Save task' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'update_task',
      task_id: 401,
      task: expect.objectContaining({ goal_id: GOAL_IDS[0], area: 'role_dispute', due_on: '2026-03-08' }),
    });
  });

  it('shows a refused change next to its field and keeps what was typed', async () => {
    renderTab(TasksPanel, taskRecord(), refusingEdit('goal_id', 'Choose one of this client’s goals.'));
    const priya = task('Text Priya to suggest a walk.');
    await fireEvent.click(priya.getByRole('button', { name: 'Edit' }));
    const barriers = priya.getByLabelText('What got in the way') as HTMLTextAreaElement;
    await input(barriers, 'A busy week.');
    await fireEvent.click(priya.getByRole('button', { name: 'Save task' }));
    const message = await priya.findByText('Choose one of this client’s goals.');
    expect(priya.getByLabelText('Goal or problem area').getAttribute('aria-describedby')).toContain(message.id);
    expect(barriers.value).toBe('A busy week.');
  });

  it('keeps every review of a task as a dated list, the latest shown first', () => {
    const record = taskRecord({
      tasks: [
        sampleTask({
          id: 402,
          description: 'Say no to one extra shift.',
          status: 'done',
          outcome: 'Said no twice.',
          reviews: [
            {
              session_id: 101,
              reviewed_on: '2026-01-06',
              status: 'not_attempted',
              barriers: 'The rota came out late.',
              outcome: null,
              recorded_at: '2026-01-06T10:50:00Z',
            },
            {
              session_id: 102,
              reviewed_on: '2026-01-13',
              status: 'done',
              barriers: null,
              outcome: 'Said no twice.',
              recorded_at: '2026-01-13T10:50:00Z',
            },
          ],
        }),
      ],
    });
    renderTab(TasksPanel, record);
    const shift = task('Say no to one extra shift.');
    expect(shift.getByText('Said no twice.')).toBeInTheDocument();
    expect(shift.getByText('Earlier reviews (1)')).toBeInTheDocument();
    const earlier = shift.getByRole('list', { name: 'Earlier reviews, oldest first' });
    expect(earlier).toHaveTextContent(`${day('2026-01-06')}`);
    expect(earlier).toHaveTextContent('What got in the way: The rota came out late.');
  });

  it('says when there are no tasks yet', () => {
    renderTab(TasksPanel, emptyRecord());
    expect(screen.getByText(/No work-at-home tasks yet/)).toBeInTheDocument();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('shows markup in a task as plain text', () => {
    const record = emptyRecord({
      tasks: [sampleTask({ id: 402, description: SCRIPT_NAME, outcome: SCRIPT_NAME, status: 'done' })],
    });
    const { container } = renderTab(TasksPanel, record);
    expect(screen.getAllByText(SCRIPT_NAME)).toHaveLength(2);
    expect(container.querySelector('script')).toBeNull();
  });
});
