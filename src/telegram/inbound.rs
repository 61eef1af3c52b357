//! Telegram updates read as the core's `Inbound`: a message, a button press, or a change to
//! the bot's membership. Updates of other kinds (and service messages the core has no use
//! for) read as nothing.

use teloxide::types::{
    CallbackQuery, ChatMemberUpdated, Message as TgMessage, Update, UpdateKind, User,
};

use super::Channel;
use crate::chat::{BotStatus, ChatKind, ChatRef, Event, Inbound, Person};

/// What the core should hear about `update`, if anything. A small CSV sent privately is
/// downloaded here (the only files the core reads).
pub(super) async fn read_update(channel: &Channel, update: &Update) -> Option<Inbound> {
    match &update.kind {
        UpdateKind::Message(message) => read_message(channel, message).await,
        UpdateKind::CallbackQuery(query) => read_button(query),
        UpdateKind::MyChatMember(change) => read_membership(change),
        _ => None,
    }
}

/// The chat an update belongs to, for handling its updates in order (the person's own id
/// where there is no chat); 0 when it has neither.
pub(super) fn chat_of(update: &Update) -> i64 {
    update
        .chat()
        .map(|chat| chat.id.0)
        .or_else(|| update.from().and_then(|user| i64::try_from(user.id.0).ok()))
        .unwrap_or(0)
}

async fn read_message(channel: &Channel, message: &TgMessage) -> Option<Inbound> {
    let mut inbound = message_to_inbound(message, channel.me.id.0)?;
    if let (Some(document), true) = (message.document(), inbound.chat.is_private()) {
        let name = document.file_name.clone().unwrap_or_default();
        let content = read_session_file(channel, document, &name).await;
        inbound.event = Event::File { name, content };
    }
    Some(inbound)
}

/// Downloads a small CSV sent privately (the only files the core reads); None otherwise.
async fn read_session_file(
    channel: &Channel,
    document: &teloxide::types::Document,
    name: &str,
) -> Option<Vec<u8>> {
    use teloxide::net::Download;
    use teloxide::prelude::Requester;
    let small = (document.file.size as usize) <= crate::sessions::conversation::SESSION_FILE_LIMIT;
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
        Ok(()) if content.len() <= crate::sessions::conversation::SESSION_FILE_LIMIT => {
            Some(content)
        }
        Ok(()) => None,
        Err(error) => {
            tracing::warn!(%error, "could not download a file sent to the bot");
            None
        }
    }
}

fn read_button(query: &CallbackQuery) -> Option<Inbound> {
    let message = query.message.as_ref()?;
    let chat = message.chat();
    let kind = chat_kind(chat)?;
    Some(Inbound {
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
    })
}

fn read_membership(change: &ChatMemberUpdated) -> Option<Inbound> {
    let kind = chat_kind(&change.chat)?;
    let status = if change.new_chat_member.is_present() {
        BotStatus::Member
    } else {
        BotStatus::Removed
    };
    Some(Inbound {
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
    })
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
