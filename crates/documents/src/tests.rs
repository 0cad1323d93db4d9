//! Every document built from realistic records (the sample practice, and records made by
//! hand), read back from its PDF with poppler's tools: headings and key values present, record
//! text printed literally, the safety plan on one page, the paper as set, fonts embedded,
//! packages refused, and the same input giving the same bytes.

use super::*;
use crate::world::{ClosedWorld, NO_PACKAGES};
use rapport_core::{
    ClientRecord, DirLock, DocumentSettings, Formulation, FormulationInput, Paper, ProblemArea,
    RecoveryKey, SafetyPlan, SafetyPlanInput, SampleSpec, SnapshotComparison, VaultDir,
    sample_practice,
};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, OnceLock};

/// Text with every markup character typst knows, and HTML: it must come out as it went in.
const NASTY: &str = r"#set page(width: 1cm) *bold* _x_ $x^2$ <script>alert(1)</script> @ref [ ] \ # // `c` ~ --- '!'";

const DATE: &str = "2026-12-03";

fn settings(paper: Paper) -> DocumentSettings {
    DocumentSettings {
        paper,
        clinician_name: Some("Dr Jo Marsh".into()),
        practice_name: Some("Elm Street Therapy".into()),
    }
}

fn frame(paper: Paper) -> Frame {
    Frame::new(&settings(paper), "Rosalind Lawson", DATE)
}

