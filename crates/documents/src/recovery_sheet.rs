//! The recovery-key emergency sheet: the key in large monospace groups, the vault it opens,
//! the day it was made, and what it is for and how to keep it (the wording of the core's
//! `emergency_sheet`, laid out for paper). The key is never logged; typst's memo cache is
//! emptied once the sheet is typeset, so the key stays only in the returned document.

use crate::error::Result;
use crate::frame::{Frame, FrameData, text};
use crate::world::Template;
use crate::{Typeset, clear_cache, typeset};
use rapport_core::{DocumentSettings, RecoveryKey};
use serde::Serialize;

/// The document's name, as errors and the header give it.
pub const RECOVERY_SHEET: &str = "recovery-key sheet";

/// The line at the foot of each page of the sheet.
const SECRET: &str = "Secret. With a copy of the vault, this key opens every record: keep it away from the computer.";

#[derive(Serialize)]
struct Data<'a> {
    frame: FrameData,
    groups: Vec<&'a str>,
    vault_id: String,
    made_on: String,
    what: [&'static str; 3],
    keep: [&'static str; 4],
    typing: &'static str,
}

/// The emergency sheet for `key`, which opens the vault `vault_id`; `made_on` (`YYYY-MM-DD`)
/// is the day the key was made, printed on the sheet and in the header.
pub fn recovery_sheet(
    settings: &DocumentSettings,
    key: &RecoveryKey,
    vault_id: &str,
    made_on: &str,
) -> Result<Typeset> {
    let frame = Frame::new(settings, "Rapport recovery key", made_on);
    let day = frame.day(RECOVERY_SHEET)?;
    let shown = key.display();
    let mut header = frame.data("Recovery key", day);
    header.footer = SECRET.to_string();
    let data = Data {
        frame: header,
        groups: shown.split('-').collect(),
        vault_id: text(vault_id),
        made_on: day.long(),
        what: [
            "This key opens your Rapport vault if the passphrase is forgotten.",
            "Anyone holding it and a copy of the vault can read the records.",
            "Creating a new recovery key in Settings makes this one stop working.",
        ],
        keep: [
            "Keep it somewhere safe and apart from the computer: a locked drawer, a safe, or a \
             sealed envelope with your will.",
            "Never keep it on the computer or on the disk that holds the vault or its backups.",
            "Do not photograph it, email it or store it in a password manager shared with others.",
            "If it may have been seen by someone else, create a new recovery key in Settings.",
        ],
        typing: "Typing it: letters and the digits 2 to 7. Case, spaces and dashes do not \
                 matter; 0, 1 and 8 are read as O, I and B.",
    };
    let result = typeset(RECOVERY_SHEET, Template::RecoverySheet, day, &data);
    drop(data);
    clear_cache();
    result
}
