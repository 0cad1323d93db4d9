//! The conclusion (termination) summary of a course: compiled from the record, completed by
//! the clinician, signed, and amended afterwards with dated amendments.
//!
//! The record's part ([`compiled::Compiled`]: identifiers, sessions attended, planned and
//! missed, the formulation, first and last scores with their outcomes and charts, goals, the
//! closeness circles at intake and at conclusion, the relapse warning signs, medication, what
//! follows the course, the last risk check) is compiled afresh each time a draft is read, and
//! frozen at signing, so a signed summary reads and prints as it was signed even if the record
//! changes later. The clinician's part ([`Completion`]) is a draft saved as typed, with the
//! caret kept, as notes are. [`checklist`] says what is still missing before signing.
//!
//! A summary can be started once the course reaches its conclusion (from session M−3, as the
//! conclusion prompt does) or has ended. There is one per course. It sits above the case file
//! because it compiles from the whole record.

pub mod checklist;
pub mod compiled;
mod completion;

pub use completion::{Completion, MAINTENANCE_MONTHS, MaintenanceChoice, Waiver};

use crate::audit::{self, Entry, Event, ObjectKind};
use crate::casefile::{self, ClientRecord};
use crate::clock::{Clock, now_text};
use crate::drafts::{Caret, DraftSaved};
use crate::error::{Error, Result};
use crate::ids::{ClientId, CourseId, SummaryAmendmentId, SummaryId};
use crate::input;
use crate::record::course::{CourseStatus, Progress};
use crate::store::rows;
use crate::vault::{Vault, settings};
use checklist::ChecklistItem;
use compiled::Compiled;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The part of a signed summary an amendment corrects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SummarySection {
    /// What the record supplied: dates, scores, goals, circles, relapse signs.
    Record,
    Gains,
    Skills,
    Risk,
    Maintenance,
    Medication,
    Referrals,
    Feedback,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SummaryAmendment {
    pub id: SummaryAmendmentId,
    pub section: SummarySection,
    pub text: String,
    pub reason: String,
    pub made_at: String,
}

/// A course's conclusion summary as the screen and the printed document show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConclusionSummary {
    pub id: SummaryId,
    pub client_id: ClientId,
    pub course_id: CourseId,
    pub completion: Completion,
    /// Where the clinician was typing (drafts only).
    pub caret: Option<Caret>,
    #[ts(type = "number")]
    pub revision: i64,
    /// From the record: compiled now for a draft, as it was at signing for a signed summary.
    pub compiled: Compiled,
    /// What is missing (a draft's; empty once signed).
    pub checklist: Vec<ChecklistItem>,
    pub can_sign: bool,
    /// The name the summary is signed by (for a draft, the one it would be signed by).
    pub clinician_name: Option<String>,
    pub signed_at: Option<String>,
    pub amendments: Vec<SummaryAmendment>,
    /// Signed only: the record now compiles to something else than what was signed (a late
    /// correction of a score, a goal's status changed afterwards …).
    pub record_changed_since: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// Where a course's summary stands, for lists, Today and the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SummaryStage {
    /// None yet, and the course has not reached its conclusion.
    NotDue,
    /// None yet; it can be started.
    Due,
    Draft,
    Signed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SummaryState {
    pub course_id: CourseId,
    pub summary_id: Option<SummaryId>,
    pub stage: SummaryStage,
    pub signed_at: Option<String>,
}

#[derive(Deserialize)]
struct Row {
    id: SummaryId,
    client_id: ClientId,
    course_id: CourseId,
    completion: String,
    focus_field: Option<String>,
    caret: Option<i64>,
    revision: i64,
    compiled: Option<String>,
    signed_at: Option<String>,
    signed_by: Option<String>,
    created_at: String,
    updated_at: String,
}

const SELECT: &str = "SELECT id, client_id, course_id, completion, focus_field, caret, revision,
                             compiled, signed_at, signed_by, created_at, updated_at
                      FROM conclusion_summaries";

fn damaged(id: SummaryId, e: impl std::fmt::Display) -> Error {
    Error::Damaged { what: format!("conclusion summary {id} could not be read ({e})") }
}

impl Row {
    fn completion(&self) -> Result<Completion> {
        serde_json::from_str(&self.completion).map_err(|e| damaged(self.id, e))
    }
}

fn row_where(conn: &Connection, filter: &str, p: impl rusqlite::Params) -> Result<Option<Row>> {
    Ok(conn.query_row(&format!("{SELECT} WHERE {filter}"), p, rows::fields::<Row>).optional()?)
}

fn owned_row(conn: &Connection, client: ClientId, id: SummaryId) -> Result<Row> {
    row_where(conn, "id = ?1 AND client_id = ?2", params![id, client])?
        .ok_or(Error::NotFound { what: "The conclusion summary" })
}

/// Whether a summary can be started for a course in this state: from session M−3, past the
/// planned end, or once the course has ended.
pub fn due(progress: &Progress) -> bool {
    progress.course_status != CourseStatus::Active
        || progress.conclusion_due
        || progress.beyond_plan
        || progress.past_planned_end
}

/// Starts the summary of a course (or finds the one already started).
pub fn start(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    course: CourseId,
) -> Result<SummaryId> {
    if let Some(row) =
        row_where(conn, "course_id = ?1 AND client_id = ?2", params![course, client])?
    {
        return Ok(row.id);
    }
    let courses = crate::record::course::for_client(conn, clock, client)?;
    let c =
        courses.iter().find(|c| c.id == course).ok_or(Error::NotFound { what: "The course" })?;
    if !due(&c.progress) {
        let from = (c.progress.planned - crate::record::counting::CONCLUSION_SESSIONS).max(1);
        return Err(Error::Conflict {
            reason: format!(
                "The conclusion summary can be started from session {from} of {}; this course \
                 is at session {}.",
                c.progress.planned, c.progress.current
            ),
        });
    }
    let now = now_text(clock);
    conn.execute(
        "INSERT INTO conclusion_summaries (client_id, course_id, completion, created_at,
                                           updated_at)
         VALUES (?1, ?2, '{}', ?3, ?3)",
        params![client, course, now],
    )?;
    let id = SummaryId(conn.last_insert_rowid());
    audit::append(
        conn,
        clock.now(),
        Entry::about(Event::SummaryStarted, ObjectKind::ConclusionSummary, id),
    )?;
    Ok(id)
}

