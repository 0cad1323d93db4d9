// Geometry for the closeness circle. Everything here is pure so the drawing can be reasoned
// about (and tested) without a browser.
import type { CirclePerson, Ring } from './types';

export type LabelAnchor = 'start' | 'middle' | 'end';

export interface Point {
  x: number;
  y: number;
}

export interface CircleGeometry {
  /** The drawing is wider than it is tall: names beside the outer ring need room. */
  width: number;
  height: number;
  cx: number;
  cy: number;
  centreRadius: number;
  /** Radius of ring 1, 2 and 3, in that order. */
  ringRadii: readonly [number, number, number];
  markerRadius: number;
  fontSize: number;
  maxLabelChars: number;
  crowded: boolean;
  /** Half of the angle, in degrees, kept free at the bottom of each ring for its label. */
  ringGaps: readonly [number, number, number];
}

export interface PlacedPerson {
  person: CirclePerson;
  x: number;
  y: number;
  /** Degrees, clockwise from the positive x axis (SVG's y axis points down). */
  angle: number;
  /** The name as drawn, shortened if needed; the full name is kept for assistive technology. */
  label: string;
  anchor: LabelAnchor;
  /** Where the name goes, relative to the marker. */
  labelDx: number;
  labelDy: number;
}

export interface CircleLayout {
  geometry: CircleGeometry;
  placed: PlacedPerson[];
}

export const RING_LABELS: Record<Ring, string> = { 1: '1 Closest', 2: '2', 3: '3' };

export const WIDTH_RATIO = 1.42;
const CENTRE_RATIO = 0.11;
const RING_RATIOS = [0.19, 0.29, 0.4] as const;

// Beyond these counts, names beside one another start to touch at the default type size.
const CROWDED_TOTAL = 12;
const CROWDED_PER_RING = 8;

// Starting each ring at a different fraction of its own spacing keeps people on neighbouring
// rings from lining up along the same spoke, where their names would overlap.
const RING_PHASE: Record<Ring, number> = { 1: 0, 2: 1 / 3, 3: 2 / 3 };

const ELLIPSIS = '\u2026';

// A fixed locale keeps the order the same on every machine.
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Rough width of text in the system UI font, good enough to keep labels apart. */
export function estimateTextWidth(text: string, fontSize: number): number {
  return Array.from(text).length * fontSize * 0.6;
}

export function truncateLabel(text: string, maxChars: number): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  // Code points, not UTF-16 units, so an emoji or accented name is never cut in half.
  const chars = Array.from(trimmed);
  if (chars.length <= maxChars) return trimmed;
  if (maxChars <= 1) return ELLIPSIS;
  return chars.slice(0, maxChars - 1).join('').trimEnd() + ELLIPSIS;
}

export function circleGeometry(size: number, people: readonly CirclePerson[] = []): CircleGeometry {
  const height = Math.max(120, Math.round(size));
  const width = Math.round(height * WIDTH_RATIO);
  const perRing = countPerRing(people);
  const crowded =
    people.length > CROWDED_TOTAL || Math.max(perRing[1], perRing[2], perRing[3]) > CROWDED_PER_RING;
  const fontSize = crowded ? 10.5 : 12;
  const markerRadius = crowded ? 6.5 : 8;
  const ringRadii = RING_RATIOS.map((ratio) => round(height * ratio)) as [number, number, number];
  const ringGaps = ringRadii.map((radius, index) =>
    gapFor(RING_LABELS[(index + 1) as Ring], radius, markerRadius),
  ) as [number, number, number];
  return {
    width,
    height,
    cx: width / 2,
    cy: height / 2,
    centreRadius: round(height * CENTRE_RATIO),
    ringRadii,
    markerRadius,
    fontSize,
    maxLabelChars: crowded ? 11 : 16,
    crowded,
    ringGaps,
  };
}

/** The size of the ring label's text, shared with the component so the gap fits the text. */
export const RING_LABEL_FONT_SIZE = 10;

function gapFor(label: string, radius: number, markerRadius: number): number {
  const halfWidth = estimateTextWidth(label, RING_LABEL_FONT_SIZE) / 2 + markerRadius + 8;
  const ratio = Math.min(0.9, halfWidth / radius);
  return Math.max(8, (Math.asin(ratio) * 180) / Math.PI);
}

function countPerRing(people: readonly CirclePerson[]): Record<Ring, number> {
  const counts: Record<Ring, number> = { 1: 0, 2: 0, 3: 0 };
  for (const person of people) counts[clampRing(person.ring)] += 1;
  return counts;
}

function clampRing(ring: number): Ring {
  if (!Number.isFinite(ring)) return 3;
  return Math.min(3, Math.max(1, Math.round(ring))) as Ring;
}

export function comparePeople(a: CirclePerson, b: CirclePerson): number {
  return (
    clampRing(a.ring) - clampRing(b.ring) ||
    collator.compare(a.name, b.name) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
    a.id - b.id
  );
}

