//! The page frame every document shares: the paper, a header naming whom the document is
//! about with the document's date (and the practice, when it has a name), "Page N of M" and
//! a confidentiality line at the foot. `templates/frame.typ` draws it from [`FrameData`].

use crate::date::Day;
use crate::error::{Error, Result};
use rapport_core::{DocumentSettings, Paper};
use serde::Serialize;

/// The confidentiality line at the foot of every page of a client's document.
pub const CONFIDENTIAL: &str =
    "Confidential clinical record. Keep securely; do not pass on without the client's consent.";

/// What every page of a client's document carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub paper: Paper,
    /// Printed in each page's header when set.
    pub practice_name: Option<String>,
    /// Printed above the signature line of documents that have one.
    pub clinician_name: Option<String>,
    /// Whom the document is about, as the header names them.
    pub client_name: String,
    /// The document's date, `YYYY-MM-DD`: printed in the header, and the date the PDF
    /// records as its creation date.
    pub date: String,
}

impl Frame {
    /// The frame for a client's document under the practice's document settings.
    pub fn new(settings: &DocumentSettings, client_name: &str, date: &str) -> Frame {
        Frame {
            paper: settings.paper,
            practice_name: settings.practice_name.clone(),
            clinician_name: settings.clinician_name.clone(),
            client_name: client_name.to_string(),
            date: date.to_string(),
        }
    }

    /// The document's date as a day; refused, naming the document, when it is not one.
    pub(crate) fn day(&self, document: &'static str) -> Result<Day> {
        day_of(document, &self.date)
    }

    /// The header, footer and paper as the template reads them.
    pub(crate) fn data(&self, title: &str, day: Day) -> FrameData {
        FrameData {
            paper: paper_name(self.paper),
            title: title.to_string(),
            subject: text(&self.client_name),
            practice: self.practice_name.as_deref().and_then(opt_text),
            date: day.long(),
            footer: CONFIDENTIAL.to_string(),
        }
    }
}

/// The frame as the template reads it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FrameData {
    /// typst's name for the paper.
    pub paper: &'static str,
    /// The document's title, in the header and the PDF's metadata.
    pub title: String,
    /// Whom or what the document is about, first in the header.
    pub subject: String,
    pub practice: Option<String>,
    /// The document's date, written out.
    pub date: String,
    pub footer: String,
}

pub(crate) fn paper_name(paper: Paper) -> &'static str {
    match paper {
        Paper::A4 => "a4",
        Paper::Letter => "us-letter",
    }
}

pub(crate) fn day_of(document: &'static str, date: &str) -> Result<Day> {
    Day::parse(date).ok_or_else(|| Error::Invalid {
        document,
        reason: format!("the document date must be a real day written YYYY-MM-DD, not \"{date}\""),
    })
}

/// Record text as the templates receive it: line endings made `\n` (the templates keep each
/// line break) and surrounding blank space trimmed.
pub(crate) fn text(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n").trim().to_string()
}

/// Optional record text: `None` when absent or blank.
pub(crate) fn opt_text(value: &str) -> Option<String> {
    let t = text(value);
    (!t.is_empty()).then_some(t)
}

/// The same for an `Option<String>` field.
pub(crate) fn field(value: &Option<String>) -> Option<String> {
    value.as_deref().and_then(opt_text)
}
