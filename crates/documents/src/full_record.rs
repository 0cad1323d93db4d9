//! The full client record, for a records request or a hand-over to another clinician:
//! everything the record holds about one client, section by section, from the client's
//! details to every signed note with its amendments.
//!
//! It is made from a [`ReleasedRecord`], which carries what is signed and only counts what
//! is not, and which never holds a private process note; the last section says what was left
//! out. The sections are laid out by one template from a small set of blocks (label and value
//! rows, entries, tables, charts), so a new kind of record needs words here, not a new layout.

use crate::conclusion_summary::maintenance;
use crate::date::{long_date, long_date_of_time};
use crate::error::Result;
use crate::frame::{Frame, FrameData, field, text};
use crate::plot::Plot;
use crate::progress_report::{consent, identifiers, plots};
use crate::words;
use crate::world::Template;
use crate::{Typeset, typeset};
use rapport_core::{
    ClientRecord, ConclusionSummary, Course, Note, ReleasedRecord, Session, Worksheet,
};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// The document's name, as errors and the header give it.
pub const FULL_RECORD: &str = "client record";

/// A label and its value.
type Fact = (String, Option<String>);

fn fact(label: &str, value: Option<String>) -> Fact {
    (label.to_string(), value)
}

/// A dated correction of something signed.
#[derive(Serialize)]
struct Amended {
    /// "Amended 3 March 2026 · Risk".
    heading: String,
    text: String,
    reason: String,
}

/// One part of a section, as the template lays it out.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block {
    /// Label and value rows; rows without a value are left out.
    Facts {
        rows: Vec<Fact>,
    },
    /// A heading inside a section.
    Heading {
        text: String,
    },
    /// One item of a list: a title, a muted line of details, its labelled texts and any
    /// amendments.
    Entry {
        title: String,
        details: Vec<String>,
        texts: Vec<Fact>,
        amendments: Vec<Amended>,
    },
    /// A table with a header row; an empty cell is a dash.
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<Option<String>>>,
    },
    Chart {
        plot: Plot,
    },
    /// A muted remark, such as "Nothing recorded."
    Remark {
        text: String,
    },
}

#[derive(Serialize)]
struct Section {
    title: String,
    blocks: Vec<Block>,
}

#[derive(Serialize)]
struct Data {
    frame: FrameData,
    subtitle: String,
    sections: Vec<Section>,
    clinician: Option<String>,
}

/// The whole record of one client as a document.
pub fn full_record(frame: &Frame, released: &ReleasedRecord) -> Result<Typeset> {
    let day = frame.day(FULL_RECORD)?;
    let record = &released.record;
    let people: HashMap<i64, String> =
        record.people.iter().map(|p| (p.id.0, text(&p.fields.name))).collect();
    let sessions: HashMap<i64, &Session> = record
        .courses
        .iter()
        .flat_map(|c| c.sessions.iter())
        .chain(record.assessment_sessions.iter())
        .map(|s| (s.id.0, s))
        .collect();
    let goals: HashMap<i64, String> =
        record.goals.iter().map(|g| (g.id.0, text(&g.fields.description))).collect();
    let sections = vec![
        client_section(record),
        courses_section(record),
        formulation_section(record),
        inventory_section(record, &people),
        areas_section(record, &people),
        events_section(record, &people),
        medication_section(record),
        safety_section(record),
        measures_section(record)?,
        notes_section(&released.notes, &goals),
        tasks_section(record, &sessions, &goals),
        worksheets_section(&released.worksheets, &people),
        summaries_section(released),
        left_out_section(released),
    ];
    let data = Data {
        frame: frame.data("Client record", day),
        subtitle: format!(
            "{} · the whole record as held on {}",
            text(&record.client.fields.full_name),
            day.long()
        ),
        sections,
        clinician: frame.clinician_name.as_deref().and_then(crate::frame::opt_text),
    };
    typeset(FULL_RECORD, Template::FullRecord, day, &data)
}

fn section(title: &str, blocks: Vec<Block>) -> Section {
    Section { title: title.to_string(), blocks }
}

/// An entry without amendments; labels without a value are left out.
fn entry(title: String, details: Vec<String>, texts: Vec<Fact>) -> Block {
    let texts = texts.into_iter().filter(|(_, v)| v.is_some()).collect();
    Block::Entry { title, details, texts, amendments: Vec::new() }
}

fn remark(text: &str) -> Block {
    Block::Remark { text: text.to_string() }
}

/// Facts with a value only.
fn facts(rows: Vec<Fact>) -> Block {
    Block::Facts { rows: rows.into_iter().filter(|(_, v)| v.is_some()).collect() }
}

fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.to_string()
}

/// A fixed choice of the record in words: its stored name with the underscores as spaces
/// and a capital ("in_person" → "In person").
fn choice(value: &impl Serialize) -> String {
    let stored = serde_json::to_value(value).ok();
    humanise(stored.as_ref().and_then(Value::as_str).unwrap_or_default())
}

