//! Session times: typed and shown in the programme's time zone, stored as UTC instants. Clock
//! changes are handled here: a time that does not exist (the spring gap) is refused, a time that
//! happens twice (the autumn overlap) is taken as the first.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Why a time was not accepted; the text is what a lead sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TimeProblem {
    #[error("'{0}' is not a time I can read: use YYYY-MM-DD HH:MM, like 2027-03-12 14:00")]
    Unreadable(String),
    #[error(
        "{0} does not exist in the UK: the clocks go forward that night. Choose a time an hour later"
    )]
    SkippedByClockChange(String),
}

/// Reads `YYYY-MM-DD HH:MM` as a wall-clock time in `zone`.
pub fn parse_local(text: &str, zone: Tz) -> Result<DateTime<Utc>, TimeProblem> {
    let text = text.trim();
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .map_err(|_| TimeProblem::Unreadable(text.to_owned()))?;
    resolve(naive, zone).ok_or_else(|| TimeProblem::SkippedByClockChange(text.to_owned()))
}

/// A wall-clock time in `zone` as an instant: the earlier one when it happens twice, none when
/// the clocks skip it.
pub fn resolve(naive: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, _) => Some(first.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// How long before a session a reminder goes out: minutes and hours are exact; days and weeks
/// are calendar days in the programme's zone, so "1d" before 09:00 is 09:00 the day before even
/// across a clock change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReminderOffset {
    Minutes(i64),
    Days(i64),
}

impl ReminderOffset {
    /// Reads offsets like `7d,1d,1h,30m,2w`.
    pub fn parse_list(text: &str) -> Result<Vec<Self>, String> {
        let mut offsets = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            // The unit is the last character, which need not be one byte ("7é").
            let Some(unit) = part.chars().next_back() else {
                continue;
            };
            let number = &part[..part.len() - unit.len_utf8()];
            let number: i64 = number
                .parse()
                .map_err(|_| format!("'{part}' is not like 7d, 1d, 1h or 30m"))?;
            if number <= 0 || number > 1000 {
                return Err(format!(
                    "'{part}' must be a positive number of m, h, d or w"
                ));
            }
            offsets.push(match unit {
                'm' => Self::Minutes(number),
                'h' => Self::Minutes(number * 60),
                'd' => Self::Days(number),
                'w' => Self::Days(number * 7),
                _ => return Err(format!("'{part}' has an unknown unit: use m, h, d or w")),
            });
        }
        offsets.sort();
        offsets.dedup();
        Ok(offsets)
    }

    /// When a reminder this far before `start` is due.
    pub fn before(self, start: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
        match self {
            Self::Minutes(minutes) => start - Duration::minutes(minutes),
            Self::Days(days) => {
                let local = start.with_timezone(&zone).naive_local() - Duration::days(days);
                resolve(local, zone).unwrap_or(start - Duration::days(days))
            }
        }
    }

    /// A short label: "7d", "1h".
    pub fn label(self) -> String {
        match self {
            Self::Minutes(m) if m % 60 == 0 => format!("{}h", m / 60),
            Self::Minutes(m) => format!("{m}m"),
            Self::Days(d) => format!("{d}d"),
        }
    }
}

/// A time as fellows read it: "Tue 12 Mar, 14:00".
pub fn show(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%a %-d %b %Y, %H:%M")
        .to_string()
}

/// A time in words, for a person to check what was understood: "Tuesday 1 December, 14:00"
/// (with the year when it is not this year's).
pub fn show_in_words(at: DateTime<Utc>, zone: Tz, now: DateTime<Utc>) -> String {
    let local = at.with_timezone(&zone);
    let today = now.with_timezone(&zone).date_naive();
    format!(
        "{}, {}",
        crate::chat::dates::in_words(local.date_naive(), today),
        local.format("%H:%M")
    )
}

/// Reads a start time the ways leads type them, relative to `now`: `2027-03-12 14:00`,
/// `12/3 14:00` (day first; the next such date), `12/03/2027 2pm`, `next Tuesday 2pm`,
/// `tomorrow 09:30`.
pub fn parse_human(text: &str, now: DateTime<Utc>, zone: Tz) -> Result<DateTime<Utc>, TimeProblem> {
    if let Ok(at) = parse_local(text, zone) {
        return Ok(at);
    }
    let unreadable = || TimeProblem::Unreadable(text.trim().to_owned());
    let lower = text.trim().to_lowercase().replace(" at ", " ");
    let (day_part, time_part) = lower.rsplit_once(' ').ok_or_else(unreadable)?;
    let time = parse_clock(time_part).ok_or_else(unreadable)?;
    let today = now.with_timezone(&zone).date_naive();
    let day = parse_day(day_part.trim(), today).ok_or_else(unreadable)?;
    let naive = day.and_time(time);
    resolve(naive, zone).ok_or_else(|| {
        TimeProblem::SkippedByClockChange(naive.format("%Y-%m-%d %H:%M").to_string())
    })
}

