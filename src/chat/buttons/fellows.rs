//! The fellows' buttons: registration and profile edits, buddies and the buddy check-in.

use super::{id, read_yes_no, trust, yes_no};
use crate::fellows::registration::Step;

/// A press on the registration form or the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrationPress {
    /// "Yes, register me" or "Not now" (`reg:consent:yes`, `reg:consent:no`).
    Consent(bool),
    /// Use the name Telegram gave (`reg:name:keep`).
    KeepName,
    /// The trust the fellow joins (`reg:trust:<TRUST>`).
    Trust(String),
    /// Change one answer of the registration (`prof:<step>`).
    Edit(Step),
}

impl RegistrationPress {
    /// The form step this press answers and the answer, as the form reads it; None for an
    /// edit, which opens a step instead.
    pub fn answer(&self) -> Option<(Step, &str)> {
        match self {
            Self::Consent(yes) => Some((Step::Consent, yes_no(*yes))),
            Self::KeepName => Some((Step::Name, KEEP)),
            Self::Trust(trust) => Some((Step::Trust, trust)),
            Self::Edit(_) => None,
        }
    }

    pub(super) fn encode(&self) -> String {
        match self {
            Self::Consent(yes) => format!("reg:consent:{}", yes_no(*yes)),
            Self::KeepName => format!("reg:name:{KEEP}"),
            Self::Trust(trust) => format!("reg:trust:{trust}"),
            Self::Edit(step) => format!("prof:{}", step.as_str()),
        }
    }

    /// The press from the data after `reg:` or `prof:` (the `family`).
    pub(super) fn decode(family: &str, rest: &str) -> Option<Self> {
        if family == "prof" {
            return Step::parse(rest).map(Self::Edit);
        }
        match rest.split_once(':')? {
            ("consent", answer) => read_yes_no(answer).map(Self::Consent),
            ("name", KEEP) => Some(Self::KeepName),
            ("trust", code) => trust(code).map(Self::Trust),
            _ => None,
        }
    }
}

/// "Use the name Telegram gave", as the form reads it.
const KEEP: &str = "keep";

/// A press on a buddy button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuddyPress {
    /// Leads: suggest a buddy for this fellow (`bud:s:<fellow>`).
    Suggest(i64),
    /// Leads: make `buddy` this fellow's buddy (`bud:a:<fellow>:<buddy>`).
    Assign { fellow: i64, buddy: i64 },
    /// The fellow's answer to "has your buddy been in touch?" (`bud:c:<pair>:<yes|no>`).
    CheckIn { pair: i64, in_touch: bool },
}

impl BuddyPress {
    /// Whether only leads may press it: all but the fellow's check-in.
    pub fn is_for_leads(&self) -> bool {
        !matches!(self, Self::CheckIn { .. })
    }

    pub(super) fn encode(&self) -> String {
        match self {
            Self::Suggest(fellow) => format!("bud:s:{fellow}"),
            Self::Assign { fellow, buddy } => format!("bud:a:{fellow}:{buddy}"),
            Self::CheckIn { pair, in_touch } => format!("bud:c:{pair}:{}", yes_no(*in_touch)),
        }
    }

    /// The press from the data after `bud:`.
    pub(super) fn decode(rest: &str) -> Option<Self> {
        let fields: Vec<&str> = rest.split(':').collect();
        let press = match fields.as_slice() {
            ["s", fellow] => Self::Suggest(id(fellow)?),
            ["a", fellow, buddy] => Self::Assign {
                fellow: id(fellow)?,
                buddy: id(buddy)?,
            },
            ["c", pair, answer] => Self::CheckIn {
                pair: id(pair)?,
                in_touch: read_yes_no(answer)?,
            },
            _ => return None,
        };
        Some(press)
    }
}