fn humanise(key: &str) -> String {
    let spaced = key.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn amendments<'a>(
    items: impl Iterator<Item = (&'a str, String, &'a str, &'a str)>,
) -> Vec<Amended> {
    items
        .map(|(made_at, section, body, reason)| Amended {
            heading: format!("Amended {} · {section}", long_date_of_time(made_at)),
            text: text(body),
            reason: text(reason),
        })
        .collect()
}

fn client_section(record: &ClientRecord) -> Section {
    let f = &record.client.fields;
    let mut rows = identifiers(record);
    rows.extend([
        fact("Status", Some(choice(&record.client.status))),
        fact("Phone", field(&f.phone)),
        fact("Email", field(&f.email)),
        fact("Address", field(&f.address)),
        fact("Emergency contact", field(&f.emergency_contact)),
        fact("Sessions held", Some(choice(&f.session_format))),
        fact("Due date", f.due_date.as_deref().map(long_date)),
        fact("Birth date of the baby", f.birth_date.as_deref().map(long_date)),
        fact("Feeding", field(&f.feeding)),
        fact("Partner's involvement", field(&f.partner_involvement)),
        fact("Consent", field(&f.consent_notes)),
        fact("Keep the record until", f.retention_until.as_deref().map(long_date)),
        fact("Record opened", Some(long_date_of_time(&record.client.created_at))),
    ]);
    let mut blocks = vec![facts(rows)];
    if !record.status_history.is_empty() {
        blocks.push(Block::Heading { text: "Changes of status".into() });
        blocks.push(Block::Table {
            columns: vec!["Date".into(), "Status".into(), "Note".into()],
            rows: record
                .status_history
                .iter()
                .map(|s| {
                    vec![Some(long_date(&s.changed_on)), Some(choice(&s.status)), field(&s.note)]
                })
                .collect(),
        });
    }
    section("The client", blocks)
}

fn session_rows(sessions: &[Session]) -> Vec<Vec<Option<String>>> {
    sessions
        .iter()
        .map(|s| {
            let f = &s.fields;
            vec![
                s.number.map(|n| n.to_string()),
                Some(long_date(&f.held_on)),
                f.start_time.clone(),
                f.duration_minutes.map(|m| format!("{m} min")),
                Some(choice(&f.format)),
                Some(choice(&f.attendance)),
            ]
        })
        .collect()
}

fn session_columns() -> Vec<String> {
    ["No.", "Date", "Time", "Length", "Held", "Attendance"].map(String::from).to_vec()
}

fn course_blocks(c: &Course) -> Vec<Block> {
    let f = &c.fields;
    let p = &c.progress;
    let mut details = vec![
        match &f.ended_on {
            Some(on) => format!("{} on {}", words::course_status(f.status), long_date(on)),
            None => words::course_status(f.status).to_string(),
        },
        format!("{} planned", words::count(f.planned_sessions, "session", "sessions")),
        format!("{} attended", p.held),
        format!("{} missed", p.missed),
        format!("{}, {} minutes", words::frequency(f.frequency), f.session_minutes),
    ];
    if let Some(phase) = c.phase_override {
        details.push(format!("phase set to {}", words::phase(phase).to_lowercase()));
    }
    let texts = vec![
        fact("Agreed focus", field(&f.agreed_focus)),
        fact("Why this many sessions", field(&f.planned_reason)),
        fact("Missed sessions", field(&f.missed_sessions)),
        fact("Measures", crate::frame::opt_text(&c.measure_plan_words)),
        fact("Measurement schedule", field(&f.measurement_schedule)),
        fact("Medication plan", field(&f.medication_plan)),
        fact("Emergency plan", field(&f.emergency_plan)),
        fact("Why the phase was set", field(&c.phase_override_reason)),
    ];
    let mut blocks = vec![entry(
        format!("{} from {}", words::course_kind(f.kind), long_date(&f.start_date)),
        details,
        texts,
    )];
    if !c.changes.is_empty() {
        blocks.push(Block::Table {
            columns: ["Changed on", "What changed", "From", "To", "Why"].map(String::from).to_vec(),
            rows: c
                .changes
                .iter()
                .map(|ch| {
                    vec![
                        Some(long_date(&ch.changed_on)),
                        Some(choice(&ch.kind)),
                        field(&ch.from_value),
                        field(&ch.to_value),
                        Some(text(&ch.reason)),
                    ]
                })
                .collect(),
        });
    }
    if let Some(b) = &c.boosters {
        let dates: Vec<String> = b.fields.dates.iter().map(|d| long_date(d)).collect();
        if !dates.is_empty() {
            blocks.push(facts(vec![fact("Booster sessions", Some(dates.join(", ")))]));
        }
    }
    if c.sessions.is_empty() {
        blocks.push(remark("No session recorded in this course."));
    } else {
        blocks.push(Block::Table { columns: session_columns(), rows: session_rows(&c.sessions) });
    }
    blocks
}

fn courses_section(record: &ClientRecord) -> Section {
    let mut blocks = Vec::new();
    if !record.assessment_sessions.is_empty() {
        blocks.push(Block::Heading { text: "Assessment sessions".into() });
        blocks.push(Block::Table {
            columns: session_columns(),
            rows: session_rows(&record.assessment_sessions),
        });
    }
    // Oldest course first, as a reader follows the story.
    for c in record.courses.iter().rev() {
        blocks.extend(course_blocks(c));
    }
    if blocks.is_empty() {
        blocks.push(remark("No course or session recorded."));
    }
    section("Courses and sessions", blocks)
}

fn formulation_section(record: &ClientRecord) -> Section {
    let blocks: Vec<Block> = record
        .formulations
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let f = &v.fields;
            let mut details = vec![format!("recorded {}", long_date_of_time(&v.recorded_at))];
            if i == 0 {
                details.insert(0, "in force".to_string());
            }
            let agreed = match (f.client_agreed, &f.agreed_on) {
                (Some(true), Some(on)) => Some(format!("Yes, on {}", long_date(on))),
                (Some(true), None) => Some("Yes".into()),
                (Some(false), _) => Some("No".into()),
                (None, _) => None,
            };
            let texts = vec![
                fact("Diagnosis and the sick role", field(&f.diagnosis_sick_role)),
                fact("Biological", field(&f.biological)),
                fact("Psychological", field(&f.psychological)),
                fact("Attachment", field(&f.attachment_style)),
                fact("Social support", field(&f.social_support)),
                fact("Culture and spirituality", field(&f.culture_spirituality)),
                fact("What set it off", field(&f.precipitating_events)),
                fact("Primary problem area", f.primary_area.map(|a| words::problem_area(a).into())),
                fact(
                    "Secondary problem area",
                    f.secondary_area.map(|a| words::problem_area(a).into()),
                ),
                fact("Statement for the client", field(&f.client_statement)),
                fact("Agreed with the client", agreed),
                fact("Prognosis", field(&f.prognosis)),
            ];
            entry(
                format!("Version {}, from {}", v.version, long_date(&f.effective_on)),
                details,
                texts,
            )
        })
        .collect();
    section("Formulation", or_nothing(blocks, "No formulation recorded."))
}

