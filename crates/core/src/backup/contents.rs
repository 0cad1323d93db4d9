//! What a backup's database holds, read with the key after every page of it was checked.

use super::container;
use crate::error::{Error, Result};
use crate::store::db;
use crate::store::integrity::{self, RecordCount};
use crate::store::key::DataKey;
use crate::vault::settings;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// What a backup's database holds, read with the key after a full check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupContents {
    #[ts(type = "number")]
    pub schema_version: i64,
    pub counts: Vec<RecordCount>,
    /// The newest date a record was created or changed, UTC RFC 3339.
    pub newest_record_at: Option<String>,
    pub sample: bool,
}

/// Checks a backup file in full with `key`: its structure, its header MAC, then every page
/// of its database (in a private scratch folder that is removed afterwards).
pub fn check_file(
    path: &Path,
    key: &DataKey,
    vault_id: &str,
    scratch: &Path,
) -> Result<BackupContents> {
    let inspected = container::inspect(path)?;
    if inspected.header.vault_id != vault_id {
        return Err(Error::NotABackup {
            path: path.to_path_buf(),
            reason: "it is a backup of another vault".into(),
        });
    }
    let fingerprint = inspected.header.key_file.key_fingerprint.as_deref();
    if fingerprint.is_some_and(|f| f != key.fingerprint()) {
        return Err(Error::Conflict {
            reason: "It was made under an earlier encryption key, so the vault's key cannot \
                     read it; it still opens with the passphrase or recovery key of its day."
                .into(),
        });
    }
    // A backup made without the key has no header MAC: its pages prove themselves below.
    if !inspected.header.made_without_key && !inspected.mac_matches(key) {
        return Err(Error::BackupDamaged {
            path: path.to_path_buf(),
            what: "its header was changed after it was written".into(),
        });
    }
    check_payload(&inspected, key, scratch)
}

/// Copies a checked container's database into `scratch` and checks it there.
pub fn check_payload(
    inspected: &container::Inspected,
    key: &DataKey,
    scratch: &Path,
) -> Result<BackupContents> {
    let dir = Scratch::new(scratch)?;
    let db_path = dir.path.join("check.db");
    inspected.extract_payload(&db_path, key)?;
    check_database(&db_path, key)
        .map_err(|what| Error::BackupDamaged { path: inspected.path.clone(), what })
}

/// A private folder removed (with everything in it) when dropped.
struct Scratch {
    path: PathBuf,
}

impl Scratch {
    fn new(base: &Path) -> Result<Scratch> {
        let path = base.join(format!("{}", uuid::Uuid::new_v4().simple()));
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(&path).map_err(Error::io(format!("creating {}", path.display())))?;
        Ok(Scratch { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Opens a database copy with `key` and checks every page. The error is a phrase saying what
/// was wrong.
pub(super) fn check_database(
    path: &Path,
    key: &DataKey,
) -> std::result::Result<BackupContents, String> {
    let conn = db::open_copy(path, key)
        .map_err(|e| format!("its database cannot be opened ({e})"))?
        .ok_or_else(|| "its database does not open with this vault's key".to_string())?;
    let report = integrity::full_integrity_check(&conn)
        .map_err(|e| format!("its database cannot be read in full ({e})"))?;
    if !report.is_clean() {
        let mut lines = report.cipher.clone();
        lines.extend(report.integrity.iter().filter(|l| *l != "ok").cloned());
        lines.truncate(3);
        return Err(format!("its database failed the integrity check: {}", lines.join("; ")));
    }
    let schema_version =
        db::schema_version(&conn).map_err(|e| format!("its schema cannot be read ({e})"))?;
    let counts = integrity::record_counts_present(&conn)
        .map_err(|e| format!("its records cannot be counted ({e})"))?;
    let newest_record_at = newest_record(&conn, schema_version);
    let sample = settings::get(&conn, "sample_practice").ok().flatten().as_deref() == Some("true");
    Ok(BackupContents { schema_version, counts, newest_record_at, sample })
}

/// The newest moment a record was created, changed, signed or amended.
fn newest_record(conn: &rusqlite::Connection, schema_version: i64) -> Option<String> {
    let audit = "SELECT max(at) AS x FROM audit_log WHERE event IN
        ('record_created', 'record_changed', 'record_deleted', 'note_signed', 'note_amended')";
    let sql = if schema_version >= 3 {
        format!("SELECT max(x) FROM ({audit} UNION ALL SELECT max(updated_at) FROM notes)")
    } else {
        audit.to_string()
    };
    conn.query_row(&sql, [], |r| r.get::<_, Option<String>>(0)).ok().flatten()
}