/// "14:00", "9:30", "2pm", "2.30pm", "11am".
fn parse_clock(text: &str) -> Option<chrono::NaiveTime> {
    let (digits, offset) = match (text.strip_suffix("pm"), text.strip_suffix("am")) {
        (Some(d), _) => (d, 12),
        (_, Some(d)) => (d, 0),
        _ => (text, 0),
    };
    let (hour, minute) = match digits.split_once([':', '.']) {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (digits.parse::<u32>().ok()?, 0),
    };
    let has_suffix = text.ends_with("am") || text.ends_with("pm");
    if has_suffix && !(1..=12).contains(&hour) {
        return None;
    }
    let hour = if has_suffix { hour % 12 + offset } else { hour };
    chrono::NaiveTime::from_hms_opt(hour, minute, 0)
}

/// "today", "tomorrow", "tuesday", "next tuesday" (see `chat::dates` for the rule), "12/3",
/// "12/03/2027", "12 march".
fn parse_day(text: &str, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    use chrono::{Datelike, NaiveDate};
    if let Some(day) = crate::chat::dates::relative_day(text, today) {
        return Some(day);
    }
    for format in ["%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(date);
        }
    }
    // Day and month without a year: the next time that date comes round.
    for format in ["%d/%m", "%d %B", "%d %b"] {
        let with_year = format!("{text} {}", today.year());
        if let Ok(date) = NaiveDate::parse_from_str(&with_year, &format!("{format} %Y")) {
            return Some(if date < today {
                date.with_year(today.year() + 1).unwrap_or(date)
            } else {
                date
            });
        }
    }
    None
}

#[cfg(test)]
mod human_tests {
    use chrono::TimeZone;
    use chrono_tz::Europe::London;

    use super::*;

    #[test]
    fn leads_type_times_in_many_ways() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap(); // a Tuesday
        let at = |y, m, d, h, min| {
            London
                .with_ymd_and_hms(y, m, d, h, min, 0)
                .unwrap()
                .with_timezone(&Utc)
        };
        assert_eq!(
            parse_human("2027-03-12 14:00", now, London),
            Ok(at(2027, 3, 12, 14, 0))
        );
        assert_eq!(
            parse_human("12/3 14:00", now, London),
            Ok(at(2027, 3, 12, 14, 0)),
            "the next 12 March"
        );
        assert_eq!(
            parse_human("12/03/2027 2pm", now, London),
            Ok(at(2027, 3, 12, 14, 0))
        );
        assert_eq!(
            parse_human("next Tuesday 2pm", now, London),
            Ok(at(2026, 12, 1, 14, 0))
        );
        assert_eq!(
            parse_human("tomorrow at 9.30am", now, London),
            Ok(at(2026, 11, 25, 9, 30))
        );
        assert_eq!(
            parse_human("3 December 12pm", now, London),
            Ok(at(2026, 12, 3, 12, 0))
        );
        assert!(parse_human("sometime soon", now, London).is_err());
        assert!(parse_human("12/3 25:00", now, London).is_err());
        assert!(parse_human("tomorrow 13pm", now, London).is_err());
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Europe::London;

    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn nine_oclock_the_day_after_each_clock_change_is_nine_oclock_in_london() {
        // Clocks go forward on 29 March 2026 and back on 25 October 2026.
        assert_eq!(
            parse_local("2026-03-30 09:00", London),
            Ok(utc(2026, 3, 30, 8, 0))
        );
        assert_eq!(
            parse_local("2026-10-26 09:00", London),
            Ok(utc(2026, 10, 26, 9, 0))
        );
        assert_eq!(
            show(utc(2026, 3, 30, 8, 0), London),
            "Mon 30 Mar 2026, 09:00"
        );
    }

    #[test]
    fn times_the_clocks_skip_or_repeat_are_handled() {
        assert!(matches!(
            parse_local("2026-03-29 01:30", London),
            Err(TimeProblem::SkippedByClockChange(_))
        ));
        assert_eq!(
            parse_local("2026-10-25 01:30", London),
            Ok(utc(2026, 10, 25, 0, 30)),
            "the first 01:30"
        );
        assert!(matches!(
            parse_local("12/3 2pm", London),
            Err(TimeProblem::Unreadable(_))
        ));
    }

    #[test]
    fn a_day_before_means_the_same_clock_time_the_day_before() {
        let monday_nine = parse_local("2026-03-30 09:00", London).unwrap();
        let sunday_nine = parse_local("2026-03-29 09:00", London).unwrap();
        assert_eq!(
            ReminderOffset::Days(1).before(monday_nine, London),
            sunday_nine
        );
        let after_change = parse_local("2026-03-29 09:00", London).unwrap();
        assert_eq!(
            ReminderOffset::Days(1).before(after_change, London),
            parse_local("2026-03-28 09:00", London).unwrap()
        );
        assert_eq!(
            ReminderOffset::Minutes(60).before(monday_nine, London),
            utc(2026, 3, 30, 7, 0)
        );
    }

    #[test]
    fn reminder_offsets_are_read_from_configuration() {
        assert_eq!(
            ReminderOffset::parse_list("7d, 1d,1h,30m,2w").unwrap(),
            vec![
                ReminderOffset::Minutes(30),
                ReminderOffset::Minutes(60),
                ReminderOffset::Days(1),
                ReminderOffset::Days(7),
                ReminderOffset::Days(14)
            ]
        );
        assert!(ReminderOffset::parse_list("7x").is_err());
        assert!(ReminderOffset::parse_list("-1d").is_err());
    }
}
