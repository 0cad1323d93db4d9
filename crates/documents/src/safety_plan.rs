//! The safety plan for the client to keep: its six parts headed in the client's voice (the
//! app's headings), where the plan is kept and when to review it, on one page.

use crate::date::{long_date, long_date_of_time};
use crate::error::Result;
use crate::frame::{Frame, FrameData, field};
use crate::world::Template;
use crate::{Typeset, typeset};
use rapport_core::SafetyPlan;
use serde::Serialize;

/// The document's name, as errors and the header give it.
pub const SAFETY_PLAN: &str = "safety plan";

/// The sentence at the foot of the plan, for the moment when the plan is not enough.
const EMERGENCY: &str = "If you feel you cannot keep yourself safe, call your local emergency \
    number now or go to the nearest emergency department.";

#[derive(Serialize)]
struct Part {
    number: usize,
    heading: &'static str,
    /// Shown, with lines to write on, when the part is empty.
    hint: &'static str,
    text: Option<String>,
}

#[derive(Serialize)]
struct Data {
    frame: FrameData,
    subtitle: String,
    parts: Vec<Part>,
    kept_where: Option<String>,
    review_on: Option<String>,
    emergency: &'static str,
}

/// The client's safety plan, for them to keep: one page.
pub fn safety_plan(frame: &Frame, plan: &SafetyPlan) -> Result<Typeset> {
    let day = frame.day(SAFETY_PLAN)?;
    let f = &plan.fields;
    let parts = [
        ("Signs that a crisis may be building", &f.warning_signs),
        ("What I can do by myself to get through", &f.own_strategies),
        ("People and places that help me switch off", &f.distractions),
        ("People I can turn to for help", &f.people_to_ask),
        ("Professionals and crisis lines", &f.professionals),
        ("Making where I am safer", &f.safe_surroundings),
    ];
    let data = Data {
        frame: frame.data("Safety plan", day),
        subtitle: format!(
            "{} · last changed {}",
            crate::frame::text(&frame.client_name),
            long_date_of_time(&plan.updated_at)
        ),
        parts: parts
            .into_iter()
            .enumerate()
            .map(|(i, (heading, text))| Part {
                number: i + 1,
                heading,
                hint: "To fill in:",
                text: field(text),
            })
            .collect(),
        kept_where: field(&f.kept_where),
        review_on: f.review_on.as_deref().map(long_date),
        emergency: EMERGENCY,
    };
    typeset(SAFETY_PLAN, Template::SafetyPlan, day, &data)
}
