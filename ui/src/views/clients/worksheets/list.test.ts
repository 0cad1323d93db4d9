import { describe, expect, it } from 'vitest';
import { firstWords, insertAt, moveItem, nextKey, placeOf, removeAt } from './list';

const items = [{ key: 1 }, { key: 2 }, { key: 3 }, { key: 4 }];

describe('worksheet lists', () => {
  it('gives each new item a key not in use', () => {
    expect(nextKey([])).toBe(1);
    expect(nextKey([{ key: 5 }, { key: 2 }])).toBe(6);
  });

  it('inserts at a place, clamped to the list', () => {
    expect(insertAt(items, 1, { key: 9 }).map((i) => i.key)).toEqual([1, 9, 2, 3, 4]);
    expect(insertAt(items, 99, { key: 9 }).map((i) => i.key)).toEqual([1, 2, 3, 4, 9]);
    expect(insertAt(items, -3, { key: 9 }).map((i) => i.key)).toEqual([9, 1, 2, 3, 4]);
  });

  it('moves an item up, down and to either end, keeping its key', () => {
    expect(moveItem(items, 2, 1).map((i) => i.key)).toEqual([1, 3, 2, 4]);
    expect(moveItem(items, 0, 1).map((i) => i.key)).toEqual([2, 1, 3, 4]);
    expect(moveItem(items, 3, 0).map((i) => i.key)).toEqual([4, 1, 2, 3]);
    expect(moveItem(items, 0, 10).map((i) => i.key)).toEqual([2, 3, 4, 1]);
    expect(moveItem(items, 0, -1).map((i) => i.key)).toEqual([1, 2, 3, 4]);
    expect(moveItem(items, 7, 0)).toEqual(items);
  });

  it('removes one item and numbers the rest afresh', () => {
    const rest = removeAt(items, 1);
    expect(rest.map((i) => i.key)).toEqual([1, 3, 4]);
    expect(placeOf(rest, 3)).toBe(2);
    expect(placeOf(rest, 2)).toBeNull();
    expect(placeOf(rest, null)).toBeNull();
  });

  it('shortens a long first line', () => {
    expect(firstWords('Here we go again.\nMore')).toBe('Here we go again.');
    const long = firstWords('a'.repeat(80), 10);
    expect([...long]).toHaveLength(10);
    expect(long.endsWith('…')).toBe(true);
  });
});
