//! The core's replies out, as Bot API calls: one attempt at a time, ended as one of the four
//! outcomes (`failures` classifies). Blocked people are marked unreachable, a 429 pauses every
//! send, and a group that became a supergroup is followed to its new id. Retrying is the
//! caller's, under the core's one policy.

use teloxide::RequestError;
use teloxide::payloads::{
    AnswerCallbackQuerySetters, CopyMessageSetters, EditMessageReplyMarkupSetters,
    EditMessageTextSetters, PinChatMessageSetters, SendDocumentSetters, SendMessageSetters,
    SendPhotoSetters,
};
use teloxide::prelude::*;
use teloxide::types::{
    CallbackQueryId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, LinkPreviewOptions,
    LoginUrl, Message as SentMessage, MessageId, ParseMode, ThreadId,
};

use super::Channel;
use super::failures::{SendFailure, classify_failure};
use crate::chat::{Action, Refusal, Reply, SendOutcome};
use crate::message::{Button, ButtonAction, Message};

/// One attempt at one reply (the caller has waited its turn), and how it ended, counted for
/// `/metrics`.
pub(super) async fn attempt(channel: &Channel, reply: &Reply) -> SendOutcome {
    let outcome = attempt_following(channel, reply).await;
    channel.assistant.context().telemetry().send_ended(&outcome);
    outcome
}

/// As [`attempt`], uncounted. A group that became a supergroup is followed once; a chat that
/// refuses the bot is marked unreachable.
async fn attempt_following(channel: &Channel, reply: &Reply) -> SendOutcome {
    let mut reply = reply.clone();
    let mut followed = false;
    loop {
        let error = match execute(channel, &reply).await {
            Ok(message_id) => return SendOutcome::Delivered { message_id },
            Err(error) => error,
        };
        let outcome = match classify_failure(&error) {
            SendFailure::Migrated(new_id) if !followed => {
                if let Err(error) = crate::groups::Groups::new(channel.assistant.context())
                    .group_migrated(reply.chat_id, new_id)
                    .await
                {
                    tracing::error!(%error, "could not record a group's new id");
                }
                reply.chat_id = new_id;
                followed = true;
                continue;
            }
            SendFailure::Migrated(_) => {
                SendOutcome::Refused(Refusal::Rejected(super::failures::loggable(&error)))
            }
            SendFailure::Ended(outcome) => outcome,
        };
        match &outcome {
            SendOutcome::Failed {
                retry_after: Some(wait),
                ..
            } => channel.pacer.freeze(*wait).await,
            SendOutcome::Refused(Refusal::Unreachable) => {
                tracing::info!(
                    chat_id = reply.chat_id,
                    "chat unreachable (blocked, deleted or removed); marked"
                );
                mark_unreachable(channel, reply.chat_id).await;
            }
            _ => {}
        }
        return outcome;
    }
}

async fn mark_unreachable(channel: &Channel, chat_id: i64) {
    if let Err(error) = channel.assistant.chat_unreachable(chat_id).await {
        tracing::error!(%error, chat_id, "could not mark a chat unreachable");
    }
}

async fn send_text(
    channel: &Channel,
    reply: &Reply,
    message: &Message,
) -> Result<SentMessage, RequestError> {
    let mut request = channel
        .bot
        .send_message(ChatId(reply.chat_id), &message.html)
        .parse_mode(ParseMode::Html)
        .link_preview_options(no_preview());
    if let Some(thread) = reply.thread_id {
        request = request.message_thread_id(ThreadId(MessageId(thread)));
    }
    if !message.buttons.is_empty() {
        request = request.reply_markup(keyboard(&message.buttons));
    }
    request.await
}

