//! What each kind of worksheet holds, and the two checks on it: a draft may be half-written
//! but never inconsistent (a problem pinned to a turn that is gone, two alternatives chosen, a
//! mood of 11), and a signed worksheet is whole enough to stand in the record.
//!
//! Items of a list (turns, alternatives, runs, options) carry a `key` that stays with the item
//! when the list is reordered, so a problem pinned to a turn, or the chosen alternative, follows
//! it. The number shown beside an item is its place in the list, counted afresh on every read.

use crate::error::{Error, Result};
use crate::input;
use crate::record::vocabulary::MOOD;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// The most items one list of a worksheet holds.
pub const MAX_ITEMS: usize = 200;
/// Ratings of mood, confidence and distress run from 0 to 10.
pub const RATING: std::ops::RangeInclusive<i64> = MOOD;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WorksheetKind {
    CommunicationAnalysis,
    RolePlay,
    DecisionAnalysis,
}

impl WorksheetKind {
    pub const ALL: [WorksheetKind; 3] = [
        WorksheetKind::CommunicationAnalysis,
        WorksheetKind::RolePlay,
        WorksheetKind::DecisionAnalysis,
    ];

    /// How a message names it.
    pub fn noun(self) -> &'static str {
        match self {
            WorksheetKind::CommunicationAnalysis => "communication analysis",
            WorksheetKind::RolePlay => "role play",
            WorksheetKind::DecisionAnalysis => "decision analysis",
        }
    }
}

/// Who spoke a turn of the exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Speaker {
    Client,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NeedMet {
    Yes,
    Partly,
    No,
}

/// The five ways communication goes wrong that IPT looks for in an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CommunicationProblem {
    /// Meaning carried by gesture, look or tone, open to more than one reading.
    AmbiguousNonverbal,
    /// Words that hint where a direct request would do.
    IndirectWords,
    /// Taking for granted that the other person understood.
    AssumedUnderstood,
    /// Taking for granted that one understood the other person.
    AssumedUnderstanding,
    /// Falling silent or closing off.
    Silence,
}

impl CommunicationProblem {
    pub const ALL: [CommunicationProblem; 5] = [
        CommunicationProblem::AmbiguousNonverbal,
        CommunicationProblem::IndirectWords,
        CommunicationProblem::AssumedUnderstood,
        CommunicationProblem::AssumedUnderstanding,
        CommunicationProblem::Silence,
    ];
}

/// Whom the client played in a run of a role play; the clinician played the other part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RolePart {
    /// The client as themselves, the clinician as the other person.
    Themselves,
    /// Role reversal: the client as the other person, the clinician as the client.
    OtherPerson,
}

/// One turn of the exchange as the client recounts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Turn {
    pub key: u32,
    pub speaker: Speaker,
    pub words: String,
    pub tone: Option<String>,
    pub non_verbal: Option<String>,
}

/// A communication problem seen in the exchange, optionally pinned to the turn where it showed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ProblemSeen {
    pub problem: CommunicationProblem,
    /// The `key` of the turn.
    pub turn: Option<u32>,
}

/// Another way the client might have said it, and what they expect would follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Alternative {
    pub key: u32,
    pub words: String,
    pub predicted_outcome: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CommunicationAnalysis {
    /// When the exchange took place.
    pub exchange_on: Option<String>,
    /// Where it happened and what came just before.
    pub setting: Option<String>,
    /// In the order spoken.
    pub turns: Vec<Turn>,
    /// What the client meant to convey.
    pub meant: Option<String>,
    /// What the other person seemed to hear.
    pub heard: Option<String>,
    /// How they responded.
    pub response: Option<String>,
    /// The client's feelings during and after.
    pub client_feelings: Option<String>,
    /// The other person's likely feelings.
    pub other_feelings: Option<String>,
    pub relationship_effect: Option<String>,
    #[ts(type = "number | null")]
    pub mood_before: Option<i64>,
    #[ts(type = "number | null")]
    pub mood_after: Option<i64>,
    pub need_met: Option<NeedMet>,
    pub problems: Vec<ProblemSeen>,
    pub alternatives: Vec<Alternative>,
    /// The `key` of the alternative the client chose to try.
    pub chosen: Option<u32>,
}

