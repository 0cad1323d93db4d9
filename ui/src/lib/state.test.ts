import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke, listen } = vi.hoisted(() => ({ invoke: vi.fn(), listen: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen }));

import { resetApp, routeInvoke, settings, status } from '../test/ipc';
import type { LockReason } from './bindings/LockReason';
import { app, listenForLock } from './state.svelte';

const invokeMock = vi.mocked(invoke);
const listenMock = vi.mocked(listen);

type LockHandler = (event: { event: string; id: number; payload: { reason: LockReason; minutes: number } }) => void;

async function captureLockHandler(): Promise<LockHandler> {
  let handler: LockHandler | undefined;
  listenMock.mockImplementation(async (_name, callback) => {
    handler = callback as unknown as LockHandler;
    return () => undefined;
  });
  await listenForLock();
  expect(listenMock).toHaveBeenCalledWith('vault-locked', expect.any(Function));
  if (!handler) throw new Error('no handler registered');
  return handler;
}

function openVaultWithData() {
  app.setStatus(status({ state: 'unlocked', auto_lock_minutes: 7 }));
  app.settingsLoaded(settings({ auto_lock_minutes: 7, recovery_key_confirmed_at: '2025-03-01T09:30:00Z' }));
  app.showRecoveryKey({ recovery_key: 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567' }, 'recovery_key');
  app.view = 'settings';
  app.notice = 'something';
}

beforeEach(() => {
  invokeMock.mockReset();
  listenMock.mockReset();
  resetApp(app);
  routeInvoke(invokeMock, { app_status: () => status({ auto_lock_minutes: 5 }) });
});

describe('the vault-locked event', () => {
  it('drops everything from the vault and shows the unlock screen with the idle note', async () => {
    const onLocked = await captureLockHandler();
    openVaultWithData();
    expect(app.screen).toBe('recovery-key');

    onLocked({ event: 'vault-locked', id: 1, payload: { reason: 'idle', minutes: 7 } });

    expect(app.settings).toBeNull();
    expect(app.pendingRecoveryKey).toBeNull();
    expect(app.view).toBe('today');
    expect(app.notice).toBeNull();
    expect(app.status?.state).toBe('locked');
    expect(app.screen).toBe('unlock');
    expect(app.lockNote).toBe('Locked after 7 minutes without activity.');

    // The refreshed status arrives but does not change the note.
    await vi.waitFor(() => expect(invokeMock).toHaveBeenCalledWith('app_status', undefined));
    expect(app.lockNote).toBe('Locked after 7 minutes without activity.');
  });

  it('shows no idle note after a manual lock', async () => {
    const onLocked = await captureLockHandler();
    openVaultWithData();
    onLocked({ event: 'vault-locked', id: 2, payload: { reason: 'manual', minutes: 7 } });
    expect(app.settings).toBeNull();
    expect(app.screen).toBe('unlock');
    expect(app.lockNote).toBeNull();
  });

  it('says when the computer went to sleep or the screen was locked', async () => {
    const onLocked = await captureLockHandler();
    openVaultWithData();
    onLocked({ event: 'vault-locked', id: 4, payload: { reason: 'sleep', minutes: 7 } });
    expect(app.settings).toBeNull();
    expect(app.screen).toBe('unlock');
    expect(app.lockNote).toBe('Locked because the computer went to sleep.');

    openVaultWithData();
    onLocked({ event: 'vault-locked', id: 5, payload: { reason: 'screen_locked', minutes: 7 } });
    expect(app.screen).toBe('unlock');
    expect(app.lockNote).toBe('Locked because the screen was locked.');
  });

  it('says "1 minute" in the singular', async () => {
    const onLocked = await captureLockHandler();
    app.setStatus(status({ state: 'unlocked', auto_lock_minutes: 1 }));
    onLocked({ event: 'vault-locked', id: 3, payload: { reason: 'idle', minutes: 1 } });
    expect(app.lockNote).toBe('Locked after 1 minute without activity.');
  });
});

describe('lock()', () => {
  it('clears the vault’s data before the core answers', async () => {
    let answer: (value: unknown) => void = () => undefined;
    routeInvoke(invokeMock, {
      lock: () => new Promise((resolve) => (answer = resolve)),
      app_status: () => status(),
    });
    openVaultWithData();
    const locking = app.lock();
    expect(app.settings).toBeNull();
    expect(app.screen).toBe('unlock');
    answer(status());
    await locking;
    expect(invokeMock).toHaveBeenCalledWith('lock', undefined);
    expect(app.screen).toBe('unlock');
  });
});
