import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { SearchHit } from '../../lib/bindings/SearchHit';
import type { SearchKind } from '../../lib/bindings/SearchKind';
import type { SearchQuery } from '../../lib/bindings/SearchQuery';
import type { SearchResults } from '../../lib/bindings/SearchResults';
import { day } from '../../lib/labels';
import { app } from '../../lib/state.svelte';
import { IMG_NAME, SCRIPT_NAME, sampleSummaries } from '../../test/fixtures/record';
import { ipcError, resetApp, routeInvoke, status } from '../../test/ipc';
import Search from './Search.svelte';

const invokeMock = vi.mocked(invoke);

function hit(kind: SearchKind, overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    kind,
    client_id: 7,
    client_name: 'Maria Jensen (Mia)',
    session_id: null,
    object_id: 1,
    day: null,
    title: [{ text: 'Untitled', hit: false }],
    snippet: [],
    ...overrides,
  };
}

const NOTE = hit('note', {
  session_id: 201,
  object_id: 301,
  day: '2026-02-17',
  title: [{ text: 'Session 5', hit: false }],
  snippet: [
    { text: 'Spoke about ', hit: false },
    { text: 'grief', hit: true },
    { text: ' since her father died.', hit: false },
  ],
});
const PRIVATE = hit('process_note', {
  session_id: 201,
  object_id: 302,
  day: '2026-02-17',
  title: [{ text: 'Process note', hit: false }],
  snippet: [
    { text: 'I noticed my own ', hit: false },
    { text: 'grief', hit: true },
  ],
});
const GOAL = hit('goal', {
  client_id: 8,
  client_name: 'Tom Baker',
  object_id: 61,
  title: [
    { text: 'Talk about ', hit: false },
    { text: 'grief', hit: true },
    { text: ' with his brother', hit: false },
  ],
});
const HOSTILE = hit('person', {
  client_id: 9,
  client_name: 'Aisha Rahman',
  object_id: 21,
  title: [{ text: SCRIPT_NAME, hit: true }],
  snippet: [
    { text: IMG_NAME, hit: false },
    { text: 'grief', hit: true },
  ],
});

/** Answers like the core: private process notes only when asked for. */
function answer(hits: SearchHit[], more = false) {
  return ({ query }: Record<string, unknown>): SearchResults => {
    const q = query as SearchQuery;
    return { hits: hits.filter((h) => q.include_private || h.kind !== 'process_note'), more };
  };
}

function searches(): SearchQuery[] {
  return invokeMock.mock.calls
    .filter(([command]) => command === 'search')
    .map(([, args]) => (args as { query: SearchQuery }).query);
}

/** Lets the mocked core answer and the screen catch up. */
async function flush() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await tick();
}

async function wait(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  await flush();
}

function box(): HTMLInputElement {
  return screen.getByLabelText('Search the record') as HTMLInputElement;
}

async function type(value: string) {
  await fireEvent.input(box(), { target: { value } });
}

async function searchFor(value: string) {
  await type(value);
  await wait(150);
}

function results(): HTMLElement[] {
  return within(screen.getByRole('list', { name: 'Results' })).getAllByRole('button');
}

function setup(handlers: Record<string, (args: Record<string, unknown>) => unknown> = {}) {
  routeInvoke(invokeMock, {
    list_clients: () => sampleSummaries(),
    search: answer([NOTE, PRIVATE, GOAL]),
    ...handlers,
  });
  return render(Search);
}

