//! The inbox at work: claims the oldest open update of each chat, has the core answer it, keeps
//! the answer on the update and sends it under the one policy (`sending`). Many chats at once, each in order:
//! a chat's next update is claimed only once its current one is done.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use teloxide::types::{Update, UpdateKind};
use tokio::sync::Notify;
use tokio::task::JoinSet;

use super::Channel;
use super::inbound::read_update;
use super::sending::send;
use crate::chat::{ClaimedUpdate, Reply, UpdateInbox, UpdateState, needs_turn};
use crate::shutdown::Shutdown;

/// Updates worked on at once (most of them wait for their chat's turn to send).
const RUNNING_AT_MOST: usize = 64;
/// Under load, updates are claimed this many at a time (see [`worth_claiming`]).
const CLAIM_BATCH: usize = RUNNING_AT_MOST / 4;
/// An update whose handling was cut short this often (a crash each time) is dropped.
const HANDLING_ATTEMPTS: i64 = 3;
/// How often the inbox is looked at without a wake-up (another process's lapsed claims).
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Works through the inbox until shutdown. Once stopping is requested no update is fetched,
/// but those already in the inbox are still taken up until the deadline (or until none is
/// left); at the deadline what is under way lets go of its update for the next start.
pub(super) async fn run(channel: Arc<Channel>, wake: Arc<Notify>, shutdown: Shutdown) {
    let mut running = JoinSet::new();
    let mut working_on = HashMap::new();
    loop {
        let stopping = shutdown.requested().is_cancelled();
        let too_late = shutdown.deadline().is_cancelled();
        let mut took_any = false;
        if !too_late && worth_claiming(running.len()) {
            let free = i64::try_from(RUNNING_AT_MOST - running.len()).unwrap_or(1);
            match UpdateInbox::new(channel.assistant.context())
                .claim(free)
                .await
            {
                Ok(claimed) => {
                    took_any = !claimed.is_empty();
                    for update in claimed {
                        let update_id = update.update_id;
                        let task = running.spawn(answer(channel.clone(), update, shutdown.clone()));
                        working_on.insert(task.id(), update_id);
                    }
                }
                Err(error) => tracing::error!(%error, "could not claim updates; trying again"),
            }
        }
        if stopping && running.is_empty() && !took_any {
            return;
        }
        tokio::select! {
            () = wake.notified() => {}
            Some(finished) = running.join_next_with_id(), if !running.is_empty() => {
                let id = match &finished {
                    Ok((id, ())) => *id,
                    Err(error) => error.id(),
                };
                let update_id = working_on.remove(&id);
                if let (Err(error), Some(update_id)) = (finished, update_id)
                    && error.is_panic()
                {
                    give_up_on(&channel, update_id, &error.to_string()).await;
                }
            }
            () = shutdown.requested().cancelled(), if !stopping => {}
            () = shutdown.deadline().cancelled(), if !too_late => {}
            () = tokio::time::sleep(LOOK_EVERY) => {}
        }
    }
}

/// An update whose handling panicked is finished as failed, so its chat is not held up.
/// Whether to look for more updates with `running` answers under way: always when few are, and
/// under load only once a batch of places is free, so a backlog costs one claim per batch rather
/// than one per answer sent.
fn worth_claiming(running: usize) -> bool {
    let free = RUNNING_AT_MOST.saturating_sub(running);
    free > 0 && (running < CLAIM_BATCH || free >= CLAIM_BATCH)
}

async fn give_up_on(channel: &Channel, update_id: i64, error: &str) {
    tracing::error!(
        update_id,
        error,
        "handling an update failed unexpectedly; it is dropped"
    );
    let inbox = UpdateInbox::new(channel.assistant.context());
    if let Err(error) = inbox.settle(update_id, "failed", 0).await {
        tracing::error!(%error, update_id, "could not finish a failed update");
    }
}

async fn answer(channel: Arc<Channel>, update: ClaimedUpdate, shutdown: Shutdown) {
    let update_id = update.update_id;
    // To the millisecond when this process fetched it; else as the inbox has it.
    let arrived = channel
        .arrivals
        .take(update_id)
        .unwrap_or(update.received_at);
    if let Err(error) = try_answer(&channel, update, arrived, &shutdown).await {
        // The claim lapses and the update is taken up again (by this process after a restart).
        tracing::error!(%error, update_id, "could not work through an update; it stays in the inbox");
    }
}

