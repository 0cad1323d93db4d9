// Follows the `backup-progress` events while the Backups screen is shown. Automatic backups (on
// locking, on closing, while open) start without anyone pressing a button, so the screen learns
// about them only from these events; manual ones report through them too.

import * as api from '../../lib/api';
import type { BackupProgressEvent } from '../../lib/bindings/BackupProgressEvent';

export class BackupProgressWatch {
  /** The step a running backup last reported; null when none is known to be running. */
  current = $state<BackupProgressEvent | null>(null);
  /** How the last automatic backup seen here ended (its final event), until dismissed. */
  lastAutomatic = $state<BackupProgressEvent | null>(null);

  readonly #onfinished: (event: BackupProgressEvent) => void;
  #unlisten: api.UnlistenFn | null = null;
  #stopped = false;

  /** `onfinished` is called with the last event of every backup, manual or automatic. */
  constructor(onfinished: (event: BackupProgressEvent) => void) {
    this.#onfinished = onfinished;
  }

  async start(): Promise<void> {
    try {
      const unlisten = await api.onBackupProgress((event) => this.#handle(event));
      // The screen may have closed while the listener was being set up.
      if (this.#stopped) unlisten();
      else this.#unlisten = unlisten;
    } catch {
      // Without the event channel the buttons still work; only the live progress is missing.
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#unlisten?.();
    this.#unlisten = null;
  }

  /**
   * A manual backup's command has returned. Its last event normally came first, but should it be
   * lost the bar must not stay up for ever.
   */
  manualSettled(): void {
    if (this.current?.reason === 'manual') this.current = null;
  }

  #handle(event: BackupProgressEvent): void {
    if (this.#stopped) return;
    if (event.done) {
      this.current = null;
      if (event.reason !== 'manual') this.lastAutomatic = event;
      this.#onfinished(event);
    } else {
      this.current = event;
    }
  }
}
