// The six parts of the safety plan, headed in the client's voice because the plan is theirs:
// it is read in a bad moment, so the headings are short and plain. Our own wording throughout.

import type { SafetyPlanInput } from '../../../lib/bindings/SafetyPlanInput';

export type PartKey = keyof Pick<
  SafetyPlanInput,
  | 'warning_signs'
  | 'own_strategies'
  | 'distractions'
  | 'people_to_ask'
  | 'professionals'
  | 'safe_surroundings'
>;

export interface Part {
  key: PartKey;
  heading: string;
  /** For the clinician filling it in with the client. */
  hint: string;
}

export const PARTS: readonly Part[] = [
  {
    key: 'warning_signs',
    heading: 'Signs that a crisis may be building',
    hint: 'The thoughts, moods, situations or habits the client notices when things start to slide.',
  },
  {
    key: 'own_strategies',
    heading: 'What I can do by myself to get through',
    hint: 'Things that have helped before without needing anyone else.',
  },
  {
    key: 'distractions',
    heading: 'People and places that help me switch off',
    hint: 'Company or places that take the mind off things, without having to talk about the crisis.',
  },
  {
    key: 'people_to_ask',
    heading: 'People I can turn to for help',
    hint: 'Family or friends the client could tell, with how to reach them.',
  },
  {
    key: 'professionals',
    heading: 'Professionals and crisis lines',
    hint: 'Clinicians, services and crisis lines, each with a phone number and when they can be reached.',
  },
  {
    key: 'safe_surroundings',
    heading: 'Making where I am safer',
    hint: 'What will be put away, handed to someone else or kept out of reach, and by whom.',
  },
];
