// The person form keeps every value as typed text; these convert to and from the record.

import type { ClientRecord } from '../../../lib/bindings/ClientRecord';
import type { Degree } from '../../../lib/bindings/Degree';
import type { Person } from '../../../lib/bindings/Person';
import type { PersonId } from '../../../lib/bindings/PersonId';
import type { PersonInput } from '../../../lib/bindings/PersonInput';
import type { ProblemArea } from '../../../lib/bindings/ProblemArea';
import type { RelationshipType } from '../../../lib/bindings/RelationshipType';
import { fromTristate, orNull, text, tristate } from '../../../lib/form/form.svelte';

export interface PersonDraft {
  name: string;
  relationship_type: string;
  ring: string;
  lives_with_client: boolean;
  deceased: boolean;
  date_of_death: string;
  contact_frequency: string;
  shared_activities: string;
  can_talk_about: string;
  cannot_talk_about: string;
  support_given: string;
  support_received: string;
  client_expectations: string;
  other_expectations: string;
  expectations_met: string;
  satisfying: string;
  unsatisfying: string;
  conflict_frequency: string;
  conflict_pattern: string;
  conflict_resolved: string;
  knows_about_depression: string;
  changes_wanted: string;
  candidate_area: string;
  notes: string;
}

/** Every field of PersonInput, for matching the core's refusals to the form. */
export const PERSON_FIELDS: readonly (keyof PersonInput)[] = [
  'name',
  'relationship_type',
  'ring',
  'lives_with_client',
  'deceased',
  'date_of_death',
  'contact_frequency',
  'shared_activities',
  'can_talk_about',
  'cannot_talk_about',
  'support_given',
  'support_received',
  'client_expectations',
  'other_expectations',
  'expectations_met',
  'satisfying',
  'unsatisfying',
  'conflict_frequency',
  'conflict_pattern',
  'conflict_resolved',
  'knows_about_depression',
  'changes_wanted',
  'candidate_area',
  'notes',
];

export function draftFromPerson(person: Person): PersonDraft {
  return {
    name: person.name,
    relationship_type: person.relationship_type,
    ring: String(person.ring),
    lives_with_client: person.lives_with_client,
    deceased: person.deceased,
    date_of_death: text(person.date_of_death),
    contact_frequency: text(person.contact_frequency),
    shared_activities: text(person.shared_activities),
    can_talk_about: text(person.can_talk_about),
    cannot_talk_about: text(person.cannot_talk_about),
    support_given: text(person.support_given),
    support_received: text(person.support_received),
    client_expectations: text(person.client_expectations),
    other_expectations: text(person.other_expectations),
    expectations_met: text(person.expectations_met),
    satisfying: text(person.satisfying),
    unsatisfying: text(person.unsatisfying),
    conflict_frequency: text(person.conflict_frequency),
    conflict_pattern: text(person.conflict_pattern),
    conflict_resolved: text(person.conflict_resolved),
    knows_about_depression: tristate(person.knows_about_depression),
    changes_wanted: text(person.changes_wanted),
    candidate_area: text(person.candidate_area),
    notes: text(person.notes),
  };
}

function degree(value: string): Degree | null {
  return value === '' ? null : (value as Degree);
}

export function inputFromDraft(draft: PersonDraft): PersonInput {
  const deceased = draft.deceased;
  return {
    name: draft.name.trim(),
    relationship_type: draft.relationship_type as RelationshipType,
    deceased,
    // A date typed and then hidden again by unticking "deceased" is not meant to be saved.
    date_of_death: deceased ? orNull(draft.date_of_death) : null,
    lives_with_client: draft.lives_with_client,
    ring: Number(draft.ring),
    contact_frequency: orNull(draft.contact_frequency),
    shared_activities: orNull(draft.shared_activities),
    can_talk_about: orNull(draft.can_talk_about),
    cannot_talk_about: orNull(draft.cannot_talk_about),
    support_given: orNull(draft.support_given),
    support_received: orNull(draft.support_received),
    client_expectations: orNull(draft.client_expectations),
    other_expectations: orNull(draft.other_expectations),
    expectations_met: degree(draft.expectations_met),
    satisfying: orNull(draft.satisfying),
    unsatisfying: orNull(draft.unsatisfying),
    conflict_frequency: orNull(draft.conflict_frequency),
    conflict_pattern: orNull(draft.conflict_pattern),
    conflict_resolved: degree(draft.conflict_resolved),
    knows_about_depression: fromTristate(draft.knows_about_depression),
    changes_wanted: orNull(draft.changes_wanted),
    candidate_area: draft.candidate_area === '' ? null : (draft.candidate_area as ProblemArea),
    notes: orNull(draft.notes),
  };
}

/** The person the grief work is about, if there is grief work that names one. */
export function griefPersonOf(record: ClientRecord | undefined): PersonId | null {
  const grief = record?.area_work.find((w) => w.details.area === 'grief');
  return grief && grief.details.area === 'grief' ? grief.details.person_id : null;
}
