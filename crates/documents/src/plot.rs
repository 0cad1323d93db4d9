//! The core's chart models as drawings: a progress chart (one instrument over a course) and a
//! track chart (goal ratings, social contacts) both become one [`Plot`], which
//! `templates/charts.typ` draws with typst's shapes. Positions are fractions of the plotting
//! area (x from the left, y from the bottom), worked out the way the app's `axes.ts` does, so
//! the printed chart shows what the app shows.

use crate::date::long_date;
use crate::words;
use rapport_core::{Chart, ChartMarker, MarkerKind, figure_text};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Tick {
    pub at: f64,
    pub label: String,
}

/// A severity band, shaded across the chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PlotBand {
    pub from: f64,
    pub to: f64,
    pub label: String,
    pub level: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PlotPoint {
    pub x: f64,
    pub y: f64,
    /// The value written beside the point, on charts with one line.
    pub label: Option<String>,
    /// An answer raised a risk flag.
    pub flagged: bool,
    /// A correction, shown in place of the form it corrects.
    pub corrected: bool,
}

/// One line: a style (colour, dash and mark shape together, so lines differ in greyscale)
/// and its points, left to right.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PlotLine {
    pub style: usize,
    pub points: Vec<PlotPoint>,
}

/// A vertical line across the chart: a phase boundary, a renegotiation, a life event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PlotMarker {
    pub x: f64,
    pub kind: &'static str,
}

/// The numbers at the top of the markers that share one place ("1, 2").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct MarkerLabel {
    pub x: f64,
    pub text: String,
}

/// One entry of the key beneath a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct LegendEntry {
    /// "line" (a line's style), "flagged", "corrected" or a marker kind.
    pub mark: &'static str,
    pub style: usize,
    pub label: String,
}

/// A chart as the template draws it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Plot {
    pub title: String,
    /// Up the side.
    pub y_label: String,
    /// Along the bottom.
    pub x_label: &'static str,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    pub bands: Vec<PlotBand>,
    pub lines: Vec<PlotLine>,
    pub markers: Vec<PlotMarker>,
    pub marker_labels: Vec<MarkerLabel>,
    /// The markers in words, numbered as on the chart.
    pub marker_notes: Vec<String>,
    pub legend: Vec<LegendEntry>,
    /// What the shading or the axis means, in a sentence.
    pub note: Option<String>,
}

/// Where `value` falls up an axis from `min` to `max`, as a fraction.
fn up(value: f64, min: f64, max: f64) -> f64 {
    let span = if max > min { max - min } else { 1.0 };
    ((value - min) / span).clamp(0.0, 1.0)
}

/// Where a place on the session axis falls across the chart: the app's `axes.ts`, session
/// `n` at `(n − ½) / last`.
fn across(at: f64, last_session: f64) -> f64 {
    let last = if last_session > 0.0 { last_session } else { 1.0 };
    ((at - 0.5) / last).clamp(0.0, 1.0)
}

/// The session numbers along the axis: every one up to 16, else every other (as the app).
fn session_ticks(last_session: f64) -> Vec<Tick> {
    let last = last_session.floor().max(1.0) as i64;
    (1..=last)
        .filter(|n| last <= 16 || n % 2 == 1)
        .map(|n| Tick { at: across(n as f64, last_session), label: n.to_string() })
        .collect()
}

/// Markers, numbered left to right; markers at (nearly) one place share one label.
fn markers(
    markers: &[ChartMarker],
    last_session: f64,
) -> (Vec<PlotMarker>, Vec<MarkerLabel>, Vec<String>) {
    let mut sorted: Vec<&ChartMarker> = markers.iter().collect();
    sorted.sort_by(|a, b| a.x_session.total_cmp(&b.x_session));
    let mut lines = Vec::new();
    let mut labels: Vec<MarkerLabel> = Vec::new();
    let mut notes = Vec::new();
    for (i, m) in sorted.iter().enumerate() {
        let number = i + 1;
        let x = across(m.x_session, last_session);
        lines.push(PlotMarker { x, kind: words::marker_kind(m.kind) });
        match labels.last_mut() {
            Some(last) if (last.x - x).abs() < 0.02 => last.text.push_str(&format!(", {number}")),
            _ => labels.push(MarkerLabel { x, text: number.to_string() }),
        }
        let what = match m.kind {
            MarkerKind::Phase => format!("{} begins", m.label),
            MarkerKind::Renegotiation | MarkerKind::LifeEvent => crate::frame::text(&m.label),
        };
        notes.push(match &m.on {
            Some(on) => format!("{number}. {what}, {}", long_date(on)),
            None => format!("{number}. {what}"),
        });
    }
    (lines, labels, notes)
}

fn marker_legend(markers: &[PlotMarker]) -> Vec<LegendEntry> {
    let mut out = Vec::new();
    for (kind, label) in [
        ("phase", "Phase of the course"),
        ("renegotiation", "Plan renegotiated"),
        ("life_event", "Life event"),
    ] {
        if markers.iter().any(|m| m.kind == kind) {
            out.push(LegendEntry { mark: kind, style: 0, label: label.into() });
        }
    }
    out
}