/// Runs one of poppler's tools on `pdf`; a missing tool fails the test with what to install.
fn poppler(tool: &str, pdf: &[u8], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("document.pdf");
    std::fs::write(&path, pdf).expect("the PDF written");
    let mut args: Vec<&std::ffi::OsStr> = extra.iter().map(|a| a.as_ref()).collect();
    args.push(path.as_os_str());
    if tool == "pdftotext" {
        args.push("-".as_ref());
    }
    let out = match Command::new(tool).args(&args).output() {
        Ok(out) => out,
        Err(e) => panic!(
            "{tool} could not be run ({e}): install poppler-utils (`apt-get install \
             poppler-utils`; `make test` installs it)"
        ),
    };
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text in the order it was set (columns side by side are not interleaved).
fn text_of(t: &Typeset) -> String {
    poppler("pdftotext", &t.pdf(), &["-raw"])
}

/// Text without any white space, so a value broken across lines still reads as one.
fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[track_caller]
fn assert_has(text: &str, wanted: &[&str]) {
    let f = flat(text);
    for w in wanted {
        assert!(f.contains(&flat(w)), "missing {w:?} in:\n{text}");
    }
}

#[track_caller]
fn assert_clean(t: &Typeset) {
    assert!(t.warnings().is_empty(), "{}: {:?}", t.document(), t.warnings());
}

fn s(t: &str) -> Option<String> {
    Some(t.into())
}

fn full_plan() -> SafetyPlan {
    SafetyPlan {
        fields: SafetyPlanInput {
            warning_signs: s("Not sleeping, lying awake going over things.\nStaying in bed past \
                              noon and cancelling plans.\nNot answering my sister's messages."),
            own_strategies: s("A walk round the park, even a short one.\nA hot shower and \
                               clean clothes.\nThe playlist that helps; writing it down."),
            distractions: s("The café on the high street.\nMy sister's kitchen.\nThe library \
                             on Saturday mornings; choir on Thursday."),
            people_to_ask: s("My sister Nell: 07700 900555.\nMy friend Hope from choir: \
                              07700 900123.\nMy neighbour Ola (flat 4)."),
            professionals: s("My therapist, Dr Jo Marsh: 020 7946 0123 (weekdays 9 to 5).\nMy \
                              GP surgery: 020 7946 0456.\nCrisis line, open all day and night: \
                              0800 000 1111.\nEmergency: 999."),
            safe_surroundings: s("Tablets go to Nell's; she keeps them and brings a week at a \
                                  time.\nNo alcohol in the flat."),
            kept_where: s("Phone notes, and a copy on the fridge door."),
            review_on: s("2027-01-14"),
        },
        updated_at: "2026-12-01T10:00:00.000Z".into(),
        earlier: Vec::new(),
    }
}

const PLAN_HEADINGS: [&str; 6] = [
    "Signs that a crisis may be building",
    "What I can do by myself to get through",
    "People and places that help me switch off",
    "People I can turn to for help",
    "Professionals and crisis lines",
    "Making where I am safer",
];

#[test]
fn the_safety_plan_is_one_page_on_either_paper_with_every_part() {
    for (paper, size) in [(Paper::A4, "595.276 x 841.89"), (Paper::Letter, "612 x 792")] {
        let t = safety_plan(&frame(paper), &full_plan()).expect("the safety plan");
        assert_clean(&t);
        assert_eq!(t.pages(), 1, "{paper:?}");
        let info = poppler("pdfinfo", &t.pdf(), &[]);
        assert!(info.contains(&format!("{size} pts")), "{info}");
        let text = text_of(&t);
        assert_has(&text, &PLAN_HEADINGS);
        assert_has(
            &text,
            &[
                "My safety plan",
                "Rosalind Lawson",
                "Elm Street Therapy",
                "3 December 2026",
                "last changed 1 December 2026",
                "07700 900555",
                "0800 000 1111",
                "Where I keep this plan",
                "Phone notes, and a copy on the fridge door.",
                "Review it by",
                "14 January 2027",
                "Page 1 of 1",
                CONFIDENTIAL,
            ],
        );
    }
}

#[test]
fn a_long_plan_still_fits_one_page_in_smaller_type() {
    // Five lines of about seventy characters in every part: far more than most plans hold.
    let long = |what: &str| {
        Some(
            (1..=5)
                .map(|i| {
                    format!(
                        "{what} {i}: something that helps, written out in the client's own words."
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        )
    };
    let mut plan = full_plan();
    plan.fields.warning_signs = long("Sign");
    plan.fields.own_strategies = long("On my own");
    plan.fields.distractions = long("Place");
    plan.fields.people_to_ask = long("Person");
    plan.fields.professionals = long("Service");
    plan.fields.safe_surroundings = long("Safer");
    for paper in [Paper::A4, Paper::Letter] {
        let t = safety_plan(&frame(paper), &plan).expect("the plan");
        assert_eq!(t.pages(), 1, "{paper:?}");
        let text = text_of(&t);
        assert_has(
            &text,
            &["Sign 5:", "On my own 5:", "Place 5:", "Person 5:", "Service 5:", "Safer 5:"],
        );
        assert_has(&text, &["Review it by", "Page 1 of 1"]);
    }
}

#[test]
fn a_line_break_in_a_field_stays_a_line_break() {
    let t = safety_plan(&frame(Paper::A4), &full_plan()).expect("the safety plan");
    let text = poppler("pdftotext", &t.pdf(), &["-layout"]);
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for wanted in ["A walk round the park, even a short one.", "A hot shower and clean clothes."] {
        assert!(
            lines.iter().any(|l| l.ends_with(wanted)),
            "{wanted:?} not a line of its own:\n{text}"
        );
    }
}

#[test]
fn an_empty_plan_prints_lines_to_write_on_and_an_extreme_one_loses_nothing() {
    let empty = SafetyPlan {
        fields: SafetyPlanInput::default(),
        updated_at: "2026-12-01T10:00:00.000Z".into(),
        earlier: Vec::new(),
    };
    let t = safety_plan(&frame(Paper::A4), &empty).expect("an empty plan");
    assert_eq!(t.pages(), 1);
    assert_has(&text_of(&t), &PLAN_HEADINGS);

    // Six parts of 1,500 characters each cannot fit one page at any legible size: the type
    // shrinks to its smallest and the plan continues on a second page, every word kept.
    let long = |tag: &str| {
        Some((0..100).map(|i| format!("{tag}{i:03} words.")).collect::<Vec<_>>().join(" "))
    };
    let mut plan = full_plan();
    plan.fields.warning_signs = long("w");
    plan.fields.own_strategies = long("o");
    plan.fields.distractions = long("d");
    plan.fields.people_to_ask = long("p");
    plan.fields.professionals = long("c");
    plan.fields.safe_surroundings = long("s");
    let t = safety_plan(&frame(Paper::A4), &plan).expect("an extreme plan");
    assert!(t.pages() >= 2, "{} pages", t.pages());
    let text = text_of(&t);
    for tag in ["w", "o", "d", "p", "c", "s"] {
        assert_has(&text, &[&format!("{tag}000 words."), &format!("{tag}099 words.")]);
    }
    assert_has(&text, &[&format!("Page 1 of {}", t.pages())]);
}

fn formulation(statement: Option<&str>, agreed: Option<bool>) -> Formulation {
    Formulation {
        id: rapport_core::FormulationId(3),
        version: 2,
        fields: FormulationInput {
            effective_on: "2026-11-05".into(),
            diagnosis_sick_role: s("Major depressive episode, moderate. SICK-ROLE-TEXT"),
            biological: s("BIOLOGICAL-TEXT"),
            psychological: s("PSYCHOLOGICAL-TEXT"),
            attachment_style: None,
            social_support: None,
            culture_spirituality: None,
            precipitating_events: s("PRECIPITATING-TEXT"),
            primary_area: Some(ProblemArea::RoleTransition),
            secondary_area: Some(ProblemArea::RoleDispute),
            client_statement: statement.map(str::to_string),
            client_agreed: agreed,
            agreed_on: agreed.and_then(|a| a.then(|| "2026-11-12".to_string())),
            prognosis: s("PROGNOSIS-TEXT"),
        },
        recorded_at: "2026-11-05T10:00:00.000Z".into(),
    }
}

const STATEMENT: &str = "Since the move to Leeds and the new baby, you have lost the \
    people and the work that kept you steady, and you and Sam have been arguing about who \
    does what.\nThe low mood makes sense in that light. Over the next twelve weeks we will \
    work on settling into this new chapter, and on finding a way to talk with Sam that works \
    for you both.";

#[test]
fn the_formulation_statement_says_what_the_client_needs_and_nothing_else() {
    let t = formulation_statement(&frame(Paper::A4), &formulation(Some(STATEMENT), Some(true)))
        .expect("the statement");
    assert_clean(&t);
    assert_eq!(t.pages(), 1);
    let text = text_of(&t);
    assert_has(
        &text,
        &[
            "Our shared understanding",
            "Rosalind Lawson",
            STATEMENT,
            "What we will focus on",
            "THE MAIN FOCUS",
            "A change in your life",
            "A disagreement in a close relationship",
            "This version",
            "Version 2, from 5 November 2026",
            "You agreed with this on 12 November 2026.",
        ],
    );
    // The clinician's own notes of the formulation are not the client's document.
    for private in ["SICK-ROLE", "BIOLOGICAL", "PSYCHOLOGICAL", "PRECIPITATING", "PROGNOSIS"] {
        assert!(!text.contains(private), "{private} printed");
    }
    let t = formulation_statement(&frame(Paper::A4), &formulation(Some(STATEMENT), None))
        .expect("the statement");
    assert_has(&text_of(&t), &["We have not yet asked whether this fits for you."]);
    let e = formulation_statement(&frame(Paper::A4), &formulation(None, None))
        .expect_err("nothing to print");
    assert_eq!(e.document(), FORMULATION);
    assert!(e.to_string().contains("no statement for the client"), "{e}");
}

const KEY: &str = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567";

#[test]
fn the_recovery_sheet_shows_the_key_in_groups_with_what_it_is_for() {
    let key = RecoveryKey::parse(KEY).expect("a key");
    let t = recovery_sheet(&settings(Paper::Letter), &key, "0f9c3e1a-vault", "2026-03-14")
        .expect("the sheet");
    assert_clean(&t);
    assert_eq!(t.pages(), 1);
    let text = text_of(&t);
    assert_has(
        &text,
        &[
            "Rapport recovery key",
            "ABCD-EFGH-IJKL-MNOP",
            "QRST-UVWX-YZ23-4567",
            "0f9c3e1a-vault",
            "14 March 2026",
            "What it is for",
            "opens your Rapport vault if the passphrase is forgotten",
            "Creating a new recovery key in Settings makes this one stop working.",
            "How to keep it",
            "a locked drawer, a safe, or a sealed envelope with your will",
            "Secret.",
        ],
    );
    assert!(poppler("pdfinfo", &t.pdf(), &[]).contains("612 x 792 pts"));
    // The key is in a monospace face, embedded.
    assert!(poppler("pdffonts", &t.pdf(), &[]).contains("DejaVuSansMono-Bold"));
    assert!(!format!("{t:?}").contains("ABCD"), "a debug print shows no content");
}

/// The sample practice's records, made once for the whole test run.
struct Sample {
    /// The record with the most to show: measures with outcomes, goals, medication.
    rich: ClientRecord,
    /// Two snapshots of one client, compared.
    comparison: SnapshotComparison,
    /// That client's name.
    comparison_client: String,
    /// A signed conclusion summary, with a private process note planted in its client's
    /// record, and a draft one.
    signed: rapport_core::ConclusionSummary,
    draft: rapport_core::ConclusionSummary,
    /// The whole record of the signed summary's client, read after the process note.
    released: rapport_core::ReleasedRecord,
}

/// Written into a private process note of the summary's client: no document may print it.
const PROCESS_SENTINEL: &str = "PROCESS-NOTE-SENTINEL-4711";

fn sample() -> &'static Sample {
    static SAMPLE: OnceLock<Sample> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let lock = DirLock::acquire(VaultDir::new(tmp.path().join("sample"))).expect("a lock");
        let clock = Arc::new(rapport_core::ManualClock::new(
            chrono::DateTime::parse_from_rfc3339("2026-12-03T09:00:00Z").expect("a time").to_utc(),
        ));
        let mut vault = sample_practice::create_vault(&lock, clock, SampleSpec::default())
            .expect("the sample practice");
        let mut best: Option<(usize, ClientRecord)> = None;
        let mut comparison = None;
        for c in vault.list_clients().expect("the clients") {
            let record = vault.client_record(c.id).expect("a record");
            let richness = |r: &ClientRecord| {
                let m = r.measures.first();
                m.map_or(0, |m| m.instruments.iter().filter(|i| i.outcome.is_some()).count() * 4)
                    + m.map_or(0, |m| m.tracks.len() * 3)
                    + r.goals.len()
                    + r.medications.len() * 2
                    + usize::from(r.prescriber.is_some())
            };
            let score = richness(&record);
            if comparison.is_none() && record.snapshots.len() >= 2 {
                let (a, b) = (&record.snapshots[0], &record.snapshots[record.snapshots.len() - 1]);
                comparison = Some((
                    vault.compare_snapshots(c.id, a.id, b.id).expect("compared"),
                    record.client.fields.full_name.clone(),
                ));
            }
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, record));
            }
        }
        let mut signed = None;
        let mut draft = None;
        for c in vault.client_directory().expect("the clients") {
            for course in &c.courses {
                let Some(id) = course.summary.summary_id else { continue };
                let slot = if course.summary.stage == rapport_core::SummaryStage::Signed {
                    &mut signed
                } else {
                    &mut draft
                };
                if slot.is_none() {
                    *slot = Some((c.id, id));
                }
            }
        }
        let (client, signed) = signed.expect("a signed summary in the sample");
        let session = vault.client_record(client).expect("a record").courses[0].sessions[0].id;
        vault.save_process_note(client, session, PROCESS_SENTINEL).expect("a process note");
        let signed = vault.conclusion_summary(client, signed).expect("the signed summary");
        let released = vault.released_record(client).expect("the whole record");
        let (client, draft) = draft.expect("a draft summary in the sample");
        let draft = vault.conclusion_summary(client, draft).expect("the draft summary");
        vault.lock(false).expect("locked");
        let (comparison, comparison_client) = comparison.expect("a client with two snapshots");
        Sample {
            rich: best.expect("a record").1,
            comparison,
            comparison_client,
            signed,
            draft,
            released,
        }
    })
}

