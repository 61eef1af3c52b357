//! The sessions' buttons: RSVP, check-in, calendar, attendance, moving, and the new-session form.

use crate::message::Payload;
use crate::message::wire::{id, number, trust};
use crate::sessions::form::FormStep;

/// A press on a session's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionPress {
    /// "Going" (`ses:g:<session>`).
    Going(i64),
    /// "Can't go" (`ses:n:<session>`).
    CantGo(i64),
    /// "I'm here" (`ses:h:<session>`).
    Here(i64),
    /// "Add to calendar" (`ses:c:<session>`).
    Calendar(i64),
    /// Leads: mark a fellow as there, from the attendance sheet (`ses:m:<session>.<fellow>`).
    Mark { session: i64, fellow: i64 },
    /// Leads: move the session to the start previewed, if it is still as it was then
    /// (`ses:mv:<session>.<sequence>.<start in minutes since 1970>`).
    Move {
        session: i64,
        sequence: u32,
        minute: u32,
    },
    /// Leads: keep the time the preview offered to change (`ses:keep:<session>`).
    KeepTime(i64),
}

impl SessionPress {
    /// The press from the data after `ses:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        let press = match rest.split_once(':')? {
            ("g", session) => Self::Going(id(session)?),
            ("n", session) => Self::CantGo(id(session)?),
            ("h", session) => Self::Here(id(session)?),
            ("c", session) => Self::Calendar(id(session)?),
            ("m", target) => {
                let (session, fellow) = target.split_once('.')?;
                Self::Mark {
                    session: id(session)?,
                    fellow: id(fellow)?,
                }
            }
            ("mv", target) => {
                let mut parts = target.split('.');
                let press = Self::Move {
                    session: id(parts.next()?)?,
                    sequence: number(parts.next()?)?,
                    minute: number(parts.next()?)?,
                };
                return parts.next().is_none().then_some(press);
            }
            ("keep", session) => Self::KeepTime(id(session)?),
            _ => return None,
        };
        Some(press)
    }
}

impl Payload for SessionPress {
    fn encode(&self) -> String {
        match self {
            Self::Going(session) => format!("ses:g:{session}"),
            Self::CantGo(session) => format!("ses:n:{session}"),
            Self::Here(session) => format!("ses:h:{session}"),
            Self::Calendar(session) => format!("ses:c:{session}"),
            Self::Mark { session, fellow } => format!("ses:m:{session}.{fellow}"),
            Self::Move {
                session,
                sequence,
                minute,
            } => format!("ses:mv:{session}.{sequence}.{minute}"),
            Self::KeepTime(session) => format!("ses:keep:{session}"),
        }
    }
}

/// A press on the new-session form (leads only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewSessionPress {
    /// The session's type, by its catalogue id (`ns:type:<id>`).
    Type(String),
    /// For everyone (`ns:audience:everyone`).
    ForEveryone,
    /// For one trust's fellows (`ns:audience:<TRUST>`).
    ForTrust(String),
    /// Create it (`ns:confirm:create`).
    Create,
    /// Drop the draft (`ns:confirm:cancel`).
    Discard,
    /// Announce the session just created (`ns:announce:<session>`).
    Announce(i64),
}

impl NewSessionPress {
    /// The form step this press answers and the answer, as the form reads it; None for
    /// "announce", which is not part of the form.
    pub fn answer(&self) -> Option<(FormStep, &str)> {
        match self {
            Self::Type(id) => Some((FormStep::Type, id)),
            Self::ForEveryone => Some((FormStep::Audience, EVERYONE)),
            Self::ForTrust(trust) => Some((FormStep::Audience, trust)),
            Self::Create => Some((FormStep::Confirm, "create")),
            Self::Discard => Some((FormStep::Confirm, "cancel")),
            Self::Announce(_) => None,
        }
    }

    /// The press from the data after `ns:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        let press = match rest.split_once(':')? {
            ("type", id) if !id.is_empty() => Self::Type(id.to_owned()),
            ("audience", EVERYONE) => Self::ForEveryone,
            ("audience", code) => Self::ForTrust(trust(code)?),
            ("confirm", "create") => Self::Create,
            ("confirm", "cancel") => Self::Discard,
            ("announce", session) => Self::Announce(id(session)?),
            _ => return None,
        };
        Some(press)
    }
}

impl Payload for NewSessionPress {
    fn encode(&self) -> String {
        match self {
            Self::Type(id) => format!("ns:type:{id}"),
            Self::ForEveryone => format!("ns:audience:{EVERYONE}"),
            Self::ForTrust(trust) => format!("ns:audience:{trust}"),
            Self::Create => "ns:confirm:create".to_owned(),
            Self::Discard => "ns:confirm:cancel".to_owned(),
            Self::Announce(session) => format!("ns:announce:{session}"),
        }
    }
}

const EVERYONE: &str = "everyone";

/// "None of these fit", for the 1- or 6-month EQ session (`eq:nofit:<months>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EqNoneFit(pub u32);

impl Payload for EqNoneFit {
    fn encode(&self) -> String {
        format!("eq:nofit:{}", self.0)
    }
}

impl EqNoneFit {
    /// The press from the data after `eq:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        rest.strip_prefix("nofit:")
            .and_then(number::<u32>)
            .filter(|months| matches!(months, 1 | 6))
            .map(Self)
    }
}