async fn try_answer(
    channel: &Channel,
    update: ClaimedUpdate,
    arrived: DateTime<Utc>,
    shutdown: &Shutdown,
) -> anyhow::Result<()> {
    let inbox = UpdateInbox::new(channel.assistant.context());
    let id = update.update_id;
    let mut ready = false;
    let replies = match update.state {
        UpdateState::Pending if update.attempts > HANDLING_ATTEMPTS => {
            tracing::error!(
                update_id = id,
                "handling this update was cut short {HANDLING_ATTEMPTS} times; it is dropped"
            );
            inbox.settle(id, "dropped", 0).await?;
            return Ok(());
        }
        UpdateState::Pending => {
            let parsed = parse(&update);
            // A private message is answered in its own chat: its turn to send is taken before
            // the answer is worked out, so the answer is kept with its first reply marked in
            // flight in one statement and goes at once (the answer is also fresh when it goes).
            // Not with a budget shared by replicas: there the answer reserves its turn once
            // ready (see `Pacer::takes_turn_before_answering`).
            let turn_taken = channel.pacer.takes_turn_before_answering()
                && parsed.as_ref().is_some_and(is_private_message);
            if turn_taken {
                tokio::select! {
                    () = shutdown.deadline().cancelled() => {
                        inbox.release(id).await?;
                        return Ok(());
                    }
                    () = channel.pacer.wait_turn(update.chat_id) => {}
                }
            }
            let replies = handle(channel, id, parsed).await;
            if replies.is_empty() {
                inbox.settle(id, "silent", 0).await?;
                return Ok(());
            }
            let json = serde_json::to_string(&replies)?;
            ready = turn_taken && replies[0].chat_id == update.chat_id && needs_turn(&replies[0]);
            let kept = if ready {
                inbox.keep_answer_sending_first(id, &json).await?
            } else {
                inbox.keep_answer(id, &json).await?
            };
            if !kept {
                return Ok(());
            }
            if ready {
                channel.pacer.leaving_now(update.chat_id);
            }
            replies
        }
        UpdateState::Answering => {
            match serde_json::from_str::<Vec<Reply>>(update.replies.as_deref().unwrap_or("")) {
                Ok(replies) => replies,
                Err(error) => {
                    tracing::error!(%error, update_id = id, "an update's kept answer could not be read; dropped");
                    inbox.settle(id, "dropped", 0).await?;
                    return Ok(());
                }
            }
        }
    };
    send(channel, &update, &replies, ready, arrived, shutdown).await
}

/// The update as Telegram sent it, if the Telegram library can read it.
fn parse(update: &ClaimedUpdate) -> Option<Update> {
    update
        .body
        .as_deref()
        .and_then(|body| serde_json::from_str::<Update>(body).ok())
        .filter(|parsed| !matches!(parsed.kind, UpdateKind::Error(_)))
}

fn is_private_message(update: &Update) -> bool {
    matches!(&update.kind, UpdateKind::Message(message) if message.chat.is_private())
}

/// The core's answer to an update: nothing for one it cannot read, which is logged by its id
/// only (its text and names must not reach the log).
async fn handle(channel: &Channel, update_id: i64, parsed: Option<Update>) -> Vec<Reply> {
    match parsed {
        Some(parsed) => match read_update(channel, &parsed).await {
            Some(inbound) => channel.assistant.handle(inbound).await,
            None => Vec::new(),
        },
        None => {
            tracing::warn!(
                update_id,
                "skipped an update the Telegram library could not read"
            );
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backlog_is_claimed_a_batch_at_a_time_and_a_quiet_inbox_at_once() {
        assert!(worth_claiming(0));
        assert!(
            worth_claiming(CLAIM_BATCH - 1),
            "few under way: look at once"
        );
        assert!(
            !worth_claiming(RUNNING_AT_MOST - 1),
            "one place free under load: wait"
        );
        assert!(
            worth_claiming(RUNNING_AT_MOST - CLAIM_BATCH),
            "a batch of places free"
        );
        assert!(!worth_claiming(RUNNING_AT_MOST), "no place free");
    }
}
