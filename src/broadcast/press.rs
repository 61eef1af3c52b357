//! The broadcast buttons (leads only): the audience menus, the summary a lead confirms, and
//! the progress and report under a broadcast that is going out.

use crate::broadcast::BroadcastAudience;
use crate::message::Payload;
use crate::message::wire::{id, trust};

/// A press on one broadcast's buttons; the broadcast's id travels beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BroadcastPress {
    /// Show one of the audience menus (`bc:menu:<id>:<menu>`).
    Menu(AudienceMenu),
    /// Choose the audience (`bc:aud:<id>:<audience key>`).
    Audience(BroadcastAudience),
    /// Pin it in the groups, or not (`bc:pin:<id>:<1|0>`).
    Pin(bool),
    /// Send it now (`bc:now:<id>`).
    Now,
    /// Ask when to send it (`bc:later:<id>`).
    Later,
    /// Cancel the draft (`bc:x:<id>`).
    Cancel,
    /// Stop it while it is scheduled or going out (`bc:stop:<id>`).
    Stop,
    /// Send again to the people whose copy was not confirmed (`bc:again:<id>`).
    Again,
    /// The delivery problems as a file (`bc:csv:<id>`).
    ProblemsFile,
}

/// A press on broadcast `.0`'s buttons, as a button carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnBroadcast(pub i64, pub BroadcastPress);

impl Payload for OnBroadcast {
    fn encode(&self) -> String {
        self.1.encode(self.0)
    }
}

/// The audience menus: the main list and its submenus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudienceMenu {
    Main,
    Cohort,
    Role,
    Session,
}

impl AudienceMenu {
    pub const ALL: [Self; 4] = [Self::Main, Self::Cohort, Self::Role, Self::Session];

    fn as_str(self) -> &'static str {
        match self {
            Self::Main => "main",
            Self::Cohort => "cohort",
            Self::Role => "role",
            Self::Session => "session",
        }
    }
}

impl BroadcastPress {
    pub(crate) fn encode(&self, id: i64) -> String {
        match self {
            Self::Menu(menu) => format!("bc:menu:{id}:{}", menu.as_str()),
            Self::Audience(audience) => format!("bc:aud:{id}:{}", audience.to_key()),
            Self::Pin(pin) => format!("bc:pin:{id}:{}", u8::from(*pin)),
            Self::Now => format!("bc:now:{id}"),
            Self::Later => format!("bc:later:{id}"),
            Self::Cancel => format!("bc:x:{id}"),
            Self::Stop => format!("bc:stop:{id}"),
            Self::Again => format!("bc:again:{id}"),
            Self::ProblemsFile => format!("bc:csv:{id}"),
        }
    }

    /// The broadcast and the press from the data after `bc:`.
    pub(crate) fn decode(rest: &str) -> Option<(i64, Self)> {
        // The audience key has colons of its own ("trust:RWT"), so it is the rest.
        let mut fields = rest.splitn(3, ':');
        let (verb, broadcast, more) = (fields.next()?, id(fields.next()?)?, fields.next());
        let press = match (verb, more) {
            ("menu", Some(menu)) => {
                Self::Menu(AudienceMenu::ALL.into_iter().find(|m| m.as_str() == menu)?)
            }
            ("aud", Some(key)) => match BroadcastAudience::parse_key(key)? {
                BroadcastAudience::Trust(code) => {
                    Self::Audience(BroadcastAudience::Trust(trust(&code)?))
                }
                audience => Self::Audience(audience),
            },
            ("pin", Some("1")) => Self::Pin(true),
            ("pin", Some("0")) => Self::Pin(false),
            ("now", None) => Self::Now,
            ("later", None) => Self::Later,
            ("x", None) => Self::Cancel,
            ("stop", None) => Self::Stop,
            ("again", None) => Self::Again,
            ("csv", None) => Self::ProblemsFile,
            _ => return None,
        };
        Some((broadcast, press))
    }
}
