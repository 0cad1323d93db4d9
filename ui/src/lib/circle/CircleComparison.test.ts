import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import CircleComparison from './CircleComparison.svelte';
import type { CirclePerson, Ring } from './types';

const IMG = '<img src=x onerror=alert(1)>';

function person(id: number, name: string, ring: Ring): CirclePerson {
  return { id, name, ring, relationshipType: 'friend', deceased: false };
}

const before = { caption: '12 January 2025', people: [person(1, 'Alex', 3), person(2, 'Bo', 2)] };
const after = { caption: '3 March 2025', people: [person(1, 'Alex', 2), person(2, 'Bo', 2)] };

describe('CircleComparison', () => {
  it('shows both snapshots as read-only circles with their captions', () => {
    const { container } = render(CircleComparison, {
      left: before,
      right: after,
      clientLabel: 'Sam',
      changes: [{ name: 'Alex', change: 'moved closer: ring 3 → 2' }],
    });
    const circles = screen.getAllByRole('img', { name: 'Closeness circle for Sam' });
    expect(circles).toHaveLength(2);
    expect(Array.from(container.querySelectorAll('figcaption')).map((node) => node.textContent)).toEqual([
      '12 January 2025',
      '3 March 2025',
    ]);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    // Each circle needs its own ids for its title and summary.
    const ids = circles.map((svg) => svg.getAttribute('aria-labelledby'));
    expect(new Set(ids).size).toBe(2);
  });

  it('lists the changes as text', () => {
    render(CircleComparison, {
      left: before,
      right: after,
      clientLabel: 'Sam',
      changes: [
        { name: 'Alex', change: 'moved closer: ring 3 → 2' },
        { name: IMG, change: `added to ring 1 ${IMG}` },
      ],
    });
    const list = screen.getByRole('list', { name: 'Changes' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Alex: moved closer: ring 3 → 2',
      `${IMG}: added to ring 1 ${IMG}`,
    ]);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.queryByText('No changes between these snapshots.')).toBeNull();
  });

  it('says so when nothing changed', () => {
    render(CircleComparison, { left: after, right: after, clientLabel: 'Sam', changes: [] });
    expect(screen.getByText('No changes between these snapshots.')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Changes' })).toBeNull();
  });
});