fn signed_refusal(at: &str) -> Error {
    Error::Conflict {
        reason: format!(
            "This summary was signed at {at} and cannot be changed. Add an amendment instead."
        ),
    }
}

/// Saves the clinician's part as typed.
pub fn save_draft(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: SummaryId,
    completion: &Completion,
    caret: Option<&Caret>,
) -> Result<DraftSaved> {
    let row = owned_row(conn, client, id)?;
    if let Some(at) = &row.signed_at {
        return Err(signed_refusal(at));
    }
    let completion = completion.validated()?;
    let caret = Caret::checked(caret)?;
    let text = serde_json::to_string(&completion).map_err(|e| damaged(id, e))?;
    let now = now_text(clock);
    let revision = row.revision + 1;
    conn.execute(
        "UPDATE conclusion_summaries SET completion = ?2, focus_field = ?3, caret = ?4,
                revision = ?5, updated_at = ?6
         WHERE id = ?1 AND signed_at IS NULL",
        params![
            id,
            text,
            caret.as_ref().map(|c| c.field.clone()),
            caret.as_ref().map(|c| c.offset),
            revision,
            now
        ],
    )?;
    Ok(DraftSaved { revision, updated_at: now })
}

/// The field of the form an item of the checklist is put right in, for the error.
fn field_of(item: &ChecklistItem) -> String {
    match item.key.as_str() {
        "risk" => "risk_level".into(),
        "gains" | "maintenance" | "medication_handover" | "clinician_name" => item.key.clone(),
        _ => "checklist".into(),
    }
}

/// Signs the summary: what the record says now is frozen beside the clinician's part, and
/// from now on both are read-only.
pub fn sign(conn: &Connection, clock: &dyn Clock, client: ClientId, id: SummaryId) -> Result<()> {
    let row = owned_row(conn, client, id)?;
    if let Some(at) = &row.signed_at {
        return Err(Error::Conflict {
            reason: format!("This summary was already signed at {at}."),
        });
    }
    let completion = row.completion()?;
    let record = casefile::read(conn, clock, client)?;
    let compiled = compiled::compile(&record, row.course_id)?;
    let clinician = settings::load(conn)?.documents.clinician_name;
    let items = checklist::check(&compiled, &completion, clinician.as_deref());
    let open: Vec<&ChecklistItem> = items.iter().filter(|i| i.stops_signing()).collect();
    if let Some(first) = open.first() {
        let more = match open.len() {
            1 => String::new(),
            n => format!(" ({} more items on the checklist)", n - 1),
        };
        return Err(Error::invalid(
            field_of(first),
            format!("Before signing: {}{more}", first.text),
        ));
    }
    let frozen = serde_json::to_string(&compiled).map_err(|e| damaged(id, e))?;
    let now = now_text(clock);
    conn.execute(
        "UPDATE conclusion_summaries SET compiled = ?2, signed_at = ?3, signed_by = ?4,
                focus_field = NULL, caret = NULL, updated_at = ?3
         WHERE id = ?1 AND signed_at IS NULL",
        params![id, frozen, now, clinician],
    )?;
    audit::append(
        conn,
        clock.now(),
        Entry::about(Event::SummarySigned, ObjectKind::ConclusionSummary, id),
    )
}

