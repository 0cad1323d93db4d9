import type { ApiError } from './api';

/** The text to show next to a field: the core's sentence, never empty. */
export function fieldMessage(error: ApiError): string {
  const text = error.message.trim();
  if (text.length === 0) return 'Please check this field.';
  return text.charAt(0).toUpperCase() + text.slice(1);
}
