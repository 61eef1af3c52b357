//! Where replies go when the core speaks first (a job, a broadcast, not an inbound message): the
//! channel that carries them implements [`Outbox`].

use super::Reply;

/// How one attempt to deliver a message ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// The channel confirmed it; the new message's id where the channel has one.
    Delivered { message_id: Option<i32> },
    /// The person blocked the bot or left, or the bot was removed from the group.
    Unreachable,
    /// Flood control: every send is paused for a while; try again, it does not count as a failure.
    Throttled,
    /// Network or server trouble: worth another try later.
    Transient(String),
    /// Refused for a reason trying again will not fix.
    Refused(String),
}

/// Delivers replies through a channel.
#[async_trait::async_trait]
pub trait Outbox: Send + Sync {
    /// Delivers replies in order, retrying what is worth retrying; what fails is logged.
    async fn deliver(&self, replies: Vec<Reply>);

    /// Waits until a message to `chat_id` may go within the channel's rate limits.
    async fn wait_turn(&self, _chat_id: i64) {}

    /// One attempt at one reply, with no retries and no pacing (the caller waits its turn first),
    /// saying how it ended. Channels without failures deliver and report success.
    async fn attempt(&self, reply: &Reply) -> Attempt {
        self.deliver(vec![reply.clone()]).await;
        Attempt::Delivered { message_id: None }
    }
}
