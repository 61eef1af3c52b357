//! An update's answer sent from where it got to, each reply marked on its inbox row before it
//! goes, and the update settled when all are; the first reply is timed for `/metrics`. Claiming
//! and answering are the inbox's (`inbox`).

use chrono::{DateTime, Duration as TimeSpan, Utc};

use super::Channel;
use crate::chat::{ClaimedUpdate, Outbox, Reply, UpdateInbox};
use crate::delivery::{Progress, ReplyLog, Stop, send_stored};
use crate::shutdown::Shutdown;
use crate::store::StoreResult;
use crate::telemetry::FirstReplyTimer;

/// How long an answer stays worth sending through an outage.
const ANSWER_USEFUL_FOR: TimeSpan = TimeSpan::hours(24);

/// Sends an update's answer from where it got to (`ready`: its first reply has had its turn
/// and is marked in flight); a reply that failed before Telegram acted is tried again after its
/// back-off, here, holding the update (and so its chat's order). The first reply, if it goes
/// now, is timed from `arrived`.
pub(super) async fn send(
    channel: &Channel,
    update: &ClaimedUpdate,
    replies: &[Reply],
    ready: bool,
    arrived: DateTime<Utc>,
    shutdown: &Shutdown,
) -> anyhow::Result<()> {
    let assistant = &channel.assistant;
    let (inbox, id) = (UpdateInbox::new(assistant.context()), update.update_id);
    let useful_until = update.received_at + ANSWER_USEFUL_FOR;
    let mut progress = Progress::from(update.next_reply, 0);
    progress.ready = ready;
    let log = InboxLog { channel, id };
    let now = || assistant.now();
    let telemetry = assistant.context().telemetry();
    let timer = FirstReplyTimer::new(channel, telemetry, arrived, &now);
    // A first reply sent by an earlier run was timed then (or never, after a crash).
    let outbox: &dyn Outbox = if update.next_reply == 0 {
        &timer
    } else {
        channel
    };
    loop {
        let stop = send_stored(
            outbox,
            replies,
            &mut progress,
            &log,
            &now,
            useful_until,
            shutdown.deadline(),
        )
        .await?;
        let (outcome, unconfirmed) = match stop {
            Stop::Settled => (progress.outcome(update.unconfirmed), progress.unconfirmed),
            Stop::Retry { at, reason } => {
                tracing::info!(update_id = id, %reason, "a reply could not be sent yet; trying again");
                let wait = (at - assistant.now()).to_std().unwrap_or_default();
                tokio::select! {
                    () = shutdown.deadline().cancelled() => {
                        inbox.release(id).await?;
                        return Ok(());
                    }
                    () = tokio::time::sleep(wait) => continue,
                }
            }
            Stop::Expired { reason } => {
                tracing::warn!(update_id = id, %reason, "an answer was given up: it kept failing for a day");
                ("expired", progress.unconfirmed)
            }
            Stop::Stopped => {
                inbox.release(id).await?;
                return Ok(());
            }
            Stop::Lost => return Ok(()),
        };
        inbox.settle(id, outcome, unconfirmed).await?;
        return Ok(());
    }
}

/// An update's progress through its answer, on its inbox row.
struct InboxLog<'a> {
    channel: &'a Channel,
    id: i64,
}

#[async_trait::async_trait]
impl ReplyLog for InboxLog<'_> {
    async fn sending(&self, index: usize) -> StoreResult<bool> {
        let index = i64::try_from(index).unwrap_or(i64::MAX);
        UpdateInbox::new(self.channel.assistant.context())
            .sending(self.id, index)
            .await
    }

    async fn not_sent(&self, _index: usize) -> StoreResult<()> {
        UpdateInbox::new(self.channel.assistant.context())
            .not_sent(self.id)
            .await
    }
}
