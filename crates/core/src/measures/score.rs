//! One scoring function for every instrument: validate the answers against the definition,
//! then reach the total, band, groups, flags and cluster rule from the data alone.

use super::definition::{Combine, Definition, Instrument, TotalRule, Values};
use crate::error::{Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

/// One answer as given on the form: a number, or "not applicable" where the item allows it
/// (the WSAS work item). Serialised as the number, or the text `"na"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, TS)]
#[ts(export, type = "number | \"na\"")]
pub enum Answer {
    Given(i64),
    NotApplicable,
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Answer::Given(v) => s.serialize_i64(*v),
            Answer::NotApplicable => s.serialize_str("na"),
        }
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(i64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(v) => Ok(Answer::Given(v)),
            Raw::Text(t) if t == "na" => Ok(Answer::NotApplicable),
            Raw::Text(t) => Err(serde::de::Error::custom(format!(
                "an answer is a whole number or \"na\", not {t:?}"
            ))),
        }
    }
}

impl Answer {
    /// Reads an answer as typed on the command line: a whole number, or `na`.
    pub fn parse(text: &str) -> Option<Answer> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("na") || t.eq_ignore_ascii_case("n/a") {
            return Some(Answer::NotApplicable);
        }
        t.parse().ok().map(Answer::Given)
    }
}

/// The answers to one administration, one entry per item in the definition's order (the
/// unscored items included); `None` where the item has not been answered yet.
pub type Responses = Vec<Option<Answer>>;

/// A group's figure: a subscale, cluster or domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GroupScore {
    pub name: String,
    /// In hundredths when `decimals` is 2; `None` while an item of the group is unanswered.
    #[ts(type = "number | null")]
    pub value: Option<i64>,
    pub decimals: u8,
}

/// A risk flag raised by an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RaisedFlag {
    pub item: u8,
    /// The item's scored value.
    #[ts(type = "number")]
    pub value: i64,
    pub label: String,
    pub rule: String,
}

/// The result of a cluster rule (the PCL-5's provisional PTSD).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClusterResult {
    pub label: String,
    pub met: bool,
    /// Per cluster: its name, the endorsed items and how many it needs.
    pub clusters: Vec<ClusterCount>,
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClusterCount {
    pub name: String,
    pub endorsed: u32,
    pub needed: u32,
}

/// A behaviour count (EDE-Q 13–18), recorded beside the scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BehaviourCount {
    pub item: u8,
    pub label: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// Everything scoring says about one set of answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Score {
    pub instrument: Instrument,
    /// Every scored item answered. Only a complete administration has a total, and only it is
    /// charted or enters outcomes.
    pub complete: bool,
    /// The scored items not yet answered, by number.
    pub missing: Vec<u8>,
    /// In hundredths when `decimals` is 2 (the EDE-Q global).
    #[ts(type = "number | null")]
    pub total: Option<i64>,
    pub decimals: u8,
    /// The total as shown ("12", "2.35").
    pub total_text: Option<String>,
    /// While items are still unanswered: the total of the answers given so far, and its band,
    /// to show as the form is filled in (never charted, never in outcomes). `None` for a mean.
    #[ts(type = "number | null")]
    pub running: Option<i64>,
    pub running_band: Option<String>,
    pub band: Option<String>,
    /// 0 for the lowest band, rising with severity.
    pub band_level: Option<u8>,
    pub groups: Vec<GroupScore>,
    /// Flags are raised by any answer given, complete or not, whatever the total.
    pub flags: Vec<RaisedFlag>,
    pub cluster: Option<ClusterResult>,
    pub counts: Vec<BehaviourCount>,
    /// What the reader must know about this total (an item not applicable or not assessed).
    pub notes: Vec<String>,
}

/// The field a refusal about item `n` names.
pub fn item_field(n: u8) -> String {
    format!("item_{n}")
}

