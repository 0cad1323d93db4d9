import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

import type { ClientRecord } from '../../../lib/bindings/ClientRecord';
import { day } from '../../../lib/labels';
import { GOAL_IDS, IMG_NAME, SCRIPT_NAME, sampleGoals } from '../../../test/fixtures/record';
import { type EditMock, acceptingEdit, choose, input, labelled, refusingEdit, region } from '../../../test/fixtures/tab';
import {
  DEFAULT_DUE,
  TASK_IDS,
  THIS_SESSION_DATE,
  THIS_SESSION_ID,
  sampleTask,
  taskRecord,
} from '../../../test/fixtures/tasks';
import WorkAtHome from './WorkAtHome.svelte';

const REVIEW = 'To review from earlier sessions';
const SET_HERE = 'Agreed in this session';
const ADD = 'To try before next time';

function show(record: ClientRecord, { readonly = false, edit }: { readonly?: boolean; edit?: EditMock } = {}) {
  const mock = edit ?? acceptingEdit(record);
  const rendered = render(WorkAtHome, {
    record,
    sessionId: THIS_SESSION_ID,
    sessionDate: THIS_SESSION_DATE,
    readonly,
    edit: mock,
  });
  return { edit: mock, ...rendered };
}

/** The list item holding the task worded `text`, inside the part named `part`. */
function task(part: string, text: string) {
  const item = region(part).getByText(text).closest('li');
  if (!item) throw new Error(`no task ${text}`);
  return within(item as HTMLElement);
}

function descriptions(part: string): string[] {
  return region(part)
    .queryAllByRole('listitem')
    .map((li) => li.querySelector('.description')?.textContent ?? '');
}

