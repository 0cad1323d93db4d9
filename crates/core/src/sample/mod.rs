//! A fictional practice, generated deterministically from a seed: clients in every status and
//! condition group, each with the records a real caseload would hold (courses and sessions, an
//! inventory with snapshots, formulations, problem-area work, goals, a timeline, medication and
//! a safety plan). It goes through the same validated edits as the app, lives in a vault of its
//! own that is marked as a sample, and is never mixed with real records.
//!
//! Every name and every sentence here is invented.

mod conclusion;
mod measures;
mod worksheets;

use crate::audit::{self, Entry, Event, ObjectKind};
use crate::casefile::{self, Edit};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::ids::{ClientId, CourseId, PersonId, SessionId};
use crate::input;
use crate::record::areas::{
    AreaDetails, DatedItem, DisputeStage, GoalInput, GoalStatus, TransitionType, Visibility,
};
use crate::record::clients::{self, ClientInput, ClientStatus, ConditionGroup, PerinatalStage};
use crate::record::course::{
    Attendance, CourseInput, CourseKind, CourseStatus, Frequency, SessionInput,
};
use crate::record::formulation::FormulationInput;
use crate::record::inventory::{self, Degree, NewPerson, PersonInput, RelationshipType};
use crate::record::medication::{MedicationInput, PrescriberContactInput, PrescriberInput};
use crate::record::safety::SafetyPlanInput;
use crate::record::timeline::{EventType, LifeEventInput, SymptomMarker};
use crate::record::vocabulary::{Phase, ProblemArea, SessionFormat};
use crate::sessions::notes::{self, NoteInput, NoteSection, RiskAction, RiskLevel, Technique};
use crate::sessions::tasks::{TaskInput, TaskStatus};
use crate::vault::dir::{DirLock, DirState};
use crate::vault::{KdfCost, Vault, settings};
use chrono::{Days, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::{Connection, OptionalExtension};

/// The sample practice's passphrase. It protects only fictional data, and the app opens the
/// sample without asking for it; it is here so the vault can be opened like any other.
pub const SAMPLE_PASSPHRASE: &str = "sample practice with fictional clients only";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleSpec {
    pub clients: usize,
    pub seed: u64,
}

impl Default for SampleSpec {
    fn default() -> Self {
        SampleSpec { clients: 24, seed: 2026 }
    }
}

const STATUSES: [ClientStatus; 6] = [
    ClientStatus::Active,
    ClientStatus::Assessment,
    ClientStatus::Concluded,
    ClientStatus::Maintenance,
    ClientStatus::Enquiry,
    ClientStatus::Archived,
];

const GROUPS: [ConditionGroup; 6] = ConditionGroup::ALL;

const FIRST_NAMES: &[&str] = &[
    "Amara", "Bethan", "Callum", "Delia", "Emrys", "Farah", "Gideon", "Hana", "Idris", "Jonah",
    "Keira", "Lorcan", "Maren", "Nadia", "Oren", "Priya", "Quentin", "Rosalind", "Soren", "Tamsin",
    "Ulla", "Vikram", "Wren", "Ximena", "Yusuf", "Zelda", "Anouk", "Bram", "Cerys", "Dmitri",
];

/// The short names some of the sample's clients prefer.
fn nickname(first: &str) -> Option<&'static str> {
    Some(match first {
        "Bethan" => "Beth",
        "Rosalind" => "Ros",
        "Quentin" => "Quin",
        "Dmitri" => "Dima",
        "Vikram" => "Vik",
        "Tamsin" => "Tam",
        "Gideon" => "Gid",
        "Ximena" => "Mena",
        _ => return None,
    })
}

const SURNAMES: &[&str] = &[
    "Ashdown",
    "Brightwell",
    "Carrow",
    "Dunmore",
    "Ellery",
    "Fairbairn",
    "Greystone",
    "Holloway",
    "Inglewood",
    "Jessop",
    "Kettering",
    "Larkspur",
    "Mowbray",
    "Northcott",
    "Oakhurst",
    "Penhaligon",
    "Quarrie",
    "Rookwood",
    "Stanway",
    "Thistlewood",
    "Underhill",
    "Vane",
    "Whitlock",
    "Yardley",
];

const OTHER_NAMES: &[&str] = &[
    "Alex", "Bea", "Chris", "Dana", "Eli", "Fran", "Gus", "Hope", "Ivo", "Jude", "Kit", "Lou",
    "Mo", "Nell", "Ola", "Pat", "Ray", "Sol", "Tess", "Val",
];

/// Presenting problems for depression.
const PRESENTING: &[&str] = &[
    "Low mood for several months, poor sleep, and pulling away from friends since a change at home.",
    "Tearful most days, losing interest in things that used to matter, and feeling cut off.",
    "Exhausted and flat; says the arguments at home have taken over everything.",
    "Struggling since a move to a new town; no one to talk to and little energy.",
    "Grieving a parent; the low mood has not lifted and is getting in the way of work.",
];

/// How the sample speaks of each condition group, so a client seen for bulimia or PTSD is not
/// written about as if depressed.
struct Wording {
    /// What the presenting problem says, in the referral's words.
    presenting: &'static str,
    /// The diagnosis named as a treatable illness (the sick role), in the clinician's words.
    sick_role: &'static str,
    /// The illness as the client-facing statement names it.
    statement: &'static str,
    /// What began or got worse around the interpersonal events.
    symptoms: &'static str,
    measurement: &'static str,
}

