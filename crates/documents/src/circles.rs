//! Two closeness circles side by side (for example at intake and at conclusion), each with
//! its label and date beneath, and how the circle changed between them in words.

use crate::circle::{CircleDrawing, LegendMark, circle};
use crate::date::long_date;
use crate::error::Result;
use crate::frame::{Frame, FrameData, text};
use crate::words;
use crate::world::Template;
use crate::{Typeset, typeset};
use rapport_core::{CircleChange, CircleChangeKind, Snapshot, SnapshotComparison};
use serde::Serialize;

/// The document's name, as errors and the header give it.
pub const CIRCLES: &str = "closeness circles";

#[derive(Serialize)]
struct Side {
    caption: String,
    date: String,
    drawing: CircleDrawing,
}

#[derive(Serialize)]
struct Change {
    name: String,
    what: String,
}

#[derive(Serialize)]
struct Data {
    frame: FrameData,
    subtitle: String,
    before: Side,
    after: Side,
    legend: Vec<LegendMark>,
    changes: Vec<Change>,
    unchanged: Option<String>,
}

fn side(snapshot: &Snapshot, fallback: &str, centre: &str) -> Side {
    Side {
        caption: snapshot
            .label
            .as_deref()
            .and_then(crate::frame::opt_text)
            .unwrap_or_else(|| fallback.into()),
        date: long_date(&snapshot.taken_on),
        drawing: circle(snapshot, centre),
    }
}

fn ring(ring: Option<i64>) -> String {
    ring.map_or_else(|| "?".into(), |r| r.to_string())
}

/// One change in words, as the app puts it ("Moved closer: ring 3 → 2").
fn change_words(c: &CircleChange) -> Option<String> {
    let label = words::circle_change(c.kind);
    Some(match c.kind {
        CircleChangeKind::Closer | CircleChangeKind::Further => {
            format!("{label}: ring {} \u{2192} {}", ring(c.from_ring), ring(c.to_ring))
        }
        CircleChangeKind::Added => format!("{label} on ring {}", ring(c.to_ring)),
        CircleChangeKind::Removed => format!("{label} (was ring {})", ring(c.from_ring)),
        CircleChangeKind::Unchanged => return None,
    })
}

/// The two snapshots of `comparison` side by side with the changes between them. `centre`
/// is what the middle of each circle says: the client's first name, or "You" for a document
/// the client keeps.
pub fn circle_comparison(
    frame: &Frame,
    comparison: &SnapshotComparison,
    centre: &str,
) -> Result<Typeset> {
    let day = frame.day(CIRCLES)?;
    let before = side(&comparison.before, "Before", centre);
    let after = side(&comparison.after, "After", centre);
    let mut legend = before.drawing.legend.clone();
    for mark in &after.drawing.legend {
        if !legend.iter().any(|m| m.label == mark.label) {
            legend.push(mark.clone());
        }
    }
    let changes: Vec<Change> = comparison
        .changes
        .iter()
        .filter_map(|c| change_words(c).map(|what| Change { name: text(&c.name), what }))
        .collect();
    let unchanged =
        comparison.changes.iter().filter(|c| c.kind == CircleChangeKind::Unchanged).count();
    let data = Data {
        frame: frame.data("Closeness circle", day),
        subtitle: text(&frame.client_name),
        before,
        after,
        legend,
        changes,
        unchanged: (unchanged > 0)
            .then(|| format!("{} unchanged.", words::count(unchanged as i64, "person", "people"))),
    };
    typeset(CIRCLES, Template::Circles, day, &data)
}
