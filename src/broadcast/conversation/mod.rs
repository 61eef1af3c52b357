//! /broadcast: a lead composes an announcement (typed after the command, sent as the next
//! message, or the message /broadcast replies to), sees a preview, picks the audience with
//! buttons (`audience`), and sends it now or later; the lead's progress and reports are
//! `reports`'. Sending itself is `broadcast::sender`'s job.

mod audience;
mod console;
mod reports;

pub use reports::BroadcastReports;

use serde::{Deserialize, Serialize};

use crate::broadcast::compose::{
    AnnouncementProblem, SendTimeProblem, TEXT_LIMIT, check_send_time, typed_announcement,
};
use crate::broadcast::press::OnBroadcast;
use crate::broadcast::press::{AudienceMenu, BroadcastPress};
use crate::broadcast::{BroadcastContent, BroadcastStatus};
use crate::chat::{ChatError, ChatRef, Event, Handled, Inbound, Reply, feature_slice, texts};
use crate::message::{Button, Message, escape};
use crate::sessions::time::parse_human;

/// The conversation name a broadcast being composed is saved under.
pub(crate) const FORM: &str = "broadcast";

/// Where a lead is in composing a broadcast.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum BroadcastForm {
    /// Waiting for the message to send.
    AwaitingMessage,
    /// Waiting for the time to send broadcast `id`.
    AwaitingTime { id: i64 },
}

feature_slice!(
    /// A lead's broadcast from /broadcast to sending: composing, the audience, send now or later.
    Broadcasts
);

