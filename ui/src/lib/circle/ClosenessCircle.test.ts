import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ClosenessCircle from './ClosenessCircle.svelte';
import { layoutCircle, truncateLabel } from './layout';
import type { CirclePerson, Ring } from './types';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';

function person(id: number, name: string, ring: Ring, extra: Partial<CirclePerson> = {}): CirclePerson {
  return { id, name, ring, relationshipType: 'friend', deceased: false, ...extra };
}

const FAMILY: CirclePerson[] = [
  person(1, 'Alex', 1, { relationshipType: 'partner' }),
  person(2, 'Bo', 2, { relationshipType: 'parent', deceased: true }),
  person(3, 'Cy', 3, { relationshipType: 'colleague' }),
];

function marker(name: string | RegExp) {
  return screen.getByRole('button', { name: typeof name === 'string' ? new RegExp(`^${name},`) : name });
}

describe('ClosenessCircle: untrusted names', () => {
  it.each([false, true])('shows markup in names as literal text (editable: %s)', (editable) => {
    const people = [
      person(1, SCRIPT, 1, { relationshipType: 'sibling' }),
      person(2, IMG, 2, { relationshipType: 'other' }),
    ];
    const { container } = render(ClosenessCircle, { people, clientLabel: IMG, editable });

    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();

    // The drawing shows the shortened name; the full name is in the tooltip and summary.
    const drawn = Array.from(container.querySelectorAll('text.name')).map((node) => node.textContent);
    expect(drawn).toEqual([truncateLabel(SCRIPT, 16), truncateLabel(IMG, 16)]);
    const titles = Array.from(container.querySelectorAll('g.person > title')).map(
      (node) => node.textContent,
    );
    expect(titles).toEqual([`${SCRIPT}, Sibling, ring 1`, `${IMG}, Other, ring 2`]);
    expect(container.textContent).toContain(`Ring 1 (closest): ${SCRIPT} (Sibling)`);
    expect(container.textContent).toContain(`Ring 2: ${IMG} (Other)`);
    expect(container.querySelector('.client > title')?.textContent).toBe(IMG);
  });

  it('puts the full untrusted name in the button label', () => {
    render(ClosenessCircle, {
      people: [person(1, SCRIPT, 1), person(2, IMG, 3)],
      clientLabel: 'Sam',
      editable: true,
    });
    expect(screen.getAllByRole('button').map((node) => node.getAttribute('aria-label'))).toEqual([
      `${SCRIPT}, Friend, ring 1. Use arrow keys or 1, 2, 3 to move.`,
      `${IMG}, Friend, ring 3. Use arrow keys or 1, 2, 3 to move.`,
    ]);
  });
});

