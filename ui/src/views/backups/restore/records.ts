import type { RecordCount } from '../../../lib/bindings/RecordCount';
import { RECORD_KIND } from '../../../lib/labels';

/** The kinds a clinician recognises at a glance, in the order they think of them. */
export const CLINICAL_KINDS = [
  'clients',
  'sessions',
  'notes',
  'note_amendments',
  'process_notes',
  'tasks',
  'goals',
  'people',
  'safety_plans',
] as const;

/** A kind's plain label; a kind the labels do not know yet is still shown readably. */
export function kindLabel(kind: string): string {
  const known = RECORD_KIND[kind];
  if (known) return known;
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface CountRow {
  kind: string;
  label: string;
  count: number;
}

/**
 * Splits a backup's counts into the clinical kinds (always listed when counted, zero included,
 * since "no notes" is worth seeing) and every kind that holds anything, for the full list.
 */
export function splitCounts(counts: RecordCount[]): { clinical: CountRow[]; all: CountRow[] } {
  const byKind = new Map(counts.map((row) => [row.kind, row.count]));
  const clinical = CLINICAL_KINDS.filter((kind) => byKind.has(kind)).map((kind) => ({
    kind,
    label: kindLabel(kind),
    count: byKind.get(kind) ?? 0,
  }));
  const all = counts
    .filter((row) => row.count > 0)
    .map((row) => ({ kind: row.kind, label: kindLabel(row.kind), count: row.count }));
  return { clinical, all };
}

/** Whether the full list adds anything to the clinical table. */
export function hasOtherKinds(counts: RecordCount[]): boolean {
  const clinical: readonly string[] = CLINICAL_KINDS;
  return counts.some((row) => row.count > 0 && !clinical.includes(row.kind));
}

/** Headings for a file refused before any secret is asked for. */
const REFUSALS: Record<string, string> = {
  not_a_backup: 'This is not a Rapport backup',
  backup_damaged: 'This backup is damaged or incomplete',
  newer_backup: 'This backup needs a newer version of Rapport',
};

export function refusalHeading(code: string): string {
  return REFUSALS[code] ?? 'This backup could not be opened';
}
