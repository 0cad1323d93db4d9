import { beforeAll, describe, expect, it } from 'vitest';
import { RULES } from './bindings/currentRules';
import { countChars, loadRater, withinLength, type Rater } from './passphrase';

let rate: Rater;

beforeAll(async () => {
  rate = await loadRater();
}, 30_000);

/**
 * The rule at its edges, on real strings, with the score and the verdict the core gives them:
 * the same table as `EDGES` in crates/core/src/vault/passphrase.rs, which asserts that the
 * Rust port scores them so. Keep the two alike: a change to the rule or to either zxcvbn that
 * moves one of these strings shows up in one test or the other.
 */
const EDGES: [string, number, string | null][] = [
  // 9 and 10 characters: the length comes first; no 10-character string rates 4.
  ['Xq7#mK2$v', 3, 'Use at least 10 characters.'],
  ['Xq7#mK2$vL', 3, 'Make it longer (20 characters or more) or harder to guess.'],
  // 11 characters, rated 3 and 4.
  ['tulip4brook', 3, 'Make it longer (20 characters or more) or harder to guess.'],
  ['Xq7#mK2$vLp', 4, null],
  // 19 and 20 characters rated 3: long enough only from 20 on.
  ['sunflowerbutterfly1', 3, 'Make it longer (20 characters or more) or harder to guess.'],
  ['sunflowerbutterfly12', 3, null],
  // 19 characters rated 4.
  ['bluebirdsingsloudly', 4, null],
  // Long but weak, and what zxcvbn says about it, in our words.
  [
    'iloveyouiloveyou1234',
    1,
    'Make it harder to guess: repeating a character or a group of them adds little.',
  ],
  [
    'abcdefghijklmnopqrstu',
    0,
    'Make it harder to guess: runs like abc or 4321 are among the first things tried.',
  ],
  // Short and weak.
  [
    'password123',
    0,
    'Make it longer (20 characters or more) or harder to guess: it is, or is close to, a password many people use.',
  ],
  [
    '01/02/1985',
    1,
    'Make it longer (20 characters or more) or harder to guess: dates and years are among the first things tried.',
  ],
  [
    'zxcvbnm,./asdf',
    2,
    'Make it longer (20 characters or more) or harder to guess: keys that sit side by side are among the first things tried.',
  ],
  [
    'basketball',
    0,
    'Make it longer (20 characters or more) or harder to guess: a single word on its own is found quickly.',
  ],
  ['grandmother', 1, 'Make it longer (20 characters or more) or harder to guess.'],
  // The passphrases the tests and the sample practice use.
  ['copper lantern orchard violet', 4, null],
  ['sample practice with fictional clients only', 4, null],
];

/** A passphrase of `chars` characters that zxcvbn rates 4, built as the core's test builds it. */
function ofLength(chars: number): string {
  return Array.from('copper lantern orchard violet '.repeat(40)).slice(0, chars).join('');
}

describe('the passphrase rule in the window', () => {
  it('reads its numbers from the core', () => {
    expect(RULES.passphrase).toMatchObject({
      min_chars: 10,
      long_chars: 20,
      max_chars: 1024,
      strong_score: 4,
      long_score: 3,
    });
  });

  it.each(EDGES)('gives %j the core’s score (%i) and verdict', (passphrase, score, problem) => {
    expect(rate(passphrase)).toEqual({ score, acceptable: problem === null, problem });
  });

  it('accepts MAX_CHARS characters and refuses one more', () => {
    const max = RULES.passphrase.max_chars;
    expect(countChars(ofLength(max))).toBe(max);
    expect(rate(ofLength(max))).toEqual({ score: 4, acceptable: true, problem: null });
    expect(rate(ofLength(max + 1))).toEqual({
      score: 4,
      acceptable: false,
      problem: 'Use at most 1024 characters.',
    });
    expect(withinLength(ofLength(max))).toBe(true);
    expect(withinLength(ofLength(max + 1))).toBe(false);
  });

  it('asks for a passphrase when there is none', () => {
    expect(rate('')).toEqual({ score: 0, acceptable: false, problem: 'Enter a passphrase.' });
  });

  it('counts characters as the core does, not UTF-16 units', () => {
    // Five emoji are ten UTF-16 units but five characters.
    expect('🙂🙂🙂🙂🙂'.length).toBe(10);
    expect(rate('🙂🙂🙂🙂🙂').problem).toBe('Use at least 10 characters.');
    expect(rate('éàüöçñøåß').problem).toBe('Use at least 10 characters.');
    expect(rate('éàüöçñøåßœ').problem).not.toBe('Use at least 10 characters.');
  });

  it('counts the app’s own words as known ones', () => {
    expect(rate('therapist').score).toBe(0);
    expect(rate('rapport2024!').acceptable).toBe(false);
  });
});