/// One run of a role play.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Run {
    pub key: u32,
    pub client_played: RolePart,
    #[ts(type = "number | null")]
    pub confidence_before: Option<i64>,
    #[ts(type = "number | null")]
    pub confidence_after: Option<i64>,
    #[ts(type = "number | null")]
    pub distress_before: Option<i64>,
    #[ts(type = "number | null")]
    pub distress_after: Option<i64>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RolePlay {
    pub situation: Option<String>,
    /// What the client wants from the conversation.
    pub goal: Option<String>,
    pub opening_lines: Option<String>,
    pub runs: Vec<Run>,
    pub what_worked: Option<String>,
    pub what_to_change: Option<String>,
    /// The phrases the client will take into the real conversation.
    pub key_phrases: Option<String>,
    /// When the client plans to have the real conversation.
    pub attempt_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionOption {
    pub key: u32,
    pub option: String,
    pub pros: Option<String>,
    pub cons: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionAnalysis {
    pub problem: Option<String>,
    pub options: Vec<DecisionOption>,
    /// The `key` of the option chosen.
    pub chosen: Option<u32>,
    pub steps: Option<String>,
    pub obstacles: Option<String>,
    /// When to look again at how the decision went; shown on Today from that day.
    pub review_on: Option<String>,
}

/// A worksheet's own fields, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "fields", rename_all = "snake_case")]
#[ts(export)]
pub enum WorksheetContent {
    CommunicationAnalysis(CommunicationAnalysis),
    RolePlay(RolePlay),
    DecisionAnalysis(DecisionAnalysis),
}

impl WorksheetContent {
    pub fn empty(kind: WorksheetKind) -> Self {
        match kind {
            WorksheetKind::CommunicationAnalysis => {
                WorksheetContent::CommunicationAnalysis(CommunicationAnalysis::default())
            }
            WorksheetKind::RolePlay => WorksheetContent::RolePlay(RolePlay::default()),
            WorksheetKind::DecisionAnalysis => {
                WorksheetContent::DecisionAnalysis(DecisionAnalysis::default())
            }
        }
    }

    pub fn kind(&self) -> WorksheetKind {
        match self {
            WorksheetContent::CommunicationAnalysis(_) => WorksheetKind::CommunicationAnalysis,
            WorksheetContent::RolePlay(_) => WorksheetKind::RolePlay,
            WorksheetContent::DecisionAnalysis(_) => WorksheetKind::DecisionAnalysis,
        }
    }

    /// The day the follow-up is asked for from, if the content sets one.
    pub fn follow_up_from(&self) -> Option<&str> {
        match self {
            WorksheetContent::CommunicationAnalysis(_) => None,
            WorksheetContent::RolePlay(r) => r.attempt_on.as_deref(),
            WorksheetContent::DecisionAnalysis(d) => d.review_on.as_deref(),
        }
    }

    /// What the follow-up asks about, if anything is waiting: the chosen alternative, the
    /// planned attempt (its key phrases or opening lines), the chosen option.
    pub fn follow_up_subject(&self) -> Option<String> {
        match self {
            WorksheetContent::CommunicationAnalysis(c) => {
                let chosen = c.chosen?;
                c.alternatives.iter().find(|a| a.key == chosen).map(|a| a.words.clone())
            }
            WorksheetContent::RolePlay(r) => {
                if r.runs.is_empty() {
                    return None;
                }
                Some(
                    r.key_phrases
                        .clone()
                        .or_else(|| r.opening_lines.clone())
                        .or_else(|| r.goal.clone())
                        .unwrap_or_default(),
                )
            }
            WorksheetContent::DecisionAnalysis(d) => {
                let chosen = d.chosen?;
                d.options.iter().find(|o| o.key == chosen).map(|o| o.option.clone())
            }
        }
    }

    /// Trims the text, stores blank optional text as nothing and refuses what cannot stand even
    /// in a draft. Each refusal names its field.
    pub fn validated(&self) -> Result<Self> {
        let mut v = self.clone();
        match &mut v {
            WorksheetContent::CommunicationAnalysis(c) => c.tidy()?,
            WorksheetContent::RolePlay(r) => r.tidy()?,
            WorksheetContent::DecisionAnalysis(d) => d.tidy()?,
        }
        Ok(v)
    }

    /// Refuses a worksheet not yet whole enough to sign. `has_person` says whether it names
    /// the person it is about.
    pub fn check_signable(&self, has_person: bool) -> Result<()> {
        match self {
            WorksheetContent::CommunicationAnalysis(c) => {
                if !has_person {
                    return Err(Error::invalid(
                        "person_id",
                        "Choose the person this exchange was with before signing.",
                    ));
                }
                if c.turns.is_empty() {
                    return Err(Error::invalid(
                        "turns",
                        "Write at least one turn of the exchange before signing.",
                    ));
                }
                if let Some(n) = c.turns.iter().position(|t| t.words.is_empty()) {
                    return Err(Error::invalid(
                        "turns",
                        format!(
                            "Turn {} has no words. Write what was said, or remove the turn.",
                            n + 1
                        ),
                    ));
                }
                if let Some(n) = c.alternatives.iter().position(|a| a.words.is_empty()) {
                    return Err(Error::invalid(
                        "alternatives",
                        format!(
                            "Alternative {} is empty. Write it, or remove it before signing.",
                            n + 1
                        ),
                    ));
                }
            }
            WorksheetContent::RolePlay(r) => {
                if !has_person {
                    return Err(Error::invalid(
                        "person_id",
                        "Choose the person the conversation is with before signing.",
                    ));
                }
                if r.goal.is_none() {
                    return Err(Error::invalid(
                        "goal",
                        "Write what the client wants from the conversation before signing.",
                    ));
                }
                if r.runs.is_empty() {
                    return Err(Error::invalid(
                        "runs",
                        "Record at least one run of the role play before signing.",
                    ));
                }
                for (n, run) in r.runs.iter().enumerate() {
                    if run.confidence_before.is_none() || run.confidence_after.is_none() {
                        return Err(Error::invalid(
                            "runs",
                            format!(
                                "Run {} needs the client's confidence before and after.",
                                n + 1
                            ),
                        ));
                    }
                    if run.distress_before.is_none() || run.distress_after.is_none() {
                        return Err(Error::invalid(
                            "runs",
                            format!("Run {} needs the client's distress before and after.", n + 1),
                        ));
                    }
                }
            }
            WorksheetContent::DecisionAnalysis(d) => {
                if d.problem.is_none() {
                    return Err(Error::invalid(
                        "problem",
                        "Write the problem to be decided before signing.",
                    ));
                }
                let named = d.options.iter().filter(|o| !o.option.is_empty()).count();
                if named < 2 {
                    return Err(Error::invalid(
                        "options",
                        "A decision weighs at least two options. Write a second one before \
                         signing.",
                    ));
                }
                if let Some(n) = d.options.iter().position(|o| o.option.is_empty()) {
                    return Err(Error::invalid(
                        "options",
                        format!(
                            "Option {} is empty. Write it, or remove it before signing.",
                            n + 1
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Trims `value` and makes blank text nothing; refuses text over `limit`.
fn opt(field: &'static str, value: &mut Option<String>, limit: usize) -> Result<()> {
    *value = input::opt_text(field, value.as_deref(), limit)?;
    Ok(())
}

fn req(field: &'static str, value: &mut String, limit: usize) -> Result<()> {
    *value = input::text(field, value, limit, false)?;
    Ok(())
}

fn rating(field: &'static str, value: Option<i64>) -> Result<()> {
    input::opt_range(field, value, RATING)
}

fn date(field: &'static str, value: &mut Option<String>) -> Result<()> {
    opt(field, value, input::SHORT_TEXT)?;
    input::opt_date(field, value.as_deref())?;
    Ok(())
}

/// Refuses a list that is too long or whose keys repeat; returns the keys.
fn keys(field: &'static str, list: impl Iterator<Item = u32>, noun: &str) -> Result<HashSet<u32>> {
    let mut seen = HashSet::new();
    for key in list {
        if !seen.insert(key) {
            return Err(Error::invalid(field, format!("Two {noun}s have the same key ({key}).")));
        }
    }
    if seen.len() > MAX_ITEMS {
        return Err(Error::invalid(
            field,
            format!("A worksheet holds at most {MAX_ITEMS} {noun}s; this has {}.", seen.len()),
        ));
    }
    Ok(seen)
}

fn chosen_in(
    field: &'static str,
    chosen: Option<u32>,
    keys: &HashSet<u32>,
    noun: &str,
) -> Result<()> {
    match chosen {
        Some(key) if !keys.contains(&key) => Err(Error::invalid(
            field,
            format!("The chosen {noun} is no longer on the list. Choose one again."),
        )),
        _ => Ok(()),
    }
}

impl CommunicationAnalysis {
    fn tidy(&mut self) -> Result<()> {
        date("exchange_on", &mut self.exchange_on)?;
        opt("setting", &mut self.setting, input::LONG_TEXT)?;
        for turn in &mut self.turns {
            req("turns", &mut turn.words, input::LONG_TEXT)?;
            opt("turns", &mut turn.tone, input::SHORT_TEXT)?;
            opt("turns", &mut turn.non_verbal, input::SHORT_TEXT)?;
        }
        let turns = keys("turns", self.turns.iter().map(|t| t.key), "turn")?;
        for (field, value) in [
            ("meant", &mut self.meant),
            ("heard", &mut self.heard),
            ("response", &mut self.response),
            ("client_feelings", &mut self.client_feelings),
            ("other_feelings", &mut self.other_feelings),
            ("relationship_effect", &mut self.relationship_effect),
        ] {
            opt(field, value, input::LONG_TEXT)?;
        }
        rating("mood_before", self.mood_before)?;
        rating("mood_after", self.mood_after)?;
        let mut problems = HashSet::new();
        for seen in &self.problems {
            if !problems.insert(seen.problem) {
                return Err(Error::invalid(
                    "problems",
                    "A communication problem is ticked twice. Tick each one once.",
                ));
            }
            if let Some(turn) = seen.turn
                && !turns.contains(&turn)
            {
                return Err(Error::invalid(
                    "problems",
                    "A problem is pinned to a turn that is no longer in the exchange. Pin it \
                     again, or leave it unpinned.",
                ));
            }
        }
        for alternative in &mut self.alternatives {
            req("alternatives", &mut alternative.words, input::LONG_TEXT)?;
            opt("alternatives", &mut alternative.predicted_outcome, input::LONG_TEXT)?;
        }
        let alternatives =
            keys("alternatives", self.alternatives.iter().map(|a| a.key), "alternative")?;
        chosen_in("chosen", self.chosen, &alternatives, "alternative")
    }
}

impl RolePlay {
    fn tidy(&mut self) -> Result<()> {
        for (field, value) in [
            ("situation", &mut self.situation),
            ("goal", &mut self.goal),
            ("opening_lines", &mut self.opening_lines),
            ("what_worked", &mut self.what_worked),
            ("what_to_change", &mut self.what_to_change),
            ("key_phrases", &mut self.key_phrases),
        ] {
            opt(field, value, input::LONG_TEXT)?;
        }
        date("attempt_on", &mut self.attempt_on)?;
        for (n, run) in self.runs.iter_mut().enumerate() {
            let ratings = [
                run.confidence_before,
                run.confidence_after,
                run.distress_before,
                run.distress_after,
            ];
            if ratings.iter().flatten().any(|r| !RATING.contains(r)) {
                return Err(Error::invalid(
                    "runs",
                    format!("Run {}: confidence and distress run from 0 to 10.", n + 1),
                ));
            }
            opt("runs", &mut run.notes, input::LONG_TEXT)?;
        }
        keys("runs", self.runs.iter().map(|r| r.key), "run")?;
        Ok(())
    }
}

impl DecisionAnalysis {
    fn tidy(&mut self) -> Result<()> {
        opt("problem", &mut self.problem, input::LONG_TEXT)?;
        for option in &mut self.options {
            req("options", &mut option.option, input::LONG_TEXT)?;
            opt("options", &mut option.pros, input::LONG_TEXT)?;
            opt("options", &mut option.cons, input::LONG_TEXT)?;
        }
        let options = keys("options", self.options.iter().map(|o| o.key), "option")?;
        chosen_in("chosen", self.chosen, &options, "option")?;
        opt("steps", &mut self.steps, input::LONG_TEXT)?;
        opt("obstacles", &mut self.obstacles, input::LONG_TEXT)?;
        date("review_on", &mut self.review_on)
    }
}

/// True when nothing has been written or chosen yet.
pub fn is_empty(content: &WorksheetContent) -> bool {
    content == &WorksheetContent::empty(content.kind())
}