#[test]
fn the_progress_report_has_every_chosen_section_from_a_real_record() {
    let record = &sample().rich;
    let course = &record.courses[0];
    let measures = &record.measures[0];
    let t = progress_report(
        &frame(Paper::A4),
        record,
        course.id,
        &ProgressSections::default(),
        Some("Dear Dr Okafor,\nThank you for referring Ms Lawson. Her progress to date is below."),
    )
    .expect("the report");
    assert_clean(&t);
    assert!(t.pages() >= 2, "{} pages", t.pages());
    let text = text_of(&t);
    assert_has(
        &text,
        &[
            "Progress report",
            "Dear Dr Okafor,",
            "Thank you for referring Ms Lawson.",
            "The client",
            &record.client.fields.full_name,
            "Date of birth",
            "Referred by",
            "The course so far",
            &crate::date::long_date(&course.fields.start_date),
            &format!("{} attended", course.progress.held),
            crate::words::phase(course.progress.phase),
            "Scores: first and latest",
            "Charts over the course",
            "Goals",
            "Medication",
            "Dr Jo Marsh",
            "Signature",
        ],
    );
    assert_has(&text, &[&format!("Page 1 of {}", t.pages())]);
    assert!(!measures.instruments.is_empty(), "the sample course has measures");
    for i in &measures.instruments {
        assert_has(&text, &[&i.chart.title]);
        if let Some(o) = &i.outcome {
            assert_has(&text, &[&o.baseline_text, &o.latest_text, &o.change_text]);
            for f in &o.findings {
                assert_has(&text, &[&f.label, &f.rule]);
            }
        }
    }
    for g in &record.goals {
        assert_has(&text, &[&g.fields.description, crate::words::goal_status(g.status)]);
    }
    for m in &record.medications {
        assert_has(&text, &[&m.fields.name]);
    }
    for track in &measures.tracks {
        assert_has(&text, &[&track.title]);
    }
}

