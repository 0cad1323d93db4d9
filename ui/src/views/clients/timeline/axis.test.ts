import { describe, expect, it } from 'vitest';
import type { LifeEvent } from '../../../lib/bindings/LifeEvent';
import {
  FRAME,
  dayNumber,
  layoutTimeline,
  markerPath,
  moodY,
  placeable,
  timeScale,
  yearStart,
  yearTicks,
} from './axis';

function event(id: number, occurred: string, extra: Partial<LifeEvent> = {}): LifeEvent {
  return {
    id,
    occurred,
    approximate: occurred.length === 7,
    event_type: 'other',
    description: `event ${id}`,
    mood: null,
    symptom_marker: null,
    episode_number: null,
    area: null,
    people: [],
    ...extra,
  };
}

describe('dayNumber', () => {
  it('counts days from 1970 and places an approximate month on its 1st', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2024-03')).toBe(dayNumber('2024-03-01'));
    expect(dayNumber('2024-03-01')! - dayNumber('2024-02-01')!).toBe(29);
  });

  it('refuses dates that do not exist', () => {
    for (const bad of ['2023-02-30', '2023-13', '2023-00-10', 'March 2024', '']) {
      expect(dayNumber(bad)).toBeNull();
    }
  });
});

describe('timeScale', () => {
  it('puts the first day at the left end and the last at the right end', () => {
    const first = dayNumber('2020-01-01')!;
    const last = dayNumber('2022-01-01')!;
    const scale = timeScale([last, first, dayNumber('2021-01-01')!], 10, 510);
    expect(scale.x(first)).toBe(10);
    expect(scale.x(last)).toBe(510);
    // 2020 is a leap year, so the middle of two years is one day past 1 January 2021.
    expect(scale.x(dayNumber('2021-01-01')!)).toBeCloseTo(10 + (366 / 731) * 500, 6);
  });

  it('centres a single day', () => {
    const only = dayNumber('2024-05-05')!;
    const scale = timeScale([only], 0, 400);
    expect(scale.x(only)).toBe(200);
    expect(scale.start).toBeLessThan(only);
    expect(scale.end).toBeGreaterThan(only);
  });
});

describe('moodY', () => {
  it('maps 10 to the top, 0 to the bottom and 5 halfway', () => {
    expect(moodY(10, 20, 120)).toBe(20);
    expect(moodY(0, 20, 120)).toBe(120);
    expect(moodY(5, 20, 120)).toBe(70);
  });

  it('holds out-of-range moods at the edges', () => {
    expect(moodY(12, 20, 120)).toBe(20);
    expect(moodY(-1, 20, 120)).toBe(120);
  });
});

describe('yearTicks', () => {
  it('marks each 1 January between the ends, and labels the starting year', () => {
    const scale = timeScale([dayNumber('2021-06-10')!, dayNumber('2024-02-01')!], 0, 1000);
    const ticks = yearTicks(scale);
    expect(ticks.map((t) => t.year)).toEqual([2021, 2022, 2023, 2024]);
    expect(ticks[0]).toEqual({ year: 2021, x: 0, boundary: false });
    expect(ticks[1].x).toBeCloseTo(scale.x(yearStart(2022)), 6);
    expect(ticks.slice(1).every((t) => t.boundary)).toBe(true);
  });

  it('leaves out the starting year when the first 1 January is right at the start', () => {
    const scale = timeScale([dayNumber('2021-12-20')!, dayNumber('2024-02-01')!], 0, 1000);
    expect(yearTicks(scale).map((t) => t.year)).toEqual([2022, 2023, 2024]);
  });

  it('labels a span within one year with that year at the left', () => {
    const scale = timeScale([dayNumber('2024-02-01')!, dayNumber('2024-09-01')!], 30, 300);
    expect(yearTicks(scale)).toEqual([{ year: 2024, x: 30, boundary: false }]);
  });

  it('thins a long history to round steps', () => {
    const scale = timeScale([dayNumber('1961-05-01')!, dayNumber('2024-05-01')!], 0, 1000);
    const years = yearTicks(scale).map((t) => t.year);
    expect(years.length).toBeLessThanOrEqual(11);
    expect(years.slice(1).every((y) => y % 10 === 0)).toBe(true);
    expect(years.slice(0, 2)).toEqual([1961, 1970]);
  });
});

