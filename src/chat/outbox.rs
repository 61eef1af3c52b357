//! How replies leave the core: the [`Outbox`] port a channel implements, the four ways one send
//! can end ([`SendOutcome`]), and the one policy every sender follows ([`next_step`]): what is
//! tried again, for how long, and what is never repeated.

use std::time::Duration as Wait;

use chrono::{DateTime, Duration, Utc};

use super::{Action, Reply};

/// How one attempt to send a reply ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    /// The channel confirmed it; the new message's id where the channel has one.
    Delivered { message_id: Option<i32> },
    /// The channel refused it, and would refuse it again: never retried.
    Refused(Refusal),
    /// It failed before the channel could have acted on it (connection refused, a server
    /// error, flood control): safe to send again, after `retry_after` if the channel said.
    Failed {
        reason: String,
        retry_after: Option<Wait>,
    },
    /// It may or may not have arrived (a timeout after it was sent, an answer that did not
    /// parse): never repeated automatically, and reported as not confirmed.
    Unknown(String),
}

/// Why the channel refused a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Blocked, deactivated, chat not found, the bot removed: the chat is marked unreachable.
    Unreachable,
    /// Anything else the channel will not take (a bad request), with its reason.
    Rejected(String),
}

impl SendOutcome {
    /// For logs and reports: why it did not simply arrive.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Delivered { .. } => None,
            Self::Refused(Refusal::Unreachable) => Some("unreachable"),
            Self::Refused(Refusal::Rejected(reason))
            | Self::Failed { reason, .. }
            | Self::Unknown(reason) => Some(reason),
        }
    }
}

/// What a sender does after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Nothing more for this reply (it arrived, was refused, or its fate is unknown).
    Settled,
    /// It failed before the channel acted: send it again at this instant.
    RetryAt(DateTime<Utc>),
    /// It kept failing until it was no longer worth sending.
    GiveUp,
}

/// The one policy. `failures` counts this reply's failed attempts, this one included; a failed
/// reply is retried with back-off (or after the channel's `retry_after`) as long as the retry
/// would come before `useful_until`. Nothing else is ever sent twice.
pub fn next_step(
    outcome: &SendOutcome,
    failures: i64,
    now: DateTime<Utc>,
    useful_until: DateTime<Utc>,
) -> NextStep {
    let SendOutcome::Failed { retry_after, .. } = outcome else {
        return NextStep::Settled;
    };
    let wait = retry_after
        .and_then(|wait| Duration::from_std(wait).ok())
        .unwrap_or_else(|| backoff(failures));
    let at = now + wait;
    if at > useful_until {
        NextStep::GiveUp
    } else {
        NextStep::RetryAt(at)
    }
}

/// The wait after the `failures`-th failure in a row: 1 s, 2 s, 4 s... at most a minute, so a
/// long outage is noticed within a minute of its end.
pub fn backoff(failures: i64) -> Duration {
    let doubled = 1i64 << failures.clamp(1, 7).saturating_sub(1);
    Duration::seconds(doubled.min(60))
}

/// How long replies that nothing stores (progress notes, reports) keep being retried.
pub const SEND_NOW_FOR: Duration = Duration::minutes(2);

/// Whether a reply waits for its turn under the channel's rate limits. Answering a button
/// press is not a message, and must be quick.
pub fn needs_turn(reply: &Reply) -> bool {
    !matches!(reply.action, Action::AnswerButton { .. })
}

/// Delivers replies through a channel.
#[async_trait::async_trait]
pub trait Outbox: Send + Sync {
    /// One attempt at one reply, with no retries and no pacing (the caller waits its turn
    /// first), and how it ended.
    async fn attempt(&self, reply: &Reply) -> SendOutcome;

    /// Waits until a message to `chat_id` may go within the channel's rate limits.
    async fn wait_turn(&self, _chat_id: i64) {}

    /// Sends replies nothing stores (progress notes, reports) in order, now: each waits its
    /// turn and a failure is retried under [`next_step`] for up to [`SEND_NOW_FOR`] (real
    /// time). Returns how each ended; one given up on is returned as its last failure.
    async fn deliver(&self, replies: Vec<Reply>) -> Vec<SendOutcome> {
        let useful_until = Utc::now() + SEND_NOW_FOR;
        let mut outcomes = Vec::with_capacity(replies.len());
        for reply in &replies {
            let mut failures = 0;
            loop {
                if needs_turn(reply) {
                    self.wait_turn(reply.chat_id).await;
                }
                let outcome = self.attempt(reply).await;
                if matches!(outcome, SendOutcome::Failed { .. }) {
                    failures += 1;
                }
                let now = Utc::now();
                match next_step(&outcome, failures, now, useful_until) {
                    NextStep::RetryAt(at) => {
                        tokio::time::sleep((at - now).to_std().unwrap_or_default()).await;
                    }
                    NextStep::Settled | NextStep::GiveUp => {
                        if let Some(reason) = outcome.reason() {
                            tracing::warn!(
                                chat_id = reply.chat_id,
                                reason,
                                "a reply did not arrive cleanly"
                            );
                        }
                        outcomes.push(outcome);
                        break;
                    }
                }
            }
        }
        outcomes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + seconds, 0).unwrap()
    }

    fn failed(retry_after: Option<u64>) -> SendOutcome {
        SendOutcome::Failed {
            reason: "Bad Gateway".into(),
            retry_after: retry_after.map(Wait::from_secs),
        }
    }

    #[test]
    fn only_a_failure_before_the_channel_acted_is_sent_again() {
        let settled = [
            SendOutcome::Delivered { message_id: None },
            SendOutcome::Refused(Refusal::Unreachable),
            SendOutcome::Refused(Refusal::Rejected("Bad Request".into())),
            SendOutcome::Unknown("timed out".into()),
        ];
        for outcome in settled {
            assert_eq!(next_step(&outcome, 1, at(0), at(3600)), NextStep::Settled);
        }
        assert_eq!(
            next_step(&failed(None), 1, at(0), at(3600)),
            NextStep::RetryAt(at(1))
        );
    }

    #[test]
    fn retries_back_off_follow_retry_after_and_stop_when_no_longer_useful() {
        assert_eq!(
            next_step(&failed(None), 3, at(0), at(3600)),
            NextStep::RetryAt(at(4))
        );
        assert_eq!(
            next_step(&failed(Some(30)), 1, at(0), at(3600)),
            NextStep::RetryAt(at(30)),
            "flood control says how long"
        );
        assert_eq!(
            next_step(&failed(None), 50, at(0), at(3600)),
            NextStep::RetryAt(at(60)),
            "at most a minute apart"
        );
        assert_eq!(
            next_step(&failed(None), 5, at(0), at(10)),
            NextStep::GiveUp,
            "a retry after the session starts is not worth it"
        );
    }
}
