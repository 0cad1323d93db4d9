// Where in the client's record each kind of search result lives.
import type { SearchKind } from '../../lib/bindings/SearchKind';
import type { RecordTab } from '../../lib/state.svelte';

export const RESULT_TAB: Record<SearchKind, RecordTab> = {
  client: 'details',
  note: 'sessions',
  amendment: 'sessions',
  process_note: 'sessions',
  task: 'sessions',
  person: 'inventory',
  formulation: 'formulation',
  goal: 'areas',
  area_work: 'areas',
  life_event: 'timeline',
  worksheet: 'worksheets',
  worksheet_amendment: 'worksheets',
  conclusion_summary: 'conclusion',
  conclusion_amendment: 'conclusion',
};
