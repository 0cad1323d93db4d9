// zxcvbn-ts and its dictionaries (about 1.6 MB), built into a chunk of their own: only
// passphrase.ts imports this module, dynamically, when a form asks for a new passphrase.

import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * Fewer l33t substitutions than zxcvbn-ts's 100: with 100, a 100-character passphrase full of
 * digits and symbols takes a second to rate here; with 10, a tenth of that, and the words
 * and passphrases people choose rate the same.
 */
const L33T_MAX_SUBSTITUTIONS = 10;

export function createZxcvbn(): ZxcvbnFactory {
  // The keyboards the Rust port knows, so both find the same keyboard patterns. No
  // translations: zxcvbn-ts then gives its warnings as keys, which passphrase.ts words.
  const { qwerty, dvorak, keypad, keypadMac } = common.adjacencyGraphs;
  return new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: { qwerty, dvorak, keypad, keypadMac },
    l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
  });
}
