import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke } = vi.hoisted(() => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));

import { formatAgo, formatTimestamp } from '../../../lib/format';
import { app } from '../../../lib/state.svelte';
import { BACKUP_MADE, RESTORED_AT, pendingRestore } from '../../../test/fixtures/restore';
import { ipcError, resetApp, routeInvoke, status } from '../../../test/ipc';
import PendingRestoreBanner from './PendingRestoreBanner.svelte';

const invokeMock = vi.mocked(invoke);

type Handlers = Parameters<typeof routeInvoke>[1];

function route(handlers: Handlers = {}) {
  routeInvoke(invokeMock, {
    pending_restore: () => pendingRestore(),
    confirm_restore: () => null,
    undo_restore: () => status({ state: 'locked' }),
    ...handlers,
  });
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

describe('pending restore banner', () => {
  it('says when the backup was made and when it was restored', async () => {
    render(PendingRestoreBanner);
    const text = await screen.findByText(/This vault was restored from the backup made on/);
    expect(text).toHaveTextContent(
      `This vault was restored from the backup made on ${formatTimestamp(BACKUP_MADE)} (restored ${formatAgo(RESTORED_AT)}). The vault as it was before is kept aside until you decide.`,
    );
  });

  it('renders nothing when no restore is waiting', async () => {
    route({ pending_restore: () => null });
    const { container } = render(PendingRestoreBanner);
    await waitFor(() => expect(calls('pending_restore')).toHaveLength(1));
    expect(container.textContent?.trim()).toBe('');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('renders nothing when the question fails', async () => {
    route({
      pending_restore: () => {
        throw ipcError('internal', 'The vault folder could not be read.');
      },
    });
    const { container } = render(PendingRestoreBanner);
    await waitFor(() => expect(calls('pending_restore')).toHaveLength(1));
    expect(container.textContent?.trim()).toBe('');
  });

  it('keeps the restored vault and says the previous one was removed', async () => {
    render(PendingRestoreBanner);
    await fireEvent.click(await screen.findByRole('button', { name: 'Keep the restored vault' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('The previous vault was removed.'),
    );
    expect(screen.queryByText(/This vault was restored/)).toBeNull();
    expect(calls('confirm_restore')).toHaveLength(1);
    expect(calls('undo_restore')).toHaveLength(0);
  });

  it('shows why keeping failed, and keeps the choice open', async () => {
    route({
      confirm_restore: () => {
        throw ipcError('internal', 'The previous vault could not be removed: permission denied.');
      },
    });
    render(PendingRestoreBanner);
    await fireEvent.click(await screen.findByRole('button', { name: 'Keep the restored vault' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The previous vault could not be removed: permission denied.',
    );
    expect(screen.getByText(/This vault was restored/)).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('asks before putting the previous vault back, then hands the status to the app', async () => {
    const locked = status({ state: 'locked' });
    route({ undo_restore: () => locked });
    const setStatus = vi.spyOn(app, 'setStatus');
    render(PendingRestoreBanner);
    await fireEvent.click(await screen.findByRole('button', { name: 'Put the previous vault back' }));
    const dialog = screen.getByRole('dialog', { name: 'Put the previous vault back?' });
    expect(calls('undo_restore')).toHaveLength(0);
    await fireEvent.click(within(dialog).getByRole('button', { name: 'Put it back' }));
    await waitFor(() => expect(setStatus).toHaveBeenCalledWith(locked));
    expect(app.screen).toBe('unlock');
  });

  it('puts nothing back when the question is declined', async () => {
    render(PendingRestoreBanner);
    await fireEvent.click(await screen.findByRole('button', { name: 'Put the previous vault back' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Keep things as they are' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls('undo_restore')).toHaveLength(0);
    expect(screen.getByText(/This vault was restored/)).toBeInTheDocument();
  });

  it('shows why putting it back failed', async () => {
    route({
      undo_restore: () => {
        throw ipcError('damaged', 'The vault kept aside is missing.');
      },
    });
    render(PendingRestoreBanner);
    await fireEvent.click(await screen.findByRole('button', { name: 'Put the previous vault back' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Put it back' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The vault kept aside is missing.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(app.screen).toBe('main');
  });
});
