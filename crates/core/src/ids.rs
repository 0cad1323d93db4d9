//! Typed record identifiers: a `ClientId` can never be passed where a `PersonId` is meant.
//! On the wire and in TypeScript they are plain numbers.

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {$(
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, ts_rs::TS,
        )]
        #[ts(export, type = "number")]
        pub struct $name(pub i64);

        // By hand rather than derived: some row readers do not unwrap newtype structs.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                i64::deserialize(d).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }
    )*};
}

id_type!(
    ClientId,
    CourseId,
    SessionId,
    PersonId,
    SnapshotId,
    FormulationId,
    AreaWorkId,
    GoalId,
    LifeEventId,
    MedicationId,
    NoteId,
    AmendmentId,
    TaskId,
    BackupId,
    BackupFolderId,
    AdministrationId,
    WorksheetId,
    WorksheetAmendmentId,
    SummaryId,
    SummaryAmendmentId,
);
