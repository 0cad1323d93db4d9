//! The closeness circle of a snapshot, laid out the way the app's `lib/circle/layout.ts` lays
//! it out: the client in the centre, three rings (1 closest), everyone on their ring in a
//! stable order, spread evenly round it with the ring's label left clear at the bottom, and
//! each ring turned to whichever of a few fixed positions lets names and marks overlap least.
//! Each relationship has its own mark shape as well as its colour, so the circle reads in
//! greyscale; someone who has died has a paler mark with a dark outline and a dagger after the
//! name.
//! `templates/charts.typ` draws the result; units here are the drawing's own, scaled to the
//! space it gets on the page.

use crate::words;
use rapport_core::{RelationshipType, Snapshot};
use serde::Serialize;

const HEIGHT: f64 = 300.0;
/// Wider than tall: names beside the outer ring need room.
const WIDTH_RATIO: f64 = 1.5;
const CENTRE_RATIO: f64 = 0.11;
const RING_RATIOS: [f64; 3] = [0.19, 0.29, 0.4];
const RING_LABELS: [&str; 3] = ["1 Closest", "2", "3"];
const RING_LABEL_FONT: f64 = 11.0;
// Beyond these counts names beside one another start to touch at the normal size.
const CROWDED_TOTAL: usize = 12;
const CROWDED_PER_RING: usize = 8;
// Starting each ring at a different fraction of its own spacing keeps people on neighbouring
// rings off the same spoke.
const RING_PHASE: [f64; 3] = [0.0, 1.0 / 3.0, 2.0 / 3.0];
const ROTATIONS: usize = 8;
const DAGGER: &str = "\u{2020}";

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
struct Geometry {
    width: f64,
    height: f64,
    cx: f64,
    cy: f64,
    centre_radius: f64,
    rings: [f64; 3],
    marker_radius: f64,
    /// The names' type size, in the drawing's units.
    font: f64,
    ring_font: f64,
    max_label_chars: usize,
    gaps: [f64; 3],
}

/// One person as the drawing shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PlacedPerson {
    pub x: f64,
    pub y: f64,
    /// The name as drawn (shortened if long, with † for someone who has died).
    pub label: String,
    /// Where the name's anchor point is, and which side of it the name sits: "left" (the
    /// name starts there), "right" (it ends there), "above" or "below" (centred).
    pub label_x: f64,
    pub label_y: f64,
    pub anchor: &'static str,
    pub colour: &'static str,
    /// The mark's outline, around the person's point; empty for a circle.
    pub shape: Vec<[f64; 2]>,
    pub deceased: bool,
    pub ring: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct LegendMark {
    pub colour: &'static str,
    pub shape: Vec<[f64; 2]>,
    pub label: String,
    pub deceased: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct RingLabel {
    pub y: f64,
    pub text: &'static str,
}

/// A closeness circle as the template draws it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct CircleDrawing {
    #[serde(flatten)]
    geometry: Geometry,
    pub centre_label: String,
    pub ring_labels: Vec<RingLabel>,
    pub people: Vec<PlacedPerson>,
    pub legend: Vec<LegendMark>,
    /// Each ring in words, for reading without the drawing ("Ring 1 (closest): Ann, Bo").
    pub rings_in_words: Vec<String>,
}

fn estimate_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * font * 0.6
}

fn truncate(text: &str, max_chars: usize) -> String {
    let tidy = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = tidy.chars().collect();
    if chars.len() <= max_chars {
        return tidy;
    }
    if max_chars <= 1 {
        return "\u{2026}".into();
    }
    let mut cut: String = chars[..max_chars - 1].iter().collect();
    cut.truncate(cut.trim_end().len());
    cut.push('\u{2026}');
    cut
}

fn clamp_ring(ring: i64) -> usize {
    ring.clamp(1, 3) as usize
}

fn geometry(people: &[&SnapshotPersonView]) -> Geometry {
    let mut per_ring = [0usize; 3];
    for p in people {
        per_ring[clamp_ring(p.ring) - 1] += 1;
    }
    let crowded = people.len() > CROWDED_TOTAL || per_ring.iter().any(|n| *n > CROWDED_PER_RING);
    let width = HEIGHT * WIDTH_RATIO;
    let marker_radius = if crowded { 6.0 } else { 7.0 };
    let rings = RING_RATIOS.map(|r| HEIGHT * r);
    let gaps = [0, 1, 2].map(|i| {
        let half = estimate_width(RING_LABELS[i], RING_LABEL_FONT) / 2.0 + marker_radius + 8.0;
        let ratio = (half / rings[i]).min(0.9);
        ratio.asin().to_degrees().max(8.0)
    });
    Geometry {
        width,
        height: HEIGHT,
        cx: width / 2.0,
        cy: HEIGHT / 2.0,
        centre_radius: HEIGHT * CENTRE_RATIO,
        rings,
        marker_radius,
        font: if crowded { 13.0 } else { 15.0 },
        ring_font: RING_LABEL_FONT,
        max_label_chars: if crowded { 11 } else { 14 },
        gaps,
    }
}

