import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Worksheets } from './context';

// Stand-ins for the Tauri bridge and for the record's worksheet opener, created before the
// modules that use them are loaded.
const { invoke, record } = vi.hoisted(() => ({
  invoke: vi.fn(),
  record: { worksheets: null as Worksheets | null },
}));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('./context', () => ({ worksheetsOf: () => record.worksheets }));

import type { PersonPattern } from '../../../lib/bindings/PersonPattern';
import { day } from '../../../lib/labels';
import { CLIENT_ID, PERSON_IDS, SCRIPT_NAME, samplePeople } from '../../../test/fixtures/record';
import { WORKSHEET_IDS, samplePersonPattern, tomWorksheets } from '../../../test/fixtures/worksheets';
import { ipcError, routeInvoke } from '../../../test/ipc';
import PersonWorksheets from './PersonWorksheets.svelte';

const invokeMock = vi.mocked(invoke);
const tom = () => samplePeople()[0];

function opener() {
  return {
    version: 0,
    changed: vi.fn(),
    open: vi.fn(),
    start: vi.fn(async () => undefined),
  };
}

async function show(pattern: PersonPattern = samplePersonPattern()) {
  routeInvoke(invokeMock, { person_worksheets: () => pattern });
  render(PersonWorksheets, { clientId: CLIENT_ID, person: tom() });
  return within(await screen.findByRole('region', { name: 'Worksheets about Tom Jensen' }));
}

function list() {
  return screen.getByRole('list', { name: 'Worksheets about Tom Jensen, oldest first' });
}

beforeEach(() => {
  invokeMock.mockReset();
  record.worksheets = null;
});

describe('PersonWorksheets: the list', () => {
  it('reads the worksheets about the person and lists them oldest first', async () => {
    await show();
    await waitFor(() => expect(list()).toBeInTheDocument());
    expect(invokeMock).toHaveBeenCalledWith('person_worksheets', {
      clientId: CLIENT_ID,
      personId: PERSON_IDS.partner,
    });

    const items = within(list()).getAllByRole('listitem');
    expect(items).toHaveLength(5);
    const [first, second, rolePlay, third, draft] = items;
    expect(first).toHaveTextContent(`Communication analysis ${day('2026-01-13')} · session 2 Signed Result recorded`);
    expect(first).toHaveTextContent('You never ask how my day was.');
    expect(first).toHaveTextContent('Problems seen: Assuming one has been understood, Silence or closing off');
    expect(first).toHaveTextContent('Need met: No');
    expect(second).toHaveTextContent('Problems seen: Needlessly indirect words, Assuming one has been understood');
    expect(second).toHaveTextContent('Need met: Partly');

    expect(rolePlay).toHaveTextContent(`Role play ${day('2026-02-03')} · session 4 Signed Result to ask about`);
    expect(rolePlay).not.toHaveTextContent('Problems seen');
    expect(rolePlay).not.toHaveTextContent('Need met');

    // Done on a day without a session: the day alone.
    expect(within(third).getByText(day('2026-02-05'))).toBeInTheDocument();
    expect(third).not.toHaveTextContent('session');

    expect(within(draft).getByText('Draft')).toBeInTheDocument();
    expect(draft).not.toHaveTextContent('Signed');
  });

  it('shows what was written as text, never as markup', async () => {
    const worksheets = tomWorksheets();
    worksheets[0] = { ...worksheets[0], headline: SCRIPT_NAME };
    const region = await show(samplePersonPattern({ worksheets }));
    expect(region.getByText(SCRIPT_NAME)).toBeInTheDocument();
    expect(document.querySelector('script')).toBeNull();
  });

  it('says so briefly when there are none, and still offers to start one', async () => {
    record.worksheets = opener();
    const region = await show(samplePersonPattern({ worksheets: [], problems: [] }));
    expect(await region.findByText('No worksheets about Tom Jensen yet.')).toBeInTheDocument();
    expect(region.queryByRole('list')).toBeNull();
    expect(region.queryByRole('heading', { name: /Communication problems/ })).toBeNull();
    expect(region.getByRole('button', { name: 'Communication analysis about Tom Jensen' })).toBeEnabled();
    expect(region.getByRole('button', { name: 'Role play with Tom Jensen' })).toBeEnabled();
  });
});

