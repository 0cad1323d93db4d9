// The Ctrl/Cmd+K shortcut: the main frame asks, and the Search screen puts the caret in its box.
// A counter rather than a flag, so asking again while Search is already shown still works.

import { isMac } from '../../lib/platform';

export const searchFocus = $state({
  /** Counts requests, so each one is seen even when the previous was never taken. */
  serial: 0,
  /** True from a request until the Search screen has focused its box. */
  pending: false,
});

/** Asks the Search screen to focus its box as soon as it is shown (or at once if it is). */
export function focusSearch(): void {
  searchFocus.pending = true;
  searchFocus.serial++;
}

/** Takes the waiting request, if any; true when the box should be focused now. */
export function takeSearchFocus(): boolean {
  if (!searchFocus.pending) return false;
  searchFocus.pending = false;
  return true;
}

/** Ctrl+K, or Cmd+K on a Mac; either is accepted, like the lock shortcut. */
export function isSearchShortcut(event: KeyboardEvent): boolean {
  return (
    (event.ctrlKey || event.metaKey) &&
    !event.altKey &&
    !event.shiftKey &&
    event.key.toLowerCase() === 'k'
  );
}

export const searchShortcutKeys: string[] = isMac ? ['⌘K'] : ['Ctrl', 'K'];
export const searchShortcutAria: string = isMac ? 'Meta+K' : 'Control+K';