impl Broadcasts<'_> {
    /// Starts the broadcast sender's next round now (a lead just confirmed one).
    pub fn wake_broadcasts(&self) {
        self.broadcast_wakeups.notify_one();
    }

    /// What the broadcast sender waits on between rounds.
    pub fn broadcast_wakeups(&self) -> std::sync::Arc<tokio::sync::Notify> {
        self.broadcast_wakeups.clone()
    }

    /// /broadcast [text]: leads only (checked by the caller).
    pub(crate) async fn broadcast_command(&self, inbound: &Inbound, args: &str) -> Handled {
        let lead = ChatRef::private(inbound.from.id);
        if let Some(message_id) = inbound.reply_to {
            let content = BroadcastContent::Copy {
                chat_id: inbound.chat.id,
                message_id,
            };
            return self.draft_broadcast(inbound, content).await;
        }
        if !args.is_empty() {
            return self.draft_typed_broadcast(inbound, args).await;
        }
        if !inbound.chat.is_private() {
            let text = "Send /broadcast to me privately, or reply /broadcast to the message you want to announce.";
            return Ok(vec![Reply::to(&inbound.chat, Message::html(text))]);
        }
        self.save_form(inbound, FORM, &BroadcastForm::AwaitingMessage)
            .await?;
        Ok(vec![Reply::to(&lead, Message::html(ANNOUNCEMENT_HINT))])
    }

    /// The lead's broadcast form, if one is open in this chat.
    pub(crate) async fn open_broadcast_form(
        &self,
        inbound: &Inbound,
    ) -> Result<Option<BroadcastForm>, ChatError> {
        self.open_private_form(inbound, FORM).await
    }

    /// A message while the form is open: the announcement itself, or the time to send it.
    pub(crate) async fn answer_broadcast_form(
        &self,
        inbound: &Inbound,
        form: BroadcastForm,
    ) -> Handled {
        match form {
            BroadcastForm::AwaitingMessage => match (inbound.message_id, &inbound.event) {
                (Some(message_id), _) => {
                    let content = BroadcastContent::Copy {
                        chat_id: inbound.chat.id,
                        message_id,
                    };
                    self.draft_broadcast(inbound, content).await
                }
                // A channel without message ids (the terminal) cannot have it copied: its text
                // is the announcement.
                (None, Event::Text { text, .. }) => self.draft_typed_broadcast(inbound, text).await,
                (None, _) => {
                    let text =
                        "I can only announce text from here. Type the announcement, or /cancel.";
                    Ok(vec![Reply::to(&inbound.chat, Message::html(text))])
                }
            },
            BroadcastForm::AwaitingTime { id } => {
                let Event::Text { text, .. } = &inbound.event else {
                    return Ok(vec![Reply::to(&inbound.chat, Message::html(WHEN_HINT))]);
                };
                self.schedule_later(inbound, id, text).await
            }
        }
    }

    /// An announcement typed as text: drafted if it fits in one message.
    async fn draft_typed_broadcast(&self, inbound: &Inbound, text: &str) -> Handled {
        match typed_announcement(text) {
            Ok(content) => self.draft_broadcast(inbound, content).await,
            Err(problem) => {
                let lead = ChatRef::private(inbound.from.id);
                let text = match problem {
                    AnnouncementProblem::TooLong(_) => format!(
                        "That is too long for one message ({TEXT_LIMIT} characters at most). Shorten it, or send it to me as a message after /broadcast."
                    ),
                    other => escape(&other.to_string()),
                };
                Ok(vec![Reply::to(&lead, Message::html(text))])
            }
        }
    }

    async fn draft_broadcast(&self, inbound: &Inbound, content: BroadcastContent) -> Handled {
        self.store
            .clear_conversation(inbound.chat.id, inbound.from.id)
            .await?;
        let id = self
            .store
            .create_broadcast(inbound.from.id, &content, self.now())
            .await?;
        let lead = inbound.from.id;
        let preview = Reply {
            chat_id: lead,
            thread_id: None,
            action: content.copy_action(),
        };
        Ok(vec![
            Reply::send(
                lead,
                None,
                Message::html("👀 <b>Preview</b>: this is exactly what people will get."),
            ),
            preview,
            Reply::send(
                lead,
                None,
                self.audience_menu(id, AudienceMenu::Main).await?,
            ),
        ])
    }

    /// A press on broadcast `id`'s buttons.
    pub(crate) async fn on_broadcast_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        id: i64,
        press: BroadcastPress,
    ) -> Handled {
        let chat = &inbound.chat;
        if !self.access(inbound.from.id).await?.lead {
            return Ok(Reply::notice(chat, query_id, texts::leads_only()));
        }
        let Some(message_id) = message_id else {
            return Ok(Reply::notice(
                chat,
                query_id,
                "This button no longer works.",
            ));
        };
        let Some(broadcast) = self.store.broadcast(id).await? else {
            return Ok(Reply::notice(
                chat,
                query_id,
                "That broadcast no longer exists.",
            ));
        };
        let edit = |message: Message| Ok(vec![Reply::edit(chat, message_id, message)]);
        let is_draft = broadcast.status == BroadcastStatus::Draft;
        match press {
            BroadcastPress::Menu(menu) if is_draft => edit(self.audience_menu(id, menu).await?),
            BroadcastPress::Audience(audience) if is_draft => {
                self.store
                    .set_broadcast_audience(id, &audience, false)
                    .await?;
                edit(self.broadcast_summary(id, &audience, false).await?)
            }
            BroadcastPress::Pin(pin) if is_draft => {
                let Some(audience) = broadcast.audience else {
                    return Ok(Vec::new());
                };
                self.store
                    .set_broadcast_audience(id, &audience, pin)
                    .await?;
                edit(self.broadcast_summary(id, &audience, pin).await?)
            }
            BroadcastPress::Now => {
                self.send_broadcast_now(inbound, query_id, message_id, id)
                    .await
            }
            BroadcastPress::Later if is_draft => {
                self.save_form(inbound, FORM, &BroadcastForm::AwaitingTime { id })
                    .await?;
                Ok(vec![Reply::to(chat, Message::html(WHEN_HINT))])
            }
            BroadcastPress::Cancel | BroadcastPress::Stop => {
                self.stop_broadcast(inbound, query_id, message_id, id).await
            }
            BroadcastPress::Again => {
                let notice = match self.resend_unconfirmed(inbound.from.id, id).await? {
                    Some(queued) => format!("Sending again to {queued}."),
                    None => "There is nothing to send again.".to_owned(),
                };
                Ok(Reply::notice(chat, query_id, &notice))
            }
            BroadcastPress::ProblemsFile => {
                BroadcastReports::new(self)
                    .broadcast_problems_file(inbound, id)
                    .await
            }
            BroadcastPress::Menu(_)
            | BroadcastPress::Audience(_)
            | BroadcastPress::Pin(_)
            | BroadcastPress::Later => Ok(Reply::notice(
                chat,
                query_id,
                already_confirmed(broadcast.status),
            )),
        }
    }

    async fn send_broadcast_now(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: i32,
        id: i64,
    ) -> Handled {
        let chat = &inbound.chat;
        let confirmed = self
            .confirm_broadcast(inbound.from.id, id, None, Some((chat.id, message_id)))
            .await?;
        if !confirmed {
            let Some(broadcast) = self.store.broadcast(id).await? else {
                return Ok(Vec::new());
            };
            return Ok(Reply::notice(
                chat,
                query_id,
                already_confirmed(broadcast.status),
            ));
        }
        // The sender edits this message from now on (progress, then the report); editing it here
        // too could land after the report.
        Ok(Reply::notice(chat, query_id, "Sending now."))
    }

    async fn schedule_later(&self, inbound: &Inbound, id: i64, text: &str) -> Handled {
        let chat = &inbound.chat;
        let now = self.now();
        let zone = self.settings.timezone;
        let Ok(at) = parse_human(text, now, zone) else {
            return Ok(vec![Reply::to(chat, Message::html(WHEN_HINT))]);
        };
        match check_send_time(at, now) {
            Ok(()) => {}
            Err(SendTimeProblem::Passed) => {
                let text = "That time has passed. When should it go? (for example: tomorrow 9am)";
                return Ok(vec![Reply::to(chat, Message::html(text))]);
            }
            Err(problem) => {
                return Ok(vec![Reply::to(chat, Message::html(problem.to_string()))]);
            }
        }
        self.store
            .clear_conversation(chat.id, inbound.from.id)
            .await?;
        if !self
            .confirm_broadcast(inbound.from.id, id, Some(at), None)
            .await?
        {
            let text = "That broadcast was already sent or cancelled.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let Some(broadcast) = self.store.broadcast(id).await? else {
            return Ok(Vec::new());
        };
        let label = BroadcastReports::new(self)
            .broadcast_audience_label(&broadcast)
            .await?;
        let text = format!(
            "🕘 <b>Broadcast #{id}</b> to {} will go on <b>{}</b>.\nThis message will show its progress and report.",
            escape(&label),
            crate::sessions::time::show_in_words(at, zone, now)
        );
        Ok(vec![Reply {
            chat_id: chat.id,
            thread_id: None,
            action: crate::chat::Action::SendTracked {
                message: Message::html(text).with_buttons(vec![vec![broadcast_button(
                    "✖ Cancel it",
                    id,
                    BroadcastPress::Stop,
                )]]),
                track: crate::chat::Tracked::BroadcastReport(id),
            },
        }])
    }

    async fn stop_broadcast(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: i32,
        id: i64,
    ) -> Handled {
        let chat = &inbound.chat;
        let Some(before) = self.cancel_broadcast(inbound.from.id, id).await? else {
            return Ok(Reply::notice(chat, query_id, "It has already finished."));
        };
        if before == BroadcastStatus::Sending {
            let mut replies = Reply::notice(chat, query_id, "Stopping. Nothing more will be sent.");
            replies.extend(BroadcastReports::new(self).broadcast_report(id).await?);
            return Ok(replies);
        }
        let text = format!("✖ Broadcast #{id} cancelled. Nothing was sent.");
        Ok(vec![Reply::edit(chat, message_id, Message::html(text))])
    }
}

