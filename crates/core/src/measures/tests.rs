//! The scoring rules of measures.md, tested at every boundary.

use super::definition::{Instrument, Values};
use super::outcome::{OutcomeKind, Verdict, outcome};
use super::score::{Answer, Responses, score};
use crate::error::Error;

fn given(values: &[i64]) -> Responses {
    values.iter().map(|v| Some(Answer::Given(*v))).collect()
}

/// Answers for a summed instrument that reach `total`, filling items from the first with their
/// highest score (unscored items get 0).
fn reaching(i: Instrument, total: i64) -> Responses {
    let def = i.definition();
    let mut left = total;
    def.items
        .iter()
        .map(|item| {
            if item.unscored {
                return Some(Answer::Given(0));
            }
            let (lo, hi) = match item.values {
                Values::Rating { min, max, .. } => (min, max),
                Values::Position { .. } => (0, 3),
                Values::Count { .. } => (0, 0),
            };
            let v = left.min(hi).max(lo);
            left -= v;
            // For the EPDS, give the position that scores v.
            let answer = match item.values {
                Values::Position { scores } => scores.iter().position(|s| *s == v).unwrap() as i64,
                _ => v,
            };
            Some(Answer::Given(answer))
        })
        .collect()
}

fn total_and_band(i: Instrument, total: i64) -> (Option<i64>, Option<String>) {
    let s = score(i.definition(), &reaching(i, total)).unwrap();
    (s.total, s.band)
}

fn field_of(e: Error) -> String {
    match e {
        Error::Invalid { field, .. } => field.into_owned(),
        other => panic!("expected a refusal naming a field, got {other:?}"),
    }
}

#[test]
fn every_band_boundary_of_every_banded_instrument() {
    let cases: &[(Instrument, &[(i64, &str)])] = &[
        (
            Instrument::Phq9,
            &[
                (0, "Minimal"),
                (4, "Minimal"),
                (5, "Mild"),
                (9, "Mild"),
                (10, "Moderate"),
                (14, "Moderate"),
                (15, "Moderately severe"),
                (19, "Moderately severe"),
                (20, "Severe"),
                (27, "Severe"),
            ],
        ),
        (
            Instrument::Gad7,
            &[
                (0, "Minimal"),
                (4, "Minimal"),
                (5, "Mild"),
                (9, "Mild"),
                (10, "Moderate"),
                (14, "Moderate"),
                (15, "Severe"),
                (21, "Severe"),
            ],
        ),
        (
            Instrument::Epds,
            &[
                (0, "Depression unlikely"),
                (9, "Depression unlikely"),
                (10, "Possible depression"),
                (12, "Possible depression"),
                (13, "Probable depression"),
                (30, "Probable depression"),
            ],
        ),
        (
            Instrument::Hamd17,
            &[
                (0, "No depression"),
                (7, "No depression"),
                (8, "Mild"),
                (13, "Mild"),
                (14, "Moderate"),
                (18, "Moderate"),
                (19, "Severe"),
                (22, "Severe"),
                (23, "Very severe"),
                (52, "Very severe"),
            ],
        ),
        (
            Instrument::Wsas,
            &[
                (0, "Subclinical"),
                (9, "Subclinical"),
                (10, "Significant impairment"),
                (20, "Significant impairment"),
                (21, "Moderately severe or worse"),
                (40, "Moderately severe or worse"),
            ],
        ),
        (
            Instrument::Pcl5,
            &[
                (0, "Below the threshold of 33"),
                (32, "Below the threshold of 33"),
                (33, "Probable PTSD (total of 33 or more)"),
                (80, "Probable PTSD (total of 33 or more)"),
            ],
        ),
    ];
    for (instrument, points) in cases {
        for (total, band) in *points {
            assert_eq!(
                total_and_band(*instrument, *total),
                (Some(*total), Some(band.to_string())),
                "{instrument:?} total {total}"
            );
        }
        // The bands cover the whole range with no gap and no overlap.
        let def = instrument.definition();
        for t in def.total_range.0..=def.total_range.1 {
            assert_eq!(def.bands.iter().filter(|b| b.from <= t && t <= b.to).count(), 1);
        }
    }
}