fn wording(group: ConditionGroup) -> Wording {
    match group {
        ConditionGroup::MajorDepression => Wording {
            presenting: "",
            sick_role: "Depression is a common, treatable illness; for now it is fine to do a \
                        little less while we work on it.",
            statement: "you have depression, an illness that is not your fault",
            symptoms: "Low mood",
            measurement: "Depression questionnaire at every session; anxiety questionnaire \
                          every four weeks.",
        },
        ConditionGroup::PerinatalDepression => Wording {
            presenting: "Low and tearful since the birth; feels she should be coping and is \
                         afraid to say otherwise.",
            sick_role: "Depression around pregnancy and birth is common and treatable, and says \
                        nothing about being a good parent.",
            statement: "you have depression that began around the birth, a common illness that \
                        is not your fault",
            symptoms: "Low mood",
            measurement: "The perinatal depression questionnaire at every session.",
        },
        ConditionGroup::Dysthymia => Wording {
            presenting: "Has felt flat and joyless for years; assumes this is just who they are.",
            sick_role: "Persistent depression has gone on so long it can feel like personality; \
                        it is an illness, and it responds to treatment.",
            statement: "you have persistent depression, a long-lasting illness, not a flaw in \
                        who you are",
            symptoms: "The long low mood",
            measurement: "Depression questionnaire every two weeks.",
        },
        ConditionGroup::BulimiaNervosa => Wording {
            presenting: "Binge eating and making herself sick several times a week, worse after \
                         rows at home; hides it from everyone.",
            sick_role: "Bulimia is a treatable eating disorder; the cycle of bingeing and \
                        purging is tied to how things are going with people.",
            statement: "you have bulimia, a treatable eating disorder that is not your fault",
            symptoms: "The bingeing and purging",
            measurement: "Eating-disorder questionnaire every four weeks; binges and purges \
                          counted each week.",
        },
        ConditionGroup::Ptsd => Wording {
            presenting: "Nightmares and startling since an assault last year; has stopped \
                         seeing friends and snaps at home.",
            sick_role: "PTSD is a common, understandable reaction to trauma, and it is \
                        treatable.",
            statement: "you have post-traumatic stress, a reaction to what happened to you and \
                        not a weakness",
            symptoms: "The trauma symptoms",
            measurement: "PTSD checklist every two weeks.",
        },
        ConditionGroup::Other => Wording {
            presenting: "Struggling to cope since a change at home; sleeping badly and cut off.",
            sick_role: "The difficulties have a name and are treatable; for now it is fine to \
                        do a little less.",
            statement: "the difficulties you came with are real and treatable",
            symptoms: "The difficulties",
            measurement: "Agreed questionnaire every four weeks.",
        },
    }
}

const ACTIVITIES: &[&str] = &[
    "Walks on Sundays",
    "Cooking together",
    "Football on TV",
    "Phone calls",
    "Gardening",
    "Choir",
];

/// Fills an empty vault with a sample practice and marks it as a sample. Returns the number
/// of clients created.
pub fn populate(vault: &mut Vault, spec: SampleSpec) -> Result<usize> {
    let clock = vault.clock_handle();
    vault.write(|tx| {
        settings::mark_sample(tx)?;
        settings::set_documents(
            tx,
            &settings::DocumentSettings {
                paper: settings::Paper::A4,
                clinician_name: Some("Dr Alex Rowan (sample)".into()),
                practice_name: Some("Sample Practice".into()),
            },
        )?;
        let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
        let today = input::today(clock.as_ref());
        for i in 0..spec.clients {
            one_client(tx, clock.as_ref(), &mut rng, i, today)?;
        }
        Ok(spec.clients)
    })
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    items.choose(rng).expect("non-empty pool")
}