#[test]
fn a_progress_report_holds_only_the_sections_chosen() {
    let record = &sample().rich;
    let only_scores = ProgressSections {
        identifiers: false,
        course: false,
        scores: true,
        charts: false,
        goals: false,
        medication: false,
        covering_note: false,
    };
    let t = progress_report(
        &frame(Paper::Letter),
        record,
        record.courses[0].id,
        &only_scores,
        Some("NOTE-TEXT"),
    )
    .expect("the report");
    let text = text_of(&t);
    assert_has(&text, &["Scores: first and latest"]);
    for absent in
        ["The client", "The course so far", "Charts over the course", "NOTE-TEXT", "Date of birth"]
    {
        assert!(!text.contains(absent), "{absent} printed:\n{text}");
    }
    assert!(poppler("pdfinfo", &t.pdf(), &[]).contains("612 x 792 pts"));

    let none = ProgressSections { scores: false, ..only_scores };
    let e = progress_report(&frame(Paper::A4), record, record.courses[0].id, &none, None)
        .expect_err("an empty report");
    assert!(e.to_string().contains("no section was chosen"), "{e}");
    let e = progress_report(
        &frame(Paper::A4),
        record,
        rapport_core::CourseId(999_999),
        &ProgressSections::default(),
        None,
    )
    .expect_err("no such course");
    assert_eq!(e.document(), PROGRESS_REPORT);
}

#[test]
fn the_circles_compare_two_snapshots_in_pictures_and_words() {
    let comparison = &sample().comparison;
    let t = circle_comparison(&frame(Paper::A4), comparison, "Ros").expect("the circles");
    assert_clean(&t);
    let text = text_of(&t);
    assert_has(
        &text,
        &["Closeness circle", "How the circle changed", "Who is where", "Ring 1 (closest)"],
    );
    assert_has(&text, &[&crate::date::long_date(&comparison.before.taken_on)]);
    assert_has(&text, &[&crate::date::long_date(&comparison.after.taken_on)]);
    for p in &comparison.after.people {
        assert_has(&text, &[&p.name]);
    }
}

/// `NASTY` tagged with where it was put, so each field's copy is told apart.
fn nasty(field: &str) -> String {
    format!("{field}: {NASTY} end")
}

#[track_caller]
fn assert_literal(t: &Typeset, fields: &[&str]) {
    assert_clean(t);
    let text = text_of(t);
    for f in fields {
        assert_has(&text, &[&nasty(f)]);
    }
}

fn summary_frame(summary: &rapport_core::ConclusionSummary) -> Frame {
    Frame::new(&settings(Paper::A4), &summary.compiled.client.full_name, DATE)
}

