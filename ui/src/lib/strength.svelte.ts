import type { PassphraseStrength } from './bindings/PassphraseStrength';
import { loadRater, withinLength, type Rater } from './passphrase';

export const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Good', 'Very strong'] as const;

export function strengthLabel(score: number): string {
  const index = Math.min(STRENGTH_LABELS.length - 1, Math.max(0, Math.round(score)));
  return STRENGTH_LABELS[index];
}

/** A pause in typing before the passphrase is rated: a long one can take a moment to rate. */
export const RATE_DELAY_MS = 120;

/**
 * Rates a new passphrase while it is typed, in the window: nothing is sent anywhere. Only the
 * last rating counts, and it counts as acceptable only for the exact text it rated: otherwise
 * a quick keystroke could enable a button on the strength of the previous passphrase.
 */
export class PassphraseAssessment {
  #latest = $state.raw<{ passphrase: string; strength: PassphraseStrength } | null>(null);
  #unavailable = $state(false);
  #rater: Rater | null = null;
  #typed = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;
  readonly #delayMs: number;

  constructor(delayMs: number = RATE_DELAY_MS) {
    this.#delayMs = delayMs;
    loadRater().then(
      (rater) => {
        if (this.#disposed) return;
        this.#rater = rater;
        this.update(this.#typed);
      },
      () => {
        // Without the rating the form still works: the core checks the passphrase on submit.
        if (!this.#disposed) this.#unavailable = true;
      },
    );
  }

  /** The most recent rating, kept on screen while the next one waits for a pause. */
  get strength(): PassphraseStrength | null {
    return this.#latest?.strength ?? null;
  }

  /** True when the rating could not be loaded. */
  get unavailable(): boolean {
    return this.#unavailable;
  }

  isAcceptable(passphrase: string): boolean {
    if (this.#unavailable) return withinLength(passphrase);
    const latest = this.#latest;
    return latest !== null && latest.passphrase === passphrase && latest.strength.acceptable;
  }

  update(passphrase: string): void {
    this.#typed = passphrase;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (passphrase.length === 0) {
      this.#latest = null;
      return;
    }
    const rater = this.#rater;
    if (rater === null || this.#disposed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#latest = { passphrase, strength: rater(passphrase) };
    }, this.#delayMs);
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#disposed = true;
    this.#typed = '';
    this.#latest = null;
  }
}
