//! Rules for what a person types, shared by every record kind: text is trimmed and limited in
//! length, empty optional text is stored as nothing, dates are real calendar dates, numbers
//! stay in range. Every refusal names the field and says what would be accepted, in a sentence
//! that can be shown next to that field.

use crate::clock::Clock;
use crate::error::{Error, Result};
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::ops::RangeInclusive;

/// Names, labels, phone numbers: one line.
pub const SHORT_TEXT: usize = 200;
/// Everything else: notes, descriptions, a formulation section.
pub const LONG_TEXT: usize = 20_000;

/// The earliest and latest years accepted in any date, to catch typing slips like 0203 or 2203.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2200;

/// Today in the practitioner's time zone.
pub fn today(clock: &dyn Clock) -> NaiveDate {
    clock.now().with_timezone(&chrono::Local).date_naive()
}

/// Trims every text field of `value`, stores empty optional text as nothing, refuses text over
/// its limit (`short` fields get [`SHORT_TEXT`], all others [`LONG_TEXT`]) and refuses an empty
/// value in any of the `required` fields.
pub fn tidy<T: Serialize + DeserializeOwned>(
    value: &T,
    required: &[&'static str],
    short: &[&'static str],
) -> Result<T> {
    let mut json = serde_json::to_value(value)
        .map_err(|e| Error::invalid("form", format!("The form could not be read ({e}).")))?;
    if let Value::Object(map) = &mut json {
        for (key, field) in map.iter_mut() {
            let limit = if short.contains(&key.as_str()) { SHORT_TEXT } else { LONG_TEXT };
            tidy_value(key, field, limit, true)?;
        }
        for &name in required {
            if matches!(map.get(name), None | Some(Value::Null)) {
                return Err(Error::invalid(name, "This is required."));
            }
        }
    }
    serde_json::from_value(json)
        .map_err(|e| Error::invalid("form", format!("The form could not be read ({e}).")))
}

/// `top` is true for the form's own fields, whose empty text means "not given". Inside lists
/// an empty text stays empty, so the record kind's own check can say what is missing.
fn tidy_value(key: &str, value: &mut Value, limit: usize, top: bool) -> Result<()> {
    match value {
        Value::String(s) => {
            let trimmed = s.trim();
            let count = trimmed.chars().count();
            if count > limit {
                return Err(Error::invalid(key.to_string(), too_long(count, limit)));
            }
            if trimmed.is_empty() && top {
                *value = Value::Null;
            } else if trimmed.len() != s.len() {
                *s = trimmed.to_string();
            }
        }
        Value::Array(items) => {
            for item in items {
                tidy_value(key, item, limit, false)?;
            }
        }
        Value::Object(map) => {
            for (_, item) in map.iter_mut() {
                tidy_value(key, item, limit, false)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn too_long(count: usize, limit: usize) -> String {
    format!(
        "This is too long: {} characters, and the limit is {}. Nothing was saved; shorten it \
         and save again.",
        grouped(count),
        grouped(limit)
    )
}

/// 12345 → "12,345".
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Checks a single text value that is not part of a tidied form.
pub fn text(field: &'static str, value: &str, limit: usize, required: bool) -> Result<String> {
    let trimmed = value.trim();
    if required && trimmed.is_empty() {
        return Err(Error::invalid(field, "This is required."));
    }
    let count = trimmed.chars().count();
    if count > limit {
        return Err(Error::invalid(field, too_long(count, limit)));
    }
    Ok(trimmed.to_string())
}

/// Like [`text`] for an optional value: empty becomes `None`.
pub fn opt_text(field: &'static str, value: Option<&str>, limit: usize) -> Result<Option<String>> {
    let value = text(field, value.unwrap_or(""), limit, false)?;
    Ok((!value.is_empty()).then_some(value))
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(field: &'static str, value: &str) -> Result<NaiveDate> {
    let shape = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return Err(Error::invalid(field, "Enter the date as year-month-day, like 2024-03-31."));
    }
    let year: i32 = value[0..4].parse().unwrap_or(0);
    let month: u32 = value[5..7].parse().unwrap_or(0);
    let day: u32 = value[8..10].parse().unwrap_or(0);
    let Some(parsed) = NaiveDate::from_ymd_opt(year, month, day) else {
        return Err(Error::invalid(field, format!("{value} is not a real date.")));
    };
    year_in_range(field, parsed.year())?;
    Ok(parsed)
}

pub fn opt_date(field: &'static str, value: Option<&str>) -> Result<Option<NaiveDate>> {
    value.map(|v| date(field, v)).transpose()
}

/// A month written `YYYY-MM`, for events whose day is not known.
pub fn month(field: &'static str, value: &str) -> Result<NaiveDate> {
    let shape = value.len() == 7
        && value
            .bytes()
            .enumerate()
            .all(|(i, b)| if i == 4 { b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return Err(Error::invalid(field, "Enter the month as year-month, like 2024-03."));
    }
    let year: i32 = value[0..4].parse().unwrap_or(0);
    let month: u32 = value[5..7].parse().unwrap_or(0);
    let Some(parsed) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Err(Error::invalid(field, format!("{value} is not a real month.")));
    };
    year_in_range(field, year)?;
    Ok(parsed)
}

/// A time of day written `HH:MM` (24-hour).
pub fn time(field: &'static str, value: &str) -> Result<NaiveTime> {
    if value.len() != 5 {
        return Err(Error::invalid(field, "Enter the time as hours:minutes, like 14:30."));
    }
    NaiveTime::parse_from_str(value, "%H:%M")
        .map_err(|_| Error::invalid(field, format!("{value} is not a time of day.")))
}

fn year_in_range(field: &'static str, year: i32) -> Result<()> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(Error::invalid(field, format!("Enter a year from {FIRST_YEAR} to {LAST_YEAR}.")))
    }
}

/// Refuses a date after today.
pub fn not_future(
    field: &'static str,
    value: NaiveDate,
    today: NaiveDate,
    what: &str,
) -> Result<()> {
    if value > today {
        return Err(Error::invalid(field, format!("{what} cannot be in the future.")));
    }
    Ok(())
}

/// Refuses a whole number outside `allowed`.
pub fn range(field: &'static str, value: i64, allowed: RangeInclusive<i64>) -> Result<()> {
    if !allowed.contains(&value) {
        let (low, high) = allowed.into_inner();
        return Err(Error::invalid(field, format!("Choose a number from {low} to {high}.")));
    }
    Ok(())
}

pub fn opt_range(
    field: &'static str,
    value: Option<i64>,
    allowed: RangeInclusive<i64>,
) -> Result<()> {
    value.map_or(Ok(()), |v| range(field, v, allowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(e: Error) -> (String, String) {
        match e {
            Error::Invalid { field, reason } => (field.into_owned(), reason),
            other => panic!("expected an invalid-input error, got {other:?}"),
        }
    }

    #[test]
    fn dates_must_be_real() {
        assert_eq!(date("d", "2024-02-29").unwrap().to_string(), "2024-02-29");
        for bad in ["2023-02-30", "2023-13-01", "2023-00-10", "2023-04-31"] {
            let (field, why) = reason(date("d", bad).unwrap_err());
            assert_eq!(field, "d");
            assert_eq!(why, format!("{bad} is not a real date."));
        }
        for bad in ["abc", "2023-2-3", "", "2023/02/03", "2023-02-03T00:00", " 2023-02-03"] {
            let (_, why) = reason(date("d", bad).unwrap_err());
            assert!(why.starts_with("Enter the date"), "{bad}: {why}");
        }
        assert!(reason(date("d", "0203-01-01").unwrap_err()).1.contains("1900"));
        assert!(date("d", "1900-01-01").is_ok());
        assert!(date("d", "2200-12-31").is_ok());
        assert!(date("d", "2201-01-01").is_err());
    }

    #[test]
    fn months_and_times() {
        assert!(month("m", "2024-02").is_ok());
        assert!(month("m", "2024-13").is_err());
        assert!(month("m", "2024-2").is_err());
        assert!(time("t", "09:30").is_ok());
        assert!(time("t", "23:59").is_ok());
        assert!(time("t", "24:00").is_err());
        assert!(time("t", "9:30").is_err());
    }

    #[test]
    fn ranges_and_future() {
        assert!(range("r", 0, 0..=10).is_ok());
        assert!(range("r", 10, 0..=10).is_ok());
        assert_eq!(reason(range("r", 11, 0..=10).unwrap_err()).1, "Choose a number from 0 to 10.");
        assert!(range("r", -1, 0..=10).is_err());
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        assert!(not_future("d", today, today, "A date of death").is_ok());
        let tomorrow = today.succ_opt().unwrap();
        assert_eq!(
            reason(not_future("d", tomorrow, today, "A date of death").unwrap_err()).1,
            "A date of death cannot be in the future."
        );
    }

    #[derive(Debug, Serialize, serde::Deserialize, PartialEq)]
    struct Form {
        name: String,
        note: Option<String>,
        list: Vec<String>,
    }

    #[test]
    fn tidy_trims_empties_and_limits() {
        let form =
            Form { name: "  Ann  ".into(), note: Some("   ".into()), list: vec![" a ".into()] };
        let tidied = tidy(&form, &["name"], &["name"]).unwrap();
        assert_eq!(tidied, Form { name: "Ann".into(), note: None, list: vec!["a".into()] });

        let blank = Form { name: " ".into(), note: None, list: vec![] };
        let (field, why) = reason(tidy(&blank, &["name"], &["name"]).unwrap_err());
        assert_eq!((field.as_str(), why.as_str()), ("name", "This is required."));

        let long = Form { name: "x".repeat(SHORT_TEXT + 1), note: None, list: vec![] };
        let (field, why) = reason(tidy(&long, &["name"], &["name"]).unwrap_err());
        assert_eq!(field, "name");
        assert!(why.contains("201 characters") && why.contains("limit is 200"), "{why}");

        let paste = Form { name: "A".into(), note: Some("y".repeat(10_000_000)), list: vec![] };
        let (field, why) = reason(tidy(&paste, &["name"], &["name"]).unwrap_err());
        assert_eq!(field, "note");
        assert!(why.contains("10,000,000 characters") && why.contains("20,000"), "{why}");
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(20_000), "20,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