fn or_nothing(blocks: Vec<Block>, nothing: &str) -> Vec<Block> {
    if blocks.is_empty() { vec![remark(nothing)] } else { blocks }
}

fn inventory_section(record: &ClientRecord, people: &HashMap<i64, String>) -> Section {
    let mut blocks: Vec<Block> = record
        .people
        .iter()
        .map(|p| {
            let f = &p.fields;
            let mut details =
                vec![words::relationship(f.relationship_type).to_string(), ring_words(f.ring)];
            if f.lives_with_client {
                details.push("lives with the client".into());
            }
            if f.deceased {
                details.push(match &f.date_of_death {
                    Some(on) => format!("died {}", long_date(on)),
                    None => "died".into(),
                });
            }
            let mut texts = json_facts(&serde_json::to_value(f).unwrap_or(Value::Null), people);
            texts.retain(|(label, _)| !PERSON_SHOWN.contains(&label.as_str()));
            texts.extend(p.changes.iter().map(|c| {
                fact(&format!("Changed {}", long_date(&c.changed_on)), Some(text(&c.description)))
            }));
            entry(text(&f.name), details, texts)
        })
        .collect();
    if !record.snapshots.is_empty() {
        blocks.push(Block::Heading { text: "Closeness circles".into() });
        blocks.push(Block::Table {
            columns: ["Taken on", "Closest", "Close", "Further out"].map(String::from).to_vec(),
            rows: record
                .snapshots
                .iter()
                .map(|s| {
                    let ring = |r: i64| {
                        let names: Vec<String> = s
                            .people
                            .iter()
                            .filter(|p| p.ring == r)
                            .map(|p| text(&p.name))
                            .collect();
                        (!names.is_empty()).then(|| names.join(", "))
                    };
                    let day = long_date(&s.taken_on);
                    let taken = match field(&s.label) {
                        Some(label) => format!("{day}\n{label}"),
                        None => day,
                    };
                    vec![Some(taken), ring(1), ring(2), ring(3)]
                })
                .collect(),
        });
    }
    section("Interpersonal inventory", or_nothing(blocks, "No one recorded in the inventory."))
}

/// The inventory fields the entry's title and details already show.
const PERSON_SHOWN: [&str; 5] =
    ["Name", "Relationship type", "Ring", "Lives with client", "Deceased"];

