import type { ApiError } from './api';

/**
 * The text to show next to a field. The core words `invalid` errors as "field_name: reason",
 * which reads oddly under a field that already has a label, so the prefix is dropped there.
 */
export function fieldMessage(error: ApiError): string {
  let text = error.message;
  if (error.field && text.startsWith(`${error.field}: `)) {
    text = text.slice(error.field.length + 2);
  }
  text = text.trim();
  if (text.length === 0) return 'Please check this field.';
  return text.charAt(0).toUpperCase() + text.slice(1);
}
