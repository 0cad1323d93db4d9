//! `score` and `outcome`: the measure engine from the command line, with no vault, for
//! scripted checks of the scoring.

use crate::{Failure, usage};
use rapport_core::{
    AdministrationStatus, Answer, ClientRecord, Definition, Error, Instrument, Outcome, Score,
    Verdict, figure_text, outcome, score,
};
use serde_json::json;

fn instrument(name: &str) -> Result<&'static Definition, Failure> {
    Instrument::parse(name).map(Instrument::definition).ok_or_else(|| {
        let known: Vec<&str> = Instrument::ALL.iter().map(|i| i.definition().code).collect();
        usage(format!("unknown instrument {name:?}; known: {}", known.join(", ")))
    })
}

/// Reads the answers as on the form: numbers, `na` where the item allows it, `-` for an item
/// not answered. The unscored items at the end (PHQ-9 and GAD-7's difficulty item) may be
/// left off.
fn answers(def: &Definition, given: &[String]) -> Result<Vec<Option<Answer>>, Failure> {
    let all = def.items.len();
    let trailing_unscored = def.items.iter().rev().take_while(|i| i.unscored).count();
    if given.len() != all && given.len() != all - trailing_unscored {
        let expected = if trailing_unscored > 0 {
            format!("{} or {all}", all - trailing_unscored)
        } else {
            all.to_string()
        };
        return Err(usage(format!(
            "{} takes {expected} responses, in item order; {} were given",
            def.name,
            given.len()
        )));
    }
    let mut out = Vec::with_capacity(all);
    for (at, text) in given.iter().enumerate() {
        if text == "-" {
            out.push(None);
            continue;
        }
        let answer = Answer::parse(text).ok_or_else(|| {
            Failure::from(Error::invalid(
                format!("item_{}", at + 1),
                format!(
                    "{} item {}: {text:?} is not a whole number (or na, or - for no answer).",
                    def.name,
                    at + 1
                ),
            ))
        })?;
        out.push(Some(answer));
    }
    out.resize(all, None);
    Ok(out)
}

pub fn score_command(name: &str, given: &[String], json: bool) -> Result<(), Failure> {
    let def = instrument(name)?;
    let answers = answers(def, given)?;
    let s = score(def, &answers)?;
    if json {
        println!(
            "{}",
            json!({"ok": true, "instrument": def.code, "name": def.name, "score": s,
                   "bands_rule": def.bands_rule, "citation": def.citation})
        );
    } else {
        print_score(def, &s);
    }
    Ok(())
}

fn print_score(def: &Definition, s: &Score) {
    println!("{} ({}, {})", def.name, def.measures, def.period);
    match (&s.total_text, s.complete) {
        (Some(total), _) => {
            let max = figure_text(def.total_range.1, def.decimals);
            match &s.band {
                Some(band) => println!("Total:    {total} of {max}: {band}"),
                None => println!("Total:    {total} of {max}"),
            }
            println!("          ({})", def.bands_rule);
        }
        (None, _) => {
            let missing: Vec<String> = s.missing.iter().map(|n| n.to_string()).collect();
            println!(
                "Total:    none: incomplete (items {} not answered); not charted, not in outcomes",
                missing.join(", ")
            );
        }
    }
    for g in &s.groups {
        let value = g.value.map_or("-".into(), |v| figure_text(v, g.decimals));
        println!("  {:<40} {value}", g.name);
    }
    if let Some(c) = &s.cluster {
        let verdict = if c.met { "met" } else { "not met" };
        println!("{}: {verdict}", c.label);
        for k in &c.clusters {
            println!("  {:<40} {} endorsed of {} needed", k.name, k.endorsed, k.needed);
        }
        println!("  ({})", c.rule);
    }
    for c in &s.counts {
        println!("  item {:<2} {:<48} {}", c.item, c.label, c.count);
    }
    if s.flags.is_empty() {
        println!("Flags:    none");
    }
    for f in &s.flags {
        println!("FLAG:     item {} ({}) = {}: {}", f.item, f.label, f.value, f.rule);
    }
    for n in &s.notes {
        println!("Note:     {n}");
    }
    println!("Source:   {}", def.citation);
}

/// A score as typed: a whole number, or for the EDE-Q up to two decimals.
fn figure(def: &Definition, field: &'static str, text: &str) -> Result<i64, Failure> {
    let bad = |why: String| Failure::from(Error::invalid(field, why));
    let value = if def.decimals == 2 {
        let v: f64 =
            text.parse().map_err(|_| bad(format!("the {field} score {text:?} is not a number")))?;
        (v * 100.0).round() as i64
    } else {
        text.parse()
            .map_err(|_| bad(format!("the {field} score {text:?} is not a whole number")))?
    };
    let (lo, hi) = def.total_range;
    if value < lo || value > hi {
        return Err(bad(format!(
            "the {field} {} score must be from {} to {}; {text} was given",
            def.name,
            figure_text(lo, def.decimals),
            figure_text(hi, def.decimals)
        )));
    }
    Ok(value)
}