fn ring_words(ring: i64) -> String {
    match ring {
        1 => "closest circle".into(),
        2 => "close circle".into(),
        3 => "outer circle".into(),
        n => format!("circle {n}"),
    }
}

fn areas_section(record: &ClientRecord, people: &HashMap<i64, String>) -> Section {
    let mut blocks = Vec::new();
    for work in &record.area_work {
        let mut texts =
            json_facts(&serde_json::to_value(&work.details).unwrap_or(Value::Null), people);
        texts.retain(|(label, _)| label != "Area");
        texts.extend(work.stages.iter().map(|s| {
            let body = match field(&s.note) {
                Some(note) => format!("{}: {note}", choice(&s.stage)),
                None => choice(&s.stage),
            };
            fact(&format!("Stage from {}", long_date(&s.changed_on)), Some(body))
        }));
        blocks.push(entry(
            words::problem_area(work.details.area()).to_string(),
            vec![format!("updated {}", long_date_of_time(&work.updated_at))],
            texts,
        ));
    }
    for g in &record.goals {
        let mut details = vec![
            words::goal_status(g.status).to_string(),
            words::problem_area(g.fields.area).into(),
        ];
        if let Some(t) = &g.fields.target_date {
            details.push(format!("aimed for by {}", long_date(t)));
        }
        let mut texts = Vec::new();
        if !g.ratings.is_empty() {
            let ratings: Vec<String> = g
                .ratings
                .iter()
                .map(|r| format!("{} on {}", r.rating, long_date(&r.rated_on)))
                .collect();
            texts.push(fact("Ratings (0 to 10)", Some(ratings.join("\n"))));
        }
        texts.extend(g.history.iter().map(|h| {
            let body = match field(&h.note) {
                Some(note) => format!("{}: {note}", words::goal_status(h.status)),
                None => words::goal_status(h.status).to_string(),
            };
            fact(&format!("From {}", long_date(&h.changed_on)), Some(body))
        }));
        blocks.push(entry(format!("Goal: {}", text(&g.fields.description)), details, texts));
    }
    if !record.social_contacts.is_empty() {
        blocks.push(Block::Heading { text: "Social contacts by week".into() });
        blocks.push(Block::Table {
            columns: ["Week of", "Contacts", "Note"].map(String::from).to_vec(),
            rows: record
                .social_contacts
                .iter()
                .map(|w| {
                    let f = &w.fields;
                    vec![Some(long_date(&f.week_of)), Some(f.contacts.to_string()), field(&f.note)]
                })
                .collect(),
        });
    }
    section("Problem areas and goals", or_nothing(blocks, "No problem area work or goal recorded."))
}

fn events_section(record: &ClientRecord, people: &HashMap<i64, String>) -> Section {
    let rows: Vec<Vec<Option<String>>> = record
        .life_events
        .iter()
        .map(|e| {
            let f = &e.fields;
            let when = if f.approximate {
                format!("about {}", long_date(&f.occurred))
            } else {
                long_date(&f.occurred)
            };
            let mut about = vec![text(&f.description)];
            let names: Vec<&str> =
                f.people.iter().filter_map(|p| people.get(&p.0).map(String::as_str)).collect();
            if !names.is_empty() {
                about.push(format!("With: {}", names.join(", ")));
            }
            if let Some(m) = f.symptom_marker {
                about.push(choice(&m));
            }
            if let Some(a) = f.area {
                about.push(words::problem_area(a).to_string());
            }
            vec![
                Some(when),
                Some(choice(&f.event_type)),
                Some(about.join("\n")),
                f.mood.map(|m| m.to_string()),
            ]
        })
        .collect();
    let blocks = if rows.is_empty() {
        vec![remark("No life event recorded.")]
    } else {
        vec![Block::Table {
            columns: ["When", "Kind", "What happened", "Mood"].map(String::from).to_vec(),
            rows,
        }]
    };
    section("Timeline of life events", blocks)
}

