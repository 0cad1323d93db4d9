//! The formulation statement for the client: the short statement shared with them, the
//! problem area(s) in plain words, the version's date, and whether and when they agreed. The
//! clinician's working notes of the formulation (biological, psychological, attachment ...)
//! stay out: this document is the client's.

use crate::date::long_date;
use crate::error::{Error, Result};
use crate::frame::{Frame, FrameData, field};
use crate::words;
use crate::world::Template;
use crate::{Typeset, typeset};
use rapport_core::Formulation;
use serde::Serialize;

/// The document's name, as errors and the header give it.
pub const FORMULATION: &str = "formulation statement";

#[derive(Serialize)]
struct Area {
    which: &'static str,
    name: &'static str,
    plain: &'static str,
}

#[derive(Serialize)]
struct Data {
    frame: FrameData,
    subtitle: String,
    statement: String,
    areas: Vec<Area>,
    version: String,
    agreement: String,
    agreed: Option<bool>,
}

/// The statement of one formulation version, for the client.
pub fn formulation_statement(frame: &Frame, formulation: &Formulation) -> Result<Typeset> {
    let day = frame.day(FORMULATION)?;
    let f = &formulation.fields;
    let statement = field(&f.client_statement).ok_or_else(|| Error::Invalid {
        document: FORMULATION,
        reason: "this version of the formulation has no statement for the client yet".into(),
    })?;
    let mut areas = Vec::new();
    for (which, area) in [("The main focus", f.primary_area), ("Also", f.secondary_area)] {
        if let Some(area) = area {
            let (name, plain) = words::problem_area_plain(area);
            areas.push(Area { which, name, plain });
        }
    }
    let agreement = match (f.client_agreed, &f.agreed_on) {
        (Some(true), Some(on)) => format!("You agreed with this on {}.", long_date(on)),
        (Some(true), None) => "You agreed with this.".to_string(),
        (Some(false), _) => {
            "You did not agree with this version; we will go back to it together.".to_string()
        }
        (None, _) => "We have not yet asked whether this fits for you.".to_string(),
    };
    let data = Data {
        frame: frame.data("Formulation", day),
        subtitle: crate::frame::text(&frame.client_name),
        statement,
        areas,
        version: format!("Version {}, from {}", formulation.version, long_date(&f.effective_on)),
        agreement,
        agreed: f.client_agreed,
    };
    typeset(FORMULATION, Template::Formulation, day, &data)
}
