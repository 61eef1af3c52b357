//! The conversation kit every feature is written with, and nothing of any one feature: what a
//! person did ([`Inbound`]) and what to send back ([`Reply`]), the shared [`Context`] each
//! feature's slice works over, who may do what ([`Access`]), forms that survive a restart, the
//! outbox port and the update inbox. It knows nothing of Telegram; channels translate. Routing
//! over the features lives above them, in `assistant`.

mod access;
mod command;
mod context;
pub mod dates;
pub(crate) mod forms;
mod inbox;
mod job;
mod message;
mod outbox;
mod senders;
pub(crate) mod texts;

pub use access::{Access, Permission};
pub use command::{Command, Parsed, parse_command};
pub use context::Context;
pub(crate) use context::feature_slice;
pub(crate) use forms::Field;
pub use forms::FormPress;
pub use inbox::{ClaimedUpdate, NewUpdate, UpdateInbox, UpdateState};
pub use job::JobWork;
pub use message::{Action, BotStatus, ChatKind, ChatRef, Event, Inbound, Person, Reply, Tracked};
pub use outbox::{
    NextStep, Outbox, Refusal, SEND_NOW_FOR, SendOutcome, backoff, needs_turn, next_step,
};

use crate::store::StoreError;

/// A failure while handling an event; the person sees an apology, the log the cause.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// What handling an event gives: the replies to send, or why it failed.
pub type Handled = Result<Vec<Reply>, ChatError>;
