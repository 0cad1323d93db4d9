import { beforeEach, describe, expect, it, vi } from 'vitest';

// Stand-ins for the Tauri bridge, created before the modules that use them are loaded.
const { invoke, listen } = vi.hoisted(() => ({ invoke: vi.fn(), listen: vi.fn() }));
vi.mock('@tauri-apps/api/core', () => ({ invoke }));
vi.mock('@tauri-apps/api/event', () => ({ listen }));

import * as api from './api';
import { ApiError, normaliseError } from './api';

const invokeMock = vi.mocked(invoke);

beforeEach(() => {
  invokeMock.mockReset();
  vi.mocked(listen).mockReset();
});

describe('normaliseError', () => {
  it('keeps the core’s {code, message, field} shape', () => {
    const error = normaliseError({ code: 'invalid', message: 'too short', field: 'new_passphrase' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('invalid');
    expect(error.message).toBe('too short');
    expect(error.field).toBe('new_passphrase');
    expect(error.toIpcError()).toEqual({
      code: 'invalid',
      message: 'too short',
      field: 'new_passphrase',
    });
  });

  it('treats a missing or odd field as no field', () => {
    expect(normaliseError({ code: 'damaged', message: 'bad page' }).field).toBeNull();
    expect(normaliseError({ code: 'damaged', message: 'bad page', field: 3 }).field).toBeNull();
  });

  it('wraps a plain string rejection as an internal error', () => {
    const error = normaliseError('command unlock not allowed');
    expect(error.code).toBe('internal');
    expect(error.message).toBe('command unlock not allowed');
    expect(error.field).toBeNull();
  });

  it('wraps an ordinary Error as an internal error', () => {
    const error = normaliseError(new TypeError('window.__TAURI_INTERNALS__ is undefined'));
    expect(error.code).toBe('internal');
    expect(error.message).toBe('window.__TAURI_INTERNALS__ is undefined');
  });

  it('copes with anything else', () => {
    for (const odd of [undefined, null, 42, { code: 1 }]) {
      const error = normaliseError(odd);
      expect(error.code).toBe('internal');
      expect(error.message.length).toBeGreaterThan(0);
    }
  });

  it('returns an ApiError unchanged', () => {
    const original = new ApiError({ code: 'io', message: 'disk full', field: null });
    expect(normaliseError(original)).toBe(original);
  });
});

describe('commands', () => {
  it('rejects with an ApiError when the core rejects with an object', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'wrong_passphrase', message: 'Wrong passphrase.', field: null });
    const failure = await api.unlock('guess').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).code).toBe('wrong_passphrase');
  });

  it('rejects with an internal ApiError when Tauri rejects with a string', async () => {
    invokeMock.mockRejectedValueOnce('Command lock not found');
    await expect(api.lock()).rejects.toMatchObject({
      name: 'ApiError',
      code: 'internal',
      message: 'Command lock not found',
      field: null,
    });
  });

  it('passes arguments with camelCase keys', async () => {
    invokeMock.mockResolvedValue(null);
    await api.unlockWithRecoveryKey('ABCD-EFGH', 'new words here');
    expect(invokeMock).toHaveBeenLastCalledWith('unlock_with_recovery_key', {
      recoveryKey: 'ABCD-EFGH',
      newPassphrase: 'new words here',
    });
    await api.changePassphrase('old', 'new');
    expect(invokeMock).toHaveBeenLastCalledWith('change_passphrase', {
      currentPassphrase: 'old',
      newPassphrase: 'new',
    });
    await api.regenerateRecoveryKey('old');
    expect(invokeMock).toHaveBeenLastCalledWith('regenerate_recovery_key', {
      currentPassphrase: 'old',
    });
    await api.setAutoLockMinutes(12);
    expect(invokeMock).toHaveBeenLastCalledWith('set_auto_lock_minutes', { minutes: 12 });
    await api.activity();
    expect(invokeMock).toHaveBeenLastCalledWith('activity', undefined);
  });

  it('resolves with what the core returned', async () => {
    invokeMock.mockResolvedValueOnce('/media/usb/Rapport recovery key.txt');
    await expect(api.saveRecoveryKey()).resolves.toBe('/media/usb/Rapport recovery key.txt');
    invokeMock.mockResolvedValueOnce(null);
    await expect(api.saveRecoveryKey()).resolves.toBeNull();
  });
});

describe('onVaultLocked', () => {
  it('listens to "vault-locked" and hands over the payload', async () => {
    const unlisten = vi.fn();
    let registered: ((event: { payload: unknown }) => void) | undefined;
    vi.mocked(listen).mockImplementation(async (name, handler) => {
      expect(name).toBe('vault-locked');
      registered = handler as (event: { payload: unknown }) => void;
      return unlisten;
    });
    const handler = vi.fn();
    const stop = await api.onVaultLocked(handler);
    registered?.({ payload: { reason: 'idle', minutes: 5 } });
    expect(handler).toHaveBeenCalledWith({ reason: 'idle', minutes: 5 });
    stop();
    expect(unlisten).toHaveBeenCalled();
  });
});
