//! Sending replies that are kept on a row (an update's answer, a job's messages): in order, each
//! marked in flight just before the channel gets it, under the one policy of
//! [`next_step`](crate::chat::next_step). A restart resumes after the last settled reply; the
//! one in flight at a crash is counted unconfirmed and never sent again.

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use crate::chat::{NextStep, Outbox, Refusal, Reply, SendOutcome, needs_turn, next_step};
use crate::store::StoreResult;

/// Where a sender records its way through a list of stored replies.
#[async_trait::async_trait]
pub trait ReplyLog: Send + Sync {
    /// Reply `index` is about to be handed to the channel (all before it are settled); false if
    /// the claim on the row was lost to another process.
    async fn sending(&self, index: usize) -> StoreResult<bool>;

    /// Reply `index` failed before the channel acted on it: it may be sent again.
    async fn not_sent(&self, index: usize) -> StoreResult<()>;
}

/// How far a list of replies has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// The first reply not yet settled.
    pub next: usize,
    /// Failed attempts in a row at reply `next` (for the back-off).
    pub failures: i64,
    /// Replies whose fate is unknown, and replies the channel refused, in this run.
    pub unconfirmed: i64,
    pub refused: i64,
    /// Reply `next` has had its turn and is marked in flight already: it goes at once.
    pub ready: bool,
}

impl Progress {
    pub fn from(next: i64, failures: i64) -> Self {
        Self {
            next: usize::try_from(next).unwrap_or(0),
            failures,
            ..Self::default()
        }
    }

    /// How the list ended, in a word, once every reply is settled (`earlier_unconfirmed`: those
    /// counted by a run before this one).
    pub fn outcome(&self, earlier_unconfirmed: i64) -> &'static str {
        if self.unconfirmed + earlier_unconfirmed > 0 {
            "unconfirmed"
        } else if self.refused > 0 {
            "refused"
        } else {
            "delivered"
        }
    }
}

/// Why sending stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// Every reply is settled.
    Settled,
    /// Reply `next` failed before the channel acted; send it again at `at`.
    Retry { at: DateTime<Utc>, reason: String },
    /// Reply `next` kept failing until it was no longer worth sending.
    Expired { reason: String },
    /// The shutdown deadline came while waiting for a turn; nothing is in flight.
    Stopped,
    /// Another process holds the row now.
    Lost,
}

/// Sends `replies[progress.next..]` in order until all are settled or one must wait. `now`
/// is the clock the work runs on; nothing is sent after `useful_until`.
pub async fn send_stored(
    outbox: &dyn Outbox,
    replies: &[Reply],
    progress: &mut Progress,
    log: &dyn ReplyLog,
    now: &(dyn Fn() -> DateTime<Utc> + Send + Sync),
    useful_until: DateTime<Utc>,
    deadline: &CancellationToken,
) -> StoreResult<Stop> {
    while let Some(reply) = replies.get(progress.next) {
        if now() > useful_until {
            return Ok(Stop::Expired {
                reason: "no longer useful".into(),
            });
        }
        // Only the first reply of a list can be ready (see `Progress::ready`).
        if !std::mem::take(&mut progress.ready) {
            if needs_turn(reply) {
                tokio::select! {
                    () = deadline.cancelled() => return Ok(Stop::Stopped),
                    () = outbox.wait_turn(reply.chat_id) => {}
                }
            }
            if deadline.is_cancelled() {
                return Ok(Stop::Stopped);
            }
            if !log.sending(progress.next).await? {
                return Ok(Stop::Lost);
            }
        }
        let outcome = outbox.attempt(reply).await;
        if let SendOutcome::Failed { reason, .. } = &outcome {
            log.not_sent(progress.next).await?;
            progress.failures += 1;
            return Ok(
                match next_step(&outcome, progress.failures, now(), useful_until) {
                    NextStep::RetryAt(at) => Stop::Retry {
                        at,
                        reason: reason.clone(),
                    },
                    NextStep::GiveUp | NextStep::Settled => Stop::Expired {
                        reason: reason.clone(),
                    },
                },
            );
        }
        match &outcome {
            SendOutcome::Unknown(reason) => {
                tracing::warn!(chat_id = reply.chat_id, %reason, "a reply may or may not have arrived; it is not sent again");
                progress.unconfirmed += 1;
            }
            SendOutcome::Refused(Refusal::Rejected(reason)) => {
                tracing::warn!(chat_id = reply.chat_id, %reason, "a reply was refused");
                progress.refused += 1;
            }
            SendOutcome::Refused(Refusal::Unreachable) => progress.refused += 1,
            SendOutcome::Delivered { .. } | SendOutcome::Failed { .. } => {}
        }
        progress.next += 1;
        progress.failures = 0;
    }
    Ok(Stop::Settled)
}
