import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke, listen } = vi.hoisted(() => ({ invoke: vi.fn(), listen: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen }));

import { formatTimestamp } from '../../lib/format';
import { loadRater } from '../../lib/passphrase';
import { app } from '../../lib/state.svelte';
import {
  BACKUP_FOLDER,
  BACKUP_MADE,
  captureListeners,
  pendingRestore,
  progressEvent,
} from '../../test/fixtures/restore';
import { ipcError, resetApp, routeInvoke, status } from '../../test/ipc';
import Unlock from './Unlock.svelte';

const invokeMock = vi.mocked(invoke);
const listenMock = vi.mocked(listen);
let emit: ReturnType<typeof captureListeners>['emit'] = () => undefined;

type Handlers = Parameters<typeof routeInvoke>[1];

/** Most unlocks happen with no restore waiting. */
function route(handlers: Handlers = {}) {
  routeInvoke(invokeMock, { pending_restore: () => null, ...handlers });
}

// A new passphrase is rated in the window; load the rating once, before the first form opens.
beforeAll(async () => {
  await loadRater();
}, 30_000);

beforeEach(() => {
  invokeMock.mockReset();
  listenMock.mockReset();
  ({ emit } = captureListeners(listenMock));
  resetApp(app);
  app.setStatus(status());
  route();
});

async function tryPassphrase(value: string) {
  const field = screen.getByLabelText('Passphrase') as HTMLInputElement;
  await fireEvent.input(field, { target: { value } });
  await fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
  return field;
}