function labelPosition(
  angle: number,
  radius: number,
  geometry: CircleGeometry,
): { anchor: LabelAnchor; labelDx: number; labelDy: number } {
  const radians = (angle * Math.PI) / 180;
  const dx = Math.cos(radians) * radius;
  const dy = Math.sin(radians) * radius;
  const offset = geometry.markerRadius + 8;
  // Near the top or bottom a name beside the marker would run along the ring, so centre it
  // above or below instead.
  if (Math.abs(dx) < Math.max(geometry.markerRadius, radius * 0.12)) {
    return dy < 0
      ? { anchor: 'middle', labelDx: 0, labelDy: round(-offset) }
      : { anchor: 'middle', labelDx: 0, labelDy: round(offset + geometry.fontSize * 0.75) };
  }
  // 0.35em below the marker's centre puts the text's middle level with it.
  const baseline = round(geometry.fontSize * 0.35);
  return dx > 0
    ? { anchor: 'start', labelDx: offset, labelDy: baseline }
    : { anchor: 'end', labelDx: -offset, labelDy: baseline };
}

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The marker's and the name's rough extent, as drawn. */
export function personBoxes(item: PlacedPerson, geometry: CircleGeometry): [Box, Box] {
  const r = geometry.markerRadius + 1;
  const marker = { left: item.x - r, right: item.x + r, top: item.y - r, bottom: item.y + r };
  const width = estimateTextWidth(item.label, geometry.fontSize);
  const x = item.x + item.labelDx;
  const left = item.anchor === 'start' ? x : item.anchor === 'end' ? x - width : x - width / 2;
  const baseline = item.y + item.labelDy;
  const label = {
    left,
    right: left + width,
    top: baseline - geometry.fontSize * 0.8,
    bottom: baseline + geometry.fontSize * 0.25,
  };
  return [marker, label];
}

export function overlapArea(a: Box, b: Box): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return width > 0 && height > 0 ? width * height : 0;
}

function outsideArea(box: Box, geometry: CircleGeometry): number {
  const inside = overlapArea(box, { left: 0, right: geometry.width, top: 0, bottom: geometry.height });
  return (box.right - box.left) * (box.bottom - box.top) - inside;
}

// How many evenly spaced rotations of each ring are tried, within one gap between neighbours.
const ROTATIONS = 8;

function placeRing(
  members: readonly CirclePerson[],
  ring: Ring,
  phase: number,
  geometry: CircleGeometry,
): PlacedPerson[] {
  const radius = geometry.ringRadii[ring - 1];
  const gap = geometry.ringGaps[ring - 1];
  // Everyone goes on the arc that leaves the ring label at the bottom (90°) uncovered.
  const start = 90 + gap;
  const span = 360 - 2 * gap;
  return members.map((person, index) => {
    const fraction = ((index + 0.5 + phase) / members.length) % 1;
    const angle = (start + fraction * span) % 360;
    const radians = (angle * Math.PI) / 180;
    return {
      person,
      x: round(geometry.cx + Math.cos(radians) * radius),
      y: round(geometry.cy + Math.sin(radians) * radius),
      angle: round(angle),
      label: truncateLabel(person.name, geometry.maxLabelChars),
      ...labelPosition(angle, radius, geometry),
    };
  });
}

/**
 * Places everyone on their ring, in a stable order, spread evenly round the ring. Each ring is
 * turned, by less than the space between two neighbours, to whichever of a few fixed positions
 * lets its names and markers overlap least with each other and with the rings inside it.
 */
export function layoutCircle(people: readonly CirclePerson[], size: number): CircleLayout {
  const geometry = circleGeometry(size, people);
  const sorted = [...people].sort(comparePeople);
  const byRing: Record<Ring, CirclePerson[]> = { 1: [], 2: [], 3: [] };
  for (const person of sorted) byRing[clampRing(person.ring)].push(person);

  const placed: PlacedPerson[] = [];
  // The ring labels sit in each ring's own gap, but a neighbouring ring's names can reach them.
  const taken: Box[] = geometry.ringRadii.map((radius, index) => {
    const half = estimateTextWidth(RING_LABELS[(index + 1) as Ring], RING_LABEL_FONT_SIZE) / 2;
    const y = geometry.cy + radius;
    return {
      left: geometry.cx - half,
      right: geometry.cx + half,
      top: y - RING_LABEL_FONT_SIZE * 0.6,
      bottom: y + RING_LABEL_FONT_SIZE * 0.6,
    };
  });
  for (const ring of [1, 2, 3] as const) {
    const members = byRing[ring];
    if (members.length === 0) continue;
    let best: { items: PlacedPerson[]; boxes: Box[][]; cost: number } | null = null;
    for (let turn = 0; turn < ROTATIONS; turn += 1) {
      const items = placeRing(members, ring, RING_PHASE[ring] + turn / ROTATIONS, geometry);
      const boxes = items.map((item) => personBoxes(item, geometry));
      let cost = 0;
      boxes.forEach((own, index) => {
        for (const box of own) {
          cost += outsideArea(box, geometry) * 4;
          for (const other of taken) cost += overlapArea(box, other);
          for (const others of boxes.slice(index + 1)) {
            for (const other of others) cost += overlapArea(box, other);
          }
        }
      });
      // Strictly less, so the unturned position wins ties and simple cases stay predictable.
      if (!best || cost < best.cost - 0.01) best = { items, boxes, cost };
    }
    if (!best) continue;
    placed.push(...best.items);
    taken.push(...best.boxes.flat());
  }
  return { geometry, placed };
}

/**
 * The ring nearest to a point, for a drop. Half-way between two rings counts as the inner one;
 * the centre disc belongs to ring 1 and anything beyond the outer ring to ring 3.
 */
export function ringFromPoint(
  x: number,
  y: number,
  centre: Point,
  ringRadii: readonly [number, number, number],
): Ring {
  const distance = Math.hypot(x - centre.x, y - centre.y);
  const [inner, middle, outer] = ringRadii;
  if (distance <= (inner + middle) / 2) return 1;
  if (distance <= (middle + outer) / 2) return 2;
  return 3;
}

/** One ring closer (negative direction) or further (positive), never past ring 1 or 3. */
export function nextRing(ring: Ring, direction: number): Ring {
  const step = Math.sign(direction);
  return clampRing(ring + step);
}

/** Where the centre's own label goes: the client's name, shortened to fit roughly in the disc. */
export function centreLabel(text: string): string {
  return truncateLabel(text, 12);
}
