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
import type { Caret } from './bindings/Caret';
import type { DraftSaved } from './bindings/DraftSaved';
import type { NoteId } from './bindings/NoteId';
import type { NoteInput } from './bindings/NoteInput';
import type { NoteSection } from './bindings/NoteSection';
import type { NoteView } from './bindings/NoteView';
import type { ProcessNote } from './bindings/ProcessNote';
import type { SearchQuery } from './bindings/SearchQuery';
import type { SearchResults } from './bindings/SearchResults';
import type { SessionId } from './bindings/SessionId';
import type { TodayView } from './bindings/TodayView';

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

/**
 * Starts the note of a session and opens it; returns the existing note if it has one. Without a
 * session, the note is for today (today's booked session, else a new one held now).
 */
export function startNote(clientId: ClientId, sessionId: SessionId | null = null): Promise<NoteView> {
  return call<NoteView>('start_note', { clientId, sessionId });
}

/** Opens the note of a session. */
export function openNote(clientId: ClientId, sessionId: SessionId): Promise<NoteView> {
  return call<NoteView>('open_note', { clientId, sessionId });
}

/** Saves a draft note as typed; refused once the note is signed. */
export function saveNoteDraft(
  clientId: ClientId,
  noteId: NoteId,
  note: NoteInput,
  caret: Caret | null,
): Promise<DraftSaved> {
  return call<DraftSaved>('save_note_draft', { clientId, noteId, note, caret });
}

export function signNote(clientId: ClientId, noteId: NoteId): Promise<NoteView> {
  return call<NoteView>('sign_note', { clientId, noteId });
}

/** Deletes an unsigned draft (a note started by mistake); a signed note is refused. */
export function discardNote(clientId: ClientId, noteId: NoteId): Promise<void> {
  return call<void>('discard_note', { clientId, noteId });
}

export function amendNote(
  clientId: ClientId,
  noteId: NoteId,
  section: NoteSection,
  text: string,
  reason: string,
): Promise<NoteView> {
  return call<NoteView>('amend_note', { clientId, noteId, section, text, reason });
}

/** Saves the private process note of a session; empty text removes it. */
export function saveProcessNote(
  clientId: ClientId,
  sessionId: SessionId,
  text: string,
): Promise<ProcessNote | null> {
  return call<ProcessNote | null>('save_process_note', { clientId, sessionId, text });
}

export function today(): Promise<TodayView> {
  return call<TodayView>('today');
}

export function search(query: SearchQuery): Promise<SearchResults> {
  return call<SearchResults>('search', { query });
}

export function setUnsignedNoteDays(days: number): Promise<Settings> {
  return call<Settings>('set_unsigned_note_days', { days });
}

/** Answers a close request once pending drafts are saved: locks the vault and closes. */
export function closeWindow(): Promise<void> {
  return call<void>('close_window');
}

export const WINDOW_CLOSING_EVENT = 'window-closing';

/** Calls `handler` when the window is asked to close while the vault is open. */
export function onWindowClosing(handler: () => void): Promise<UnlistenFn> {
  return listen<null>(WINDOW_CLOSING_EVENT, () => handler());
}

export const VAULT_LOCKED_EVENT = 'vault-locked';

/** Calls `handler` each time the core locks the vault, whether by idle timeout or by request. */
export function onVaultLocked(handler: (event: LockedEvent) => void): Promise<UnlistenFn> {
  return listen<LockedEvent>(VAULT_LOCKED_EVENT, (event) => handler(event.payload));
}
