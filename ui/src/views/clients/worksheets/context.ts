// Any part of a client's record can start or open a worksheet (a session's note, a person in
// the inventory); the record screen answers by showing it on the Worksheets tab.
import { getContext, setContext } from 'svelte';
import type { WorksheetKind } from '../../../lib/bindings/WorksheetKind';

export interface WorksheetStarter {
  kind: WorksheetKind;
  personId: number | null;
  sessionId: number | null;
}

export interface Worksheets {
  /** Goes up whenever a worksheet is started, saved, signed or followed up, so lists re-read. */
  readonly version: number;
  /** Says that a worksheet changed. */
  changed(): void;
  /** Opens a worksheet on the Worksheets tab. */
  open(worksheetId: number): void;
  /** Starts a worksheet linked to the person or session it is started from, and opens it. */
  start(starter: WorksheetStarter): Promise<void>;
}

const KEY = Symbol('worksheets');

export function provideWorksheets(worksheets: Worksheets): void {
  setContext(KEY, worksheets);
}

/** The record's worksheet opener, or null outside a record (as in a component's own test). */
export function worksheetsOf(): Worksheets | null {
  return getContext<Worksheets | undefined>(KEY) ?? null;
}
