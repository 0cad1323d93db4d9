//! Dates as documents print them. The record stores days as ISO `YYYY-MM-DD`; on paper a
//! day is written out ("3 December 2026"), which no reader can take for another day, whatever
//! order their country writes numbers in.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar day read from `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

fn leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in(year: i32, month: u8) -> u8 {
    match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Day {
    /// Reads `YYYY-MM-DD`; `None` for anything else, including days that do not exist.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in(year, month) {
            return None;
        }
        Some(Day { year, month, day })
    }

    /// "3 December 2026".
    pub fn long(&self) -> String {
        let month = MONTHS.get(usize::from(self.month.saturating_sub(1))).copied().unwrap_or("?");
        format!("{} {month} {}", self.day, self.year)
    }
}

/// A stored day written out ("3 December 2026"). Text that is not a day (which the record
/// never holds) is printed as it is rather than lost.
pub(crate) fn long_date(iso: &str) -> String {
    Day::parse(iso).map_or_else(|| iso.to_string(), |d| d.long())
}

/// The day of an RFC 3339 time ("2026-03-02T09:00:00Z"), written out.
pub(crate) fn long_date_of_time(time: &str) -> String {
    long_date(time.get(..10).unwrap_or(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_out_and_only_real_days_are_read() {
        assert_eq!(long_date("2026-12-03"), "3 December 2026");
        assert_eq!(long_date("2024-02-29"), "29 February 2024");
        assert_eq!(long_date_of_time("2026-03-02T09:00:00Z"), "2 March 2026");
        for bad in ["2023-02-29", "2023-13-01", "2023-02-30", "abc", "2023-1-01", "+023-01-01"] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert_eq!(long_date("soon"), "soon");
    }
}
