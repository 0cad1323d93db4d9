//! What an instrument is, as data: its items and the values each allows, reversals, domains and
//! subscales, severity bands, risk flags, the threshold rules, its citation and licence note,
//! and the constants its Reliable Change Index uses. One scoring function (`score.rs`) reads
//! every definition; nothing about an instrument is written anywhere else.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The instruments Rapport scores. The stored text of each is its serde name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Instrument {
    Phq9,
    Gad7,
    Epds,
    Hamd17,
    Wsas,
    QidsSr16,
    Pcl5,
    EdeQ,
    /// A 0–10 rating of progress towards one goal.
    GoalRating,
}

impl Instrument {
    pub const ALL: [Instrument; 9] = [
        Instrument::Phq9,
        Instrument::Gad7,
        Instrument::Epds,
        Instrument::Hamd17,
        Instrument::Wsas,
        Instrument::QidsSr16,
        Instrument::Pcl5,
        Instrument::EdeQ,
        Instrument::GoalRating,
    ];
}

/// Who gives the answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Rater {
    /// The client answers (the form can be handed to them).
    SelfReport,
    /// The clinician rates after an interview.
    Clinician,
}

/// The values one item allows, as they are given on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Values {
    /// A rating from `min` to `max`, scored as given.
    Rating {
        #[ts(type = "number")]
        min: i64,
        #[ts(type = "number")]
        max: i64,
        /// A value that means "not assessed": allowed, adds 0 (HAM-D item 16 uses 3).
        #[ts(type = "number | null")]
        not_assessed: Option<i64>,
        /// Whether the item may be marked not applicable (the WSAS work item).
        not_applicable: bool,
    },
    /// A printed option, given as its position counted from the top (0 first); each position
    /// scores the value at that index (the EPDS, whose reversed items score 3, 2, 1, 0).
    Position {
        #[ts(type = "Array<number>")]
        scores: &'static [i64],
    },
    /// A count of behaviours or days, from 0 to `max`; recorded, in no subscale (EDE-Q 13–18).
    Count {
        #[ts(type = "number")]
        max: i64,
    },
}

impl Values {
    pub const fn rating(min: i64, max: i64) -> Values {
        Values::Rating { min, max, not_assessed: None, not_applicable: false }
    }

    /// The lowest and highest value that may be entered.
    pub fn entry_range(&self) -> (i64, i64) {
        match *self {
            Values::Rating { min, max, not_assessed, .. } => {
                (min, not_assessed.map_or(max, |n| n.max(max)))
            }
            Values::Position { scores } => (0, scores.len() as i64 - 1),
            Values::Count { max } => (0, max),
        }
    }
}

/// One item of an instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Item {
    /// Its number on the form, from 1.
    pub number: u8,
    /// A short label of our own ("Thoughts of self-harm"), shown for every instrument.
    pub label: &'static str,
    /// The printed wording, only where the licence lets it ship.
    pub text: Option<&'static str>,
    pub values: Values,
    /// Labels of the answer options, lowest first, where the licence lets them ship and they
    /// are the same for every item.
    #[ts(type = "Array<string>")]
    pub options: &'static [&'static str],
    /// Recorded but never scored (PHQ-9 and GAD-7's "how difficult" item), and not needed for
    /// the administration to be complete.
    pub unscored: bool,
}

/// How the total is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum TotalRule {
    /// The sum of the scored items.
    Sum,
    /// The sum of the domain scores, each the highest of its items (QIDS-SR16).
    SumOfDomains,
    /// The mean of the subscale means, to two decimals (the EDE-Q global score).
    MeanOfSubscales,
    /// The single item's value (a goal rating).
    Single,
}

/// How a subscale (or a domain) is reached from its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Combine {
    Sum,
    Max,
    /// The mean, to two decimals.
    Mean,
}

/// A named group of items: a subscale (EPDS-3A, EDE-Q Restraint), a symptom cluster (PCL-5 B)
/// or a domain whose highest item counts (QIDS sleep).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Group {
    pub name: &'static str,
    #[ts(type = "Array<number>")]
    pub items: &'static [u8],
    pub combine: Combine,
}