fn ago(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn ahead(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_add_days(Days::new(days)).unwrap_or(today)
}

fn s(text: impl AsRef<str>) -> Option<String> {
    Some(text.as_ref().to_string())
}

fn apply(conn: &Connection, clock: &dyn Clock, client: ClientId, edit: Edit) -> Result<()> {
    casefile::apply(conn, clock, client, &edit)
}

fn one_client(
    conn: &Connection,
    clock: &dyn Clock,
    rng: &mut ChaCha8Rng,
    i: usize,
    today: NaiveDate,
) -> Result<()> {
    let status = STATUSES[i % STATUSES.len()];
    let group = GROUPS[(i + i / STATUSES.len()) % GROUPS.len()];
    let first = FIRST_NAMES[(i * 7 + 3) % FIRST_NAMES.len()];
    let surname = SURNAMES[(i * 5 + i / SURNAMES.len()) % SURNAMES.len()];
    let name = if i >= FIRST_NAMES.len() {
        format!("{first} {surname}-{}", i / FIRST_NAMES.len() + 1)
    } else {
        format!("{first} {surname}")
    };
    let perinatal = group == ConditionGroup::PerinatalDepression;
    let age_years: u64 = if perinatal { rng.gen_range(24..40) } else { rng.gen_range(19..72) };
    let postpartum = perinatal && rng.gen_bool(0.6);
    let input = ClientInput {
        full_name: name.clone(),
        preferred_name: nickname(first).map(str::to_string),
        date_of_birth: Some(ago(today, age_years * 365 + rng.gen_range(0..365)).to_string()),
        pronouns: s(pick(rng, &["she/her", "he/him", "they/them"])),
        phone: Some(format!("07700 900{:03}", i % 1000)),
        email: Some(format!("{}.{}@example.org", first.to_lowercase(), surname.to_lowercase())),
        address: Some(format!("{} Example Road, Sampleton", 10 + i)),
        emergency_contact: Some(format!(
            "{} (sibling), 07700 901{:03}",
            pick(rng, OTHER_NAMES),
            i % 1000
        )),
        referral_source: s(pick(
            rng,
            &["GP", "Self-referral", "Midwife", "Employee assistance", "Psychiatrist"],
        )),
        gp_prescriber: s(pick(
            rng,
            &[
                "Dr Hartley, Elm Street Surgery",
                "Dr Osei, Riverside Practice",
                "Dr Lindqvist, Hill Medical Centre",
            ],
        )),
        presenting_problem: s(match wording(group).presenting {
            "" => pick(rng, PRESENTING),
            own => own,
        }),
        diagnosis: s(match group {
            ConditionGroup::MajorDepression => "Major depressive episode, moderate",
            ConditionGroup::PerinatalDepression => "Depression with perinatal onset",
            ConditionGroup::Dysthymia => "Persistent depressive disorder",
            ConditionGroup::BulimiaNervosa => "Bulimia nervosa",
            ConditionGroup::Ptsd => "Post-traumatic stress disorder",
            ConditionGroup::Other => "Adjustment difficulties with low mood",
        }),
        diagnosis_code: s(match group {
            ConditionGroup::MajorDepression => "6A70.1",
            ConditionGroup::PerinatalDepression => "6E20",
            ConditionGroup::Dysthymia => "6A72",
            ConditionGroup::BulimiaNervosa => "6B81",
            ConditionGroup::Ptsd => "6B40",
            ConditionGroup::Other => "6B43",
        }),
        condition_group: group,
        perinatal_stage: perinatal.then_some(if postpartum {
            PerinatalStage::Postpartum
        } else {
            PerinatalStage::Pregnant
        }),
        due_date: (perinatal && !postpartum)
            .then(|| ahead(today, 7 * (40 - rng.gen_range(12..36))).to_string()),
        birth_date: postpartum.then(|| ago(today, 7 * rng.gen_range(2..30)).to_string()),
        feeding: postpartum
            .then(|| pick(rng, &["Breastfeeding", "Bottle feeding", "Mixed feeding"]).to_string()),
        partner_involvement: perinatal
            .then(|| "Partner comes to some sessions and helps with night feeds.".to_string()),
        consent_notes: s(
            "Agreed to the limits of confidentiality and to contact with the GP about risk.",
        ),
        session_format: *pick(
            rng,
            &[
                SessionFormat::InPerson,
                SessionFormat::InPerson,
                SessionFormat::Video,
                SessionFormat::Phone,
            ],
        ),
        retention_until: matches!(status, ClientStatus::Concluded | ClientStatus::Archived)
            .then(|| ahead(today, 365 * 7).to_string()),
    };
    let id = clients::create(conn, clock, &input, ClientStatus::Enquiry)?;
    if status == ClientStatus::Enquiry {
        return Ok(());
    }

    // How far into treatment this client is, in days since the first session.
    let (course_days, held) = match status {
        ClientStatus::Assessment => (0, 0),
        ClientStatus::Active => {
            let held = [2, 14, 9, 5, 12, 15][(i / STATUSES.len()) % 6];
            (held * 7 + 3, held)
        }
        ClientStatus::Concluded => (16 * 7 + 60 + (i as u64 % 5) * 30, 16),
        ClientStatus::Maintenance => (16 * 7 + 150, 16),
        _ => (16 * 7 + 700, 16),
    };
    let start =
        if status == ClientStatus::Assessment { ahead(today, 5) } else { ago(today, course_days) };
    let assessed = ago(start, 14);
    apply(
        conn,
        clock,
        id,
        Edit::SetStatus {
            status: ClientStatus::Assessment,
            changed_on: ago(start, 21).to_string(),
            note: s("First telephone contact and assessment booked."),
        },
    )?;

    assessment_for(conn, clock, id, assessed, input.session_format, group)?;
    let people = inventory_for(conn, clock, rng, id, i)?;
    snapshot_on(conn, clock, id, "Intake", assessed)?;
    let primary = ProblemArea::ALL[i % 4];
    let secondary = (i % 3 == 1).then(|| ProblemArea::ALL[(i + 1) % 4]);
    timeline_for(conn, clock, rng, id, &people, primary, assessed)?;

    let course = CourseInput {
        kind: CourseKind::Acute,
        start_date: start.to_string(),
        planned_sessions: 16,
        planned_reason: None,
        frequency: Frequency::Weekly,
        session_minutes: 50,
        agreed_focus: s(focus_text(primary)),
        no_show_counts: true,
        cancellation_counts: false,
        missed_sessions: s(
            "A session missed without notice uses one of the 16; one cancelled with a day's \
             notice is rebooked, within the week when we can.",
        ),
        measurement_schedule: s(wording(group).measurement),
        medication_plan: s("Continue current medication; review with the GP at the midpoint."),
        emergency_plan: s("Safety plan agreed; out-of-hours crisis line and GP as first contacts."),
        review_every: None,
        status: CourseStatus::Active,
        ended_on: None,
    };
    apply(conn, clock, id, Edit::AddCourse { course: course.clone() })?;
    let course_id: CourseId =
        conn.query_row("SELECT max(id) FROM courses WHERE client_id = ?1", [id], |r| r.get(0))?;
    let mut day = start;
    let mut attended = 0;
    let mut week = 0;
    while attended < held {
        let missed = week > 0 && rng.gen_ratio(1, 9);
        let attendance = if missed {
            *pick(rng, &[Attendance::Cancelled, Attendance::NoShow])
        } else {
            Attendance::Attended
        };
        if day > today {
            break;
        }
        apply(
            conn,
            clock,
            id,
            Edit::AddSession { course_id, session: session(day, attendance, input.session_format) },
        )?;
        if attendance == Attendance::Attended {
            attended += 1;
        }
        week += 1;
        day = ahead(day, 7);
    }
    if matches!(status, ClientStatus::Active | ClientStatus::Assessment) {
        let next = if day > today { day } else { ahead(today, 1 + (i as u64 % 6)) };
        apply(
            conn,
            clock,
            id,
            Edit::AddSession {
                course_id,
                session: session(next, Attendance::Scheduled, input.session_format),
            },
        )?;
        apply(
            conn,
            clock,
            id,
            Edit::AddSession {
                course_id,
                session: session(ahead(next, 7), Attendance::Scheduled, input.session_format),
            },
        )?;
    }
    if status == ClientStatus::Assessment {
        return Ok(());
    }

    // The formulation is agreed around the third session, and revised for some in the middle.
    let third = ahead(start, 14).min(today);
    let formulation = formulation_for(group, primary, secondary, third, &people, &name);
    apply(conn, clock, id, Edit::SaveFormulation { formulation: formulation.clone() })?;
    if held >= 9 && i.is_multiple_of(2) {
        let revised_on = ahead(start, 56).min(today).to_string();
        let revised = FormulationInput {
            effective_on: revised_on.clone(),
            // Agreed again, on the day: a new version's agreement is never carried over.
            client_agreed: Some(true),
            agreed_on: Some(revised_on),
            prognosis: s("Good: engaged, using the sessions well, and supports are growing."),
            social_support: s("More contact with a sibling and an old friend since week six."),
            ..formulation
        };
        apply(conn, clock, id, Edit::SaveFormulation { formulation: revised })?;
    }
    area_work_for(conn, clock, rng, id, primary, &people, start, today)?;
    goals_for(conn, clock, rng, id, primary, start, held, today)?;
    if i.is_multiple_of(2) {
        medication_for(conn, clock, rng, id, start, today)?;
    }
    safety_plan_for(conn, clock, id, i, today)?;
    // Warning signs of a new episode are named in the conclusion phase.
    if held >= 13 {
        apply(
            conn,
            clock,
            id,
            Edit::SaveRelapsePlan {
                plan: crate::record::relapse::RelapsePlanInput {
                    warning_signs: s("Sleeping badly for more than a few nights; cancelling on \
                                      friends; the old arguments starting again."),
                    what_to_do: s("Say so at home rather than going quiet; keep the weekly walk; \
                                   book a session if it lasts two weeks."),
                    whom_to_contact: s("My partner and my sister; the GP; the clinic for a \
                                        booster session."),
                },
            },
        )?;
    }
    if held >= 9 && i.is_multiple_of(4) {
        apply(conn, clock, id, Edit::Renegotiate { course_id, planned_sessions: 18, changed_on: ahead(start, 49).min(today).to_string(), reason: "A bereavement in the family interrupted the middle phase; two sessions added by agreement.".into() })?;
    }

    if matches!(
        status,
        ClientStatus::Concluded | ClientStatus::Maintenance | ClientStatus::Archived
    ) {
        let ended = day.min(today);
        // Closer ties by the end of treatment: someone moves in a ring.
        if let Some((pid, ring)) = people.iter().find(|(_, r)| *r > 1).copied() {
            apply(conn, clock, id, Edit::MovePerson { person_id: pid, ring: ring - 1 })?;
        }
        snapshot_on(conn, clock, id, "Conclusion", ended)?;
        let stored = crate::record::course::for_client(conn, clock, id)?
            .into_iter()
            .find(|c| c.id == course_id)
            .map(|c| c.fields)
            .unwrap_or(course);
        let concluded = CourseInput {
            status: CourseStatus::Concluded,
            ended_on: Some(ended.to_string()),
            ..stored
        };
        apply(conn, clock, id, Edit::UpdateCourse { course_id, course: concluded })?;
        apply(
            conn,
            clock,
            id,
            Edit::SetStatus {
                status: ClientStatus::Concluded,
                changed_on: ended.to_string(),
                note: s("Course concluded as planned; maintenance discussed."),
            },
        )?;
        if status == ClientStatus::Concluded && i.is_multiple_of(2) {
            // Two boosters agreed at the last session: at three and at six months.
            apply(
                conn,
                clock,
                id,
                Edit::SaveBoosterPlan {
                    course_id,
                    plan: crate::record::boosters::BoosterPlanInput {
                        agreed_on: ended.to_string(),
                        dates: vec![ahead(ended, 91).to_string(), ahead(ended, 182).to_string()],
                        note: s(
                            "Check in on the warning signs and the plan; either of us can bring \
                             a booster forward if the signs return.",
                        ),
                    },
                },
            )?;
        }
        if status == ClientStatus::Maintenance {
            let m_start = ahead(ended, 28);
            // IPT-M: two years of monthly sessions, reviewed every six.
            let maintenance = CourseInput {
                planned_sessions: 24,
                agreed_focus: s(
                    "Keep the gains: early warning signs, and the relationships that protect mood.",
                ),
                missed_sessions: s(
                    "A missed month is offered again within two weeks; a no-show uses one of the 24.",
                ),
                ..CourseInput::maintenance_starting(&m_start.to_string())
            };
            apply(conn, clock, id, Edit::AddCourse { course: maintenance })?;
            let m_id: CourseId =
                conn.query_row("SELECT max(id) FROM courses WHERE client_id = ?1", [id], |r| {
                    r.get(0)
                })?;
            let mut d = m_start;
            while d <= today {
                apply(
                    conn,
                    clock,
                    id,
                    Edit::AddSession {
                        course_id: m_id,
                        session: session(d, Attendance::Attended, input.session_format),
                    },
                )?;
                d = d.checked_add_months(chrono::Months::new(1)).unwrap_or(today);
            }
            apply(
                conn,
                clock,
                id,
                Edit::AddSession {
                    course_id: m_id,
                    session: session(d, Attendance::Scheduled, input.session_format),
                },
            )?;
        }
        if status == ClientStatus::Archived {
            apply(conn, clock, id, Edit::Archive)?;
        }
    }
    notes_for(conn, clock, rng, id, i, primary, today)?;
    measures::measures_for(conn, clock, rng, id, i, group)?;
    worksheets::worksheets_for(conn, clock, id, i, primary, today)?;
    conclusion::summaries_for(conn, clock, id, i)
}

/// What a note says in each phase, in a few variants; `{area}` is the focus area's work.
const OPENINGS: [&str; 4] = [
    "Arrived on time and settled quickly.",
    "Came in looking tired; said the week had been long.",
    "Started by saying she had been looking forward to talking.",
    "Quiet at first, then more open as the session went on.",
];
const EVENTS: [&str; 5] = [
    "A tense phone call with a parent on Sunday; low mood for a day afterwards.",
    "Met a friend for coffee for the first time in months and enjoyed it.",
    "An argument at home about chores; went to bed early to avoid it.",
    "Work has been calmer; slept better on most nights.",
    "Felt left out at a family birthday and said nothing about it.",
];
const PLANS: [&str; 4] = [
    "Go back over the argument in detail and look at what was said.",
    "Role-play the conversation she wants to have, then plan when to have it.",
    "Review the week's contact with friends and what made it easier.",
    "Look at the closeness circle together and what has changed.",
];
const TASKS: [&str; 4] = [
    "Notice one moment each day when mood lifts, and who was there.",
    "Send one message to a friend she has not seen for a while.",
    "Try the opening line from the role play in a real conversation.",
    "Write down what she would want to say to the person she lost.",
];
const PROCESS: [&str; 3] = [
    "I noticed I wanted to rescue her from the silence; held back and it helped.",
    "Felt impatient in the middle of the session; worth watching next time.",
    "Warm session. Check that I am not steering her towards my own view of her mother.",
];

fn techniques_for(phase: Phase) -> Vec<Technique> {
    match phase {
        Phase::Initial => {
            vec![Technique::Psychoeducation, Technique::ExploratoryQuestions]
        }
        Phase::Middle => vec![
            Technique::Clarification,
            Technique::CommunicationAnalysis,
            Technique::RolePlay,
            Technique::EncouragementOfAffect,
        ],
        Phase::Conclusion => {
            vec![Technique::EncouragementOfAffect, Technique::TherapeuticRelationship]
        }
        Phase::Maintenance => vec![Technique::Clarification, Technique::EncouragementOfAffect],
    }
}

/// Notes for every session that has taken place: signed, with a few drafts left for Today,
/// some amendments, some private process notes, and work-at-home tasks set and reviewed.
fn notes_for(
    conn: &Connection,
    clock: &dyn Clock,
    rng: &mut ChaCha8Rng,
    client: ClientId,
    i: usize,
    area: ProblemArea,
    today: NaiveDate,
) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.held_on, s.attendance FROM sessions s JOIN courses c ON c.id = s.course_id
         WHERE c.client_id = ?1 AND s.attendance <> 'scheduled' AND s.held_on <= ?2
         ORDER BY s.held_on, s.id",
    )?;
    let sessions: Vec<(SessionId, String, Attendance)> = stmt
        .query_map(rusqlite::params![client, today.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, crate::store::rows::fields::<AttendanceOnly>(r)?.attendance))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let goal: Option<crate::ids::GoalId> =
        conn.query_row("SELECT min(id) FROM goals WHERE client_id = ?1", [client], |r| r.get(0))?;
    let count = sessions.len();
    // Some active clients keep their latest note (or two) as drafts, for the Today view.
    let drafts = match i % 6 {
        1 => 1,
        3 if count > 1 => 2,
        _ => 0,
    };
    let mut open_task: Option<crate::ids::TaskId> = None;
    for (n, (session, held_on, attendance)) in sessions.iter().enumerate() {
        let note = notes::start(conn, clock, client, Some(*session))?;
        let view = notes::get(conn, client, note)?;
        // These are sessions of a course, so the course gives each a phase.
        let phase = view.phase().unwrap_or(Phase::Middle);
        let attended = *attendance == Attendance::Attended;
        let number = view.session.number.unwrap_or(0);
        let last = n + 1 == count;
        let raised = last && i % 7 == 2;
        let input = if attended {
            NoteInput {
                mood: Some((3 + number / 2 + rng.gen_range(0..2)).min(9)),
                mood_and_events: s(format!("{} {}", pick(rng, &OPENINGS), pick(rng, &EVENTS))),
                risk_level: if raised {
                    RiskLevel::Moderate
                } else if number % 5 == 4 {
                    RiskLevel::NotAsked
                } else if number % 3 == 0 {
                    RiskLevel::Low
                } else {
                    RiskLevel::NoConcerns
                },
                risk_not_assessed_reason: (!raised && number % 5 == 4).then(|| {
                    "The session ran over on the focus work; to ask first thing next time.".into()
                }),
                risk_actions: if raised {
                    vec![RiskAction::SafetyPlanReviewed, RiskAction::PrescriberOrGpContacted]
                } else {
                    Vec::new()
                },
                risk_notes: raised.then(|| {
                    "Passive thoughts of not wanting to wake up after the argument; no plan or \
                     intent."
                        .to_string()
                }),
                risk_action: raised.then(|| {
                    "Went through the safety plan together; agreed to call the GP tomorrow.".into()
                }),
                focus_work: s(focus_text(area)),
                techniques: techniques_for(phase),
                homework_review: open_task
                    .is_some()
                    .then(|| "Went over the task from last time; see the review below.".into()),
                medication_update: (number % 5 == 0)
                    .then(|| "No change; taking it daily and side effects have eased.".into()),
                plan_next: s(pick(rng, &PLANS)),
                narrative: s(format!(
                    "Session {number}. {} Linked the week's events to mood, and agreed the next \
                     step together.",
                    match phase {
                        Phase::Initial => "Gathered the history and the inventory.",
                        Phase::Middle => "Worked on the focus area.",
                        Phase::Conclusion => "Talked about ending and the gains.",
                        Phase::Maintenance => {
                            "Went over the month, the warning signs and what has kept things steady."
                        }
                    }
                )),
                ..NoteInput::default()
            }
        } else {
            NoteInput {
                narrative: s(if *attendance == Attendance::Cancelled {
                    "Phoned in the morning to cancel: a child was unwell. Rebooked for next week."
                } else {
                    "Did not attend and did not call. Sent a short, warm message offering the next slot."
                }),
                risk_not_assessed_reason: s("No contact in session."),
                ..NoteInput::default()
            }
        };
        notes::save_draft(conn, clock, client, note, &input, None)?;
        if attended {
            if let Some(task) = open_task.take() {
                let status =
                    *pick(rng, &[TaskStatus::Done, TaskStatus::Partly, TaskStatus::NotAttempted]);
                let outcome = (status != TaskStatus::NotAttempted)
                    .then_some("Managed it twice; the second time felt easier.");
                let barriers =
                    (status != TaskStatus::Done).then_some("A busy week and low energy.");
                crate::sessions::tasks::review(
                    conn, clock, client, task, *session, status, barriers, outcome,
                )?;
            }
            if phase == Phase::Middle || (last && number > 1) {
                let due = NaiveDate::parse_from_str(held_on, "%Y-%m-%d")
                    .map(|d| ahead(d, 6).to_string())
                    .ok();
                let task = TaskInput {
                    goal_id: goal,
                    area: goal.is_none().then_some(area),
                    due_on: due,
                    ..TaskInput::new(pick::<&str>(rng, &TASKS))
                };
                open_task =
                    Some(crate::sessions::tasks::add(conn, clock, client, Some(*session), &task)?);
            }
            if number % 3 == 2 {
                notes::save_process_note(
                    conn,
                    clock,
                    client,
                    *session,
                    pick::<&str>(rng, &PROCESS),
                )?;
            }
        }
        if n + drafts < count {
            notes::sign(conn, clock, client, note)?;
            if (n == 1 && !i.is_multiple_of(2)) || (n == 4 && i.is_multiple_of(3)) {
                notes::amend(
                    conn,
                    clock,
                    client,
                    note,
                    NoteSection::MedicationUpdate,
                    "The dose went up the week before this session; she told me the following week.",
                    "Learned of the change after signing.",
                )?;
            }
        }
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct AttendanceOnly {
    attendance: Attendance,
}

/// The assessment session before the course: held, noted and signed, never session 1.
fn assessment_for(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    day: NaiveDate,
    format: SessionFormat,
    group: ConditionGroup,
) -> Result<()> {
    apply(
        conn,
        clock,
        client,
        Edit::AddAssessmentSession { session: session(day, Attendance::Attended, format) },
    )?;
    let held: crate::ids::SessionId = conn.query_row(
        "SELECT max(id) FROM sessions WHERE client_id = ?1 AND purpose = 'assessment'",
        [client],
        |r| r.get(0),
    )?;
    let note = notes::start(conn, clock, client, Some(held))?;
    let input = NoteInput {
        mood_and_events: s(format!(
            "Assessment: {}, when it started, the history, and the recent changes in the \
             client's relationships.",
            wording(group).symptoms.to_lowercase()
        )),
        risk_level: RiskLevel::Low,
        risk_notes: s("Passing thoughts that life is hard; no plan or intent. Protective: family."),
        plan_next: s("Agree the contract and start the course if the client wishes."),
        narrative: s(
            "Explained what IPT offers and how a course runs: a fixed number of weekly sessions, \
             a focus on one or two relationship areas, and an agreed end.",
        ),
        ..NoteInput::default()
    };
    notes::save_draft(conn, clock, client, note, &input, None)?;
    notes::sign(conn, clock, client, note)?;
    Ok(())
}

fn session(day: NaiveDate, attendance: Attendance, format: SessionFormat) -> SessionInput {
    SessionInput {
        held_on: day.to_string(),
        start_time: Some("10:00".into()),
        duration_minutes: Some(50),
        format,
        attendance,
    }
}

fn snapshot_on(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    label: &str,
    on: NaiveDate,
) -> Result<()> {
    apply(conn, clock, client, Edit::TakeSnapshot { label: s(label) })?;
    conn.execute(
        "UPDATE circle_snapshots SET taken_on = ?2 WHERE id = (SELECT max(id) FROM circle_snapshots WHERE client_id = ?1)",
        rusqlite::params![client, on.to_string()],
    )?;
    Ok(())
}

fn focus_text(area: ProblemArea) -> &'static str {
    match area {
        ProblemArea::Grief => {
            "Mourning the loss and finding a way back into relationships and interests."
        }
        ProblemArea::RoleDispute => {
            "The disagreement at home: what each expects, and a way to talk about it."
        }
        ProblemArea::RoleTransition => {
            "The change of role: what was lost, what the new role offers, and the skills it needs."
        }
        ProblemArea::InterpersonalDeficits => {
            "Feeling isolated: building and keeping closer contact with people."
        }
    }
}

