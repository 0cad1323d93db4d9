import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '../../../lib/bindings/ErrorCode';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { formatSize, formatTimestamp } from '../../../lib/format';
import { loadRater } from '../../../lib/passphrase';
import { app } from '../../../lib/state.svelte';
import {
  BACKUP_MADE,
  BACKUP_PATH,
  NEWEST_RECORD,
  RECOVERY_KEY,
  candidate,
  preview,
} from '../../../test/fixtures/restore';
import { ipcError, resetApp, routeInvoke, status } from '../../../test/ipc';
import RestoreFlow from './RestoreFlow.svelte';

const invokeMock = vi.mocked(invoke);
const STRONG = 'meadow lantern copper violin';
const PASSPHRASE_LABEL = 'Passphrase in use when this backup was made';

type Handlers = Parameters<typeof routeInvoke>[1];

// The passphrase is rated in the window; load the rating once, before the first form opens.
beforeAll(async () => {
  await loadRater();
}, 30_000);

function route(handlers: Handlers = {}) {
  routeInvoke(invokeMock, {
    choose_restore_file: () => candidate(),
    prepare_restore: () => preview(),
    apply_restore: () => status({ state: 'locked' }),
    cancel_restore: () => null,
    ...handlers,
  });
}

function show(mode: 'replace' | 'new-computer' = 'replace') {
  const onclose = vi.fn();
  render(RestoreFlow, { mode, onclose });
  return onclose;
}

async function chooseFile() {
  await fireEvent.click(screen.getByRole('button', { name: 'Choose a backup file…' }));
  return screen.findByRole('heading', { name: 'Unlock the backup' });
}