#[test]
fn qids_bands_at_every_boundary() {
    let def = Instrument::QidsSr16.definition();
    for (t, band) in [
        (0, "None"),
        (5, "None"),
        (6, "Mild"),
        (10, "Mild"),
        (11, "Moderate"),
        (15, "Moderate"),
        (16, "Severe"),
        (20, "Severe"),
        (21, "Very severe"),
        (27, "Very severe"),
    ] {
        assert_eq!(def.band_of(t).unwrap().label, band, "QIDS {t}");
    }
}

#[test]
fn phq9_five_to_nine_is_mild_not_moderate() {
    for t in 5..=9 {
        assert_eq!(total_and_band(Instrument::Phq9, t).1.as_deref(), Some("Mild"));
    }
}

#[test]
fn epds_reversed_items_score_from_the_bottom() {
    let def = Instrument::Epds.definition();
    // The top option everywhere: items 1, 2, 4 score 0; the seven reversed items score 3.
    let s = score(def, &given(&[0; 10])).unwrap();
    assert_eq!(s.total, Some(21));
    // The bottom option everywhere: 3 × 3 = 9.
    let s = score(def, &given(&[3; 10])).unwrap();
    assert_eq!(s.total, Some(9));
    // Item by item.
    for (n, reversed) in [
        (1, false),
        (2, false),
        (3, true),
        (4, false),
        (5, true),
        (6, true),
        (7, true),
        (8, true),
        (9, true),
        (10, true),
    ] {
        // Every other item at the answer that scores 0.
        let mut r: Vec<i64> =
            (1..=10).map(|i| if [1, 2, 4].contains(&i) { 0 } else { 3 }).collect();
        r[n - 1] = 0;
        let top = score(def, &given(&r)).unwrap().total.unwrap();
        assert_eq!(top, if reversed { 3 } else { 0 }, "EPDS item {n}, top option");
    }
}

#[test]
fn epds_anxiety_subscale_is_items_3_4_5() {
    let def = Instrument::Epds.definition();
    // Items 3 and 5 reversed: position 0 scores 3; item 4 position 2 scores 2.
    let mut r = vec![0, 0, 0, 2, 0, 3, 3, 3, 3, 3];
    let s = score(def, &given(&r)).unwrap();
    assert_eq!(s.groups[0].name, "EPDS-3A (anxiety)");
    assert_eq!(s.groups[0].value, Some(3 + 2 + 3));
    r[2] = 3;
    assert_eq!(score(def, &given(&r)).unwrap().groups[0].value, Some(5));
}

#[test]
fn flags_are_raised_by_the_item_whatever_the_total() {
    // PHQ-9: item 9 at 1 with every other item at 0: total 1, minimal, flagged.
    let s = score(Instrument::Phq9.definition(), &given(&[0, 0, 0, 0, 0, 0, 0, 0, 1, 0])).unwrap();
    assert_eq!(s.total, Some(1));
    assert_eq!(s.band.as_deref(), Some("Minimal"));
    assert_eq!(s.flags.len(), 1);
    assert_eq!(s.flags[0].item, 9);
    // Item 9 at 0 with a severe total: no flag.
    let s = score(Instrument::Phq9.definition(), &given(&[3, 3, 3, 3, 3, 3, 3, 3, 0, 3])).unwrap();
    assert_eq!(s.total, Some(24));
    assert!(s.flags.is_empty());

    // EPDS item 10 is reversed: the bottom option (3) scores 0 and is not flagged; the option
    // above it (2) scores 1 and is.
    let mut r = vec![0, 0, 3, 0, 3, 3, 3, 3, 3, 3];
    assert!(score(Instrument::Epds.definition(), &given(&r)).unwrap().flags.is_empty());
    r[9] = 2;
    let s = score(Instrument::Epds.definition(), &given(&r)).unwrap();
    assert_eq!(s.total, Some(1));
    assert_eq!(s.flags.len(), 1);
    assert_eq!(s.flags[0].value, 1);

    // HAM-D item 3: 1 is not flagged, 2 is.
    let mut r = vec![0; 17];
    r[2] = 1;
    assert!(score(Instrument::Hamd17.definition(), &given(&r)).unwrap().flags.is_empty());
    r[2] = 2;
    let s = score(Instrument::Hamd17.definition(), &given(&r)).unwrap();
    assert_eq!((s.total, s.flags.len()), (Some(2), 1));

    // QIDS item 12 at 1.
    let mut r = vec![0; 16];
    r[11] = 1;
    let s = score(Instrument::QidsSr16.definition(), &given(&r)).unwrap();
    assert_eq!((s.total, s.flags.len()), (Some(1), 1));
}

