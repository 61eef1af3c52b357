//! `webhook set|delete|info`: tells Telegram to post updates to the replicas (or to stop), and
//! shows what it has. The secret goes to Telegram with `set` and is never printed.

use std::process::ExitCode;

use anyhow::{Context, anyhow};
use teloxide::payloads::{DeleteWebhookSetters, SetWebhookSetters};
use teloxide::prelude::Requester;
use teloxide::types::WebhookInfo;

use crate::cli::WebhookCommand;
use crate::config::Settings;
use crate::telegram;

/// How many deliveries Telegram may have open to us at once (it allows 1-100, 40 by default).
/// Each is one short INSERT into the inbox, so ten at once carry hundreds of updates a second,
/// far beyond a programme's traffic, while staying near one replica's pool of 8 database
/// connections (which the inbox and job workers share): a burst waits at Telegram rather than
/// in our pools.
const MAX_CONNECTIONS: u8 = 10;

pub(super) async fn run_webhook_tool(
    settings: &Settings,
    command: WebhookCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        WebhookCommand::Set => set(settings).await?,
        WebhookCommand::Delete => delete(settings).await?,
        WebhookCommand::Info => {
            let (bot, _) = telegram::connect(settings).await?;
            let info = bot.get_webhook_info().await.map_err(|error| {
                anyhow!("getWebhookInfo failed: {}", telegram::loggable(&error))
            })?;
            print!("{}", describe(&info));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// setWebhook with this deployment's URL and secret, for the update kinds the bot reads. Updates
/// Telegram holds are kept (they were stored nowhere yet).
async fn set(settings: &Settings) -> anyhow::Result<()> {
    let webhook = settings.run_mode.webhook().context(
        "`webhook set` needs the webhook's settings: RUN_MODE=webhook with WEBHOOK_URL and WEBHOOK_SECRET (see the README's Webhook mode)",
    )?;
    let (bot, _) = telegram::connect(settings).await?;
    bot.set_webhook(webhook.url.clone())
        .secret_token(webhook.secret.expose())
        .allowed_updates(telegram::ALLOWED_UPDATES)
        .drop_pending_updates(false)
        .max_connections(MAX_CONNECTIONS)
        .await
        .map_err(|error| anyhow!("setWebhook failed: {}", telegram::loggable(&error)))?;
    println!(
        "Telegram now posts updates to {} (secret set, at most {MAX_CONNECTIONS} at once).",
        webhook.url
    );
    Ok(())
}

/// deleteWebhook, keeping the updates Telegram holds so long polling takes them up.
async fn delete(settings: &Settings) -> anyhow::Result<()> {
    let (bot, _) = telegram::connect(settings).await?;
    bot.delete_webhook()
        .drop_pending_updates(false)
        .await
        .map_err(|error| anyhow!("deleteWebhook failed: {}", telegram::loggable(&error)))?;
    println!(
        "The webhook is removed; updates waiting at Telegram are kept for long polling (RUN_MODE=polling)."
    );
    Ok(())
}

/// getWebhookInfo in plain words (it never holds the secret).
fn describe(info: &WebhookInfo) -> String {
    let when = |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    let mut lines = Vec::new();
    match &info.url {
        Some(url) => lines.push(format!("Webhook: {url}")),
        None => lines.push("Webhook: none (the bot can use long polling)".to_owned()),
    }
    lines.push(format!(
        "Updates waiting at Telegram: {}",
        info.pending_update_count
    ));
    match (&info.last_error_message, info.last_error_date) {
        (Some(message), Some(at)) => {
            lines.push(format!("Last delivery error: {message} ({})", when(at)))
        }
        (Some(message), None) => lines.push(format!("Last delivery error: {message}")),
        (None, Some(at)) => lines.push(format!("Last delivery error: at {}", when(at))),
        (None, None) => lines.push("Last delivery error: none".to_owned()),
    }
    if let Some(at) = info.last_synchronization_error_date {
        lines.push(format!(
            "Last error syncing with Telegram's servers: {}",
            when(at)
        ));
    }
    match info.max_connections {
        Some(max) => lines.push(format!("Deliveries at once, at most: {max}")),
        None if info.url.is_some() => {
            lines.push("Deliveries at once, at most: Telegram's default (40)".to_owned());
        }
        None => {}
    }
    if let Some(kinds) = &info.allowed_updates {
        let names: Vec<String> = kinds
            .iter()
            .filter_map(|kind| serde_json::to_value(kind).ok())
            .filter_map(|name| name.as_str().map(str::to_owned))
            .collect();
        lines.push(format!("Update kinds: {}", names.join(", ")));
    }
    if let Some(address) = info.ip_address {
        lines.push(format!("Telegram posts to IP address: {address}"));
    }
    if info.has_custom_certificate {
        lines.push("A custom certificate is set.".to_owned());
    }
    lines.iter().map(|line| format!("{line}\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_webhook_is_described_in_plain_words() {
        let info: WebhookInfo = serde_json::from_value(serde_json::json!({
            "url": "https://bot.example.org/telegram", "has_custom_certificate": false,
            "pending_update_count": 3, "last_error_date": 1_700_000_000,
            "last_error_message": "Wrong response from the webhook: 500 Internal Server Error",
            "max_connections": 10, "allowed_updates": ["message", "callback_query"]
        }))
        .unwrap();
        let text = describe(&info);
        for expected in [
            "Webhook: https://bot.example.org/telegram",
            "Updates waiting at Telegram: 3",
            "Last delivery error: Wrong response from the webhook: 500 Internal Server Error (2023-11-14 22:13:20 UTC)",
            "Deliveries at once, at most: 10",
            "Update kinds: message, callback_query",
        ] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
        let none: WebhookInfo = serde_json::from_value(serde_json::json!({
            "url": "", "has_custom_certificate": false, "pending_update_count": 0
        }))
        .unwrap();
        assert_eq!(
            describe(&none),
            "Webhook: none (the bot can use long polling)\nUpdates waiting at Telegram: 0\nLast delivery error: none\n"
        );
    }
}
