// App-wide state. Anything that came out of the vault lives here or inside a view's own
// component state, so locking can drop all of it in one place (`reset`) and by unmounting.

import * as api from './api';
import type { AppStatus } from './bindings/AppStatus';
import type { LockedEvent } from './bindings/LockedEvent';
import type { KeyChanged } from './bindings/KeyChanged';
import type { RecoveryKeyShown } from './bindings/RecoveryKeyShown';
import type { Settings } from './bindings/Settings';
import { flushAll, registeredFlushes } from './drafts';
import { minutesPhrase } from './format';

export type View = 'today' | 'clients' | 'search' | 'outcomes' | 'backups' | 'settings';

export type Screen =
  | 'opening'
  | 'first-run'
  | 'recovery-key'
  | 'unlock'
  | 'sample-locked'
  | 'problem'
  | 'main';

/** Where in a client's record to open: a tab, and for session notes a session. */
export type RecordTab =
  | 'details'
  | 'sessions'
  | 'course'
  | 'measures'
  | 'inventory'
  | 'formulation'
  | 'areas'
  | 'timeline'
  | 'medication'
  | 'safety'
  | 'worksheets'
  | 'conclusion';

export interface RecordRequest {
  clientId: number;
  tab: RecordTab | null;
  sessionId: number | null;
  /** Start the session's note when it has none (from "Start note" elsewhere). */
  start: boolean;
  /** The worksheet to open on the Worksheets tab. */
  worksheetId?: number | null;
  /** The course whose conclusion summary the Conclusion tab shows. */
  courseId?: number | null;
  /** The conclusion summary to show (a search result names the summary, not its course). */
  summaryId?: number | null;
  /** Counts requests, so asking twice for the same place still opens it again. */
  serial: number;
}

export interface PendingRecoveryKey {
  key: string;
  createdAt: Date;
  /**
   * What it replaces: nothing (a new vault); an earlier recovery key, which no longer opens the
   * vault here but still opens older backups; or, after a change of encryption key, the earlier
   * key altogether.
   */
  replaces: 'nothing' | 'recovery_key' | 'encryption_key';
}

export class AppStore {
  status = $state<AppStatus | null>(null);
  /** Why the first status request failed, when it did. */
  startupError = $state<string | null>(null);
  settings = $state<Settings | null>(null);
  pendingRecoveryKey = $state<PendingRecoveryKey | null>(null);
  /** What the last change of encryption key did, shown in Settings until dismissed. */
  keyChange = $state<KeyChanged | null>(null);
  view = $state<View>('today');
  /** Counts choosing the section already shown, which takes a screen back to its start. */
  sectionRepeats = $state(0);
  /** Shown on the unlock screen after the vault locked itself. */
  lockNote = $state<string | null>(null);
  /** A problem worth a banner in the main frame (for example, locking failed). */
  notice = $state<string | null>(null);
  /** A request from another screen (Today, Search) to open a client's record at some place. */
  recordRequest = $state<RecordRequest | null>(null);
  #requests = 0;

  // Bumped by every status change, so a slow background refresh cannot undo a newer one.
  #statusVersion = 0;

  screen: Screen = $derived.by(() => {
    const status = this.status;
    if (status === null) return 'opening';
    switch (status.state) {
      case 'none':
        return 'first-run';
      case 'locked':
        return status.sample ? 'sample-locked' : 'unlock';
      case 'unlocked':
        return this.pendingRecoveryKey ? 'recovery-key' : 'main';
      case 'in_use':
      case 'unavailable':
        return 'problem';
    }
  });

  setStatus(status: AppStatus): void {
    this.#statusVersion++;
    this.status = status;
  }

  async load(): Promise<void> {
    this.startupError = null;
    try {
      this.setStatus(await api.appStatus());
    } catch (e) {
      this.startupError = api.normaliseError(e).message;
    }
  }