/// Removes a draft summary (a signed one is kept for good).
pub fn discard(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: SummaryId,
) -> Result<()> {
    let row = owned_row(conn, client, id)?;
    if let Some(at) = &row.signed_at {
        return Err(Error::Conflict {
            reason: format!("This summary was signed at {at} and is kept for good."),
        });
    }
    conn.execute("DELETE FROM conclusion_summaries WHERE id = ?1 AND signed_at IS NULL", [id])?;
    audit::append(
        conn,
        clock.now(),
        Entry::about(Event::RecordDeleted, ObjectKind::ConclusionSummary, id),
    )
}

/// Adds a dated amendment with its reason under a signed summary.
pub fn amend(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: SummaryId,
    section: SummarySection,
    text: &str,
    reason: &str,
) -> Result<SummaryAmendmentId> {
    let row = owned_row(conn, client, id)?;
    if row.signed_at.is_none() {
        return Err(Error::Conflict {
            reason: "This summary is still a draft: change it directly. Amendments are for \
                     signed summaries."
                .into(),
        });
    }
    let text = input::text("amendment_text", text, input::LONG_TEXT, true)?;
    let reason = input::text("amendment_reason", reason, input::SHORT_TEXT, true)?;
    conn.execute(
        "INSERT INTO conclusion_amendments (summary_id, section, text, reason, made_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, section, text, reason, now_text(clock)],
    )?;
    let amendment = SummaryAmendmentId(conn.last_insert_rowid());
    audit::append(
        conn,
        clock.now(),
        Entry::about(Event::SummaryAmended, ObjectKind::ConclusionSummary, id),
    )?;
    Ok(amendment)
}