#[test]
fn a_flag_is_raised_by_an_incomplete_administration_too() {
    let mut r: Responses = vec![None; 10];
    r[8] = Some(Answer::Given(2));
    let s = score(Instrument::Phq9.definition(), &r).unwrap();
    assert!(!s.complete);
    assert_eq!(s.total, None);
    assert_eq!(s.band, None);
    assert_eq!(s.flags.len(), 1);
}

#[test]
fn an_incomplete_administration_has_no_total_and_names_what_is_missing() {
    let mut r = given(&[1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    r[3] = None;
    r[6] = None;
    let s = score(Instrument::Phq9.definition(), &r).unwrap();
    assert!(!s.complete);
    assert_eq!(s.missing, vec![4, 7]);
    assert_eq!((s.total, s.total_text, s.band), (None, None, None));
    // The unscored difficulty item is not needed.
    let mut r = given(&[1; 10]);
    r[9] = None;
    let s = score(Instrument::Phq9.definition(), &r).unwrap();
    assert!(s.complete);
    assert_eq!(s.total, Some(9));
}

#[test]
fn the_difficulty_item_is_never_scored() {
    let a = score(Instrument::Phq9.definition(), &given(&[1, 1, 1, 1, 1, 1, 1, 1, 1, 0])).unwrap();
    let b = score(Instrument::Phq9.definition(), &given(&[1, 1, 1, 1, 1, 1, 1, 1, 1, 3])).unwrap();
    assert_eq!(a.total, b.total);
    let g = score(Instrument::Gad7.definition(), &given(&[3, 3, 3, 3, 3, 3, 3, 3])).unwrap();
    assert_eq!(g.total, Some(21));
}

#[test]
fn out_of_range_values_are_refused_naming_the_item() {
    let e =
        score(Instrument::Phq9.definition(), &given(&[0, 0, 0, 0, 0, 0, 0, 0, 4, 0])).unwrap_err();
    assert_eq!(field_of(e), "item_9");
    let e =
        score(Instrument::Phq9.definition(), &given(&[-1, 0, 0, 0, 0, 0, 0, 0, 0, 0])).unwrap_err();
    assert_eq!(field_of(e), "item_1");
    // HAM-D item 4 allows 0–2 only; item 1 allows 4.
    let mut r = vec![0; 17];
    r[0] = 4;
    assert!(score(Instrument::Hamd17.definition(), &given(&r)).is_ok());
    r[3] = 3;
    let e = score(Instrument::Hamd17.definition(), &given(&r)).unwrap_err();
    assert_eq!(field_of(e), "item_4");
    // An EPDS position past the fourth option.
    let e =
        score(Instrument::Epds.definition(), &given(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 4])).unwrap_err();
    assert_eq!(field_of(e), "item_10");
    // A count over its limit (EDE-Q 15 counts days of 28).
    let mut r = vec![0; 28];
    r[14] = 29;
    let e = score(Instrument::EdeQ.definition(), &given(&r)).unwrap_err();
    assert_eq!(field_of(e), "item_15");
    // The wrong number of answers.
    let e = score(Instrument::Gad7.definition(), &given(&[0; 6])).unwrap_err();
    assert_eq!(field_of(e), "responses");
    // "Not applicable" where the item does not allow it.
    let mut r = given(&[0; 5]);
    r[1] = Some(Answer::NotApplicable);
    let e = score(Instrument::Wsas.definition(), &r).unwrap_err();
    assert_eq!(field_of(e), "item_2");
}

#[test]
fn hamd_item_16_rated_3_is_not_assessed_and_adds_nothing() {
    let def = Instrument::Hamd17.definition();
    let mut r = vec![1; 17];
    r[15] = 3;
    let s = score(def, &given(&r)).unwrap();
    assert_eq!(s.total, Some(16));
    assert!(s.notes.iter().any(|n| n.contains("Item 16 not assessed")));
    r[15] = 2;
    let s = score(def, &given(&r)).unwrap();
    assert_eq!(s.total, Some(18));
    assert!(s.notes.is_empty());
    // The highest total.
    let max: Vec<i64> =
        def.items.iter().map(|i| if i.values.entry_range().1 == 4 { 4 } else { 2 }).collect();
    assert_eq!(score(def, &given(&max)).unwrap().total, Some(52));
}

#[test]
fn wsas_work_item_not_applicable_scores_the_rest_and_says_so() {
    let def = Instrument::Wsas.definition();
    let mut r = given(&[8, 8, 8, 8, 8]);
    assert_eq!(score(def, &r).unwrap().total, Some(40));
    r[0] = Some(Answer::NotApplicable);
    let s = score(def, &r).unwrap();
    assert!(s.complete);
    assert_eq!(s.total, Some(32));
    assert_eq!(s.band.as_deref(), Some("Moderately severe or worse"));
    assert_eq!(s.notes.len(), 1);
    assert!(s.notes[0].contains("not applicable"), "{}", s.notes[0]);
    assert!(s.notes[0].contains("0 to 32"), "{}", s.notes[0]);
    let e = score(def, &given(&[9, 0, 0, 0, 0])).unwrap_err();
    assert_eq!(field_of(e), "item_1");
}

#[test]
fn qids_total_is_the_sum_of_nine_domains_not_sixteen_items() {
    let def = Instrument::QidsSr16.definition();
    // Every item at 3: nine domains at 3 = 27, where the item sum would be 48.
    let s = score(def, &given(&[3; 16])).unwrap();
    assert_eq!(s.total, Some(27));
    assert_eq!(s.groups.len(), 9);
    // Sleep takes the highest of 1–4, appetite/weight of 6–9, psychomotor of 15–16.
    let r = given(&[1, 3, 2, 0, 1, 0, 2, 1, 0, 0, 0, 0, 0, 0, 1, 2]);
    let s = score(def, &r).unwrap();
    let domains: Vec<i64> = s.groups.iter().map(|g| g.value.unwrap()).collect();
    assert_eq!(domains, vec![3, 1, 2, 0, 0, 0, 0, 0, 2]);
    assert_eq!(s.total, Some(8));
    assert_eq!(s.band.as_deref(), Some("Mild"));
    // The domain maxima: each domain at most 3, so 27 at most.
    for g in &score(def, &given(&[3; 16])).unwrap().groups {
        assert_eq!(g.value, Some(3));
    }
}

#[test]
fn pcl5_clusters_and_the_provisional_rule() {
    let def = Instrument::Pcl5.definition();
    // Just enough: one B, one C, two D and two E items at 2; total 12, well below 33.
    let mut r = vec![0; 20];
    for n in [1, 6, 8, 9, 15, 16] {
        r[n - 1] = 2;
    }
    let s = score(def, &given(&r)).unwrap();
    assert_eq!(s.total, Some(12));
    let c = s.cluster.unwrap();
    assert!(c.met, "{c:?}");
    assert_eq!(s.band.as_deref(), Some("Below the threshold of 33"));
    // One D item short.
    r[8] = 1;
    let s = score(def, &given(&r)).unwrap();
    assert!(!s.cluster.unwrap().met);

    // A high total with no C item endorsed: 5 B × 4 + 7 D × 4 + 6 E × 4 = 72, probable PTSD by
    // the total but not provisional PTSD.
    let mut r = vec![4; 20];
    r[5] = 1;
    r[6] = 1;
    let s = score(def, &given(&r)).unwrap();
    assert_eq!(s.total, Some(74));
    assert_eq!(s.band.as_deref(), Some("Probable PTSD (total of 33 or more)"));
    let c = s.cluster.unwrap();
    assert!(!c.met);
    assert_eq!(c.clusters[1].endorsed, 0);
    let sums: Vec<i64> = s.groups.iter().map(|g| g.value.unwrap()).collect();
    assert_eq!(sums, vec![20, 2, 28, 24]);
}

#[test]
fn edeq_subscales_are_means_and_the_global_their_mean() {
    let def = Instrument::EdeQ.definition();
    let mut r = vec![0i64; 28];
    // Restraint 1–5: 6, 5, 4, 3, 2 → 4.00.
    for (n, v) in [(1, 6), (2, 5), (3, 4), (4, 3), (5, 2)] {
        r[n - 1] = v;
    }
    // Eating concern 7, 9, 19, 20, 21: 1, 1, 1, 1, 0 → 0.80.
    for n in [7, 9, 19, 20] {
        r[n - 1] = 1;
    }
    // Shape concern 6, 8, 10, 11, 23, 26, 27, 28: item 8 = 3, others 2, item 28 = 1 →
    // (2+3+2+2+2+2+2+1)/8 = 16/8 = 2.00.
    for n in [6, 10, 11, 23, 26, 27] {
        r[n - 1] = 2;
    }
    r[7] = 3;
    r[27] = 1;
    // Weight concern 8, 12, 22, 24, 25: 3 + 1 + 1 + 0 + 0 = 5/5 = 1.00.
    r[11] = 1;
    r[21] = 1;
    // Behaviour counts are in no subscale.
    r[12] = 12;
    r[13] = 10;
    r[14] = 8;
    let s = score(def, &given(&r)).unwrap();
    let subs: Vec<(String, Option<i64>)> =
        s.groups.iter().map(|g| (g.name.clone(), g.value)).collect();
    assert_eq!(
        subs,
        vec![
            ("Restraint".into(), Some(400)),
            ("Eating concern".into(), Some(80)),
            ("Shape concern".into(), Some(200)),
            ("Weight concern".into(), Some(100)),
        ]
    );
    // Global = (4.00 + 0.80 + 2.00 + 1.00) / 4 = 1.95.
    assert_eq!(s.total, Some(195));
    assert_eq!(s.total_text.as_deref(), Some("1.95"));
    assert_eq!(s.band, None);
    assert_eq!(s.counts.iter().map(|c| c.count).collect::<Vec<_>>(), vec![12, 10, 8, 0, 0, 0]);
    // The counts do not move any score.
    r[12] = 900;
    assert_eq!(score(def, &given(&r)).unwrap().total, Some(195));
}

#[test]
fn edeq_means_round_to_two_decimals_half_up() {
    let def = Instrument::EdeQ.definition();
    let mut r = vec![0i64; 28];
    // Shape concern 1/8 = 0.125 → 0.13; the rest 0. Item 8 also feeds weight: use item 6.
    r[5] = 1;
    let s = score(def, &given(&r)).unwrap();
    assert_eq!(s.groups[2].value, Some(13));
    // Global = 0.125 / 4 = 0.03125 → 0.03 (from the exact mean, not the rounded subscale).
    assert_eq!(s.total, Some(3));
    // Every item 6: every subscale 6.00, global 6.00.
    let mut r = vec![6i64; 28];
    r[12..18].fill(0);
    assert_eq!(score(def, &given(&r)).unwrap().total, Some(600));
}

#[test]
fn a_goal_rating_is_its_value() {
    let def = Instrument::GoalRating.definition();
    assert_eq!(score(def, &given(&[7])).unwrap().total, Some(7));
    assert_eq!(field_of(score(def, &given(&[11])).unwrap_err()), "item_1");
}

#[test]
fn every_definition_is_whole() {
    for i in Instrument::ALL {
        let def = i.definition();
        assert_eq!(def.instrument, i);
        assert!(!def.citation.is_empty() && !def.licence.is_empty(), "{i:?}");
        for (at, item) in def.items.iter().enumerate() {
            assert_eq!(item.number as usize, at + 1, "{i:?} items in order");
        }
        for g in def.groups {
            assert!(g.items.iter().all(|n| def.item(*n).is_some()), "{i:?} {}", g.name);
        }
        for f in def.flags {
            assert!(def.item(f.item).is_some());
        }
        // Only PHQ-9 and GAD-7 ship their wording.
        let worded = def.items.iter().any(|item| item.text.is_some());
        assert_eq!(worded, matches!(i, Instrument::Phq9 | Instrument::Gad7), "{i:?}");
        assert_eq!(def.handable, def.can_hand_to_client(), "{i:?}");
        if let Some(rci) = def.rci {
            assert!(rci.sd > 0.0 && rci.reliability > 0.0 && rci.reliability < 1.0, "{i:?}");
            assert!(!rci.source.is_empty() && !rci.reliability_kind.is_empty(), "{i:?}");
        }
        assert_eq!(Instrument::parse(def.code), Some(i));
        assert_eq!(Instrument::parse(def.name), Some(i));
    }
    assert_eq!(Instrument::parse("PHQ9"), Some(Instrument::Phq9));
    assert_eq!(Instrument::parse("qids_sr16"), Some(Instrument::QidsSr16));
    assert_eq!(Instrument::parse("bdi"), None);
}

#[test]
fn answers_read_as_numbers_or_na() {
    let r: Responses = serde_json::from_str(r#"[1, "na", null]"#).unwrap();
    assert_eq!(r, vec![Some(Answer::Given(1)), Some(Answer::NotApplicable), None]);
    assert_eq!(serde_json::to_string(&r).unwrap(), r#"[1,"na",null]"#);
    assert!(serde_json::from_str::<Responses>(r#"["x"]"#).is_err());
    assert_eq!(Answer::parse("NA"), Some(Answer::NotApplicable));
    assert_eq!(Answer::parse("3"), Some(Answer::Given(3)));
    assert_eq!(Answer::parse("three"), None);
}

// Outcomes.

fn verdict(i: Instrument, baseline: i64, latest: i64, kind: OutcomeKind) -> Option<Verdict> {
    outcome(i.definition(), baseline, latest, None).verdict(kind)
}

#[test]
fn response_is_a_fall_of_at_least_half_from_at_least_10() {
    use OutcomeKind::Response;
    // Exactly 50% counts.
    assert_eq!(verdict(Instrument::Phq9, 12, 6, Response), Some(Verdict::Met));
    assert_eq!(verdict(Instrument::Phq9, 10, 5, Response), Some(Verdict::Met));
    // Just short of 50%.
    assert_eq!(verdict(Instrument::Phq9, 12, 7, Response), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::Phq9, 11, 6, Response), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::Phq9, 11, 5, Response), Some(Verdict::Met));
    // A baseline below 10 has no response, even falling to 0.
    assert_eq!(verdict(Instrument::Phq9, 9, 0, Response), Some(Verdict::NotApplicable));
    // A rise is no response.
    assert_eq!(verdict(Instrument::Phq9, 14, 20, Response), Some(Verdict::NotMet));
    // Only PHQ-9 has the rule.
    assert_eq!(verdict(Instrument::Gad7, 14, 2, Response), None);
    let o = outcome(Instrument::Phq9.definition(), 12, 6, None);
    let f = o.findings.iter().find(|f| f.kind == Response).unwrap();
    assert!(f.rule.contains("50%") && f.detail.contains("50%"), "{f:?}");
}

#[test]
fn remission_thresholds() {
    use OutcomeKind::Remission;
    assert_eq!(verdict(Instrument::Phq9, 15, 4, Remission), Some(Verdict::Met));
    assert_eq!(verdict(Instrument::Phq9, 15, 5, Remission), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::QidsSr16, 15, 5, Remission), Some(Verdict::Met));
    assert_eq!(verdict(Instrument::QidsSr16, 15, 6, Remission), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::Gad7, 15, 0, Remission), None);
}

#[test]
fn reliable_change_by_the_talking_therapies_sizes() {
    use OutcomeKind::{ReliableDeterioration as Worse, ReliableImprovement as Better};
    assert_eq!(verdict(Instrument::Phq9, 16, 10, Better), Some(Verdict::Met));
    assert_eq!(verdict(Instrument::Phq9, 16, 11, Better), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::Phq9, 10, 16, Worse), Some(Verdict::Met));
    assert_eq!(verdict(Instrument::Phq9, 10, 15, Worse), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::Gad7, 12, 8, Better), Some(Verdict::Met));
    assert_eq!(verdict(Instrument::Gad7, 12, 9, Better), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::Gad7, 8, 12, Worse), Some(Verdict::Met));
    assert_eq!(verdict(Instrument::Gad7, 8, 11, Worse), Some(Verdict::NotMet));
    let o = outcome(Instrument::Gad7.definition(), 12, 8, None);
    assert!(o.findings.iter().any(|f| f.kind == Better && f.rule.contains("Talking Therapies")));
}

