// Lists inside a worksheet (turns, alternatives, runs, options): each item keeps its `key` when
// the list is reordered, so whatever points at it (a pinned problem, the chosen alternative)
// follows it. Pure functions, each returning a new list.

export interface Keyed {
  key: number;
}

/** The next free key: one more than the largest in use. */
export function nextKey(items: readonly Keyed[]): number {
  return items.reduce((max, item) => Math.max(max, item.key), 0) + 1;
}

/** `item` inserted at `index` (clamped to the list). */
export function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  const at = Math.max(0, Math.min(index, items.length));
  return [...items.slice(0, at), item, ...items.slice(at)];
}

/** The item at `from` moved to `to` (both clamped); the same list when nothing moves. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= items.length) return [...items];
  const target = Math.max(0, Math.min(to, items.length - 1));
  if (target === from) return [...items];
  const rest = [...items.slice(0, from), ...items.slice(from + 1)];
  return insertAt(rest, target, items[from]);
}

/** The list without the item at `index`. */
export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** The 1-based place of the item with `key`, or null when it is not in the list. */
export function placeOf(items: readonly Keyed[], key: number | null): number | null {
  if (key === null) return null;
  const index = items.findIndex((item) => item.key === key);
  return index < 0 ? null : index + 1;
}

/** The first words of a text, for naming an item in a choice ("Turn 2 — 'Here we go…'"). */
export function firstWords(text: string, max = 40): string {
  const line = text.trim().split('\n')[0] ?? '';
  if ([...line].length <= max) return line;
  return `${[...line].slice(0, max - 1).join('').trimEnd()}…`;
}
