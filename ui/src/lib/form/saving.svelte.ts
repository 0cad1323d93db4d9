// The life of one form's save, shared by every record form: the button is disabled while the
// edit runs, a refusal lands next to the field the core names, and "Saved" follows a success.
// What was typed is never touched here, so a refused save keeps every value.

import { FormErrors } from './form.svelte';

/** How long "Saved" stays up: long enough to be read, short enough not to go stale. */
const SAVED_FOR_MS = 4000;

export interface SavingOptions {
  /**
   * Keeps "Saved" up until the form is touched or saved again, for a form that stays on screen
   * with nothing else to show that its last save went through.
   */
  keepSaved?: boolean;
}

export class Saving {
  busy = $state(false);
  saved = $state(false);
  readonly errors = new FormErrors();
  readonly #known: readonly string[];
  readonly #keepSaved: boolean;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `known` lists the core's field names that this form shows next to an input; forms that share
   * one Saving name theirs with each save instead.
   */
  constructor(known: readonly string[] = [], options: SavingOptions = {}) {
    this.#known = known;
    this.#keepSaved = options.keepSaved ?? false;
  }

  /** Runs one save; resolves true when it went through. */
  async run(
    action: () => Promise<unknown>,
    known: readonly string[] = this.#known,
  ): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.saved = false;
    this.errors.clear();
    try {
      await action();
      this.#showSaved();
      return true;
    } catch (reason) {
      this.errors.set(reason, known);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** A check made before anything is sent, shown exactly like the core's own refusals. */
  refuse(field: string, message: string): void {
    this.errors.clear();
    this.errors.fields = { [field]: message };
    this.saved = false;
  }

  /** The person typed again, so an old "Saved" no longer describes the form. */
  touched(): void {
    this.saved = false;
  }

  reset(): void {
    this.errors.clear();
    this.saved = false;
  }

  #showSaved(): void {
    this.saved = true;
    clearTimeout(this.#timer);
    if (this.#keepSaved) return;
    this.#timer = setTimeout(() => {
      this.saved = false;
    }, SAVED_FOR_MS);
  }
}