/// One instrument over a course, as the app's progress chart draws it: the severity bands
/// shaded (each edge half a point beyond its whole-number limit, so the bands meet), the
/// scores joined by a line, flagged scores marked, corrected forms shown once as their
/// correction, and the markers.
pub(crate) fn progress_plot(chart: &Chart) -> Plot {
    let (min, max) = (chart.y_min as f64, chart.y_max as f64);
    let whole = chart.decimals != 2;
    let y = |v: f64| up(v, min, max);
    let bands = chart
        .bands
        .iter()
        .map(|b| {
            let (from, to) = if whole {
                ((b.from as f64 - 0.5).max(min), (b.to as f64 + 0.5).min(max))
            } else {
                (b.from as f64, b.to as f64)
            };
            PlotBand { from: y(from), to: y(to), label: b.label.clone(), level: b.level }
        })
        .collect();
    let points: Vec<PlotPoint> = chart
        .points
        .iter()
        .map(|p| PlotPoint {
            x: across(p.x_session, chart.last_session),
            y: y(p.value as f64),
            label: Some(p.value_text.clone()),
            flagged: p.flagged,
            corrected: p.corrects.is_some(),
        })
        .collect();
    let (marker_lines, marker_labels, marker_notes) = markers(&chart.markers, chart.last_session);
    let mut legend = Vec::new();
    if points.iter().any(|p| p.flagged) {
        legend.push(LegendEntry {
            mark: "flagged",
            style: 0,
            label: "An answer raised a risk flag".into(),
        });
    }
    if points.iter().any(|p| p.corrected) {
        legend.push(LegendEntry {
            mark: "corrected",
            style: 0,
            label: "Corrected form, shown in place of the one it corrects".into(),
        });
    }
    legend.extend(marker_legend(&marker_lines));
    Plot {
        title: chart.title.clone(),
        y_label: chart.title.split(':').next().unwrap_or(&chart.title).trim().to_string(),
        x_label: "Session",
        y_ticks: chart
            .y_ticks
            .iter()
            .map(|t| Tick { at: y(*t as f64), label: figure_text(*t, chart.decimals) })
            .collect(),
        x_ticks: session_ticks(chart.last_session),
        bands,
        lines: vec![PlotLine { style: 0, points }],
        markers: marker_lines,
        marker_labels,
        marker_notes,
        legend,
        note: Some(format!("Lower is better. Shaded: {}.", chart.bands_rule.trim_end_matches('.'))),
    }
}

/// The core's track chart (goal ratings or social contacts), read through its serialised
/// form: the same fields the app's bindings carry.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TrackChartModel {
    pub kind: String,
    pub title: String,
    pub unit: String,
    pub y_min: i64,
    pub y_max: i64,
    pub y_ticks: Vec<i64>,
    pub tracks: Vec<TrackModel>,
    pub markers: Vec<ChartMarker>,
    pub last_session: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TrackModel {
    pub label: String,
    pub points: Vec<TrackPointModel>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct TrackPointModel {
    pub x_session: f64,
    pub value: i64,
}

/// Goal ratings (a line per goal, with a key) or social contacts per week: each line has its
/// own colour, dash and mark shape.
pub(crate) fn track_plot(chart: &TrackChartModel) -> Plot {
    let (min, max) = (chart.y_min as f64, chart.y_max as f64);
    let single = chart.tracks.len() == 1;
    let lines: Vec<PlotLine> = chart
        .tracks
        .iter()
        .enumerate()
        .map(|(i, t)| PlotLine {
            style: i,
            points: t
                .points
                .iter()
                .map(|p| PlotPoint {
                    x: across(p.x_session, chart.last_session),
                    y: up(p.value as f64, min, max),
                    label: single.then(|| p.value.to_string()),
                    flagged: false,
                    corrected: false,
                })
                .collect(),
        })
        .collect();
    let goals = chart.kind == "goal_ratings";
    let (marker_lines, marker_labels, marker_notes) = markers(&chart.markers, chart.last_session);
    let mut legend: Vec<LegendEntry> = if goals || !single {
        chart
            .tracks
            .iter()
            .enumerate()
            .map(|(i, t)| LegendEntry {
                mark: "line",
                style: i,
                label: crate::frame::text(&t.label),
            })
            .collect()
    } else {
        Vec::new()
    };
    legend.extend(marker_legend(&marker_lines));
    let y_label = if goals { "Rating".to_string() } else { capitalised(&chart.unit) };
    Plot {
        title: chart.title.clone(),
        y_label,
        x_label: "Session",
        y_ticks: chart
            .y_ticks
            .iter()
            .map(|t| Tick { at: up(*t as f64, min, max), label: t.to_string() })
            .collect(),
        x_ticks: session_ticks(chart.last_session),
        bands: Vec::new(),
        lines,
        markers: marker_lines,
        marker_labels,
        marker_notes,
        legend,
        note: Some(if goals {
            "Higher is better: 0 no progress, 10 the goal reached.".into()
        } else {
            "Contacts in each week; more is the aim.".into()
        }),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