  /** Re-reads the status in the background; errors leave the current one in place. */
  async refreshStatus(): Promise<void> {
    const version = this.#statusVersion;
    try {
      const status = await api.appStatus();
      if (version === this.#statusVersion) this.setStatus(status);
    } catch {
      // The screen already reflects the last known state.
    }
  }

  /** Shows a section; choosing the one already shown goes back to its start (e.g. the list). */
  showSection(view: View): void {
    if (this.view === view) this.sectionRepeats++;
    else this.view = view;
  }

  /**
   * Opens a client's record from anywhere, at a tab and (for notes) a session, a worksheet, or
   * (for the Conclusion tab) a course or a summary.
   */
  openRecord(
    clientId: number,
    tab: RecordTab | null = null,
    sessionId: number | null = null,
    start = false,
    worksheetId: number | null = null,
    courseId: number | null = null,
    summaryId: number | null = null,
  ): void {
    this.#requests++;
    this.recordRequest = {
      clientId,
      tab,
      sessionId,
      start,
      worksheetId,
      courseId,
      summaryId,
      serial: this.#requests,
    };
    this.view = 'clients';
  }

  /**
   * Opens the Conclusion tab at a course's summary; `start` starts the summary there when the
   * course has none yet and it is due.
   */
  openConclusion(
    clientId: number,
    courseId: number | null,
    summaryId: number | null = null,
    start = false,
  ): void {
    this.openRecord(clientId, 'conclusion', null, start, null, courseId, summaryId);
  }

  /** Wipes everything that came from the vault. */
  reset(): void {
    this.settings = null;
    this.pendingRecoveryKey = null;
    this.keyChange = null;
    this.view = 'today';
    this.notice = null;
    this.recordRequest = null;
  }

  unlocked(status: AppStatus): void {
    this.reset();
    this.lockNote = null;
    this.setStatus(status);
  }

  /** The vault was created: it is open, and its recovery key must be stored first. */
  created(shown: RecoveryKeyShown): void {
    this.reset();
    this.lockNote = null;
    if (this.status) {
      this.setStatus({ ...this.status, state: 'unlocked', recovery_key_confirmed: false });
    }
    this.showRecoveryKey(shown, 'nothing');
    void this.refreshStatus();
  }

  /** The encryption key was changed: its new recovery key is shown first, then the result. */
  keyChanged(changed: KeyChanged): void {
    this.keyChange = changed;
    this.showRecoveryKey(changed.recovery_key, 'encryption_key');
    void api.getSettings().then(
      (settings) => this.settingsLoaded(settings),
      () => undefined,
    );
  }

  keyChangeDone(): void {
    this.keyChange = null;
  }

  showRecoveryKey(shown: RecoveryKeyShown, replaces: PendingRecoveryKey['replaces']): void {
    this.pendingRecoveryKey = { key: shown.recovery_key, createdAt: new Date(), replaces };
  }

  recoveryKeyStored(settings: Settings): void {
    this.pendingRecoveryKey = null;
    this.settings = settings;
    if (this.status) {
      this.setStatus({
        ...this.status,
        recovery_key_confirmed: true,
        auto_lock_minutes: settings.auto_lock_minutes,
      });
    }
  }

  settingsLoaded(settings: Settings): void {
    this.settings = settings;
    if (this.status && this.status.auto_lock_minutes !== settings.auto_lock_minutes) {
      this.setStatus({ ...this.status, auto_lock_minutes: settings.auto_lock_minutes });
    }
  }

  /**
   * Handles the core's `vault-locked` event. The screen switches at once; the fresh status
   * follows. The event carries the idle period, since a locked vault's settings are unreadable.
   */
  handleLocked = (event: LockedEvent): void => {
    this.reset();
    this.lockNote = lockNote(event);
    if (this.status) {
      this.setStatus({ ...this.status, state: 'locked', recovery_key_confirmed: false });
    }
    void this.refreshStatus();
  };

  /**
   * Opens the sample practice. Resolves to an error message when that failed; the current
   * screen then stays as it was.
   */
  async openSample(): Promise<string | null> {
    try {
      this.unlocked(await api.openSamplePractice());
      return null;
    } catch (e) {
      await this.refreshStatus();
      return api.normaliseError(e).message;
    }
  }

  /** Leaves the sample practice for the real vault (locked, or first run when there is none). */
  async leaveSample(): Promise<string | null> {
    this.reset();
    try {
      this.lockNote = null;
      this.setStatus(await api.leaveSamplePractice());
      return null;
    } catch (e) {
      await this.refreshStatus();
      return api.normaliseError(e).message;
    }
  }

  async lock(): Promise<void> {
    // Whatever is typed but still waiting for its autosave is saved before the vault closes.
    if (registeredFlushes() > 0) await flushAll();
    this.handleLocked({ reason: 'manual', minutes: this.status?.auto_lock_minutes ?? 0 });
    try {
      this.setStatus(await api.lock());
    } catch (e) {
      // If the core could not lock, say so rather than pretend; the status shows what is true.
      const message = api.normaliseError(e).message;
      await this.refreshStatus();
      this.notice = `The vault could not be locked: ${message}`;
    }
  }
}

/** What the lock screen says about a lock the practitioner did not ask for. */
function lockNote(event: LockedEvent): string | null {
  switch (event.reason) {
    case 'idle':
      return `Locked after ${minutesPhrase(event.minutes)} without activity.`;
    case 'sleep':
      return 'Locked because the computer went to sleep.';
    case 'screen_locked':
      return 'Locked because the screen was locked.';
    case 'manual':
      return null;
  }
}

export const app = new AppStore();

/** Listens for the core locking the vault; resolves to a function that stops listening. */
export function listenForLock(store: AppStore = app): Promise<api.UnlistenFn> {
  return api.onVaultLocked(store.handleLocked);
}
