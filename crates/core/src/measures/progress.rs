//! A course's measures as the progress view and the printed summary show them: for each
//! instrument, one chart model (points, severity bands, markers, axes) and the outcome from
//! baseline to latest. The app's chart and the printed chart are both drawn from this model.
//!
//! Only complete administrations are charted and enter outcomes; a corrected administration
//! is replaced by its correction, so each form shows once.

use super::definition::Instrument;
use super::given::{Administration, AdministrationStatus};
use super::outcome::{Outcome, outcome};
use super::score::figure_text;
use crate::ids::{AdministrationId, CourseId, SessionId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// A session of the course, as the chart places things by session number.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionAt {
    pub id: SessionId,
    pub number: Option<i64>,
    pub held_on: String,
}

/// Something dated to mark on the chart (a renegotiation, a life event).
#[derive(Debug, Clone, PartialEq)]
pub struct Dated {
    pub kind: MarkerKind,
    pub on: String,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MarkerKind {
    /// A phase of the course begins.
    Phase,
    /// The planned number of sessions was renegotiated.
    Renegotiation,
    /// An event on the client's life-events timeline.
    LifeEvent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChartMarker {
    pub kind: MarkerKind,
    /// The day it happened (`YYYY-MM-DD`), or where a phase begins, the day of that session.
    pub on: Option<String>,
    /// Where it falls on the axis by session number.
    pub x_session: f64,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChartBand {
    #[ts(type = "number")]
    pub from: i64,
    #[ts(type = "number")]
    pub to: i64,
    pub label: String,
    pub level: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChartPoint {
    pub administration_id: AdministrationId,
    pub session_id: Option<SessionId>,
    #[ts(type = "number | null")]
    pub session_number: Option<i64>,
    /// Where it falls on the axis by session number: the session's number, or half a step
    /// after the last session before it when it was not given in a session.
    pub x_session: f64,
    pub given_on: String,
    /// In the instrument's units (hundredths when `decimals` is 2).
    #[ts(type = "number")]
    pub value: i64,
    pub value_text: String,
    pub band: Option<String>,
    pub band_level: Option<u8>,
    /// An answer raised a risk flag.
    pub flagged: bool,
    /// This point is a correction of an earlier administration (shown instead of it).
    pub corrects: Option<AdministrationId>,
}

/// One instrument over one course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Chart {
    pub instrument: Instrument,
    pub title: String,
    #[ts(type = "number")]
    pub y_min: i64,
    #[ts(type = "number")]
    pub y_max: i64,
    pub decimals: u8,
    /// Lower is better on every instrument charted here.
    pub bands: Vec<ChartBand>,
    pub bands_rule: String,
    /// Oldest first.
    pub points: Vec<ChartPoint>,
    /// The values ticked up the axis.
    #[ts(type = "Array<number>")]
    pub y_ticks: Vec<i64>,
    pub markers: Vec<ChartMarker>,
    /// The highest session number on the axis.
    pub last_session: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InstrumentProgress {
    pub instrument: Instrument,
    pub name: String,
    pub chart: Chart,
    /// Baseline (the first complete administration) against the latest; `None` until there
    /// are two.
    pub outcome: Option<Outcome>,
    /// Administrations left incomplete: kept, never charted.
    #[ts(type = "number")]
    pub incomplete: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CourseMeasures {
    pub course_id: CourseId,
    pub instruments: Vec<InstrumentProgress>,
    /// Goal ratings and social contacts over the course, where there are any.
    pub tracks: Vec<TrackChart>,
}

/// What the progress of one course needs.
pub struct CourseFacts<'a> {
    pub course_id: CourseId,
    /// The session the middle phase begins at, and the one the conclusion begins at, by the
    /// plan; `None` where the course has no such phase (maintenance).
    pub middle_from: Option<i64>,
    pub conclusion_from: Option<i64>,
    pub sessions: &'a [SessionAt],
    /// Renegotiations and life events within the course.
    pub dated: &'a [Dated],
}

/// Where a dated thing falls on the session axis: at a session that day, else half a step
/// after the last session before it.
fn x_of(sessions: &[SessionAt], on: &str, session: Option<SessionId>) -> (Option<i64>, f64) {
    if let Some(s) = session.and_then(|id| sessions.iter().find(|s| s.id == id))
        && let Some(n) = s.number
    {
        return (Some(n), n as f64);
    }
    if let Some(n) = sessions.iter().filter(|s| s.held_on.as_str() == on).find_map(|s| s.number) {
        return (None, n as f64);
    }
    let before = sessions
        .iter()
        .filter(|s| s.held_on.as_str() < on)
        .filter_map(|s| s.number)
        .max()
        .unwrap_or(0);
    (None, before as f64 + 0.5)
}

/// The highest session number on the axis (at least 1).
fn last_session_of(facts: &CourseFacts<'_>) -> f64 {
    facts.sessions.iter().filter_map(|s| s.number).max().unwrap_or(0).max(1) as f64
}

/// Phase boundaries by the plan, then renegotiations and life events, along the session axis.
fn markers_of(facts: &CourseFacts<'_>) -> Vec<ChartMarker> {
    let last_session = last_session_of(facts);
    let mut markers = Vec::new();
    // Phase boundaries by the plan.
    for (at, label) in
        [(facts.middle_from, "Middle phase"), (facts.conclusion_from, "Conclusion phase")]
    {
        let Some(at) = at else { continue };
        if at > 1 && (at as f64) <= last_session {
            let on =
                facts.sessions.iter().find(|s| s.number == Some(at)).map(|s| s.held_on.clone());
            markers.push(ChartMarker {
                kind: MarkerKind::Phase,
                on,
                x_session: at as f64 - 0.5,
                label: label.into(),
            });
        }
    }
    for d in facts.dated {
        let (_, x) = x_of(facts.sessions, &d.on, None);
        markers.push(ChartMarker {
            kind: d.kind,
            on: Some(d.on.clone()),
            x_session: x,
            label: d.label.clone(),
        });
    }
    markers.sort_by(|a, b| a.x_session.total_cmp(&b.x_session));
    markers
}

/// The progress of one course, per instrument given in it, in the definitions' order.
pub fn course_measures(
    facts: &CourseFacts<'_>,
    administrations: &[Administration],
) -> CourseMeasures {
    let last_session = last_session_of(facts);
    let markers = markers_of(facts);

    let mut out = Vec::new();
    for (instrument, counted, incomplete) in per_instrument(facts.course_id, administrations) {
        let def = instrument.definition();
        let points: Vec<ChartPoint> = counted
            .iter()
            .filter_map(|a| {
                let value = a.score.total?;
                let (session_number, x_session) = x_of(facts.sessions, &a.given_on, a.session_id);
                Some(ChartPoint {
                    administration_id: a.id,
                    session_id: a.session_id,
                    session_number,
                    x_session,
                    given_on: a.given_on.clone(),
                    value,
                    value_text: figure_text(value, def.decimals),
                    band: a.score.band.clone(),
                    band_level: a.score.band_level,
                    flagged: !a.score.flags.is_empty(),
                    corrects: a.corrects,
                })
            })
            .collect();
        out.push((instrument, points, incomplete));
    }
    let values: Vec<(Instrument, Vec<i64>)> =
        out.iter().map(|(i, points, _)| (*i, points.iter().map(|p| p.value).collect())).collect();
    let mut outcomes = outcomes_of(&values);
    let instruments = out
        .iter()
        .map(|(instrument, points, incomplete)| {
            let def = instrument.definition();
            let outcome = outcomes.remove(instrument);
            let last = points.iter().map(|p| p.x_session).fold(last_session, f64::max);
            InstrumentProgress {
                instrument: *instrument,
                name: def.name.into(),
                chart: Chart {
                    instrument: *instrument,
                    title: format!("{}: {}", def.name, def.measures.to_lowercase()),
                    y_min: def.total_range.0,
                    y_max: def.total_range.1,
                    decimals: def.decimals,
                    bands: def
                        .bands
                        .iter()
                        .map(|b| ChartBand {
                            from: b.from,
                            to: b.to,
                            label: b.label.into(),
                            level: b.level,
                        })
                        .collect(),
                    bands_rule: def.bands_rule.into(),
                    y_ticks: value_ticks(def.total_range.0, def.total_range.1, def.decimals),
                    points: points.clone(),
                    markers: markers.clone(),
                    last_session: last,
                },
                outcome,
                incomplete: *incomplete,
            }
        })
        .collect();
    CourseMeasures { course_id: facts.course_id, instruments, tracks: Vec::new() }
}

/// What a track chart follows: ratings and counts that are not instruments, where higher is
/// better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TrackKind {
    /// Each goal's 0–10 rating, one line per goal.
    GoalRatings,
    /// Social contacts per week (interpersonal deficits).
    SocialContacts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrackPoint {
    /// The day rated, or the week counted (by the day named for it).
    pub on: String,
    #[ts(type = "number | null")]
    pub session_number: Option<i64>,
    pub x_session: f64,
    #[ts(type = "number")]
    pub value: i64,
}

/// One line on a track chart: a goal, or the weekly contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Track {
    pub label: String,
    /// Oldest first.
    pub points: Vec<TrackPoint>,
}

/// Goal ratings or social contacts over one course, on the same axes as the instruments'
/// charts: by session number or by date, with the same markers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrackChart {
    pub kind: TrackKind,
    pub title: String,
    /// What one unit up the axis is ("rating", "contacts").
    pub unit: String,
    #[ts(type = "number")]
    pub y_min: i64,
    #[ts(type = "number")]
    pub y_max: i64,
    #[ts(type = "Array<number>")]
    pub y_ticks: Vec<i64>,
    pub tracks: Vec<Track>,
    pub markers: Vec<ChartMarker>,
    pub last_session: f64,
}

/// A dated series handed in by the record: its label and its `(day, value)` points.
pub struct Series {
    pub label: String,
    pub points: Vec<(String, i64)>,
}

/// The ticks up a value axis: a round step giving at most eight steps between `min` and
/// `max` (in the instrument's units, so hundredths step by whole points).
pub fn value_ticks(min: i64, max: i64, decimals: u8) -> Vec<i64> {
    let unit = if decimals == 2 { 100 } else { 1 };
    let span = (max - min).max(1);
    let step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000]
        .into_iter()
        .map(|s| s * unit)
        .find(|s| span / s <= 8)
        .unwrap_or(span);
    (0..).map(|k| min + k * step).take_while(|v| *v <= max).collect()
}

/// The top of a count axis: the largest count rounded up to a round number, at least 5.
fn count_axis_top(largest: i64) -> i64 {
    let largest = largest.max(5);
    [5, 10, 20, 30, 40, 50, 100, 150, 200].into_iter().find(|t| *t >= largest).unwrap_or(largest)
}

/// A chart of goal ratings (one track per goal) or of weekly social contacts over one course.
/// The series hold only points within the course; `None` when none has a point.
pub fn track_chart(
    kind: TrackKind,
    facts: &CourseFacts<'_>,
    series: Vec<Series>,
) -> Option<TrackChart> {
    let tracks: Vec<Track> = series
        .into_iter()
        .filter(|s| !s.points.is_empty())
        .map(|s| Track {
            label: s.label,
            points: s
                .points
                .into_iter()
                .map(|(on, value)| {
                    // Rated or counted on a session's day: that session.
                    let (_, x_session) = x_of(facts.sessions, &on, None);
                    let session_number = (x_session.fract() == 0.0).then_some(x_session as i64);
                    TrackPoint { on, session_number, x_session, value }
                })
                .collect(),
        })
        .collect();
    if tracks.is_empty() {
        return None;
    }
    let (title, unit, y_max) = match kind {
        TrackKind::GoalRatings => {
            let (_, top) = Instrument::GoalRating.definition().total_range;
            ("Goal ratings: progress towards each goal, 0–10", "rating", top)
        }
        TrackKind::SocialContacts => {
            let largest =
                tracks.iter().flat_map(|t| t.points.iter().map(|p| p.value)).max().unwrap_or(0);
            ("Social contacts per week", "contacts", count_axis_top(largest))
        }
    };
    let last = tracks
        .iter()
        .flat_map(|t| t.points.iter().map(|p| p.x_session))
        .fold(last_session_of(facts), f64::max);
    Some(TrackChart {
        kind,
        title: title.into(),
        unit: unit.into(),
        y_min: 0,
        y_max,
        y_ticks: value_ticks(0, y_max, 0),
        tracks,
        markers: markers_of(facts),
        last_session: last,
    })
}

/// Per instrument given in a course, in the definitions' order: the administrations that
/// charts and outcomes count (complete, a corrected one replaced by its correction, oldest
/// first) and how many were left incomplete.
fn per_instrument(
    course: CourseId,
    administrations: &[Administration],
) -> Vec<(Instrument, Vec<&Administration>, usize)> {
    let mut out = Vec::new();
    for instrument in Instrument::ALL {
        let given: Vec<&Administration> = administrations
            .iter()
            .filter(|a| a.course_id == Some(course) && a.instrument == instrument)
            .collect();
        if given.is_empty() {
            continue;
        }
        let incomplete =
            given.iter().filter(|a| a.status == AdministrationStatus::Incomplete).count();
        let counted = given
            .into_iter()
            .filter(|a| {
                a.status == AdministrationStatus::Complete
                    && a.corrected_by.is_none()
                    && a.score.total.is_some()
            })
            .collect();
        out.push((instrument, counted, incomplete));
    }
    out
}

/// Baseline (the first) against the latest of each instrument's counted scores, where there
/// are at least two. Recovery needs PHQ-9 with GAD-7: each is given the other's baseline and
/// latest.
fn outcomes_of(values: &[(Instrument, Vec<i64>)]) -> HashMap<Instrument, Outcome> {
    let ends = |i: Instrument| -> Option<(i64, i64)> {
        let (_, v) = values.iter().find(|(x, _)| *x == i)?;
        (v.len() >= 2).then(|| (v[0], v[v.len() - 1]))
    };
    let phq = ends(Instrument::Phq9);
    let gad = ends(Instrument::Gad7);
    values
        .iter()
        .filter_map(|(instrument, _)| {
            let (baseline, latest) = ends(*instrument)?;
            let companion = match instrument {
                Instrument::Phq9 => gad.map(|(b, l)| (Instrument::Gad7.definition(), b, l)),
                Instrument::Gad7 => phq.map(|(b, l)| (Instrument::Phq9.definition(), b, l)),
                _ => None,
            };
            Some((*instrument, outcome(instrument.definition(), baseline, latest, companion)))
        })
        .collect()
}

/// The outcome of each instrument given at least twice (complete) in one course, in the
/// definitions' order: the same outcomes the progress view shows, without the charts.
pub fn course_outcomes(course: CourseId, administrations: &[Administration]) -> Vec<Outcome> {
    let values: Vec<(Instrument, Vec<i64>)> = per_instrument(course, administrations)
        .into_iter()
        .map(|(i, counted, _)| (i, counted.iter().filter_map(|a| a.score.total).collect()))
        .collect();
    let mut outcomes = outcomes_of(&values);
    values.iter().filter_map(|(i, _)| outcomes.remove(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ClientId;
    use crate::measures::score::{Answer, score};

    fn given(id: i64, session: i64, on: &str, answers: &[i64]) -> Administration {
        let responses: Vec<Option<Answer>> =
            answers.iter().map(|v| Some(Answer::Given(*v))).collect();
        let s = score(Instrument::Phq9.definition(), &responses).unwrap();
        Administration {
            id: AdministrationId(id),
            client_id: ClientId(1),
            course_id: Some(CourseId(1)),
            session_id: Some(SessionId(session)),
            instrument: Instrument::Phq9,
            given_on: on.into(),
            responses,
            status: AdministrationStatus::Complete,
            flagged_at: (!s.flags.is_empty()).then(|| "2026-01-05T10:00:00Z".into()),
            flag_open: false,
            score: s,
            handed_to_client: false,
            corrects: None,
            correction_reason: None,
            corrected_by: None,
            started_at: "2026-01-05T10:00:00Z".into(),
            finished_at: Some("2026-01-05T10:05:00Z".into()),
        }
    }

    fn sessions() -> Vec<SessionAt> {
        (1..=6)
            .map(|n| SessionAt {
                id: SessionId(n),
                number: Some(n),
                held_on: (chrono::NaiveDate::from_ymd_opt(2026, 1, 4).unwrap()
                    + chrono::Days::new(7 * (n as u64 - 1)))
                .to_string(),
            })
            .collect()
    }

    #[test]
    fn bands_markers_and_a_correction_shown_once() {
        let sessions = sessions();
        let dated = [
            Dated {
                kind: MarkerKind::LifeEvent,
                on: "2026-01-20".into(),
                label: "Row with her sister".into(),
            },
            Dated {
                kind: MarkerKind::Renegotiation,
                on: "2026-02-08".into(),
                label: "Plan renegotiated to 8 sessions".into(),
            },
        ];
        let facts = CourseFacts {
            course_id: CourseId(1),
            middle_from: Some(4),
            conclusion_from: Some(6),
            sessions: &sessions,
            dated: &dated,
        };
        // Session 1: 18 with item 9 at 1 (flagged); session 3: 12, corrected to 13; session 6: 6.
        let mut first = given(1, 1, "2026-01-04", &[2, 2, 2, 2, 2, 2, 2, 3, 1, 0]);
        first.flag_open = true;
        let mut wrong = given(2, 3, "2026-01-18", &[2, 2, 2, 2, 1, 1, 1, 1, 0, 0]);
        wrong.corrected_by = Some(AdministrationId(3));
        let mut right = given(3, 3, "2026-01-18", &[2, 2, 2, 2, 2, 1, 1, 1, 0, 0]);
        right.corrects = Some(AdministrationId(2));
        let last = given(4, 6, "2026-02-08", &[1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
        let mut left_open = given(5, 6, "2026-02-08", &[1; 10]);
        left_open.status = AdministrationStatus::Incomplete;
        left_open.score.total = None;
        let progress = course_measures(&facts, &[first, wrong, right, last, left_open]);
        assert_eq!(progress.instruments.len(), 1);
        let p = &progress.instruments[0];
        let c = &p.chart;
        // Bands as published, lowest first.
        assert_eq!(c.bands.len(), 5);
        assert_eq!(
            (c.bands[2].from, c.bands[2].to, c.bands[2].label.as_str()),
            (10, 14, "Moderate")
        );
        assert_eq!((c.y_min, c.y_max), (0, 27));
        // The corrected form is shown once, as its correction; the incomplete one not at all.
        let values: Vec<(f64, i64)> = c.points.iter().map(|p| (p.x_session, p.value)).collect();
        assert_eq!(values, vec![(1.0, 18), (3.0, 13), (6.0, 6)]);
        assert_eq!(c.points[1].corrects, Some(AdministrationId(2)));
        assert!(c.points[0].flagged && !c.points[2].flagged);
        assert_eq!(p.incomplete, 1);
        // Markers: the middle phase before session 4, the conclusion before session 6 (of 8),
        // the life event between sessions 3 and 4, the renegotiation at session 6.
        let marks: Vec<(MarkerKind, f64)> =
            c.markers.iter().map(|m| (m.kind, m.x_session)).collect();
        assert_eq!(
            marks,
            vec![
                (MarkerKind::Phase, 3.5),
                (MarkerKind::LifeEvent, 3.5),
                (MarkerKind::Phase, 5.5),
                (MarkerKind::Renegotiation, 6.0),
            ]
        );
        // The outcome: baseline 18 to 6, a response (≥ 50% from ≥ 10), no remission (6 ≥ 5).
        let o = p.outcome.as_ref().unwrap();
        assert_eq!((o.baseline, o.latest), (18, 6));
        use crate::measures::outcome::{OutcomeKind, Verdict};
        assert_eq!(o.verdict(OutcomeKind::Response), Some(Verdict::Met));
        assert_eq!(o.verdict(OutcomeKind::Remission), Some(Verdict::NotMet));
    }

    #[test]
    fn one_form_has_no_outcome_and_a_form_outside_a_session_sits_between_sessions() {
        let sessions = sessions();
        let facts = CourseFacts {
            course_id: CourseId(1),
            middle_from: Some(4),
            conclusion_from: Some(14),
            sessions: &sessions,
            dated: &[],
        };
        let mut a = given(1, 1, "2026-01-06", &[1; 10]);
        a.session_id = None;
        let progress = course_measures(&facts, &[a]);
        let p = &progress.instruments[0];
        assert!(p.outcome.is_none());
        assert_eq!(p.chart.points[0].x_session, 1.5);
        assert_eq!(p.chart.points[0].session_number, None);
        // No phase marker past the sessions held.
        assert!(p.chart.markers.iter().all(|m| m.x_session <= 6.0));
    }

    #[test]
    fn value_ticks_are_round_and_within_the_range() {
        assert_eq!(value_ticks(0, 27, 0), vec![0, 5, 10, 15, 20, 25]);
        assert_eq!(value_ticks(0, 10, 0), vec![0, 2, 4, 6, 8, 10]);
        assert_eq!(value_ticks(0, 52, 0), vec![0, 10, 20, 30, 40, 50]);
        assert_eq!(value_ticks(0, 80, 0), vec![0, 10, 20, 30, 40, 50, 60, 70, 80]);
        // EDE-Q in hundredths: whole points.
        assert_eq!(value_ticks(0, 600, 2), vec![0, 100, 200, 300, 400, 500, 600]);
    }

    #[test]
    fn goal_ratings_and_contacts_share_the_course_axis_and_markers() {
        let sessions = sessions();
        let dated = [Dated {
            kind: MarkerKind::LifeEvent,
            on: "2026-01-20".into(),
            label: "Moved house".into(),
        }];
        let facts = CourseFacts {
            course_id: CourseId(1),
            middle_from: Some(4),
            conclusion_from: Some(14),
            sessions: &sessions,
            dated: &dated,
        };
        let goals = vec![
            Series {
                label: "Call my brother each week".into(),
                points: vec![("2026-01-04".into(), 2), ("2026-01-21".into(), 6)],
            },
            Series { label: "Never rated".into(), points: vec![] },
        ];
        let chart = track_chart(TrackKind::GoalRatings, &facts, goals).unwrap();
        assert_eq!((chart.y_min, chart.y_max), (0, 10));
        assert_eq!(chart.tracks.len(), 1, "a goal never rated in the course is left out");
        let points: Vec<(Option<i64>, f64, i64)> = chart.tracks[0]
            .points
            .iter()
            .map(|p| (p.session_number, p.x_session, p.value))
            .collect();
        // Session 1's day, then a day after session 3 and before session 4.
        assert_eq!(points, vec![(Some(1), 1.0, 2), (None, 3.5, 6)]);
        assert_eq!(chart.markers.len(), 2, "the middle phase and the life event");
        assert_eq!(chart.last_session, 6.0);

        let weeks = vec![Series {
            label: "Contacts in the week".into(),
            points: vec![
                ("2026-01-05".into(), 1),
                ("2026-01-12".into(), 3),
                ("2026-02-02".into(), 12),
            ],
        }];
        let contacts = track_chart(TrackKind::SocialContacts, &facts, weeks).unwrap();
        // The axis tops the largest count with a round number.
        assert_eq!((contacts.y_max, contacts.y_ticks.clone()), (20, vec![0, 5, 10, 15, 20]));
        let empty = vec![Series { label: "Contacts in the week".into(), points: vec![] }];
        assert!(track_chart(TrackKind::SocialContacts, &facts, empty).is_none());
    }
}
