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
import type { ErrorCode } from './bindings/ErrorCode';
import type { Frequency } from './bindings/Frequency';
import type { IpcError } from './bindings/IpcError';
import type { LockedEvent } from './bindings/LockedEvent';
import type { RecoveryKeyShown } from './bindings/RecoveryKeyShown';
import type { KeyChanged } from './bindings/KeyChanged';
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
import type { BackupEntry } from './bindings/BackupEntry';
import type { BackupOverview } from './bindings/BackupOverview';
import type { BackupProgressEvent } from './bindings/BackupProgressEvent';
import type { BackupSchedule } from './bindings/BackupSchedule';
import type { PendingRestore } from './bindings/PendingRestore';
import type { RestoreCandidate } from './bindings/RestoreCandidate';
import type { RestorePreview } from './bindings/RestorePreview';
import type { PerinatalStage } from './bindings/PerinatalStage';
import type { PerinatalWeeks } from './bindings/PerinatalWeeks';
import type { RestoreSecret } from './bindings/RestoreSecret';
import type { BackupFolderId } from './bindings/BackupFolderId';
import type { BackupId } from './bindings/BackupId';
import type { Administration } from './bindings/Administration';
import type { AdministrationId } from './bindings/AdministrationId';
import type { AdministrationStart } from './bindings/AdministrationStart';
import type { Answer } from './bindings/Answer';
import type { Definition } from './bindings/Definition';
import type { OutcomesFilter } from './bindings/OutcomesFilter';
import type { PracticeOutcomes } from './bindings/PracticeOutcomes';
import type { ClientWorksheets } from './bindings/ClientWorksheets';
import type { FollowUpInput } from './bindings/FollowUpInput';
import type { PersonId } from './bindings/PersonId';
import type { PersonPattern } from './bindings/PersonPattern';
import type { TaskInput } from './bindings/TaskInput';
import type { Completion } from './bindings/Completion';
import type { ConclusionSummary } from './bindings/ConclusionSummary';
import type { CourseId } from './bindings/CourseId';
import type { DocumentPreview } from './bindings/DocumentPreview';
import type { DocumentRequest } from './bindings/DocumentRequest';
import type { DocumentSettings } from './bindings/DocumentSettings';
import type { SummaryId } from './bindings/SummaryId';
import type { SummarySection } from './bindings/SummarySection';
import type { SummaryState } from './bindings/SummaryState';
import type { Worksheet } from './bindings/Worksheet';
import type { WorksheetId } from './bindings/WorksheetId';
import type { WorksheetInput } from './bindings/WorksheetInput';
import type { WorksheetSection } from './bindings/WorksheetSection';
import type { WorksheetStart } from './bindings/WorksheetStart';
import type { ExportRequest } from './bindings/ExportRequest';
import type { ExportSaved } from './bindings/ExportSaved';
import type { ImportChosen } from './bindings/ImportChosen';
import type { ImportOutcome } from './bindings/ImportOutcome';
import type { ImportPreview } from './bindings/ImportPreview';
import type { TransferProgressEvent } from './bindings/TransferProgressEvent';

export type { UnlistenFn };