describe('PersonWorksheets: the pattern', () => {
  it('says where each problem was seen and whether it has shown since', async () => {
    const region = await show();
    const heading = await region.findByRole('heading', { name: 'Communication problems with Tom Jensen' });
    expect(heading).toBeInTheDocument();
    expect(region.getByText('From the 3 signed analyses, in the order of the checklist.')).toBeInTheDocument();
    const lines = region
      .getAllByRole('list')
      .filter((l) => l !== list())
      .flatMap((l) => within(l).getAllByRole('listitem'))
      .map((li) => li.textContent);
    expect(lines).toEqual([
      `Needlessly indirect words — seen in 1 analysis, on ${day('2026-01-20')}; not seen in the 1 analysis since`,
      `Assuming one has been understood — seen in 2 analyses, last on ${day('2026-01-20')}; not seen in the 1 analysis since`,
      `Silence or closing off — seen in 2 analyses, last on ${day('2026-02-05')}; present in the latest analysis`,
    ]);
  });

  it('counts the analyses since in the plural', async () => {
    const region = await show(
      samplePersonPattern({
        problems: [
          {
            problem: 'ambiguous_nonverbal',
            seen_in: [WORKSHEET_IDS.tomFirst],
            last_seen: '2026-01-13',
            analyses_since: 2,
          },
        ],
      }),
    );
    expect(
      await region.findByText(
        `Unclear non-verbal message — seen in 1 analysis, on ${day('2026-01-13')}; not seen in the 2 analyses since`,
      ),
    ).toBeInTheDocument();
  });

  it('says when no analysis has been signed, or none showed a problem', async () => {
    const drafts = tomWorksheets().map((w) => ({ ...w, signed_at: null }));
    const region = await show(samplePersonPattern({ worksheets: drafts, problems: [] }));
    expect(
      await region.findByText(/No communication analysis about Tom Jensen has been signed yet\./),
    ).toBeInTheDocument();
    expect(region.getAllByText('Draft')).toHaveLength(5);
  });

  it('says when the signed analyses showed no problem', async () => {
    const region = await show(samplePersonPattern({ problems: [] }));
    expect(
      await region.findByText('No communication problem was ticked in the 3 analyses signed so far.'),
    ).toBeInTheDocument();
  });
});

describe('PersonWorksheets: opening and starting', () => {
  it('opens a worksheet and starts one about the person through the record', async () => {
    const worksheets = opener();
    record.worksheets = worksheets;
    const region = await show();
    await waitFor(() => expect(list()).toBeInTheDocument());
    const rolePlay = within(list()).getAllByRole('listitem')[2];
    await fireEvent.click(
      within(rolePlay).getByRole('button', { name: `Open the role play of ${day('2026-02-03')}` }),
    );
    expect(worksheets.open).toHaveBeenCalledExactlyOnceWith(WORKSHEET_IDS.tomRolePlay);

    const group = within(region.getByRole('group', { name: 'Start a worksheet about Tom Jensen' }));
    await fireEvent.click(group.getByRole('button', { name: 'Communication analysis about Tom Jensen' }));
    expect(worksheets.start).toHaveBeenCalledWith({
      kind: 'communication_analysis',
      personId: PERSON_IDS.partner,
      sessionId: null,
    });
    await waitFor(() => expect(group.getByRole('button', { name: 'Role play with Tom Jensen' })).toBeEnabled());
    await fireEvent.click(group.getByRole('button', { name: 'Role play with Tom Jensen' }));
    expect(worksheets.start).toHaveBeenLastCalledWith({
      kind: 'role_play',
      personId: PERSON_IDS.partner,
      sessionId: null,
    });
  });

  it('shows why a worksheet could not be started', async () => {
    const worksheets = opener();
    worksheets.start.mockRejectedValueOnce(ipcError('locked', 'The vault is locked.'));
    record.worksheets = worksheets;
    const region = await show();
    await fireEvent.click(region.getByRole('button', { name: 'Role play with Tom Jensen' }));
    expect(await region.findByRole('alert')).toHaveTextContent(
      'The worksheet could not be started: The vault is locked.',
    );
  });

  it('lists without open or start buttons outside a record', async () => {
    const region = await show();
    await waitFor(() => expect(list()).toBeInTheDocument());
    expect(region.queryByRole('button')).toBeNull();
  });
});

describe('PersonWorksheets: loading', () => {
  it('says it is reading, then shows the list', async () => {
    let answer: (pattern: PersonPattern) => void = () => undefined;
    routeInvoke(invokeMock, {
      person_worksheets: () => new Promise<PersonPattern>((resolve) => (answer = resolve)),
    });
    render(PersonWorksheets, { clientId: CLIENT_ID, person: tom() });
    const region = screen.getByRole('region', { name: 'Worksheets about Tom Jensen' });
    expect(region).toHaveAttribute('aria-busy', 'true');
    expect(within(region).getByRole('status')).toHaveTextContent('Reading the worksheets about Tom Jensen…');

    answer(samplePersonPattern());
    await waitFor(() => expect(list()).toBeInTheDocument());
    expect(region).toHaveAttribute('aria-busy', 'false');
    expect(within(region).queryByRole('status')).toBeNull();
  });

  it('shows why it failed and tries again on request', async () => {
    let fail = true;
    routeInvoke(invokeMock, {
      person_worksheets: () => {
        if (fail) throw ipcError('database', 'The vault could not be read.');
        return samplePersonPattern();
      },
    });
    render(PersonWorksheets, { clientId: CLIENT_ID, person: tom() });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The worksheets about Tom Jensen could not be read: The vault could not be read.',
    );

    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(list()).toBeInTheDocument());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(invokeMock.mock.calls.filter(([command]) => command === 'person_worksheets')).toHaveLength(2);
  });
});
