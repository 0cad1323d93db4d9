//! Which document to make for a client, and making it from an open vault: the one way the app
//! and the command line ask for a document, so both print the same pages.

use crate::conclusion_summary::conclusion_summary;
use crate::formulation::formulation_statement;
use crate::frame::Frame;
use crate::full_record::full_record;
use crate::progress_report::{ProgressSections, progress_report};
use crate::safety_plan::safety_plan;
use crate::{Error, Typeset};
use rapport_core::{ClientId, ClientRecord, CourseId, SummaryId, Vault};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A document about one client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentRequest {
    /// A course's conclusion summary (a draft prints marked as one).
    ConclusionSummary { summary_id: SummaryId },
    /// The client's safety plan, one page for them to keep.
    SafetyPlan,
    /// The formulation statement for the client, from the version in force.
    Formulation,
    /// A progress report on one course for a referrer or prescriber, with the chosen sections.
    ProgressReport {
        course_id: CourseId,
        sections: ProgressSections,
        covering_note: Option<String>,
    },
    /// The whole record (everything signed, never a process note), for a records request or a
    /// hand-over.
    FullRecord,
}

/// A document made for a client, with what to call it.
#[derive(Debug)]
pub struct Composed {
    pub typeset: Typeset,
    /// "Conclusion summary: Ada Lindqvist", for a window title.
    pub title: String,
    /// A file name to offer when saving: "Conclusion summary - Ada Lindqvist - 2026-12-03.pdf".
    pub file_name: String,
    /// The document's name for the audit trail ("conclusion_summary" …); never content.
    pub audit_name: &'static str,
}

impl From<Error> for rapport_core::Error {
    fn from(e: Error) -> Self {
        match e {
            Error::Invalid { .. } => rapport_core::Error::invalid("document", e.to_string()),
            other => rapport_core::Error::Internal { what: other.to_string() },
        }
    }
}

/// Characters a file name on any system can hold: path separators, control characters and
/// the few Windows refuses become spaces.
fn file_safe(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { ' ' } else { c })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The middle of a closeness circle on a clinician's document: the name the client goes by.
fn centre(full: &str, preferred: Option<&str>) -> String {
    preferred
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .or_else(|| full.split_whitespace().next())
        .unwrap_or("Client")
        .to_string()
}

/// Makes the document `request` asks for about `client`, dated today by the vault's clock,
/// under the practice's document settings. Reading the record is audited as viewing it.
pub fn compose(
    vault: &mut Vault,
    client: ClientId,
    request: &DocumentRequest,
) -> rapport_core::Result<Composed> {
    let settings = vault.settings()?.documents;
    if *request == DocumentRequest::FullRecord {
        // Read once, with every signed note and worksheet; audited as viewing the record.
        let released = vault.released_record(client)?;
        let record = &released.record;
        let frame = Frame::new(&settings, &record.client.fields.full_name, &record.today);
        let typeset = full_record(&frame, &released)?;
        return Ok(composed(typeset, "Client record", record, "client_record"));
    }
    let record = vault.client_record(client)?;
    let name = record.client.fields.full_name.clone();
    let frame = Frame::new(&settings, &name, &record.today);
    let centre = centre(&name, record.client.fields.preferred_name.as_deref());
    let not_recorded = |what: &str| rapport_core::Error::Conflict {
        reason: format!("{what} is not recorded yet for {name}."),
    };
    let (typeset, title, audit_name) = match request {
        DocumentRequest::ConclusionSummary { summary_id } => {
            let summary = vault.conclusion_summary(client, *summary_id)?;
            (
                conclusion_summary(&frame, &summary, &centre)?,
                "Conclusion summary",
                "conclusion_summary",
            )
        }
        DocumentRequest::SafetyPlan => {
            let plan = record.safety_plan.as_ref().ok_or_else(|| not_recorded("A safety plan"))?;
            (safety_plan(&frame, plan)?, "Safety plan", "safety_plan")
        }
        DocumentRequest::Formulation => {
            let version =
                record.formulations.first().ok_or_else(|| not_recorded("A formulation"))?;
            (formulation_statement(&frame, version)?, "Formulation", "formulation")
        }
        DocumentRequest::ProgressReport { course_id, sections, covering_note } => (
            progress_report(&frame, &record, *course_id, sections, covering_note.as_deref())?,
            "Progress report",
            "progress_report",
        ),
        DocumentRequest::FullRecord => unreachable!("made above"),
    };
    Ok(composed(typeset, title, &record, audit_name))
}

fn composed(
    typeset: Typeset,
    title: &str,
    record: &ClientRecord,
    audit_name: &'static str,
) -> Composed {
    let name = &record.client.fields.full_name;
    Composed {
        typeset,
        title: format!("{title}: {name}"),
        file_name: format!("{} - {} - {}.pdf", title, file_safe(name), record.today),
        audit_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_hold_no_path_or_control_characters() {
        assert_eq!(file_safe("Ann / Bo\\ <x>\n: y"), "Ann Bo x y");
        assert_eq!(file_safe("../../etc"), ".. .. etc");
        assert_eq!(centre("Rosalind Kettering", Some("Ros")), "Ros");
        assert_eq!(centre("Rosalind Kettering", Some(" ")), "Rosalind");
        assert_eq!(centre("", None), "Client");
    }

    #[test]
    fn a_request_reads_as_the_app_sends_it() {
        let json = r#"{"kind":"conclusion_summary","summary_id":7}"#;
        let request: DocumentRequest = serde_json::from_str(json).unwrap();
        assert_eq!(request, DocumentRequest::ConclusionSummary { summary_id: SummaryId(7) });
        let json = r#"{"kind":"safety_plan"}"#;
        assert_eq!(
            serde_json::from_str::<DocumentRequest>(json).unwrap(),
            DocumentRequest::SafetyPlan
        );
    }
}
