// Form state shared by every record form: values stay as typed (strings) until saved, and a
// refused save leaves them untouched and shows the core's sentence next to the field it names.

import { ApiError, normaliseError } from '../api';
import { fieldMessage } from '../errors';

export class FormErrors {
  /** Errors by field name (the core's field names, e.g. `date_of_birth`). */
  fields = $state<Record<string, string>>({});
  /** An error that belongs to no single field. */
  general = $state<string | null>(null);

  clear(): void {
    this.fields = {};
    this.general = null;
  }

  get(field: string): string | null {
    return this.fields[field] ?? null;
  }

  /**
   * Records why a save failed. `known` lists the fields this form shows; an error naming
   * another field is shown above the form so it is never lost.
   */
  set(reason: unknown, known: readonly string[]): ApiError {
    const error = normaliseError(reason);
    this.clear();
    if (error.field && known.includes(error.field)) {
      this.fields = { [error.field]: fieldMessage(error) };
    } else if (error.code === 'database' || error.code === 'internal' || error.code === 'io') {
      this.general = `${fieldMessage(error)} Nothing was lost: what you typed is still here.`;
    } else {
      this.general = fieldMessage(error);
    }
    return error;
  }

  /** The field an error is shown beside, if any: where the keyboard should go to put it right. */
  get field(): string | null {
    return Object.keys(this.fields)[0] ?? null;
  }

  get any(): boolean {
    return this.general !== null || Object.keys(this.fields).length > 0;
  }
}

/** Empty text means "not given". */
export function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function text(value: string | null | undefined): string {
  return value ?? '';
}

/** A whole number typed into a field, or null when empty or not a number (number inputs only
 * ever yield digits or nothing, so "not a number" means the field was left empty). */
export function numberOrNull(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = String(value).trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

export function tristate(value: boolean | null): string {
  return value === null ? '' : value ? 'yes' : 'no';
}

export function fromTristate(value: string): boolean | null {
  return value === 'yes' ? true : value === 'no' ? false : null;
}

/** Today as YYYY-MM-DD in the user's time zone. */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