#[derive(Debug, Clone, Copy)]
struct Box2 {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn overlap(a: &Box2, b: &Box2) -> f64 {
    let w = a.right.min(b.right) - a.left.max(b.left);
    let h = a.bottom.min(b.bottom) - a.top.max(b.top);
    if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
}

fn outside(b: &Box2, g: &Geometry) -> f64 {
    let inside = overlap(b, &Box2 { left: 0.0, right: g.width, top: 0.0, bottom: g.height });
    (b.right - b.left) * (b.bottom - b.top) - inside
}

/// The mark's and the name's rough extent, as drawn.
fn boxes(p: &PlacedPerson, g: &Geometry) -> [Box2; 2] {
    let r = g.marker_radius + 1.0;
    let mark = Box2 { left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r };
    let w = estimate_width(&p.label, g.font);
    let h = g.font * 1.1;
    let label = match p.anchor {
        "left" => Box2 {
            left: p.label_x,
            right: p.label_x + w,
            top: p.label_y - h / 2.0,
            bottom: p.label_y + h / 2.0,
        },
        "right" => Box2 {
            left: p.label_x - w,
            right: p.label_x,
            top: p.label_y - h / 2.0,
            bottom: p.label_y + h / 2.0,
        },
        "above" => Box2 {
            left: p.label_x - w / 2.0,
            right: p.label_x + w / 2.0,
            top: p.label_y - h,
            bottom: p.label_y,
        },
        _ => Box2 {
            left: p.label_x - w / 2.0,
            right: p.label_x + w / 2.0,
            top: p.label_y,
            bottom: p.label_y + h,
        },
    };
    [mark, label]
}

/// What the layout needs of a person in a snapshot.
#[derive(Debug, Clone)]
struct SnapshotPersonView {
    id: i64,
    name: String,
    relationship: RelationshipType,
    ring: i64,
    deceased: bool,
}

fn place_ring(
    members: &[&SnapshotPersonView],
    ring: usize,
    phase: f64,
    g: &Geometry,
) -> Vec<PlacedPerson> {
    let radius = g.rings[ring - 1];
    let gap = g.gaps[ring - 1];
    let start = 90.0 + gap;
    let span = 360.0 - 2.0 * gap;
    let n = members.len() as f64;
    members
        .iter()
        .enumerate()
        .map(|(index, person)| {
            let fraction = ((index as f64 + 0.5 + phase) / n) % 1.0;
            let angle = (start + fraction * span) % 360.0;
            let (sin, cos) = angle.to_radians().sin_cos();
            let x = g.cx + cos * radius;
            let y = g.cy + sin * radius;
            let offset = g.marker_radius + 6.0;
            let dx = cos * radius;
            let (label_x, label_y, anchor) = if dx.abs() < g.marker_radius.max(radius * 0.12) {
                if sin < 0.0 { (x, y - offset, "above") } else { (x, y + offset, "below") }
            } else if dx > 0.0 {
                (x + offset, y, "left")
            } else {
                (x - offset, y, "right")
            };
            let name = truncate(&person.name, g.max_label_chars);
            PlacedPerson {
                x,
                y,
                label: if person.deceased { format!("{name} {DAGGER}") } else { name },
                label_x,
                label_y,
                anchor,
                colour: colour(person.relationship),
                shape: shape(person.relationship, g.marker_radius),
                deceased: person.deceased,
                ring: ring as i64,
            }
        })
        .collect()
}

fn compare(a: &SnapshotPersonView, b: &SnapshotPersonView) -> std::cmp::Ordering {
    clamp_ring(a.ring)
        .cmp(&clamp_ring(b.ring))
        .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.id.cmp(&b.id))
}

