//! Long polling into the inbox. getUpdates confirms every update below its `offset` for good,
//! so a batch is stored in the inbox (one transaction) before the next request's offset passes
//! it: an update Telegram lets go of is always on disk. After a restart the first request has
//! no offset, Telegram sends again what it still holds, and the inbox ignores what it has.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use teloxide::requests::{JsonRequest, Payload};
use teloxide::types::AllowedUpdate;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::Channel;
use super::received::{ALLOWED_UPDATES, new_update};
use crate::chat::NewUpdate;

/// getUpdates, answered with the updates exactly as Telegram sent them: they are stored as they
/// came, and read when handled (so a version that reads more kinds can handle them later).
#[derive(Debug, Clone, Serialize)]
struct GetUpdatesRaw {
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<i64>,
    limit: u8,
    timeout: u64,
    allowed_updates: [AllowedUpdate; 3],
}

impl Payload for GetUpdatesRaw {
    type Output = Vec<serde_json::Value>;
    const NAME: &'static str = "GetUpdates";
}

/// Long polling and a webhook exclude each other (Telegram refuses getUpdates while a webhook
/// is set), and removing the webhook would take the updates of a deployment that uses it: so
/// polling does not start while one is set. If Telegram cannot be asked, polling goes ahead.
pub async fn refuse_beside_a_webhook(bot: &super::TelegramBot) -> anyhow::Result<()> {
    use teloxide::prelude::Requester;
    match bot.get_webhook_info().await {
        Ok(info) => {
            if let Some(url) = info.url {
                anyhow::bail!(
                    "a webhook is set for this bot ({url}), so Telegram keeps its updates for it and \
                     long polling cannot start. To poll instead, run `fellowship-bot webhook delete` \
                     first (pending updates are kept); to receive them there, run with RUN_MODE=webhook"
                );
            }
        }
        Err(error) => tracing::warn!(
            error = %super::failures::loggable(&error),
            "could not ask Telegram whether a webhook is set; polling anyway"
        ),
    }
    Ok(())
}

/// Polls until `stop` is cancelled, storing every update and waking the inbox worker.
pub(super) async fn poll(
    channel: &Channel,
    poll_timeout: Duration,
    wake: &Arc<Notify>,
    stop: &CancellationToken,
) {
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
