import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import type { ImportPreview } from '../bindings/ImportPreview';
import { app } from '../state.svelte';
import { ipcError, resetApp, routeInvoke, status } from '../../test/ipc';
import ImportForm from '../../views/settings/ImportForm.svelte';
import ExportForm from './ExportForm.svelte';

const invokeMock = vi.mocked(invoke);

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'unlocked' }));
});

function preview(overrides: Partial<ImportPreview> = {}): ImportPreview {
  return {
    encrypted: true,
    exported_at: '2026-11-30T10:00:00Z',
    app_version: '0.1.0',
    scope: 'client',
    process_notes_included: false,
    clients: [
      {
        full_name: 'Maya <b>Okafor</b>',
        date_of_birth: '1988-04-12',
        courses: 1,
        sessions: 14,
        notes: 12,
        measures: 9,
        worksheets: 2,
        summaries: 1,
        process_notes: 0,
        records: 180,
        similar: ['Okafor Maya'],
      },
    ],
    records: 180,
    problems: [],
    more_problems: 0,
    ...overrides,
  };
}

describe('export', () => {
  it('asks for a long enough passphrase typed twice before any dialog opens', async () => {
    routeInvoke(invokeMock, {});
    render(ExportForm, { scope: { scope: 'practice' }, idPrefix: 'x' });
    const pass = screen.getByLabelText("Passphrase for this file (not your vault's)");
    await fireEvent.input(pass, { target: { value: 'short' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    expect(await screen.findByText(/Use at least 12 characters/)).toBeInTheDocument();
    await fireEvent.input(pass, { target: { value: 'a long export passphrase' } });
    await fireEvent.input(screen.getByLabelText('The same passphrase again'), { target: { value: 'another one entirely' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    expect(await screen.findByText(/The two passphrases differ/)).toBeInTheDocument();
    expect(invokeMock).not.toHaveBeenCalledWith('export_records', expect.anything());
    expect((pass as HTMLInputElement).value).toBe('a long export passphrase');
  });

  it('exports unencrypted only after the risk is acknowledged, and says so after', async () => {
    routeInvoke(invokeMock, {
      export_records: () => ({ path: '/media/usb/rapport-client-export.json', clients: 1, bytes: 52_000, encrypted: false }),
    });
    render(ExportForm, { scope: { scope: 'client', client_id: 7 }, idPrefix: 'x' });
    await fireEvent.click(screen.getByLabelText('No encryption'));
    expect(screen.getByText(/can be read by anyone who has the file/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    expect(await screen.findByText(/Tick the box/)).toHaveAttribute('role', 'alert');
    expect(invokeMock).not.toHaveBeenCalledWith('export_records', expect.anything());
    await fireEvent.click(screen.getByLabelText(/I understand that anyone with this file/));
    await fireEvent.click(screen.getByLabelText(/Include private process notes/));
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    expect(await screen.findByText(/It is NOT encrypted/)).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('export_records', {
      request: {
        scope: { scope: 'client', client_id: 7 },
        process_notes: true,
        passphrase: null,
        unencrypted_understood: true,
      },
    });
  });

  it('keeps what was typed when the export is refused', async () => {
    routeInvoke(invokeMock, {
      export_records: () => {
        throw ipcError('io', 'the file could not be written there: disk full');
      },
    });
    render(ExportForm, { scope: { scope: 'practice' }, idPrefix: 'x' });
    const pass = screen.getByLabelText("Passphrase for this file (not your vault's)");
    await fireEvent.input(pass, { target: { value: 'a long export passphrase' } });
    await fireEvent.input(screen.getByLabelText('The same passphrase again'), { target: { value: 'a long export passphrase' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Export…' }));
    expect(await screen.findByText(/disk full/)).toHaveAttribute('role', 'alert');
    expect((pass as HTMLInputElement).value).toBe('a long export passphrase');
  });
});

describe('import', () => {
  it('asks for the passphrase, shows what the file holds, then imports it', async () => {
    let attempts = 0;
    routeInvoke(invokeMock, {
      choose_import_file: () => ({ file_name: 'rapport-client-export.json.age', bytes: 40_000, encrypted: true }),
      inspect_import: () => {
        attempts++;
        if (attempts === 1) throw ipcError('invalid', 'That passphrase does not open this export.', 'passphrase');
        return preview();
      },
      apply_import: () => ({ clients: [42], records: 180 }),
    });
    render(ImportForm);
    await fireEvent.click(screen.getByRole('button', { name: 'Import…' }));
    const pass = await screen.findByLabelText("Passphrase of the export (not your vault's)");
    await fireEvent.input(pass, { target: { value: 'wrong passphrase here' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Open the file' }));
    expect(await screen.findByText('That passphrase does not open this export.')).toBeInTheDocument();
    expect((pass as HTMLInputElement).value).toBe('wrong passphrase here');
    await fireEvent.click(screen.getByRole('button', { name: 'Open the file' }));
    // Names are text, never markup.
    expect(await screen.findByText(/Maya <b>Okafor<\/b>/)).toBeInTheDocument();
    expect(screen.getByText(/Similar name in this vault: Okafor Maya/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Import 1 client' }));
    expect(await screen.findByText(/Imported 1 client, 180 records/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: /Open Maya/ }));
    await waitFor(() => expect(app.recordRequest?.clientId).toBe(42));
  });

  it('lists every problem with its place and offers no import', async () => {
    routeInvoke(invokeMock, {
      choose_import_file: () => ({ file_name: 'broken.json', bytes: 900, encrypted: false }),
      inspect_import: () =>
        preview({
          encrypted: false,
          problems: [
            { path: '/clients/0/sessions/0/held_on', message: '2024-02-30 is not a real date.' },
            { path: '/clients/0/notes/3/session_id', message: 'This names record 9 of sessions, which is not in the file.' },
          ],
        }),
      cancel_import: () => null,
    });
    render(ImportForm);
    await fireEvent.click(screen.getByRole('button', { name: 'Import…' }));
    expect(await screen.findByText(/This file cannot be imported/)).toBeInTheDocument();
    expect(screen.getByText('/clients/0/sessions/0/held_on')).toBeInTheDocument();
    expect(screen.getByText('/clients/0/notes/3/session_id')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Import \d/ })).toBeNull();
    expect(invokeMock).toHaveBeenCalledWith('inspect_import', { passphrase: null });
  });
});
