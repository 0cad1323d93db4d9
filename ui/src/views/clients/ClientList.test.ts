import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  listClients: vi.fn(),
  similarClients: vi.fn(),
  createClient: vi.fn(),
  clientRecord: vi.fn(),
  editClient: vi.fn(),
}));

import * as api from '../../lib/api';
import { ApiError } from '../../lib/api';
import { time } from '../../lib/labels';
import { IMG_NAME, SCRIPT_NAME, sampleSummaries } from '../../test/fixtures/record';
import ClientList from './ClientList.svelte';

const listClients = vi.mocked(api.listClients);

function names(): string[] {
  const body = screen.getAllByRole('rowgroup')[1];
  return within(body)
    .getAllByRole('rowheader')
    .map((cell) => cell.textContent?.trim() ?? '');
}

async function renderList(onopen = vi.fn(), onnew = vi.fn()) {
  render(ClientList, { onopen, onnew });
  await screen.findByRole('table');
  return { onopen, onnew };
}

beforeEach(() => {
  listClients.mockReset();
  listClients.mockResolvedValue(sampleSummaries());
});

describe('client list', () => {
  it('shows the caseload without archived clients, with course position and next appointment', async () => {
    await renderList();
    expect(names()).toEqual([
      'Ben Carter',
      'Lena Fischer',
      'Maria Jensen (Mia)',
      'Ólafur Pétursson (Óli)',
      'Sam Okafor',
    ]);
    expect(screen.getByText('5 clients shown of 6')).toBeInTheDocument();
    const row = screen.getByRole('button', { name: 'Maria Jensen (Mia)' }).closest('tr')!;
    const cells = within(row);
    expect(cells.getByText('Next: session 6 of 16 · 9 left, 1 missed')).toBeInTheDocument();
    expect(cells.getByText('Middle phase')).toBeInTheDocument();
    expect(cells.getByText('Active')).toBeInTheDocument();
    expect(cells.getByText('Major depression')).toBeInTheDocument();
    expect(row.textContent).toContain(`at ${time('2026-02-24', '10:00')}`);
    expect(screen.getByRole('table').querySelector('caption')).toHaveClass('visually-hidden');
    expect(screen.getAllByRole('columnheader').map((h) => h.getAttribute('scope'))).toEqual(
      Array(5).fill('col'),
    );
  });

  it('filters as you type, ignoring case and accents, over names, status and condition', async () => {
    await renderList();
    const filter = screen.getByLabelText('Filter clients');
    await fireEvent.input(filter, { target: { value: 'OLAFUR' } });
    expect(names()).toEqual(['Ólafur Pétursson (Óli)']);
    expect(screen.getByText('1 client shown of 6')).toBeInTheDocument();

    await fireEvent.input(filter, { target: { value: 'mia jens' } });
    expect(names()).toEqual(['Maria Jensen (Mia)']);

    await fireEvent.input(filter, { target: { value: 'perinatal' } });
    expect(names()).toEqual(['Lena Fischer']);

    await fireEvent.input(filter, { target: { value: 'maintenance' } });
    expect(names()).toEqual(['Sam Okafor']);

    await fireEvent.input(filter, { target: { value: 'nobody like this' } });
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No clients match “nobody like this”.')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Show all active clients' }));
    expect(names()).toHaveLength(5);
  });

  it('filters by status, archived only on request', async () => {
    await renderList();
    const status = screen.getByLabelText('Status');
    await fireEvent.change(status, { target: { value: 'archived' } });
    expect(names()).toEqual(['Rosa Delgado']);
    expect(screen.getByText('Concluded · attended 14 of 16')).toBeInTheDocument();

    await fireEvent.change(status, { target: { value: 'active' } });
    expect(names()).toEqual(['Lena Fischer', 'Maria Jensen (Mia)']);

    await fireEvent.change(status, { target: { value: 'everyone' } });
    expect(names()).toHaveLength(6);
  });

  it('sorts by status, next appointment and last update', async () => {
    await renderList();
    const sort = screen.getByLabelText('Sort by');
    await fireEvent.change(sort, { target: { value: 'next' } });
    expect(names()).toEqual([
      'Lena Fischer',
      'Maria Jensen (Mia)',
      'Sam Okafor',
      'Ben Carter',
      'Ólafur Pétursson (Óli)',
    ]);
    await fireEvent.change(sort, { target: { value: 'status' } });
    expect(names()).toEqual([
      'Ben Carter',
      'Ólafur Pétursson (Óli)',
      'Lena Fischer',
      'Maria Jensen (Mia)',
      'Sam Okafor',
    ]);
    await fireEvent.change(sort, { target: { value: 'updated' } });
    expect(names()[0]).toBe('Ben Carter');
    expect(names()[4]).toBe('Sam Okafor');
  });

  it('opens a record from the name button', async () => {
    const { onopen } = await renderList();
    await fireEvent.click(screen.getByRole('button', { name: 'Maria Jensen (Mia)' }));
    expect(onopen).toHaveBeenCalledWith(7);
  });

  it('adds a client from the button or Ctrl+N', async () => {
    const { onnew } = await renderList();
    await fireEvent.click(screen.getByRole('button', { name: 'Add client' }));
    await fireEvent.keyDown(window, { key: 'n', ctrlKey: true });
    expect(onnew).toHaveBeenCalledTimes(2);
  });

  it('says there are no clients yet and offers to add one', async () => {
    listClients.mockResolvedValue([]);
    const onnew = vi.fn();
    render(ClientList, { onopen: vi.fn(), onnew });
    expect(await screen.findByRole('heading', { name: 'No clients yet' })).toBeInTheDocument();
    const buttons = screen.getAllByRole('button', { name: 'Add client' });
    await fireEvent.click(buttons[buttons.length - 1]);
    expect(onnew).toHaveBeenCalled();
  });

  it('shows a loading state, then a load failure in a banner', async () => {
    let fail: (reason: unknown) => void = () => {};
    listClients.mockReturnValue(new Promise((_, reject) => (fail = reject)));
    render(ClientList, { onopen: vi.fn(), onnew: vi.fn() });
    expect(screen.getByText('Loading clients…')).toHaveAttribute('aria-busy', 'true');
    fail(new ApiError({ code: 'locked', message: 'The vault is locked.', field: null }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The vault is locked.');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('shows names that look like markup as plain text', async () => {
    listClients.mockResolvedValue([
      { ...sampleSummaries()[0], id: 1, full_name: SCRIPT_NAME },
      { ...sampleSummaries()[0], id: 2, full_name: 'Ann', preferred_name: IMG_NAME },
    ]);
    const { container } = render(ClientList, { onopen: vi.fn(), onnew: vi.fn() });
    expect(await screen.findByRole('button', { name: SCRIPT_NAME })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: `Ann (${IMG_NAME})` })).toBeInTheDocument();
    expect(container.querySelector('script, img')).toBeNull();
  });
});