/// Makes the Bot API call for one reply; the id of the message it sent, if it sent one.
async fn execute(channel: &Channel, reply: &Reply) -> Result<Option<i32>, RequestError> {
    let bot = &channel.bot;
    let chat = ChatId(reply.chat_id);
    let thread = reply.thread_id.map(|t| ThreadId(MessageId(t)));
    match &reply.action {
        Action::Send(message) => {
            return Ok(Some(send_text(channel, reply, message).await?.id.0));
        }
        Action::Copy {
            from_chat_id,
            message_id,
        } => {
            let mut request = bot.copy_message(chat, ChatId(*from_chat_id), MessageId(*message_id));
            if let Some(thread) = thread {
                request = request.message_thread_id(thread);
            }
            return Ok(Some(request.await?.0));
        }
        Action::Pin { message_id } => {
            bot.pin_chat_message(chat, MessageId(*message_id))
                .disable_notification(true)
                .await?;
        }
        Action::SendTracked { message, track } => {
            let sent = send_text(channel, reply, message).await?;
            if let Err(error) = crate::groups::Groups::new(channel.assistant.context())
                .message_posted(reply.chat_id, *track, sent.id.0)
                .await
            {
                tracing::warn!(%error, "could not remember a posted message");
            }
            return Ok(Some(sent.id.0));
        }
        Action::Edit {
            message_id,
            message,
        } => {
            bot.edit_message_text(chat, MessageId(*message_id), &message.html)
                .parse_mode(ParseMode::Html)
                .link_preview_options(no_preview())
                .reply_markup(keyboard(&message.buttons))
                .await?;
        }
        Action::EditButtons {
            message_id,
            buttons,
        } => {
            bot.edit_message_reply_markup(chat, MessageId(*message_id))
                .reply_markup(keyboard(buttons))
                .await?;
        }
        Action::Delete { message_id } => {
            bot.delete_message(chat, MessageId(*message_id)).await?;
        }
        Action::SendDocument { .. } | Action::SendPhoto { .. } => {
            send_file(bot, chat, thread, &reply.action).await?;
        }
        Action::AnswerButton { query_id, notice } => {
            let mut request = bot.answer_callback_query(CallbackQueryId(query_id.clone()));
            if let Some(text) = notice {
                request = request.text(text);
            }
            request.await?;
        }
    }
    Ok(None)
}

/// A document or a photo, in the chat's thread if it has one.
async fn send_file(
    bot: &super::TelegramBot,
    chat: ChatId,
    thread: Option<ThreadId>,
    action: &Action,
) -> Result<(), RequestError> {
    match action {
        Action::SendDocument {
            file_name,
            content,
            caption,
        } => {
            let file = InputFile::memory(content.clone()).file_name(file_name.clone());
            let mut request = bot.send_document(chat, file).caption(caption);
            if let Some(thread) = thread {
                request = request.message_thread_id(thread);
            }
            request.await?;
        }
        Action::SendPhoto {
            file_name,
            content,
            caption,
        } => {
            let file = InputFile::memory(content.clone()).file_name(file_name.clone());
            let mut request = bot.send_photo(chat, file).caption(caption);
            if let Some(thread) = thread {
                request = request.message_thread_id(thread);
            }
            request.await?;
        }
        _ => {}
    }
    Ok(())
}

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

fn keyboard(rows: &[Vec<Button>]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(
        rows.iter()
            .map(|row| row.iter().filter_map(button).collect::<Vec<_>>()),
    )
}

fn button(button: &Button) -> Option<InlineKeyboardButton> {
    match &button.action {
        ButtonAction::Callback(data) => Some(InlineKeyboardButton::callback(
            button.label.clone(),
            data.clone(),
        )),
        ButtonAction::Url(url) => url
            .parse()
            .ok()
            .map(|url| InlineKeyboardButton::url(button.label.clone(), url)),
        ButtonAction::Login(url) => url.parse().ok().map(|url| {
            let login = LoginUrl {
                url,
                forward_text: None,
                bot_username: None,
                request_write_access: None,
            };
            InlineKeyboardButton::login(button.label.clone(), login)
        }),
    }
}
