// Test helpers that stand in for the Rust side of the IPC contract.
import type { Mock } from 'vitest';
import type { AppStatus } from '../lib/bindings/AppStatus';
import type { ErrorCode } from '../lib/bindings/ErrorCode';
import type { IpcError } from '../lib/bindings/IpcError';
import type { Settings } from '../lib/bindings/Settings';

type Handler = (args: Record<string, unknown>) => unknown;

/** Routes mocked `invoke` calls to per-command handlers; a handler that throws rejects. */
export function routeInvoke(invoke: Mock, handlers: Record<string, Handler>): void {
  invoke.mockImplementation(async (command: string, args?: Record<string, unknown>) => {
    const handler = handlers[command];
    if (!handler) {
      const error: IpcError = {
        code: 'internal',
        message: `no test handler for ${command}`,
        field: null,
      };
      throw error;
    }
    return handler(args ?? {});
  });
}

/** `code` is one the core sends: a test that fakes any other does not compile. */
export function ipcError(code: ErrorCode, message: string, field: string | null = null): IpcError {
  return { code, message, field };
}

export function status(overrides: Partial<AppStatus> = {}): AppStatus {
  return {
    state: 'locked',
    vault_dir: '/home/therapist/.local/share/rapport/vault',
    unlock_wait_secs: null,
    sample: false,
    version: '0.1.0',
    problem: null,
    recovery_key_confirmed: true,
    auto_lock_minutes: 5,
    ...overrides,
  };
}

/** The practice's settings as the core sends them: the defaults, with `overrides` on top. */
export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    auto_lock_minutes: 5,
    recovery_key_confirmed_at: null,
    sample: false,
    unsigned_note_days: 3,
    key_changed_at: null,
    documents: { paper: 'a4', clinician_name: null, practice_name: null },
    ...overrides,
  };
}

export function resetApp(app: {
  status: AppStatus | null;
  startupError: string | null;
  lockNote: string | null;
  reset(): void;
}): void {
  app.reset();
  app.status = null;
  app.startupError = null;
  app.lockNote = null;
}