fn medication_section(record: &ClientRecord) -> Section {
    let mut blocks = Vec::new();
    if let Some(p) = &record.prescriber {
        let f = &p.fields;
        blocks.push(facts(vec![
            fact("Prescriber", field(&f.name)),
            fact("Contact", field(&f.contact)),
            fact("Consent to share with the prescriber", Some(consent(f))),
            fact("Remitted on medication and IPT together", Some(yes_no(f.remitted_combined))),
            fact("Notes", field(&f.notes)),
        ]));
    }
    for m in &record.medications {
        let f = &m.fields;
        let mut details = Vec::new();
        if let Some(d) = field(&f.dose) {
            details.push(d);
        }
        if let Some(on) = &f.started_on {
            details.push(format!("started {}", long_date(on)));
        }
        details.push(match &f.stopped_on {
            Some(on) => format!("stopped {}", long_date(on)),
            None => "current".into(),
        });
        let mut texts = vec![
            fact("Taking it", field(&f.adherence)),
            fact("Side effects", field(&f.side_effects)),
        ];
        texts.extend(m.changes.iter().map(|c| {
            let body = match field(&c.new_dose) {
                Some(dose) => format!("{} (new dose: {dose})", text(&c.description)),
                None => text(&c.description),
            };
            fact(&format!("Changed {}", long_date(&c.changed_on)), Some(body))
        }));
        blocks.push(entry(text(&f.name), details, texts));
    }
    if !record.prescriber_contacts.is_empty() {
        blocks.push(Block::Heading { text: "Contacts with the prescriber".into() });
        blocks.push(Block::Table {
            columns: ["Date", "How", "What was said", "Agreed"].map(String::from).to_vec(),
            rows: record
                .prescriber_contacts
                .iter()
                .map(|c| {
                    let f = &c.fields;
                    vec![
                        Some(long_date(&f.contacted_on)),
                        field(&f.method),
                        Some(text(&f.summary)),
                        field(&f.agreed),
                    ]
                })
                .collect(),
        });
    }
    section("Medication", or_nothing(blocks, "No prescriber or medication recorded."))
}

fn safety_section(record: &ClientRecord) -> Section {
    let mut blocks = Vec::new();
    if let Some(plan) = &record.safety_plan {
        let f = &plan.fields;
        blocks.push(entry(
            "Safety plan".into(),
            vec![format!("last saved {}", long_date_of_time(&plan.updated_at))],
            vec![
                fact("Warning signs", field(&f.warning_signs)),
                fact("What I can do on my own", field(&f.own_strategies)),
                fact("People and places that take my mind off it", field(&f.distractions)),
                fact("People I can ask for help", field(&f.people_to_ask)),
                fact("Professionals and crisis lines", field(&f.professionals)),
                fact("Making my surroundings safe", field(&f.safe_surroundings)),
                fact("Where the client keeps it", field(&f.kept_where)),
                fact("Review on", f.review_on.as_deref().map(long_date)),
            ],
        ));
        if !plan.earlier.is_empty() {
            let saved: Vec<String> =
                plan.earlier.iter().map(|e| long_date_of_time(&e.saved_at)).collect();
            blocks.push(remark(&format!(
                "Earlier versions of the safety plan were saved on {}.",
                saved.join(", ")
            )));
        }
    }
    for plan in &record.relapse_plans {
        let f = &plan.fields;
        blocks.push(entry(
            format!("Relapse warning signs, version {}", plan.version),
            vec![format!("recorded {}", long_date_of_time(&plan.recorded_at))],
            vec![
                fact("Warning signs", field(&f.warning_signs)),
                fact("What to do", field(&f.what_to_do)),
                fact("Whom to contact", field(&f.whom_to_contact)),
            ],
        ));
    }
    section(
        "Safety and relapse prevention",
        or_nothing(blocks, "No safety plan or relapse warning signs recorded."),
    )
}

fn measures_section(record: &ClientRecord) -> Result<Section> {
    let mut blocks = Vec::new();
    if !record.administrations.is_empty() {
        blocks.push(Block::Table {
            columns: ["Given on", "Measure", "Score", "Band", "Status"].map(String::from).to_vec(),
            rows: record
                .administrations
                .iter()
                .map(|a| {
                    let mut status = vec![choice(&a.status)];
                    if a.corrected_by.is_some() {
                        status.push("corrected later".into());
                    }
                    if a.corrects.is_some() {
                        let why = field(&a.correction_reason).unwrap_or_default();
                        status.push(format!("a correction: {why}").trim_end_matches(": ").into());
                    }
                    for f in &a.score.flags {
                        status.push(format!("flag: {}", f.label));
                    }
                    vec![
                        Some(long_date(&a.given_on)),
                        Some(a.instrument.definition().name.to_string()),
                        a.score.total_text.clone(),
                        a.score.band.clone(),
                        Some(status.join("\n")),
                    ]
                })
                .collect(),
        });
    }
    for (course, measures) in record.courses.iter().zip(&record.measures).rev() {
        let charts = plots(FULL_RECORD, &measures.instruments, &measures.tracks)?;
        if charts.is_empty() {
            continue;
        }
        blocks.push(Block::Heading {
            text: format!(
                "Charts: {} from {}",
                words::course_kind(course.fields.kind),
                long_date(&course.fields.start_date)
            ),
        });
        blocks.extend(charts.into_iter().map(|plot| Block::Chart { plot }));
    }
    Ok(section("Measures", or_nothing(blocks, "No measure given.")))
}

