import { describe, expect, it } from 'vitest';
import {
  circleGeometry,
  layoutCircle,
  nextRing,
  overlapArea,
  personBoxes,
  ringFromPoint,
  truncateLabel,
  type PlacedPerson,
} from './layout';
import { MARKER_SHAPES, markerPath } from './markers';
import { RELATIONSHIP_TYPES, type CirclePerson, type Ring } from './types';

function person(id: number, name: string, ring: Ring, extra: Partial<CirclePerson> = {}): CirclePerson {
  return { id, name, ring, relationshipType: 'friend', deceased: false, ...extra };
}

const PEOPLE: CirclePerson[] = [
  person(4, 'Dana', 2),
  person(1, 'Alex', 1, { relationshipType: 'partner' }),
  person(7, 'bea', 1),
  person(3, 'Chris', 3, { relationshipType: 'colleague' }),
  person(2, 'Bea', 1),
  person(9, 'Eli', 2, { deceased: true }),
  person(5, 'Fran', 3),
];

function distance(item: PlacedPerson, cx: number, cy: number): number {
  return Math.hypot(item.x - cx, item.y - cy);
}

function crowd(count: number): CirclePerson[] {
  return Array.from({ length: count }, (_, index) =>
    person(index + 1, `Person number ${index + 1}`, ((index % 3) + 1) as Ring),
  );
}

describe('layoutCircle', () => {
  it('orders by ring, then name, then id, whatever the input order', () => {
    const { placed } = layoutCircle(PEOPLE, 420);
    expect(placed.map((item) => item.person.id)).toEqual([1, 2, 7, 4, 9, 3, 5]);
    const shuffled = [...PEOPLE].reverse();
    expect(layoutCircle(shuffled, 420)).toEqual(layoutCircle(PEOPLE, 420));
  });

  it('puts every person on the radius of their own ring', () => {
    for (const size of [300, 420, 640]) {
      const { geometry, placed } = layoutCircle(crowd(20), size);
      for (const item of placed) {
        const radius = geometry.ringRadii[item.person.ring - 1];
        expect(distance(item, geometry.cx, geometry.cy)).toBeCloseTo(radius, 1);
      }
    }
  });

  it('keeps the rings ordered and inside the drawing, names included', () => {
    const geometry = circleGeometry(420);
    const [inner, middle, outer] = geometry.ringRadii;
    expect(geometry.centreRadius).toBeLessThan(inner);
    expect(inner).toBeLessThan(middle);
    expect(middle).toBeLessThan(outer);
    expect(geometry.cy + outer).toBeLessThan(geometry.height);
    // Room beside the outer ring for a full-length label.
    const room = geometry.width - (geometry.cx + outer + geometry.markerRadius + 5);
    expect(room).toBeGreaterThanOrEqual(geometry.maxLabelChars * geometry.fontSize * 0.6);
  });

  it('spreads people evenly round a ring, clear of the ring label at the bottom', () => {
    const ring2 = Array.from({ length: 6 }, (_, index) => person(index + 1, `P${index}`, 2));
    const { geometry, placed } = layoutCircle(ring2, 420);
    const angles = placed.map((item) => item.angle).sort((a, b) => a - b);
    const span = 360 - 2 * geometry.ringGaps[1];
    const steps = angles.slice(1).map((angle, index) => angle - (angles[index] as number));
    // All consecutive gaps are equal except the one that spans the reserved label gap.
    const regular = steps.filter((step) => Math.abs(step - span / 6) < 0.05);
    expect(regular.length).toBeGreaterThanOrEqual(4);
    for (const item of placed) {
      const fromBottom = Math.abs(((item.angle - 90 + 540) % 360) - 180);
      expect(fromBottom).toBeGreaterThanOrEqual(geometry.ringGaps[1] - 0.01);
    }
  });

  it('offsets neighbouring rings so one person per ring does not line up', () => {
    const { placed } = layoutCircle([person(1, 'A', 1), person(2, 'B', 2), person(3, 'C', 3)], 420);
    const angles = placed.map((item) => item.angle);
    for (let i = 0; i < angles.length; i += 1) {
      for (let j = i + 1; j < angles.length; j += 1) {
        const apart = Math.abs((((angles[i] as number) - (angles[j] as number) + 540) % 360) - 180);
        expect(apart).toBeGreaterThan(60);
      }
    }
  });

  it('anchors names away from the centre', () => {
    const { geometry, placed } = layoutCircle(crowd(12), 420);
    for (const item of placed) {
      if (item.anchor === 'start') {
        expect(item.x).toBeGreaterThan(geometry.cx);
        expect(item.labelDx).toBeGreaterThan(0);
      } else if (item.anchor === 'end') {
        expect(item.x).toBeLessThan(geometry.cx);
        expect(item.labelDx).toBeLessThan(0);
      } else {
        const radius = geometry.ringRadii[item.person.ring - 1];
        expect(Math.abs(item.x - geometry.cx)).toBeLessThan(radius * 0.12 + 0.01);
        expect(item.labelDx).toBe(0);
      }
    }
    const anchors = new Set(placed.map((item) => item.anchor));
    expect(anchors).toContain('start');
    expect(anchors).toContain('end');
  });

  it('centres the name above someone at the top of a ring', () => {
    const [top] = layoutCircle([person(1, 'Alone', 1)], 420).placed;
    expect(top?.angle).toBeCloseTo(270, 5);
    expect(top?.anchor).toBe('middle');
    expect(top?.labelDy).toBeLessThan(0);
  });

  it('uses smaller type and shorter names when crowded', () => {
    const calm = circleGeometry(420, crowd(6));
    const busy = circleGeometry(420, crowd(20));
    expect(calm.crowded).toBe(false);
    expect(busy.crowded).toBe(true);
    expect(busy.fontSize).toBeLessThan(calm.fontSize);
    expect(busy.maxLabelChars).toBeLessThan(calm.maxLabelChars);
    const placed = layoutCircle(crowd(20), 420).placed;
    expect(new Set(placed.map((item) => `${item.x},${item.y}`)).size).toBe(20);
    for (const item of placed) expect(Array.from(item.label).length).toBeLessThanOrEqual(11);
  });

  it('turns rings so names and markers do not overlap, even with twenty people', () => {
    const names = ['Alex', 'Bo', 'Chris Johnson', 'Dana', 'Gabriella Fernández-López', 'Hal', 'Ivy'];
    const mixed = crowd(20).map((item, index) => ({ ...item, name: names[index % 7] ?? item.name }));
    const outer = mixed.map((item) => ({ ...item, ring: 3 as Ring }));
    for (const people of [mixed, outer, PEOPLE]) {
      const { geometry, placed } = layoutCircle(people, 420);
      const boxes = placed.map((item) => personBoxes(item, geometry));
      boxes.forEach((own, index) => {
        for (const box of own) {
          expect(box.left).toBeGreaterThanOrEqual(0);
          expect(box.right).toBeLessThanOrEqual(geometry.width);
          for (const others of boxes.slice(index + 1)) {
            for (const other of others) expect(overlapArea(box, other)).toBe(0);
          }
        }
      });
    }
  });

  it('shortens long names for the drawing but keeps the person intact', () => {
    const long = 'Maximilian Alexander von Habsburg';
    const [item] = layoutCircle([person(1, long, 1)], 420).placed;
    expect(item?.label).toBe('Maximilian Alex\u2026');
    expect(item?.person.name).toBe(long);
  });

  it('copes with nobody', () => {
    expect(layoutCircle([], 420).placed).toEqual([]);
  });
});