fn inventory_for(
    conn: &Connection,
    clock: &dyn Clock,
    rng: &mut ChaCha8Rng,
    client: ClientId,
    i: usize,
) -> Result<Vec<(PersonId, i64)>> {
    // (who they are to the client, ring, died)
    let mut kinds = vec![
        (RelationshipType::Partner, 1, false),
        (RelationshipType::Parent, 2, false),
        (RelationshipType::Sibling, 2, false),
        (RelationshipType::Friend, 3, false),
        (RelationshipType::Colleague, 3, false),
    ];
    // Whoever has grief as a problem area (primary or secondary) lost someone.
    if i.is_multiple_of(4) || (i % 3 == 1 && i % 4 == 3) {
        // A parent who died keeps being a parent.
        kinds.push((RelationshipType::Parent, 1, true));
    }
    if i.is_multiple_of(3) {
        kinds.push((RelationshipType::Child, 1, false));
    }
    if i % 5 == 2 {
        kinds.push((RelationshipType::ExPartner, 3, false));
    }
    let mut out = Vec::new();
    for (n, (kind, ring, deceased)) in kinds.into_iter().enumerate() {
        let name = OTHER_NAMES[(i * 3 + n * 7) % OTHER_NAMES.len()].to_string();
        let id = inventory::add(
            conn,
            clock,
            client,
            &NewPerson { name: name.clone(), relationship_type: kind, deceased, ring },
        )?;
        audit::append(
            conn,
            clock.now(),
            Entry::about(Event::RecordCreated, ObjectKind::Person, id),
        )?;
        if n < 3 || deceased {
            let details = PersonInput {
                deceased,
                date_of_death: deceased
                    .then(|| ago(input::today(clock), 300 + (i as u64 % 200)).to_string()),
                lives_with_client: matches!(
                    kind,
                    RelationshipType::Partner | RelationshipType::Child
                ),
                contact_frequency: s(if deceased {
                    "—"
                } else {
                    pick(rng, &["Daily", "Weekly", "Every few weeks"])
                }),
                shared_activities: s(pick(rng, ACTIVITIES)),
                can_talk_about: s("Day-to-day plans, the children, practical worries."),
                cannot_talk_about: s("How low things have been; feeling let down."),
                support_given: s("Listens; helps with practical things."),
                support_received: s("Emotional support when asked directly."),
                client_expectations: s("To notice without being told and to check in more often."),
                other_expectations: s("To be told plainly what is needed."),
                expectations_met: Some(*pick(rng, &[Degree::Yes, Degree::Partly, Degree::No])),
                satisfying: s("Shared humour; long history together."),
                unsatisfying: s("Conversations turn into arguments about chores."),
                conflict_frequency: s(pick(rng, &["Weekly", "Rarely", "Most days"])),
                conflict_pattern: s(
                    "Starts over something small, ends in silence for a day or two.",
                ),
                conflict_resolved: Some(*pick(rng, &[Degree::Partly, Degree::No])),
                knows_about_depression: Some(n % 2 == 0),
                changes_wanted: s("More time together and fewer silences."),
                candidate_area: Some(if deceased {
                    ProblemArea::Grief
                } else {
                    ProblemArea::ALL[(i + n) % 4]
                }),
                notes: None,
                ..PersonInput::from(&NewPerson { name, relationship_type: kind, deceased, ring })
            };
            inventory::update(conn, clock, client, id, &details)?;
        }
        if n == 0 {
            let on = ago(input::today(clock), 20 + (i as u64 % 30)).to_string();
            apply(
                conn,
                clock,
                client,
                Edit::AddPersonChange {
                    person_id: id,
                    changed_on: on,
                    description: "Started eating together on weeknights again.".into(),
                },
            )?;
        }
        out.push((id, ring));
    }
    Ok(out)
}