fn amendments(conn: &Connection, id: SummaryId) -> Result<Vec<SummaryAmendment>> {
    let mut stmt = conn.prepare(
        "SELECT id, section, text, reason, made_at FROM conclusion_amendments
         WHERE summary_id = ?1 ORDER BY made_at, id",
    )?;
    let rows = stmt.query_map([id], rows::fields::<SummaryAmendment>)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Everything but the date it was compiled on, to tell whether the record changed since.
fn without_date(c: &Compiled) -> Result<serde_json::Value> {
    let mut v = serde_json::to_value(c).map_err(|e| Error::Damaged { what: e.to_string() })?;
    if let Some(map) = v.as_object_mut() {
        map.remove("compiled_on");
    }
    Ok(v)
}

/// A summary read with the client's record (read once by the caller).
pub fn from_record(
    conn: &Connection,
    record: &ClientRecord,
    id: SummaryId,
) -> Result<ConclusionSummary> {
    let row = owned_row(conn, record.client.id, id)?;
    let completion = row.completion()?;
    let fresh = compiled::compile(record, row.course_id)?;
    let clinician = settings::load(conn)?.documents.clinician_name;
    let (compiled, checklist, record_changed_since, clinician_name) = match &row.compiled {
        Some(frozen) => {
            let frozen: Compiled = serde_json::from_str(frozen).map_err(|e| damaged(id, e))?;
            let changed = without_date(&frozen)? != without_date(&fresh)?;
            (frozen, Vec::new(), changed, row.signed_by.clone())
        }
        None => {
            let items = checklist::check(&fresh, &completion, clinician.as_deref());
            (fresh, items, false, clinician)
        }
    };
    let can_sign = row.signed_at.is_none() && !checklist.iter().any(ChecklistItem::stops_signing);
    Ok(ConclusionSummary {
        id: row.id,
        client_id: row.client_id,
        course_id: row.course_id,
        completion,
        caret: row.focus_field.clone().map(|field| Caret { field, offset: row.caret.unwrap_or(0) }),
        revision: row.revision,
        compiled,
        checklist,
        can_sign,
        clinician_name,
        signed_at: row.signed_at.clone(),
        amendments: amendments(conn, id)?,
        record_changed_since,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

pub fn get(
    conn: &Connection,
    clock: &dyn Clock,
    client: ClientId,
    id: SummaryId,
) -> Result<ConclusionSummary> {
    owned_row(conn, client, id)?;
    let record = casefile::read(conn, clock, client)?;
    from_record(conn, &record, id)
}

/// Where each of a client's courses stands with its summary, in the order of `courses`.
pub fn states(
    conn: &Connection,
    courses: &[crate::record::course::Course],
) -> Result<Vec<SummaryState>> {
    courses
        .iter()
        .map(|c| {
            let row = row_where(conn, "course_id = ?1", [c.id])?;
            Ok(SummaryState {
                course_id: c.id,
                summary_id: row.as_ref().map(|r| r.id),
                stage: match &row {
                    Some(r) if r.signed_at.is_some() => SummaryStage::Signed,
                    Some(_) => SummaryStage::Draft,
                    None if due(&c.progress) => SummaryStage::Due,
                    None => SummaryStage::NotDue,
                },
                signed_at: row.and_then(|r| r.signed_at),
            })
        })
        .collect()
}

/// Where a printed document went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentOutput {
    /// To the system's print dialog.
    Printed,
    /// Saved as a PDF file (not encrypted) where the practitioner chose.
    Saved,
}

impl Vault {
    /// Notes in the audit trail that a document about `client` (named by `document`, such as
    /// "conclusion_summary") was printed or saved; no content is recorded.
    pub fn note_document(
        &mut self,
        client: ClientId,
        document: &'static str,
        output: DocumentOutput,
    ) -> Result<()> {
        let clock = self.clock_handle();
        self.write(|tx| {
            crate::record::clients::exists(tx, client)?;
            let event = match output {
                DocumentOutput::Printed => Event::DocumentPrinted,
                DocumentOutput::Saved => Event::DocumentSaved,
            };
            let entry = Entry {
                event,
                object: Some((ObjectKind::Client, std::borrow::Cow::Owned(client.to_string()))),
                outcome: document,
            };
            audit::append(tx, clock.now(), entry)
        })
    }

    /// Starts (or opens, if there is one) the conclusion summary of a course.
    pub fn start_conclusion_summary(
        &mut self,
        client: ClientId,
        course: CourseId,
    ) -> Result<ConclusionSummary> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let id = start(tx, clock.as_ref(), client, course)?;
            get(tx, clock.as_ref(), client, id)
        })
    }

    /// Opens a summary; the viewing is audited.
    pub fn conclusion_summary(
        &mut self,
        client: ClientId,
        id: SummaryId,
    ) -> Result<ConclusionSummary> {
        let clock = self.clock_handle();
        self.write(|tx| {
            let summary = get(tx, clock.as_ref(), client, id)?;
            audit::append(
                tx,
                clock.now(),
                Entry::about(Event::RecordViewed, ObjectKind::ConclusionSummary, id),
            )?;
            Ok(summary)
        })
    }

    /// Reads an open summary again, for its checklist after a save or a change elsewhere in
    /// the record. Not audited again: opening it was.
    pub fn reread_conclusion_summary(
        &self,
        client: ClientId,
        id: SummaryId,
    ) -> Result<ConclusionSummary> {
        get(self.conn(), self.clock(), client, id)
    }

    /// Saves the clinician's part as typed. Drafts are not audited one by one.
    pub fn save_conclusion_draft(
        &mut self,
        client: ClientId,
        id: SummaryId,
        completion: &Completion,
        caret: Option<&Caret>,
    ) -> Result<DraftSaved> {
        let clock = self.clock_handle();
        self.write(|tx| save_draft(tx, clock.as_ref(), client, id, completion, caret))
    }

    pub fn sign_conclusion_summary(
        &mut self,
        client: ClientId,
        id: SummaryId,
    ) -> Result<ConclusionSummary> {
        let clock = self.clock_handle();
        self.write(|tx| {
            sign(tx, clock.as_ref(), client, id)?;
            get(tx, clock.as_ref(), client, id)
        })
    }

    pub fn discard_conclusion_summary(&mut self, client: ClientId, id: SummaryId) -> Result<()> {
        let clock = self.clock_handle();
        self.write(|tx| discard(tx, clock.as_ref(), client, id))
    }

    pub fn amend_conclusion_summary(
        &mut self,
        client: ClientId,
        id: SummaryId,
        section: SummarySection,
        text: &str,
        reason: &str,
    ) -> Result<ConclusionSummary> {
        let clock = self.clock_handle();
        self.write(|tx| {
            amend(tx, clock.as_ref(), client, id, section, text, reason)?;
            get(tx, clock.as_ref(), client, id)
        })
    }

    /// Where each of the client's courses stands with its summary.
    pub fn conclusion_summaries(&self, client: ClientId) -> Result<Vec<SummaryState>> {
        let courses = crate::record::course::for_client(self.conn(), self.clock(), client)?;
        states(self.conn(), &courses)
    }
}

crate::stored_as_text!(SummarySection => "summary section");

#[cfg(test)]
mod tests;
