//! One way between an enum and the text stored for it: the value's serde name (snake_case),
//! the same name the UI, the audit trail and exports see. Every enum kept in a column says so
//! with [`stored_as_text!`](crate::stored_as_text), and is then written and read as itself;
//! nothing spells its names out by hand. A stored value this build does not know is damage,
//! reported as such and never quietly read as something else.

pub(crate) use crate::error::UnknownValue;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde::de::value::{Error as ValueError, StrDeserializer};

/// The stored (and serialised) name of `value`.
pub(crate) fn name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        // Only unit variants are stored as text; anything else is a mistake in this crate,
        // and shows up as an unknown value when read back.
        Ok(other) => other.to_string(),
        Err(e) => e.to_string(),
    }
}

/// Reads a stored name back; `what` says which kind of value it should have been.
pub(crate) fn parse_stored<T: DeserializeOwned>(
    what: &'static str,
    text: &str,
) -> std::result::Result<T, UnknownValue> {
    T::deserialize(StrDeserializer::<ValueError>::new(text))
        .map_err(|_| UnknownValue { what, found: text.to_string() })
}

/// Declares enums stored as text, as `Type => "what it is"`: they can then be bound as query
/// parameters and read with `row.get`, always by their serde names.
#[macro_export]
#[doc(hidden)]
macro_rules! stored_as_text {
    ($($t:ty => $what:literal),* $(,)?) => {$(
        impl rusqlite::ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from($crate::store::text::name(self)))
            }
        }

        impl rusqlite::types::FromSql for $t {
            fn column_result(
                value: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                $crate::store::text::parse_stored($what, value.as_str()?)
                    .map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use rusqlite::Connection;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Colour {
        DeepRed,
        #[serde(rename = "blue_ish")]
        Blue,
    }

    stored_as_text!(Colour => "colour");

    #[test]
    fn names_are_serde_names() {
        assert_eq!(name(&Colour::DeepRed), "deep_red");
        assert_eq!(name(&Colour::Blue), "blue_ish");
        assert_eq!(parse_stored::<Colour>("colour", "blue_ish").unwrap(), Colour::Blue);
    }

    #[test]
    fn values_round_trip_through_a_column() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (c TEXT)").unwrap();
        conn.execute("INSERT INTO t VALUES (?1)", [Colour::DeepRed]).unwrap();
        let raw: String = conn.query_row("SELECT c FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(raw, "deep_red");
        let back: Colour = conn.query_row("SELECT c FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(back, Colour::DeepRed);
    }

    #[test]
    fn an_unknown_stored_value_is_damage_never_a_default() {
        let conn = Connection::open_in_memory().unwrap();
        let read = conn
            .query_row("SELECT 'purple'", [], |r| r.get::<_, Colour>(0))
            .map_err(Error::from)
            .unwrap_err();
        match read {
            Error::Damaged { what } => {
                assert_eq!(what, "unknown colour 'purple' in the database")
            }
            other => panic!("expected damage, got {other:?}"),
        }
        let parsed = parse_stored::<Colour>("colour", "Deep_Red").unwrap_err();
        assert_eq!(parsed.to_string(), "unknown colour 'Deep_Red' in the database");
    }
}
