//! When each fellow's EQ sessions are due: one month and six months after they start, on the same
//! day of the month (or the month's last day when it has no such day: 31 January + 1 month is
//! the end of February).

use chrono::{Months, NaiveDate};

/// The 1-month and 6-month EQ due dates for a fellow who starts on `start`.
pub fn eq_due_dates(start: NaiveDate) -> (NaiveDate, NaiveDate) {
    let after = |months| {
        start
            .checked_add_months(Months::new(months))
            .unwrap_or(start)
    };
    (after(1), after(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_fellow_who_starts_on_31_january_is_due_at_the_end_of_february_and_in_july() {
        assert_eq!(
            eq_due_dates(date(2027, 1, 31)),
            (date(2027, 2, 28), date(2027, 7, 31))
        );
        assert_eq!(
            eq_due_dates(date(2028, 1, 31)),
            (date(2028, 2, 29), date(2028, 7, 31)),
            "a leap year"
        );
    }

    #[test]
    fn ordinary_start_dates_keep_their_day() {
        assert_eq!(
            eq_due_dates(date(2026, 9, 7)),
            (date(2026, 10, 7), date(2027, 3, 7))
        );
        assert_eq!(
            eq_due_dates(date(2026, 8, 31)),
            (date(2026, 9, 30), date(2027, 2, 28))
        );
    }
}
