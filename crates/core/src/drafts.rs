//! What every autosaved draft shares (notes and worksheets alike): where the practitioner was
//! typing, so a reopened draft puts them back there, and what a save reports back.

use crate::error::Result;
use crate::input;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the practitioner was typing when the draft was last saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Caret {
    pub field: String,
    #[ts(type = "number")]
    pub offset: i64,
}

impl Caret {
    /// The caret as stored: its field name checked, its offset never negative.
    pub fn checked(caret: Option<&Caret>) -> Result<Option<Caret>> {
        caret
            .map(|c| {
                Ok(Caret {
                    field: input::text("caret", &c.field, 64, true)?,
                    offset: c.offset.max(0),
                })
            })
            .transpose()
    }
}

/// What a saved draft reports back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftSaved {
    /// Goes up by one with every saved draft.
    #[ts(type = "number")]
    pub revision: i64,
    pub updated_at: String,
}
