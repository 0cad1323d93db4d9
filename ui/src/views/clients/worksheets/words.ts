// How worksheets are named and asked about on screen. All wording is our own.
import type { CommunicationProblem } from '../../../lib/bindings/CommunicationProblem';
import type { FollowUpState } from '../../../lib/bindings/FollowUpState';
import type { NeedMet } from '../../../lib/bindings/NeedMet';
import type { RolePart } from '../../../lib/bindings/RolePart';
import type { WorksheetKind } from '../../../lib/bindings/WorksheetKind';
import type { WorksheetSection } from '../../../lib/bindings/WorksheetSection';

export const WORKSHEET_KIND: Record<WorksheetKind, string> = {
  communication_analysis: 'Communication analysis',
  role_play: 'Role play',
  decision_analysis: 'Decision analysis',
};

/** The order worksheets are offered in. */
export const KINDS: WorksheetKind[] = ['communication_analysis', 'role_play', 'decision_analysis'];

/** The five problems, in the checklist's order, with a line saying what each looks like. */
export const PROBLEM: Record<CommunicationProblem, { label: string; hint: string }> = {
  ambiguous_nonverbal: {
    label: 'Unclear non-verbal message',
    hint: 'A look, a gesture or a tone that could be read more than one way.',
  },
  indirect_words: {
    label: 'Needlessly indirect words',
    hint: 'Hinting or complaining where a plain request would have done.',
  },
  assumed_understood: {
    label: 'Assuming one has been understood',
    hint: 'Taking it for granted that the other person got the message.',
  },
  assumed_understanding: {
    label: 'Assuming one has understood',
    hint: 'Acting on a guess about what the other person meant, without checking.',
  },
  silence: {
    label: 'Silence or closing off',
    hint: 'Going quiet, leaving the room, or ending the conversation.',
  },
};

export const PROBLEMS: CommunicationProblem[] = [
  'ambiguous_nonverbal',
  'indirect_words',
  'assumed_understood',
  'assumed_understanding',
  'silence',
];

export const NEED_MET: Record<NeedMet, string> = {
  yes: 'Yes',
  partly: 'Partly',
  no: 'No',
};

export const ROLE_PART: Record<RolePart, string> = {
  themselves: 'Client as themselves',
  other_person: 'Role reversal: client as the other person',
};

export const SECTION: Record<WorksheetSection, string> = {
  general: 'Links, date and setting',
  exchange: 'The exchange',
  meaning: 'Intent and impact',
  problems: 'Communication problems',
  alternatives: 'Alternatives',
  rehearsal: 'Set-up and runs',
  options: 'Options',
  plan: 'Plan and follow-up',
};

/** The parts of each kind that an amendment can correct. */
export const SECTIONS: Record<WorksheetKind, WorksheetSection[]> = {
  communication_analysis: ['general', 'exchange', 'meaning', 'problems', 'alternatives'],
  role_play: ['general', 'rehearsal', 'plan'],
  decision_analysis: ['general', 'options', 'plan'],
};

export const FOLLOW_UP_STATE: Record<FollowUpState, string> = {
  nothing: '',
  waiting: 'Result to ask about',
  recorded: 'Result recorded',
  dismissed: 'Result dismissed',
};

/** The question a later note asks, in the clinician's own voice. */
export function followUpQuestion(kind: WorksheetKind, person: string | null): string {
  const who = person ?? 'them';
  switch (kind) {
    case 'communication_analysis':
      return `Did the client try saying it differently to ${who}? How did it go?`;
    case 'role_play':
      return `Did the real conversation with ${who} happen? How did it go?`;
    case 'decision_analysis':
      return 'How has the decision worked out so far?';
  }
}

/** What the follow-up is called in each kind. */
export const FOLLOW_UP_NAME: Record<WorksheetKind, string> = {
  communication_analysis: 'Result',
  role_play: 'Outcome of the real attempt',
  decision_analysis: 'Outcome',
};

/** "Communication analysis with Tomas", or just the kind when no person is linked. */
export function worksheetTitle(kind: WorksheetKind, person: string | null): string {
  if (!person) return WORKSHEET_KIND[kind];
  const joiner = kind === 'decision_analysis' ? 'about' : 'with';
  return `${WORKSHEET_KIND[kind]} ${joiner} ${person}`;
}

/** A change between two 0–10 ratings, signed: "+3", "−2", "no change". */
export function ratingChange(before: number | null, after: number | null): string {
  if (before === null || after === null) return '';
  const change = after - before;
  if (change === 0) return 'no change';
  return change > 0 ? `+${change}` : `−${-change}`;
}