#[test]
fn the_conclusion_summary_prints_every_section_with_scores_outcomes_and_rules() {
    let summary = &sample().signed;
    let t = conclusion_summary(&summary_frame(summary), summary, "Client").expect("typeset");
    assert_clean(&t);
    let text = text_of(&t);
    assert_has(
        &text,
        &[
            "Conclusion summary",
            "The client",
            "The course",
            "First session",
            "Last session",
            "Sessions attended",
            "Sessions planned",
            "Sessions missed",
            "Diagnosis and focus",
            "Scores: first and last",
            "Progress over the course",
            "Goals",
            "Closeness circle: at intake and at conclusion",
            "At intake",
            "At conclusion",
            "Gains, in the client's own words",
            "Skills learned",
            "Personal warning signs and what to do",
            "Maintenance plan",
            "Medication",
            "Risk at conclusion",
            "Protective factors",
            "Referrals",
            "Client feedback",
            "Clinician's signature",
            &summary.compiled.client.full_name,
        ],
    );
    let by = summary.clinician_name.as_deref().expect("signed by someone");
    assert_has(&text, &[&format!("Signed by {by}")]);
    assert!(!flat(&text).contains(&flat("Draft: not signed")));
    // Every instrument's first and last score, and each outcome with the rule it names.
    assert!(!summary.compiled.measures.is_empty());
    for m in &summary.compiled.measures {
        let o = m.outcome.as_ref().expect("first and last scores");
        assert_has(&text, &[&format!("{}: outcomes", m.name), &o.baseline_text, &o.latest_text]);
        assert_has(&text, &[&o.change_text]);
        for f in &o.findings {
            assert_has(&text, &[&f.label, &format!("Rule: {}", f.rule)]);
        }
    }
    for g in &summary.compiled.goals {
        assert_has(&text, &[&g.description]);
    }
    let gains = summary.completion.gains.as_deref().expect("gains");
    assert_has(&text, &[gains]);
    let signs = summary.compiled.relapse.as_ref().and_then(|r| r.plan.warning_signs.as_deref());
    assert_has(&text, &[signs.expect("warning signs")]);
    for a in &summary.amendments {
        assert_has(&text, &["Amendments after signing", &a.text, &a.reason]);
    }
    // Nothing of the private process note.
    assert!(!text.contains(PROCESS_SENTINEL), "a process note was printed");
    assert!(!String::from_utf8_lossy(&t.pdf()).contains(PROCESS_SENTINEL));
}

#[test]
fn a_draft_summary_prints_marked_as_a_draft_with_what_was_set_aside() {
    let mut summary = sample().draft.clone();
    let reason = "She did not come to the last two sessions.";
    summary
        .completion
        .waivers
        .push(rapport_core::Waiver { item: "circle_conclusion".into(), reason: reason.into() });
    summary.checklist.push(rapport_core::ChecklistItem {
        key: "circle_conclusion".into(),
        text: "No closeness circle at conclusion.".into(),
        blocking: true,
        waivable: true,
        waived: Some(reason.into()),
        fix_in: rapport_core::FixIn::Inventory,
    });
    let t = conclusion_summary(&summary_frame(&summary), &summary, "Client").expect("typeset");
    assert_clean(&t);
    let text = text_of(&t);
    assert_has(&text, &["Draft: not signed", "Not available, and why"]);
    assert_has(&text, &[&format!("Closeness circle at conclusion: {reason}")]);
}

#[test]
fn the_summary_prints_what_the_clinician_wrote_as_text() {
    let mut summary = sample().signed.clone();
    let w = &mut summary.completion;
    w.gains = Some(nasty("gains"));
    w.skills = Some(nasty("skills"));
    w.risk_notes = Some(nasty("risk_notes"));
    w.protective_factors = Some(nasty("protective_factors"));
    w.maintenance_note = Some(nasty("maintenance_note"));
    w.medication_handover = Some(nasty("medication_handover"));
    w.referrals = Some(nasty("referrals"));
    w.client_feedback = Some(nasty("client_feedback"));
    let t = conclusion_summary(&summary_frame(&summary), &summary, "Client").expect("typeset");
    assert_literal(
        &t,
        &[
            "gains",
            "skills",
            "risk_notes",
            "protective_factors",
            "maintenance_note",
            "medication_handover",
            "referrals",
            "client_feedback",
        ],
    );
}

fn released_frame(released: &rapport_core::ReleasedRecord) -> Frame {
    Frame::new(&settings(Paper::A4), &released.record.client.fields.full_name, DATE)
}

#[test]
fn the_full_record_holds_every_section_and_everything_signed_but_no_process_note() {
    let released = &sample().released;
    let record = &released.record;
    let t = full_record(&released_frame(released), released).expect("typeset");
    assert_clean(&t);
    let text = text_of(&t);
    assert_has(
        &text,
        &[
            "Client record",
            "1. The client",
            "2. Courses and sessions",
            "3. Formulation",
            "4. Interpersonal inventory",
            "5. Problem areas and goals",
            "6. Timeline of life events",
            "7. Medication",
            "8. Safety and relapse prevention",
            "9. Measures",
            "10. Session notes",
            "11. Work at home",
            "12. Worksheets",
            "13. Conclusion summaries",
            "14. Not included",
            "Private process notes are never part of a record released from Rapport.",
            &record.client.fields.full_name,
            "Signature",
        ],
    );
    assert!(t.pages() >= 5, "a whole course is several pages: {}", t.pages());
    // Every signed note, with what it says and every amendment.
    assert!(released.notes.len() >= 8, "the client had a course: {}", released.notes.len());
    for n in &released.notes {
        for body in
            [&n.fields.narrative, &n.fields.focus_work, &n.fields.plan_next].into_iter().flatten()
        {
            assert_has(&text, &[body]);
        }
        for a in &n.amendments {
            assert_has(&text, &[&a.text, &format!("Reason: {}", a.reason)]);
        }
    }
    for p in &record.people {
        assert_has(&text, &[&p.fields.name]);
    }
    for g in &record.goals {
        assert_has(&text, &[&format!("Goal: {}", g.fields.description)]);
    }
    for v in &record.formulations {
        assert_has(&text, &[&format!("Version {}", v.version)]);
    }
    for m in &record.medications {
        assert_has(&text, &[&m.fields.name]);
    }
    for a in record.administrations.iter().filter(|a| a.score.total_text.is_some()) {
        assert_has(&text, &[a.instrument.definition().name]);
    }
    assert!(!released.worksheets.is_empty(), "the sample's client has worksheets");
    for w in &released.worksheets {
        assert_has(&text, &[&crate::full_record::kind_title(w.kind)]);
    }
    assert!(!released.summaries.is_empty());
    for s in &released.summaries {
        assert_has(&text, &[s.completion.gains.as_deref().expect("gains")]);
    }
    if let Some(plan) = &record.safety_plan {
        assert_has(&text, &[plan.fields.warning_signs.as_deref().unwrap_or("Safety plan")]);
    }
    assert!(!text.contains(PROCESS_SENTINEL), "a process note was printed");
    assert!(!String::from_utf8_lossy(&t.pdf()).contains(PROCESS_SENTINEL));
}

