//! Days as people type and read them: "today", "tomorrow", "Tuesday", "this Tuesday",
//! "next Tuesday" read against a given day, and a date said back in words ("Tuesday 1 December").
//! Every form that takes a typed date reads weekdays here, so they all follow one rule.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Reads a day named relative to `today`, in lower case: "today", "tomorrow", "yesterday",
/// "tuesday", "tue", "this tuesday" or "next tuesday".
///
/// The rule: "tuesday" and "this tuesday" are the coming Tuesday (the first one after today, so
/// on a Tuesday it is a week away); "next tuesday" is the Tuesday of the following week, weeks
/// running Monday to Sunday. On a Monday "next Tuesday" is eight days away, not tomorrow; on a
/// Thursday it is five days away, the same as "Tuesday".
pub fn relative_day(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    match text {
        "today" => return Some(today),
        "tomorrow" => return Some(today + Duration::days(1)),
        "yesterday" => return Some(today - Duration::days(1)),
        _ => {}
    }
    if let Some(day) = text.strip_prefix("next ") {
        let weekday: Weekday = day.trim().parse().ok()?;
        let this_monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        return Some(this_monday + Duration::days(7 + i64::from(weekday.num_days_from_monday())));
    }
    let day = text.strip_prefix("this ").unwrap_or(text);
    let weekday: Weekday = day.trim().parse().ok()?;
    let ahead = (7 + i64::from(weekday.num_days_from_monday())
        - i64::from(today.weekday().num_days_from_monday()))
        % 7;
    Some(today + Duration::days(if ahead == 0 { 7 } else { ahead }))
}

/// A date in words, as a fellow reads it: "Tuesday 1 December", with the year when it is not
/// the year of `today` ("Friday 1 January 2027").
pub fn in_words(date: NaiveDate, today: NaiveDate) -> String {
    if date.year() == today.year() {
        date.format("%A %-d %B").to_string()
    } else {
        date.format("%A %-d %B %Y").to_string()
    }
}

/// A date in words with its year: "Tuesday 1 December 2026".
pub fn in_words_with_year(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 23 November 2026 to Sunday 29 November 2026.
    fn week() -> impl Iterator<Item = NaiveDate> {
        (23..=29).map(|d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap())
    }

    fn day(d: u32) -> NaiveDate {
        if d >= 23 {
            NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
        } else {
            NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
        }
    }

    #[test]
    fn next_tuesday_is_the_tuesday_of_the_following_week_whatever_day_it_is_typed() {
        // Typed on Monday 23 to Sunday 29 November: the week after runs 30 Nov to 6 Dec.
        for today in week() {
            assert_eq!(
                relative_day("next tuesday", today),
                Some(day(1)),
                "typed on {today}"
            );
            assert_eq!(relative_day("next monday", today), Some(day(30)));
            assert_eq!(relative_day("next sunday", today), Some(day(6)));
        }
    }

    #[test]
    fn on_a_monday_next_tuesday_is_not_tomorrow_but_tuesday_is() {
        let monday = day(23);
        assert_eq!(relative_day("tuesday", monday), Some(day(24)));
        assert_eq!(relative_day("this tuesday", monday), Some(day(24)));
        assert_eq!(relative_day("next tuesday", monday), Some(day(1)));
    }

    #[test]
    fn a_weekday_alone_is_the_coming_one_and_never_today() {
        let expected = [
            // typed on: Mon, Tue, Wed, Thu, Fri, Sat, Sun -> "tuesday"
            day(24),
            day(1),
            day(1),
            day(1),
            day(1),
            day(1),
            day(1),
        ];
        for (today, want) in week().zip(expected) {
            assert_eq!(relative_day("tuesday", today), Some(want), "on {today}");
            assert_eq!(relative_day("tue", today), Some(want), "on {today}");
            assert_eq!(relative_day("this tuesday", today), Some(want));
        }
        let thursday = day(26);
        assert_eq!(relative_day("friday", thursday), Some(day(27)));
        assert_eq!(relative_day("next friday", thursday), Some(day(4)));
    }

    #[test]
    fn today_tomorrow_and_words_that_are_no_day() {
        let monday = day(23);
        assert_eq!(relative_day("today", monday), Some(monday));
        assert_eq!(relative_day("tomorrow", monday), Some(day(24)));
        assert_eq!(relative_day("next", monday), None);
        assert_eq!(relative_day("next week", monday), None);
        assert_eq!(relative_day("someday", monday), None);
    }

    #[test]
    fn a_date_in_words_names_the_weekday_and_the_year_only_when_it_differs() {
        assert_eq!(in_words(day(1), day(23)), "Tuesday 1 December");
        let new_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        assert_eq!(in_words(new_year, day(23)), "Friday 1 January 2027");
    }
}