describe('work-at-home tasks in a session note', () => {
  it('reviews the open tasks from before, and those already reviewed here, in the core’s order', () => {
    show(taskRecord());
    expect(descriptions(REVIEW)).toEqual([
      'Ten minutes with Tom on the shopping budget, at a calm moment.',
      'Text Priya to suggest a walk.',
      'A short walk after work on two evenings.',
      'Note each evening one moment with Tom that went well.',
    ]);
    // Agreed here, agreed in a later session, or finished and reviewed before: not for review.
    expect(descriptions(SET_HERE)).toEqual(['Ring Lucia and tell her about the move.']);
  });

  it('says what each task serves, the day it was agreed for, when it was agreed, and which to ask about', () => {
    show(taskRecord());
    const budget = task(REVIEW, 'Ten minutes with Tom on the shopping budget, at a calm moment.');
    expect(budget.getByText('Agree with Tom how money and chores are shared.')).toBeInTheDocument();
    expect(budget.getByText(day('2026-02-10'))).toBeInTheDocument();
    expect(budget.getByText('To ask about')).toBeInTheDocument();
    expect(budget.getByText(`Session 3, ${day('2026-01-20')}`)).toBeInTheDocument();
    expect(budget.getByText('Partly tried', { selector: 'span' })).toBeInTheDocument();

    const priya = task(REVIEW, 'Text Priya to suggest a walk.');
    expect(priya.getByText('Role transition')).toBeInTheDocument();
    expect(priya.queryByText('To ask about')).toBeNull();

    const walk = task(REVIEW, 'A short walk after work on two evenings.');
    expect(walk.getByText('Between sessions')).toBeInTheDocument();
    expect(walk.getByText('No date set')).toBeInTheDocument();

    const diary = task(REVIEW, 'Note each evening one moment with Tom that went well.');
    expect(diary.getByText('In this session')).toBeInTheDocument();
    expect((diary.getByLabelText('Status') as HTMLSelectElement).value).toBe('done');
    expect((diary.getByLabelText('How it went') as HTMLTextAreaElement).value).toBe(
      'Found three good moments; kept the diary by the bed.',
    );
  });

  it('sends a review for this session with what was typed', async () => {
    const { edit } = show(taskRecord());
    const priya = task(REVIEW, 'Text Priya to suggest a walk.');
    await choose(priya.getByLabelText('Status'), 'partly');
    await input(priya.getByLabelText('What got in the way'), 'Felt she was imposing.\nPriya was away.');
    await input(priya.getByLabelText('How it went'), '  ');
    await fireEvent.click(priya.getByRole('button', { name: 'Save review' }));
    expect(edit).toHaveBeenCalledTimes(1);
    expect(edit).toHaveBeenCalledWith({
      op: 'review_task',
      task_id: TASK_IDS.priya,
      session_id: THIS_SESSION_ID,
      status: 'partly',
      barriers: 'Felt she was imposing.\nPriya was away.',
      outcome: null,
    });
    expect(await priya.findByText('Review saved.')).toBeInTheDocument();
  });

  it('shows a refused review next to its field and keeps the words', async () => {
    show(taskRecord(), { edit: refusingEdit('outcome', 'Keep this shorter.') });
    const priya = task(REVIEW, 'Text Priya to suggest a walk.');
    const outcome = priya.getByLabelText('How it went') as HTMLTextAreaElement;
    await input(outcome, 'They walked by the river.');
    await fireEvent.click(priya.getByRole('button', { name: 'Save review' }));
    const message = await priya.findByText('Keep this shorter.');
    expect(outcome.getAttribute('aria-describedby')).toContain(message.id);
    expect(outcome.value).toBe('They walked by the river.');
  });

  it('adds a task agreed in this session, for a week later by default', async () => {
    const { edit } = show(taskRecord());
    const add = region(ADD);
    const due = add.getByLabelText('Agreed for') as HTMLInputElement;
    expect(due.value).toBe(DEFAULT_DUE);
    const description = add.getByLabelText(labelled('Task')) as HTMLTextAreaElement;
    await input(description, '  Ask Tom for one evening a week to plan meals together. ');
    await choose(add.getByLabelText('Goal or problem area'), 'area:role_dispute');
    await fireEvent.click(add.getByRole('button', { name: 'Add task' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_task',
      set_in_session: THIS_SESSION_ID,
      task: {
        description: 'Ask Tom for one evening a week to plan meals together.',
        goal_id: null,
        area: 'role_dispute',
        due_on: DEFAULT_DUE,
        status: 'not_started',
        barriers: null,
        outcome: null,
      },
    });
    expect(await screen.findByText('Task added.')).toBeInTheDocument();
    // A fresh form, ready for the next task.
    const fresh = region(ADD).getByLabelText(labelled('Task')) as HTMLTextAreaElement;
    expect(fresh.value).toBe('');
    expect(fresh).toHaveFocus();
  });

  it('links a new task to a goal', async () => {
    const { edit } = show(taskRecord());
    const add = region(ADD);
    const link = add.getByLabelText('Goal or problem area') as HTMLSelectElement;
    expect([...link.options].map((o) => o.text)).toEqual([
      'Not linked',
      'Goal: Agree with Tom how money and chores are shared.',
      'Goal: See a friend outside the home once a week.',
      'Problem area: Grief',
      'Problem area: Role dispute',
      'Problem area: Role transition',
      'Problem area: Interpersonal deficits / sensitivity',
    ]);
    await input(add.getByLabelText(labelled('Task')), 'Coffee with Priya.');
    await choose(link, `goal:${GOAL_IDS[1]}`);
    await input(add.getByLabelText('Agreed for'), '');
    await fireEvent.click(add.getByRole('button', { name: 'Add task' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'add_task',
      set_in_session: THIS_SESSION_ID,
      task: expect.objectContaining({ goal_id: GOAL_IDS[1], area: null, due_on: null }),
    });
  });

  it('keeps the typed task and shows the core’s refusal next to it', async () => {
    const { edit } = show(taskRecord(), { edit: refusingEdit('description', 'The task is too long.') });
    const add = region(ADD);
    const description = add.getByLabelText(labelled('Task')) as HTMLTextAreaElement;
    await input(description, 'Speak to Tom about the rota.');
    await fireEvent.click(add.getByRole('button', { name: 'Add task' }));
    const message = await add.findByText('The task is too long.');
    expect(message).toHaveAttribute('role', 'alert');
    expect(description.getAttribute('aria-describedby')).toContain(message.id);
    expect(description.value).toBe('Speak to Tom about the rota.');
    expect(edit).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('Task added.')).toBeNull();
  });

  it('shows a refused date next to the date', async () => {
    show(taskRecord(), { edit: refusingEdit('due_on', 'That is not a real date.') });
    const add = region(ADD);
    await input(add.getByLabelText(labelled('Task')), 'Speak to Tom.');
    await fireEvent.click(add.getByRole('button', { name: 'Add task' }));
    const message = await add.findByText('That is not a real date.');
    expect(add.getByLabelText('Agreed for').getAttribute('aria-describedby')).toContain(message.id);
  });

  it('asks for the task before sending anything', async () => {
    const { edit } = show(taskRecord());
    const add = region(ADD);
    await input(add.getByLabelText(labelled('Task')), '   ');
    await fireEvent.click(add.getByRole('button', { name: 'Add task' }));
    expect(add.getByText('Write down what the client will try.')).toBeInTheDocument();
    expect(edit).not.toHaveBeenCalled();
  });

  it('changes a task agreed in this session, sending its other fields back unchanged', async () => {
    const { edit } = show(taskRecord());
    const sister = task(SET_HERE, 'Ring Lucia and tell her about the move.');
    expect(sister.queryByText(/Session 5/)).toBeNull();
    const editButton = sister.getByRole('button', { name: 'Edit' });
    await fireEvent.click(editButton);
    const description = sister.getByLabelText(labelled('Task'));
    expect(description).toHaveFocus();
    await input(description, 'Ring Lucia on Sunday and tell her about the move.');
    await fireEvent.click(sister.getByRole('button', { name: 'Save task' }));
    expect(edit).toHaveBeenCalledWith({
      op: 'update_task',
      task_id: TASK_IDS.sister,
      task: {
        description: 'Ring Lucia on Sunday and tell her about the move.',
        goal_id: GOAL_IDS[1],
        area: null,
        due_on: DEFAULT_DUE,
        status: 'not_started',
        barriers: null,
        outcome: null,
      },
    });
    expect(await screen.findByText('Task saved.')).toBeInTheDocument();
    expect(region(SET_HERE).getByRole('button', { name: 'Edit' })).toHaveFocus();
  });

  it('shows a signed note’s tasks as text only', () => {
    const { container } = show(taskRecord(), { readonly: true });
    expect(container.querySelector('form, input, select, textarea, button')).toBeNull();
    const diary = task(REVIEW, 'Note each evening one moment with Tom that went well.');
    expect(diary.getByText('Done')).toBeInTheDocument();
    expect(diary.getByText('Found three good moments; kept the diary by the bed.')).toBeInTheDocument();
    const budget = task(REVIEW, 'Ten minutes with Tom on the shopping budget, at a calm moment.');
    expect(budget.getByText('Tom worked late most evenings.')).toBeInTheDocument();
    expect(descriptions(SET_HERE)).toEqual(['Ring Lucia and tell her about the move.']);
    expect(screen.queryByRole('region', { name: ADD })).toBeNull();
  });

  it('says so when there is nothing to review or nothing agreed yet', () => {
    show(taskRecord({ tasks: [] }));
    expect(region(REVIEW).getByText('No open tasks from earlier sessions.')).toBeInTheDocument();
    expect(region(SET_HERE).getByText('No tasks agreed in this session yet.')).toBeInTheDocument();
  });

  it('shows markup in the record as plain text', () => {
    const goals = sampleGoals();
    goals[0].description = IMG_NAME;
    const record = taskRecord({
      goals,
      tasks: [
        sampleTask({
          id: 301,
          description: SCRIPT_NAME,
          set_in_session: 105,
          goal_id: goals[0].id,
          barriers: IMG_NAME,
        }),
      ],
    });
    const { container } = show(record, { readonly: true });
    const item = task(REVIEW, SCRIPT_NAME);
    // Once as the goal the task serves, once as what got in the way.
    expect(item.getAllByText(IMG_NAME, { selector: 'dd' })).toHaveLength(2);
    expect(container.querySelector('script, img')).toBeNull();
  });
});
