import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke, listen } = vi.hoisted(() => ({ invoke: vi.fn(), listen: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen }));

import App from './App.svelte';
import { app } from './lib/state.svelte';
import { resetApp, routeInvoke, status } from './test/ipc';

const invokeMock = vi.mocked(invoke);
const listenMock = vi.mocked(listen);
let emitLocked: (reason: 'manual' | 'idle') => void = () => undefined;
let emitClosing: () => void = () => undefined;

beforeEach(() => {
  invokeMock.mockReset();
  listenMock.mockReset();
  resetApp(app);
  listenMock.mockImplementation(async (name, callback) => {
    const handler = callback as (event: unknown) => void;
    if (name === 'window-closing') {
      emitClosing = () => handler({ event: 'window-closing', id: 2, payload: null });
    } else if (name === 'vault-locked') {
      emitLocked = (reason) =>
        handler({ event: 'vault-locked', id: 1, payload: { reason, minutes: 10 } });
    }
    return () => undefined;
  });
});

describe('App', () => {
  it('opens on the first-run screen when there is no vault', async () => {
    routeInvoke(invokeMock, { app_status: () => status({ state: 'none' }) });
    render(App);
    expect(screen.getByText('Rapport')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Welcome to Rapport' })).toBeInTheDocument();
  });

  it('marks a sample practice clearly, in the page and in the title', async () => {
    routeInvoke(invokeMock, { app_status: () => status({ sample: true, state: 'unlocked' }) });
    render(App);
    expect(
      await screen.findByText(/^Sample practice — every client here is invented, and it is not protected/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Leave the sample practice' })).toBeInTheDocument();
    expect(document.title).toBe('Rapport — Sample practice (fictional clients)');
  });

  it('offers to reopen or leave a locked sample practice, never a passphrase prompt', async () => {
    routeInvoke(invokeMock, {
      app_status: () => status({ sample: true, state: 'locked' }),
      leave_sample_practice: () => status({ sample: false, state: 'locked' }),
    });
    render(App);
    expect(
      await screen.findByRole('heading', { name: 'The sample practice is locked' }),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Passphrase')).not.toBeInTheDocument();
    screen.getByRole('button', { name: 'Go to my own vault' }).click();
    expect(await screen.findByRole('heading', { name: 'Unlock Rapport' })).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('leave_sample_practice', undefined);
    expect(document.title).toBe('Rapport');
  });

  it('opens the sample practice from the first-run screen', async () => {
    routeInvoke(invokeMock, {
      app_status: () => status({ state: 'none' }),
      open_sample_practice: () => status({ sample: true, state: 'unlocked' }),
    });
    render(App);
    (await screen.findByRole('button', { name: 'Explore with a sample practice' })).click();
    expect(
      await screen.findByText(/^Sample practice — every client here is invented, and it is not protected/),
    ).toBeInTheDocument();
    expect(invokeMock).toHaveBeenCalledWith('open_sample_practice', undefined);
  });

  it('explains when the vault is in use elsewhere', async () => {
    routeInvoke(invokeMock, {
      app_status: () =>
        status({
          state: 'in_use',
          problem: { code: 'vault_in_use', message: 'The vault is in use by another Rapport window.', field: null },
        }),
    });
    render(App);
    expect(await screen.findByText('The vault is in use by another Rapport window.')).toBeInTheDocument();
    expect(screen.getByText(/Close the other Rapport window/)).toBeInTheDocument();
  });

  it('goes back to the unlock screen with a note when the vault locks itself', async () => {
    let unlocked = true;
    routeInvoke(invokeMock, {
      app_status: () =>
        status({ state: unlocked ? 'unlocked' : 'locked', auto_lock_minutes: unlocked ? 10 : 5 }),
      activity: () => null,
    });
    render(App);
    await fireEvent.click(await screen.findByRole('button', { name: 'Settings' }));
    expect(screen.getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');

    unlocked = false;
    emitLocked('idle');
    expect(await screen.findByText('Locked after 10 minutes without activity.')).toBeInTheDocument();
    expect(screen.getByLabelText('Passphrase')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Settings' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Lock' })).toBeNull();
  });

  it('answers a close request by letting the window close once drafts are saved', async () => {
    routeInvoke(invokeMock, {
      app_status: () => status({ state: 'unlocked' }),
      activity: () => null,
      close_window: () => null,
    });
    render(App);
    await screen.findByRole('button', { name: 'Lock' });
    emitClosing();
    await vi.waitFor(() => expect(invokeMock).toHaveBeenCalledWith('close_window', undefined));
  });

  it('locks with Ctrl+L', async () => {
    let unlocked = true;
    routeInvoke(invokeMock, {
      app_status: () => status({ state: unlocked ? 'unlocked' : 'locked' }),
      lock: () => {
        unlocked = false;
        return status();
      },
      activity: () => null,
    });
    render(App);
    await screen.findByRole('button', { name: 'Lock' });
    await fireEvent.keyDown(window, { key: 'l', ctrlKey: true });
    await waitFor(() => expect(screen.getByLabelText('Passphrase')).toBeInTheDocument());
    expect(invokeMock).toHaveBeenCalledWith('lock', undefined);
  });

  it('shows a banner when the recovery key was never confirmed', async () => {
    routeInvoke(invokeMock, {
      app_status: () => status({ state: 'unlocked', recovery_key_confirmed: false }),
      activity: () => null,
    });
    render(App);
    expect(await screen.findByText(/recovery key was never confirmed/)).toBeInTheDocument();
  });
});
