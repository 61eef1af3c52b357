//! Broadcasts: a lead's announcement to an audience, sent once to each recipient at Telegram's
//! limits. This folder owns the audience, the states a broadcast and a delivery go through, how
//! long copies stay worth retrying, the rules a broadcast meets before it is queued (`compose`),
//! the progress and report texts (`report`), the sending loop (`sender`) and what the bot says
//! to the lead (`conversation`).

pub mod compose;
pub mod conversation;
pub mod press;
pub mod report;
pub mod sender;

use chrono::Duration;

use crate::chat::Action;
use crate::fellows::Role;
use crate::message::Message;

/// Who a broadcast is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BroadcastAudience {
    /// The programme groups (in their announcement topic where they chose one).
    ProgrammeGroups,
    /// Every fellow in post, privately.
    AllFellows,
    /// The fellows of one trust, privately.
    Trust(String),
    /// The fellows who started in one month ("2026-08"), privately.
    Cohort { year: i32, month: u32 },
    /// The people holding a role, privately.
    Role(Role),
    /// The people going to a session (or on its waiting list), privately.
    Session(i64),
    /// The fellows a closed improvement cycle concerned (asked for feedback on its type since
    /// it began), privately: "you said, we did".
    Cycle(i64),
}

impl BroadcastAudience {
    /// The stored and button form: "groups", "fellows", "trust:RWT", "cohort:2026-08",
    /// "role:buddy", "session:12", "cycle:3".
    pub fn to_key(&self) -> String {
        match self {
            Self::ProgrammeGroups => "groups".into(),
            Self::AllFellows => "fellows".into(),
            Self::Trust(trust) => format!("trust:{trust}"),
            Self::Cohort { year, month } => format!("cohort:{year:04}-{month:02}"),
            Self::Role(role) => format!("role:{}", role.as_str()),
            Self::Session(id) => format!("session:{id}"),
            Self::Cycle(id) => format!("cycle:{id}"),
        }
    }

    /// Reads [`to_key`](Self::to_key)'s form back; None for anything else.
    pub fn parse_key(key: &str) -> Option<Self> {
        let (kind, value) = key.split_once(':').unwrap_or((key, ""));
        match (kind, value) {
            ("groups", "") => Some(Self::ProgrammeGroups),
            ("fellows", "") => Some(Self::AllFellows),
            ("trust", trust) if !trust.is_empty() => Some(Self::Trust(trust.to_owned())),
            ("cohort", month) => {
                let (year, month) = month.split_once('-')?;
                let (year, month) = (year.parse().ok()?, month.parse().ok()?);
                (1..=12)
                    .contains(&month)
                    .then_some(Self::Cohort { year, month })
            }
            ("role", role) => Role::parse(role).map(Self::Role),
            ("session", id) => id.parse().ok().map(Self::Session),
            ("cycle", id) => id.parse().ok().map(Self::Cycle),
            _ => None,
        }
    }

    /// Whether recipients are groups (so pinning makes sense) rather than people.
    pub fn is_groups(&self) -> bool {
        matches!(self, Self::ProgrammeGroups)
    }
}

/// What is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BroadcastContent {
    /// Text typed with the command, in Telegram's HTML subset.
    Text { html: String },
    /// A copy of an existing message (formatting, photos and documents included).
    Copy { chat_id: i64, message_id: i32 },
}

impl BroadcastContent {
    /// What each recipient gets.
    pub fn copy_action(&self) -> Action {
        match self {
            Self::Text { html } => Action::Send(Message::html(html.clone())),
            Self::Copy {
                chat_id,
                message_id,
            } => Action::Copy {
                from_chat_id: *chat_id,
                message_id: *message_id,
            },
        }
    }
}

/// Where a broadcast is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BroadcastStatus {
    /// Being composed: no audience chosen or not confirmed yet.
    Draft,
    /// Confirmed, waiting for its time (now, or later).
    Scheduled,
    Sending,
    Done,
    /// Cancelled before or while sending.
    Cancelled,
}

impl BroadcastStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Scheduled => "scheduled",
            Self::Sending => "sending",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "scheduled" => Self::Scheduled,
            "sending" => Self::Sending,
            "done" => Self::Done,
            "cancelled" => Self::Cancelled,
            _ => Self::Draft,
        }
    }
}

/// Where one recipient's copy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryStatus {
    /// Waiting for its turn (or for a retry).
    Pending,
    /// Handed to the Bot API; no answer recorded yet.
    InFlight,
    Delivered,
    /// Blocked the bot, left, or never started it.
    Unreachable,
    /// Gave up after retries, or refused for a reason retrying cannot fix.
    Failed,
    /// The bot stopped while this copy was in flight: it may or may not have arrived, so it is
    /// not sent again unless the lead asks.
    Unconfirmed,
    /// Not sent because the broadcast was cancelled.
    Skipped,
}

impl DeliveryStatus {
    pub const ALL: [Self; 7] = [
        Self::Pending,
        Self::InFlight,
        Self::Delivered,
        Self::Unreachable,
        Self::Failed,
        Self::Unconfirmed,
        Self::Skipped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::InFlight => "in_flight",
            Self::Delivered => "delivered",
            Self::Unreachable => "unreachable",
            Self::Failed => "failed",
            Self::Unconfirmed => "unconfirmed",
            Self::Skipped => "skipped",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether nothing more will happen to this copy.
    pub fn is_final(self) -> bool {
        !matches!(self, Self::Pending | Self::InFlight)
    }
}

/// One recipient the broadcast did not reach cleanly, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryProblem {
    pub name: String,
    pub status: DeliveryStatus,
    pub error: Option<String>,
}

/// How many copies are in each state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryTally(pub std::collections::HashMap<DeliveryStatus, i64>);

impl DeliveryTally {
    pub fn count(&self, status: DeliveryStatus) -> i64 {
        self.0.get(&status).copied().unwrap_or(0)
    }

    pub fn total(&self) -> i64 {
        self.0.values().sum()
    }

    /// Copies nothing more will happen to.
    pub fn settled(&self) -> i64 {
        self.0
            .iter()
            .filter(|(status, _)| status.is_final())
            .map(|(_, n)| n)
            .sum()
    }
}

/// How long after its time a broadcast's copies keep being retried through an outage.
pub const USEFUL_FOR: Duration = Duration::hours(24);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_audience_survives_a_round_trip_through_its_key() {
        let audiences = [
            BroadcastAudience::ProgrammeGroups,
            BroadcastAudience::AllFellows,
            BroadcastAudience::Trust("RWT".into()),
            BroadcastAudience::Cohort {
                year: 2026,
                month: 8,
            },
            BroadcastAudience::Role(Role::Buddy),
            BroadcastAudience::Session(12),
            BroadcastAudience::Cycle(3),
        ];
        for audience in audiences {
            assert_eq!(
                BroadcastAudience::parse_key(&audience.to_key()),
                Some(audience)
            );
        }
    }

    #[test]
    fn a_malformed_audience_key_is_refused() {
        for key in [
            "",
            "trust:",
            "cohort:2026-13",
            "cohort:soon",
            "role:king",
            "x",
        ] {
            assert_eq!(BroadcastAudience::parse_key(key), None, "{key}");
        }
    }
}
