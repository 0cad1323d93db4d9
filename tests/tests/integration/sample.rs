//! The sample practice: deterministic, covering every status and condition group and every
//! record kind, valid by the same rules as typed records, and marked as a sample.

use rapport_core::{ClientStatus, ConditionGroup};
use rapport_core::{DirLock, Vault, VaultDir};
use rapport_core::{SampleSpec, sample_practice};
use rapport_tests::*;
use std::collections::BTreeSet;

fn sample_vault(spec: SampleSpec) -> (tempfile::TempDir, Vault) {
    let tmp = tempfile::tempdir().unwrap();
    let lock = DirLock::acquire(VaultDir::new(tmp.path().join("sample"))).unwrap();
    let v = sample_practice::create_vault(&lock, clock(), spec).unwrap();
    (tmp, v)
}

/// Everything the practice holds, as JSON, for comparing two generations.
fn dump(v: &mut Vault) -> String {
    let clients = v.list_clients().unwrap();
    let mut out = serde_json::to_string(&clients).unwrap();
    for c in &clients {
        out.push_str(&serde_json::to_string(&v.client_record(c.id).unwrap()).unwrap());
    }
    out
}

#[test]
fn the_same_seed_gives_the_same_practice() {
    let spec = SampleSpec::default();
    let (_a, mut first) = sample_vault(spec);
    let (_b, mut second) = sample_vault(spec);
    assert_eq!(dump(&mut first), dump(&mut second));
    let (_c, mut other) = sample_vault(SampleSpec { seed: 7, ..spec });
    assert_ne!(dump(&mut first), dump(&mut other));
}

#[test]
fn every_status_condition_group_and_record_kind_is_present() {
    let (_t, mut v) = sample_vault(SampleSpec::default());
    assert!(v.settings().unwrap().sample, "the vault is marked as a sample");
    let clients = v.list_clients().unwrap();
    assert_eq!(clients.len(), 24);
    let statuses: BTreeSet<String> = clients.iter().map(|c| format!("{:?}", c.status)).collect();
    assert_eq!(statuses.len(), ClientStatus::ALL.len(), "{statuses:?}");
    let groups: BTreeSet<String> =
        clients.iter().map(|c| format!("{:?}", c.condition_group)).collect();
    assert_eq!(groups.len(), 6, "{groups:?}");
    assert!(clients.iter().any(|c| c.condition_group == ConditionGroup::PerinatalDepression));

    // Active clients are spread over the phases of their course.
    let phases: BTreeSet<String> = clients
        .iter()
        .filter(|c| c.status == ClientStatus::Active)
        .filter_map(|c| c.progress.as_ref())
        .map(|p| format!("{:?}", p.phase))
        .collect();
    assert_eq!(phases.len(), 3, "{phases:?}");
    assert!(
        clients
            .iter()
            .filter(|c| c.status == ClientStatus::Active)
            .all(|c| c.progress.as_ref().is_some_and(|p| p.next_appointment.is_some()))
    );

    let report = v.check().unwrap();
    assert!(report.ok, "{report:?}");
    for count in &report.counts {
        assert!(count.count > 0, "the sample has no {}", count.kind);
    }
}

#[test]
fn a_practice_of_any_size_is_valid() {
    let (_t, mut v) = sample_vault(SampleSpec { clients: 61, seed: 3 });
    let clients = v.list_clients().unwrap();
    assert_eq!(clients.len(), 61);
    let names: BTreeSet<&str> = clients.iter().map(|c| c.full_name.as_str()).collect();
    assert_eq!(names.len(), 61, "names are unique");
    assert!(v.check().unwrap().ok);
}

