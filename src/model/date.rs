//! Calendar dates as TOML local dates carry them: no time, no zone.

use std::fmt;

/// A valid proleptic Gregorian calendar date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The date, if it exists in the calendar (years 1 to 9999, as TOML allows).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Today, on this machine's calendar.
    pub fn today() -> Date {
        use chrono::Datelike as _;
        let now = chrono::Local::now().date_naive();
        Date::new(now.year(), now.month() as u8, now.day() as u8).unwrap_or_default()
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        Date::new(
            number(0..4)? as i32,
            number(5..7)? as u8,
            number(8..10)? as u8,
        )
    }

    /// The next day, if there is one before year 10000.
    pub fn succ(self) -> Option<Date> {
        if self.day < days_in_month(self.year, self.month) {
            Date::new(self.year, self.month, self.day + 1)
        } else if self.month < 12 {
            Date::new(self.year, self.month + 1, 1)
        } else {
            Date::new(self.year + 1, 1, 1)
        }
    }

    /// The previous day, if there is one after year 0.
    pub fn pred(self) -> Option<Date> {
        if self.day > 1 {
            Date::new(self.year, self.month, self.day - 1)
        } else if self.month > 1 {
            let month = self.month - 1;
            Date::new(self.year, month, days_in_month(self.year, month))
        } else {
            Date::new(self.year - 1, 12, 31)
        }
    }

    /// The same day `years` later; 29 February becomes 28 February in a common year.
    pub fn add_years(self, years: i32) -> Option<Date> {
        let year = self.year.checked_add(years)?;
        let day = self.day.min(days_in_month(year, self.month));
        Date::new(year, self.month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A délibération's date, or « (date à compléter) » in a draft whose new délibération is
/// still to be taken (an avenant's, a renewal's): the former one's date would print beside
/// the new number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DateToGive {
    Given(Date),
    #[default]
    ToComplete,
}

impl DateToGive {
    /// How the file and a draft write a date still to give (a placeholder `check` refuses).
    pub const TO_COMPLETE: &str = "(date à compléter)";

    pub fn given(self) -> Option<Date> {
        match self {
            DateToGive::Given(date) => Some(date),
            DateToGive::ToComplete => None,
        }
    }
}

impl serde::Serialize for DateToGive {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            DateToGive::Given(date) => date.serialize(serializer),
            DateToGive::ToComplete => serializer.serialize_str(Self::TO_COMPLETE),
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2021, 4, 31).is_none());
        assert!(Date::new(2021, 13, 1).is_none());
        assert!(Date::new(2021, 0, 1).is_none());
        assert!(Date::new(0, 1, 1).is_none());
    }

    #[test]
    fn parses_iso_dates_only() {
        assert_eq!(Date::parse("2021-10-18"), Date::new(2021, 10, 18));
        for bad in [
            "2021-1-18",
            "2021-10-18x",
            "20211018",
            "2021-02-30",
            "+021-10-18",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn steps_across_months_years_and_leap_days() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(d(2022, 12, 31).succ(), Some(d(2023, 1, 1)));
        assert_eq!(d(2024, 2, 28).succ(), Some(d(2024, 2, 29)));
        assert_eq!(d(2023, 3, 1).pred(), Some(d(2023, 2, 28)));
        assert_eq!(d(2023, 1, 1).pred(), Some(d(2022, 12, 31)));
        assert_eq!(d(9999, 12, 31).succ(), None);
        assert_eq!(d(2024, 2, 29).add_years(1), Some(d(2025, 2, 28)));
        assert_eq!(d(2023, 1, 1).add_years(5), Some(d(2028, 1, 1)));
    }
}