pub fn outcome_command(
    name: &str,
    baseline: &str,
    last: &str,
    with: &[String],
    json: bool,
) -> Result<(), Failure> {
    let def = instrument(name)?;
    let b = figure(def, "baseline", baseline)?;
    let f = figure(def, "final", last)?;
    let companion = match with {
        [] => None,
        [name, baseline, last] => {
            let other = instrument(name)?;
            Some((other, figure(other, "baseline", baseline)?, figure(other, "final", last)?))
        }
        _ => return Err(usage("--with takes INSTRUMENT BASELINE FINAL")),
    };
    let mut outcomes = vec![outcome(def, b, f, companion)];
    if let Some((other, ob, of)) = companion {
        outcomes.push(outcome(other, ob, of, Some((def, b, f))));
    }
    if json {
        println!("{}", json!({"ok": true, "outcomes": outcomes}));
    } else {
        for o in &outcomes {
            print_outcome(o);
        }
    }
    Ok(())
}

fn print_outcome(o: &Outcome) {
    let band = |b: &Option<String>| b.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
    println!(
        "{}: {}{} to {}{}, change {}",
        o.name,
        o.baseline_text,
        band(&o.baseline_band),
        o.latest_text,
        band(&o.latest_band),
        o.change_text
    );
    if o.findings.is_empty() {
        println!("  No outcome rule applies to this instrument.");
    }
    for f in &o.findings {
        let verdict = match f.verdict {
            Verdict::Met => "yes",
            Verdict::NotMet => "no",
            Verdict::NotApplicable => "n/a",
        };
        println!("  {:<28} {verdict:<4} {}", f.label, f.detail);
        println!("  {:<28}      rule: {}", "", f.rule);
    }
}

/// A cell of free text, kept as text by spreadsheet programs: one that would start a formula
/// (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe.
fn as_text(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    }
}

/// Every administration of one client as CSV: one row per form, oldest first, with each
/// item's answer as given on the form.
pub fn scores_csv(record: &ClientRecord) -> Result<Vec<u8>, Failure> {
    let most_items = Instrument::ALL.iter().map(|i| i.definition().items.len()).max().unwrap_or(0);
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "administration",
        "instrument",
        "instrument_name",
        "given_on",
        "session_number",
        "status",
        "total",
        "band",
        "flags",
        "corrects",
        "correction_reason",
        "corrected_by",
        "answered_by_client",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend((1..=most_items).map(|n| format!("item_{n}")));
    let failed = |e: csv::Error| Failure::from(Error::Internal { what: e.to_string() });
    out.write_record(&header).map_err(failed)?;
    let numbers: std::collections::HashMap<_, _> =
        record.courses.iter().flat_map(|c| c.sessions.iter()).map(|s| (s.id, s.number)).collect();
    for a in &record.administrations {
        let def = a.instrument.definition();
        let status = match a.status {
            AdministrationStatus::Open => "open",
            AdministrationStatus::Incomplete => "incomplete",
            AdministrationStatus::Complete => "complete",
        };
        let flags: Vec<String> = a
            .score
            .flags
            .iter()
            .map(|f| format!("item {} = {} ({})", f.item, f.value, f.label))
            .collect();
        let number = a.session_id.and_then(|s| numbers.get(&s).copied().flatten());
        let mut row = vec![
            a.id.to_string(),
            def.code.to_string(),
            def.name.to_string(),
            a.given_on.clone(),
            number.map(|n| n.to_string()).unwrap_or_default(),
            status.to_string(),
            a.score.total_text.clone().unwrap_or_default(),
            a.score.band.clone().unwrap_or_default(),
            flags.join("; "),
            a.corrects.map(|c| c.to_string()).unwrap_or_default(),
            as_text(a.correction_reason.as_deref().unwrap_or("")),
            a.corrected_by.map(|c| c.to_string()).unwrap_or_default(),
            if a.handed_to_client { "yes" } else { "no" }.to_string(),
        ];
        for at in 0..most_items {
            row.push(match a.responses.get(at).copied().flatten() {
                Some(Answer::Given(v)) => v.to_string(),
                Some(Answer::NotApplicable) => "na".to_string(),
                None => String::new(),
            });
        }
        out.write_record(&row).map_err(failed)?;
    }
    out.into_inner().map_err(|e| Failure::from(Error::Internal { what: e.to_string() }))
}
