// Saves typed text without being asked: a short pause in typing saves it, long stretches of
// typing still save every couple of seconds, and leaving a field, locking or closing saves at
// once. Saves run one at a time, and the save function reads the text when it runs, so what is
// sent is always what is on screen. A refused save changes nothing on screen except the status.

import { ApiError, normaliseError } from '../../../lib/api';
import { registerFlush } from '../../../lib/drafts';

export interface AutosaveTiming {
  /** Quiet time after the last change before saving. */
  pauseMs: number;
  /** Longest time a change waits while typing goes on. */
  maxWaitMs: number;
}

export const NOTE_TIMING: AutosaveTiming = { pauseMs: 600, maxWaitMs: 2000 };

export class Autosave {
  /** A save is on its way to the core. */
  saving = $state(false);
  /** When the last save went through. */
  savedAt = $state<Date | null>(null);
  /** Why the last save was refused; cleared by the next save that goes through. */
  error = $state.raw<ApiError | null>(null);

  readonly #save: () => Promise<unknown>;
  readonly #timing: AutosaveTiming;
  /** How many saves have gone through, so a watcher can tell a new save from an old one. */
  saves = $state(0);
  /** Changes made since the last save began. */
  #dirty = $state(false);
  #running: Promise<void> | null = null;
  #pauseTimer: ReturnType<typeof setTimeout> | undefined;
  #maxTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(save: () => Promise<unknown>, timing: AutosaveTiming = NOTE_TIMING) {
    this.#save = save;
    this.#timing = timing;
  }

  /** True while something typed has not reached the core. */
  get pending(): boolean {
    return this.#dirty || this.saving;
  }

  /** Call after every change. */
  changed(): void {
    this.#dirty = true;
    clearTimeout(this.#pauseTimer);
    this.#pauseTimer = setTimeout(() => void this.#run(), this.#timing.pauseMs);
    if (this.#maxTimer === undefined) {
      this.#maxTimer = setTimeout(() => void this.#run(), this.#timing.maxWaitMs);
    }
  }

  /**
   * Saves whatever is waiting now, after any save already running. Never rejects; resolves true
   * when nothing typed is left unsaved.
   */
  async flush(): Promise<boolean> {
    this.#clearTimers();
    while (this.#running) await this.#running;
    if (this.#dirty) await this.#run();
    return !this.#dirty && this.error === null;
  }

  /** Registers `flush` for locking and closing; the returned function flushes and unregisters. */
  register(): () => void {
    const unregister = registerFlush(async () => {
      await this.flush();
    });
    return () => {
      void this.flush();
      unregister();
    };
  }

  /** Stops the timers without saving (the component has gone and flushed already). */
  dispose(): void {
    this.#clearTimers();
  }

  /** Forgets what is waiting, for text whose record is being deleted on purpose. */
  abandon(): void {
    this.#clearTimers();
    this.#dirty = false;
  }

  #clearTimers(): void {
    clearTimeout(this.#pauseTimer);
    clearTimeout(this.#maxTimer);
    this.#pauseTimer = undefined;
    this.#maxTimer = undefined;
  }

  async #run(): Promise<void> {
    this.#clearTimers();
    // One save at a time: a change made meanwhile is saved by the next run.
    while (this.#running) await this.#running;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.saving = true;
    this.#running = (async () => {
      try {
        await this.#save();
        this.error = null;
        this.savedAt = new Date();
        this.saves += 1;
      } catch (reason) {
        // Still unsaved: the next change, "Try again" or a flush sends it again.
        this.#dirty = true;
        this.error = normaliseError(reason);
      } finally {
        this.saving = false;
        this.#running = null;
      }
    })();
    await this.#running;
  }
}
