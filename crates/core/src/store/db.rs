//! Opening the encrypted database. One `open` sets every pragma, in the order SQLCipher needs,
//! for every connection, then brings the schema up to date ([`super::migrations`]).

use super::key::DataKey;
use super::migrations;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior};
use std::io::Read;
use std::path::Path;

pub const DB_FILE: &str = "vault.db";

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// True when the file is an ordinary, unencrypted SQLite database.
pub fn is_plain_sqlite(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head)).is_ok()
        && &head == SQLITE_HEADER
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    Create,
    Existing,
}

/// Opens (or creates) the database with its data key and brings the schema up to date.
///
/// The key was already proven right by the key file, so any failure to read the database after
/// keying means damage, not a wrong passphrase.
pub fn open(path: &Path, key: &DataKey, mode: OpenMode) -> Result<Connection> {
    if mode == OpenMode::Existing {
        if !path.exists() {
            return Err(Error::Damaged {
                what: format!("the database file {} is missing", path.display()),
            });
        }
        if is_plain_sqlite(path) {
            return Err(Error::NotAVault {
                path: path.to_path_buf(),
                reason: "it is a plain, unencrypted SQLite database".into(),
            });
        }
    }
    if mode == OpenMode::Create {
        super::files::create_private_empty(path)
            .map_err(Error::io(format!("creating {}", path.display())))?;
    }
    let flags = match mode {
        OpenMode::Create => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        OpenMode::Existing => OpenFlags::SQLITE_OPEN_READ_WRITE,
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if mode == OpenMode::Existing {
        // Vaults made before every file was private are made private as they are opened.
        for side in ["", "-wal", "-shm"] {
            let mut file = path.as_os_str().to_owned();
            file.push(side);
            if let Ok(f) = std::fs::File::open(&file) {
                let _ = super::files::restrict_permissions(&f);
            }
        }
    }
    let mut conn = Connection::open_with_flags(path, flags)?;
    let damaged = |e: rusqlite::Error| Error::Damaged {
        what: format!("the database {} cannot be read ({e})", path.display()),
    };

    apply_key(&conn, key)?;
    conn.execute_batch("PRAGMA cipher_compatibility = 4;")?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(damaged)?;
    let journal: String =
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(damaged)?;
    if !journal.eq_ignore_ascii_case("wal") {
        return Err(Error::Damaged { what: format!("journal mode stayed '{journal}'") });
    }
    // A 32 MiB page cache (SQLite's default is 2 MiB): every page read past the cache is
    // decrypted and authenticated again, and a whole practice's client list touches thousands
    // of pages. Measured: the list at 2,000 clients takes half the time (docs/PERFORMANCE.md).
    // The cache lives only while the vault is unlocked; locking closes the connection.
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA fullfsync = ON;
         PRAGMA checkpoint_fullfsync = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -32768;
         PRAGMA secure_delete = ON;",
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let quick: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0)).map_err(damaged)?;
    if quick != "ok" {
        return Err(Error::Damaged { what: format!("quick_check reported: {quick}") });
    }

    let found = schema_version(&conn)?;
    let supported = migrations::SCHEMA_VERSION;
    if found > supported {
        return Err(Error::NewerVersion { found, supported });
    }
    // Foreign keys are off while the schema changes (SQLite's way to rebuild a table that
    // others refer to); each new migration checks them before it commits.
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let migrated = migrations::set().to_latest(&mut conn);
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    migrated.map_err(|e| Error::Damaged {
        what: format!("the schema could not be brought up to date ({e})"),
    })?;
    if found > 0 && found < supported {
        // An older vault, or an older backup being restored: its index is remade from the
        // record as the current views see it.
        super::search_index::rebuild(&conn)?;
    }
    super::chain_key::keep_and_install(&conn, key.audit_key())?;
    Ok(conn)
}

/// Opens a database copy read-only with its key, changing nothing in it (no journal mode, no
/// migrations): for checking a backup's payload. `None` when the key does not read it.
pub fn open_copy(path: &Path, key: &DataKey) -> Result<Option<Connection>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    apply_key(&conn, key)?;
    conn.execute_batch("PRAGMA cipher_compatibility = 4; PRAGMA temp_store = MEMORY;")?;
    if conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)).is_err() {
        return Ok(None);
    }
    super::chain_key::install_stored(&conn, key.audit_key())?;
    Ok(Some(conn))
}

/// Folds a write-ahead log left beside a database copy (`<path>-wal`) into it with its key,
/// and leaves the copy in rollback-journal mode, a single file that opens read-only.
pub fn fold_wal(path: &Path, key: &DataKey) -> Result<()> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    apply_key(&conn, key)?;
    conn.execute_batch("PRAGMA cipher_compatibility = 4;")?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    let _: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    drop(conn);
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(Error::io(format!("writing {}", path.display())))
}

/// Keys a fresh connection: SQLCipher's raw key first (it runs nothing before it), memory
/// wiping on, the proof that SQLCipher is really the engine, and the audit chain's key.
fn apply_key(conn: &Connection, key: &DataKey) -> Result<()> {
    let pragma = key.pragma("PRAGMA key = \"", "\";");
    conn.execute_batch(&pragma)?;
    drop(pragma);
    // SQLCipher then wipes the memory it frees (pages, keys) instead of leaving it as it was.
    conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    require_encryption(conn)
}

/// Refuses to go on when the SQLite underneath is not SQLCipher: `PRAGMA key` would be
/// ignored without a word and the vault written in plain text.
fn require_encryption(conn: &Connection) -> Result<()> {
    let version: Option<String> =
        conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).optional().unwrap_or(None);
    match version {
        Some(v) if !v.trim().is_empty() => Ok(()),
        _ => Err(Error::Damaged {
            what: "this build's database engine has no encryption (SQLCipher is missing), so \
                   no vault is opened or created with it"
                .into(),
        }),
    }
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Runs `f` inside an IMMEDIATE transaction: committed when it returns `Ok`, rolled back
/// otherwise, so a failed save leaves the database exactly as it was.
pub fn write<T>(conn: &mut Connection, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let value = f(&tx)?;
    tx.commit()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_sqlite_is_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plain.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
        drop(conn);
        assert!(is_plain_sqlite(&path));
        assert!(!is_plain_sqlite(&dir.path().join("missing.db")));
    }

    #[test]
    fn the_engine_is_sqlcipher_and_memory_is_wiped() {
        let conn = Connection::open_in_memory().unwrap();
        require_encryption(&conn).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let key = DataKey::generate(&mut rand::rngs::OsRng);
        let conn = open(&dir.path().join("v.db"), &key, OpenMode::Create).unwrap();
        let wiping: String =
            conn.query_row("PRAGMA cipher_memory_security", [], |r| r.get(0)).unwrap();
        assert_eq!(wiping, "1");
        drop(conn);
        assert!(!is_plain_sqlite(&dir.path().join("v.db")));
    }
}
