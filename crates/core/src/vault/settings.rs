//! Practice-wide settings kept inside the encrypted database.

use crate::error::{Error, Result};
use crate::input;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const AUTO_LOCK_DEFAULT: u32 = 5;
pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=30;

const KEY_AUTO_LOCK: &str = "auto_lock_minutes";
const KEY_RECOVERY_CONFIRMED: &str = "recovery_key_confirmed_at";
const KEY_SAMPLE: &str = "sample_practice";
const KEY_UNSIGNED_DAYS: &str = "unsigned_note_days";
const KEY_KEY_CHANGED: &str = "key_changed_at";
const KEY_PAPER: &str = "paper";
const KEY_CLINICIAN: &str = "clinician_name";
const KEY_PRACTICE: &str = "practice_name";

/// The paper every printed document and PDF is laid out on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Paper {
    /// 210 × 297 mm, the default outside North America.
    #[default]
    A4,
    /// 8.5 × 11 in.
    Letter,
}

/// What printed documents say about who wrote them, and the paper they are laid out on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentSettings {
    pub paper: Paper,
    /// The clinician's name as it is printed above the signature line.
    pub clinician_name: Option<String>,
    /// The practice's name, printed in each page's header.
    pub practice_name: Option<String>,
}

impl DocumentSettings {
    pub fn validated(&self) -> Result<Self> {
        Ok(Self {
            paper: self.paper,
            clinician_name: input::opt_text(
                "clinician_name",
                self.clinician_name.as_deref(),
                input::SHORT_TEXT,
            )?,
            practice_name: input::opt_text(
                "practice_name",
                self.practice_name.as_deref(),
                input::SHORT_TEXT,
            )?,
        })
    }
}

/// Unsigned notes older than this many days are listed on Today as waiting to be signed.
pub const UNSIGNED_DAYS_DEFAULT: u32 = 3;
pub const UNSIGNED_DAYS_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settings {
    /// Minutes without activity before the vault locks itself (1–30).
    pub auto_lock_minutes: u32,
    /// When the practitioner confirmed that the current recovery key is stored safely.
    pub recovery_key_confirmed_at: Option<String>,
    /// This vault holds a generated sample practice with fictional clients only.
    pub sample: bool,
    /// Days after a session before its unsigned note is listed as waiting (1–60).
    pub unsigned_note_days: u32,
    /// When the encryption key was last changed (UTC, RFC 3339): backups made before then hold
    /// the older key.
    pub key_changed_at: Option<String>,
    /// Paper and names for printed documents.
    pub documents: DocumentSettings,
}

pub fn load(conn: &Connection) -> Result<Settings> {
    let auto_lock_minutes = get(conn, KEY_AUTO_LOCK)?
        .and_then(|v| v.parse().ok())
        .filter(|m| AUTO_LOCK_RANGE.contains(m))
        .unwrap_or(AUTO_LOCK_DEFAULT);
    Ok(Settings {
        auto_lock_minutes,
        recovery_key_confirmed_at: get(conn, KEY_RECOVERY_CONFIRMED)?,
        sample: get(conn, KEY_SAMPLE)?.as_deref() == Some("true"),
        unsigned_note_days: get(conn, KEY_UNSIGNED_DAYS)?
            .and_then(|v| v.parse().ok())
            .filter(|d| UNSIGNED_DAYS_RANGE.contains(d))
            .unwrap_or(UNSIGNED_DAYS_DEFAULT),
        key_changed_at: get(conn, KEY_KEY_CHANGED)?,
        documents: DocumentSettings {
            paper: match get(conn, KEY_PAPER)?.as_deref() {
                Some("letter") => Paper::Letter,
                _ => Paper::A4,
            },
            clinician_name: get(conn, KEY_CLINICIAN)?,
            practice_name: get(conn, KEY_PRACTICE)?,
        },
    })
}

pub(crate) fn set_documents(conn: &Connection, documents: &DocumentSettings) -> Result<()> {
    let d = documents.validated()?;
    set(conn, KEY_PAPER, if d.paper == Paper::Letter { "letter" } else { "a4" })?;
    for (key, value) in [(KEY_CLINICIAN, &d.clinician_name), (KEY_PRACTICE, &d.practice_name)] {
        match value {
            Some(v) => set(conn, key, v)?,
            None => {
                conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
            }
        }
    }
    Ok(())
}

pub fn validate_auto_lock(minutes: u32) -> Result<()> {
    if AUTO_LOCK_RANGE.contains(&minutes) {
        Ok(())
    } else {
        Err(Error::invalid(
            "auto_lock_minutes",
            format!(
                "Choose between {} and {} minutes.",
                AUTO_LOCK_RANGE.start(),
                AUTO_LOCK_RANGE.end()
            ),
        ))
    }
}

pub(crate) fn set_auto_lock(conn: &Connection, minutes: u32) -> Result<()> {
    validate_auto_lock(minutes)?;
    set(conn, KEY_AUTO_LOCK, &minutes.to_string())
}

pub(crate) fn set_unsigned_note_days(conn: &Connection, days: u32) -> Result<()> {
    if !UNSIGNED_DAYS_RANGE.contains(&days) {
        return Err(Error::invalid(
            "unsigned_note_days",
            format!(
                "Choose between {} and {} days.",
                UNSIGNED_DAYS_RANGE.start(),
                UNSIGNED_DAYS_RANGE.end()
            ),
        ));
    }
    set(conn, KEY_UNSIGNED_DAYS, &days.to_string())
}

pub(crate) fn set_recovery_confirmed(conn: &Connection, at: Option<&str>) -> Result<()> {
    match at {
        Some(at) => set(conn, KEY_RECOVERY_CONFIRMED, at),
        None => {
            conn.execute("DELETE FROM settings WHERE key = ?1", [KEY_RECOVERY_CONFIRMED])?;
            Ok(())
        }
    }
}

pub(crate) fn set_key_changed_at(conn: &Connection, at: &str) -> Result<()> {
    set(conn, KEY_KEY_CHANGED, at)
}

/// Marks the vault as a sample practice. There is no way back: a sample vault never becomes a
/// real one, so real records are never mixed with fictional ones.
pub(crate) fn mark_sample(conn: &Connection) -> Result<()> {
    set(conn, KEY_SAMPLE, "true")
}

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