/// A severity band over totals `from..=to` (in hundredths for a decimal total, see
/// [`Definition::decimals`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Band {
    #[ts(type = "number")]
    pub from: i64,
    #[ts(type = "number")]
    pub to: i64,
    pub label: &'static str,
    /// 0 for the lowest band, rising with severity; the chart shades by it.
    pub level: u8,
}

/// A risk flag: an item whose scored value reaches `at_least` is flagged for a risk check,
/// whatever the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FlagRule {
    pub item: u8,
    #[ts(type = "number")]
    pub at_least: i64,
    pub label: &'static str,
    /// The rule in words, shown beside the flag.
    pub rule: &'static str,
}

/// The PCL-5 rule for a provisional diagnosis: an item rated at least `endorsed_at` counts as
/// endorsed, and each cluster needs its number of endorsed items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ClusterRule {
    pub label: &'static str,
    #[ts(type = "number")]
    pub endorsed_at: i64,
    /// (cluster name as in `groups`, endorsed items needed)
    #[ts(type = "Array<[string, number]>")]
    pub needs: &'static [(&'static str, usize)],
    pub rule: &'static str,
}

/// The constants a Reliable Change Index uses, with where they were published.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RciConstants {
    /// Standard deviation of the scores in the reference sample.
    pub sd: f64,
    /// The reliability coefficient used.
    pub reliability: f64,
    /// What kind of reliability it is ("Cronbach's alpha", "test-retest").
    pub reliability_kind: &'static str,
    pub source: &'static str,
}

impl RciConstants {
    /// S_diff = √2 · SD · √(1 − r).
    pub fn s_diff(&self) -> f64 {
        std::f64::consts::SQRT_2 * self.sd * (1.0 - self.reliability).sqrt()
    }
}

/// Everything Rapport knows about one instrument.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Definition {
    pub instrument: Instrument,
    /// The short name the command line uses (`phq9`).
    pub code: &'static str,
    /// The name clinicians know it by (`PHQ-9`).
    pub name: &'static str,
    /// What it measures, in a few words.
    pub measures: &'static str,
    /// The period the answers describe ("the past 2 weeks").
    pub period: &'static str,
    pub rater: Rater,
    /// The question every item answers, where the wording may ship.
    pub stem: Option<&'static str>,
    pub items: &'static [Item],
    pub total: TotalRule,
    /// The lowest and highest total (in hundredths when `decimals` is 2).
    #[ts(type = "[number, number]")]
    pub total_range: (i64, i64),
    /// 0 for whole-number totals; 2 when the total is a mean shown to two decimals.
    pub decimals: u8,
    /// Domains (QIDS), clusters (PCL-5) and subscales (EPDS-3A, EDE-Q).
    pub groups: &'static [Group],
    pub bands: &'static [Band],
    /// Where the bands come from, shown beside the band.
    pub bands_rule: &'static str,
    pub flags: &'static [FlagRule],
    pub cluster_rule: Option<ClusterRule>,
    pub citation: &'static str,
    pub licence: &'static str,
    pub rci: Option<RciConstants>,
    /// The form can be handed to the client on the laptop: a self-report instrument whose
    /// wording ships (see `can_hand_to_client`, which the tests hold this to).
    pub handable: bool,
}

impl Definition {
    /// The items that count towards completeness (every item but the unscored ones).
    pub fn scored_items(&self) -> impl Iterator<Item = &'static Item> + '_ {
        self.items.iter().filter(|i| !i.unscored)
    }

    pub fn item(&self, number: u8) -> Option<&'static Item> {
        self.items.iter().find(|i| i.number == number)
    }

    /// The band a total falls in (in hundredths when `decimals` is 2).
    pub fn band_of(&self, total: i64) -> Option<&'static Band> {
        self.bands.iter().find(|b| b.from <= total && total <= b.to)
    }

    /// Whether the client can be handed the form: a self-report instrument whose wording ships.
    pub fn can_hand_to_client(&self) -> bool {
        self.rater == Rater::SelfReport && self.items.iter().all(|i| i.text.is_some())
    }
}