fn notes_section(notes: &[Note], goals: &HashMap<i64, String>) -> Section {
    let blocks: Vec<Block> = notes
        .iter()
        .map(|n| {
            let f = &n.fields;
            let s = &n.session.fields;
            let title = match (n.session.number, n.planned) {
                (Some(no), Some(of)) => format!("Session {no} of {of} · {}", long_date(&s.held_on)),
                (Some(no), None) => format!("Session {no} · {}", long_date(&s.held_on)),
                (None, _) if n.course_id.is_some() => {
                    format!("{} session · {}", choice(&s.attendance), long_date(&s.held_on))
                }
                (None, _) => format!("Assessment · {}", long_date(&s.held_on)),
            };
            let mut details = Vec::new();
            if let Some(phase) = n.phase() {
                details.push(words::phase(phase).to_string());
            }
            details.push(choice(&s.attendance));
            if let Some(at) = &n.signed_at {
                details.push(format!("signed {}", long_date_of_time(at)));
            }
            let with = match (&f.attended_with_name, choice(&f.attended_with)) {
                (_, a) if a == "Alone" => None,
                (Some(name), a) => Some(format!("{a}: {}", text(name))),
                (None, a) => Some(a),
            };
            let listed = |items: Vec<String>| (!items.is_empty()).then(|| items.join(", "));
            let texts = vec![
                fact("Came with", with),
                fact("Mood (0 to 10)", f.mood.map(|m| m.to_string())),
                fact("Mood and events since the last session", field(&f.mood_and_events)),
                fact("Risk", Some(choice(&f.risk_level))),
                fact("Why risk was not assessed", field(&f.risk_not_assessed_reason)),
                fact("Risk assessment", field(&f.risk_notes)),
                fact("Action taken", listed(f.risk_actions.iter().map(choice).collect())),
                fact("Action in words", field(&f.risk_action)),
                fact("Work on the problem area", field(&f.focus_work)),
                fact("Techniques", listed(f.techniques.iter().map(choice).collect())),
                fact("Mechanisms", listed(f.mechanisms.iter().map(choice).collect())),
                fact(
                    "Goals worked on",
                    listed(
                        f.goals_worked.iter().filter_map(|g| goals.get(&g.0).cloned()).collect(),
                    ),
                ),
                fact("Work at home reviewed", field(&f.homework_review)),
                fact("Medication", field(&f.medication_update)),
                fact("Plan for the next session", field(&f.plan_next)),
                fact("Narrative", field(&f.narrative)),
            ];
            Block::Entry {
                title,
                details,
                texts: texts.into_iter().filter(|(_, v)| v.is_some()).collect(),
                amendments: amendments(n.amendments.iter().map(|a| {
                    (a.made_at.as_str(), choice(&a.section), a.text.as_str(), a.reason.as_str())
                })),
            }
        })
        .collect();
    section("Session notes", or_nothing(blocks, "No signed session note."))
}

fn tasks_section(
    record: &ClientRecord,
    sessions: &HashMap<i64, &Session>,
    goals: &HashMap<i64, String>,
) -> Section {
    let session_day = |id: Option<rapport_core::SessionId>| {
        id.and_then(|s| sessions.get(&s.0)).map(|s| long_date(&s.fields.held_on))
    };
    let blocks: Vec<Block> = record
        .tasks
        .iter()
        .map(|t| {
            let f = &t.fields;
            let mut details = vec![choice(&f.status)];
            if let Some(on) = session_day(t.set_in_session) {
                details.push(format!("set {on}"));
            }
            if let Some(due) = &f.due_on {
                details.push(format!("due {}", long_date(due)));
            }
            let mut texts = vec![
                fact("Goal", f.goal_id.and_then(|g| goals.get(&g.0).cloned())),
                fact("Problem area", f.area.map(|a| words::problem_area(a).into())),
                fact("What got in the way", field(&f.barriers)),
                fact("How it went", field(&f.outcome)),
            ];
            texts.extend(t.reviews.iter().map(|r| {
                let body: Vec<String> =
                    [Some(choice(&r.status)), field(&r.barriers), field(&r.outcome)]
                        .into_iter()
                        .flatten()
                        .collect();
                fact(&format!("Reviewed {}", long_date(&r.reviewed_on)), Some(body.join("\n")))
            }));
            entry(text(&f.description), details, texts)
        })
        .collect();
    section("Work at home", or_nothing(blocks, "No work-at-home task recorded."))
}