#[test]
fn record_text_is_printed_as_text_in_every_document() {
    let mut settings = settings(Paper::A4);
    settings.practice_name = Some(nasty("practice"));
    settings.clinician_name = Some(nasty("clinician"));
    let frame = Frame::new(&settings, &nasty("client"), DATE);

    let plan_fields = [
        "warning_signs",
        "own_strategies",
        "distractions",
        "people_to_ask",
        "professionals",
        "safe_surroundings",
        "kept_where",
    ];
    let mut plan = full_plan();
    let p = &mut plan.fields;
    for (slot, name) in [
        &mut p.warning_signs,
        &mut p.own_strategies,
        &mut p.distractions,
        &mut p.people_to_ask,
        &mut p.professionals,
        &mut p.safe_surroundings,
        &mut p.kept_where,
    ]
    .into_iter()
    .zip(plan_fields)
    {
        *slot = Some(nasty(name));
    }
    let t = safety_plan(&frame, &plan).expect("the plan");
    assert_literal(&t, &plan_fields);
    assert_literal(&t, &["client", "practice"]);
    assert_eq!(t.pages(), 1, "markup in the text changes nothing, the page size included");

    let t = formulation_statement(&frame, &formulation(Some(&nasty("statement")), Some(true)))
        .expect("the statement");
    assert_literal(&t, &["statement", "client", "practice"]);

    let key = RecoveryKey::parse(KEY).expect("a key");
    let t = recovery_sheet(&settings, &key, &nasty("vault"), DATE).expect("the sheet");
    assert_literal(&t, &["vault", "practice"]);

    let mut record = sample().rich.clone();
    let c = &mut record.client.fields;
    c.full_name = nasty("full_name");
    c.preferred_name = Some(nasty("preferred_name"));
    c.pronouns = Some(nasty("pronouns"));
    c.referral_source = Some(nasty("referral_source"));
    c.gp_prescriber = Some(nasty("gp_prescriber"));
    c.diagnosis = Some(nasty("diagnosis"));
    c.diagnosis_code = Some(nasty("code"));
    c.presenting_problem = Some(nasty("presenting_problem"));
    let mut fields = vec![
        "full_name",
        "preferred_name",
        "pronouns",
        "referral_source",
        "gp_prescriber",
        "diagnosis",
        "code",
        "presenting_problem",
        "covering_note",
        "client",
        "practice",
        "clinician",
    ];
    for (i, g) in record.goals.iter_mut().enumerate().take(3) {
        g.fields.description = nasty(&format!("goal{i}"));
    }
    let goals: Vec<String> = (0..record.goals.len().min(3)).map(|i| format!("goal{i}")).collect();
    let m = record.medications.first_mut().expect("the sample record has medication");
    m.fields.name = nasty("medication");
    m.fields.dose = Some(nasty("dose"));
    m.fields.adherence = Some(nasty("adherence"));
    m.fields.side_effects = Some(nasty("side_effects"));
    fields.extend(["medication", "dose", "adherence", "side_effects"]);
    if let Some(p) = record.prescriber.as_mut() {
        p.fields.name = Some(nasty("prescriber"));
        p.fields.contact = Some(nasty("contact"));
        fields.extend(["prescriber", "contact"]);
    }
    // A life event's label reaches the charts as a marker, listed in words beneath.
    let course_id = record.courses[0].id;
    let measures = &mut record.measures[0];
    let chart = &mut measures.instruments[0].chart;
    chart.markers.push(rapport_core::ChartMarker {
        kind: rapport_core::MarkerKind::LifeEvent,
        on: Some("2026-10-01".into()),
        x_session: 2.5,
        label: nasty("life_event"),
    });
    fields.push("life_event");
    let t = progress_report(
        &frame,
        &record,
        course_id,
        &ProgressSections::default(),
        Some(&nasty("covering_note")),
    )
    .expect("the report");
    assert_literal(&t, &fields);
    assert_literal(&t, &goals.iter().map(String::as_str).collect::<Vec<_>>());

    let mut comparison = sample().comparison.clone();
    comparison.before.label = Some(nasty("before"));
    comparison.after.label = Some(nasty("after"));
    for (i, p) in comparison.after.people.iter_mut().enumerate().take(2) {
        p.name = format!("*P{i}* #x @y");
    }
    let t = circle_comparison(&frame, &comparison, "Ros").expect("the circles");
    assert_literal(&t, &["before", "after", "client", "practice"]);
    assert_has(&text_of(&t), &["*P0* #x @y", "*P1* #x @y"]);

    // The full record: a note, its amendment, a worksheet, a person, a summary's part.
    let mut released = sample().released.clone();
    let note = released.notes.first_mut().expect("a signed note");
    note.fields.narrative = Some(nasty("narrative"));
    note.fields.risk_notes = Some(nasty("risk_notes"));
    note.amendments.push(rapport_core::Amendment {
        id: rapport_core::AmendmentId(999),
        section: rapport_core::NoteSection::Narrative,
        text: nasty("amendment"),
        reason: nasty("reason"),
        made_at: "2026-11-02T10:00:00Z".into(),
    });
    let worksheet = released.worksheets.first_mut().expect("a worksheet");
    match &mut worksheet.fields.content {
        rapport_core::WorksheetContent::CommunicationAnalysis(c) => c.setting = Some(nasty("ws")),
        rapport_core::WorksheetContent::RolePlay(r) => r.situation = Some(nasty("ws")),
        rapport_core::WorksheetContent::DecisionAnalysis(d) => d.problem = Some(nasty("ws")),
    }
    released.record.people[0].fields.notes = Some(nasty("person_notes"));
    released.summaries[0].completion.client_feedback = Some(nasty("feedback"));
    let t = full_record(&frame, &released).expect("the record");
    assert_clean(&t);
    // A long value may run onto the next page: read the text without the page frame.
    let mut body = flat(&text_of(&t));
    let header = format!(
        "{} · {} Client record · {}",
        nasty("client"),
        nasty("practice"),
        "3 December 2026"
    );
    body = body.replace(&flat(&header), "");
    for page in 1..=t.pages() {
        body = body.replace(&flat(&format!("{CONFIDENTIAL} Page {page} of {}", t.pages())), "");
    }
    for f in [
        "narrative",
        "risk_notes",
        "amendment",
        "reason",
        "ws",
        "person_notes",
        "feedback",
        "clinician",
    ] {
        assert!(body.contains(&flat(&nasty(f))), "{f} is not printed literally");
    }
}

