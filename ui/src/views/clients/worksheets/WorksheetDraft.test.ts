import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { CommunicationAnalysis } from '../../../lib/bindings/CommunicationAnalysis';
import type { Worksheet } from '../../../lib/bindings/Worksheet';
import type { WorksheetInput } from '../../../lib/bindings/WorksheetInput';
import { flushAll } from '../../../lib/drafts';
import { CLIENT_ID, IMG_NAME, PERSON_IDS, sampleRecord } from '../../../test/fixtures/record';
import { ipcError, routeInvoke } from '../../../test/ipc';
import WorksheetDraft from './WorksheetDraft.svelte';
import WorksheetRead from './WorksheetRead.svelte';

const invokeMock = vi.mocked(invoke);

function analysis(fields: Partial<CommunicationAnalysis> = {}): CommunicationAnalysis {
  return {
    exchange_on: null,
    setting: null,
    turns: [],
    meant: null,
    heard: null,
    response: null,
    client_feelings: null,
    other_feelings: null,
    relationship_effect: null,
    mood_before: null,
    mood_after: null,
    need_met: null,
    problems: [],
    alternatives: [],
    chosen: null,
    ...fields,
  };
}

function worksheet(ca: CommunicationAnalysis = analysis(), overrides: Partial<Worksheet> = {}): Worksheet {
  return {
    id: 900,
    client_id: CLIENT_ID,
    kind: 'communication_analysis',
    person_name: 'Tom Jensen',
    session: null,
    day: '2026-02-20',
    rehearses: null,
    follow_up_subject: null,
    follow_up_from: null,
    follow_up: null,
    caret: null,
    revision: 0,
    signed_at: null,
    created_at: '2026-02-20T10:00:00Z',
    updated_at: '2026-02-20T10:00:00Z',
    amendments: [],
    person_id: PERSON_IDS.partner,
    session_id: null,
    area: null,
    goal_id: null,
    task_id: null,
    role_play_id: null,
    content: { kind: 'communication_analysis', fields: ca },
    ...overrides,
  };
}

/** Every draft the core was sent, in order. */
let saved: WorksheetInput[] = [];

function renderDraft(sheet: Worksheet = worksheet(), sign: () => unknown = () => sheet) {
  saved = [];
  routeInvoke(invokeMock, {
    save_worksheet_draft: (args) => {
      saved.push(args.worksheet as WorksheetInput);
      return { revision: saved.length, updated_at: '2026-02-20T10:01:00Z' };
    },
    sign_worksheet: sign,
  });
  return render(WorksheetDraft, {
    record: sampleRecord(),
    worksheet: sheet,
    headingId: 'h',
    onsigned: vi.fn(),
    ondiscarded: vi.fn(),
    onread: vi.fn(),
    onrecordchanged: vi.fn(),
  });
}

function lastSaved(): CommunicationAnalysis {
  const content = saved[saved.length - 1].content;
  if (content.kind !== 'communication_analysis') throw new Error(content.kind);
  return content.fields;
}

function words(n: number): HTMLTextAreaElement {
  return screen.getByLabelText(`Turn ${n}: what was said`) as HTMLTextAreaElement;
}

beforeEach(() => {
  invokeMock.mockReset();
});

