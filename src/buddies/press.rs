//! The buddies' buttons: the leads' suggestions and assignments, the fellow's check-in (`bud:…`).

use crate::message::Payload;
use crate::message::wire::{id, read_yes_no, yes_no};

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

    /// The press from the data after `bud:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
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

impl Payload for BuddyPress {
    fn encode(&self) -> String {
        match self {
            Self::Suggest(fellow) => format!("bud:s:{fellow}"),
            Self::Assign { fellow, buddy } => format!("bud:a:{fellow}:{buddy}"),
            Self::CheckIn { pair, in_touch } => format!("bud:c:{pair}:{}", yes_no(*in_touch)),
        }
    }
}