#[test]
fn caseness_at_each_threshold() {
    use OutcomeKind::{CaseAtBaseline, CaseAtEnd};
    assert_eq!(verdict(Instrument::Phq9, 10, 9, CaseAtBaseline), Some(Verdict::Met));
    assert_eq!(verdict(Instrument::Phq9, 9, 9, CaseAtBaseline), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::Phq9, 10, 9, CaseAtEnd), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::Gad7, 8, 7, CaseAtBaseline), Some(Verdict::Met));
    assert_eq!(verdict(Instrument::Gad7, 7, 8, CaseAtBaseline), Some(Verdict::NotMet));
    assert_eq!(verdict(Instrument::Gad7, 7, 8, CaseAtEnd), Some(Verdict::Met));
}

#[test]
fn recovery_needs_both_and_is_tested_at_each_threshold() {
    let phq = Instrument::Phq9.definition();
    let gad = Instrument::Gad7.definition();
    let rec = |pb, pl, gb, gl| {
        outcome(phq, pb, pl, Some((gad, gb, gl))).verdict(OutcomeKind::Recovery).unwrap()
    };
    // A case on PHQ-9 only, below both at the end.
    assert_eq!(rec(10, 9, 7, 7), Verdict::Met);
    // A case on GAD-7 only.
    assert_eq!(rec(9, 9, 8, 7), Verdict::Met);
    // PHQ-9 ends at its threshold: not recovered.
    assert_eq!(rec(15, 10, 12, 3), Verdict::NotMet);
    // GAD-7 ends at its threshold: not recovered.
    assert_eq!(rec(15, 3, 12, 8), Verdict::NotMet);
    // Not a case at baseline on either: recovery does not apply.
    assert_eq!(rec(9, 2, 7, 1), Verdict::NotApplicable);
    // From GAD-7's side, the same answer.
    let o = outcome(gad, 12, 7, Some((phq, 15, 9)));
    assert_eq!(o.verdict(OutcomeKind::Recovery), Some(Verdict::Met));
    // Without the companion, no recovery is claimed.
    assert_eq!(outcome(phq, 15, 3, None).verdict(OutcomeKind::Recovery), None);
}