#[test]
fn the_sample_gives_measures_on_realistic_trajectories() {
    use rapport_core::{AdministrationStatus, Instrument, RiskFlagKind};
    let (_t, mut v) = sample_vault(SampleSpec::default());
    let clients = v.list_clients().unwrap();
    let mut given = Vec::new();
    for c in &clients {
        for a in v.client_record(c.id).unwrap().administrations {
            given.push((c.condition_group, a));
        }
    }
    let has = |i: Instrument, g: ConditionGroup| {
        given.iter().any(|(group, a)| {
            *group == g && a.instrument == i && a.status == AdministrationStatus::Complete
        })
    };
    assert!(has(Instrument::Epds, ConditionGroup::PerinatalDepression));
    assert!(has(Instrument::Pcl5, ConditionGroup::Ptsd));
    assert!(has(Instrument::EdeQ, ConditionGroup::BulimiaNervosa));
    assert!(has(Instrument::Phq9, ConditionGroup::MajorDepression));
    assert!(given.iter().any(|(_, a)| a.status == AdministrationStatus::Incomplete));
    assert!(given.iter().any(|(_, a)| a.corrects.is_some() && a.correction_reason.is_some()));
    assert!(given.iter().any(|(_, a)| !a.score.flags.is_empty()));
    assert!(
        v.today().unwrap().risk_flags.iter().any(|f| f.kind == RiskFlagKind::MeasureItem),
        "a flagged item waits on Today"
    );
    // Trajectories: for the main instrument of each client, some fall, some rise.
    let mut falls = 0;
    let mut rises = 0;
    for c in &clients {
        let r = v.client_record(c.id).unwrap();
        let totals: Vec<i64> = r
            .administrations
            .iter()
            .filter(|a| a.corrected_by.is_none())
            .filter(|a| Some(a.instrument) == r.administrations.first().map(|f| f.instrument))
            .filter_map(|a| a.score.total)
            .collect();
        if totals.len() >= 4 {
            let (first, last) = (totals[0], totals[totals.len() - 1]);
            if last < first * 2 / 3 {
                falls += 1;
            }
            if last > first {
                rises += 1;
            }
        }
    }
    assert!(falls >= 3, "improving courses: {falls}");
    assert!(rises >= 1, "worsening courses: {rises}");
}

#[test]
fn outcomes_across_the_practice_agree_with_each_course_and_name_no_client() {
    use rapport_core::{
        CourseStatus, Instrument, OutcomeGroupKey, OutcomeKind, OutcomesFilter, Verdict,
    };
    let (_t, mut v) = sample_vault(SampleSpec::default());
    let clients = v.list_clients().unwrap();
    // From each record's progress view: the PHQ-9 response and remission of ended courses.
    let (mut concluded, mut early) = (0, 0);
    let mut response = (0, 0);
    let mut remission = (0, 0);
    for c in &clients {
        let r = v.client_record(c.id).unwrap();
        for (course, progress) in r.courses.iter().zip(&r.measures) {
            match course.fields.status {
                CourseStatus::Concluded => concluded += 1,
                CourseStatus::EndedEarly => early += 1,
                CourseStatus::Active => continue,
            }
            let Some(o) = progress
                .instruments
                .iter()
                .find(|p| p.instrument == Instrument::Phq9)
                .and_then(|p| p.outcome.as_ref())
            else {
                continue;
            };
            for (kind, tally) in
                [(OutcomeKind::Response, &mut response), (OutcomeKind::Remission, &mut remission)]
            {
                match o.verdict(kind) {
                    Some(Verdict::Met) => *tally = (tally.0 + 1, tally.1 + 1),
                    Some(Verdict::NotMet) => tally.1 += 1,
                    _ => {}
                }
            }
        }
    }
    assert!(concluded > 0 && response.1 > 0, "the sample has concluded, measured courses");
    let all =
        v.practice_outcomes(&OutcomesFilter { include_ended_early: true, year: None }).unwrap();
    assert_eq!((all.concluded, all.ended_early), (concluded, early));
    let phq = all.groups[0].instruments.iter().find(|i| i.instrument == Instrument::Phq9).unwrap();
    assert_eq!(all.groups[0].key, OutcomeGroupKey::All);
    let share = |kind| phq.shares.iter().find(|s| s.kind == kind).map(|s| (s.met, s.of)).unwrap();
    assert_eq!(share(OutcomeKind::Response), response);
    assert_eq!(share(OutcomeKind::Remission), remission);
    // The groups by condition add up to the whole.
    let by_condition: usize = all
        .groups
        .iter()
        .filter(|g| matches!(g.key, OutcomeGroupKey::Condition(_)))
        .map(|g| g.courses)
        .sum();
    assert_eq!(by_condition, concluded + early);
    // Counts only: no client's name anywhere in what the view receives.
    let json = serde_json::to_string(&all).unwrap();
    for c in &clients {
        assert!(!json.contains(&c.full_name), "{} is named in the practice outcomes", c.full_name);
    }
    // Concluded courses only, and a year with none.
    let only =
        v.practice_outcomes(&OutcomesFilter { include_ended_early: false, year: None }).unwrap();
    assert_eq!((only.concluded, only.ended_early), (concluded, 0));
    let none = v
        .practice_outcomes(&OutcomesFilter { include_ended_early: true, year: Some(1999) })
        .unwrap();
    assert_eq!((none.concluded, none.groups[0].instruments.len()), (0, 0));
    assert!(!all.years.is_empty() && !all.years.contains(&1999));
}