fn timeline_for(
    conn: &Connection,
    clock: &dyn Clock,
    rng: &mut ChaCha8Rng,
    client: ClientId,
    people: &[(PersonId, i64)],
    primary: ProblemArea,
    before: NaiveDate,
) -> Result<()> {
    let events = [
        (EventType::Move, "Moved for a new job; left old friends behind.", 900, true, None),
        (
            EventType::Conflict,
            "Arguments at home became a weekly pattern.",
            400,
            false,
            Some(SymptomMarker::Onset),
        ),
        (
            EventType::Loss,
            "A close family member died after a short illness.",
            300,
            false,
            Some(SymptomMarker::Worsening),
        ),
        (
            EventType::JobChange,
            "Promoted; longer hours and less time with friends.",
            150,
            false,
            None,
        ),
    ];
    for (n, (kind, text, days, approximate, marker)) in events.into_iter().enumerate() {
        if n > 1 && rng.gen_bool(0.4) {
            continue;
        }
        let on = ago(before, days);
        let occurred = if approximate { on.format("%Y-%m").to_string() } else { on.to_string() };
        let event = LifeEventInput {
            occurred,
            approximate,
            event_type: kind,
            description: text.into(),
            mood: Some(rng.gen_range(1..8)),
            symptom_marker: marker,
            episode_number: marker.map(|_| 1),
            area: Some(if kind == EventType::Loss { ProblemArea::Grief } else { primary }),
            people: people.iter().take(1 + n % 2).map(|(p, _)| *p).collect(),
        };
        apply(conn, clock, client, Edit::AddLifeEvent { event })?;
    }
    Ok(())
}