beforeEach(() => {
  vi.useFakeTimers();
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'unlocked' }));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('search', () => {
  it('waits for a pause in typing, then searches once for what is in the box', async () => {
    setup();
    await flush();
    await type('g');
    await wait(100);
    await type('gr');
    await wait(100);
    await type('grief');
    await wait(100);
    expect(searches()).toEqual([]);
    await wait(50);
    expect(searches()).toEqual([
      { text: 'grief', client_id: null, from: null, to: null, include_private: false, limit: 50 },
    ]);
    expect(results()).toHaveLength(2);
    expect(screen.getByRole('status')).toHaveTextContent('2 results.');
  });

  it('sends the client and the dates with the words', async () => {
    setup();
    await flush();
    const client = screen.getByLabelText('Client') as HTMLSelectElement;
    expect(client.value).toBe('');
    expect(within(client).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'All clients',
      ...sampleSummaries().map((c) =>
        c.preferred_name && c.preferred_name !== c.full_name
          ? `${c.full_name} (${c.preferred_name})`
          : c.full_name,
      ),
    ]);
    const chosen = sampleSummaries()[1];
    await fireEvent.change(client, { target: { value: String(chosen.id) } });
    await fireEvent.input(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });
    await fireEvent.input(screen.getByLabelText('To'), { target: { value: '2026-02-20' } });
    await searchFor('sister');
    expect(searches()).toEqual([
      {
        text: 'sister',
        client_id: chosen.id,
        from: '2026-01-01',
        to: '2026-02-20',
        include_private: false,
        limit: 50,
      },
    ]);

    // Changing a filter searches again with the same words.
    await fireEvent.change(client, { target: { value: '' } });
    await wait(150);
    expect(searches().slice(-1)[0]).toMatchObject({ text: 'sister', client_id: null });
  });

  it('shows only the answer to the latest request, whatever order answers arrive in', async () => {
    const pending: ((results: SearchResults) => void)[] = [];
    setup({ search: () => new Promise<SearchResults>((resolve) => pending.push(resolve)) });
    await flush();
    await searchFor('gr');
    await searchFor('grief');
    expect(searches().map((q) => q.text)).toEqual(['gr', 'grief']);

    pending[1]({ hits: [GOAL], more: false });
    await flush();
    pending[0]({ hits: [NOTE, GOAL], more: false });
    await flush();
    expect(results()).toHaveLength(1);
    expect(results()[0]).toHaveTextContent('Tom Baker');
    expect(screen.getByRole('status')).toHaveTextContent('1 result.');
  });

  it('marks the matches and shows record text as text, never as markup', async () => {
    const { container } = setup({ search: answer([NOTE, HOSTILE]) });
    await flush();
    await searchFor('grief');
    const list = screen.getByRole('list', { name: 'Results' });
    expect([...list.querySelectorAll('mark')].map((m) => m.textContent)).toEqual([
      'grief',
      SCRIPT_NAME,
      'grief',
    ]);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    const [note, person] = results();
    expect(note).toHaveTextContent('Session note');
    expect(note).toHaveTextContent('Maria Jensen (Mia)');
    expect(note).toHaveTextContent(day('2026-02-17'));
    expect(note).toHaveTextContent('Spoke about grief since her father died.');
    expect(person).toHaveTextContent('Inventory');
    expect(person).toHaveTextContent(`${SCRIPT_NAME} ${IMG_NAME}grief`);
  });

  it('leaves private process notes out unless asked, and marks them when included', async () => {
    setup();
    await flush();
    const check = screen.getByLabelText('Include private process notes') as HTMLInputElement;
    expect(check.checked).toBe(false);
    expect(screen.getByText(/left out of the results unless this is ticked/)).toBeInTheDocument();
    expect(check).toHaveAccessibleDescription(/left out of the results unless this is ticked/);

    await searchFor('grief');
    expect(searches().slice(-1)[0]?.include_private).toBe(false);
    expect(results().some((r) => r.textContent?.includes('Private process note'))).toBe(false);

    await fireEvent.click(check);
    await wait(150);
    expect(searches().slice(-1)[0]?.include_private).toBe(true);
    const shown = results();
    expect(shown).toHaveLength(3);
    const privateOne = shown.find((r) => r.textContent?.includes('Private process note'));
    expect(privateOne).toBeDefined();
    expect(within(privateOne!).getByText('Private')).toBeInTheDocument();
    expect(shown.filter((r) => within(r).queryByText('Private'))).toHaveLength(1);
  });

  it('moves through results with the arrow keys and opens one with Enter', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    setup({ search: answer([NOTE, GOAL, HOSTILE]) });
    await flush();
    await searchFor('grief');
    const [first, second, third] = results();
    expect([first, second, third].map((b) => b.tabIndex)).toEqual([0, -1, -1]);

    box().focus();
    await fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(first).toHaveFocus();
    await fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(second).toHaveFocus();
    await fireEvent.keyDown(second, { key: 'ArrowDown' });
    await fireEvent.keyDown(third, { key: 'ArrowDown' });
    expect(third).toHaveFocus();
    await fireEvent.keyDown(third, { key: 'ArrowUp' });
    expect(second).toHaveFocus();
    expect([first, second, third].map((b) => b.tabIndex)).toEqual([-1, 0, -1]);
    await fireEvent.keyDown(second, { key: 'Escape' });
    expect(box()).toHaveFocus();

    await fireEvent.keyDown(box(), { key: 'ArrowDown' });
    await fireEvent.keyDown(first, { key: 'ArrowUp' });
    expect(box()).toHaveFocus();

    await fireEvent.keyDown(box(), { key: 'ArrowDown' });
    await fireEvent.keyDown(first, { key: 'ArrowDown' });
    await fireEvent.keyDown(second, { key: 'Enter' });
    expect(openRecord).toHaveBeenCalledTimes(1);
    expect(openRecord).toHaveBeenCalledWith(8, 'areas', null, false, null);
  });

  it('opens each kind of result at its place in the record', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    const places: [SearchKind, string, number | null][] = [
      ['note', 'sessions', 201],
      ['amendment', 'sessions', 202],
      ['process_note', 'sessions', 203],
      ['task', 'sessions', 204],
      ['client', 'details', null],
      ['person', 'inventory', null],
      ['formulation', 'formulation', null],
      ['goal', 'areas', null],
      ['area_work', 'areas', null],
      ['life_event', 'timeline', null],
      ['worksheet', 'worksheets', 205],
      ['worksheet_amendment', 'worksheets', 205],
    ];
    const hits = places.map(([kind, , session], index) =>
      hit(kind, { client_id: 100 + index, session_id: session, object_id: index }),
    );
    setup({ search: answer(hits) });
    await flush();
    await fireEvent.click(screen.getByLabelText('Include private process notes'));
    await searchFor('walk');
    const buttons = results();
    expect(buttons).toHaveLength(places.length);
    for (const [index, [, tab, session]] of places.entries()) {
      await fireEvent.click(buttons[index]);
      // A worksheet opens itself on the Worksheets tab; other kinds open their place.
      const worksheet = places[index][0].startsWith('worksheet') ? index : null;
      expect(openRecord).toHaveBeenLastCalledWith(100 + index, tab, session, false, worksheet);
    }
  });

  it('opens a conclusion summary or its amendment on the Conclusion tab, at the summary', async () => {
    const openRecord = vi.spyOn(app, 'openRecord').mockImplementation(() => undefined);
    const hits = [
      hit('conclusion_summary', { client_id: 120, session_id: null, object_id: 501 }),
      hit('conclusion_amendment', { client_id: 121, session_id: null, object_id: 502 }),
    ];
    setup({ search: answer(hits) });
    await flush();
    await searchFor('walk');
    const buttons = results();
    await fireEvent.click(buttons[0]);
    expect(openRecord).toHaveBeenLastCalledWith(120, 'conclusion', null, false, null, null, 501);
    await fireEvent.click(buttons[1]);
    expect(openRecord).toHaveBeenLastCalledWith(121, 'conclusion', null, false, null, null, 502);
  });

  it('says when more matched than are shown', async () => {
    setup({ search: answer([NOTE, GOAL, HOSTILE], true) });
    await flush();
    await searchFor('grief');
    expect(screen.getByRole('status')).toHaveTextContent('Showing the first 3 results; more were found.');
    expect(screen.getByText(/Only the first 3 are shown/)).toBeInTheDocument();
  });

  it('helps when nothing matches', async () => {
    setup({ search: answer([]) });
    await flush();
    expect(screen.getByText(/on this computer only/)).toBeInTheDocument();
    await searchFor('zebra');
    expect(screen.getByRole('status')).toHaveTextContent('No results.');
    expect(screen.getByText('Nothing in the record matches “zebra”.')).toBeInTheDocument();
    expect(screen.getByText(/Private process notes were left out/)).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Results' })).toBeNull();
  });

  it('clears the results when the box is emptied, without searching', async () => {
    setup();
    await flush();
    await searchFor('grief');
    expect(results()).toHaveLength(2);
    await type('   ');
    await wait(300);
    expect(searches()).toHaveLength(1);
    expect(screen.queryByRole('list', { name: 'Results' })).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('shows a refused date next to its field', async () => {
    setup({
      search: () => {
        throw ipcError('invalid', 'This is not a date.', 'from');
      },
    });
    await flush();
    await fireEvent.input(screen.getByLabelText('From'), { target: { value: '2026-13-01' } });
    await searchFor('grief');
    const message = screen.getByText('This is not a date.');
    expect(screen.getByLabelText('From').getAttribute('aria-describedby')).toContain(message.id);
    expect(screen.getByLabelText('To')).not.toHaveAttribute('aria-invalid');
  });

  it('shows other failures as an alert', async () => {
    setup({
      search: () => {
        throw ipcError('database', 'The search index could not be read.');
      },
    });
    await flush();
    await searchFor('grief');
    expect(screen.getByRole('alert')).toHaveTextContent('The search index could not be read.');
  });
});
