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
            let (number, unit) = part.split_at(part.len() - 1);
            let number: i64 = number
                .parse()
                .map_err(|_| format!("'{part}' is not like 7d, 1d, 1h or 30m"))?;
            if number <= 0 || number > 1000 {
                return Err(format!(
                    "'{part}' must be a positive number of m, h, d or w"
                ));
            }
            offsets.push(match unit {
                "m" => Self::Minutes(number),
                "h" => Self::Minutes(number * 60),
                "d" => Self::Days(number),
                "w" => Self::Days(number * 7),
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
