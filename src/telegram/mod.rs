//! The Telegram channel: long polling (`polling`) or Telegram's webhook (`webhook`) into the
//! update inbox (the same way, `received`), the inbox worked
//! through in order per chat (`inbox`, `sending`), updates read as the core's
//! [`Inbound`](crate::chat::Inbound) (`inbound`) and its replies made into Bot API calls
//! (`outbound`, `failures`, `pacing`). Nothing here decides what to say.
//!
//! teloxide's own dispatcher is not used: it acknowledges an update to Telegram before it is
//! handled, so a crash lost it. Its types, requests and rate-limit errors are.

mod failures;
mod inbound;
mod inbox;
mod outbound;
pub mod pacing;
mod polling;
mod received;
mod sending;
mod webhook;

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use teloxide::adaptors::CacheMe;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, ChatId, Me, Recipient};

pub use failures::{SendFailure, classify_failure, loggable};
pub use polling::refuse_beside_a_webhook;
pub use received::ALLOWED_UPDATES;
pub use webhook::{SECRET_HEADER, routes as webhook_routes};

use crate::chat::{Reply, SendOutcome};

use crate::assistant::Assistant;
use crate::config::Settings;
use crate::shutdown::Shutdown;

/// The bot as handlers use it: getMe answered from cache. Sends are paced by [`pacing::Pacer`].
pub type TelegramBot = CacheMe<Bot>;

/// What every handler needs.
pub struct Channel {
    pub assistant: Assistant,
    pub bot: TelegramBot,
    pub me: Me,
    pacer: pacing::Pacer,
    /// When updates reached this process, for the answer latency.
    arrivals: crate::telemetry::Arrivals,
}

impl Channel {
    /// The channel, its sends paced within `limits`: in memory when polling, through the
    /// database shared by every replica in webhook mode (see [`pacing::Pacer::for_run_mode`]).
    pub fn new(
        assistant: Assistant,
        bot: TelegramBot,
        me: Me,
        limits: crate::config::SendLimits,
    ) -> Self {
        let run_mode = &assistant.context().settings().run_mode;
        let pacer = pacing::Pacer::for_run_mode(run_mode, limits, assistant.store());
        Self {
            assistant,
            bot,
            me,
            pacer,
            arrivals: crate::telemetry::Arrivals::default(),
        }
    }
}

/// Builds the bot for the configured API server and checks the token with getMe. Every Bot API
/// call is given `api_timeout`: long enough that a send rarely ends with its fate unknown.
pub async fn connect(settings: &Settings) -> anyhow::Result<(TelegramBot, Me)> {
    let token = settings.require_token()?;
    let client = teloxide::net::default_reqwest_settings()
        .timeout(settings.api_timeout)
        .build()
        .context("could not set up the HTTP client for the Bot API")?;
    let mut bot = Bot::with_client(token.expose(), client);
    if let Some(url) = &settings.telegram_api_url {
        bot = bot.set_api_url(url.clone());
    }
    let bot = bot.cache_me();
    // teloxide's dispatcher panics if getMe fails; asking first (and caching) turns that into a
    // clear error at start-up.
    let me = bot
        .get_me()
        .await
        .context("could not reach the Telegram Bot API (getMe failed): check TELOXIDE_TOKEN, TELOXIDE_API_URL and the network")?;
    Ok((bot, me))
}

#[async_trait::async_trait]
impl crate::chat::Outbox for Channel {
    async fn attempt(&self, reply: &Reply) -> SendOutcome {
        if crate::chat::needs_turn(reply) {
            self.pacer.leaving(reply.chat_id).await;
        }
        outbound::attempt(self, reply).await
    }

    async fn wait_turn(&self, chat_id: i64) {
        self.pacer.wait_turn(chat_id).await;
    }
}

/// Registers the command menus (everyone's, and each lead's in their private chat); a failure
/// is logged and the bot carries on.
pub async fn register_commands(bot: &TelegramBot, assistant: &Assistant) {
    let menus = match crate::assistant::command_menus(assistant.context()).await {
        Ok(menus) => menus,
        Err(error) => {
            tracing::warn!(%error, "could not work out the command menus; commands still work when typed");
            return;
        }
    };
    for (lead, entries) in menus {
        let commands = entries
            .into_iter()
            .map(|(name, description)| BotCommand::new(name, description));
        let request = bot.set_my_commands(commands);
        let sent = match lead {
            None => request.await,
            Some(user_id) => {
                request
                    .scope(BotCommandScope::Chat {
                        chat_id: Recipient::Id(ChatId(user_id)),
                    })
                    .await
            }
        };
        if let Err(error) = sent {
            tracing::warn!(%error, "could not register a command menu; commands still work when typed");
        }
    }
}

/// How this process receives updates.
#[derive(Debug, Clone, Copy)]
pub enum Receiving {
    /// Asks Telegram with getUpdates, each request waiting this long for updates.
    Polling(Duration),
    /// Telegram posts them to the web server ([`webhook_routes`], served beside the console).
    Webhook,
}

/// Runs the channel until shutdown: receives updates into the inbox until stopping is
/// requested (polling here; a webhook's are posted to the web server, which stops on its own),
/// and works through the inbox until what is under way is done or the deadline comes. `wake`
/// is the inbox worker's, rung whenever updates are stored.
pub async fn run(
    channel: Arc<Channel>,
    wake: Arc<tokio::sync::Notify>,
    receiving: Receiving,
    shutdown: Shutdown,
) {
    let inbox = tokio::spawn(inbox::run(channel.clone(), wake.clone(), shutdown.clone()));
    match receiving {
        Receiving::Polling(poll_timeout) => {
            tracing::info!(bot = %channel.me.username(), "listening for Telegram updates by long polling");
            polling::poll(&channel, poll_timeout, &wake, shutdown.requested()).await;
        }
        Receiving::Webhook => {
            tracing::info!(bot = %channel.me.username(), "taking Telegram updates posted to the webhook");
            shutdown.requested().cancelled().await;
        }
    }
    tracing::info!("no new updates are fetched; finishing the ones under way");
    if let Err(error) = inbox.await {
        tracing::error!(%error, "the inbox worker stopped unexpectedly");
    }
}
