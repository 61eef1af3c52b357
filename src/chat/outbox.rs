//! Where replies go when the core speaks first (a job, not an inbound message): the channel
//! that carries them implements [`Outbox`].

use super::Reply;

/// Delivers replies in order through a channel.
#[async_trait::async_trait]
pub trait Outbox: Send + Sync {
    async fn deliver(&self, replies: Vec<Reply>);
}
