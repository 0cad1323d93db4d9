import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { loadRater } from '../../lib/passphrase';
import { app } from '../../lib/state.svelte';
import { candidate, preview } from '../../test/fixtures/restore';
import { resetApp, routeInvoke, status } from '../../test/ipc';
import FirstRun from './FirstRun.svelte';

const invokeMock = vi.mocked(invoke);
const STRONG = 'lantern orchard velvet compass';

// The passphrase is rated in the window; load the rating once, before the first form opens.
beforeAll(async () => {
  await loadRater();
}, 30_000);

async function type(label: string, value: string) {
  await fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'none' }));
  routeInvoke(invokeMock, {
    create_vault: () => ({ recovery_key: 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567' }),
    app_status: () => status({ state: 'unlocked', recovery_key_confirmed: false }),
  });
});

describe('first run', () => {
  it('explains the passphrase and the recovery key, and focuses the first field', () => {
    render(FirstRun);
    expect(screen.getByText(/nobody can recover or reset it/)).toBeInTheDocument();
    expect(screen.getByLabelText('Passphrase')).toHaveFocus();
  });

  it('keeps "Create vault" disabled until the passphrase is acceptable and confirmed', async () => {
    render(FirstRun);
    const create = screen.getByRole('button', { name: 'Create vault' });
    expect(create).toBeDisabled();

    await type('Passphrase', 'short one');
    await type('Confirm passphrase', 'short one');
    expect(await screen.findByText('Use at least 10 characters.')).toBeInTheDocument();
    expect(create).toBeDisabled();

    await type('Passphrase', 'sunflowerbutterfly1');
    await type('Confirm passphrase', 'sunflowerbutterfly1');
    expect(
      await screen.findByText('Make it longer (20 characters or more) or harder to guess.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Good')).toBeInTheDocument();
    expect(create).toBeDisabled();

    await type('Passphrase', STRONG);
    expect(await screen.findByText('Very strong')).toBeInTheDocument();
    // Strong, but the confirmation no longer matches.
    expect(create).toBeDisabled();
    expect(screen.getByText('The passphrases do not match.')).toBeInTheDocument();

    await type('Confirm passphrase', STRONG);
    await waitFor(() => expect(create).toBeEnabled());
    expect(screen.queryByText('The passphrases do not match.')).toBeNull();
  });

  it('shows the mismatch under the confirm field and links it to that field', async () => {
    render(FirstRun);
    await type('Passphrase', STRONG);
    await type('Confirm passphrase', 'lantern orchard violet');
    const message = screen.getByText('The passphrases do not match.');
    expect(message).toHaveAttribute('role', 'alert');
    const confirm = screen.getByLabelText('Confirm passphrase');
    expect(confirm.getAttribute('aria-describedby')).toContain(message.id);
    expect(confirm).toHaveAttribute('aria-invalid', 'true');
  });

  it('waits with the mismatch while the confirmation is still a correct beginning', async () => {
    render(FirstRun);
    await type('Passphrase', STRONG);
    await type('Confirm passphrase', 'lantern orch');
    expect(screen.queryByText('The passphrases do not match.')).toBeNull();
    await fireEvent.blur(screen.getByLabelText('Confirm passphrase'));
    expect(screen.getByText('The passphrases do not match.')).toBeInTheDocument();
  });

  it('creates the vault and moves on to the recovery key', async () => {
    render(FirstRun);
    await type('Passphrase', STRONG);
    await type('Confirm passphrase', STRONG);
    const create = screen.getByRole('button', { name: 'Create vault' });
    await waitFor(() => expect(create).toBeEnabled());
    await fireEvent.click(create);
    await waitFor(() => expect(app.screen).toBe('recovery-key'));
    expect(invokeMock).toHaveBeenCalledWith('create_vault', { passphrase: STRONG });
    expect(app.pendingRecoveryKey?.key).toBe('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567');
  });

  it('shows a field error from the core next to the field and keeps the text', async () => {
    routeInvoke(invokeMock, {
      create_vault: () => {
        throw { code: 'invalid', message: 'This is similar to a commonly used password.', field: 'passphrase' };
      },
    });
    render(FirstRun);
    await type('Passphrase', STRONG);
    await type('Confirm passphrase', STRONG);
    const create = screen.getByRole('button', { name: 'Create vault' });
    await waitFor(() => expect(create).toBeEnabled());
    await fireEvent.click(create);
    const message = await screen.findByText('This is similar to a commonly used password.');
    expect(message).toHaveAttribute('role', 'alert');
    const field = screen.getByLabelText('Passphrase') as HTMLInputElement;
    expect(field.value).toBe(STRONG);
    expect(field.getAttribute('aria-describedby')).toContain(message.id);
  });
});

describe('first run: moving from another computer', () => {
  function restoreRoutes(extra: Parameters<typeof routeInvoke>[1] = {}) {
    routeInvoke(invokeMock, {
      choose_restore_file: () => candidate({ replaces_vault: false, same_vault: null }),
      prepare_restore: () => preview({ replaces_vault: false }),
      apply_restore: () => status({ state: 'locked' }),
      cancel_restore: () => null,
      ...extra,
    });
  }

  it('offers a restore in its own section, below the new vault form', () => {
    render(FirstRun);
    const section = screen.getByRole('region', { name: 'Moving from another computer?' });
    const create = screen.getByRole('region', { name: 'Create your vault' });
    expect(create.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(section).toContainElement(screen.getByRole('button', { name: 'Restore from a backup…' }));
    // Creating a vault stays the first thing offered.
    expect(screen.getByLabelText('Passphrase')).toHaveFocus();
  });

  it('shows the restore steps in place of the section, and Cancel brings it back', async () => {
    restoreRoutes();
    render(FirstRun);
    await fireEvent.click(screen.getByRole('button', { name: 'Restore from a backup…' }));
    expect(screen.queryByRole('region', { name: 'Moving from another computer?' })).toBeNull();
    expect(screen.getByRole('heading', { name: 'Choose the backup file' })).toHaveFocus();
    expect(screen.getByText(/made on your other computer/)).toBeInTheDocument();
    // The new vault form is still there for anyone who changes their mind.
    expect(screen.getByRole('button', { name: 'Create vault' })).toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    const again = await screen.findByRole('button', { name: 'Restore from a backup…' });
    await waitFor(() => expect(again).toHaveFocus());
    expect(invokeMock).toHaveBeenCalledWith('cancel_restore', undefined);
    expect(screen.queryByRole('heading', { name: 'Choose the backup file' })).toBeNull();
  });

  it('restores a backup and goes to the unlock screen', async () => {
    restoreRoutes();
    render(FirstRun);
    await fireEvent.click(screen.getByRole('button', { name: 'Restore from a backup…' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Choose a backup file…' }));
    await type('Passphrase in use when this backup was made', 'the February passphrase');
    await fireEvent.click(screen.getByRole('button', { name: 'Open and check the backup' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Restore this backup here' }));
    await waitFor(() => expect(app.screen).toBe('unlock'));
    expect(invokeMock).toHaveBeenCalledWith('apply_restore', undefined);
    expect(invokeMock).not.toHaveBeenCalledWith('create_vault', expect.anything());
  });
});