describe('ClosenessCircle: keyboard', () => {
  function setup(people = FAMILY) {
    const onmove = vi.fn();
    render(ClosenessCircle, { people, clientLabel: 'Sam', editable: true, onmove });
    return onmove;
  }

  it('labels each marker with name, type, ring and how to move it', () => {
    setup();
    expect(marker('Alex')).toHaveAttribute(
      'aria-label',
      'Alex, Partner, ring 1. Use arrow keys or 1, 2, 3 to move.',
    );
    expect(marker('Bo \\(deceased\\)')).toHaveAttribute(
      'aria-label',
      'Bo (deceased), Parent, ring 2. Use arrow keys or 1, 2, 3 to move.',
    );
    for (const button of screen.getAllByRole('button')) expect(button).toHaveAttribute('tabindex', '0');
  });

  it.each([
    ['ArrowUp', 1],
    ['ArrowLeft', 1],
    ['-', 1],
    ['ArrowDown', 3],
    ['ArrowRight', 3],
    ['+', 3],
    ['1', 1],
    ['3', 3],
  ] as const)('"%s" on someone in ring 2 asks for ring %i', async (key, ring) => {
    const onmove = setup();
    await fireEvent.keyDown(marker(/^Bo/), { key });
    expect(onmove).toHaveBeenCalledTimes(1);
    expect(onmove).toHaveBeenCalledWith(2, ring);
  });

  it('does nothing when the ring would not change', async () => {
    const onmove = setup();
    await fireEvent.keyDown(marker('Alex'), { key: 'ArrowUp' });
    await fireEvent.keyDown(marker('Alex'), { key: '1' });
    await fireEvent.keyDown(marker('Cy'), { key: 'ArrowDown' });
    await fireEvent.keyDown(marker('Cy'), { key: '+' });
    await fireEvent.keyDown(marker('Cy'), { key: '3' });
    await fireEvent.keyDown(marker(/^Bo/), { key: '2' });
    expect(onmove).not.toHaveBeenCalled();
  });

  it('ignores other keys and shortcuts', async () => {
    const onmove = setup();
    await fireEvent.keyDown(marker('Alex'), { key: 'a' });
    await fireEvent.keyDown(marker('Alex'), { key: '4' });
    await fireEvent.keyDown(marker('Alex'), { key: 'ArrowDown', ctrlKey: true });
    expect(onmove).not.toHaveBeenCalled();
  });

  it('keeps focus on the moved person and announces the move once the parent updates', async () => {
    let people = FAMILY;
    const view = render(ClosenessCircle, {
      people,
      clientLabel: 'Sam',
      editable: true,
      onmove: (id: number, ring: Ring) => {
        people = people.map((item) => (item.id === id ? { ...item, ring } : item));
        void view.rerender({ people });
      },
    });
    const cy = marker('Cy');
    cy.focus();
    await fireEvent.keyDown(cy, { key: '1' });

    await waitFor(() => expect(marker('Cy')).toHaveAccessibleName(/ring 1\./));
    expect(marker('Cy')).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent('Cy moved to ring 1');

    await fireEvent.keyDown(marker('Cy'), { key: 'ArrowDown' });
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Cy moved to ring 2'));
    expect(marker('Cy')).toHaveFocus();
  });

  it('announces nothing if the parent does not apply the move', async () => {
    const onmove = setup();
    await fireEvent.keyDown(marker('Alex'), { key: '3' });
    expect(onmove).toHaveBeenCalledWith(1, 3);
    expect(screen.getByRole('status')).toHaveTextContent('');
  });
});

