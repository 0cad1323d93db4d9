// The geometry the measures' charts share: the frame, and the mapping from the core's chart
// model (positions on the session axis, days, values) to SVG units. The model itself (points,
// bands, markers, ticks) comes from the core; only the drawing scale is worked out here.

export const FRAME = { width: 640, height: 240, left: 44, right: 12, top: 14, bottom: 30 };

const DAY_MS = 86_400_000;

/** A stored day (`YYYY-MM-DD`) as a time, at noon so no time zone moves it to another day. */
export function time(iso: string): number {
  return new Date(`${iso}T12:00:00`).getTime();
}

export interface Axes {
  /** x of a position on the session axis, or of a time when charting by date. */
  x(at: number): number;
  y(value: number): number;
  firstDay: number;
  lastDay: number;
}

export function axes(options: {
  by: 'session' | 'date';
  lastSession: number;
  /** The time of every value drawn; the markers' days are added to the date axis's span. */
  times: number[];
  markers: { on: string | null }[];
  yMin: number;
  yMax: number;
}): Axes {
  const { by, lastSession, yMin, yMax } = options;
  const times = [...options.times, ...options.markers.flatMap((m) => (m.on ? [time(m.on)] : []))];
  const span = FRAME.width - FRAME.left - FRAME.right;
  const firstDay = times.length ? Math.min(...times) : 0;
  const lastDay = times.length ? Math.max(...times) : 1;
  return {
    firstDay,
    lastDay,
    x(at: number): number {
      if (by === 'session') return FRAME.left + ((at - 0.5) / lastSession) * span;
      const range = Math.max(lastDay - firstDay, DAY_MS);
      return FRAME.left + 10 + ((at - firstDay) / range) * (span - 20);
    },
    y(value: number): number {
      const height = yMax - yMin || 1;
      return FRAME.top + (1 - (value - yMin) / height) * (FRAME.height - FRAME.top - FRAME.bottom);
    },
  };
}

/** The session numbers labelled along the axis: every one up to 16, else every other. */
export function sessionTicks(lastSession: number): number[] {
  return Array.from({ length: Math.floor(lastSession) }, (_, i) => i + 1).filter(
    (n) => lastSession <= 16 || n % 2 === 1,
  );
}

/** A time back as a stored day, for labelling the date axis's ends. */
export function isoDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