/// Lays out `snapshot` around `centre` (the client's first name, or "You" on a document for
/// the client).
pub(crate) fn circle(snapshot: &Snapshot, centre: &str) -> CircleDrawing {
    let people: Vec<SnapshotPersonView> = snapshot
        .people
        .iter()
        .map(|p| SnapshotPersonView {
            id: p.person_id.0,
            name: crate::frame::text(&p.name),
            relationship: p.relationship_type,
            ring: p.ring,
            deceased: p.deceased,
        })
        .collect();
    let mut sorted: Vec<&SnapshotPersonView> = people.iter().collect();
    sorted.sort_by(|a, b| compare(a, b));
    let g = geometry(&sorted);

    // The ring labels sit in each ring's gap; a neighbouring ring's names can still reach them.
    let mut taken: Vec<Box2> = (0..3)
        .map(|i| {
            let half = estimate_width(RING_LABELS[i], RING_LABEL_FONT) / 2.0;
            let y = g.cy + g.rings[i];
            Box2 {
                left: g.cx - half,
                right: g.cx + half,
                top: y - RING_LABEL_FONT * 0.6,
                bottom: y + RING_LABEL_FONT * 0.6,
            }
        })
        .collect();
    let mut placed = Vec::new();
    for ring in 1..=3 {
        let members: Vec<&SnapshotPersonView> =
            sorted.iter().copied().filter(|p| clamp_ring(p.ring) == ring).collect();
        if members.is_empty() {
            continue;
        }
        let mut best: Option<(Vec<PlacedPerson>, Vec<Box2>, f64)> = None;
        for turn in 0..ROTATIONS {
            let phase = RING_PHASE[ring - 1] + turn as f64 / ROTATIONS as f64;
            let items = place_ring(&members, ring, phase, &g);
            let item_boxes: Vec<[Box2; 2]> = items.iter().map(|p| boxes(p, &g)).collect();
            let mut cost = 0.0;
            for (index, own) in item_boxes.iter().enumerate() {
                for b in own {
                    cost += outside(b, &g) * 4.0;
                    cost += taken.iter().map(|t| overlap(b, t)).sum::<f64>();
                    for others in &item_boxes[index + 1..] {
                        cost += others.iter().map(|o| overlap(b, o)).sum::<f64>();
                    }
                }
            }
            // Strictly less, so the unturned position wins ties.
            if best.as_ref().is_none_or(|(_, _, c)| cost < c - 0.01) {
                best = Some((items, item_boxes.into_iter().flatten().collect(), cost));
            }
        }
        if let Some((items, item_boxes, _)) = best {
            placed.extend(items);
            taken.extend(item_boxes);
        }
    }

    let order = [
        RelationshipType::Partner,
        RelationshipType::Parent,
        RelationshipType::Child,
        RelationshipType::Sibling,
        RelationshipType::Friend,
        RelationshipType::Colleague,
        RelationshipType::ExPartner,
        RelationshipType::Other,
    ];
    let mut legend: Vec<LegendMark> = order
        .into_iter()
        .filter(|t| people.iter().any(|p| p.relationship == *t))
        .map(|t| LegendMark {
            colour: colour(t),
            shape: shape(t, 5.0),
            label: words::relationship(t).into(),
            deceased: false,
        })
        .collect();
    if people.iter().any(|p| p.deceased) {
        legend.push(LegendMark {
            colour: "#8a939c",
            shape: Vec::new(),
            label: format!("{DAGGER} Has died (pale mark, dark outline)"),
            deceased: true,
        });
    }
    let rings_in_words = (1..=3)
        .map(|ring| {
            let names: Vec<String> = sorted
                .iter()
                .filter(|p| clamp_ring(p.ring) == ring)
                .map(|p| {
                    let what = words::relationship(p.relationship).to_lowercase();
                    if p.deceased {
                        format!("{} ({what}, has died)", p.name)
                    } else {
                        format!("{} ({what})", p.name)
                    }
                })
                .collect();
            let head =
                if ring == 1 { "Ring 1 (closest)".to_string() } else { format!("Ring {ring}") };
            if names.is_empty() {
                format!("{head}: no one")
            } else {
                format!("{head}: {}", names.join(", "))
            }
        })
        .collect();
    CircleDrawing {
        geometry: g,
        centre_label: truncate(centre, 12),
        ring_labels: (0..3)
            .map(|i| RingLabel { y: g.cy + g.rings[i] + 2.0, text: RING_LABELS[i] })
            .collect(),
        people: placed,
        legend,
        rings_in_words,
    }
}

fn colour(kind: RelationshipType) -> &'static str {
    match kind {
        RelationshipType::Partner => "#c4501b",
        RelationshipType::Parent => "#1f6cab",
        RelationshipType::Child => "#17845a",
        RelationshipType::Sibling => "#a8437e",
        RelationshipType::Friend => "#9a6c00",
        RelationshipType::Colleague => "#5b52b8",
        RelationshipType::ExPartner => "#855538",
        RelationshipType::Other => "#5b7420",
    }
}

