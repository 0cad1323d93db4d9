//! Outcomes between a baseline and a later score: response, remission, reliable improvement
//! or deterioration, caseness, recovery and the Reliable Change Index. Each finding names the
//! rule that produced it, so a reader knows which definition was applied. Lower scores are
//! better on every instrument here but the goal rating, which has no outcome rules.

use super::definition::{Definition, Instrument};
use super::score::figure_text;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What an outcome rule found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Verdict {
    Met,
    NotMet,
    /// The rule does not apply (for example a response from a baseline below 10).
    NotApplicable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OutcomeKind {
    Response,
    Remission,
    ReliableImprovement,
    ReliableDeterioration,
    CaseAtBaseline,
    CaseAtEnd,
    Recovery,
    ReliableChangeIndex,
}

/// One outcome, with the rule that produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Finding {
    pub kind: OutcomeKind,
    pub verdict: Verdict,
    /// "Response", "Reliable improvement" …
    pub label: String,
    /// What was found, in a sentence ("Fell by 50% (12 to 6).").
    pub detail: String,
    /// The rule applied, named.
    pub rule: String,
    /// The Reliable Change Index's value, for that finding only.
    pub value: Option<f64>,
}

/// Baseline against the latest score of one instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Outcome {
    pub instrument: Instrument,
    pub name: String,
    /// In hundredths when `decimals` is 2.
    #[ts(type = "number")]
    pub baseline: i64,
    #[ts(type = "number")]
    pub latest: i64,
    /// `latest − baseline`: negative is a fall in symptoms.
    #[ts(type = "number")]
    pub change: i64,
    pub decimals: u8,
    pub baseline_text: String,
    pub latest_text: String,
    pub change_text: String,
    pub baseline_band: Option<String>,
    pub latest_band: Option<String>,
    pub findings: Vec<Finding>,
}

impl Outcome {
    /// The verdict of one kind of finding, if it was reached.
    pub fn verdict(&self, kind: OutcomeKind) -> Option<Verdict> {
        self.findings.iter().find(|f| f.kind == kind).map(|f| f.verdict)
    }
}

pub const RESPONSE_RULE: &str = "Response: a fall of at least 50% from a PHQ-9 baseline of at \
    least 10";
pub const REMISSION_PHQ9_RULE: &str = "Remission: PHQ-9 below 5";
pub const REMISSION_QIDS_RULE: &str = "Remission: QIDS-SR16 of 5 or less";
pub const TT_PHQ9_RULE: &str = "Reliable change (NHS Talking Therapies): PHQ-9 by 6 or more";
pub const TT_GAD7_RULE: &str = "Reliable change (NHS Talking Therapies): GAD-7 by 4 or more";
pub const CASE_RULE: &str = "Caseness (NHS Talking Therapies): PHQ-9 of 10 or more, or GAD-7 of \
    8 or more";
pub const RECOVERY_RULE: &str = "Recovery (NHS Talking Therapies): a case at baseline on PHQ-9 \
    or GAD-7, and below both thresholds (PHQ-9 under 10, GAD-7 under 8) at the end";
pub const RCI_RULE: &str = "Reliable Change Index (Jacobson & Truax 1991): RC = (x2 − x1) / \
    S_diff, S_diff = √2 · SD · √(1 − r); |RC| above 1.96 is reliable";

fn finding(
    kind: OutcomeKind,
    verdict: Verdict,
    label: &str,
    detail: String,
    rule: &str,
) -> Finding {
    Finding { kind, verdict, label: label.into(), detail, rule: rule.into(), value: None }
}

fn met(yes: bool) -> Verdict {
    if yes { Verdict::Met } else { Verdict::NotMet }
}

/// The caseness threshold of PHQ-9 and GAD-7 (NHS Talking Therapies).
pub fn case_threshold(instrument: Instrument) -> Option<i64> {
    match instrument {
        Instrument::Phq9 => Some(10),
        Instrument::Gad7 => Some(8),
        _ => None,
    }
}

/// The Talking Therapies size of a reliable change, where the convention has one.
pub fn reliable_change_points(instrument: Instrument) -> Option<(i64, &'static str)> {
    match instrument {
        Instrument::Phq9 => Some((6, TT_PHQ9_RULE)),
        Instrument::Gad7 => Some((4, TT_GAD7_RULE)),
        _ => None,
    }
}

/// The Reliable Change Index of a change from `baseline` to `latest` (both in the
/// instrument's units, hundredths when it has decimals).
pub fn reliable_change_index(def: &Definition, baseline: i64, latest: i64) -> Option<f64> {
    let rci = def.rci?;
    let scale = if def.decimals == 2 { 100.0 } else { 1.0 };
    Some(((latest - baseline) as f64 / scale) / rci.s_diff())
}

