//! Outcomes across the practice: for the courses that have ended, the share that met each
//! outcome rule (response, remission, reliable improvement, reliable deterioration, recovery)
//! per instrument, for the whole practice, by condition group and by problem area. Each share
//! carries the counts behind it and a 95% interval, and says when the counts are too small to
//! mean much. Nothing here names or identifies a client: only counts leave this module.
//!
//! A course's outcomes are exactly those of its progress view (`measures::progress`): the
//! first complete administration of an instrument against the latest, a corrected form
//! replaced by its correction, incomplete forms never counted.

use crate::error::Result;
use crate::ids::CourseId;
use crate::measures::definition::Instrument;
use crate::measures::given;
use crate::measures::outcome::{Outcome, OutcomeKind, Verdict};
use crate::measures::progress::course_outcomes;
use crate::record::clients::ConditionGroup;
use crate::record::course::CourseStatus;
use crate::record::vocabulary::ProblemArea;
use crate::vault::Vault;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

/// Below this many courses a share is marked as too few to mean much.
pub const FEW: usize = 10;

/// The outcome kinds counted across the practice, in the order shown.
const COUNTED: [OutcomeKind; 5] = [
    OutcomeKind::Response,
    OutcomeKind::Remission,
    OutcomeKind::ReliableImprovement,
    OutcomeKind::ReliableDeterioration,
    OutcomeKind::Recovery,
];

/// Which ended courses to count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutcomesFilter {
    /// Count courses that ended early beside those concluded as planned.
    pub include_ended_early: bool,
    /// Only courses that ended in this calendar year; every year when `None`.
    #[ts(type = "number | null")]
    pub year: Option<i32>,
}

/// Whose courses a group counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum OutcomeGroupKey {
    /// Every course counted.
    All,
    /// The client's condition group.
    Condition(ConditionGroup),
    /// The primary problem area of the formulation in force when the course ended.
    Area(ProblemArea),
    /// Courses with no formulation recorded by their end.
    NoFormulation,
}

/// The share of courses that met one outcome rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Share {
    pub kind: OutcomeKind,
    /// "Response", "Recovery (with GAD-7)" …
    pub label: String,
    /// Courses that met the rule.
    #[ts(type = "number")]
    pub met: usize,
    /// Courses the rule applies to (the counts behind the share).
    #[ts(type = "number")]
    pub of: usize,
    /// Which courses `of` counts, in words.
    pub of_what: String,
    /// `met / of` as a whole percentage; `None` when `of` is 0.
    pub percent: Option<u8>,
    /// The Wilson 95% interval of the share, in whole percentages.
    pub interval: Option<(u8, u8)>,
    /// Fewer than [`FEW`] courses: a share that means little.
    pub few: bool,
    /// The rule applied, named.
    pub rule: String,
}