describe('truncateLabel', () => {
  it('leaves short names alone and tidies whitespace', () => {
    expect(truncateLabel('Sam', 10)).toBe('Sam');
    expect(truncateLabel('  Sam   Lee ', 10)).toBe('Sam Lee');
    expect(truncateLabel('0123456789', 10)).toBe('0123456789');
  });

  it('cuts to the limit including the ellipsis', () => {
    expect(truncateLabel('01234567890', 10)).toBe('012345678\u2026');
    expect(truncateLabel('Anne Marie Smith', 6)).toBe('Anne\u2026');
    expect(truncateLabel('Anything', 1)).toBe('\u2026');
  });

  it('never splits a character made of two code units', () => {
    const label = truncateLabel('😀😀😀😀😀', 3);
    expect(label).toBe('😀😀\u2026');
    expect(Array.from(label)).toHaveLength(3);
  });
});

describe('ringFromPoint', () => {
  const centre = { x: 200, y: 150 };
  const radii = [60, 100, 140] as const;
  const at = (distanceFromCentre: number, degrees = 0) => {
    const radians = (degrees * Math.PI) / 180;
    return ringFromPoint(
      centre.x + Math.cos(radians) * distanceFromCentre,
      centre.y + Math.sin(radians) * distanceFromCentre,
      centre,
      radii,
    );
  };

  it('picks the nearest ring in any direction', () => {
    for (const degrees of [0, 45, 135, 200, 300]) {
      expect(at(60, degrees)).toBe(1);
      expect(at(95, degrees)).toBe(2);
      expect(at(150, degrees)).toBe(3);
    }
  });

  it('gives the half-way point to the inner ring', () => {
    expect(at(80)).toBe(1);
    expect(at(80.01)).toBe(2);
    expect(at(120)).toBe(2);
    expect(at(120.01)).toBe(3);
  });

  it('treats the centre disc as ring 1 and anything outside as ring 3', () => {
    expect(ringFromPoint(200, 150, centre, radii)).toBe(1);
    expect(at(10)).toBe(1);
    expect(at(1000)).toBe(3);
  });
});

describe('nextRing', () => {
  it('moves one ring at a time', () => {
    expect(nextRing(2, -1)).toBe(1);
    expect(nextRing(2, 1)).toBe(3);
    expect(nextRing(1, 1)).toBe(2);
  });

  it('stops at the innermost and outermost rings', () => {
    expect(nextRing(1, -1)).toBe(1);
    expect(nextRing(3, 1)).toBe(3);
    expect(nextRing(3, 5)).toBe(3);
    expect(nextRing(1, -5)).toBe(1);
  });
});

describe('markers', () => {
  it('gives every relationship type its own shape', () => {
    const shapes = RELATIONSHIP_TYPES.map((type) => MARKER_SHAPES[type]);
    expect(new Set(shapes).size).toBe(RELATIONSHIP_TYPES.length);
    const paths = shapes.map((shape) => markerPath(shape, 8));
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(path).toMatch(/^M[-\d. ALZ]+$/);
  });
});
