// The core's limits, generated from `rapport_core`'s rules: a range that a form checks or puts
// into words is read from here, so the screens cannot drift from what the core accepts.

import type { Limits } from './bindings/Limits';
import { RULES } from './bindings/currentRules';

export { RULES };

/** "0–10": a range as a label shows it. */
export function span({ min, max }: Limits): string {
  return `${min}–${max}`;
}

/** Whether `n` lies in the range, both ends included. */
export function within({ min, max }: Limits, n: number): boolean {
  return n >= min && n <= max;
}

/** Where `n` falls between the two ends, from 0 to 1; a value outside is held at the nearer end. */
export function position({ min, max }: Limits, n: number): number {
  return (Math.min(max, Math.max(min, n)) - min) / (max - min);
}