#[test]
fn the_reliable_change_index_shows_its_constants() {
    for i in Instrument::ALL {
        let def = i.definition();
        let Some(c) = def.rci else { continue };
        let o = outcome(def, 0, 0, None);
        let f = o.findings.iter().find(|f| f.kind == OutcomeKind::ReliableChangeIndex).unwrap();
        assert_eq!(f.value, Some(0.0));
        assert_eq!(f.verdict, Verdict::NotMet);
        assert!(f.detail.contains(&format!("SD {}", c.sd)), "{}", f.detail);
        assert!(f.detail.contains(&format!("r = {}", c.reliability)), "{}", f.detail);
        assert!(f.detail.contains(c.source), "{}", f.detail);
        // Just over 1.96 · S_diff is reliable, just under is not.
        let scale = if def.decimals == 2 { 100.0 } else { 1.0 };
        let edge = 1.96 * c.s_diff() * scale;
        let over = edge.floor() as i64 + 1;
        let under = edge.ceil() as i64 - 1;
        let at = |d: i64| {
            let o = outcome(def, 2 * over, 2 * over - d, None);
            o.verdict(OutcomeKind::ReliableChangeIndex).unwrap()
        };
        assert_eq!(at(over), Verdict::Met, "{i:?} fall of {over}");
        assert_eq!(at(under), Verdict::NotMet, "{i:?} fall of {under}");
    }
}

