//! Fellows and leads: who someone is (name, trust, start date, specialty), what roles they hold,
//! and the registration form that collects it; what the bot says about them is `conversation`.
//! Storage is the store's.

pub mod conversation;
pub mod input;
pub mod press;
pub mod registration;
pub mod roles;
pub mod trusts;

use chrono::NaiveDate;

pub use input::{FellowName, InputProblem, Specialty, parse_start_date, without_bidi_controls};
pub use registration::{Answer, Draft, Next, Step};
pub use roles::Role;

/// A registered fellow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fellow {
    pub user_id: i64,
    pub name: String,
    pub trust: String,
    pub start_date: NaiveDate,
    pub specialty: String,
    /// The day they left the programme, once a lead has marked it.
    pub left_on: Option<NaiveDate>,
}

impl Fellow {
    /// Whether they were in post at any time between `from` and `to` (inclusive).
    pub fn in_post_during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.start_date <= to && self.left_on.is_none_or(|left| left >= from)
    }
}