/// One instrument's outcomes within a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct InstrumentShares {
    pub instrument: Instrument,
    pub name: String,
    /// Courses with a baseline and a later complete score on this instrument.
    #[ts(type = "number")]
    pub courses: usize,
    pub shares: Vec<Share>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OutcomeGroup {
    pub key: OutcomeGroupKey,
    /// Ended courses in the group, measured or not.
    #[ts(type = "number")]
    pub courses: usize,
    pub instruments: Vec<InstrumentShares>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PracticeOutcomes {
    pub filter: OutcomesFilter,
    /// Courses counted, by how they ended.
    #[ts(type = "number")]
    pub concluded: usize,
    #[ts(type = "number")]
    pub ended_early: usize,
    /// Of those, the courses with no instrument given (complete) at least twice: they are in
    /// no share.
    #[ts(type = "number")]
    pub unmeasured: usize,
    /// The years in which courses ended, newest first, to choose from.
    pub years: Vec<i32>,
    /// The threshold below which a share is marked as too few.
    #[ts(type = "number")]
    pub few_below: usize,
    /// The whole practice first, then by condition group, then by problem area.
    pub groups: Vec<OutcomeGroup>,
}

/// One ended course, as the shares need it: no client, only its group and area.
struct Ended {
    status: CourseStatus,
    condition: ConditionGroup,
    area: Option<ProblemArea>,
    outcomes: Vec<Outcome>,
}

/// The ended courses; a course's problem area is the primary area of the client's latest
/// formulation in force on the day it ended.
const ENDED: &str = "SELECT c.id, c.status, c.ended_on, cl.condition_group,
        (SELECT f.primary_area FROM formulations f
          WHERE f.client_id = c.client_id AND f.effective_on <= coalesce(c.ended_on, '9999-12-31')
          ORDER BY f.effective_on DESC, f.version DESC LIMIT 1) AS area
    FROM courses c JOIN clients cl ON cl.id = c.client_id
    WHERE c.status IN ('concluded', 'ended_early')";

/// Outcomes across the practice for the ended courses the filter selects.
pub fn across(conn: &Connection, filter: &OutcomesFilter) -> Result<PracticeOutcomes> {
    let mut stmt = conn.prepare(ENDED)?;
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        CourseId,
        CourseStatus,
        Option<String>,
        ConditionGroup,
        Option<ProblemArea>,
    )> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let years: BTreeSet<i32> =
        rows.iter().filter_map(|(_, _, on, _, _)| on.as_deref()?.get(..4)?.parse().ok()).collect();
    let administrations = given::complete_in_courses(
        conn,
        "SELECT id FROM courses WHERE status IN ('concluded', 'ended_early')",
    )?;
    let ended: Vec<Ended> = rows
        .into_iter()
        .filter(|(_, status, _, _, _)| {
            filter.include_ended_early || *status == CourseStatus::Concluded
        })
        .filter(|(_, _, on, _, _)| match filter.year {
            None => true,
            Some(y) => on.as_deref().and_then(|d| d.get(..4)).is_some_and(|d| d == y.to_string()),
        })
        .map(|(id, status, _, condition, area)| Ended {
            status,
            condition,
            area,
            outcomes: course_outcomes(id, &administrations),
        })
        .collect();
    Ok(summarise(filter.clone(), &ended, years.into_iter().rev().collect()))
}

fn summarise(filter: OutcomesFilter, ended: &[Ended], years: Vec<i32>) -> PracticeOutcomes {
    let mut keys = vec![OutcomeGroupKey::All];
    for c in ConditionGroup::ALL {
        keys.push(OutcomeGroupKey::Condition(c));
    }
    for a in ProblemArea::ALL {
        keys.push(OutcomeGroupKey::Area(a));
    }
    keys.push(OutcomeGroupKey::NoFormulation);
    let groups = keys
        .into_iter()
        .filter_map(|key| {
            let members: Vec<&Ended> = ended.iter().filter(|e| key.holds(e)).collect();
            (!members.is_empty() || key == OutcomeGroupKey::All).then(|| OutcomeGroup {
                key,
                courses: members.len(),
                instruments: shares_of(&members),
            })
        })
        .collect();
    PracticeOutcomes {
        filter,
        concluded: ended.iter().filter(|e| e.status == CourseStatus::Concluded).count(),
        ended_early: ended.iter().filter(|e| e.status == CourseStatus::EndedEarly).count(),
        unmeasured: ended.iter().filter(|e| e.outcomes.is_empty()).count(),
        years,
        few_below: FEW,
        groups,
    }
}

impl OutcomeGroupKey {
    fn holds(self, e: &Ended) -> bool {
        match self {
            OutcomeGroupKey::All => true,
            OutcomeGroupKey::Condition(c) => e.condition == c,
            OutcomeGroupKey::Area(a) => e.area == Some(a),
            OutcomeGroupKey::NoFormulation => e.area.is_none(),
        }
    }
}

/// Per instrument measured in any member course, the share meeting each rule that applies.
fn shares_of(members: &[&Ended]) -> Vec<InstrumentShares> {
    Instrument::ALL
        .into_iter()
        .filter_map(|instrument| {
            let outcomes: Vec<&Outcome> = members
                .iter()
                .filter_map(|e| e.outcomes.iter().find(|o| o.instrument == instrument))
                .collect();
            if outcomes.is_empty() {
                return None;
            }
            let shares = COUNTED
                .into_iter()
                // Recovery is one finding of a PHQ-9 and GAD-7 pair: counted once, with PHQ-9.
                .filter(|k| !(*k == OutcomeKind::Recovery && instrument == Instrument::Gad7))
                .filter_map(|kind| share(instrument, kind, &outcomes))
                .collect();
            Some(InstrumentShares {
                instrument,
                name: instrument.definition().name.into(),
                courses: outcomes.len(),
                shares,
            })
        })
        .collect()
}