fn regular(sides: usize, radius: f64, start: f64) -> Vec<[f64; 2]> {
    (0..sides)
        .map(|i| {
            let (sin, cos) = (start + i as f64 * 360.0 / sides as f64).to_radians().sin_cos();
            [cos * radius, sin * radius]
        })
        .collect()
}

fn plus(r: f64) -> Vec<[f64; 2]> {
    let arm = r * 0.4;
    let reach = r * 1.15;
    vec![
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
    ]
}

/// Each relationship's mark, as the app's `markers.ts` draws it (sized to look equally
/// heavy), as an outline around (0, 0); a circle is the empty outline.
fn shape(kind: RelationshipType, r: f64) -> Vec<[f64; 2]> {
    match kind {
        RelationshipType::Partner => Vec::new(),
        RelationshipType::Parent => {
            let h = r * 0.88;
            vec![[-h, -h], [h, -h], [h, h], [-h, h]]
        }
        RelationshipType::Child => {
            regular(3, r * 1.3, -90.0).into_iter().map(|[x, y]| [x, y + r * 0.15]).collect()
        }
        RelationshipType::Sibling => regular(4, r * 1.25, -90.0),
        RelationshipType::Friend => {
            let outer = regular(5, r * 1.35, -90.0);
            let inner = regular(5, r * 0.6, -54.0);
            outer.into_iter().zip(inner).flat_map(|(o, i)| [o, i]).collect()
        }
        RelationshipType::Colleague => regular(6, r * 1.08, 0.0),
        RelationshipType::ExPartner => {
            regular(3, r * 1.3, 90.0).into_iter().map(|[x, y]| [x, y - r * 0.15]).collect()
        }
        RelationshipType::Other => plus(r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::{PersonId, SnapshotId};

    fn snapshot(people: &[(&str, RelationshipType, i64, bool)]) -> Snapshot {
        let json = serde_json::json!({
            "id": 1,
            "taken_on": "2026-03-02",
            "label": "Intake",
            "people": people.iter().enumerate().map(|(i, (name, kind, ring, deceased))| {
                serde_json::json!({
                    "person_id": i + 1,
                    "name": name,
                    "relationship_type": kind,
                    "ring": ring,
                    "deceased": deceased,
                })
            }).collect::<Vec<_>>(),
        });
        let s: Snapshot = serde_json::from_value(json).expect("a snapshot");
        assert_eq!(s.id, SnapshotId(1));
        assert_eq!(s.people[0].person_id, PersonId(1));
        s
    }

    #[test]
    fn everyone_is_on_their_ring_and_inside_the_drawing() {
        let s = snapshot(&[
            ("Gus", RelationshipType::Partner, 1, false),
            ("Nell", RelationshipType::Parent, 2, false),
            ("Alex", RelationshipType::Sibling, 2, false),
            ("Bea", RelationshipType::ExPartner, 3, false),
            ("Hope", RelationshipType::Friend, 3, false),
            ("Ola", RelationshipType::Colleague, 3, false),
            ("Grandad Joe", RelationshipType::Other, 1, true),
        ]);
        let c = circle(&s, "Ros");
        assert_eq!(c.people.len(), 7);
        let g = c.geometry;
        for p in &c.people {
            let distance = ((p.x - g.cx).powi(2) + (p.y - g.cy).powi(2)).sqrt();
            assert!((distance - g.rings[p.ring as usize - 1]).abs() < 0.01, "{p:?}");
            for b in boxes(p, &g) {
                assert!(outside(&b, &g) < 1.0, "{p:?} reaches outside the drawing");
            }
        }
        let joe = c.people.iter().find(|p| p.label.starts_with("Grandad")).expect("Joe");
        assert!(joe.deceased && joe.label.ends_with(DAGGER));
        // No two names overlap.
        for (i, a) in c.people.iter().enumerate() {
            for b in &c.people[i + 1..] {
                assert!(overlap(&boxes(a, &g)[1], &boxes(b, &g)[1]) < 1.0, "{a:?} {b:?}");
            }
        }
        assert_eq!(
            c.rings_in_words[0],
            "Ring 1 (closest): Grandad Joe (other, has died), Gus (partner)"
        );
    }

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(truncate("Bartholomew Fitzgerald-Smythe", 14), "Bartholomew F\u{2026}");
        assert_eq!(truncate("  Ann   Lee ", 16), "Ann Lee");
    }
}
