// Each relationship type has its own shape as well as its own colour, so the circle still reads
// correctly in greyscale print and for people who cannot tell the colours apart.
import type { RelationshipType } from './types';

export type MarkerShape =
  | 'circle'
  | 'square'
  | 'triangle-up'
  | 'diamond'
  | 'star'
  | 'hexagon'
  | 'triangle-down'
  | 'cross'
  | 'plus';

export const MARKER_SHAPES: Record<RelationshipType, MarkerShape> = {
  partner: 'circle',
  parent: 'square',
  child: 'triangle-up',
  sibling: 'diamond',
  friend: 'star',
  colleague: 'hexagon',
  ex_partner: 'triangle-down',
  deceased: 'cross',
  other: 'plus',
};

function fmt(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function polygon(points: readonly (readonly [number, number])[]): string {
  return `M${points.map(([x, y]) => `${fmt(x)} ${fmt(y)}`).join(' L')} Z`;
}

function regular(sides: number, radius: number, startDegrees: number): [number, number][] {
  return Array.from({ length: sides }, (_, index) => {
    const radians = ((startDegrees + (index * 360) / sides) * Math.PI) / 180;
    return [Math.cos(radians) * radius, Math.sin(radians) * radius];
  });
}

function rotate(points: [number, number][], degrees: number): [number, number][] {
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  return points.map(([x, y]) => [x * cos - y * sin, x * sin + y * cos]);
}

function plusPoints(r: number): [number, number][] {
  const arm = r * 0.4;
  const reach = r * 1.15;
  return [
    [-arm, -reach],
    [arm, -reach],
    [arm, -arm],
    [reach, -arm],
    [reach, arm],
    [arm, arm],
    [arm, reach],
    [-arm, reach],
    [-arm, arm],
    [-reach, arm],
    [-reach, -arm],
    [-arm, -arm],
  ];
}

/**
 * An SVG path centred on (0, 0). The shapes are sized so they look about equally heavy, which
 * means the pointed ones reach a little further out than `r`.
 */
export function markerPath(shape: MarkerShape, r: number): string {
  switch (shape) {
    case 'circle':
      return `M${fmt(r)} 0 A${fmt(r)} ${fmt(r)} 0 1 1 ${fmt(-r)} 0 A${fmt(r)} ${fmt(r)} 0 1 1 ${fmt(r)} 0 Z`;
    case 'square': {
      const h = r * 0.88;
      return polygon([
        [-h, -h],
        [h, -h],
        [h, h],
        [-h, h],
      ]);
    }
    case 'triangle-up':
      return polygon(regular(3, r * 1.3, -90).map(([x, y]) => [x, y + r * 0.15]));
    case 'triangle-down':
      return polygon(regular(3, r * 1.3, 90).map(([x, y]) => [x, y - r * 0.15]));
    case 'diamond':
      return polygon(regular(4, r * 1.25, -90));
    case 'hexagon':
      return polygon(regular(6, r * 1.08, 0));
    case 'star': {
      const outer = regular(5, r * 1.35, -90);
      const inner = regular(5, r * 0.6, -54);
      return polygon(outer.flatMap((point, index) => [point, inner[index] as [number, number]]));
    }
    case 'plus':
      return polygon(plusPoints(r));
    case 'cross':
      return polygon(rotate(plusPoints(r), 45));
  }
}
