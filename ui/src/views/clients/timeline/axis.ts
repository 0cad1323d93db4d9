// Geometry for the life-events time axis, kept free of any component so it can be tested on
// its own and reused when measure scores join the same axis. Dates become whole day numbers
// (days since 1970-01-01, counted in UTC so no time zone can shift a day), and day numbers
// become x positions; a mood becomes a y position above the axis.

import type { LifeEvent } from '../../../lib/bindings/LifeEvent';
import type { SymptomMarker } from '../../../lib/bindings/SymptomMarker';
import { RULES, position } from '../../../lib/rules';

const DAY_MS = 86_400_000;
/** When every point falls on one day, show this many days either side so it sits mid-axis. */
const LONE_DAY_SPAN = 182;
/** No more year labels than this, however long the history. */
const MAX_TICKS = 10;
const TICK_STEPS = [1, 2, 5, 10, 20, 25, 50, 100];
/** The start year is labelled only when the first tick leaves room for it (SVG units). */
const START_LABEL_ROOM = 56;

/**
 * The day number of a stored date: `YYYY-MM-DD`, or `YYYY-MM` for an approximate month, which
 * is placed on the 1st. Null when the text is not a real date.
 */
export function dayNumber(iso: string): number | null {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 30 February over into March; a real date survives the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return null;
  }
  return Math.round(ms / DAY_MS);
}

/** The day number of 1 January of `year`. */
export function yearStart(year: number): number {
  return Math.round(Date.UTC(year, 0, 1) / DAY_MS);
}

export function yearOf(dayNo: number): number {
  return new Date(dayNo * DAY_MS).getUTCFullYear();
}

/** The drawing area, in SVG user units. */
export interface Frame {
  width: number;
  height: number;
  /** Leftmost and rightmost x an event can take. */
  left: number;
  right: number;
  /** y of mood 10 and of mood 0. */
  moodTop: number;
  moodBottom: number;
  /** y of the time axis line, where the event markers sit. */
  axisY: number;
}

export const FRAME: Frame = {
  width: 800,
  height: 200,
  left: 48,
  right: 780,
  moodTop: 22,
  moodBottom: 122,
  axisY: 150,
};

export interface TimeScale {
  /** First and last day shown. */
  start: number;
  end: number;
  left: number;
  right: number;
  x(dayNo: number): number;
}

/**
 * Maps the span from the earliest to the latest of `days` onto left…right, so the first point
 * sits at `left` and the last at `right`. A single day is centred.
 */
export function timeScale(days: readonly number[], left: number, right: number): TimeScale {
  let start = Math.min(...days);
  let end = Math.max(...days);
  if (days.length === 0) {
    start = end = 0;
  }
  if (start === end) {
    start -= LONE_DAY_SPAN;
    end += LONE_DAY_SPAN;
  }
  const span = end - start;
  return {
    start,
    end,
    left,
    right,
    x: (dayNo: number) => left + ((dayNo - start) / span) * (right - left),
  };
}

/** y for a mood from the lowest (at `bottom`) to the best (at `top`); out-of-range moods are held at the edge. */
export function moodY(mood: number, top: number, bottom: number): number {
  return bottom - position(RULES.mood, mood) * (bottom - top);
}

export interface Tick {
  year: number;
  x: number;
  /** True for 1 January; false for the label of the year the axis starts in, at its left end. */
  boundary: boolean;
}

/** Year marks at each 1 January inside the scale, thinned to a round step when there are many. */
export function yearTicks(scale: TimeScale): Tick[] {
  const first = yearOf(scale.start);
  const last = yearOf(scale.end);
  const inside: number[] = [];
  for (let year = first; year <= last; year++) {
    const d = yearStart(year);
    if (d >= scale.start && d <= scale.end) inside.push(year);
  }
  if (inside.length === 0) {
    return [{ year: first, x: scale.left, boundary: false }];
  }
  const step = TICK_STEPS.find((s) => Math.ceil(inside.length / s) <= MAX_TICKS) ?? 100;
  const ticks = inside
    .filter((year) => step === 1 || year % step === 0)
    .map((year) => ({ year, x: scale.x(yearStart(year)), boundary: true }));
  // Without this the stretch before the first 1 January would carry no year at all.
  if (ticks.length === 0 || ticks[0].x - scale.left >= START_LABEL_ROOM) {
    ticks.unshift({ year: first, x: scale.left, boundary: false });
  }
  return ticks;
}

/** Anything that can be placed on the axis: a life event, or a measure's score. */
export interface Dated {
  occurred: string;
  approximate: boolean;
}

export interface Mark<T extends Dated> {
  item: T;
  day: number;
  x: number;
  /** Drawn without fill because only the month is known. */
  hollow: boolean;
}

