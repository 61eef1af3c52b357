//! Telegram updates in, as the core's `Inbound`: each update is claimed once in the database
//! (a batch redelivered after a crash has no second effect), handled, and its replies delivered.

use std::convert::Infallible;
use std::sync::Arc;

use teloxide::types::{CallbackQuery, ChatMemberUpdated, Message as TgMessage, Update, User};

use super::Channel;
use crate::chat::{BotStatus, ChatKind, ChatRef, Event, Inbound, Person};

pub(super) async fn on_message(
    update: Update,
    message: TgMessage,
    channel: Arc<Channel>,
) -> Result<(), Infallible> {
    if let Some(mut inbound) = message_to_inbound(&message, channel.me.id.0) {
        if let (Some(document), true) = (message.document(), inbound.chat.is_private()) {
            let name = document.file_name.clone().unwrap_or_default();
            let content = read_session_file(&channel, document, &name).await;
            inbound.event = Event::File { name, content };
        }
        process(&channel, &update, inbound).await;
    }
    Ok(())
}

/// Downloads a small CSV sent privately (the only files the core reads); None otherwise.
async fn read_session_file(
    channel: &Channel,
    document: &teloxide::types::Document,
    name: &str,
) -> Option<Vec<u8>> {
    use teloxide::net::Download;
    use teloxide::prelude::Requester;
    let small = (document.file.size as usize) <= crate::chat::SESSION_FILE_LIMIT;
    if !small || !name.to_lowercase().ends_with(".csv") {
        return None;
    }
    let file = match channel.bot.get_file(document.file.id.clone()).await {
        Ok(file) => file,
        Err(error) => {
            tracing::warn!(%error, "could not look up a file sent to the bot");
            return None;
        }
    };
    let mut content = Vec::new();
    match channel.bot.download_file(&file.path, &mut content).await {
        Ok(()) if content.len() <= crate::chat::SESSION_FILE_LIMIT => Some(content),
        Ok(()) => None,
        Err(error) => {
            tracing::warn!(%error, "could not download a file sent to the bot");
            None
        }
    }
}

pub(super) async fn on_button(
    update: Update,
    query: CallbackQuery,
    channel: Arc<Channel>,
) -> Result<(), Infallible> {
    let Some(message) = &query.message else {
        return Ok(());
    };
    let chat = message.chat();
    let Some(kind) = chat_kind(chat) else {
        return Ok(());
    };
    let inbound = Inbound {
        chat: ChatRef {
            id: chat.id.0,
            kind,
            title: chat.title().map(str::to_owned),
            thread_id: None,
        },
        from: person(&query.from),
        event: Event::Button {
            query_id: query.id.0.clone(),
            message_id: Some(message.id().0),
            data: query.data.clone().unwrap_or_default(),
        },
        message_id: None,
        reply_to: None,
    };
    process(&channel, &update, inbound).await;
    Ok(())
}

pub(super) async fn on_membership(
    update: Update,
    change: ChatMemberUpdated,
    channel: Arc<Channel>,
) -> Result<(), Infallible> {
    let Some(kind) = chat_kind(&change.chat) else {
        return Ok(());
    };
    let status = if change.new_chat_member.is_present() {
        BotStatus::Member
    } else {
        BotStatus::Removed
    };
    let inbound = Inbound {
        chat: ChatRef {
            id: change.chat.id.0,
            kind,
            title: change.chat.title().map(str::to_owned),
            thread_id: None,
        },
        from: person(&change.from),
        event: Event::Membership(status),
        message_id: None,
        reply_to: None,
    };
    process(&channel, &update, inbound).await;
    Ok(())
}

async fn process(channel: &Channel, update: &Update, inbound: Inbound) {
    let store = channel.assistant.store();
    // Claimed before handling: a crash mid-way loses at most this update's reply, and never
    // answers it twice.
    match store
        .claim_update(i64::from(update.id.0), channel.assistant.now())
        .await
    {
        Ok(true) => {}
        Ok(false) => {
            tracing::debug!(
                update_id = update.id.0,
                "update already handled; skipping the redelivery"
            );
            return;
        }
        Err(error) => {
            tracing::error!(%error, update_id = update.id.0, "could not record the update; handling it anyway");
        }
    }
    let replies = channel.assistant.handle(inbound).await;
    super::outbound::deliver(channel, replies).await;
}

fn message_to_inbound(message: &TgMessage, bot_id: u64) -> Option<Inbound> {
    let from = message.from.as_ref()?;
    let kind = chat_kind(&message.chat)?;
    let replying_to_bot = message
        .reply_to_message()
        .and_then(|replied| replied.from.as_ref())
        .is_some_and(|author| author.id.0 == bot_id);
    let event = match message.text() {
        Some(text) => Event::Text {
            text: text.to_owned(),
            replying_to_bot,
        },
        None if kind == ChatKind::Group => {
            if let Some(joined) = message.new_chat_members() {
                Event::MembersJoined(joined.iter().filter(|u| !u.is_bot).map(person).collect())
            } else if let Some(to) = message.migrate_to_chat_id() {
                Event::GroupMigrated { to: to.0 }
            } else {
                // Other service messages (pins, title changes...) are not for the core.
                return None;
            }
        }
        None => Event::Unsupported,
    };
    // Only forum topics take a thread id; other replies would be refused with one.
    let thread_id = if message.is_topic_message {
        message.thread_id.map(|t| t.0.0)
    } else {
        None
    };
    Some(Inbound {
        chat: ChatRef {
            id: message.chat.id.0,
            kind,
            title: message.chat.title().map(str::to_owned),
            thread_id,
        },
        from: person(from),
        event,
        message_id: Some(message.id.0),
        // In a forum topic every message "replies" to the topic's first message; that is not a reply.
        reply_to: message
            .reply_to_message()
            .map(|replied| replied.id)
            .filter(|replied| message.thread_id.is_none_or(|topic| topic.0 != *replied))
            .map(|replied| replied.0),
    })
}

fn chat_kind(chat: &teloxide::types::Chat) -> Option<ChatKind> {
    if chat.is_private() {
        Some(ChatKind::Private)
    } else if chat.is_group() || chat.is_supergroup() {
        Some(ChatKind::Group)
    } else {
        None
    }
}

fn person(user: &User) -> Person {
    Person {
        id: i64::try_from(user.id.0).unwrap_or(i64::MAX),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        username: user.username.clone(),
        is_bot: user.is_bot,
    }
}
