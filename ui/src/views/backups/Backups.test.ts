import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke, listen } = vi.hoisted(() => ({ invoke: vi.fn(), listen: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen }));
// The restore flow has its own tests; here it only matters that it is opened and closed.
vi.mock('./restore/RestoreFlow.svelte', () => import('../../test/fixtures/RestoreFlowStub.svelte'));

import type { BackupEntry } from '../../lib/bindings/BackupEntry';
import type { BackupOverview } from '../../lib/bindings/BackupOverview';
import type { BackupProgressEvent } from '../../lib/bindings/BackupProgressEvent';
import { formatAgo, formatSize, formatTimestamp } from '../../lib/format';
import { app } from '../../lib/state.svelte';
import {
  DISK,
  USB,
  backupEntry,
  emptyOverview,
  hoursAgo,
  overdueOverview,
  progressEvent,
  sampleOverview,
} from '../../test/fixtures/backups';
import { ipcError, resetApp, routeInvoke, status } from '../../test/ipc';
import Backups from './Backups.svelte';

const invokeMock = vi.mocked(invoke);
const listenMock = vi.mocked(listen);

let emitProgress: (event: BackupProgressEvent) => void = () => undefined;
let unlistened = 0;

type Handler = (args: Record<string, unknown>) => unknown;

/** Shows the screen with `overview` and any extra command handlers; waits for it to load. */
async function showBackups(
  overview: BackupOverview | (() => BackupOverview) = sampleOverview(),
  handlers: Record<string, Handler> = {},
) {
  routeInvoke(invokeMock, {
    backup_overview: () => (typeof overview === 'function' ? overview() : overview),
    ...handlers,
  });
  const result = render(Backups);
  await screen.findByRole('region', { name: 'Back up now' });
  return result;
}

function region(name: string) {
  return within(screen.getByRole('region', { name }));
}

function calls(command: string) {
  return invokeMock.mock.calls.filter(([name]) => name === command);
}

/** The table row of the backup with this file name. */
function row(fileName: string): HTMLElement {
  const cell = screen.getByRole('cell', { name: fileName });
  return cell.closest('tr') as HTMLElement;
}

function folderItem(path: string): HTMLElement {
  const found = within(screen.getByRole('region', { name: 'Folders' }))
    .getAllByRole('listitem')
    .filter((li) => li.querySelector('.path')?.textContent === path);
  expect(found).toHaveLength(1);
  return found[0];
}

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

beforeEach(() => {
  invokeMock.mockReset();
  listenMock.mockReset();
  unlistened = 0;
  emitProgress = () => undefined;
  listenMock.mockImplementation(async (name, callback) => {
    const handler = callback as (event: unknown) => void;
    if (name === 'backup-progress') {
      emitProgress = (payload) => handler({ event: 'backup-progress', id: 4, payload });
    }
    return () => {
      unlistened++;
    };
  });
  resetApp(app);
  app.setStatus(status({ state: 'unlocked' }));
});

