// Only used to word keyboard hints the way the practitioner's keyboard is labelled.
export const isMac: boolean =
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/i.test(navigator.userAgent);

export const lockShortcutLabel: string = isMac ? '⌘L' : 'Ctrl+L';
export const lockShortcutAria: string = isMac ? 'Meta+L' : 'Control+L';
