// Turns the record's people and snapshots into what the closeness-circle drawing expects, and
// a snapshot comparison into plain sentences.

import type { CircleChange } from '../../../lib/bindings/CircleChange';
import type { ClientRecord } from '../../../lib/bindings/ClientRecord';
import type { Person } from '../../../lib/bindings/Person';
import type { Snapshot } from '../../../lib/bindings/Snapshot';
import type { CirclePerson, Ring } from '../../../lib/circle/types';
import { CIRCLE_CHANGE, day } from '../../../lib/labels';

export const RING_OPTIONS: { value: string; label: string }[] = [
  { value: '1', label: '1 – closest' },
  { value: '2', label: '2 – middle' },
  { value: '3', label: '3 – outer' },
];

export const RING_HEADINGS: Record<Ring, string> = {
  1: 'Ring 1 – closest',
  2: 'Ring 2 – middle',
  3: 'Ring 3 – outer',
};

/** The core only stores 1 to 3; anything else is drawn on the nearest ring rather than lost. */
export function asRing(value: number): Ring {
  if (value <= 1) return 1;
  if (value >= 3) return 3;
  return 2;
}

export function clientLabel(record: ClientRecord): string {
  const preferred = record.client.preferred_name?.trim();
  return preferred ? preferred : record.client.full_name;
}

export function peopleOnCircle(people: readonly Person[]): CirclePerson[] {
  return people.map((person) => ({
    id: person.id,
    name: person.name,
    relationshipType: person.relationship_type,
    ring: asRing(person.ring),
    deceased: person.deceased,
  }));
}

export function snapshotOnCircle(snapshot: Snapshot): CirclePerson[] {
  return snapshot.people.map((person) => ({
    id: person.person_id,
    name: person.name,
    relationshipType: person.relationship_type,
    ring: asRing(person.ring),
    deceased: person.deceased,
  }));
}

/** "Intake, 5 Jan 2026", or just the date for an unlabelled snapshot. */
export function snapshotCaption(snapshot: Snapshot): string {
  const label = snapshot.label?.trim();
  return label ? `${label}, ${day(snapshot.taken_on)}` : day(snapshot.taken_on);
}

function ringText(ring: number | null): string {
  return ring === null ? '?' : String(ring);
}

/** One change in words, e.g. "Moved closer: ring 3 → 2"; null for someone who did not move. */
export function changeText(change: CircleChange): string | null {
  const from = ringText(change.from_ring);
  const to = ringText(change.to_ring);
  switch (change.kind) {
    case 'closer':
      return `${CIRCLE_CHANGE.closer}: ring ${from} → ${to}`;
    case 'further':
      return `${CIRCLE_CHANGE.further}: ring ${from} → ${to}`;
    case 'added':
      return `${CIRCLE_CHANGE.added} on ring ${to}`;
    case 'removed':
      return `${CIRCLE_CHANGE.removed} (was ring ${from})`;
    case 'unchanged':
      return null;
    default:
      // A kind this build does not know yet is still worth showing rather than hiding.
      return String(change.kind);
  }
}

export function describeChanges(changes: readonly CircleChange[]): {
  listed: { name: string; change: string }[];
  unchanged: number;
} {
  const listed: { name: string; change: string }[] = [];
  let unchanged = 0;
  for (const change of changes) {
    const text = changeText(change);
    if (text === null) unchanged += 1;
    else listed.push({ name: change.name, change: text });
  }
  return { listed, unchanged };
}

export function peopleCount(count: number): string {
  return count === 1 ? '1 person' : `${count} people`;
}