/// Checks every answer against its item: the right number of entries, each value allowed.
pub fn validate(def: &Definition, responses: &[Option<Answer>]) -> Result<()> {
    if responses.len() != def.items.len() {
        let unscored = def.items.iter().filter(|i| i.unscored).count();
        let of = if unscored > 0 {
            format!(
                "{} items ({} scored and {} not scored)",
                def.items.len(),
                def.items.len() - unscored,
                unscored
            )
        } else {
            format!("{} items", def.items.len())
        };
        return Err(Error::invalid(
            "responses",
            format!("{} has {of}; {} answers were given.", def.name, responses.len()),
        ));
    }
    for (item, answer) in def.items.iter().zip(responses) {
        let Some(answer) = answer else { continue };
        let field = item_field(item.number);
        let (lo, hi) = item.values.entry_range();
        match (answer, item.values) {
            (Answer::NotApplicable, Values::Rating { not_applicable: true, .. }) => {}
            (Answer::NotApplicable, _) => {
                return Err(Error::invalid(
                    field,
                    format!(
                        "{} item {} cannot be marked not applicable; give a value from {lo} to \
                         {hi}.",
                        def.name, item.number
                    ),
                ));
            }
            (Answer::Given(v), _) if *v < lo || *v > hi => {
                return Err(Error::invalid(
                    field,
                    format!(
                        "{} item {} ({}) must be from {lo} to {hi}; {v} was given.",
                        def.name, item.number, item.label
                    ),
                ));
            }
            (Answer::Given(_), _) => {}
        }
    }
    Ok(())
}

/// The value an answer adds to the total: the position's score, 0 for "not assessed" and for
/// "not applicable".
fn scored(values: &Values, answer: Answer) -> i64 {
    match (values, answer) {
        (_, Answer::NotApplicable) => 0,
        (Values::Position { scores }, Answer::Given(p)) => scores[p as usize],
        (Values::Rating { not_assessed: Some(n), .. }, Answer::Given(v)) if v == *n => 0,
        (_, Answer::Given(v)) => v,
    }
}