/// Every outcome of one instrument that applies, from `baseline` to `latest`. `with` is the
/// companion pair (GAD-7 for PHQ-9, or the other way) that recovery needs.
pub fn outcome(
    def: &Definition,
    baseline: i64,
    latest: i64,
    with: Option<(&Definition, i64, i64)>,
) -> Outcome {
    let i = def.instrument;
    let text = |v: i64| figure_text(v, def.decimals);
    let change = latest - baseline;
    let mut findings = Vec::new();
    let fell = baseline - latest;

    if i == Instrument::Phq9 {
        if baseline < 10 {
            findings.push(finding(
                OutcomeKind::Response,
                Verdict::NotApplicable,
                "Response",
                format!("Not applicable: the baseline of {baseline} is below 10."),
                RESPONSE_RULE,
            ));
        } else {
            let pct = fell.abs() as f64 * 100.0 / baseline as f64;
            let way = if fell >= 0 { "Fell" } else { "Rose" };
            findings.push(finding(
                OutcomeKind::Response,
                met(fell * 2 >= baseline),
                "Response",
                format!("{way} by {pct:.0}% ({baseline} to {latest})."),
                RESPONSE_RULE,
            ));
        }
    }
    let remission = match i {
        Instrument::Phq9 => Some((latest < 5, REMISSION_PHQ9_RULE)),
        Instrument::QidsSr16 => Some((latest <= 5, REMISSION_QIDS_RULE)),
        _ => None,
    };
    if let Some((yes, rule)) = remission {
        findings.push(finding(
            OutcomeKind::Remission,
            met(yes),
            "Remission",
            format!("Latest score {latest}."),
            rule,
        ));
    }

    // Reliable improvement and deterioration: the Talking Therapies sizes for PHQ-9 and
    // GAD-7; the Reliable Change Index for every other instrument.
    let rci = reliable_change_index(def, baseline, latest);
    if let Some((points, rule)) = reliable_change_points(i) {
        findings.push(finding(
            OutcomeKind::ReliableImprovement,
            met(fell >= points),
            "Reliable improvement",
            format!("Changed by {} points.", text(change)),
            rule,
        ));
        findings.push(finding(
            OutcomeKind::ReliableDeterioration,
            met(-fell >= points),
            "Reliable deterioration",
            format!("Changed by {} points.", text(change)),
            rule,
        ));
    } else if let Some(rc) = rci {
        let detail = format!("RC = {rc:.2}.");
        findings.push(finding(
            OutcomeKind::ReliableImprovement,
            met(rc < -1.96),
            "Reliable improvement",
            detail.clone(),
            RCI_RULE,
        ));
        findings.push(finding(
            OutcomeKind::ReliableDeterioration,
            met(rc > 1.96),
            "Reliable deterioration",
            detail,
            RCI_RULE,
        ));
    }

    if let Some(threshold) = case_threshold(i) {
        findings.push(finding(
            OutcomeKind::CaseAtBaseline,
            met(baseline >= threshold),
            "A case at baseline",
            format!("{} at baseline; the threshold is {threshold}.", def.name),
            CASE_RULE,
        ));
        findings.push(finding(
            OutcomeKind::CaseAtEnd,
            met(latest >= threshold),
            "A case at the latest score",
            format!("{} latest; the threshold is {threshold}.", def.name),
            CASE_RULE,
        ));
    }
    if let Some(recovery) = recovery(def, baseline, latest, with) {
        findings.push(recovery);
    }

    if let (Some(rc), Some(c)) = (rci, def.rci) {
        let verdict = if (-1.96..=1.96).contains(&rc) { Verdict::NotMet } else { Verdict::Met };
        let direction = if rc < -1.96 {
            "a reliable fall"
        } else if rc > 1.96 {
            "a reliable rise"
        } else {
            "no reliable change"
        };
        findings.push(Finding {
            kind: OutcomeKind::ReliableChangeIndex,
            verdict,
            label: "Reliable Change Index".into(),
            detail: format!(
                "RC = {rc:.2}: {direction}. SD {} and r = {} ({}); S_diff = {:.2}. Source: {}",
                c.sd,
                c.reliability,
                c.reliability_kind,
                c.s_diff(),
                c.source
            ),
            rule: RCI_RULE.into(),
            value: Some((rc * 100.0).round() / 100.0),
        });
    }

    Outcome {
        instrument: i,
        name: def.name.into(),
        baseline,
        latest,
        change,
        decimals: def.decimals,
        baseline_text: text(baseline),
        latest_text: text(latest),
        change_text: if change > 0 { format!("+{}", text(change)) } else { text(change) },
        baseline_band: def.band_of(baseline).map(|b| b.label.into()),
        latest_band: def.band_of(latest).map(|b| b.label.into()),
        findings,
    }
}

/// Recovery needs PHQ-9 and GAD-7 together: a case at baseline on either, below both
/// thresholds at the end.
fn recovery(
    def: &Definition,
    baseline: i64,
    latest: i64,
    with: Option<(&Definition, i64, i64)>,
) -> Option<Finding> {
    let (other, ob, ol) = with?;
    let (phq, gad) = match (def.instrument, other.instrument) {
        (Instrument::Phq9, Instrument::Gad7) => ((baseline, latest), (ob, ol)),
        (Instrument::Gad7, Instrument::Phq9) => ((ob, ol), (baseline, latest)),
        _ => return None,
    };
    let case_before = phq.0 >= 10 || gad.0 >= 8;
    let below_after = phq.1 < 10 && gad.1 < 8;
    let (verdict, detail) = if !case_before {
        (
            Verdict::NotApplicable,
            format!("Not applicable: not a case at baseline (PHQ-9 {}, GAD-7 {}).", phq.0, gad.0),
        )
    } else {
        (met(below_after), format!("PHQ-9 {} to {}, GAD-7 {} to {}.", phq.0, phq.1, gad.0, gad.1))
    };
    Some(finding(OutcomeKind::Recovery, verdict, "Recovery", detail, RECOVERY_RULE))
}
