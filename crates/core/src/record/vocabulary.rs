//! Words the whole record shares: the four IPT problem areas, the three phases of a course,
//! and how a session is held. Kept apart so that each record kind can use them without
//! importing another record kind.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProblemArea {
    Grief,
    RoleDispute,
    RoleTransition,
    InterpersonalDeficits,
}

impl ProblemArea {
    pub const ALL: [ProblemArea; 4] = [
        ProblemArea::Grief,
        ProblemArea::RoleDispute,
        ProblemArea::RoleTransition,
        ProblemArea::InterpersonalDeficits,
    ];
}

/// A mood rating, 0 (lowest) to 10: in a session note and at a life event alike.
pub const MOOD: std::ops::RangeInclusive<i64> = 0..=10;

/// The phase of IPT a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Phase {
    Initial,
    Middle,
    Conclusion,
    /// Maintenance IPT: sessions over months or years with review points, no acute phases.
    Maintenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SessionFormat {
    InPerson,
    Video,
    Phone,
}

crate::stored_as_text!(
    ProblemArea => "problem area",
    Phase => "phase",
    SessionFormat => "session format",
);