async function type(label: string, value: string) {
  await fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

async function openWithPassphrase(value = 'the old passphrase') {
  await chooseFile();
  await type(PASSPHRASE_LABEL, value);
  await fireEvent.click(screen.getByRole('button', { name: 'Open and check the backup' }));
}

function calls(command: string) {
  return invokeMock.mock.calls.filter(([name]) => name === command);
}

beforeEach(() => {
  invokeMock.mockReset();
  resetApp(app);
  app.setStatus(status({ state: 'unlocked' }));
  route();
});

describe('restore: choosing the file', () => {
  it('starts with the explanation and the heading focused', () => {
    show();
    const heading = screen.getByRole('heading', { name: 'Choose the backup file' });
    expect(heading).toHaveFocus();
    expect(screen.getByText(/Nothing changes until you confirm/)).toBeInTheDocument();
    expect(screen.getByText('Choose the file').closest('li')).toHaveAttribute('aria-current', 'step');
  });

  it('stays on the first step when the file dialog is cancelled', async () => {
    route({ choose_restore_file: () => null });
    show();
    await fireEvent.click(screen.getByRole('button', { name: 'Choose a backup file…' }));
    await waitFor(() => expect(calls('choose_restore_file')).toHaveLength(1));
    expect(screen.getByRole('heading', { name: 'Choose the backup file' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByLabelText(PASSPHRASE_LABEL)).toBeNull();
  });

  it.each<[ErrorCode, string, string]>([
    ['not_a_backup', 'This is not a Rapport backup', 'notes.db is not a Rapport backup: it is a plain, unencrypted SQLite database.'],
    ['backup_damaged', 'This backup is damaged or incomplete', 'rapport.backup is damaged or incomplete: 4096 bytes are missing.'],
    ['newer_backup', 'This backup needs a newer version of Rapport', 'rapport.backup was made by a newer version of Rapport (0.9.0).'],
  ])('refuses a %s file before any passphrase, with its own heading', async (code, heading, message) => {
    route({
      choose_restore_file: () => {
        throw ipcError(code, message);
      },
    });
    show();
    await fireEvent.click(screen.getByRole('button', { name: 'Choose a backup file…' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: heading })).toBeInTheDocument();
    expect(within(alert).getByText(message)).toBeInTheDocument();
    expect(screen.queryByLabelText(PASSPHRASE_LABEL)).toBeNull();
    expect(calls('prepare_restore')).toHaveLength(0);

    // Another file can be chosen straight away, and a good one moves on.
    route();
    await fireEvent.click(screen.getByRole('button', { name: 'Choose another file…' }));
    expect(await screen.findByRole('heading', { name: 'Unlock the backup' })).toHaveFocus();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('describes the chosen file', async () => {
    route({ choose_restore_file: () => candidate({ info: { sample: true } }) });
    show();
    const heading = await chooseFile();
    expect(heading).toHaveFocus();
    expect(screen.getByText(formatTimestamp(BACKUP_MADE))).toBeInTheDocument();
    expect(screen.getByText('Rapport 0.3.1')).toBeInTheDocument();
    expect(screen.getByText(formatSize(4_718_592))).toBeInTheDocument();
    expect(screen.getByText(BACKUP_PATH)).toBeInTheDocument();
    expect(screen.getByText(/backup of the sample practice/)).toBeInTheDocument();
    expect(screen.queryByText(/backup of a different vault/)).toBeNull();
  });

  it('warns when the backup is of a different vault', async () => {
    route({ choose_restore_file: () => candidate({ same_vault: false }) });
    show();
    await chooseFile();
    expect(screen.getByText(/backup of a different vault from the one in use/)).toHaveTextContent(
      'replaces the vault in use',
    );
  });
});

describe('restore: unlocking with the passphrase', () => {
  it('explains which passphrase opens it', async () => {
    show();
    await chooseFile();
    const field = screen.getByLabelText(PASSPHRASE_LABEL);
    expect(field).toHaveAccessibleDescription(/the new one does not open this backup/);
  });

  it('clears a wrong passphrase, says why next to the field, and then opens the backup', async () => {
    let right = false;
    route({
      prepare_restore: () => {
        if (!right) {
          throw ipcError(
            'wrong_backup_passphrase',
            'This is not the passphrase that was in use when the backup was made.',
          );
        }
        return preview();
      },
    });
    show();
    await openWithPassphrase('my passphrase today');
    const message = await screen.findByText(
      'This is not the passphrase that was in use when the backup was made.',
    );
    const field = screen.getByLabelText(PASSPHRASE_LABEL) as HTMLInputElement;
    expect(field.value).toBe('');
    expect(field.getAttribute('aria-describedby')).toContain(message.id);
    await waitFor(() => expect(field).toHaveFocus());
    expect(invokeMock).toHaveBeenCalledWith('prepare_restore', {
      secret: { kind: 'passphrase', passphrase: 'my passphrase today' },
    });

    right = true;
    await type(PASSPHRASE_LABEL, 'my passphrase in February');
    await fireEvent.click(screen.getByRole('button', { name: 'Open and check the backup' }));
    expect(await screen.findByRole('heading', { name: 'Check what it holds' })).toHaveFocus();
  });

  it('asks for the passphrase instead of sending an empty one', async () => {
    show();
    await chooseFile();
    await fireEvent.click(screen.getByRole('button', { name: 'Open and check the backup' }));
    expect(screen.getByRole('alert')).toHaveTextContent(/Enter the passphrase/);
    expect(calls('prepare_restore')).toHaveLength(0);
  });

  it('shows that every page is being checked while it waits', async () => {
    let finish: (value: unknown) => void = () => undefined;
    route({ prepare_restore: () => new Promise((resolve) => (finish = resolve)) });
    show();
    await openWithPassphrase();
    const waiting = await screen.findByText('Checking the backup… every page is read and verified.');
    expect(waiting.closest('[role="status"]')).not.toBeNull();
    expect(screen.getByRole('progressbar', { name: 'Checking the backup' })).toBeInTheDocument();
    expect(waiting.closest('[aria-busy]')).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('button', { name: 'Checking…' })).toBeDisabled();

    finish(preview());
    await screen.findByRole('heading', { name: 'Check what it holds' });
    expect(screen.queryByText(/every page is read and verified/)).toBeNull();
  });

  it('goes back to choosing a file when the backup turns out damaged', async () => {
    route({
      prepare_restore: () => {
        throw ipcError('backup_damaged', 'The backup is damaged: page 212 failed its check.');
      },
    });
    show();
    await openWithPassphrase();
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByRole('heading', { name: 'This backup is damaged or incomplete' }),
    ).toBeInTheDocument();
    expect(alert).toHaveTextContent('The backup is damaged: page 212 failed its check.');
    expect(screen.getByRole('heading', { name: 'Choose the backup file' })).toHaveFocus();
  });
});

describe('restore: unlocking with the recovery key', () => {
  async function useRecoveryKey() {
    await chooseFile();
    await fireEvent.click(screen.getByRole('button', { name: 'Use the recovery key instead' }));
    expect(screen.getByLabelText('Recovery key')).toHaveFocus();
    expect(screen.queryByLabelText(PASSPHRASE_LABEL)).toBeNull();
  }

  async function fillIn(key: string, passphrase: string) {
    await type('Recovery key', key);
    await type('New passphrase', passphrase);
    await type('Confirm new passphrase', passphrase);
    const open = screen.getByRole('button', { name: 'Open and check the backup' });
    await waitFor(() => expect(open).toBeEnabled());
    return open;
  }

  it('needs the key and an acceptable new passphrase before it can be sent', async () => {
    show();
    await useRecoveryKey();
    const open = screen.getByRole('button', { name: 'Open and check the backup' });
    expect(open).toBeDisabled();
    await type('Recovery key', RECOVERY_KEY);
    expect(open).toBeDisabled();
    await fillIn(RECOVERY_KEY, STRONG);
  });

  it('shows a weak new passphrase and a wrong key next to their fields, keeping the key', async () => {
    let answer: 'weak' | 'wrong' | 'ok' = 'weak';
    route({
      prepare_restore: () => {
        if (answer === 'weak') {
          throw ipcError('invalid', 'This passphrase is too easy to guess.', 'new_passphrase');
        }
        if (answer === 'wrong') {
          throw ipcError('wrong_recovery_key', 'This recovery key does not open the backup.');
        }
        return preview();
      },
    });
    show();
    await useRecoveryKey();
    const open = await fillIn(RECOVERY_KEY, STRONG);
    await fireEvent.click(open);

    const weak = await screen.findByText('This passphrase is too easy to guess.');
    const newField = screen.getByLabelText('New passphrase');
    expect(newField.getAttribute('aria-describedby')).toContain(weak.id);
    await waitFor(() => expect(newField).toHaveFocus());
    expect((newField as HTMLInputElement).value).toBe(STRONG);
    expect((screen.getByLabelText('Recovery key') as HTMLInputElement).value).toBe(RECOVERY_KEY);
    expect(invokeMock).toHaveBeenCalledWith('prepare_restore', {
      secret: { kind: 'recovery_key', recovery_key: RECOVERY_KEY, new_passphrase: STRONG },
    });

    answer = 'wrong';
    await fireEvent.click(screen.getByRole('button', { name: 'Open and check the backup' }));
    const wrong = await screen.findByText('This recovery key does not open the backup.');
    const keyField = screen.getByLabelText('Recovery key') as HTMLInputElement;
    expect(keyField.getAttribute('aria-describedby')).toContain(wrong.id);
    expect(keyField.value).toBe(RECOVERY_KEY);
    await waitFor(() => expect(keyField).toHaveFocus());

    answer = 'ok';
    await fireEvent.click(screen.getByRole('button', { name: 'Open and check the backup' }));
    await screen.findByRole('heading', { name: 'Check what it holds' });
    expect(screen.getByText(/opens with the new passphrase you just chose/)).toBeInTheDocument();
  });

  it('goes back to the passphrase, forgetting what was typed', async () => {
    show();
    await useRecoveryKey();
    await type('Recovery key', RECOVERY_KEY);
    await fireEvent.click(screen.getByRole('button', { name: 'Use the passphrase instead' }));
    expect(screen.getByLabelText(PASSPHRASE_LABEL)).toHaveFocus();
    await fireEvent.click(screen.getByRole('button', { name: 'Use the recovery key instead' }));
    expect((screen.getByLabelText('Recovery key') as HTMLInputElement).value).toBe('');
  });
});

describe('restore: what the backup holds', () => {
  it('lists the clinical records with their counts, the rest folded away', async () => {
    show();
    await openWithPassphrase();
    const table = await screen.findByRole('table', { name: 'This backup holds' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Clients', '14'],
      ['Sessions', '163'],
      ['Session notes', '158'],
      ['Amendments', '6'],
      ['Private process notes', '41'],
      ['Work-at-home tasks', '52'],
      ['Goals', '27'],
      ['People in inventories', '88'],
      ['Safety plans', '3'],
    ]);
    expect(within(table).queryByText('Medications')).toBeNull();

    const details = screen.getByText('All record kinds').closest('details');
    expect(details).not.toHaveAttribute('open');
    const all = within(details as HTMLElement);
    expect(all.getByText('Audit trail entries').closest('tr')).toHaveTextContent(/2,?316/);
    expect(all.getByText('Medications').closest('tr')).toHaveTextContent('9');
    // A kind with nothing in it is not worth a row.
    expect(all.queryByText('Timeline events')).toBeNull();

    expect(screen.getByText(`Newest record: ${formatTimestamp(NEWEST_RECORD)}`)).toBeInTheDocument();
  });

  it('explains the replacement and opens with the passphrase just entered', async () => {
    show('replace');
    await openWithPassphrase();
    await screen.findByRole('heading', { name: 'Check what it holds' });
    expect(screen.getByText('The vault in use now will be replaced by this backup.')).toBeInTheDocument();
    expect(screen.getByText(/kept aside until you choose to keep the restored one/)).toBeInTheDocument();
    expect(screen.getByText(/opens with the passphrase you just entered/)).toBeInTheDocument();
  });

  it('asks once, then restores and hands the new status to the app', async () => {
    const locked = status({ state: 'locked', vault_dir: '/home/therapist/restored' });
    route({ apply_restore: () => locked });
    const setStatus = vi.spyOn(app, 'setStatus');
    show('replace');
    await openWithPassphrase();
    await fireEvent.click(
      await screen.findByRole('button', { name: 'Replace my vault with this backup' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Replace your vault with this backup?' });
    expect(calls('apply_restore')).toHaveLength(0);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Replace my vault' }));
    await waitFor(() => expect(setStatus).toHaveBeenCalledWith(locked));
    expect(app.status).toEqual(locked);
    expect(app.screen).toBe('unlock');
    expect(calls('apply_restore')).toHaveLength(1);
  });

  it('changes nothing when the question is declined', async () => {
    show('replace');
    await openWithPassphrase();
    await fireEvent.click(
      await screen.findByRole('button', { name: 'Replace my vault with this backup' }),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Not now' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls('apply_restore')).toHaveLength(0);
  });

  it('shows why putting the backup in place failed', async () => {
    route({
      apply_restore: () => {
        throw ipcError('internal', 'The vault folder could not be written to.');
      },
    });
    show('replace');
    await openWithPassphrase();
    await fireEvent.click(
      await screen.findByRole('button', { name: 'Replace my vault with this backup' }),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Replace my vault' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The vault folder could not be written to.',
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(app.screen).toBe('main');
  });

  it('restores straight away on a new computer, where nothing is replaced', async () => {
    app.setStatus(status({ state: 'none' }));
    const locked = status({ state: 'locked' });
    route({
      choose_restore_file: () => candidate({ replaces_vault: false, same_vault: null }),
      prepare_restore: () => preview({ replaces_vault: false }),
      apply_restore: () => locked,
    });
    const setStatus = vi.spyOn(app, 'setStatus');
    show('new-computer');
    await openWithPassphrase();
    await screen.findByRole('heading', { name: 'Check what it holds' });
    expect(screen.queryByText(/will be replaced/)).toBeNull();
    expect(screen.getByText(/becomes the vault on this computer/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Restore this backup here' }));
    await waitFor(() => expect(setStatus).toHaveBeenCalledWith(locked));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(app.screen).toBe('unlock');
  });

  it('still asks first on a new computer when a vault is already there', async () => {
    app.setStatus(status({ state: 'none' }));
    show('new-computer');
    await openWithPassphrase();
    await fireEvent.click(
      await screen.findByRole('button', { name: 'Replace my vault with this backup' }),
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(calls('apply_restore')).toHaveLength(0);
  });
});

describe('restore: cancelling', () => {
  it('forgets the backup and closes, from the first step', async () => {
    const onclose = show();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    expect(calls('cancel_restore')).toHaveLength(1);
  });

  it('forgets the backup and closes from the preview, even if forgetting fails', async () => {
    route({
      cancel_restore: () => {
        throw ipcError('internal', 'No restore is under way.');
      },
    });
    const onclose = show();
    await openWithPassphrase();
    await screen.findByRole('heading', { name: 'Check what it holds' });
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    expect(calls('cancel_restore')).toHaveLength(1);
    expect(calls('apply_restore')).toHaveLength(0);
  });

  it('forgets a backup that finishes unpacking after Cancel', async () => {
    let finish: (value: unknown) => void = () => undefined;
    route({ prepare_restore: () => new Promise((resolve) => (finish = resolve)) });
    const onclose = show();
    await openWithPassphrase();
    await screen.findByText(/every page is read and verified/);
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    finish(preview());
    await waitFor(() => expect(calls('cancel_restore')).toHaveLength(2));
  });
});