#[test]
fn every_finding_names_its_rule() {
    for i in Instrument::ALL {
        for f in outcome(i.definition(), 20, 5, None).findings {
            assert!(!f.rule.is_empty(), "{i:?} {:?}", f.kind);
        }
    }
}

#[test]
fn rci_constants_reproduce_the_published_thresholds() {
    let points =
        |i: Instrument| (1.96 * i.definition().rci.unwrap().s_diff() * 100.0).round() / 100.0;
    assert_eq!(points(Instrument::Gad7), 5.59); // Bischoff et al. 2020
    assert_eq!(points(Instrument::Epds), 4.0); // Matthey 2004
    assert_eq!(points(Instrument::Pcl5), 15.0); // Marx et al. 2022, sample 1
    assert_eq!(points(Instrument::Phq9), 6.6);
    assert_eq!(points(Instrument::QidsSr16), 4.98);
    assert!(Instrument::EdeQ.definition().rci.is_none());
}

#[test]
fn figures_show_as_typed() {
    use super::score::figure_text;
    assert_eq!(figure_text(195, 2), "1.95");
    assert_eq!(figure_text(-175, 2), "-1.75");
    assert_eq!(figure_text(-5, 2), "-0.05");
    assert_eq!(figure_text(7, 0), "7");
}

#[test]
fn a_running_total_shows_while_the_form_is_filled_in() {
    let mut r: Responses = vec![None; 10];
    r[0] = Some(Answer::Given(3));
    r[1] = Some(Answer::Given(3));
    let s = score(Instrument::Phq9.definition(), &r).unwrap();
    assert_eq!((s.total, s.running, s.running_band.as_deref()), (None, Some(6), Some("Mild")));
    // QIDS: the highest answered item of each domain so far.
    let mut r: Responses = vec![None; 16];
    r[0] = Some(Answer::Given(1));
    r[1] = Some(Answer::Given(3));
    r[4] = Some(Answer::Given(2));
    let s = score(Instrument::QidsSr16.definition(), &r).unwrap();
    assert_eq!(s.running, Some(5));
    // Complete: the running total is the total.
    let s = score(Instrument::Gad7.definition(), &given(&[1; 8])).unwrap();
    assert_eq!(s.running, s.total);
    // A mean has none.
    let s = score(Instrument::EdeQ.definition(), &vec![None; 28]).unwrap();
    assert_eq!(s.running, None);
}
