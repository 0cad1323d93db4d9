//! The rules of a worksheet's content, without a vault.

use super::*;

fn turn(key: u32, words: &str) -> Turn {
    Turn { key, speaker: Speaker::Client, words: words.into(), tone: None, non_verbal: None }
}

fn ca(c: CommunicationAnalysis) -> WorksheetContent {
    WorksheetContent::CommunicationAnalysis(c)
}

fn field(result: Result<impl std::fmt::Debug>) -> String {
    match result {
        Err(Error::Invalid { field, .. }) => field.into_owned(),
        other => panic!("expected an invalid-input error, got {other:?}"),
    }
}

#[test]
fn text_is_trimmed_and_blank_optional_text_is_nothing() {
    let content = ca(CommunicationAnalysis {
        setting: Some("   ".into()),
        meant: Some("  to be heard \n".into()),
        turns: vec![Turn { tone: Some(" ".into()), ..turn(1, "  hello  ") }],
        ..CommunicationAnalysis::default()
    });
    let WorksheetContent::CommunicationAnalysis(v) = content.validated().unwrap() else {
        unreachable!()
    };
    assert_eq!(v.setting, None);
    assert_eq!(v.meant.as_deref(), Some("to be heard"));
    assert_eq!(v.turns[0].words, "hello");
    assert_eq!(v.turns[0].tone, None);
}

#[test]
fn ratings_run_from_0_to_10_at_both_ends() {
    for (value, ok) in [(-1, false), (0, true), (10, true), (11, false)] {
        let content = ca(CommunicationAnalysis { mood_before: Some(value), ..Default::default() });
        assert_eq!(content.validated().is_ok(), ok, "mood {value}");
        let run = Run {
            key: 1,
            client_played: RolePart::OtherPerson,
            confidence_before: Some(5),
            confidence_after: Some(value),
            distress_before: None,
            distress_after: None,
            notes: None,
        };
        let content =
            WorksheetContent::RolePlay(RolePlay { runs: vec![run], ..Default::default() });
        match content.validated() {
            Ok(_) => assert!(ok, "confidence {value}"),
            Err(e) => {
                assert!(!ok, "confidence {value}");
                assert!(e.to_string().contains("Run 1"), "{e}");
            }
        }
    }
}

#[test]
fn dates_must_be_real() {
    let content =
        ca(CommunicationAnalysis { exchange_on: Some("2026-02-30".into()), ..Default::default() });
    assert_eq!(field(content.validated()), "exchange_on");
    let content = WorksheetContent::DecisionAnalysis(DecisionAnalysis {
        review_on: Some("next week".into()),
        ..Default::default()
    });
    assert_eq!(field(content.validated()), "review_on");
}

#[test]
fn a_list_holds_at_most_its_limit() {
    let turns = (1..=MAX_ITEMS as u32 + 1).map(|k| turn(k, "x")).collect();
    let content = ca(CommunicationAnalysis { turns, ..Default::default() });
    assert_eq!(field(content.validated()), "turns");
    let turns = (1..=MAX_ITEMS as u32).map(|k| turn(k, "x")).collect();
    assert!(ca(CommunicationAnalysis { turns, ..Default::default() }).validated().is_ok());
}

#[test]
fn the_follow_up_asks_about_what_was_chosen() {
    let alternative =
        |key, words: &str| Alternative { key, words: words.into(), predicted_outcome: None };
    let mut c = CommunicationAnalysis {
        alternatives: vec![alternative(1, "first"), alternative(2, "second")],
        ..Default::default()
    };
    assert_eq!(ca(c.clone()).follow_up_subject(), None, "nothing chosen, nothing to ask");
    c.chosen = Some(2);
    assert_eq!(ca(c).follow_up_subject().as_deref(), Some("second"));
    let rp = RolePlay { opening_lines: Some("open".into()), ..Default::default() };
    assert_eq!(WorksheetContent::RolePlay(rp.clone()).follow_up_subject(), None, "never rehearsed");
    let run = Run {
        key: 1,
        client_played: RolePart::Themselves,
        confidence_before: None,
        confidence_after: None,
        distress_before: None,
        distress_after: None,
        notes: None,
    };
    let rp = RolePlay { runs: vec![run], ..rp };
    assert_eq!(WorksheetContent::RolePlay(rp).follow_up_subject().as_deref(), Some("open"));
}

#[test]
fn an_empty_worksheet_is_empty() {
    for kind in WorksheetKind::ALL {
        assert!(content::is_empty(&WorksheetContent::empty(kind)));
        assert_eq!(WorksheetContent::empty(kind).kind(), kind);
    }
    assert!(!content::is_empty(&ca(CommunicationAnalysis {
        need_met: Some(NeedMet::Partly),
        ..Default::default()
    })));
}

#[test]
fn headlines_are_one_short_line() {
    let long = "word ".repeat(60);
    let content = ca(CommunicationAnalysis {
        turns: vec![turn(1, &format!("{long}\nsecond line"))],
        ..Default::default()
    });
    let line = headline(&content).unwrap();
    assert!(line.chars().count() <= 120, "{line}");
    assert!(line.ends_with('…'));
    assert!(!line.contains('\n'));
}