describe('layoutTimeline', () => {
  it('orders events by date, keeping the given order within a day', () => {
    const events = [
      event(1, '2024-03-10'),
      event(2, '2023-11-02'),
      event(3, '2024-03-10'),
      event(4, '2024-03'),
    ];
    const layout = layoutTimeline(events);
    expect(layout.marks.map((m) => m.item.id)).toEqual([2, 4, 1, 3]);
    expect(placeable(events).map((p) => p.item.id)).toEqual([2, 4, 1, 3]);
  });

  it('places the first and last events at the ends of the frame', () => {
    const layout = layoutTimeline([event(1, '2020-01-01'), event(2, '2021-07-01'), event(3, '2024-01-01')]);
    expect(layout.marks[0].x).toBe(FRAME.left);
    expect(layout.marks[2].x).toBe(FRAME.right);
    expect(layout.marks[1].x).toBeGreaterThan(FRAME.left);
    expect(layout.marks[1].x).toBeLessThan(FRAME.right);
  });

  it('draws an approximate month hollow, at the 1st of the month', () => {
    const layout = layoutTimeline([event(1, '2024-03', { approximate: true }), event(2, '2024-03-01'), event(3, '2024-04-01')]);
    const [approx, exact] = layout.marks;
    expect(approx.item.id).toBe(1);
    expect(approx.hollow).toBe(true);
    expect(exact.hollow).toBe(false);
    expect(approx.x).toBe(exact.x);
  });

  it('plots mood on the 0–10 scale and joins the points in date order', () => {
    const layout = layoutTimeline([
      event(1, '2024-01-01', { mood: 10 }),
      event(2, '2024-02-01'),
      event(3, '2024-03-01', { mood: 0 }),
    ]);
    expect(layout.marks[0].moodY).toBe(FRAME.moodTop);
    expect(layout.marks[1].moodY).toBeNull();
    expect(layout.marks[2].moodY).toBe(FRAME.moodBottom);
    expect(layout.moodLine).toBe(`${FRAME.left},${FRAME.moodTop} ${FRAME.right},${FRAME.moodBottom}`);
    expect(layout.moodGrid.map((g) => g.y)).toEqual([FRAME.moodBottom, (FRAME.moodTop + FRAME.moodBottom) / 2, FRAME.moodTop]);
  });

  it('draws no mood line from a single mood', () => {
    expect(layoutTimeline([event(1, '2024-01-01', { mood: 4 })]).moodLine).toBe('');
  });

  it('leaves out an event whose date cannot be read', () => {
    const layout = layoutTimeline([event(1, 'soon'), event(2, '2024-01-01')]);
    expect(layout.marks.map((m) => m.item.id)).toEqual([2]);
  });

  it('copes with no events at all', () => {
    const layout = layoutTimeline([]);
    expect(layout.marks).toEqual([]);
    expect(layout.moodLine).toBe('');
  });
});

describe('markerPath', () => {
  it('gives each symptom marker its own shape and the plain event none', () => {
    const shapes = (['onset', 'worsening', 'improvement'] as const).map((m) => markerPath(m, 100, 50));
    expect(new Set(shapes).size).toBe(3);
    expect(markerPath(null, 100, 50)).toBeNull();
    expect(markerPath('onset', 100, 50)).toMatch(/^M100,43 /);
  });
});

describe('measure scores on the timeline', () => {
  const score = (id: number, name: string, on: string, value: number) => ({
    id,
    name,
    given_on: on,
    value_text: String(value),
    band: null,
    band_level: null,
    flagged: false,
  });

  it('gives each instrument a row beneath the axis and widens the time span to the scores', () => {
    const layout = layoutTimeline(
      [event(1, '2024-01-01')],
      [score(1, 'PHQ-9', '2024-01-01', 18), score(2, 'GAD-7', '2025-01-01', 9), score(3, 'PHQ-9', '2025-01-01', 6)],
    );
    expect(layout.scores.map((r) => r.name)).toEqual(['PHQ-9', 'GAD-7']);
    expect(layout.scores[0].y).toBeGreaterThan(FRAME.axisY);
    expect(layout.scores[1].y).toBeGreaterThan(layout.scores[0].y);
    expect(layout.frame.height).toBeGreaterThan(layout.scores[1].y);
    // The last score sets the right end of the axis.
    expect(layout.scores[0].marks[1].x).toBeCloseTo(FRAME.right);
    expect(layout.marks[0].x).toBeCloseTo(FRAME.left);
  });

  it('writes a value only where it has room, leaving the rest to hover and the list', () => {
    const layout = layoutTimeline(
      [],
      [
        score(1, 'PHQ-9', '2024-01-01', 18),
        score(2, 'PHQ-9', '2024-01-02', 17),
        score(3, 'PHQ-9', '2024-06-01', 9),
        score(4, 'PHQ-9', '2025-01-01', 4),
      ],
    );
    expect(layout.scores[0].marks.map((m) => m.labelled)).toEqual([true, false, true, true]);
  });

  it('keeps the frame as it was with no scores', () => {
    expect(layoutTimeline([event(1, '2024-01-01')]).frame).toEqual(FRAME);
  });
});
