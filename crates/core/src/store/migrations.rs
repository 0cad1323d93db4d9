//! The schema's history: embedded, append-only SQL migrations tracked in `user_version` and
//! applied all-or-nothing. A migration is frozen once it has shipped: a change to the schema is
//! always a new migration, and a test holds every shipped one to its checksum.

use rusqlite_migration::{M, Migrations};

/// Append-only: never edit a shipped migration, add a new one.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../../migrations/0001_foundation.sql"),
    include_str!("../../migrations/0002_client_record.sql"),
    include_str!("../../migrations/0003_sessions.sql"),
    include_str!("../../migrations/0004_backups.sql"),
    include_str!("../../migrations/0005_keys_and_backups.sql"),
    include_str!("../../migrations/0006_course_fidelity.sql"),
    include_str!("../../migrations/0007_ipt_language.sql"),
    include_str!("../../migrations/0008_relapse_and_plan_history.sql"),
    include_str!("../../migrations/0009_maintenance_courses.sql"),
    include_str!("../../migrations/0010_assessment_sessions.sql"),
    include_str!("../../migrations/0011_dated_histories.sql"),
    include_str!("../../migrations/0012_measures.sql"),
    include_str!("../../migrations/0013_worksheets.sql"),
    include_str!("../../migrations/0014_conclusion_summaries.sql"),
];

/// From this migration on, each one is checked with `PRAGMA foreign_key_check` before it
/// commits: they run with foreign keys off, so a table can be rebuilt without its dependents.
const CHECKED_FROM: usize = 8;

pub(crate) fn set() -> Migrations<'static> {
    Migrations::new(
        MIGRATION_SQL
            .iter()
            .enumerate()
            .map(
                |(i, sql)| {
                    if i >= CHECKED_FROM { M::up(sql).foreign_key_check() } else { M::up(sql) }
                },
            )
            .collect(),
    )
}

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATION_SQL.len() as i64;

/// SHA-256 of every shipped migration, in order. Never change a line here: a vault made by an
/// earlier build was migrated by exactly that text.
#[cfg(test)]
const SHIPPED: &[&str] = &[
    "bbc3149fcac51b06f403a107b1aee34ef6a1a047fddc1c53e29ee7a09560c34a",
    "403e2a37ca366d431a28384a57152c100f4fdb6464762539eb408cb87ab15a92",
    "775aaef3d940153488682b53209762feefe09e25f83dca1bc0ffa443afcef56e",
    "801a784b07d67aa992a9bea4da7efe58c26ec531739b8ea0c3764768184c0611",
    "74409067b48c0604894c1b868f0300d74ce0a30fabf869f87432468505c9d5cd",
    "e40e21facd041476a2e9d13905d0471c657c8a8cb264b0a7bca6ea4b93171bcd",
    "0edb60c7a648ae476c3496746ce11f69ca651736682d25e22092d8e476ccf34f",
    "ddad904df15e80c17314067f778b657955d152fa0cbb88aa3644e498b6744adb",
    "bd221589c586d332320f8f9b0cb282f6ff0c3489fd837d1f45775600b4f46a2e",
    "feb754d7bf65f9538de1b8d22bc353384c777b1a538d42f83715b3718525de42",
    "895612ae8272269b2af268293ce4beada621e48b67ff542d53840581c8dec0a7",
    "e8ca06c9bf3047e91bdaa756b78dc2bf47b9b3895e371c96847dd8b2351ca0d5",
    "cc1e9da0c6f288ae1bacb0a28319500f2db80d6779ce0998f349e1e1699c31af",
    "8b8ab978e5c9c1bbf449f5b26c4d4e7a70ef0e2ecb88706343f5ea53e436f061",
];

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;
    use sha2::{Digest, Sha256};

    #[test]
    fn migrations_are_valid() {
        set().validate().unwrap();
    }

    #[test]
    fn a_failing_migration_leaves_nothing_behind() {
        let mut conn = Connection::open_in_memory().unwrap();
        let set = Migrations::new(vec![
            M::up("CREATE TABLE first (x INTEGER);"),
            M::up("CREATE TABLE second (y INTEGER); INSERT INTO no_such_table VALUES (1);"),
        ]);
        assert!(set.to_latest(&mut conn).is_err());
        assert_eq!(crate::store::db::schema_version(&conn).unwrap(), 0);
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0, "the first migration was rolled back with the second");
    }

    #[test]
    fn shipped_migrations_are_frozen() {
        assert!(MIGRATION_SQL.len() >= SHIPPED.len(), "a shipped migration was removed");
        for (i, (sql, frozen)) in MIGRATION_SQL.iter().zip(SHIPPED).enumerate() {
            let found = hex::encode(Sha256::digest(sql.as_bytes()));
            assert_eq!(
                &found,
                frozen,
                "migration {} was edited after it shipped; put the change in a new migration",
                i + 1
            );
        }
    }
}
