// The core's rule for a new passphrase (crates/core/src/vault/passphrase.rs), applied in the
// window while it is typed, so a passphrase never leaves the window before it is submitted.
// The numbers are the core's, from currentRules.ts. The rating comes from zxcvbn-ts, the
// TypeScript port of the zxcvbn the core uses in Rust; the two ports can rate a borderline
// passphrase differently, so this verdict is advice: the core's, on submit, is final.

import { RULES } from './bindings/currentRules';
import type { PassphraseStrength } from './bindings/PassphraseStrength';

const RULE = RULES.passphrase;

/** Why a passphrase is easy to guess, as the core groups zxcvbn's warnings. */
type Weakness = 'common' | 'word' | 'names' | 'dates' | 'keyboard' | 'repeats' | 'sequence';

/** The same sentences as the core's `Weakness::reason`. */
const REASONS: Record<Weakness, string> = {
  common: 'it is, or is close to, a password many people use',
  word: 'a single word on its own is found quickly',
  names: 'names are among the first things tried',
  dates: 'dates and years are among the first things tried',
  keyboard: 'keys that sit side by side are among the first things tried',
  repeats: 'repeating a character or a group of them adds little',
  sequence: 'runs like abc or 4321 are among the first things tried',
};

/**
 * zxcvbn-ts's warnings, which it gives as these keys when no translation is loaded. Others
 * (such as one of the app's own words) have no counterpart in the Rust port, which says
 * nothing about them, so neither does this.
 */
const WEAKNESS_OF_WARNING: Record<string, Weakness> = {
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  wordByItself: 'word',
  namesByThemselves: 'names',
  commonNames: 'names',
  dates: 'dates',
  recentYears: 'dates',
  straightRow: 'keyboard',
  keyPattern: 'keyboard',
  simpleRepeat: 'repeats',
  extendedRepeat: 'repeats',
  sequences: 'sequence',
};

/** Characters as the core counts them (Unicode code points, not UTF-16 units). */
export function countChars(text: string): number {
  return Array.from(text).length;
}

/** Whether the length alone allows the passphrase (the rest is for the rating to say). */
export function withinLength(passphrase: string): boolean {
  const chars = countChars(passphrase);
  return chars >= RULE.min_chars && chars <= RULE.max_chars;
}

/** The rule itself, on what zxcvbn found; the same steps as the core's `judge`. */
function judge(chars: number, score: number, weakness: Weakness | null): PassphraseStrength {
  let problem: string | null;
  if (chars === 0) {
    problem = 'Enter a passphrase.';
  } else if (chars > RULE.max_chars) {
    problem = `Use at most ${RULE.max_chars} characters.`;
  } else if (chars < RULE.min_chars) {
    problem = `Use at least ${RULE.min_chars} characters.`;
  } else if (score >= RULE.strong_score || (chars >= RULE.long_chars && score >= RULE.long_score)) {
    problem = null;
  } else if (chars < RULE.long_chars) {
    const advice = `Make it longer (${RULE.long_chars} characters or more) or harder to guess`;
    problem = weakness ? `${advice}: ${REASONS[weakness]}.` : `${advice}.`;
  } else {
    problem = weakness
      ? `Make it harder to guess: ${REASONS[weakness]}.`
      : 'Make it harder to guess, for example with a word that has nothing to do with the others.';
  }
  return { score, acceptable: problem === null, problem };
}

/** Rates a passphrase without it leaving the window. */
export type Rater = (passphrase: string) => PassphraseStrength;

let loading: Promise<Rater> | null = null;

/**
 * Loads zxcvbn-ts and its dictionaries (a chunk of their own among the app's files, loaded the
 * first time a form asks for a new passphrase, so starting the app does not wait for them).
 */
export function loadRater(): Promise<Rater> {
  loading ??= makeRater().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function makeRater(): Promise<Rater> {
  const { createZxcvbn } = await import('./zxcvbn');
  const zxcvbn = createZxcvbn();
  const obvious = [...RULE.obvious_words];
  return (passphrase) => {
    const chars = countChars(passphrase);
    if (chars === 0) return judge(0, 0, null);
    // The core's zxcvbn rates the first `rated_chars` characters only.
    const rated = Array.from(passphrase).slice(0, RULE.rated_chars).join('');
    const result = zxcvbn.check(rated, obvious);
    const warning = result.feedback.warning;
    return judge(chars, result.score, (warning && WEAKNESS_OF_WARNING[warning]) || null);
  };
}
