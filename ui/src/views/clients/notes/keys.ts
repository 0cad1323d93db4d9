// The note screen's keyboard shortcuts, worded the way the practitioner's keyboard is labelled.
import { isMac } from '../../../lib/platform';

export interface Shortcut {
  /** Shown in a small <kbd> hint. */
  label: string;
  /** For aria-keyshortcuts. */
  aria: string;
}

const mod = isMac ? '⌘' : 'Ctrl+';
const modAria = isMac ? 'Meta' : 'Control';

export const SAVE: Shortcut = { label: `${mod}S`, aria: `${modAria}+S` };
export const SIGN: Shortcut = { label: `${mod}Enter`, aria: `${modAria}+Enter` };
export const PREVIOUS: Shortcut = { label: 'Alt+PgUp', aria: 'Alt+PageUp' };
export const NEXT: Shortcut = { label: 'Alt+PgDn', aria: 'Alt+PageDown' };
export const NEW_NOTE: Shortcut = {
  label: isMac ? '⌘⇧N' : 'Ctrl+Shift+N',
  aria: `${modAria}+Shift+N`,
};

/** Ctrl (or Cmd) with `key`, Shift only when asked for, and never Alt. */
export function isCommand(event: KeyboardEvent, key: string, shift = false): boolean {
  return (
    (event.ctrlKey || event.metaKey) &&
    !event.altKey &&
    event.shiftKey === shift &&
    event.key.toLowerCase() === key.toLowerCase()
  );
}

/** Alt with `key` and nothing else. */
export function isAlt(event: KeyboardEvent, key: string): boolean {
  return event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.key === key;
}

/** True when `node` sits inside a hidden part of the page (for example a tab not shown). */
export function isHidden(node: Element | undefined | null): boolean {
  return !node || node.closest('[hidden]') !== null;
}
