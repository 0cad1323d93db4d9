// The life of one record form's save, shared by the clinical tabs (problem areas, timeline,
// medication, safety plan): the button is disabled while the edit runs, a refusal lands next to
// the field the core names, and a short "Saved" follows a success. What was typed is never
// touched here, so a refused save keeps every value.

import { FormErrors } from '../../../lib/form.svelte';

/** How long "Saved" stays up: long enough to be read, short enough not to go stale. */
const SAVED_FOR_MS = 4000;

export class Saving {
  busy = $state(false);
  saved = $state(false);
  readonly errors = new FormErrors();
  readonly #known: readonly string[];
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `known` lists the core's field names that this form shows next to an input. */
  constructor(known: readonly string[]) {
    this.#known = known;
  }

  /** Runs one save; resolves true when it went through. */
  async run(action: () => Promise<unknown>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.saved = false;
    this.errors.clear();
    try {
      await action();
      this.#showSaved();
      return true;
    } catch (reason) {
      this.errors.set(reason, this.#known);
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
    this.#timer = setTimeout(() => {
      this.saved = false;
    }, SAVED_FOR_MS);
  }
}