fn formulation_for(
    group: ConditionGroup,
    primary: ProblemArea,
    secondary: Option<ProblemArea>,
    on: NaiveDate,
    people: &[(PersonId, i64)],
    name: &str,
) -> FormulationInput {
    let first = name.split(' ').next().unwrap_or(name);
    let words = wording(group);
    FormulationInput {
        effective_on: on.to_string(),
        diagnosis_sick_role: s(words.sick_role),
        biological: s("Mother had depression in her forties. No major physical illness."),
        psychological: s("High standards for self; tends to keep worries private."),
        attachment_style: s(
            "Values closeness but waits for others to notice; indirect when upset.",
        ),
        social_support: Some(format!(
            "{} people in the inventory; closest support is a partner.",
            people.len()
        )),
        culture_spirituality: s("Family places weight on coping alone; not religious."),
        precipitating_events: Some(format!(
            "{} began in the months after the change at home (see the timeline).",
            words.symptoms
        )),
        primary_area: Some(primary),
        secondary_area: secondary,
        client_statement: Some(format!(
            "{first}, {}. It began around the time of {}. Over the next sixteen weeks we will work on {}.",
            words.statement,
            match primary {
                ProblemArea::Grief => "your loss",
                ProblemArea::RoleDispute => "the disagreements at home",
                ProblemArea::RoleTransition => "the big change in your life",
                ProblemArea::InterpersonalDeficits => "feeling cut off from people",
            },
            focus_text(primary).to_lowercase().trim_end_matches('.')
        )),
        client_agreed: Some(true),
        agreed_on: Some(on.to_string()),
        prognosis: s("Good: first episode, clear link to recent events, motivated."),
    }
}

