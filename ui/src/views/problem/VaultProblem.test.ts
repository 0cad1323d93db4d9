import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('../backups/restore/RestoreFlow.svelte', () =>
  import('../../test/fixtures/RestoreFlowStub.svelte'),
);

import { app } from '../../lib/state.svelte';
import { ipcError, resetApp, status } from '../../test/ipc';
import VaultProblem from './VaultProblem.svelte';

describe('VaultProblem', () => {
  beforeEach(() => {
    resetApp(app);
    invoke.mockReset();
  });

  it('offers a restore from a backup when the vault is damaged, and says the files are kept', async () => {
    app.setStatus(
      status({
        state: 'unavailable',
        problem: ipcError('damaged', 'The vault is damaged: quick_check reported: page 4 is bad.'),
      }),
    );
    render(VaultProblem);
    expect(screen.getByText(/quick_check reported: page 4 is bad/)).toBeInTheDocument();
    expect(screen.getByText(/moved aside inside the vault folder, not deleted/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Restore from a backup…' }));
    expect(screen.getByText('Restore flow (replace)')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Close the restore flow' }));
    expect(screen.getByRole('button', { name: 'Restore from a backup…' })).toBeInTheDocument();
  });

  it('does not offer a restore when the vault is only in use elsewhere', () => {
    app.setStatus(
      status({ state: 'in_use', problem: ipcError('vault_in_use', 'The vault is in use.') }),
    );
    render(VaultProblem);
    expect(screen.getByRole('heading', { name: 'Rapport is already open' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Restore from a backup…' })).toBeNull();
  });

  it('does not offer a restore for a folder that is not a vault', () => {
    app.setStatus(
      status({ state: 'unavailable', problem: ipcError('not_a_vault', 'It is a file.') }),
    );
    render(VaultProblem);
    expect(screen.queryByRole('button', { name: 'Restore from a backup…' })).toBeNull();
    expect(screen.getByText(/Keep a copy of the whole vault folder/)).toBeInTheDocument();
  });
});
