import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke, listen } = vi.hoisted(() => ({ invoke: vi.fn(), listen: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen }));

import { BACKUP_FOLDER, captureListeners, progressEvent } from '../../../test/fixtures/restore';
import BackupActivity from './BackupActivity.svelte';

const listenMock = vi.mocked(listen);
let events: ReturnType<typeof captureListeners>;

async function listening() {
  await waitFor(() =>
    expect(listenMock).toHaveBeenCalledWith('backup-progress', expect.any(Function)),
  );
}

async function send(overrides: Parameters<typeof progressEvent>[0]) {
  events.emit('backup-progress', progressEvent(overrides));
  await Promise.resolve();
}

beforeEach(() => {
  listenMock.mockReset();
  events = captureListeners(listenMock);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('backup activity', () => {
  it('shows nothing until a backup starts', async () => {
    render(BackupActivity);
    await listening();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('follows a backup through its stages', async () => {
    render(BackupActivity);
    await listening();
    await send({ stage: 'copying', fraction: 0.1 });
    const line = await screen.findByText(/Making the automatic backup to/);
    expect(line).toHaveTextContent(`Making the automatic backup to ${BACKUP_FOLDER}…`);
    const bar = screen.getByRole('progressbar', { name: /Making the automatic backup/ });
    expect(bar).toHaveAttribute('value', '0.1');
    expect(screen.getByText('Copying the vault')).toBeInTheDocument();

    await send({ stage: 'confirming', fraction: 0.8 });
    await waitFor(() => expect(screen.getByRole('progressbar')).toHaveAttribute('value', '0.8'));
    expect(screen.getByText('Reading the file back')).toBeInTheDocument();
    expect(screen.queryByText('Copying the vault')).toBeNull();
  });

  it('says "Backup verified." for a few seconds when it succeeds', async () => {
    render(BackupActivity, { verifiedFor: 4000 });
    await listening();
    vi.useFakeTimers();
    await send({ stage: 'writing', fraction: 0.6 });
    await send({ stage: 'rotating', fraction: 1, done: true });
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Backup verified.');
    await vi.advanceTimersByTimeAsync(3900);
    expect(screen.getByRole('status')).toHaveTextContent('Backup verified.');
    await vi.advanceTimersByTimeAsync(200);
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('keeps a failure on screen until it is dismissed', async () => {
    render(BackupActivity, { verifiedFor: 1000 });
    await listening();
    vi.useFakeTimers();
    await send({ stage: 'copying', fraction: 0.3 });
    await send({
      stage: 'writing',
      fraction: 0.5,
      done: true,
      error: 'The disk filled up while writing; nothing was left behind.',
    });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The disk filled up while writing; nothing was left behind.');
    expect(alert).toHaveTextContent(BACKUP_FOLDER);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('');

    await vi.advanceTimersByTimeAsync(60_000);
    expect(screen.getByRole('alert')).toBeInTheDocument();
    vi.useRealTimers();
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says "Making the backup" for one started by hand', async () => {
    render(BackupActivity);
    await listening();
    await send({ reason: 'manual', stage: 'checking', fraction: 0.4 });
    expect(await screen.findByText(/Making the backup to/)).toHaveTextContent(
      `Making the backup to ${BACKUP_FOLDER}…`,
    );
  });

  it('stops listening when it goes away', async () => {
    const { unmount } = render(BackupActivity);
    await listening();
    await waitFor(() => expect(listenMock.mock.results[0]?.value).toBeDefined());
    await Promise.resolve();
    unmount();
    expect(events.stopped()).toBe(1);
  });
});