export interface EventMark extends Mark<LifeEvent> {
  marker: SymptomMarker | null;
  /** y of the mood point, when a mood was given. */
  moodY: number | null;
}

/** Orders items by date, keeping the given order for the same day. Unreadable dates are left out. */
export function placeable<T extends Dated>(items: readonly T[]): { item: T; day: number }[] {
  return items
    .map((item, index) => ({ item, index, day: dayNumber(item.occurred) }))
    .filter((entry): entry is { item: T; index: number; day: number } => entry.day !== null)
    .sort((a, b) => a.day - b.day || a.index - b.index)
    .map(({ item, day }) => ({ item, day }));
}

/** A measure's score as the timeline shows it: complete, and not replaced by a correction. */
export interface ScoreItem {
  id: number;
  /** The instrument's name (`PHQ-9`). */
  name: string;
  given_on: string;
  value_text: string;
  band: string | null;
  band_level: number | null;
  flagged: boolean;
}

export interface ScoreMark {
  item: ScoreItem;
  day: number;
  x: number;
  /** Whether its value is written beside it: not when it would overprint the one before. */
  labelled: boolean;
}

/** One instrument's scores, a row beneath the time axis. */
export interface ScoreRow {
  name: string;
  y: number;
  marks: ScoreMark[];
}

/** The first score row sits this far below the axis, each next one this far below that. */
const SCORE_TOP = 48;
const SCORE_ROW = 40;
/** Values closer than this (SVG units) to the last one written are left to hover and the list. */
const SCORE_LABEL_ROOM = 22;

export interface TimelineLayout {
  frame: Frame;
  scale: TimeScale;
  ticks: Tick[];
  marks: EventMark[];
  /** "x,y x,y …" through the mood points, in date order; empty with fewer than two. */
  moodLine: string;
  /** y of the mood gridlines at 0, 5 and 10. */
  moodGrid: { mood: number; y: number }[];
  /** A row per instrument given, in the order first given. */
  scores: ScoreRow[];
}

export function layoutTimeline(
  events: readonly LifeEvent[],
  scores: readonly ScoreItem[] = [],
  base: Frame = FRAME,
): TimelineLayout {
  const ordered = placeable(events);
  const placedScores = placeable(scores.map((item) => ({ ...item, occurred: item.given_on, approximate: false })));
  const names = [...new Set(placedScores.map((entry) => entry.item.name))];
  const frame =
    names.length === 0 ? base : { ...base, height: base.axisY + SCORE_TOP + (names.length - 1) * SCORE_ROW + 24 };
  const scale = timeScale(
    [...ordered.map((entry) => entry.day), ...placedScores.map((entry) => entry.day)],
    frame.left,
    frame.right,
  );
  const marks: EventMark[] = ordered.map(({ item, day }) => ({
    item,
    day,
    x: scale.x(day),
    hollow: item.approximate,
    marker: item.symptom_marker,
    moodY: item.mood === null ? null : moodY(item.mood, frame.moodTop, frame.moodBottom),
  }));
  const moodPoints = marks.filter((mark) => mark.moodY !== null);
  const moodLine =
    moodPoints.length < 2
      ? ''
      : moodPoints.map((mark) => `${round(mark.x)},${round(mark.moodY as number)}`).join(' ');
  return {
    frame,
    scale,
    ticks: yearTicks(scale),
    marks,
    moodLine,
    moodGrid: [0, 5, 10].map((mood) => ({ mood, y: moodY(mood, frame.moodTop, frame.moodBottom) })),
    scores: names.map((name, row) => {
      let lastLabelled = -Infinity;
      return {
        name,
        y: frame.axisY + SCORE_TOP + row * SCORE_ROW,
        marks: placedScores
          .filter((entry) => entry.item.name === name)
          .map(({ item, day }) => {
            const x = scale.x(day);
            const labelled = x - lastLabelled >= SCORE_LABEL_ROOM;
            if (labelled) lastLabelled = x;
            return { item, day, x, labelled };
          }),
      };
    }),
  };
}

/** Path data for a symptom marker centred on (x, y); null for the plain circle. */
export function markerPath(marker: SymptomMarker | null, x: number, y: number, size = 7): string | null {
  const s = size;
  switch (marker) {
    case 'onset':
      return `M${round(x)},${round(y - s)} L${round(x + s)},${round(y + s * 0.75)} L${round(x - s)},${round(y + s * 0.75)} Z`;
    case 'worsening':
      return `M${round(x)},${round(y + s)} L${round(x + s)},${round(y - s * 0.75)} L${round(x - s)},${round(y - s * 0.75)} Z`;
    case 'improvement':
      return `M${round(x)},${round(y - s)} L${round(x + s)},${round(y)} L${round(x)},${round(y + s)} L${round(x - s)},${round(y)} Z`;
    default:
      return null;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
