// Where the practitioner was typing in a draft (a note or a worksheet): read when the draft is
// saved, and put back when it is opened again.
import type { Caret } from '../../../lib/bindings/Caret';

/** The caret in `element`, the field named `field`; offset 0 where an input has no selection. */
export function caretIn(field: string, element: HTMLElement | null): Caret {
  let offset = 0;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement) {
    try {
      offset = element.selectionStart ?? 0;
    } catch {
      // Number and date inputs have no selection.
    }
  }
  return { field, offset };
}

/** Puts the keyboard back in `element` at `offset`. */
export function restoreCaret(element: HTMLElement, offset: number): void {
  element.focus();
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement) {
    try {
      element.setSelectionRange(offset, offset);
    } catch {
      // No selection in this kind of input; focus alone will do.
    }
  }
}