describe('unlock', () => {
  it('focuses the passphrase field and shows the vault folder', () => {
    render(Unlock);
    expect(screen.getByLabelText('Passphrase')).toHaveFocus();
    expect(screen.getByText('/home/therapist/.local/share/rapport/vault')).toBeInTheDocument();
  });

  it('says "Wrong passphrase.", clears the field and focuses it again', async () => {
    route({
      unlock: () => {
        throw ipcError('wrong_passphrase', 'Wrong passphrase.');
      },
      app_status: () => status(),
    });
    render(Unlock);
    const field = await tryPassphrase('not my passphrase');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Wrong passphrase.');
    expect(field.value).toBe('');
    expect(field.getAttribute('aria-describedby')).toContain(alert.id);
    await waitFor(() => expect(field).toHaveFocus());
    expect(invokeMock).toHaveBeenCalledWith('unlock', { passphrase: 'not my passphrase' });
    expect(screen.getByRole('button', { name: 'Unlock' })).toBeEnabled();
  });

  it('shows a busy button while the key is being derived', async () => {
    let finish: (value: unknown) => void = () => undefined;
    route({
      unlock: () => new Promise((resolve) => (finish = resolve)),
      app_status: () => status({ state: 'unlocked' }),
    });
    render(Unlock);
    await tryPassphrase('the right one');
    const busy = await screen.findByRole('button', { name: 'Unlocking…' });
    expect(busy).toBeDisabled();
    expect(busy).toHaveAttribute('aria-busy', 'true');
    finish(status({ state: 'unlocked' }));
    await waitFor(() => expect(app.screen).toBe('main'));
  });

  it('counts down after too many attempts, with the button disabled', async () => {
    route({
      unlock: () => {
        throw ipcError('too_many_attempts', 'Too many failed attempts. Try again in 30 seconds.');
      },
      app_status: () => status({ unlock_wait_secs: 30 }),
    });
    render(Unlock);
    await tryPassphrase('guess');
    expect(
      await screen.findByText('Too many failed attempts. Try again in 30 seconds.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('timer')).toHaveTextContent('0:30');
    expect(screen.getByRole('button', { name: 'Unlock' })).toBeDisabled();
    expect((screen.getByLabelText('Passphrase') as HTMLInputElement).value).toBe('');
  });

  it('starts the countdown from the status when the window opens during a wait', () => {
    app.setStatus(status({ unlock_wait_secs: 75 }));
    render(Unlock);
    expect(screen.getByRole('timer')).toHaveTextContent('1:15');
    expect(screen.getByRole('button', { name: 'Unlock' })).toBeDisabled();
  });

  it('shows why the vault locked itself', () => {
    app.lockNote = 'Locked after 5 minutes without activity.';
    render(Unlock);
    expect(screen.getByText('Locked after 5 minutes without activity.')).toBeInTheDocument();
  });

  it('switches to the recovery key form and back with Escape', async () => {
    render(Unlock);
    await fireEvent.click(
      screen.getByRole('button', { name: 'Forgot your passphrase? Use the recovery key' }),
    );
    const key = screen.getByLabelText('Recovery key');
    expect(key).toHaveFocus();
    expect(screen.getByLabelText('New passphrase')).toBeInTheDocument();
    expect(screen.getByLabelText('Confirm new passphrase')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Unlock and set passphrase' })).toBeDisabled();
    await fireEvent.keyDown(key, { key: 'Escape' });
    expect(screen.getByLabelText('Passphrase')).toHaveFocus();
  });

  it('keeps the new passphrase when the core refuses it, and says why next to it', async () => {
    const key = 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567';
    const chosen = 'copper lantern orchard violet';
    route({
      unlock_with_recovery_key: () => {
        throw ipcError(
          'invalid',
          'Make it harder to guess: names are among the first things tried.',
          'new_passphrase',
        );
      },
    });
    render(Unlock);
    await fireEvent.click(
      screen.getByRole('button', { name: 'Forgot your passphrase? Use the recovery key' }),
    );
    await fireEvent.input(screen.getByLabelText('Recovery key'), { target: { value: key } });
    await fireEvent.input(screen.getByLabelText('New passphrase'), { target: { value: chosen } });
    await fireEvent.input(screen.getByLabelText('Confirm new passphrase'), {
      target: { value: chosen },
    });
    const submit = screen.getByRole('button', { name: 'Unlock and set passphrase' });
    await waitFor(() => expect(submit).toBeEnabled());
    await fireEvent.click(submit);
    const message = await screen.findByText(
      'Make it harder to guess: names are among the first things tried.',
    );
    const field = screen.getByLabelText('New passphrase') as HTMLInputElement;
    expect(field.getAttribute('aria-describedby')).toContain(message.id);
    await waitFor(() => expect(field).toHaveFocus());
    expect(field.value).toBe(chosen);
    expect((screen.getByLabelText('Confirm new passphrase') as HTMLInputElement).value).toBe(chosen);
    expect((screen.getByLabelText('Recovery key') as HTMLInputElement).value).toBe(key);
    expect(invokeMock).toHaveBeenCalledWith('unlock_with_recovery_key', {
      recoveryKey: key,
      newPassphrase: chosen,
    });
  });

  it('says nothing about a restore when none is waiting', async () => {
    render(Unlock);
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith('pending_restore', undefined));
    expect(screen.queryByText(/was restored/)).toBeNull();
  });
});

describe('unlock after a restore', () => {
  it('says which passphrase opens the restored vault', async () => {
    route({ pending_restore: () => pendingRestore() });
    render(Unlock);
    expect(
      await screen.findByText(
        `A backup made on ${formatTimestamp(BACKUP_MADE)} was restored. Unlock with the passphrase that was in use on that day, or the recovery key.`,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Passphrase')).toHaveFocus();
  });

  it('shows nothing extra when the question cannot be answered', async () => {
    route({
      pending_restore: () => {
        throw ipcError('internal', 'The vault folder could not be read.');
      },
    });
    render(Unlock);
    await waitFor(() => expect(invokeMock).toHaveBeenCalledWith('pending_restore', undefined));
    expect(screen.queryByText(/was restored/)).toBeNull();
    expect(screen.queryByText('The vault folder could not be read.')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('unlock: a backup running on lock', () => {
  it('shows the automatic backup in progress, then that it was verified', async () => {
    render(Unlock);
    await waitFor(() => expect(listenMock).toHaveBeenCalledWith('backup-progress', expect.any(Function)));
    emit('backup-progress', progressEvent({ stage: 'checking', fraction: 0.45 }));
    const line = await screen.findByText(/Making the automatic backup to/);
    expect(line).toHaveTextContent(`Making the automatic backup to ${BACKUP_FOLDER}…`);
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '0.45');
    expect(screen.getByText('Checking every page of the copy')).toBeInTheDocument();
    // Unlocking stays possible meanwhile.
    expect(screen.getByRole('button', { name: 'Unlock' })).toBeEnabled();

    emit('backup-progress', progressEvent({ stage: 'rotating', fraction: 1, done: true }));
    await waitFor(() => expect(screen.queryByText(/Making the automatic backup/)).toBeNull());
    expect(screen.getByRole('status')).toHaveTextContent('Backup verified.');
  });
});
