// What the work-at-home views need to know about a task beyond its own fields: what it serves,
// when it was agreed, and which tasks belong in a session's review.

import type { ClientRecord } from '../../../lib/bindings/ClientRecord';
import type { Goal } from '../../../lib/bindings/Goal';
import type { ProblemArea } from '../../../lib/bindings/ProblemArea';
import type { Session } from '../../../lib/bindings/Session';
import type { SessionId } from '../../../lib/bindings/SessionId';
import type { Task } from '../../../lib/bindings/Task';
import type { TaskInput } from '../../../lib/bindings/TaskInput';
import type { TaskStatus } from '../../../lib/bindings/TaskStatus';
import { PROBLEM_AREA, day } from '../../../lib/labels';

/** The core's field names a task form shows next to an input. */
export const TASK_FIELDS = ['description', 'due_on', 'goal_id', 'area', 'status', 'barriers', 'outcome'] as const;

/** Still to be worked on, as the core counts it: carried into the next session's review. */
export function isOpen(status: TaskStatus): boolean {
  return status === 'not_started' || status === 'partly';
}

/** `iso` (YYYY-MM-DD) moved by whole days, worked out on the calendar so no clock change can
 * shift it. Text that is not a date comes back unchanged. */
export function addDays(iso: string, days: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days));
  return date.toISOString().slice(0, 10);
}

export function findSession(record: ClientRecord, id: SessionId | null): Session | null {
  if (id === null) return null;
  for (const course of record.courses) {
    const session = course.sessions.find((s) => s.id === id);
    if (session) return session;
  }
  return null;
}

/** When the task was agreed, in words: "Session 5, 17 Feb 2026", or that it was between sessions. */
export function setInText(record: ClientRecord, task: Task): string {
  if (task.set_in_session === null) return 'Between sessions';
  const session = findSession(record, task.set_in_session);
  if (!session) return 'A session no longer in the record';
  return session.number !== null
    ? `Session ${session.number}, ${day(session.held_on)}`
    : day(session.held_on);
}

/** The goal or problem area the task serves, as shown; null when it is linked to neither. */
export function linkText(record: ClientRecord, task: Pick<Task, 'goal_id' | 'area'>): string | null {
  if (task.goal_id !== null) {
    const goal = record.goals.find((g) => g.id === task.goal_id);
    if (goal) return goal.description;
  }
  return task.area !== null ? PROBLEM_AREA[task.area] : null;
}

/**
 * The tasks a session's review goes through: those agreed earlier that are still open, and any
 * already reviewed in this session (so a task marked done stays in view once saved). A task
 * agreed in a later session is left out: looking back at an old note, it was not yet set.
 */
export function tasksToReview(record: ClientRecord, sessionId: SessionId, sessionDate: string): Task[] {
  return record.tasks.filter((task) => {
    if (task.set_in_session === sessionId) return false;
    if (task.reviewed_in_session === sessionId) return true;
    if (!isOpen(task.status)) return false;
    const setIn = findSession(record, task.set_in_session);
    return !setIn || setIn.held_on <= sessionDate;
  });
}

export function tasksSetIn(record: ClientRecord, sessionId: SessionId): Task[] {
  return record.tasks.filter((task) => task.set_in_session === sessionId);
}

/** A task's own fields, ready to send back with a change. */
export function taskInput(task: Task): TaskInput {
  return {
    description: task.description,
    goal_id: task.goal_id,
    area: task.area,
    due_on: task.due_on,
    status: task.status,
    barriers: task.barriers,
    outcome: task.outcome,
  };
}

// The link select holds one value standing for either a goal or a problem area.

export function linkValue(task: Pick<TaskInput, 'goal_id' | 'area'>): string {
  if (task.goal_id !== null) return `goal:${task.goal_id}`;
  if (task.area !== null) return `area:${task.area}`;
  return '';
}

export function linkFields(value: string): Pick<TaskInput, 'goal_id' | 'area'> {
  if (value.startsWith('goal:')) return { goal_id: Number(value.slice(5)), area: null };
  if (value.startsWith('area:')) return { goal_id: null, area: value.slice(5) as ProblemArea };
  return { goal_id: null, area: null };
}

/** Long goals are cut short in the list so the select stays a sensible width. */
const OPTION_LENGTH = 70;

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > OPTION_LENGTH ? `${line.slice(0, OPTION_LENGTH - 1).trimEnd()}…` : line;
}

/**
 * Choices for the link: the client's goals, leaving out dropped ones unless the task already
 * names it, then the four problem areas.
 */
export function linkOptions(goals: Goal[], current: string): { value: string; label: string }[] {
  const shown = goals.filter(
    (g) => g.status !== 'dropped' || `goal:${g.id}` === current,
  );
  return [
    ...shown.map((g) => ({ value: `goal:${g.id}`, label: `Goal: ${shorten(g.description)}` })),
    ...(Object.keys(PROBLEM_AREA) as ProblemArea[]).map((area) => ({
      value: `area:${area}`,
      label: `Problem area: ${PROBLEM_AREA[area]}`,
    })),
  ];
}
