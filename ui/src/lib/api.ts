// The only door to the Rust core. Components call these typed functions and never talk to
// Tauri directly, so the whole IPC surface can be read (and mocked) in one place.

import { invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { AppStatus } from './bindings/AppStatus';
import type { CheckReport } from './bindings/CheckReport';
import type { ClientId } from './bindings/ClientId';
import type { ClientInput } from './bindings/ClientInput';
import type { ClientRecord } from './bindings/ClientRecord';
import type { ClientStatus } from './bindings/ClientStatus';
import type { ClientSummary } from './bindings/ClientSummary';
import type { Edit } from './bindings/Edit';
import type { IpcError } from './bindings/IpcError';
import type { LockedEvent } from './bindings/LockedEvent';
import type { PassphraseStrength } from './bindings/PassphraseStrength';
import type { RecoveryKeyShown } from './bindings/RecoveryKeyShown';
import type { Settings } from './bindings/Settings';
import type { SnapshotComparison } from './bindings/SnapshotComparison';
import type { SnapshotId } from './bindings/SnapshotId';

export type { UnlistenFn };

/** A rejected command, always in the `{code, message, field}` shape the core promises. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | null;

  constructor(error: IpcError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.field = error.field;
  }

  toIpcError(): IpcError {
    return { code: this.code, message: this.message, field: this.field };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns whatever a command rejected with into an `ApiError`. The core sends `IpcError`
 * objects, but Tauri itself rejects with plain strings (for example a missing permission),
 * and outside the desktop shell `invoke` throws ordinary errors.
 */
export function normaliseError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  if (typeof reason === 'string') {
    return new ApiError({ code: 'internal', message: reason, field: null });
  }
  if (isRecord(reason) && typeof reason.code === 'string' && typeof reason.message === 'string') {
    return new ApiError({
      code: reason.code,
      message: reason.message,
      field: typeof reason.field === 'string' ? reason.field : null,
    });
  }
  if (reason instanceof Error) {
    return new ApiError({ code: 'internal', message: reason.message, field: null });
  }
  return new ApiError({ code: 'internal', message: 'Something went wrong.', field: null });
}

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw normaliseError(reason);
  }
}

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>('app_status');
}

export function assessPassphrase(passphrase: string): Promise<PassphraseStrength> {
  return call<PassphraseStrength>('assess_passphrase', { passphrase });
}

export function createVault(passphrase: string): Promise<RecoveryKeyShown> {
  return call<RecoveryKeyShown>('create_vault', { passphrase });
}

/** Opens a native Save dialog; resolves to the saved path, or null when the user cancelled. */
export function saveRecoveryKey(): Promise<string | null> {
  return call<string | null>('save_recovery_key');
}

export function confirmRecoveryKeyStored(): Promise<Settings> {
  return call<Settings>('confirm_recovery_key_stored');
}

export function unlock(passphrase: string): Promise<AppStatus> {
  return call<AppStatus>('unlock', { passphrase });
}

export function unlockWithRecoveryKey(
  recoveryKey: string,
  newPassphrase: string,
): Promise<AppStatus> {
  return call<AppStatus>('unlock_with_recovery_key', { recoveryKey, newPassphrase });
}

export function lock(): Promise<AppStatus> {
  return call<AppStatus>('lock');
}

export function getSettings(): Promise<Settings> {
  return call<Settings>('get_settings');
}

export function setAutoLockMinutes(minutes: number): Promise<Settings> {
  return call<Settings>('set_auto_lock_minutes', { minutes });
}

export async function changePassphrase(
  currentPassphrase: string,
  newPassphrase: string,
): Promise<void> {
  await call<null>('change_passphrase', { currentPassphrase, newPassphrase });
}

export function regenerateRecoveryKey(currentPassphrase: string): Promise<RecoveryKeyShown> {
  return call<RecoveryKeyShown>('regenerate_recovery_key', { currentPassphrase });
}

export function checkVault(): Promise<CheckReport> {
  return call<CheckReport>('check_vault');
}

export async function activity(): Promise<void> {
  await call<null>('activity');
}

export function listClients(): Promise<ClientSummary[]> {
  return call<ClientSummary[]>('list_clients');
}

/** Clients whose names look like `name`, for a gentle duplicate warning. */
export function similarClients(name: string, except: ClientId | null = null): Promise<ClientSummary[]> {
  return call<ClientSummary[]>('similar_clients', { name, except });
}

export function createClient(client: ClientInput, status: ClientStatus): Promise<ClientRecord> {
  return call<ClientRecord>('create_client', { client, status });
}

export function clientRecord(clientId: ClientId): Promise<ClientRecord> {
  return call<ClientRecord>('client_record', { clientId });
}

/** Applies one change to a client's record and resolves to the whole record as saved. */
export function editClient(clientId: ClientId, edit: Edit): Promise<ClientRecord> {
  return call<ClientRecord>('edit_client', { clientId, edit });
}

export function compareSnapshots(
  clientId: ClientId,
  before: SnapshotId,
  after: SnapshotId,
): Promise<SnapshotComparison> {
  return call<SnapshotComparison>('compare_snapshots', { clientId, before, after });
}

/** Opens the sample practice (creating it on first use); the real vault is locked first. */
export function openSamplePractice(): Promise<AppStatus> {
  return call<AppStatus>('open_sample_practice');
}

/** Locks the sample practice and returns to the real vault. */
export function leaveSamplePractice(): Promise<AppStatus> {
  return call<AppStatus>('leave_sample_practice');
}

export const VAULT_LOCKED_EVENT = 'vault-locked';

/** Calls `handler` each time the core locks the vault, whether by idle timeout or by request. */
export function onVaultLocked(handler: (event: LockedEvent) => void): Promise<UnlistenFn> {
  return listen<LockedEvent>(VAULT_LOCKED_EVENT, (event) => handler(event.payload));
}