#[allow(clippy::too_many_arguments)]
fn area_work_for(
    conn: &Connection,
    clock: &dyn Clock,
    rng: &mut ChaCha8Rng,
    client: ClientId,
    area: ProblemArea,
    people: &[(PersonId, i64)],
    start: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let first_person = people.first().map(|(p, _)| *p);
    let details = match area {
        ProblemArea::Grief => AreaDetails::Grief {
            person_id: conn
                .query_row(
                    "SELECT id FROM people WHERE client_id = ?1 AND deceased = 1 ORDER BY id",
                    [client],
                    |r| r.get(0),
                )
                .optional()?,
            date_of_death: conn
                .query_row(
                    "SELECT date_of_death FROM people WHERE client_id = ?1 AND deceased = 1",
                    [client],
                    |r| r.get(0),
                )
                .optional()?
                .flatten()
                .or_else(|| Some(ago(start, 300).to_string())),
            circumstances: s(
                "Died in hospital after a short illness; the client was travelling and arrived late.",
            ),
            anniversaries: s("The birthday in spring; the date of the funeral."),
            avoided_reminders: s("Has not visited the grave; keeps the photos in a drawer."),
            unexpressed_feelings: s(
                "Anger at being left to sort everything out; guilt about arriving late.",
            ),
            new_involvements: vec![DatedItem {
                on: Some(ahead(start, 35).min(today).to_string()),
                what: "Joined a walking group.".into(),
            }],
        },
        ProblemArea::RoleDispute => AreaDetails::RoleDispute {
            person_id: first_person,
            visibility: Some(*pick(rng, &[Visibility::Overt, Visibility::Covert])),
            client_expectations: s("That household tasks are shared without having to ask."),
            other_expectations: s("To be asked plainly, not hinted at."),
            blocks: s("Both go quiet after an argument; nothing gets settled."),
            options: s("A weekly time to plan the week; saying what is needed directly."),
            plan: s("Try the weekly planning talk for a month and review in session."),
        },
        ProblemArea::RoleTransition => AreaDetails::RoleTransition {
            transition_type: Some(*pick(
                rng,
                &[
                    TransitionType::Parenthood,
                    TransitionType::Job,
                    TransitionType::Move,
                    TransitionType::Retirement,
                ],
            )),
            transition_date: Some(ago(start, 200).to_string()),
            old_role_good: s("Felt competent; had a team and a routine."),
            old_role_bad: s("Long hours; little time for family."),
            new_role_good: s("More time at home; a chance to learn something new."),
            new_role_bad: s("No structure to the day; feels invisible."),
            losses: s("Colleagues, status, the daily rhythm."),
            opportunities: s("Volunteering; reconnecting with old friends."),
            skills_to_build: s("Asking for help; structuring the week."),
            supports_to_build: s("A local group; regular calls with a sister."),
        },
        ProblemArea::InterpersonalDeficits => AreaDetails::InterpersonalDeficits {
            relationship_history: s(
                "Few close friendships since school; relationships tend to fade after a move.",
            ),
            patterns: s("Waits for others to get in touch; reads silence as rejection."),
            target_contacts: s("Two social contacts a week, one of them face to face."),
            therapy_relationship: s(
                "Checks often whether the therapist is bored; warmer after week four.",
            ),
        },
    };
    apply(conn, clock, client, Edit::SaveAreaWork { details })?;
    if area == ProblemArea::InterpersonalDeficits {
        // Contacts counted every other week, rising toward the target.
        let mut week = start;
        let mut n: i64 = 0;
        while week <= today && n < 10 {
            let entry = crate::record::contacts::SocialContactsInput {
                week_of: week.to_string(),
                contacts: 1 + n / 2 + rng.gen_range(0..2),
                note: (n == 0).then(|| "A neighbour, and a call from a sister.".into()),
            };
            apply(conn, clock, client, Edit::RecordSocialContacts { entry })?;
            week = ahead(week, 14);
            n += 1;
        }
    }
    if area == ProblemArea::RoleDispute {
        apply(
            conn,
            clock,
            client,
            Edit::ChangeDisputeStage {
                stage: DisputeStage::Impasse,
                changed_on: ahead(start, 7).min(today).to_string(),
                note: s("Not speaking about it at all."),
            },
        )?;
        if ahead(start, 42) <= today {
            apply(
                conn,
                clock,
                client,
                Edit::ChangeDisputeStage {
                    stage: DisputeStage::Renegotiation,
                    changed_on: ahead(start, 42).to_string(),
                    note: s("Talking again; first weekly planning talk happened."),
                },
            )?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn goals_for(
    conn: &Connection,
    clock: &dyn Clock,
    rng: &mut ChaCha8Rng,
    client: ClientId,
    area: ProblemArea,
    start: NaiveDate,
    held: u64,
    today: NaiveDate,
) -> Result<()> {
    let texts: [&str; 2] = match area {
        ProblemArea::Grief => [
            "Talk about the loss with one family member",
            "Take up one activity that was dropped after the death",
        ],
        ProblemArea::RoleDispute => [
            "Say what is needed directly, once a week",
            "Agree a fair split of the household tasks",
        ],
        ProblemArea::RoleTransition => {
            ["Build a weekly routine for the new role", "Find one new source of support"]
        }
        ProblemArea::InterpersonalDeficits => {
            ["Meet a friend face to face every week", "Join one group activity"]
        }
    };
    for (n, text) in texts.into_iter().enumerate() {
        let target = ahead(start, 16 * 7).to_string();
        apply(
            conn,
            clock,
            client,
            Edit::AddGoal {
                goal: GoalInput { area, description: text.into(), target_date: Some(target) },
            },
        )?;
        let goal =
            conn.query_row("SELECT max(id) FROM goals WHERE client_id = ?1", [client], |r| {
                r.get(0)
            })?;
        if held >= 3 {
            apply(
                conn,
                clock,
                client,
                Edit::SetGoalStatus {
                    goal_id: goal,
                    status: GoalStatus::InProgress,
                    changed_on: ahead(start, 21).min(today).to_string(),
                    note: None,
                },
            )?;
        }
        let mut rating: i64 = rng.gen_range(1..4);
        for week in (3..held).step_by(2) {
            let on = ahead(start, week * 7);
            if on > today {
                break;
            }
            apply(
                conn,
                clock,
                client,
                Edit::RateGoal { goal_id: goal, rated_on: on.to_string(), rating },
            )?;
            rating = (rating + rng.gen_range(0..3)).min(10);
        }
        if held >= 16 {
            let status = if n == 0 { GoalStatus::Achieved } else { GoalStatus::PartlyAchieved };
            apply(
                conn,
                clock,
                client,
                Edit::SetGoalStatus {
                    goal_id: goal,
                    status,
                    changed_on: ahead(start, 15 * 7).min(today).to_string(),
                    note: s("Reviewed together at the end of the course."),
                },
            )?;
        }
    }
    Ok(())
}

fn medication_for(
    conn: &Connection,
    clock: &dyn Clock,
    rng: &mut ChaCha8Rng,
    client: ClientId,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    apply(
        conn,
        clock,
        client,
        Edit::SavePrescriber {
            prescriber: PrescriberInput {
                name: s(pick(rng, &["Dr Hartley", "Dr Osei", "Dr Lindqvist"])),
                contact: s("Surgery: 01632 960000"),
                consent_to_share: Some(true),
                consent_on: Some(ago(start, 7).min(today).to_string()),
                remitted_combined: rng.gen_bool(0.3),
                notes: s("Prefers letters; reply within two weeks."),
            },
        },
    )?;
    let name = *pick(rng, &["Sertraline", "Citalopram", "Mirtazapine", "Fluoxetine"]);
    apply(
        conn,
        clock,
        client,
        Edit::AddMedication {
            medication: MedicationInput {
                name: name.into(),
                dose: s("50 mg once a day"),
                started_on: Some(ago(start, 60).to_string()),
                stopped_on: None,
                adherence: s("Takes it most days; occasionally forgets at weekends."),
                side_effects: s("Some nausea in the first fortnight, now settled."),
            },
        },
    )?;
    let med =
        conn.query_row("SELECT max(id) FROM medications WHERE client_id = ?1", [client], |r| {
            r.get(0)
        })?;
    apply(
        conn,
        clock,
        client,
        Edit::AddMedicationChange {
            medication_id: med,
            changed_on: ago(start, 20).min(today).to_string(),
            description: "Dose increased by the GP after three weeks with little change.".into(),
            new_dose: Some("100 mg".into()),
        },
    )?;
    apply(
        conn,
        clock,
        client,
        Edit::AddPrescriberContact {
            contact: PrescriberContactInput {
                contacted_on: ahead(start, 28).min(today).to_string(),
                method: s("Letter"),
                summary: "Shared progress at the midpoint; mood improving, sleep still poor."
                    .into(),
                agreed: s("GP to review sleep at the next appointment; no change to the dose."),
            },
        },
    )?;
    Ok(())
}

fn safety_plan_for(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    i: usize,
    today: NaiveDate,
) -> Result<()> {
    let review =
        if i.is_multiple_of(5) { ago(today, 10) } else { ahead(today, 30 + (i as u64 % 60)) };
    let plan = SafetyPlanInput {
        warning_signs: s("Not sleeping; staying in bed past noon; not answering messages."),
        own_strategies: s("A walk round the park; a hot shower; the playlist that helps."),
        distractions: s("The café on the high street; my sister's kitchen; the library."),
        people_to_ask: s("My sister (07700 900555)."),
        professionals: s(
            "GP surgery in hours; out-of-hours crisis line; emergency department if I cannot keep myself safe.",
        ),
        safe_surroundings: s(
            "Ask my partner to keep the medicines; stay with my sister if things get bad.",
        ),
        kept_where: s("A photo on my phone and a copy on the fridge."),
        review_on: Some(review.to_string()),
    };
    apply(conn, clock, client, Edit::SaveSafetyPlan { plan: plan.clone() })?;
    // Some plans were revised later: the earlier version stays readable.
    if i.is_multiple_of(3) {
        let revised = SafetyPlanInput {
            people_to_ask: s("My sister (07700 900555); my friend from choir."),
            ..plan
        };
        apply(conn, clock, client, Edit::SaveSafetyPlan { plan: revised })?;
    }
    Ok(())
}

/// Creates a new vault holding a sample practice. The recovery key is not kept: the sample
/// holds nothing worth recovering, and its passphrase is published above.
pub fn create_vault(
    lock: &DirLock,
    clock: std::sync::Arc<dyn Clock>,
    spec: SampleSpec,
) -> Result<Vault> {
    let passphrase = crate::SecretString::from(SAMPLE_PASSPHRASE.to_string());
    let created = Vault::create_with(lock, &passphrase, clock, KdfCost::Minimum)?;
    let mut vault = created.vault;
    vault.confirm_recovery_key_stored()?;
    populate(&mut vault, spec)?;
    Ok(vault)
}

/// Opens the sample practice in `lock`'s folder, creating it on first use. A folder holding
/// any other vault is refused: the sample practice never opens real records, and real records
/// never become a sample.
pub fn open(lock: &DirLock, clock: std::sync::Arc<dyn Clock>) -> Result<Vault> {
    match lock.dir().state()? {
        DirState::Empty => create_vault(lock, clock, SampleSpec::default()),
        DirState::Vault => {
            let passphrase = crate::SecretString::from(SAMPLE_PASSPHRASE.to_string());
            let vault = Vault::unlock(lock, &passphrase, clock)?;
            if !vault.settings()?.sample {
                vault.lock(false)?;
                return Err(Error::NotAVault {
                    path: lock.dir().root().to_path_buf(),
                    reason: "it holds a vault that is not the sample practice".into(),
                });
            }
            Ok(vault)
        }
    }
}
