//! The clinician's part of a conclusion summary, and its validation.

use crate::error::{Error, Result};
use crate::input;
use crate::record::counting::Frequency;
use crate::sessions::notes::RiskLevel;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What follows the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MaintenanceChoice {
    None,
    /// One to four dated booster sessions (agreed on the Course tab).
    Boosters,
    /// Maintenance IPT: sessions at a set frequency over months.
    MaintenanceIpt,
}

/// An item of the checklist the record cannot supply, set aside with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Waiver {
    pub item: String,
    pub reason: String,
}

/// The clinician's part of the summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct Completion {
    /// The gains, in the client's own words.
    pub gains: Option<String>,
    pub skills: Option<String>,
    pub risk_level: Option<RiskLevel>,
    /// What the assessment at conclusion found (needed when risk is raised or not assessed).
    pub risk_notes: Option<String>,
    pub protective_factors: Option<String>,
    pub maintenance: Option<MaintenanceChoice>,
    /// For maintenance IPT not yet begun as a course of its own.
    pub maintenance_frequency: Option<Frequency>,
    #[ts(type = "number | null")]
    pub maintenance_months: Option<i64>,
    pub maintenance_note: Option<String>,
    /// Medication status and what was handed over to the prescriber.
    pub medication_handover: Option<String>,
    pub referrals: Option<String>,
    pub client_feedback: Option<String>,
    pub waivers: Vec<Waiver>,
}

/// The longest a maintenance plan is planned for here, in months.
pub const MAINTENANCE_MONTHS: std::ops::RangeInclusive<i64> = 1..=60;

impl Completion {
    pub fn validated(&self) -> Result<Self> {
        let long = |field: &'static str, v: &Option<String>| {
            input::opt_text(field, v.as_deref(), input::LONG_TEXT)
        };
        if let Some(m) = self.maintenance_months {
            input::range("maintenance_months", m, MAINTENANCE_MONTHS)?;
        }
        let mut waivers: Vec<Waiver> = Vec::new();
        for w in &self.waivers {
            let item = input::text("waiver_item", &w.item, 64, true)?;
            let reason = input::text("waiver_reason", &w.reason, input::SHORT_TEXT, true)?;
            if waivers.iter().any(|o| o.item == item) {
                return Err(Error::invalid("waiver_item", "Each item is set aside only once."));
            }
            waivers.push(Waiver { item, reason });
        }
        Ok(Completion {
            gains: long("gains", &self.gains)?,
            skills: long("skills", &self.skills)?,
            risk_level: self.risk_level,
            risk_notes: long("risk_notes", &self.risk_notes)?,
            protective_factors: long("protective_factors", &self.protective_factors)?,
            maintenance: self.maintenance,
            maintenance_frequency: self.maintenance_frequency,
            maintenance_months: self.maintenance_months,
            maintenance_note: long("maintenance_note", &self.maintenance_note)?,
            medication_handover: long("medication_handover", &self.medication_handover)?,
            referrals: long("referrals", &self.referrals)?,
            client_feedback: long("client_feedback", &self.client_feedback)?,
            waivers,
        })
    }
}