fn share(instrument: Instrument, kind: OutcomeKind, outcomes: &[&Outcome]) -> Option<Share> {
    let findings: Vec<_> =
        outcomes.iter().filter_map(|o| o.findings.iter().find(|f| f.kind == kind)).collect();
    let first = findings.first()?;
    let applies: Vec<_> = findings.iter().filter(|f| f.verdict != Verdict::NotApplicable).collect();
    let met = applies.iter().filter(|f| f.verdict == Verdict::Met).count();
    let of = applies.len();
    let label = match kind {
        OutcomeKind::Recovery => "Recovery (with GAD-7)".to_string(),
        _ => first.label.clone(),
    };
    let of_what = match kind {
        OutcomeKind::Response => {
            format!("courses with {} baseline of 10 or more", with_article(instrument))
        }
        OutcomeKind::Recovery => {
            "courses with PHQ-9 and GAD-7 each given twice, a case at baseline on either".into()
        }
        _ => format!("courses with {} baseline and a later score", with_article(instrument)),
    };
    Some(Share {
        kind,
        label,
        met,
        of,
        of_what,
        percent: (of > 0).then(|| percent(met as f64 / of as f64)),
        interval: wilson(met, of).map(|(lo, hi)| (percent(lo), percent(hi))),
        few: of < FEW,
        rule: first.rule.clone(),
    })
}

/// "a PHQ-9", "an EPDS", "an EDE-Q": the article as the name is read aloud.
fn with_article(i: Instrument) -> String {
    let name = i.definition().name;
    format!("{} {name}", if name.starts_with('E') { "an" } else { "a" })
}

fn percent(p: f64) -> u8 {
    (p * 100.0).round().clamp(0.0, 100.0) as u8
}

