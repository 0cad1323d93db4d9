import { assessPassphrase } from './api';
import type { PassphraseStrength } from './bindings/PassphraseStrength';

export const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

export function strengthLabel(score: number): string {
  const index = Math.min(STRENGTH_LABELS.length - 1, Math.max(0, Math.round(score)));
  return STRENGTH_LABELS[index];
}

export const ASSESS_DELAY_MS = 150;

/**
 * Asks the core how strong a passphrase is while it is being typed. Only the last answer
 * counts, and it counts as acceptable only for the exact text it was given: otherwise a
 * quick keystroke could enable a button on the strength of the previous passphrase.
 */
export class PassphraseAssessment {
  #latest = $state<{ passphrase: string; strength: PassphraseStrength } | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #sequence = 0;
  readonly #delayMs: number;

  constructor(delayMs: number = ASSESS_DELAY_MS) {
    this.#delayMs = delayMs;
  }

  /** The most recent rating, kept on screen while the next one is on its way. */
  get strength(): PassphraseStrength | null {
    return this.#latest?.strength ?? null;
  }

  isAcceptable(passphrase: string): boolean {
    const latest = this.#latest;
    return latest !== null && latest.passphrase === passphrase && latest.strength.acceptable;
  }

  update(passphrase: string): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const sequence = ++this.#sequence;
    if (passphrase.length === 0) {
      this.#latest = null;
      return;
    }
    this.#timer = setTimeout(() => {
      assessPassphrase(passphrase).then(
        (strength) => {
          if (sequence === this.#sequence) this.#latest = { passphrase, strength };
        },
        () => {
          // Without a rating the form simply stays disabled; the core checks again on submit.
          if (sequence === this.#sequence) this.#latest = null;
        },
      );
    }, this.#delayMs);
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#sequence++;
    this.#latest = null;
  }
}
