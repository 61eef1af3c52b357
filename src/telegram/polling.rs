//! Long polling into the inbox. getUpdates confirms every update below its `offset` for good,
//! so a batch is stored in the inbox (one transaction) before the next request's offset passes
//! it: an update Telegram lets go of is always on disk. After a restart the first request has
//! no offset, Telegram sends again what it still holds, and the inbox ignores what it has.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use teloxide::requests::{JsonRequest, Payload};
use teloxide::types::Update;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::Channel;
use super::inbound::chat_of;
use crate::chat::NewUpdate;

/// The update kinds the bot reads (a `chat_member` update, for one, must be asked for).
const ALLOWED_UPDATES: [&str; 3] = ["message", "callback_query", "my_chat_member"];

/// getUpdates, answered with the updates exactly as Telegram sent them: they are stored as they
/// came, and read when handled (so a version that reads more kinds can handle them later).
#[derive(Debug, Clone, Serialize)]
struct GetUpdatesRaw {
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<i64>,
    limit: u8,
    timeout: u64,
    allowed_updates: [&'static str; 3],
}

impl Payload for GetUpdatesRaw {
    type Output = Vec<serde_json::Value>;
    const NAME: &'static str = "GetUpdates";
}

/// Polls until `stop` is cancelled, storing every update and waking the inbox worker.
pub(super) async fn poll(
    channel: &Channel,
    poll_timeout: Duration,
    wake: &Arc<Notify>,
    stop: &CancellationToken,
) {
    use teloxide::prelude::Requester;
    if let Err(error) = channel.bot.delete_webhook().await {
        tracing::warn!(%error, "could not remove a webhook; getUpdates may be refused");
    }
    let inbox = crate::chat::UpdateInbox::new(channel.assistant.context());
    let mut offset = None;
    let mut failures = 0;
    loop {
        let request = JsonRequest::new(
            channel.bot.inner().clone(),
            GetUpdatesRaw {
                offset,
                limit: 100,
                timeout: poll_timeout.as_secs(),
                allowed_updates: ALLOWED_UPDATES,
            },
        );
        let answer = tokio::select! {
            () = stop.cancelled() => break,
            answer = request => answer,
        };
        let raw = match answer {
            Ok(raw) => raw,
            Err(error) => {
                failures += 1;
                // Telegram is down or unreachable: say so once, then keep trying quietly.
                if failures == 1 {
                    tracing::warn!(
                        error = %super::failures::loggable(&error),
                        "could not get updates from the Bot API; retrying"
                    );
                }
                let wait = crate::chat::backoff(failures).to_std().unwrap_or_default();
                tokio::select! {
                    () = stop.cancelled() => break,
                    () = tokio::time::sleep(wait) => continue,
                }
            }
        };
        if failures > 0 {
            tracing::info!("getting updates from the Bot API again");
            failures = 0;
        }
        let Some(last) = raw.iter().filter_map(|u| u["update_id"].as_i64()).max() else {
            continue;
        };
        let updates: Vec<NewUpdate> = raw.iter().filter_map(new_update).collect();
        // Noted before they are stored: the inbox worker may take them up at once.
        let ids = updates.iter().map(|update| update.update_id);
        channel.arrivals.note(ids, channel.assistant.now());
        // Until they are stored the offset must not move past them: keep trying.
        while let Err(error) = inbox.keep(&updates).await {
            tracing::error!(%error, "could not store updates; Telegram keeps them until they are");
            tokio::select! {
                () = stop.cancelled() => return,
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
        offset = Some(last + 1);
        wake.notify_one();
    }
    confirm(channel, offset).await;
}

/// Tells Telegram the last stored batch arrived, so it does not send it again on the next start
/// (harmless if it does: the inbox knows those ids).
async fn confirm(channel: &Channel, offset: Option<i64>) {
    let Some(offset) = offset else {
        return;
    };
    let request = JsonRequest::new(
        channel.bot.inner().clone(),
        GetUpdatesRaw {
            offset: Some(offset),
            limit: 1,
            timeout: 0,
            allowed_updates: ALLOWED_UPDATES,
        },
    );
    if let Ok(Err(error)) = tokio::time::timeout(Duration::from_secs(2), request).await {
        tracing::debug!(
            error = %super::failures::loggable(&error),
            "could not confirm the last updates; they will be recognised when sent again"
        );
    }
}

/// An update as stored: its id, its chat (for ordering) and its JSON. One without an id is
/// not an update.
fn new_update(raw: &serde_json::Value) -> Option<NewUpdate> {
    let update_id = raw["update_id"].as_i64()?;
    let body = raw.to_string();
    // Read from the text, as it will be when handled (teloxide's types do not all read from a
    // `Value`).
    let chat_id = serde_json::from_str::<Update>(&body)
        .map(|update| chat_of(&update))
        .unwrap_or(0);
    Some(NewUpdate {
        update_id,
        chat_id,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_is_stored_with_its_chat() {
        let raw = serde_json::json!({"update_id": 7, "message": {"message_id": 1, "date": 0,
            "chat": {"id": -100, "type": "supergroup", "title": "G"},
            "from": {"id": 5, "is_bot": false, "first_name": "A"}, "text": "hi"}});
        let stored = new_update(&raw).unwrap();
        assert_eq!((stored.update_id, stored.chat_id), (7, -100));
        let button = serde_json::json!({"update_id": 8, "callback_query": {"id": "q", "chat_instance": "c",
            "from": {"id": 5, "is_bot": false, "first_name": "A"}, "data": "x"}});
        assert_eq!(
            new_update(&button).unwrap().chat_id,
            5,
            "no chat: the person's own"
        );
        assert!(new_update(&serde_json::json!({"message": {}})).is_none());
    }
}
