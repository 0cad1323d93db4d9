// The formulation form keeps every value as typed text; these convert to and from the record.

import type { Formulation } from '../../../lib/bindings/Formulation';
import type { FormulationInput } from '../../../lib/bindings/FormulationInput';
import type { ProblemArea } from '../../../lib/bindings/ProblemArea';
import type { ConditionGroup } from '../../../lib/bindings/ConditionGroup';
import { illness } from '../../../lib/condition';
import { fromTristate, orNull, text, todayIso, tristate } from '../../../lib/form/form.svelte';

/** The narrative sections, in the order they are written and read. */
export type NarrativeKey =
  | 'diagnosis_sick_role'
  | 'biological'
  | 'psychological'
  | 'attachment_style'
  | 'social_support'
  | 'culture_spirituality'
  | 'precipitating_events';

/** The narrative sections, their hints worded for what the client is seen for. */
export function narrative(
  group: ConditionGroup | null = null,
): readonly { key: NarrativeKey; heading: string; hint: string }[] {
  const it = illness(group);
  return [
  {
    key: 'diagnosis_sick_role',
    heading: 'Diagnosis and sick role',
    hint: `The diagnosis, and how ${it} was named to the client as an illness that is not their fault.`,
  },
  {
    key: 'biological',
    heading: 'Biological factors',
    hint: 'Family history, physical illness, pregnancy or the months after a birth, medication.',
  },
  {
    key: 'psychological',
    heading: 'Psychological and personality factors',
    hint: '',
  },
  {
    key: 'attachment_style',
    heading: 'Attachment and communication style',
    hint: '',
  },
  {
    key: 'social_support',
    heading: 'Social support',
    hint: '',
  },
  {
    key: 'culture_spirituality',
    heading: 'Culture and spirituality',
    hint: '',
  },
  {
    key: 'precipitating_events',
    heading: 'Interpersonal events before the episode',
    hint: `What happened between people around the time ${it} began, with dates.`,
  },
  ];
}

export interface FormulationDraft {
  effective_on: string;
  diagnosis_sick_role: string;
  biological: string;
  psychological: string;
  attachment_style: string;
  social_support: string;
  culture_spirituality: string;
  precipitating_events: string;
  primary_area: string;
  secondary_area: string;
  client_statement: string;
  client_agreed: string;
  agreed_on: string;
  prognosis: string;
}

/** Every field of FormulationInput, for matching the core's refusals to the form. */
export const FORMULATION_FIELDS: readonly (keyof FormulationInput)[] = [
  'effective_on',
  'diagnosis_sick_role',
  'biological',
  'psychological',
  'attachment_style',
  'social_support',
  'culture_spirituality',
  'precipitating_events',
  'primary_area',
  'secondary_area',
  'client_statement',
  'client_agreed',
  'agreed_on',
  'prognosis',
];

/**
 * A new version starts from the current one, so only what has changed needs typing; its
 * effective date is today, since it is a new version and not a correction of the old one. The
 * client's agreement is never carried over: a new version is agreed (or not) on its own.
 */
export function draftFrom(current: Formulation | null, today: string = todayIso()): FormulationDraft {
  return {
    effective_on: today,
    diagnosis_sick_role: text(current?.diagnosis_sick_role),
    biological: text(current?.biological),
    psychological: text(current?.psychological),
    attachment_style: text(current?.attachment_style),
    social_support: text(current?.social_support),
    culture_spirituality: text(current?.culture_spirituality),
    precipitating_events: text(current?.precipitating_events),
    primary_area: text(current?.primary_area),
    secondary_area: text(current?.secondary_area),
    client_statement: text(current?.client_statement),
    client_agreed: tristate(null),
    agreed_on: '',
    prognosis: text(current?.prognosis),
  };
}

function area(value: string): ProblemArea | null {
  return value === '' ? null : (value as ProblemArea);
}

export function inputFrom(draft: FormulationDraft): FormulationInput {
  return {
    effective_on: draft.effective_on.trim(),
    diagnosis_sick_role: orNull(draft.diagnosis_sick_role),
    biological: orNull(draft.biological),
    psychological: orNull(draft.psychological),
    attachment_style: orNull(draft.attachment_style),
    social_support: orNull(draft.social_support),
    culture_spirituality: orNull(draft.culture_spirituality),
    precipitating_events: orNull(draft.precipitating_events),
    primary_area: area(draft.primary_area),
    secondary_area: area(draft.secondary_area),
    client_statement: orNull(draft.client_statement),
    client_agreed: fromTristate(draft.client_agreed),
    agreed_on: orNull(draft.agreed_on),
    prognosis: orNull(draft.prognosis),
  };
}