/** A rejected command, always in the `{code, message, field}` shape the core promises. */
export class ApiError extends Error {
  /** One of the core's codes: a misspelt code does not compile. */
  readonly code: ErrorCode;
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

/** Every code the core can send, checked against the generated type. */
const ERROR_CODES: Record<ErrorCode, true> = {
  wrong_passphrase: true,
  wrong_recovery_key: true,
  too_many_attempts: true,
  not_a_vault: true,
  damaged: true,
  newer_version: true,
  vault_in_use: true,
  already_exists: true,
  locked: true,
  invalid: true,
  not_found: true,
  conflict: true,
  io: true,
  database: true,
  not_a_backup: true,
  backup_damaged: true,
  newer_backup: true,
  wrong_backup_passphrase: true,
  target_unavailable: true,
  busy: true,
  sample_practice: true,
  older_copy: true,
  refused_location: true,
  internal: true,
  usage: true,
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ERROR_CODES;
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
  if (isRecord(reason) && isErrorCode(reason.code) && typeof reason.message === 'string') {
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

export function createVault(passphrase: string): Promise<RecoveryKeyShown> {
  return call<RecoveryKeyShown>('create_vault', { passphrase });
}

/** Opens a native Save dialog; resolves to the saved path, or null when the user cancelled. */
export function saveRecoveryKey(): Promise<string | null> {
  return call<string | null>('save_recovery_key');
}

/** Prints the recovery key's emergency sheet through the system's print dialog. */
export function printRecoveryKey(): Promise<void> {
  return call<void>('print_recovery_key');
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

/**
 * Re-encrypts the vault under a new key: the same passphrase, a new recovery key (shown once),
 * a fresh backup in each automatic folder that is connected, and the older backups it can
 * reach, which still open with the secrets of their day.
 */
export function changeEncryptionKey(currentPassphrase: string): Promise<KeyChanged> {
  return call<KeyChanged>('change_encryption_key', { currentPassphrase });
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

/** The end date of a contract still being typed, by the core's own rule; null until it can be known. */
/** The perinatal weeks for dates still being typed, by the core's rule, as of today. */
export function perinatalWeeks(
  stage: PerinatalStage | null,
  dueDate: string | null,
  birthDate: string | null,
): Promise<PerinatalWeeks | null> {
  return call<PerinatalWeeks | null>('perinatal_weeks', { stage, dueDate, birthDate });
}

export function plannedEnd(
  startDate: string,
  plannedSessions: number,
  frequency: Frequency,
): Promise<string | null> {
  return call<string | null>('planned_end', { startDate, plannedSessions, frequency });
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

/**
 * Deletes an unsigned draft (a note started by mistake); a signed note is refused. A draft that
 * records moderate or high risk is refused too unless `raisedRiskConfirmed` says the
 * practitioner was told what discarding it does and does not do.
 */
export function discardNote(
  clientId: ClientId,
  noteId: NoteId,
  raisedRiskConfirmed: boolean,
): Promise<void> {
  return call<void>('discard_note', { clientId, noteId, raisedRiskConfirmed });
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

/** The paper and the names printed on documents. */
export function setDocumentSettings(documents: DocumentSettings): Promise<Settings> {
  return call<Settings>('set_document_settings', { documents });
}

/** Starts (or opens, if there is one) the conclusion summary of a course. */
export function startConclusionSummary(
  clientId: ClientId,
  courseId: CourseId,
): Promise<ConclusionSummary> {
  return call<ConclusionSummary>('start_conclusion_summary', { clientId, courseId });
}

/** Opens a conclusion summary (the viewing is audited). */
export function openConclusionSummary(
  clientId: ClientId,
  summaryId: SummaryId,
): Promise<ConclusionSummary> {
  return call<ConclusionSummary>('open_conclusion_summary', { clientId, summaryId });
}

/** The open summary read again, for its checklist after a save (not audited again). */
export function rereadConclusionSummary(
  clientId: ClientId,
  summaryId: SummaryId,
): Promise<ConclusionSummary> {
  return call<ConclusionSummary>('reread_conclusion_summary', { clientId, summaryId });
}

/** Saves the clinician's part of a summary as typed, with where the caret was. */
export function saveConclusionDraft(
  clientId: ClientId,
  summaryId: SummaryId,
  completion: Completion,
  caret: Caret | null,
): Promise<DraftSaved> {
  return call<DraftSaved>('save_conclusion_draft', { clientId, summaryId, completion, caret });
}

export function signConclusionSummary(
  clientId: ClientId,
  summaryId: SummaryId,
): Promise<ConclusionSummary> {
  return call<ConclusionSummary>('sign_conclusion_summary', { clientId, summaryId });
}

export function discardConclusionSummary(clientId: ClientId, summaryId: SummaryId): Promise<void> {
  return call<void>('discard_conclusion_summary', { clientId, summaryId });
}

export function amendConclusionSummary(
  clientId: ClientId,
  summaryId: SummaryId,
  section: SummarySection,
  text: string,
  reason: string,
): Promise<ConclusionSummary> {
  return call<ConclusionSummary>('amend_conclusion_summary', {
    clientId,
    summaryId,
    section,
    text,
    reason,
  });
}

/** A document's pages, typeset, each an SVG image exactly as it prints. */
export function previewDocument(clientId: ClientId, request: DocumentRequest): Promise<DocumentPreview> {
  return call<DocumentPreview>('preview_document', { clientId, request });
}

/** Opens the document in a print window, which opens the system's print dialog. */
export function printDocument(clientId: ClientId, request: DocumentRequest): Promise<void> {
  return call<void>('print_document', { clientId, request });
}

/**
 * Saves the document as PDF where the practitioner chooses (the dialog is opened by the app);
 * the path written, or null when the dialog was cancelled. The file is not encrypted.
 */
export function saveDocumentPdf(clientId: ClientId, request: DocumentRequest): Promise<string | null> {
  return call<string | null>('save_document_pdf', { clientId, request });
}

/** Where each of a client's courses stands with its conclusion summary. */
export function conclusionSummaries(clientId: ClientId): Promise<SummaryState[]> {
  return call<SummaryState[]>('conclusion_summaries', { clientId });
}

/** Outcomes across the practice's ended courses: counts and shares, no client named. */
export function practiceOutcomes(filter: OutcomesFilter): Promise<PracticeOutcomes> {
  return call<PracticeOutcomes>('practice_outcomes', { filter });
}

/** Starts a worksheet from a session's note, a person, or the Worksheets tab. */
export function startWorksheet(clientId: ClientId, start: WorksheetStart): Promise<Worksheet> {
  return call<Worksheet>('start_worksheet', { clientId, start });
}

/** Opens a worksheet (the viewing is audited). */
export function openWorksheet(clientId: ClientId, worksheetId: WorksheetId): Promise<Worksheet> {
  return call<Worksheet>('open_worksheet', { clientId, worksheetId });
}

/** Saves a worksheet's draft as typed, with where the caret was. */
export function saveWorksheetDraft(
  clientId: ClientId,
  worksheetId: WorksheetId,
  worksheet: WorksheetInput,
  caret: Caret | null,
): Promise<DraftSaved> {
  return call<DraftSaved>('save_worksheet_draft', { clientId, worksheetId, worksheet, caret });
}

export function signWorksheet(clientId: ClientId, worksheetId: WorksheetId): Promise<Worksheet> {
  return call<Worksheet>('sign_worksheet', { clientId, worksheetId });
}

export function discardWorksheet(clientId: ClientId, worksheetId: WorksheetId): Promise<void> {
  return call<void>('discard_worksheet', { clientId, worksheetId });
}

export function amendWorksheet(
  clientId: ClientId,
  worksheetId: WorksheetId,
  section: WorksheetSection,
  text: string,
  reason: string,
): Promise<Worksheet> {
  return call<Worksheet>('amend_worksheet', { clientId, worksheetId, section, text, reason });
}

/** Records what came of a worksheet, or dismisses the question with a reason. */
export function recordWorksheetFollowUp(
  clientId: ClientId,
  worksheetId: WorksheetId,
  followUp: FollowUpInput,
): Promise<Worksheet> {
  return call<Worksheet>('record_worksheet_follow_up', { clientId, worksheetId, followUp });
}

/** Makes a work-at-home task from a worksheet and links it. */
export function taskFromWorksheet(
  clientId: ClientId,
  worksheetId: WorksheetId,
  task: TaskInput,
): Promise<Worksheet> {
  return call<Worksheet>('task_from_worksheet', { clientId, worksheetId, task });
}

/** Starts (or opens) the role play rehearsing a communication analysis. */
export function rolePlayFromWorksheet(
  clientId: ClientId,
  worksheetId: WorksheetId,
): Promise<Worksheet> {
  return call<Worksheet>('role_play_from_worksheet', { clientId, worksheetId });
}

/** A client's worksheets with the counts across the course. */
export function clientWorksheets(clientId: ClientId): Promise<ClientWorksheets> {
  return call<ClientWorksheets>('client_worksheets', { clientId });
}

/** The worksheets about one person, in date order, with the problems seen. */
export function personWorksheets(clientId: ClientId, personId: PersonId): Promise<PersonPattern> {
  return call<PersonPattern>('person_worksheets', { clientId, personId });
}

/** Every instrument's definition (items, values, bands, flags, citation and licence). */
export function instruments(): Promise<Definition[]> {
  return call<Definition[]>('instruments');
}

/** Starts giving a measure: an open administration that saves each answer as it is given. */
export function startAdministration(
  clientId: ClientId,
  start: AdministrationStart,
): Promise<Administration> {
  return call<Administration>('start_administration', { clientId, start });
}

/** Saves one answer at once (`null` clears it). */
export function answerItem(
  clientId: ClientId,
  administrationId: AdministrationId,
  item: number,
  answer: Answer | null,
): Promise<Administration> {
  return call<Administration>('answer_item', { clientId, administrationId, item, answer });
}

export function setAdministrationDate(
  clientId: ClientId,
  administrationId: AdministrationId,
  givenOn: string,
): Promise<Administration> {
  return call<Administration>('set_administration_date', {
    clientId,
    administrationId,
    givenOn,
  });
}

/** Complete when every scored item is answered; incomplete only when asked for. */
export function finishAdministration(
  clientId: ClientId,
  administrationId: AdministrationId,
  asIncomplete: boolean,
): Promise<Administration> {
  return call<Administration>('finish_administration', {
    clientId,
    administrationId,
    asIncomplete,
  });
}

/** A correction: a new administration linked to the finished one, with the reason. */
export function correctAdministration(
  clientId: ClientId,
  administrationId: AdministrationId,
  reason: string,
): Promise<Administration> {
  return call<Administration>('correct_administration', { clientId, administrationId, reason });
}

export function discardAdministration(
  clientId: ClientId,
  administrationId: AdministrationId,
): Promise<void> {
  return call<void>('discard_administration', { clientId, administrationId });
}

/** The practitioner's passphrase, to take the laptop back from a client. */
export function confirmPractitioner(passphrase: string): Promise<void> {
  return call<void>('confirm_practitioner', { passphrase });
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

// Backups and restore. Folders and files are chosen in dialogs the shell opens, so no path is
// ever passed from here.

export function backupOverview(): Promise<BackupOverview> {
  return call<BackupOverview>('backup_overview');
}

/** Opens a folder dialog; resolves to the new overview, or null when cancelled. */
export function addBackupFolder(): Promise<BackupOverview | null> {
  return call<BackupOverview | null>('add_backup_folder');
}

export function setBackupFolderAutomatic(
  id: BackupFolderId,
  automatic: boolean,
): Promise<BackupOverview> {
  return call<BackupOverview>('set_backup_folder_automatic', { id, automatic });
}

export function removeBackupFolder(id: BackupFolderId): Promise<BackupOverview> {
  return call<BackupOverview>('remove_backup_folder', { id });
}

export function setBackupSchedule(schedule: BackupSchedule): Promise<BackupOverview> {
  return call<BackupOverview>('set_backup_schedule', { schedule });
}

/**
 * Backs up into a listed folder, or (with `folderId` null) into one chosen in a dialog.
 * Resolves to null when the dialog was cancelled. Progress arrives as `backup-progress` events.
 */
export function backUpNow(folderId: BackupFolderId | null): Promise<BackupEntry | null> {
  return call<BackupEntry | null>('back_up_now', { folderId });
}

export function verifyBackup(id: BackupId): Promise<BackupEntry> {
  return call<BackupEntry>('verify_backup', { id });
}

/** Deletes backups made under an earlier encryption key (never one under the current key). */
export function deleteOlderBackups(ids: BackupId[]): Promise<BackupOverview> {
  return call<BackupOverview>('delete_older_backups', { ids });
}

/** Called when backups made without the key were verified in the background after unlocking. */
export function onBackupsChecked(handler: (count: number) => void): Promise<UnlistenFn> {
  return listen<number>('backups-checked', (event) => handler(event.payload));
}

/**
 * Opens a file dialog and checks the chosen backup without any secret. Rejects with code
 * `not_a_backup`, `backup_damaged` or `newer_backup` (the message says what is wrong);
 * resolves to null when cancelled.
 */
export function chooseRestoreFile(): Promise<RestoreCandidate | null> {
  return call<RestoreCandidate | null>('choose_restore_file');
}

/**
 * Opens the chosen backup with the passphrase of its day, or with the recovery key and a new
 * passphrase; unpacks and checks it. Rejects with `wrong_backup_passphrase`,
 * `wrong_recovery_key`, `invalid` (field `new_passphrase`), `backup_damaged`.
 */
/** Opens the chosen backup with the passphrase of its day, or the recovery key and a new passphrase. */
export function prepareRestore(secret: RestoreSecret): Promise<RestorePreview> {
  return call<RestorePreview>('prepare_restore', { secret });
}

/** Puts the prepared backup in place; the vault locks (a `vault-locked` event follows). */
export function applyRestore(): Promise<AppStatus> {
  return call<AppStatus>('apply_restore');
}

export async function cancelRestore(): Promise<void> {
  await call<null>('cancel_restore');
}

/** A restore waiting to be kept or undone; works while locked. */
export function pendingRestore(): Promise<PendingRestore | null> {
  return call<PendingRestore | null>('pending_restore');
}

export function confirmRestore(): Promise<PendingRestore | null> {
  return call<PendingRestore | null>('confirm_restore');
}

/** Puts the previous vault back; the vault locks. */
export function undoRestore(): Promise<AppStatus> {
  return call<AppStatus>('undo_restore');
}

export const BACKUP_PROGRESS_EVENT = 'backup-progress';

/** Calls `handler` for each step of any backup, manual or automatic. */
export function onBackupProgress(
  handler: (event: BackupProgressEvent) => void,
): Promise<UnlistenFn> {
  return listen<BackupProgressEvent>(BACKUP_PROGRESS_EVENT, (event) => handler(event.payload));
}

/**
 * Writes a portable export (the practice or one client) where the practitioner chooses in a
 * dialog opened by Rust. Resolves to null when the dialog was cancelled. Rejects with `invalid`
 * (field `passphrase` or `unencrypted_understood`) before the dialog opens. Progress arrives as
 * `transfer-progress` events.
 */
export function exportRecords(request: ExportRequest): Promise<ExportSaved | null> {
  return call<ExportSaved | null>('export_records', { request });
}

/** Asks for an export file to import; null when the dialog was cancelled. */
export function chooseImportFile(): Promise<ImportChosen | null> {
  return call<ImportChosen | null>('choose_import_file');
}

/**
 * Opens the chosen export (with its passphrase when encrypted) and checks it against the vault,
 * writing nothing. Rejects with `invalid` (field `passphrase` or `file`) when it cannot be read.
 */
export function inspectImport(passphrase: string | null): Promise<ImportPreview> {
  return call<ImportPreview>('inspect_import', { passphrase });
}

/** Imports the opened export, all or nothing. */
export function applyImport(): Promise<ImportOutcome> {
  return call<ImportOutcome>('apply_import');
}

/** Forgets the chosen export. */
export function cancelImport(): Promise<void> {
  return call<void>('cancel_import');
}

export const TRANSFER_PROGRESS_EVENT = 'transfer-progress';

export function onTransferProgress(
  handler: (event: TransferProgressEvent) => void,
): Promise<UnlistenFn> {
  return listen<TransferProgressEvent>(TRANSFER_PROGRESS_EVENT, (event) => handler(event.payload));
}
