//! What can go wrong while making a document, always naming the document.

/// Why a document could not be made. Every variant names the document ("safety plan",
/// "progress report" ...) so a message shown to the user says which one failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller's input cannot make this document (a date that is not a day, a course the
    /// record does not hold, nothing to print).
    #[error("The {document} cannot be made: {reason}")]
    Invalid { document: &'static str, reason: String },
    /// The typesetter refused the document; `reason` holds its messages.
    #[error("The {document} could not be typeset: {reason}")]
    Typeset { document: &'static str, reason: String },
    /// The typeset pages could not be written as PDF.
    #[error("The {document} could not be written as PDF: {reason}")]
    Pdf { document: &'static str, reason: String },
    /// A page was asked for that the document does not have.
    #[error("The {document} has {pages} page(s); there is no page {page}.")]
    NoSuchPage { document: &'static str, page: usize, pages: usize },
}

impl Error {
    /// The document this error is about.
    pub fn document(&self) -> &'static str {
        match self {
            Error::Invalid { document, .. }
            | Error::Typeset { document, .. }
            | Error::Pdf { document, .. }
            | Error::NoSuchPage { document, .. } => document,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
