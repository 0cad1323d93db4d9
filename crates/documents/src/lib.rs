//! rapport-documents: the printed documents of Rapport (the client's safety plan, the
//! formulation statement for the client, the recovery-key emergency sheet, the progress report
//! for a referrer or prescriber, the closeness circles compared, the full client record for a
//! records request or a hand-over), typeset with typst used as a
//! library. Each document is one function returning a [`Typeset`]: its pages as SVG for a
//! preview in the app, and as PDF for saving and printing.
//!
//! # A closed world
//!
//! Each document is typeset in a world of its own (`world.rs`) that holds only the templates
//! built into this crate (`templates/*.typ`, embedded with `include_str!`), one virtual JSON
//! file with the document's data, the fonts built into this crate (Noto Sans in four styles
//! and DejaVu Sans Mono in regular and bold, embedded with `include_bytes!` and subset into
//! each PDF), and the document's date given by the caller as typst's "today". Nothing else
//! exists there: no file system, no system fonts, no clock, and no packages (an
//! `import "@preview/..."` fails with a message saying packages are not available), so a
//! document never reaches the network and comes out the same on every machine. Typst's memo
//! cache is trimmed after every document, and emptied after the recovery-key sheet, so a
//! long-lived app does not keep what it printed.
//!
//! # Record text is text
//!
//! Every value from the record reaches typst as a string inside the JSON data, read by the
//! template with `json("/data.json")`; nothing is ever spliced into typst source. A field
//! holding `#set page(...)`, `*bold*`, `$x$`, `<script>`, `@ref` or `//` is printed as those
//! characters. Line breaks in a field are kept as line breaks. Every label and sentence the
//! documents add is prepared here in Rust (`words.rs`, the documents' modules), and dates are
//! written out ("3 December 2026") so no reader can take one for another day.
//!
//! # One frame
//!
//! Every page of every document is laid out by `templates/frame.typ` from a [`Frame`]: the
//! paper from the practice's document settings (A4 or US Letter), a header naming the client
//! (or what the sheet is) with the document's date and the practice's name when it has one,
//! "Page N of M", and a confidentiality line at the foot. The drawings (progress and track
//! charts, closeness circles) are typst's own shapes in `templates/charts.typ`, drawn from
//! the core's chart and snapshot models, so they stay sharp and print in greyscale.
//!
//! Private process notes never appear in any document: the record these functions read does
//! not carry their text.

mod circle;
mod circles;
mod conclusion_summary;
mod date;
mod error;
mod formulation;
mod frame;
mod full_record;
mod plot;
mod progress_report;
mod recovery_sheet;
mod request;
mod safety_plan;
mod words;
mod world;

#[cfg(test)]
mod tests;

pub use circles::{CIRCLES, circle_comparison};
pub use conclusion_summary::{CONCLUSION_SUMMARY, conclusion_summary};
pub use error::{Error, Result};
pub use formulation::{FORMULATION, formulation_statement};
pub use frame::{CONFIDENTIAL, Frame};
pub use full_record::{FULL_RECORD, full_record};
pub use progress_report::{PROGRESS_REPORT, ProgressSections, progress_report};
pub use recovery_sheet::{RECOVERY_SHEET, recovery_sheet};
pub use request::{Composed, DocumentRequest, compose};
pub use safety_plan::{SAFETY_PLAN, safety_plan};

use crate::date::Day;
use crate::world::{ClosedWorld, Template};
use serde::Serialize;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

/// How many documents a memoised typst result may go unused before it is dropped.
const CACHE_AGE: usize = 8;

/// A typeset document: its pages, ready as PDF and as SVG page by page.
pub struct Typeset {
    document: &'static str,
    pages: PagedDocument,
    pdf: Vec<u8>,
    #[cfg(test)]
    warnings: Vec<String>,
}

impl std::fmt::Debug for Typeset {
    // The pages hold record text; a debug print says only what the document is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typeset")
            .field("document", &self.document)
            .field("pages", &self.pages())
            .finish_non_exhaustive()
    }
}

impl Typeset {
    /// Which document this is ("safety plan", "progress report" ...).
    pub fn document(&self) -> &'static str {
        self.document
    }

    /// The number of pages.
    pub fn pages(&self) -> usize {
        self.pages.pages().len()
    }

    /// The document as PDF, with its fonts embedded. The same input gives the same bytes: the
    /// PDF's creation date is the document's date.
    pub fn pdf(&self) -> Vec<u8> {
        self.pdf.clone()
    }

    /// The document as PDF, without a copy.
    pub fn into_pdf(self) -> Vec<u8> {
        self.pdf
    }

    /// Page `index` (from 0) as a standalone SVG image, for a preview.
    pub fn page_svg(&self, index: usize) -> Result<String> {
        let page = self.pages.pages().get(index).ok_or(Error::NoSuchPage {
            document: self.document,
            page: index + 1,
            pages: self.pages(),
        })?;
        Ok(typst_svg::svg(page, &typst_svg::SvgOptions::default()))
    }

    #[cfg(test)]
    pub(crate) fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

/// The typesetter's messages, one per line, with any hints.
fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let mut line = d.message.to_string();
            for hint in &d.hints {
                line.push_str(&format!(" (hint: {})", hint.v));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Typesets `template` over `data` (serialised to the world's JSON file) on the day `day`.
pub(crate) fn typeset(
    document: &'static str,
    template: Template,
    day: Day,
    data: &impl Serialize,
) -> Result<Typeset> {
    let json = serde_json::to_vec(data).map_err(|e| Error::Invalid {
        document,
        reason: format!("its data could not be prepared ({e})"),
    })?;
    let world = ClosedWorld::new(template, json, day)
        .map_err(|reason| Error::Typeset { document, reason })?;
    compile(document, &world, day)
}

/// Compiles a world into pages and PDF, then trims typst's memo cache.
pub(crate) fn compile(document: &'static str, world: &ClosedWorld, day: Day) -> Result<Typeset> {
    let warned = typst::compile::<PagedDocument>(world);
    typst::comemo::evict(CACHE_AGE);
    let pages = warned
        .output
        .map_err(|diagnostics| Error::Typeset { document, reason: messages(&diagnostics) })?;
    let timestamp =
        Datetime::from_ymd_hms(day.year, day.month, day.day, 0, 0, 0).map(Timestamp::new_utc);
    let options = PdfOptions {
        creator: Smart::Custom(Some("Rapport".into())),
        timestamp,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&pages, &options)
        .map_err(|diagnostics| Error::Pdf { document, reason: messages(&diagnostics) })?;
    Ok(Typeset {
        document,
        pages,
        pdf,
        #[cfg(test)]
        warnings: warned.warnings.iter().map(|w| w.message.to_string()).collect(),
    })
}

/// Drops every memoised typst result, for after a document whose content must not linger.
pub(crate) fn clear_cache() {
    typst::comemo::evict(0);
}

/// Forgets everything typst keeps from the documents typeset so far (its memoised layouts
/// hold record text). The app calls it when the vault locks; the built-in fonts and templates
/// stay loaded.
pub fn forget_typeset_documents() {
    clear_cache();
}