/// `num / den` to hundredths, half away from zero (both non-negative here).
fn hundredths(num: i64, den: i64) -> i64 {
    (num * 200 + den) / (2 * den)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Shows a figure in hundredths or whole units as text.
pub fn figure_text(value: i64, decimals: u8) -> String {
    if decimals != 2 {
        return value.to_string();
    }
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", value.abs() / 100, value.abs() % 100)
}

/// Scores one set of answers against its definition. The answers are validated first; an
/// invalid answer is refused naming its item.
pub fn score(def: &Definition, responses: &[Option<Answer>]) -> Result<Score> {
    validate(def, responses)?;
    let answer_of = |n: u8| -> Option<Answer> {
        def.items.iter().position(|i| i.number == n).and_then(|at| responses[at])
    };
    let value_of = |n: u8| -> Option<i64> {
        let item = def.item(n)?;
        answer_of(n).map(|a| scored(&item.values, a))
    };
    let missing: Vec<u8> =
        def.scored_items().filter(|i| answer_of(i.number).is_none()).map(|i| i.number).collect();
    let complete = missing.is_empty();

    // Groups: sums, highest items, or means (as exact fractions, shown to hundredths).
    let mut groups = Vec::new();
    let mut means: Vec<(i64, i64)> = Vec::new();
    for g in def.groups {
        let values: Option<Vec<i64>> = g.items.iter().map(|n| value_of(*n)).collect();
        let (value, decimals) = match (values, g.combine) {
            (None, Combine::Mean) => (None, 2),
            (None, _) => (None, 0),
            (Some(v), Combine::Sum) => (Some(v.iter().sum()), 0),
            (Some(v), Combine::Max) => (v.iter().copied().max(), 0),
            (Some(v), Combine::Mean) => {
                let sum: i64 = v.iter().sum();
                means.push((sum, v.len() as i64));
                (Some(hundredths(sum, v.len() as i64)), 2)
            }
        };
        groups.push(GroupScore { name: g.name.to_string(), value, decimals });
    }

    let total = if !complete {
        None
    } else {
        Some(match def.total {
            TotalRule::Sum => def
                .scored_items()
                .filter(|i| !matches!(i.values, Values::Count { .. }))
                .map(|i| value_of(i.number).unwrap_or(0))
                .sum(),
            TotalRule::SumOfDomains => groups.iter().map(|g| g.value.unwrap_or(0)).sum(),
            TotalRule::MeanOfSubscales => {
                // The mean of the subscale means, exactly: Σ (sum_k / n_k) / k.
                let lcm = means.iter().fold(1, |acc, (_, n)| acc / gcd(acc, *n) * n);
                let num: i64 = means.iter().map(|(s, n)| s * (lcm / n)).sum();
                hundredths(num, lcm * means.len() as i64)
            }
            TotalRule::Single => value_of(def.items[0].number).unwrap_or(0),
        })
    };
    let band = total.and_then(|t| def.band_of(t));
    let running = match def.total {
        TotalRule::MeanOfSubscales => None,
        _ if complete => total,
        TotalRule::SumOfDomains => Some(
            groups
                .iter()
                .filter_map(|g| {
                    // A domain's highest answered item so far.
                    let answered: Vec<i64> = def
                        .groups
                        .iter()
                        .find(|d| d.name == g.name)
                        .map(|d| d.items.iter().filter_map(|n| value_of(*n)).collect())
                        .unwrap_or_default();
                    answered.into_iter().max()
                })
                .sum(),
        ),
        _ => Some(
            def.scored_items()
                .filter(|i| !matches!(i.values, Values::Count { .. }))
                .filter_map(|i| value_of(i.number))
                .sum(),
        ),
    };

    let flags = def
        .flags
        .iter()
        .filter_map(|f| {
            let v = value_of(f.item)?;
            (v >= f.at_least).then(|| RaisedFlag {
                item: f.item,
                value: v,
                label: f.label.to_string(),
                rule: f.rule.to_string(),
            })
        })
        .collect();

    let cluster = def.cluster_rule.filter(|_| complete).map(|rule| {
        let clusters: Vec<ClusterCount> = rule
            .needs
            .iter()
            .map(|(name, needed)| {
                let group = def.groups.iter().find(|g| g.name == *name);
                let endorsed = group.map_or(0, |g| {
                    g.items
                        .iter()
                        .filter(|n| value_of(**n).unwrap_or(0) >= rule.endorsed_at)
                        .count()
                });
                ClusterCount {
                    name: name.to_string(),
                    endorsed: endorsed as u32,
                    needed: *needed as u32,
                }
            })
            .collect();
        ClusterResult {
            label: rule.label.to_string(),
            met: clusters.iter().all(|c| c.endorsed >= c.needed),
            clusters,
            rule: rule.rule.to_string(),
        }
    });

    let counts = def
        .items
        .iter()
        .zip(responses)
        .filter(|(i, _)| matches!(i.values, Values::Count { .. }))
        .filter_map(|(i, a)| match a {
            Some(Answer::Given(c)) => {
                Some(BehaviourCount { item: i.number, label: i.label.to_string(), count: *c })
            }
            _ => None,
        })
        .collect();

    let mut notes = Vec::new();
    for (item, answer) in def.items.iter().zip(responses) {
        match (item.values, answer) {
            (Values::Rating { not_applicable: true, .. }, Some(Answer::NotApplicable)) => {
                let max = def.total_range.1 - item.values.entry_range().1;
                notes.push(format!(
                    "Item {} marked not applicable: the total is of the other items ({} to {max}).",
                    item.number, def.total_range.0
                ));
            }
            (Values::Rating { not_assessed: Some(n), .. }, Some(Answer::Given(v))) if v == &n => {
                notes.push(format!("Item {} not assessed: it adds 0 to the total.", item.number));
            }
            _ => {}
        }
    }

    Ok(Score {
        instrument: def.instrument,
        complete,
        missing,
        total,
        decimals: def.decimals,
        total_text: total.map(|t| figure_text(t, def.decimals)),
        running,
        running_band: running.and_then(|r| def.band_of(r)).map(|b| b.label.to_string()),
        band: band.map(|b| b.label.to_string()),
        band_level: band.map(|b| b.level),
        groups,
        flags,
        cluster,
        counts,
        notes,
    })
}