/// The Wilson score interval (95%) of `met` out of `of`: unlike the plain ± interval it stays
/// within 0–100% and is honest about small counts.
pub fn wilson(met: usize, of: usize) -> Option<(f64, f64)> {
    if of == 0 {
        return None;
    }
    let z = 1.959_963_984_540_054_f64;
    let n = of as f64;
    let p = met as f64 / n;
    let z2n = z * z / n;
    let centre = (p + z2n / 2.0) / (1.0 + z2n);
    let half = z / (1.0 + z2n) * (p * (1.0 - p) / n + z2n / (4.0 * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

impl Vault {
    /// Outcomes across the practice (counts only: no client is named).
    pub fn practice_outcomes(&self, filter: &OutcomesFilter) -> Result<PracticeOutcomes> {
        across(self.conn(), filter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measures::outcome::outcome;

    fn phq(b: i64, l: i64, gad: Option<(i64, i64)>) -> Vec<Outcome> {
        let p = Instrument::Phq9.definition();
        let g = Instrument::Gad7.definition();
        let mut out = vec![outcome(p, b, l, gad.map(|(gb, gl)| (g, gb, gl)))];
        if let Some((gb, gl)) = gad {
            out.push(outcome(g, gb, gl, Some((p, b, l))));
        }
        out
    }

    fn course(condition: ConditionGroup, area: Option<ProblemArea>, o: Vec<Outcome>) -> Ended {
        Ended { status: CourseStatus::Concluded, condition, area, outcomes: o }
    }

    fn find(p: &PracticeOutcomes, key: OutcomeGroupKey, i: Instrument) -> &InstrumentShares {
        let g = p.groups.iter().find(|g| g.key == key).expect("group");
        g.instruments.iter().find(|s| s.instrument == i).expect("instrument")
    }

    fn of(s: &InstrumentShares, kind: OutcomeKind) -> (usize, usize, Option<u8>, bool) {
        let x = s.shares.iter().find(|x| x.kind == kind).expect("share");
        (x.met, x.of, x.percent, x.few)
    }

    #[test]
    fn shares_count_only_the_courses_a_rule_applies_to() {
        use ConditionGroup::*;
        use ProblemArea::*;
        let ended = vec![
            // Response (50% exactly from 20), remission no, reliable improvement, recovery no
            // (PHQ-9 still 10).
            course(MajorDepression, Some(RoleDispute), phq(20, 10, Some((12, 5)))),
            // Response and remission; recovery (a case, below both at the end).
            course(MajorDepression, Some(Grief), phq(16, 4, Some((9, 3)))),
            // A baseline below 10: response does not apply; not a case: recovery does not apply.
            course(PerinatalDepression, Some(Grief), phq(8, 3, Some((6, 2)))),
            // Worse: reliable deterioration; recovery no.
            course(Dysthymia, None, phq(12, 19, None)),
            // Unmeasured.
            course(Ptsd, Some(RoleTransition), Vec::new()),
        ];
        let filter = OutcomesFilter { include_ended_early: true, year: None };
        let p = summarise(filter, &ended, vec![2026]);
        assert_eq!((p.concluded, p.ended_early, p.unmeasured), (5, 0, 1));
        let all = find(&p, OutcomeGroupKey::All, Instrument::Phq9);
        assert_eq!(all.courses, 4);
        assert_eq!(of(all, OutcomeKind::Response), (2, 3, Some(67), true));
        assert_eq!(of(all, OutcomeKind::Remission), (2, 4, Some(50), true));
        assert_eq!(of(all, OutcomeKind::ReliableImprovement), (2, 4, Some(50), true));
        assert_eq!(of(all, OutcomeKind::ReliableDeterioration), (1, 4, Some(25), true));
        // Recovery: two courses were a case with both measured; one recovered.
        assert_eq!(of(all, OutcomeKind::Recovery), (1, 2, Some(50), true));
        // GAD-7 carries no second recovery count.
        let gad = find(&p, OutcomeGroupKey::All, Instrument::Gad7);
        assert!(gad.shares.iter().all(|s| s.kind != OutcomeKind::Recovery));
        assert_eq!(gad.courses, 3);
        // By condition group and by area, with no group for an absent condition.
        let md = find(&p, OutcomeGroupKey::Condition(MajorDepression), Instrument::Phq9);
        assert_eq!(of(md, OutcomeKind::Response), (2, 2, Some(100), true));
        assert!(p.groups.iter().all(|g| g.key != OutcomeGroupKey::Condition(BulimiaNervosa)));
        let grief = find(&p, OutcomeGroupKey::Area(Grief), Instrument::Phq9);
        assert_eq!(grief.courses, 2);
        assert_eq!(of(grief, OutcomeKind::Response), (1, 1, Some(100), true));
        let none = p.groups.iter().find(|g| g.key == OutcomeGroupKey::NoFormulation).unwrap();
        assert_eq!(none.courses, 1);
        // The unmeasured PTSD course is a group with no instruments.
        let ptsd = p.groups.iter().find(|g| g.key == OutcomeGroupKey::Condition(Ptsd)).unwrap();
        assert_eq!((ptsd.courses, ptsd.instruments.len()), (1, 0));
    }

    #[test]
    fn ten_courses_are_enough_and_nine_are_few() {
        let make = |n: usize| -> Vec<Ended> {
            (0..n).map(|_| course(ConditionGroup::Other, None, phq(15, 5, None))).collect()
        };
        let filter = OutcomesFilter { include_ended_early: true, year: None };
        let nine = summarise(filter.clone(), &make(9), vec![]);
        let ten = summarise(filter, &make(10), vec![]);
        let r9 = of(find(&nine, OutcomeGroupKey::All, Instrument::Phq9), OutcomeKind::Response);
        let r10 = of(find(&ten, OutcomeGroupKey::All, Instrument::Phq9), OutcomeKind::Response);
        assert_eq!(r9, (9, 9, Some(100), true));
        assert_eq!(r10, (10, 10, Some(100), false));
    }

    #[test]
    fn an_empty_practice_has_the_whole_group_and_no_shares() {
        let filter = OutcomesFilter { include_ended_early: false, year: Some(2026) };
        let p = summarise(filter, &[], vec![]);
        assert_eq!(p.groups.len(), 1);
        assert_eq!((p.groups[0].courses, p.groups[0].instruments.len()), (0, 0));
    }

    #[test]
    fn wilson_intervals_match_published_values() {
        // 3 of 5: 23.1% to 88.2%; 0 of 10: 0% to 27.8%; 10 of 10: 72.2% to 100%.
        let (lo, hi) = wilson(3, 5).unwrap();
        assert!((lo - 0.2307).abs() < 0.0005 && (hi - 0.8824).abs() < 0.0005, "{lo} {hi}");
        let (lo, hi) = wilson(0, 10).unwrap();
        assert!(lo.abs() < 1e-9 && (hi - 0.2775).abs() < 0.0005, "{lo} {hi}");
        let (lo, hi) = wilson(10, 10).unwrap();
        assert!((lo - 0.7225).abs() < 0.0005 && (hi - 1.0).abs() < 1e-9, "{lo} {hi}");
        assert_eq!(wilson(0, 0), None);
    }
}