describe('backups: overview', () => {
  it('shows the last verified backup, the folders and every backup made', async () => {
    const overview = sampleOverview();
    await showBackups(overview);
    const last = overview.last_verified_at!;
    expect(
      screen.getByText(`Last verified backup: ${formatAgo(last)}`, { exact: false }),
    ).toHaveTextContent(`Last verified backup: ${formatAgo(last)} (${formatTimestamp(last)})`);
    expect(screen.queryByText(/No verified backup yet/)).toBeNull();
    expect(screen.queryByText(/older than/)).toBeNull();

    // Folders: where, whether reachable, how the last attempt went.
    const usb = within(folderItem(USB));
    expect(usb.getByText('Connected')).toBeInTheDocument();
    expect(usb.getByText(/Last attempt:/)).toHaveTextContent(
      `Last attempt: Backed up, ${formatTimestamp(overview.folders[0].last_attempt_at!)}`,
    );
    expect(usb.getByRole('checkbox', { name: `Include in automatic backups: ${USB}` })).toBeChecked();
    const disk = within(folderItem(DISK));
    expect(disk.getByText('Not connected')).toBeInTheDocument();
    expect(disk.getByText(/Last attempt:/)).toHaveTextContent('Skipped: not connected');
    expect(disk.getByText('The disk was not plugged in.')).toBeInTheDocument();
    expect(disk.getByRole('checkbox', { name: /Include in automatic backups/ })).not.toBeChecked();
    expect(screen.queryByText(/same disk as the vault/)).toBeNull();

    // Only a connected folder gets its own button.
    const now = region('Back up now');
    expect(now.getByRole('button', { name: `Back up to ${USB}` })).toBeEnabled();
    expect(now.queryByRole('button', { name: `Back up to ${DISK}` })).toBeNull();
    expect(now.getByRole('button', { name: 'Back up to another folder…' })).toBeEnabled();

    // The table of backups.
    const table = screen.getByRole('table', { name: 'Backups made by this vault' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent?.trim())).toEqual([
      'Made',
      'Folder',
      'File name',
      'Size',
      'How',
      'Status',
      'Check',
    ]);
    const [newest, missing, damaged] = overview.backups;
    const first = within(row(newest.file_name));
    expect(first.getByText(formatTimestamp(newest.created_at))).toBeInTheDocument();
    expect(first.getByText(USB)).toBeInTheDocument();
    expect(first.getByText(formatSize(newest.size))).toBeInTheDocument();
    expect(first.getByText('Automatic, on locking')).toBeInTheDocument();
    expect(first.getByText('Verified')).toBeInTheDocument();
    expect(first.getByText(`checked ${formatAgo(newest.checked_at)}`)).toBeInTheDocument();

    const second = within(row(missing.file_name));
    expect(second.getByText('Backed up by hand')).toBeInTheDocument();
    expect(second.getByText('Not reachable')).toHaveClass('missing');
    expect(second.getByText(missing.check_message!)).toBeInTheDocument();

    const third = within(row(damaged.file_name));
    expect(third.getByText('Damaged')).toHaveClass('damaged');
    expect(third.getByText(damaged.check_message!)).toBeInTheDocument();
    expect(third.getByText('Automatic, on closing')).toBeInTheDocument();
  });

  it('warns plainly when the newest verified backup is too old', async () => {
    await showBackups(overdueOverview());
    expect(screen.getByText('The newest verified backup is older than 24 hours.')).toBeInTheDocument();
    expect(screen.getByText(/only what is in a backup on another disk can be brought back/)).toBeInTheDocument();
  });

  it('explains automatic backups when nothing is set up yet', async () => {
    await showBackups(emptyOverview());
    expect(screen.getByText('No verified backup yet.')).toBeInTheDocument();
    expect(screen.queryByText(/Last verified backup:/)).toBeNull();
    const folders = region('Folders');
    expect(folders.queryByRole('list')).toBeNull();
    expect(folders.getByText(/when you lock the vault, when you close Rapport/)).toBeInTheDocument();
    expect(folders.getByText(/never put somewhere else instead/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    expect(region('Backups made').getByText('No backup has been made yet.')).toBeInTheDocument();
    // A one-off folder is still possible.
    expect(
      region('Back up now').getByRole('button', { name: 'Back up to another folder…' }),
    ).toBeEnabled();
  });

  it('notes a folder on the same disk as the vault', async () => {
    const overview = sampleOverview();
    overview.folders[0].same_disk_as_vault = true;
    await showBackups(overview);
    expect(within(folderItem(USB)).getByText(/same disk as the vault/)).toHaveTextContent(
      'it will not survive that disk failing; prefer an external disk',
    );
    expect(within(folderItem(DISK)).queryByText(/same disk/)).toBeNull();
  });

  it('shows why the overview could not be read and tries again', async () => {
    let fail = true;
    routeInvoke(invokeMock, {
      backup_overview: () => {
        if (fail) throw ipcError('database', 'The vault could not be read.');
        return sampleOverview();
      },
    });
    render(Backups);
    expect(screen.getByRole('heading', { level: 1, name: 'Backups' })).toHaveFocus();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The backups could not be read: The vault could not be read.');
    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('region', { name: 'Folders' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('backups: back up now', () => {
  it('backs up to a folder, says what was made and refreshes the overview', async () => {
    const made = backupEntry({ id: 40, file_name: 'rapport-new.rapportbackup', size: 5_000_000 });
    let overview = sampleOverview();
    const answer = deferred<BackupEntry | null>();
    await showBackups(() => overview, { back_up_now: () => answer.promise });

    const button = screen.getByRole('button', { name: `Back up to ${USB}` });
    await fireEvent.click(button);
    expect(invokeMock).toHaveBeenCalledWith('back_up_now', { folderId: 1 });
    // One backup at a time: every back-up button waits, the rest of the screen does not.
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByRole('button', { name: 'Back up to another folder…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Add a folder…' })).toBeEnabled();
    expect(screen.getByLabelText('Back up every (hours)')).toBeEnabled();

    overview = sampleOverview({ backups: [made, ...sampleOverview().backups] });
    answer.resolve(made);
    expect(
      await screen.findByText(
        `Backed up and verified: rapport-new.rapportbackup (${formatSize(5_000_000)})`,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Backed up and verified/).closest('[role="status"]')).not.toBeNull();
    expect(await screen.findByRole('cell', { name: 'rapport-new.rapportbackup' })).toBeInTheDocument();
    expect(calls('backup_overview')).toHaveLength(2);
    expect(button).toBeEnabled();
  });

  it('shows why a backup failed and lets the person try again', async () => {
    const message =
      'The folder /media/therapist/USB STICK/Rapport backups cannot be used: the disk is not connected.';
    await showBackups(sampleOverview(), {
      back_up_now: () => {
        throw ipcError('target_unavailable', message);
      },
    });
    await fireEvent.click(screen.getByRole('button', { name: `Back up to ${USB}` }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(screen.queryByText(/Backed up and verified/)).toBeNull();
    expect(screen.getByRole('button', { name: `Back up to ${USB}` })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Back up to another folder…' })).toBeEnabled();
    // The folder's last attempt has changed, so the overview is read again.
    await waitFor(() => expect(calls('backup_overview')).toHaveLength(2));
  });

  it('does nothing when the folder dialog is cancelled', async () => {
    await showBackups(sampleOverview(), { back_up_now: () => null });
    await fireEvent.click(screen.getByRole('button', { name: 'Back up to another folder…' }));
    expect(invokeMock).toHaveBeenCalledWith('back_up_now', { folderId: null });
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Back up to another folder…' })).toBeEnabled(),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/Backed up and verified/)).toBeNull();
    expect(calls('backup_overview')).toHaveLength(1);
  });

  it('follows the progress events of a manual backup', async () => {
    const answer = deferred<BackupEntry | null>();
    await showBackups(sampleOverview(), { back_up_now: () => answer.promise });
    expect(listenMock).toHaveBeenCalledWith('backup-progress', expect.any(Function));
    await fireEvent.click(screen.getByRole('button', { name: `Back up to ${USB}` }));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByText('Starting the backup…')).toBeInTheDocument();

    emitProgress(progressEvent({ stage: 'copying', fraction: 0.1 }));
    await tick();
    const bar = screen.getByRole('progressbar', { name: 'Backup progress' }) as HTMLProgressElement;
    expect(bar.value).toBeCloseTo(0.1);
    const now = region('Back up now');
    expect(now.getByText('Copying the vault')).toBeInTheDocument();
    expect(now.getByText(USB, { selector: '.progress .path' })).toBeInTheDocument();

    emitProgress(progressEvent({ stage: 'checking', fraction: 0.45 }));
    await tick();
    expect(bar.value).toBeCloseTo(0.45);
    expect(now.getByText('Checking every page of the copy')).toBeInTheDocument();
    expect(now.queryByText('Copying the vault')).toBeNull();

    emitProgress(progressEvent({ stage: 'rotating', fraction: 1, done: true }));
    await tick();
    expect(screen.queryByRole('progressbar')).toBeNull();
    answer.resolve(backupEntry({ id: 41 }));
    expect(await screen.findByText(/Backed up and verified/)).toBeInTheDocument();
  });

  it('shows an automatic backup arriving by event and refreshes when it is done', async () => {
    let overview = sampleOverview();
    await showBackups(() => overview);
    emitProgress(progressEvent({ folder: DISK, reason: 'daily', stage: 'writing', fraction: 0.7 }));
    await tick();
    const bar = screen.getByRole('progressbar', { name: 'Backup progress' }) as HTMLProgressElement;
    expect(bar.value).toBeCloseTo(0.7);
    const now = region('Back up now');
    expect(now.getByText('Writing the backup file')).toBeInTheDocument();
    expect(now.getByText('(Automatic, while open)')).toBeInTheDocument();
    expect(now.getByText(DISK, { selector: '.progress .path' })).toBeInTheDocument();
    expect(now.getByRole('button', { name: `Back up to ${USB}` })).toBeDisabled();

    overview = sampleOverview({ last_verified_at: hoursAgo(0) });
    emitProgress(
      progressEvent({ folder: DISK, reason: 'daily', stage: 'rotating', fraction: 1, done: true }),
    );
    await waitFor(() => expect(calls('backup_overview')).toHaveLength(2));
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(now.getByRole('button', { name: `Back up to ${USB}` })).toBeEnabled();
    expect(now.getByText(/An automatic backup to/)).toHaveTextContent(
      `An automatic backup to ${DISK} has just been made and checked.`,
    );
    expect(await screen.findByText(/Last verified backup:/)).toHaveTextContent(
      `Last verified backup: ${formatAgo(overview.last_verified_at!)}`,
    );
  });

  it('says so when an automatic backup fails', async () => {
    await showBackups();
    emitProgress(
      progressEvent({
        reason: 'lock',
        stage: 'writing',
        fraction: 0.6,
        done: true,
        error: 'The disk filled up while writing; nothing was left behind.',
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      `An automatic backup to ${USB} was not made: The disk filled up while writing; nothing was left behind.`,
    );
  });

  it('stops listening when the screen closes', async () => {
    const { unmount } = await showBackups();
    unmount();
    expect(unlistened).toBe(1);
  });
});

describe('backups: verify again', () => {
  it('checks a backup again and updates its row', async () => {
    const overview = sampleOverview();
    const damaged = overview.backups[2];
    const answer = deferred<BackupEntry>();
    await showBackups(overview, { verify_backup: () => answer.promise });
    const line = within(row(damaged.file_name));
    const button = line.getByRole('button', { name: `Verify again: ${damaged.file_name}` });
    await fireEvent.click(button);
    expect(invokeMock).toHaveBeenCalledWith('verify_backup', { id: damaged.id });
    expect(button).toBeDisabled();
    expect(button).toHaveTextContent('Verifying…');

    const checkedAt = hoursAgo(0);
    answer.resolve({ ...damaged, check_outcome: 'ok', check_message: null, checked_at: checkedAt });
    expect(await line.findByText('Verified')).toBeInTheDocument();
    expect(line.queryByText('Damaged')).toBeNull();
    expect(line.queryByText(damaged.check_message!)).toBeNull();
    expect(line.getByText(`checked ${formatAgo(checkedAt)}`)).toBeInTheDocument();
    expect(button).toBeEnabled();
    expect(button).toHaveTextContent('Verify again');
  });

  it('shows a failed check as text in the row', async () => {
    const overview = sampleOverview();
    const newest = overview.backups[0];
    await showBackups(overview, {
      verify_backup: () => {
        throw ipcError('io', 'The folder could not be read: permission denied.');
      },
    });
    const line = within(row(newest.file_name));
    await fireEvent.click(line.getByRole('button', { name: /Verify again/ }));
    expect(await line.findByRole('alert')).toHaveTextContent(
      'The folder could not be read: permission denied.',
    );
    expect(line.getByText('Verified')).toBeInTheDocument();
  });
});

describe('backups: schedule', () => {
  it('keeps the typed value and shows the core’s refusal next to the field', async () => {
    await showBackups(sampleOverview(), {
      set_backup_schedule: () => {
        throw ipcError('invalid', 'Choose from 1 to 168 hours.', 'interval_hours');
      },
    });
    const interval = screen.getByLabelText('Back up every (hours)') as HTMLInputElement;
    expect(interval.value).toBe('24');
    await fireEvent.input(interval, { target: { value: '200' } });
    const weekly = screen.getByLabelText('Weekly backups to keep') as HTMLInputElement;
    await fireEvent.input(weekly, { target: { value: '8' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save the schedule' }));

    const message = await screen.findByText('Choose from 1 to 168 hours.');
    expect(message).toHaveAttribute('role', 'alert');
    expect(interval.getAttribute('aria-describedby')).toContain(message.id);
    expect(interval).toHaveAttribute('aria-invalid', 'true');
    expect(interval.value).toBe('200');
    expect(weekly.value).toBe('8');
    expect(invokeMock).toHaveBeenCalledWith('set_backup_schedule', {
      schedule: { interval_hours: 200, keep: { daily: 7, weekly: 8, monthly: 12 } },
    });
    expect(screen.queryByText('Saved.')).toBeNull();
  });

  it('asks for a whole number before sending anything', async () => {
    await showBackups();
    const daily = screen.getByLabelText('Daily backups to keep') as HTMLInputElement;
    await fireEvent.input(daily, { target: { value: '' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save the schedule' }));
    expect(await screen.findByText('Enter a whole number of days, from 1 to 90.')).toBeInTheDocument();
    expect(daily).toHaveFocus();
    expect(calls('set_backup_schedule')).toHaveLength(0);
  });

  it('says "Saved." once the schedule is saved', async () => {
    await showBackups(sampleOverview(), {
      set_backup_schedule: ({ schedule }) => sampleOverview({ schedule: schedule as BackupOverview['schedule'] }),
    });
    await fireEvent.input(screen.getByLabelText('Monthly backups to keep'), {
      target: { value: '24' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Save the schedule' }));
    const saved = await screen.findByText('Saved.');
    expect(saved.closest('[role="status"]')).not.toBeNull();
    expect(invokeMock).toHaveBeenCalledWith('set_backup_schedule', {
      schedule: { interval_hours: 24, keep: { daily: 7, weekly: 4, monthly: 24 } },
    });
  });
});

describe('backups: folders', () => {
  it('asks before removing a folder, saying its backups stay', async () => {
    const remaining = sampleOverview();
    remaining.folders = remaining.folders.slice(0, 1);
    await showBackups(sampleOverview(), { remove_backup_folder: () => remaining });

    const remove = within(folderItem(DISK)).getByRole('button', {
      name: `Remove from the list: ${DISK}`,
    });
    await fireEvent.click(remove);
    let dialog = screen.getByRole('dialog', { name: 'Remove this folder from the list?' });
    expect(dialog).toHaveTextContent('The backups already in it are not deleted');
    expect(within(dialog).getByText(DISK)).toBeInTheDocument();
    expect(calls('remove_backup_folder')).toHaveLength(0);

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls('remove_backup_folder')).toHaveLength(0);
    await waitFor(() => expect(remove).toHaveFocus());

    await fireEvent.click(remove);
    dialog = screen.getByRole('dialog');
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Remove from the list' }));
    expect(invokeMock).toHaveBeenCalledWith('remove_backup_folder', { id: 2 });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const folders = region('Folders');
    expect(folders.queryByText(DISK)).toBeNull();
    expect(folders.getByText(USB)).toBeInTheDocument();
    expect(folders.getByRole('status')).toHaveTextContent('The backups in it were left where they are.');
  });

  it('includes or leaves out a folder from the automatic backups', async () => {
    const changed = sampleOverview();
    changed.folders[1].automatic = true;
    await showBackups(sampleOverview(), { set_backup_folder_automatic: () => changed });
    const box = within(folderItem(DISK)).getByRole('checkbox');
    await fireEvent.click(box);
    expect(invokeMock).toHaveBeenCalledWith('set_backup_folder_automatic', { id: 2, automatic: true });
    await waitFor(() => expect(box).toBeEnabled());
    expect(box).toBeChecked();
  });

  it('puts the box back when the change is refused', async () => {
    await showBackups(sampleOverview(), {
      set_backup_folder_automatic: () => {
        throw ipcError('database', 'The setting could not be saved.');
      },
    });
    const box = within(folderItem(USB)).getByRole('checkbox');
    await fireEvent.click(box);
    expect(await screen.findByRole('alert')).toHaveTextContent('The setting could not be saved.');
    expect(box).toBeChecked();
  });

  it('adds a folder chosen in the dialog, and nothing when it is cancelled', async () => {
    let chosen: BackupOverview | null = null;
    await showBackups(emptyOverview(), { add_backup_folder: () => chosen });
    const add = screen.getByRole('button', { name: 'Add a folder…' });
    await fireEvent.click(add);
    await waitFor(() => expect(add).toBeEnabled());
    expect(region('Folders').queryByRole('list')).toBeNull();

    chosen = sampleOverview({ backups: [], last_verified_at: null, overdue: true });
    await fireEvent.click(add);
    expect(await within(folderItem(USB)).findByText('Connected')).toBeInTheDocument();
    expect(region('Folders').getByRole('status')).toHaveTextContent('Folder added.');
    expect(region('Back up now').getByRole('button', { name: `Back up to ${USB}` })).toBeEnabled();
  });
});

describe('backups: restore', () => {
  it('offers restoring from a backup, explaining the check and the copy kept aside', async () => {
    await showBackups();
    const restore = region('Restore from a backup');
    expect(restore.getByText(/checked before any passphrase is asked for/)).toBeInTheDocument();
    expect(restore.getByText(/kept aside until you confirm/)).toBeInTheDocument();
    const open = restore.getByRole('button', { name: 'Restore from a backup…' });

    await fireEvent.click(open);
    const flow = screen.getByRole('region', { name: 'Restore flow' });
    expect(flow).toHaveTextContent('Restore flow (replace)');
    expect(screen.queryByRole('button', { name: 'Restore from a backup…' })).toBeNull();

    await fireEvent.click(within(flow).getByRole('button', { name: 'Close the restore flow' }));
    expect(screen.queryByRole('region', { name: 'Restore flow' })).toBeNull();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Restore from a backup…' })).toHaveFocus(),
    );
  });

  it('is not offered in the sample practice', async () => {
    app.setStatus(status({ state: 'unlocked', sample: true }));
    await showBackups();
    expect(screen.queryByRole('region', { name: 'Restore from a backup' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Restore from a backup/ })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Restore flow' })).toBeNull();
    expect(screen.getByText(/The sample practice cannot be restored over/)).toBeInTheDocument();
  });
});