#[test]
fn fonts_are_embedded_and_subset_and_the_paper_follows_the_setting() {
    let t = safety_plan(&frame(Paper::A4), &full_plan()).expect("the plan");
    let fonts = poppler("pdffonts", &t.pdf(), &[]);
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        assert!(row.contains("NotoSans") || row.contains("DejaVuSansMono"), "{row}");
        assert!(row.contains(" yes yes "), "not embedded and subset: {row}");
    }
    assert!(poppler("pdfinfo", &t.pdf(), &[]).contains("(A4)"));
}

#[test]
fn every_character_the_documents_print_is_in_the_fonts() {
    let t = progress_report(
        &frame(Paper::A4),
        &sample().rich,
        sample().rich.courses[0].id,
        &ProgressSections::default(),
        Some("Überweisung – café · naïve “quoted” — …"),
    )
    .expect("the report");
    let circles =
        circle_comparison(&frame(Paper::A4), &sample().comparison, "Ros").expect("circles");
    // A character missing from every font comes out as a blank box, which pdftotext gives as
    // a replacement or nothing; the fonts are asked directly instead.
    let wanted = "†→–—…·≥≤√−√“”’Üïé";
    for c in wanted.chars() {
        assert!(crate::world::has_glyph(c), "no font has {c:?}");
    }
    assert_clean(&t);
    assert_clean(&circles);
}

#[test]
fn packages_and_files_outside_the_world_are_refused() {
    let day = crate::date::Day::parse(DATE).expect("a day");
    for (source, wanted) in [
        ("#import \"@preview/cetz:0.3.0\": canvas\nHello", NO_PACKAGES),
        ("#import \"@local/x:0.1.0\": *\nHello", NO_PACKAGES),
        ("#read(\"/etc/passwd\")", "file not found"),
        ("#image(\"/secret.png\")", "file not found"),
        ("#image(\"../../secret.png\")", "would escape the project root"),
    ] {
        let world =
            ClosedWorld::with_source("/probe.typ", source, b"{}".to_vec(), day).expect("a world");
        let e = compile("probe", &world, day).expect_err(source);
        assert!(e.to_string().contains(wanted), "{source}: {e}");
    }
    // The date typst sees is the document's, not the clock's.
    let world = ClosedWorld::with_source(
        "/probe.typ",
        "#datetime.today().display(\"[year]-[month]-[day]\")",
        b"{}".to_vec(),
        day,
    )
    .expect("a world");
    let t = compile("probe", &world, day).expect("today");
    assert!(text_of(&t).contains(DATE));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let record = &sample().rich;
    let make = || {
        progress_report(
            &frame(Paper::A4),
            record,
            record.courses[0].id,
            &ProgressSections::default(),
            Some("Note"),
        )
        .expect("the report")
        .into_pdf()
    };
    let (a, b) = (make(), make());
    assert!(a == b, "two runs differ");
    // The PDF's creation date is the document's date.
    let info = poppler("pdfinfo", &a, &["-isodates"]);
    assert!(
        info.lines().any(|l| l.starts_with("CreationDate:") && l.contains("2026-12-03T00:00:00")),
        "{info}"
    );
    let plan = || safety_plan(&frame(Paper::A4), &full_plan()).expect("the plan").into_pdf();
    assert!(plan() == plan());
}

#[test]
fn every_page_has_an_svg_preview() {
    let record = &sample().rich;
    let t = progress_report(
        &frame(Paper::A4),
        record,
        record.courses[0].id,
        &ProgressSections::default(),
        None,
    )
    .expect("the report");
    for i in 0..t.pages() {
        let svg = t.page_svg(i).expect("a page");
        assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    }
    let e = t.page_svg(t.pages()).expect_err("past the end");
    assert!(matches!(e, Error::NoSuchPage { .. }), "{e}");
}

