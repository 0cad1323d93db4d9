import { describe, expect, it } from 'vitest';
import { kindLabel, refusalHeading, splitCounts } from './records';

describe('restore: record kinds', () => {
  it('labels known kinds plainly and still shows a kind it does not know', () => {
    expect(kindLabel('note_amendments')).toBe('Amendments');
    expect(kindLabel('interpreter_bookings')).toBe('Interpreter bookings');
  });

  it('keeps clinical kinds in a fixed order, zero included, and lists only non-empty kinds in full', () => {
    const { clinical, all } = splitCounts([
      { kind: 'audit_events', count: 12 },
      { kind: 'notes', count: 0 },
      { kind: 'clients', count: 2 },
    ]);
    expect(clinical.map((row) => [row.label, row.count])).toEqual([
      ['Clients', 2],
      ['Session notes', 0],
    ]);
    expect(all.map((row) => row.kind)).toEqual(['audit_events', 'clients']);
  });

  it('falls back to a general heading for an unexpected refusal', () => {
    expect(refusalHeading('newer_backup')).toBe('This backup needs a newer version of Rapport');
    expect(refusalHeading('internal')).toBe('This backup could not be opened');
  });
});
