//! The period /stats covers, read once from what the lead typed: nothing (the last 12 months),
//! "last year", "this year", a year ("2025"), one date (from then to today) or two ("2025-05-01
//! 2026-04-30", or with "to" between). A period always starts on or before its last day.

use chrono::{Datelike, Duration, NaiveDate};

use crate::fellows::parse_start_date;

/// Days from `first` to `last`, both included; never backwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsPeriod {
    first: NaiveDate,
    last: NaiveDate,
}

/// Why a period was not accepted; the text is what the lead sees (plain, to be escaped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodProblem {
    #[error("I couldn't read “{0}” as a date or a year.")]
    Unreadable(String),
    #[error(
        "The period starts on {first} but ends before that, on {last}. Please put the earlier date first."
    )]
    Backwards { first: String, last: String },
    #[error("That period starts after today.")]
    InTheFuture,
}

/// What the lead can type, shown after every refusal.
pub const PERIOD_EXAMPLES: &str = "For example: /stats last year, /stats this year, /stats 2025, or /stats 2025-05-01 2026-04-30.";

impl StatsPeriod {
    /// Reads `typed` as a period, with `today` in the programme's time zone.
    pub fn parse(typed: &str, today: NaiveDate) -> Result<Self, PeriodProblem> {
        let text = typed.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = text.to_lowercase();
        let period = match text.as_str() {
            "" => Self::new(today - Duration::days(365), today),
            "last year" => whole_year(today.year() - 1),
            "this year" => whole_year(today.year()).map(|year| Self {
                last: today,
                ..year
            }),
            _ => match year(&text) {
                Some(year) => whole_year(year),
                None => dates(&text, today),
            },
        }?;
        if period.first > today {
            return Err(PeriodProblem::InTheFuture);
        }
        Ok(period)
    }

    fn new(first: NaiveDate, last: NaiveDate) -> Result<Self, PeriodProblem> {
        if first > last {
            return Err(PeriodProblem::Backwards {
                first: in_words(first),
                last: in_words(last),
            });
        }
        Ok(Self { first, last })
    }

    pub fn first(self) -> NaiveDate {
        self.first
    }

    pub fn last(self) -> NaiveDate {
        self.last
    }
}

/// "5 May 2025".
pub fn in_words(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// A year of this millennium on its own.
fn year(text: &str) -> Option<i32> {
    let year: i32 = crate::message::wire::number(text)?;
    (2000..=2999).contains(&year).then_some(year)
}

fn whole_year(year: i32) -> Result<StatsPeriod, PeriodProblem> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    match (first, last) {
        (Some(first), Some(last)) => StatsPeriod::new(first, last),
        _ => Err(PeriodProblem::Unreadable(year.to_string())),
    }
}

/// One date (until today) or two, split by "to" or by a space.
fn dates(text: &str, today: NaiveDate) -> Result<StatsPeriod, PeriodProblem> {
    let words: Vec<&str> = match text.split_once(" to ") {
        Some((first, last)) => vec![first, last],
        None => text.split(' ').collect(),
    };
    let date = |word: &str| {
        parse_start_date(word, today).map_err(|_| PeriodProblem::Unreadable(word.to_owned()))
    };
    match words.as_slice() {
        [first] => StatsPeriod::new(date(first)?, today),
        [first, last] => StatsPeriod::new(date(first)?, date(last)?),
        _ => Err(PeriodProblem::Unreadable(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn period(typed: &str) -> Result<(NaiveDate, NaiveDate), PeriodProblem> {
        StatsPeriod::parse(typed, day(2026, 11, 30)).map(|p| (p.first(), p.last()))
    }

    #[test]
    fn years_in_words_and_by_number_cover_whole_calendar_years() {
        assert_eq!(
            period("last year"),
            Ok((day(2025, 1, 1), day(2025, 12, 31)))
        );
        assert_eq!(period(" Last   YEAR "), period("last year"));
        assert_eq!(
            period("this year"),
            Ok((day(2026, 1, 1), day(2026, 11, 30)))
        );
        assert_eq!(period("2024"), Ok((day(2024, 1, 1), day(2024, 12, 31))));
    }

    #[test]
    fn nothing_means_the_last_twelve_months_and_one_date_means_until_today() {
        assert_eq!(period(""), Ok((day(2025, 11, 30), day(2026, 11, 30))));
        assert_eq!(
            period("2026-11-01"),
            Ok((day(2026, 11, 1), day(2026, 11, 30)))
        );
        assert_eq!(
            period("2025-05-01 2026-04-30"),
            Ok((day(2025, 5, 1), day(2026, 4, 30)))
        );
        assert_eq!(
            period("1 May 2025 to 30 April 2026"),
            Ok((day(2025, 5, 1), day(2026, 4, 30)))
        );
    }

    #[test]
    fn what_cannot_be_read_or_runs_backwards_is_refused_not_guessed() {
        assert_eq!(
            period("2026-13-01 2026-11-30"),
            Err(PeriodProblem::Unreadable("2026-13-01".into()))
        );
        assert!(matches!(
            period("last month"),
            Err(PeriodProblem::Unreadable(_))
        ));
        assert!(matches!(period("a b c"), Err(PeriodProblem::Unreadable(_))));
        assert_eq!(
            period("2026-11-30 2026-11-01"),
            Err(PeriodProblem::Backwards {
                first: "30 November 2026".into(),
                last: "1 November 2026".into()
            })
        );
        assert_eq!(period("2027"), Err(PeriodProblem::InTheFuture));
        assert!(period("0000").is_err() && period("9999").is_err());
    }
}