#[test]
fn a_date_that_is_not_a_day_is_refused_naming_the_document() {
    let bad = Frame::new(&settings(Paper::A4), "Ros", "2026-02-30");
    let e = safety_plan(&bad, &full_plan()).expect_err("not a day");
    assert_eq!(e.document(), SAFETY_PLAN);
    assert!(e.to_string().contains("2026-02-30"), "{e}");
}

/// Writes page 1 (and 2) of every document as PNG to `RAPPORT_DOCUMENT_RENDERS`, for looking
/// at; does nothing without it.
#[test]
fn render_for_review() {
    let Some(dir) = std::env::var_os("RAPPORT_DOCUMENT_RENDERS") else { return };
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).expect("the folder");
    let record = &sample().rich;
    let key = RecoveryKey::parse(KEY).expect("a key");
    let own = Frame::new(&settings(Paper::A4), &record.client.fields.full_name, DATE);
    // Someone who has died, on both circles, so the render shows how they are marked.
    let mut comparison = sample().comparison.clone();
    for snapshot in [&mut comparison.before, &mut comparison.after] {
        let mut grandad = snapshot.people[0].clone();
        grandad.person_id = rapport_core::PersonId(999_999);
        grandad.name = "Grandad Joe".into();
        grandad.ring = 2;
        grandad.deceased = true;
        grandad.relationship_type = rapport_core::RelationshipType::Other;
        snapshot.people.push(grandad);
    }
    let docs = [
        ("safety-plan", safety_plan(&frame(Paper::A4), &full_plan())),
        (
            "formulation",
            formulation_statement(&frame(Paper::A4), &formulation(Some(STATEMENT), Some(true))),
        ),
        (
            "recovery-sheet",
            recovery_sheet(
                &settings(Paper::A4),
                &key,
                "7d1e0c52-4b7a-4f0e-9a43-2f1c6b8e9d10",
                "2026-03-14",
            ),
        ),
        (
            "progress-report",
            progress_report(
                &own,
                record,
                record.courses[0].id,
                &ProgressSections::default(),
                Some(
                    "Dear Dr Okafor,\nThank you for referring this client. A summary of the course so far is below; I would be glad to talk it through.",
                ),
            ),
        ),
        (
            "conclusion-summary",
            conclusion_summary(&summary_frame(&sample().signed), &sample().signed, "Client"),
        ),
        (
            "full-record",
            full_record(
                &Frame::new(
                    &settings(Paper::A4),
                    &sample().released.record.client.fields.full_name,
                    DATE,
                ),
                &sample().released,
            ),
        ),
        (
            "circles",
            circle_comparison(
                &Frame::new(&settings(Paper::A4), &sample().comparison_client, DATE),
                &comparison,
                sample().comparison_client.split(' ').next().unwrap_or("You"),
            ),
        ),
    ];
    for (name, t) in docs {
        let t = t.expect(name);
        let pdf = dir.join(format!("{name}.pdf"));
        std::fs::write(&pdf, t.pdf()).expect("written");
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "80"])
            .arg(&pdf)
            .arg(dir.join(name))
            .status()
            .expect("pdftoppm");
        assert!(status.success());
    }
}

/// How long each document takes to typeset, cold (the first in the process: fonts read, the
/// standard library built) and warm (the median of five more, each for another client name so
/// typst's memo cache cannot replay a whole document). Run in a release build:
/// `cargo test --release -p rapport-documents typesetting_time -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn typesetting_time() {
    use std::time::{Duration, Instant};
    let record = &sample().rich;
    let key = RecoveryKey::parse(KEY).expect("a key");
    let named = |i: usize| Frame::new(&settings(Paper::A4), &format!("Client {i}"), DATE);
    type Job<'a> = Box<dyn Fn(usize) -> Typeset + 'a>;
    let jobs: [(&str, Job<'_>); 5] = [
        ("safety plan", Box::new(|i| safety_plan(&named(i), &full_plan()).expect("made"))),
        (
            "formulation statement",
            Box::new(|i| {
                formulation_statement(&named(i), &formulation(Some(STATEMENT), Some(true)))
                    .expect("made")
            }),
        ),
        (
            "recovery-key sheet",
            Box::new(|i| {
                recovery_sheet(&settings(Paper::A4), &key, &format!("vault {i}"), DATE)
                    .expect("made")
            }),
        ),
        (
            "progress report",
            Box::new(|i| {
                progress_report(
                    &named(i),
                    record,
                    record.courses[0].id,
                    &ProgressSections::default(),
                    Some("Note"),
                )
                .expect("made")
            }),
        ),
        (
            "closeness circles",
            Box::new(|i| circle_comparison(&named(i), &sample().comparison, "Ros").expect("made")),
        ),
    ];
    for (name, make) in &jobs {
        let start = Instant::now();
        let t = make(0);
        let cold = start.elapsed();
        let mut warm: Vec<Duration> = (1..=5)
            .map(|i| {
                let start = Instant::now();
                let t = make(i);
                let _svg = t.page_svg(0).expect("page 1");
                start.elapsed()
            })
            .collect();
        warm.sort();
        println!(
            "{name}: {} page(s), first {:.0} ms, then {:.0} ms (median of 5, with page 1 as SVG)",
            t.pages(),
            cold.as_secs_f64() * 1000.0,
            warm[2].as_secs_f64() * 1000.0
        );
    }
}

#[test]
fn a_typeset_document_can_move_between_threads() {
    fn send_and_sync<T: Send + Sync>() {}
    send_and_sync::<Typeset>();
    send_and_sync::<Error>();
}
