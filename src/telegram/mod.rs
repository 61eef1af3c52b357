//! The Telegram channel: long polling with teloxide, translating updates into the core's
//! [`Inbound`](crate::chat::Inbound) and its replies into Bot API calls. Nothing here decides
//! what to say; it only carries messages, at Telegram's rate limits.

mod failures;
mod inbound;
mod listener;
mod outbound;
mod pacing;

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use teloxide::adaptors::CacheMe;
use teloxide::dispatching::{Dispatcher, UpdateFilterExt, UpdateHandler};
use teloxide::prelude::*;
use teloxide::types::{BotCommand, Me};
use teloxide::update_listeners::Polling;
use tokio_util::sync::CancellationToken;

pub use failures::{SendFailure, classify_failure, loggable};

use crate::chat::Assistant;
use crate::config::Settings;

/// The bot as handlers use it: getMe answered from cache. Sends are paced by [`pacing::Pacer`].
pub type TelegramBot = CacheMe<Bot>;

/// What every handler needs.
pub struct Channel {
    pub assistant: Assistant,
    pub bot: TelegramBot,
    pub me: Me,
    pacer: pacing::Pacer,
}

impl Channel {
    pub fn new(
        assistant: Assistant,
        bot: TelegramBot,
        me: Me,
        limits: crate::config::SendLimits,
    ) -> Self {
        Self {
            assistant,
            bot,
            me,
            pacer: pacing::Pacer::new(limits),
        }
    }
}

/// Builds the rate-limited bot for the configured API server and checks the token with getMe.
pub async fn connect(settings: &Settings) -> anyhow::Result<(TelegramBot, Me)> {
    let token = settings.require_token()?;
    let mut bot = Bot::new(token.expose());
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
    async fn deliver(&self, replies: Vec<crate::chat::Reply>) {
        outbound::deliver(self, replies).await;
    }

    async fn wait_turn(&self, chat_id: i64) {
        self.pacer.wait_turn(chat_id).await;
    }

    async fn attempt(&self, reply: &crate::chat::Reply) -> crate::chat::Attempt {
        outbound::attempt(self, reply).await
    }
}

/// Registers the command menu; a failure is logged and the bot carries on.
pub async fn register_commands(bot: &TelegramBot, assistant: &Assistant) {
    let mut commands = vec![
        BotCommand::new("faq", "Browse all topics"),
        BotCommand::new("ask", "Ask a question (in groups)"),
        BotCommand::new("help", "What I can do"),
        BotCommand::new("upcoming", "Sessions coming up for you"),
        BotCommand::new("mysessions", "Sessions you are going to"),
        BotCommand::new("calendar", "Your sessions as a calendar file"),
        BotCommand::new("mybuddy", "Your buddy"),
        BotCommand::new("feedback", "Feedback on a session or service"),
        BotCommand::new("contacts", "Who to contact for what"),
        BotCommand::new("profile", "Your details"),
        BotCommand::new("privacy", "What I store about you"),
    ];
    for article in assistant.faq().current().articles() {
        // A command may appear only once in the menu.
        if commands.iter().any(|c| c.command == article.command) {
            continue;
        }
        commands.push(BotCommand::new(
            article.command.clone(),
            shorten(&article.title, 256),
        ));
    }
    commands.truncate(100);
    if let Err(error) = bot.set_my_commands(commands).await {
        tracing::warn!(%error, "could not register the command menu; commands still work when typed");
    }
}

fn shorten(text: &str, limit: usize) -> String {
    text.chars().take(limit).collect()
}

/// The handler tree: messages, button presses, and changes to the bot's own membership.
pub fn schema() -> UpdateHandler<Infallible> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(inbound::on_message))
        .branch(Update::filter_callback_query().endpoint(inbound::on_button))
        .branch(Update::filter_my_chat_member().endpoint(inbound::on_membership))
}

/// Polls for updates until `shutdown` is cancelled, then finishes the updates in flight.
pub async fn poll(
    channel: Arc<Channel>,
    poll_timeout: Duration,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let mut dispatcher = Dispatcher::builder(channel.bot.clone(), schema())
        .dependencies(dptree::deps![channel.clone()])
        .default_handler(|_| async {})
        .build();
    let token = dispatcher.shutdown_token();
    let listener = listener::WithoutUnreadable(
        Polling::builder(channel.bot.clone())
            .timeout(poll_timeout)
            .delete_webhook()
            .await
            .build(),
    );
    let mut dispatching = tokio::spawn(async move {
        // Not teloxide's LoggingErrorHandler: its line would hold an unreadable answer whole,
        // people's messages and all.
        let on_error = Arc::new(|error: teloxide::RequestError| async move {
            tracing::error!(
                error = %loggable(&error),
                "could not get updates from the Bot API"
            );
        });
        dispatcher.dispatch_with_listener(listener, on_error).await
    });
    tracing::info!(bot = %channel.me.username(), "listening for Telegram updates");
    tokio::select! {
        _ = shutdown.cancelled() => {}
        finished = &mut dispatching => {
            finished.context("the update dispatcher stopped unexpectedly")?;
            return Ok(());
        }
    }
    tracing::info!("shutting down: no new updates; finishing the ones in flight");
    // The dispatcher refuses to shut down while it is still starting; try again briefly.
    for _ in 0..100 {
        if token.shutdown().is_ok() || dispatching.is_finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Awaiting the future `shutdown()` returns can hang (a race in teloxide); wait for the
    // dispatcher itself, with a deadline.
    match tokio::time::timeout(Duration::from_secs(30), dispatching).await {
        Ok(result) => result.context("the update dispatcher failed while stopping")?,
        Err(_) => tracing::warn!("updates were still in flight after 30 s; stopping anyway"),
    }
    Ok(())
}