describe('ClosenessCircle: pointer', () => {
  function setup() {
    const onmove = vi.fn();
    const { container } = render(ClosenessCircle, {
      people: FAMILY,
      clientLabel: 'Sam',
      editable: true,
      onmove,
    });
    // jsdom has no layout, so client and drawing coordinates coincide.
    const { geometry, placed } = layoutCircle(FAMILY, 420);
    const at = (id: number) => placed.find((item) => item.person.id === id)!;
    return { onmove, container, geometry, at };
  }

  it('moves someone to the ring they are dropped nearest to', async () => {
    const { onmove, geometry, at } = setup();
    const cy = at(3);
    const target = marker('Cy');
    await fireEvent.pointerDown(target, { pointerId: 1, button: 0, clientX: cy.x, clientY: cy.y });
    const x = geometry.cx + geometry.ringRadii[0] + 3;
    await fireEvent.pointerMove(target, { pointerId: 1, clientX: x, clientY: geometry.cy });
    expect(target).toHaveAttribute('transform', `translate(${x} ${geometry.cy})`);
    await fireEvent.pointerUp(target, { pointerId: 1, clientX: x, clientY: geometry.cy });
    expect(onmove).toHaveBeenCalledExactlyOnceWith(3, 1);
    expect(target).toHaveFocus();
  });

  it('treats a press without movement as a click, not a move', async () => {
    const { onmove, at } = setup();
    const alex = at(1);
    const target = marker('Alex');
    await fireEvent.pointerDown(target, { pointerId: 1, button: 0, clientX: alex.x, clientY: alex.y });
    await fireEvent.pointerMove(target, { pointerId: 1, clientX: alex.x + 2, clientY: alex.y + 1 });
    await fireEvent.pointerUp(target, { pointerId: 1, clientX: alex.x + 2, clientY: alex.y + 1 });
    expect(onmove).not.toHaveBeenCalled();
    expect(target).toHaveAttribute('transform', `translate(${alex.x} ${alex.y})`);
  });

  it('does not call onmove when dropped back on the same ring', async () => {
    const { onmove, geometry, at } = setup();
    const bo = at(2);
    const target = marker(/^Bo/);
    await fireEvent.pointerDown(target, { pointerId: 1, button: 0, clientX: bo.x, clientY: bo.y });
    const y = geometry.cy - geometry.ringRadii[1];
    await fireEvent.pointerMove(target, { pointerId: 1, clientX: geometry.cx, clientY: y });
    await fireEvent.pointerUp(target, { pointerId: 1, clientX: geometry.cx, clientY: y });
    expect(onmove).not.toHaveBeenCalled();
  });

  it('drops a cancelled drag', async () => {
    const { onmove, geometry, at } = setup();
    const cy = at(3);
    const target = marker('Cy');
    await fireEvent.pointerDown(target, { pointerId: 1, button: 0, clientX: cy.x, clientY: cy.y });
    await fireEvent.pointerMove(target, { pointerId: 1, clientX: geometry.cx, clientY: geometry.cy });
    await fireEvent.pointerCancel(target, { pointerId: 1 });
    await fireEvent.pointerUp(target, { pointerId: 1, clientX: geometry.cx, clientY: geometry.cy });
    expect(onmove).not.toHaveBeenCalled();
    expect(target).toHaveAttribute('transform', `translate(${cy.x} ${cy.y})`);
  });
});

describe('ClosenessCircle: read-only', () => {
  it('has no focusable markers but a full text alternative', () => {
    const { container } = render(ClosenessCircle, { people: FAMILY, clientLabel: 'Sam' });
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(container.querySelectorAll('[tabindex]')).toHaveLength(0);
    expect(container.querySelectorAll('g.person')).toHaveLength(3);
    expect(screen.queryByRole('status')).toBeNull();

    const image = screen.getByRole('img', { name: 'Closeness circle for Sam' });
    const summary = document.getElementById(image.getAttribute('aria-describedby') ?? '');
    expect(Array.from(summary?.querySelectorAll('li') ?? []).map((li) => li.textContent?.trim())).toEqual([
      'Ring 1 (closest): Alex (Partner)',
      'Ring 2: Bo (Parent, deceased)',
      'Ring 3: Cy (Colleague)',
    ]);
  });

  it('marks the deceased with a distinct outline', () => {
    const { container } = render(ClosenessCircle, { people: FAMILY, clientLabel: 'Sam' });
    const deceased = container.querySelectorAll('g.person path.marker.deceased');
    expect(deceased).toHaveLength(1);
    expect(deceased[0]?.closest('g.person')?.querySelector('title')?.textContent).toBe(
      'Bo (deceased), Parent, ring 2',
    );
  });

  it('shows the client in the centre and the caption under the figure', () => {
    const { container } = render(ClosenessCircle, {
      people: FAMILY,
      clientLabel: 'Samantha',
      caption: '3 March 2025',
    });
    expect(container.querySelector('.client-name')).toHaveTextContent('Samantha');
    expect(container.querySelector('figure > figcaption')).toHaveTextContent('3 March 2025');
    const ringLabels = Array.from(container.querySelectorAll('.ring-label')).map((n) => n.textContent);
    expect(ringLabels).toEqual(['1 Closest', '2', '3']);
  });

  it('gives every relationship type a different shape', () => {
    const people = (
      ['partner', 'parent', 'child', 'sibling', 'friend', 'colleague', 'ex_partner', 'deceased', 'other'] as const
    ).map((relationshipType, index) => person(index + 1, `P${index}`, 2, { relationshipType }));
    const { container } = render(ClosenessCircle, { people, clientLabel: 'Sam' });
    const shapes = Array.from(container.querySelectorAll('g.person path.marker')).map((path) =>
      path.getAttribute('d'),
    );
    expect(new Set(shapes).size).toBe(9);
  });
});

