//! Where a fellow is on the journey: which steps are done, which are next (every dependency done
//! or not for them) and which come later; and when a step is due as an instant in London.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::plan::{Phase, TrustStep};

/// What a fellow said about a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    Done,
    /// "Not for me": it does not apply to them (no car, no parking permit).
    NotForMe,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::NotForMe => "not-for-me",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "done" => Some(Self::Done),
            "not-for-me" => Some(Self::NotForMe),
            _ => None,
        }
    }
}

/// A fellow's journey at one moment, each list in due order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview<'a> {
    pub done: Vec<(TrustStep<'a>, StepState)>,
    pub next: Vec<TrustStep<'a>>,
    pub later: Vec<TrustStep<'a>>,
}

/// Whether every dependency of `step` is done or not for them (a dependency the fellow's trust
/// leaves out counts as settled).
pub fn is_open(
    step: &TrustStep<'_>,
    steps: &[TrustStep<'_>],
    states: &HashMap<String, StepState>,
) -> bool {
    step.depends_on
        .iter()
        .all(|d| states.contains_key(d) || !steps.iter().any(|s| s.id == d))
}

/// Sorts `steps` (one trust's) into done, next and later. Before arrival only the steps due
/// before the start date can be next.
pub fn overview<'a>(
    steps: &[TrustStep<'a>],
    states: &HashMap<String, StepState>,
    before_arrival: bool,
) -> Overview<'a> {
    let mut ordered: Vec<(usize, TrustStep<'a>)> = steps.iter().copied().enumerate().collect();
    ordered.sort_by_key(|(i, s)| (s.due, *i));
    let mut view = Overview {
        done: Vec::new(),
        next: Vec::new(),
        later: Vec::new(),
    };
    for (_, step) in ordered {
        if let Some(state) = states.get(step.id) {
            view.done.push((step, *state));
        } else if is_open(&step, steps, states)
            && (!before_arrival || step.due.phase() == Phase::BeforeArrival)
        {
            view.next.push(step);
        } else {
            view.later.push(step);
        }
    }
    view
}

/// The hour a step's nudge goes out on its due day, London time.
pub const NUDGE_HOUR: u32 = 9;
/// No nudge before this hour or from [`QUIET_FROM`] on, London time.
pub const QUIET_UNTIL: u32 = 8;
pub const QUIET_FROM: u32 = 21;
/// On a night-shift day, nudges and feedback prompts wait until this hour.
pub const AFTER_NIGHTS: u32 = 14;

fn at_hour(day: NaiveDate, hour: u32, zone: Tz) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default();
    // 08:00, 09:00 and 14:00 always exist in London (the clocks change at 01:00 and 02:00).
    crate::sessions::time::resolve(day.and_time(time), zone)
        .unwrap_or_else(|| day.and_time(time).and_utc())
}

/// The instant a step due on `day` is nudged: 09:00 that day in `zone`.
pub fn due_instant(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    at_hour(day, NUDGE_HOUR, zone)
}

/// When something meant for `at` may reach someone on nights on `nights`: 14:00 if `at` is
/// earlier that day on a night-shift day; None if it may go at `at`.
pub fn after_nights(at: DateTime<Utc>, zone: Tz, nights: &[NaiveDate]) -> Option<DateTime<Utc>> {
    let local = at.with_timezone(&zone);
    let day = local.date_naive();
    let later = at_hour(day, AFTER_NIGHTS, zone);
    (nights.contains(&day) && at < later).then_some(later)
}

/// When a nudge meant for `at` may go: never from 21:00 to 08:00 London time (it waits until
/// 08:00), and on a night-shift day not before 14:00. None if it may go at `at`.
pub fn nudge_may_go(at: DateTime<Utc>, zone: Tz, nights: &[NaiveDate]) -> Option<DateTime<Utc>> {
    let mut when = at;
    // Each rule only moves later; two rounds settle them (21:00 → 08:00 → 14:00 after nights).
    for _ in 0..3 {
        let local = when.with_timezone(&zone);
        let day = local.date_naive();
        let hour = chrono::Timelike::hour(&local);
        let moved = if hour >= QUIET_FROM {
            Some(at_hour(day.succ_opt().unwrap_or(day), QUIET_UNTIL, zone))
        } else if hour < QUIET_UNTIL {
            Some(at_hour(day, QUIET_UNTIL, zone))
        } else {
            after_nights(when, zone, nights)
        };
        match moved {
            Some(later) if later > when => when = later,
            _ => break,
        }
    }
    (when > at).then_some(when)
}

#[cfg(test)]
mod tests;
