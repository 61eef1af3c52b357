//! When a journey step is due: a number of days before or after the start date, as the leads
//! write it ("7 days before start"), and the part of the journey that puts it in.

use chrono::{Duration, NaiveDate};

/// When a step is due: a number of days before (negative) or after the start date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Due {
    days: i64,
}

impl Due {
    /// Due on the start date itself.
    pub const ON_START: Due = Due { days: 0 };

    /// Reads "start", "N days before start" or "N days after start" ("1 day" too).
    pub fn parse(text: &str) -> Result<Self, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let days = match words.as_slice() {
            ["start"] => 0,
            [n, "day" | "days", side @ ("before" | "after"), "start"] => {
                let n: i64 = crate::message::wire::number(n)
                    .filter(|n| *n <= 365)
                    .ok_or_else(|| {
                        format!("'{n}' in due \"{text}\" is not a number of days (0-365)")
                    })?;
                if *side == "before" { -n } else { n }
            }
            _ => {
                return Err(format!(
                    "due \"{text}\" should read \"start\", \"N days before start\" or \"N days after start\""
                ));
            }
        };
        Ok(Self { days })
    }

    /// The day it is due for someone starting on `start`.
    pub fn on(self, start: NaiveDate) -> NaiveDate {
        start + Duration::days(self.days)
    }

    /// Which part of the journey it belongs to.
    pub fn phase(self) -> Phase {
        match self.days {
            ..0 => Phase::BeforeArrival,
            0..=7 => Phase::FirstWeek,
            _ => Phase::FirstMonth,
        }
    }
}

/// The journey's three parts, by due day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    BeforeArrival,
    FirstWeek,
    FirstMonth,
}
