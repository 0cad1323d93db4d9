//! Moving typed records in and out of tables by field name, so each record kind states its
//! fields once (in its input type) rather than in hand-written column lists that drift.
//!
//! Table and column names come only from our own types and constants, never from input.

use crate::error::{Error, Result, UnreadableRow};
use rusqlite::types::ToSql;
use rusqlite::{Connection, Row};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Reads the columns named like `T`'s fields from `row` (other columns are ignored). A row that
/// does not read as `T` (an unknown stored name, a wrong type) is damage.
pub(crate) fn fields<T: DeserializeOwned>(row: &Row<'_>) -> rusqlite::Result<T> {
    serde_rusqlite::from_row(row).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Null,
            Box::new(UnreadableRow(e.to_string())),
        )
    })
}

fn field_names<T: Serialize>(value: &T, skip: &[&str]) -> Result<Vec<String>> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => {
            Ok(map.keys().filter(|k| !skip.contains(&k.as_str())).cloned().collect())
        }
        _ => Err(Error::invalid("form", "The form could not be read.")),
    }
}

fn params<T: Serialize>(value: &T, names: &[String]) -> Result<serde_rusqlite::NamedParamSlice> {
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    serde_rusqlite::to_params_named_with_fields(value, &names)
        .map_err(|e| Error::invalid("form", format!("The form could not be stored ({e}).")))
}

/// Inserts `value`'s fields (except `skip`) plus `extra` columns into `table`; returns the id.
pub(crate) fn insert<T: Serialize>(
    conn: &Connection,
    table: &'static str,
    value: &T,
    skip: &[&str],
    extra: &[(&'static str, &dyn ToSql)],
) -> Result<i64> {
    let names = field_names(value, skip)?;
    let bound = params(value, &names)?;
    let mut all: Vec<(&str, &dyn ToSql)> = bound.to_slice();
    let extra_names: Vec<String> = extra.iter().map(|(n, _)| format!(":{n}")).collect();
    for ((_, v), name) in extra.iter().zip(&extra_names) {
        all.push((name.as_str(), *v));
    }
    let columns: Vec<&str> =
        names.iter().map(String::as_str).chain(extra.iter().map(|(n, _)| *n)).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        columns.iter().map(|c| format!(":{c}")).collect::<Vec<_>>().join(", ")
    );
    conn.execute(&sql, all.as_slice())?;
    Ok(conn.last_insert_rowid())
}

/// Updates `value`'s fields (except `skip`) plus `extra` columns in the row of `table` that
/// matches every `key` column. Refuses with `NotFound` when no row matches.
pub(crate) fn update<T: Serialize>(
    conn: &Connection,
    table: &'static str,
    value: &T,
    skip: &[&str],
    extra: &[(&'static str, &dyn ToSql)],
    key: &[(&'static str, &dyn ToSql)],
    what: &'static str,
) -> Result<()> {
    let names = field_names(value, skip)?;
    let bound = params(value, &names)?;
    let mut all: Vec<(&str, &dyn ToSql)> = bound.to_slice();
    let extra_names: Vec<String> = extra.iter().chain(key).map(|(n, _)| format!(":{n}")).collect();
    for ((_, v), name) in extra.iter().chain(key).zip(&extra_names) {
        all.push((name.as_str(), *v));
    }
    let set: Vec<String> = names
        .iter()
        .map(String::as_str)
        .chain(extra.iter().map(|(n, _)| *n))
        .map(|c| format!("{c} = :{c}"))
        .collect();
    let filter: Vec<String> = key.iter().map(|(c, _)| format!("{c} = :{c}")).collect();
    let sql = format!("UPDATE {table} SET {} WHERE {}", set.join(", "), filter.join(" AND "));
    if conn.execute(&sql, all.as_slice())? == 0 {
        return Err(Error::NotFound { what });
    }
    Ok(())
}

/// Fails with `NotFound` unless `sql` (a `SELECT 1 ...`) finds a row.
pub(crate) fn exists(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    what: &'static str,
) -> Result<()> {
    use rusqlite::OptionalExtension;
    conn.query_row(sql, params, |_| Ok(())).optional()?.ok_or(Error::NotFound { what })
}
