// The instruments' definitions as the core gives them, read once per window, and the choices
// each item offers on the form. Nothing here scores: totals, bands and flags come from the core.
import * as api from '../../../lib/api';
import type { Administration } from '../../../lib/bindings/Administration';
import type { Answer } from '../../../lib/bindings/Answer';
import type { Definition } from '../../../lib/bindings/Definition';
import type { Instrument } from '../../../lib/bindings/Instrument';
import type { Item } from '../../../lib/bindings/Item';
import { day } from '../../../lib/labels';

let cache: Promise<Definition[]> | null = null;

/** Every definition, in the core's order. */
export function definitions(): Promise<Definition[]> {
  cache ??= api.instruments().catch((e: unknown) => {
    cache = null;
    throw e;
  });
  return cache;
}

export function definitionOf(all: Definition[], instrument: Instrument): Definition | undefined {
  return all.find((d) => d.instrument === instrument);
}

/** One answer an item offers: what is stored, the key that picks it, and its words. */
export interface Choice {
  answer: Answer;
  key: string;
  label: string;
}

/** The choices of an item, lowest first; none for a count (typed as a number). */
export function choices(item: Item): Choice[] {
  const v = item.values;
  switch (v.kind) {
    case 'rating': {
      const out: Choice[] = [];
      for (let n = v.min; n <= v.max; n++) {
        out.push({ answer: n, key: String(n), label: item.options[n - v.min] ?? '' });
      }
      if (v.not_assessed !== null) {
        out.push({ answer: v.not_assessed, key: String(v.not_assessed), label: 'Not assessed' });
      }
      if (v.not_applicable) out.push({ answer: 'na', key: 'n', label: 'Not applicable' });
      return out;
    }
    case 'position':
      // The EPDS: the position of the ticked option, counted from the top of the printed form.
      return v.scores.map((_, p) => ({
        answer: p,
        key: String(p),
        label: p === 0 ? 'Top option' : p === v.scores.length - 1 ? 'Bottom option' : '',
      }));
    case 'count':
      return [];
  }
}

export function isCount(item: Item): boolean {
  return item.values.kind === 'count';
}

/** What one administration shows in a list: total and band, or why it has none. */
export function summary(a: Administration): string {
  const s = a.score;
  if (a.status === 'open') {
    const answered = a.responses.filter((r) => r !== null).length;
    return `Being answered: ${answered} of ${a.responses.length}`;
  }
  if (a.status === 'incomplete') return 'Incomplete: no total';
  return s.band ? `${s.total_text} · ${s.band}` : (s.total_text ?? '');
}

export function givenOn(a: Administration): string {
  return day(a.given_on);
}
