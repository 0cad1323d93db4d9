import type { Action } from 'svelte/action';

/** Puts the keyboard focus on the element when it appears, if `enabled`. */
export const focusWhen: Action<HTMLElement, boolean | undefined> = (node, enabled = true) => {
  if (enabled) node.focus();
};