describe('the exchange, typed turn by turn', () => {
  it('starts the next turn with Enter, the other person speaking, and saves without being asked', async () => {
    renderDraft();
    await fireEvent.click(screen.getByRole('button', { name: 'Add a turn' }));
    await waitFor(() => expect(words(1)).toHaveFocus());
    await fireEvent.input(words(1), { target: { value: 'You never call.' } });
    await fireEvent.keyDown(words(1), { key: 'Enter' });
    await waitFor(() => expect(words(2)).toHaveFocus());
    expect((screen.getByLabelText('Turn 1: who spoke') as HTMLSelectElement).value).toBe('client');
    expect((screen.getByLabelText('Turn 2: who spoke') as HTMLSelectElement).value).toBe('other');
    // Shift+Enter is a new line within the turn, not a new turn.
    await fireEvent.keyDown(words(2), { key: 'Enter', shiftKey: true });
    expect(screen.queryByLabelText('Turn 3: what was said')).toBeNull();
    await fireEvent.input(words(2), { target: { value: 'Here we go again.' } });
    await flushAll();
    expect(lastSaved().turns.map((t) => [t.key, t.speaker, t.words])).toEqual([
      [1, 'client', 'You never call.'],
      [2, 'other', 'Here we go again.'],
    ]);
  });

  it('moves a turn with Alt+arrows and keeps a problem pinned to it', async () => {
    const ca = analysis({
      turns: [
        { key: 1, speaker: 'client', words: 'one', tone: null, non_verbal: null },
        { key: 2, speaker: 'other', words: 'two', tone: null, non_verbal: null },
        { key: 3, speaker: 'client', words: 'three', tone: null, non_verbal: null },
      ],
      problems: [{ problem: 'silence', turn: 3 }],
    });
    renderDraft(worksheet(ca));
    await fireEvent.keyDown(words(3), { key: 'ArrowUp', altKey: true });
    await waitFor(() => expect(words(2).value).toBe('three'));
    expect(words(2)).toHaveFocus();
    await flushAll();
    expect(lastSaved().turns.map((t) => t.key)).toEqual([1, 3, 2]);
    expect(lastSaved().problems).toEqual([{ problem: 'silence', turn: 3 }]);
    // The pin is shown at the turn's new place.
    const pin = screen.getByLabelText('Where it showed: Silence or closing off') as HTMLSelectElement;
    expect(pin.selectedOptions[0].textContent).toContain('Turn 2');
    // Moving past either end does nothing.
    await fireEvent.keyDown(words(1), { key: 'ArrowUp', altKey: true });
    expect(words(1).value).toBe('one');
  });

  it('removes a turn with Alt+Delete and unpins the problem that pointed at it', async () => {
    const ca = analysis({
      turns: [
        { key: 1, speaker: 'client', words: 'one', tone: null, non_verbal: null },
        { key: 2, speaker: 'other', words: 'two', tone: null, non_verbal: null },
      ],
      problems: [{ problem: 'indirect_words', turn: 2 }],
    });
    renderDraft(worksheet(ca));
    await fireEvent.keyDown(words(2), { key: 'Delete', altKey: true });
    await waitFor(() => expect(screen.queryByLabelText('Turn 2: what was said')).toBeNull());
    await flushAll();
    expect(lastSaved().turns.map((t) => t.words)).toEqual(['one']);
    expect(lastSaved().problems).toEqual([{ problem: 'indirect_words', turn: null }]);
    expect(screen.getByText(/now unpinned/)).toBeInTheDocument();
  });

  it('moves a turn dragged by its handle onto another', async () => {
    const ca = analysis({
      turns: [
        { key: 1, speaker: 'client', words: 'one', tone: null, non_verbal: null },
        { key: 2, speaker: 'other', words: 'two', tone: null, non_verbal: null },
        { key: 3, speaker: 'client', words: 'three', tone: null, non_verbal: null },
      ],
    });
    const { container } = renderDraft(worksheet(ca));
    const handles = container.querySelectorAll('.handle');
    const turns = container.querySelectorAll('li.turn');
    await fireEvent.dragStart(handles[2]);
    await fireEvent.dragOver(turns[0]);
    await fireEvent.drop(turns[0]);
    await waitFor(() => expect(words(1).value).toBe('three'));
    await flushAll();
    expect(lastSaved().turns.map((t) => t.words)).toEqual(['three', 'one', 'two']);
  });

  it('chooses one alternative, and choosing another moves the choice', async () => {
    renderDraft();
    await fireEvent.click(screen.getByRole('button', { name: 'Add an alternative' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add an alternative' }));
    await fireEvent.input(screen.getByLabelText('Alternative 1'), { target: { value: 'Text me.' } });
    await fireEvent.input(screen.getByLabelText('Alternative 2'), { target: { value: 'I was worried.' } });
    await fireEvent.click(screen.getByLabelText('The one to try: alternative 2'));
    await flushAll();
    expect(lastSaved().chosen).toBe(2);
    // Removing the chosen one leaves nothing chosen.
    await fireEvent.click(screen.getByRole('button', { name: 'Remove: alternative 2' }));
    await flushAll();
    expect(lastSaved().chosen).toBeNull();
    expect(lastSaved().alternatives.map((a) => a.words)).toEqual(['Text me.']);
  });
});

describe('signing', () => {
  it('puts a refusal beside the field it names and keeps everything typed', async () => {
    renderDraft(worksheet(analysis(), { person_id: null, person_name: null }), () => {
      throw ipcError('invalid', 'Choose the person this exchange was with before signing.', 'person_id');
    });
    await fireEvent.input(screen.getByLabelText('Where it happened and what came just before'), {
      target: { value: 'At the kitchen table' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign worksheet…' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Sign worksheet' }));
    await waitFor(() => expect(screen.getByLabelText('Exchange with')).toHaveFocus());
    expect(screen.getAllByText('Choose the person this exchange was with before signing.').length).toBeGreaterThan(0);
    expect((screen.getByLabelText('Where it happened and what came just before') as HTMLTextAreaElement).value).toBe(
      'At the kitchen table',
    );
  });
});

describe('the read view', () => {
  it('shows record text as text, with the chosen alternative and the pinned turn', () => {
    const ca = analysis({
      turns: [
        { key: 4, speaker: 'client', words: IMG_NAME, tone: 'sharp', non_verbal: null },
        { key: 2, speaker: 'other', words: 'Fine.', tone: null, non_verbal: 'walked out' },
      ],
      problems: [{ problem: 'silence', turn: 2 }],
      alternatives: [{ key: 1, words: 'I felt left out.', predicted_outcome: null }],
      chosen: 1,
    });
    const { container } = render(WorksheetRead, {
      record: sampleRecord(),
      worksheet: worksheet(ca, { signed_at: '2026-02-20T11:00:00Z' }),
      headingId: 'h',
      onchanged: vi.fn(),
      onedit: vi.fn(),
    });
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(`“${IMG_NAME}”`)).toBeInTheDocument();
    expect(screen.getByText('— turn 2')).toBeInTheDocument();
    expect(screen.getByText('Chosen to try:')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add an amendment…' })).toBeInTheDocument();
  });
});