fn worksheets_section(worksheets: &[Worksheet], people: &HashMap<i64, String>) -> Section {
    let blocks: Vec<Block> = worksheets
        .iter()
        .map(|w| {
            let mut title = kind_title(w.kind);
            if let Some(name) = w.person_name.as_deref().and_then(crate::frame::opt_text) {
                title.push_str(&format!(" with {name}"));
            }
            let mut details = vec![long_date(&w.day)];
            if let Some(s) = &w.session {
                details.push(match s.number {
                    Some(n) => format!("session {n}"),
                    None => format!("session of {}", long_date(&s.held_on)),
                });
            }
            if let Some(area) = w.fields.area {
                details.push(words::problem_area(area).to_string());
            }
            if let Some(at) = &w.signed_at {
                details.push(format!("signed {}", long_date_of_time(at)));
            }
            let content = serde_json::to_value(&w.fields.content).unwrap_or(Value::Null);
            let mut texts = json_facts(content.get("fields").unwrap_or(&Value::Null), people);
            if let Some(f) = &w.follow_up {
                let body = match (field(&f.text), field(&f.dismissed)) {
                    (Some(t), _) => t,
                    (None, Some(why)) => format!("Not followed up: {why}"),
                    (None, None) => "Recorded".into(),
                };
                texts.push(fact("Follow-up", Some(body)));
            }
            Block::Entry {
                title,
                details,
                texts,
                amendments: amendments(w.amendments.iter().map(|a| {
                    (a.made_at.as_str(), choice(&a.section), a.text.as_str(), a.reason.as_str())
                })),
            }
        })
        .collect();
    section("Worksheets", or_nothing(blocks, "No signed worksheet."))
}

/// "Communication analysis", as a worksheet's title begins.
pub(crate) fn kind_title(kind: rapport_core::WorksheetKind) -> String {
    humanise(kind.noun())
}

fn summary_entry(s: &ConclusionSummary) -> Block {
    let c = &s.completion;
    let title = format!(
        "{} from {}",
        words::course_kind(s.compiled.course.kind),
        long_date(&s.compiled.course.start_date)
    );
    let mut details = Vec::new();
    if let Some(at) = &s.signed_at {
        let by = s.clinician_name.as_deref().and_then(crate::frame::opt_text);
        details.push(match by {
            Some(name) => format!("signed {} by {name}", long_date_of_time(at)),
            None => format!("signed {}", long_date_of_time(at)),
        });
    }
    let texts = vec![
        fact("Gains, in the client's words", field(&c.gains)),
        fact("Skills learned", field(&c.skills)),
        fact("Risk at conclusion", c.risk_level.map(|r| choice(&r))),
        fact("Risk notes", field(&c.risk_notes)),
        fact("Protective factors", field(&c.protective_factors)),
        fact("Hand-over to the prescriber", field(&c.medication_handover)),
        fact("Referrals", field(&c.referrals)),
        fact("The client's feedback", field(&c.client_feedback)),
    ];
    let maintenance = maintenance(s).into_iter().map(|(label, v)| match label.as_str() {
        "Plan" => ("Maintenance plan".to_string(), v),
        "Notes" => ("About the maintenance plan".to_string(), v),
        _ => (label, v),
    });
    let texts = texts.into_iter().chain(maintenance);
    Block::Entry {
        title,
        details,
        texts: texts.into_iter().filter(|(_, v)| v.is_some()).collect(),
        amendments: amendments(
            s.amendments.iter().map(|a| {
                (a.made_at.as_str(), choice(&a.section), a.text.as_str(), a.reason.as_str())
            }),
        ),
    }
}

fn summaries_section(released: &ReleasedRecord) -> Section {
    let mut blocks: Vec<Block> = released.summaries.iter().map(summary_entry).collect();
    if !blocks.is_empty() {
        blocks.insert(
            0,
            remark(
                "The clinician's part of each signed summary. What the summary compiled from \
                 the record is in the sections above; each summary also prints on its own.",
            ),
        );
    }
    section("Conclusion summaries", or_nothing(blocks, "No signed conclusion summary."))
}

fn left_out_section(released: &ReleasedRecord) -> Section {
    let mut rows =
        vec!["Private process notes are never part of a record released from Rapport.".to_string()];
    let counted = [
        (released.unsigned_notes, "session note", "session notes"),
        (released.unsigned_worksheets, "worksheet", "worksheets"),
        (released.unsigned_summaries, "conclusion summary", "conclusion summaries"),
    ];
    for (n, one, many) in counted {
        if n > 0 {
            rows.push(format!(
                "{} begun and not signed: not part of the record until signed.",
                humanise(&words::count(n as i64, one, many))
            ));
        }
    }
    section("Not included", rows.iter().map(|r| remark(r)).collect())
}

/// Keys of stored values that are not for a reader: ids of list items and links shown another
/// way.
const HIDDEN_KEYS: [&str; 3] = ["key", "id", "turn"];

/// Keys whose string values are fixed choices, printed in words; every other string is record
/// text and printed as it is.
const CHOICE_KEYS: [&str; 11] = [
    "speaker",
    "need_met",
    "problem",
    "client_played",
    "visibility",
    "transition_type",
    "relationship_type",
    "expectations_met",
    "conflict_resolved",
    "candidate_area",
    "area",
];