describe('ClosenessCircle: legend', () => {
  it('lists only the relationship types present, in a fixed order', () => {
    render(ClosenessCircle, {
      people: [
        person(1, 'Cy', 3, { relationshipType: 'colleague' }),
        person(2, 'Alex', 1, { relationshipType: 'partner' }),
        person(3, 'Ari', 2, { relationshipType: 'partner' }),
      ],
      clientLabel: 'Sam',
    });
    const legend = screen.getByRole('list', { name: 'Key' });
    expect(within(legend).getAllByRole('listitem').map((li) => li.textContent?.trim())).toEqual([
      'Partner',
      'Colleague',
    ]);
  });

  it('explains the dashed outline only when someone is deceased', () => {
    const first = render(ClosenessCircle, { people: FAMILY, clientLabel: 'Sam' });
    expect(within(screen.getByRole('list', { name: 'Key' })).getByText('Dashed outline: deceased')).toBeInTheDocument();
    first.unmount();
    render(ClosenessCircle, { people: [person(1, 'Alex', 1)], clientLabel: 'Sam' });
    expect(screen.queryByText('Dashed outline: deceased')).toBeNull();
  });

  it('uses the same shape in the legend as on the circle', () => {
    const { container } = render(ClosenessCircle, { people: FAMILY, clientLabel: 'Sam' });
    const onCircle = container.querySelector('g.person path.type-colleague');
    const inLegend = container.querySelector('.legend-item[data-type="colleague"] path');
    expect(inLegend).toHaveClass('marker', 'type-colleague');
    expect(onCircle?.getAttribute('d')).toBeTruthy();
    expect(inLegend?.getAttribute('d')).toBeTruthy();
  });
});

describe('ClosenessCircle: edge cases', () => {
  it.each([false, true])('creates the markers as SVG elements (editable: %s)', (editable) => {
    const { container } = render(ClosenessCircle, { people: FAMILY, clientLabel: 'Sam', editable });
    const drawn = container.querySelectorAll('svg.drawing *');
    expect(drawn.length).toBeGreaterThan(10);
    for (const node of drawn) expect(node.namespaceURI).toBe('http://www.w3.org/2000/svg');
    for (const node of container.querySelectorAll('.legend svg *')) {
      expect(node.namespaceURI).toBe('http://www.w3.org/2000/svg');
    }
  });

  it('shows the empty rings and a hint when there is nobody', () => {
    const { container } = render(ClosenessCircle, { people: [], clientLabel: 'Sam', editable: true });
    expect(screen.getByText('No one in the inventory yet.')).toBeInTheDocument();
    expect(container.querySelectorAll('circle.ring')).toHaveLength(3);
    expect(container.querySelectorAll('g.person')).toHaveLength(0);
    expect(screen.queryByRole('list', { name: 'Key' })).toBeNull();
  });

  it('draws a crowd of twenty with smaller type and distinct positions', () => {
    const people = Array.from({ length: 20 }, (_, index) =>
      person(index + 1, `Someone with a long name ${index}`, ((index % 3) + 1) as Ring),
    );
    const { container } = render(ClosenessCircle, { people, clientLabel: 'Sam', editable: true });
    const groups = Array.from(container.querySelectorAll('g.person'));
    expect(groups).toHaveLength(20);
    expect(new Set(groups.map((group) => group.getAttribute('transform'))).size).toBe(20);
    for (const text of container.querySelectorAll('text.name')) {
      expect(text).toHaveAttribute('font-size', '10.5');
      expect(text.textContent?.endsWith('\u2026')).toBe(true);
    }
    expect(screen.queryByText('No one in the inventory yet.')).toBeNull();
  });
});