/// What the form waits for, asked again after a detour.
pub(crate) fn broadcast_prompt(form: &BroadcastForm) -> Message {
    match form {
        BroadcastForm::AwaitingMessage => Message::html(ANNOUNCEMENT_HINT),
        BroadcastForm::AwaitingTime { .. } => Message::html(WHEN_HINT),
    }
}

const ANNOUNCEMENT_HINT: &str = "📣 Send me the announcement: text (bold, links and the rest are kept), a photo or a document. \
                                 You'll see a preview and choose who gets it before anything is sent.\n/cancel stops.";

const WHEN_HINT: &str = "🕘 When should it go? For example: <i>tomorrow 9am</i>, <i>Monday 08:30</i>, \
                         <i>12/3 14:00</i> (UK time). /cancel stops.";

/// A button on broadcast `id`'s messages.
pub(crate) fn broadcast_button(label: impl Into<String>, id: i64, press: BroadcastPress) -> Button {
    Button::press(label, OnBroadcast(id, press))
}

pub(crate) fn stop_button(id: i64) -> Vec<Vec<Button>> {
    vec![vec![broadcast_button(
        "⏹ Stop sending",
        id,
        BroadcastPress::Stop,
    )]]
}

fn already_confirmed(status: BroadcastStatus) -> &'static str {
    match status {
        BroadcastStatus::Draft => "Choose an audience first.",
        BroadcastStatus::Scheduled | BroadcastStatus::Sending => "It's already on its way.",
        BroadcastStatus::Done => "It has already been sent.",
        BroadcastStatus::Cancelled => "That broadcast was cancelled.",
    }
}