/// The fields of a stored value (a worksheet's content, a problem area's details, a person)
/// as labelled texts, in their stored order: the key in words, and the value as the record
/// holds it. Dates are written out, choices put in words, a person named, a chosen item of a
/// list given by its number and words; lists of items become one text per item.
fn json_facts(value: &Value, people: &HashMap<i64, String>) -> Vec<Fact> {
    let Some(map) = value.as_object() else { return Vec::new() };
    let mut out = Vec::new();
    for (key, v) in map {
        if HIDDEN_KEYS.contains(&key.as_str()) {
            continue;
        }
        if key == "chosen" {
            out.push(fact("Chosen", chosen(map, v)));
            continue;
        }
        match v {
            Value::Array(items) if items.iter().all(Value::is_object) => {
                let singular = humanise(key.trim_end_matches('s'));
                for (i, item) in items.iter().enumerate() {
                    let lines: Vec<String> = json_facts(item, people)
                        .into_iter()
                        .filter_map(|(label, v)| v.map(|v| format!("{label}: {v}")))
                        .collect();
                    let mut lines = lines;
                    if let Some(turn) = item.get("turn").and_then(Value::as_u64) {
                        lines.push(format!("At turn {}", position(map.get("turns"), turn)));
                    }
                    out.push(fact(&format!("{singular} {}", i + 1), Some(lines.join("\n"))));
                }
            }
            _ => out.push(fact(&humanise(key.trim_end_matches("_id")), scalar(key, v, people))),
        }
    }
    out.retain(|(_, v)| v.is_some());
    out
}

/// The place (from 1) in a list of the item with `key`, or "?" when it is gone.
fn position(list: Option<&Value>, key: u64) -> String {
    list.and_then(Value::as_array)
        .and_then(|items| {
            items.iter().position(|i| i.get("key").and_then(Value::as_u64) == Some(key))
        })
        .map_or_else(|| "?".to_string(), |p| (p + 1).to_string())
}

/// "2: Could we talk on Sunday?" for the chosen alternative or option.
fn chosen(map: &serde_json::Map<String, Value>, v: &Value) -> Option<String> {
    let key = v.as_u64()?;
    let (list, words) = if map.contains_key("alternatives") {
        ("alternatives", "words")
    } else {
        ("options", "option")
    };
    let item = map
        .get(list)?
        .as_array()?
        .iter()
        .find(|i| i.get("key").and_then(Value::as_u64) == Some(key))?;
    let said = item.get(words).and_then(Value::as_str).map(text).unwrap_or_default();
    Some(format!("{}: {said}", position(map.get(list), key)))
}

fn scalar(key: &str, v: &Value, people: &HashMap<i64, String>) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(yes_no(*b)),
        Value::Number(n) if key.ends_with("person_id") => n
            .as_i64()
            .and_then(|id| people.get(&id).cloned())
            .or_else(|| Some("Someone no longer in the inventory".into())),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if CHOICE_KEYS.contains(&key) => Some(humanise(s)),
        Value::String(s) if crate::date::Day::parse(s).is_some() => Some(long_date(s)),
        Value::String(s) => crate::frame::opt_text(s),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|i| scalar(key, i, people)).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(_) => {
            let lines: Vec<String> = json_facts(v, people)
                .into_iter()
                .filter_map(|(label, v)| v.map(|v| format!("{label}: {v}")))
                .collect();
            (!lines.is_empty()).then(|| lines.join("\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_fields_read_as_labelled_text() {
        let people = HashMap::from([(4, "Kit".to_string())]);
        let value = serde_json::json!({
            "person_id": 4,
            "exchange_on": "2026-03-02",
            "setting": "At home, <script>x</script>",
            "turns": [
                {"key": 7, "speaker": "other", "words": "You never call.", "tone": null},
                {"key": 3, "speaker": "client", "words": "I do!", "tone": "sharp"}
            ],
            "problems": [{"problem": "indirect_words", "turn": 3}],
            "alternatives": [{"key": 9, "words": "I miss you too.", "predicted_outcome": "Warmer"}],
            "chosen": 9,
            "mood_before": 3,
            "need_met": "partly",
            "blank": "  ",
            "empty": []
        });
        let facts = json_facts(&value, &people);
        let get = |label: &str| {
            facts.iter().find(|(l, _)| l == label).and_then(|(_, v)| v.clone()).unwrap_or_default()
        };
        assert_eq!(get("Person"), "Kit");
        assert_eq!(get("Exchange on"), "2 March 2026");
        assert_eq!(get("Setting"), "At home, <script>x</script>");
        assert_eq!(get("Turn 1"), "Speaker: Other\nWords: You never call.");
        assert_eq!(get("Turn 2"), "Speaker: Client\nWords: I do!\nTone: sharp");
        assert_eq!(get("Problem 1"), "Problem: Indirect words\nAt turn 2");
        assert_eq!(get("Chosen"), "1: I miss you too.");
        assert_eq!(get("Mood before"), "3");
        assert_eq!(get("Need met"), "Partly");
        assert!(facts.iter().all(|(l, _)| l != "Blank" && l != "Empty" && l != "Key"));
    }
}
