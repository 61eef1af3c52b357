//! The assistant: the bot's brain, shared by every channel. It takes what a person did
//! ([`Inbound`]) and routes it over the features, each a small slice over the one shared
//! [`Context`]: events and button presses here, typed text and commands in `routing`, a form's
//! detours in `detours`, due jobs in `jobs`. It stands above every feature and knows each one;
//! the features know only the chat kit below them.

mod commands;
mod detours;
mod fit;
mod help;
mod jobs;
mod press;
mod routing;

use std::sync::Arc;

pub use commands::{Answers, CommandSpec, KnownCommand, Listed, command_menus};
pub use jobs::Jobs;
pub use press::{Expired, Press};

use crate::broadcast::conversation::{BroadcastReports, Broadcasts};
use crate::buddies::conversation::Buddies;
use crate::chat::{
    Access, Action, BotStatus, ChatKind, Context, Event, Handled, Inbound, Reply, texts,
};
use crate::clock::Clock;
use crate::config::Settings;
use crate::faq::Faq;
use crate::faq::conversation::Knowledge;
use crate::faq::unanswered::Unanswered;
use crate::feedback::conversation::{Feedback, FeedbackReports};
use crate::fellows::conversation::{MyData, Registration, Roles};
use crate::figures::Figures;
use crate::groups::Groups;
use crate::journey::Journeys;
use crate::journey::nights::RotaNights;
use crate::message::Message;
use crate::safety::conversation::HelpFirst;
use crate::sessions::Catalogue;
use crate::sessions::conversation::{
    Attendance, Calendar, Eq, NewSession, SessionCancels, SessionMoves, Sessions,
};
use crate::signin::SignIn;
use crate::store::Store;

/// The bot's brain, shared by every channel: routing over the features, each a small struct
/// over the one shared [`Context`] (which `Assistant` derefs to).
#[derive(Clone)]
pub struct Assistant {
    ctx: Context,
}

impl std::ops::Deref for Assistant {
    type Target = Context;

    fn deref(&self) -> &Context {
        &self.ctx
    }
}

impl Assistant {
    /// `bot_username` is the bot's @name (without @), used to read `/cmd@name` and build links.
    pub fn new(
        store: Store,
        faq: Faq,
        clock: Arc<dyn Clock>,
        settings: Arc<Settings>,
        bot_username: &str,
    ) -> Self {
        Self {
            ctx: Context::new(store, faq, clock, settings, bot_username),
        }
    }

    /// The session types the calendar knows.
    pub fn with_catalogue(self, catalogue: Catalogue) -> Self {
        self.replace_catalogue(catalogue);
        self
    }

    /// The shared context the features work with.
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Handles one event. Never fails: a problem becomes an apology and a log line.
    pub async fn handle(&self, inbound: Inbound) -> Vec<Reply> {
        if inbound.from.is_bot {
            return Vec::new();
        }
        let inbound = inbound.with_plain_names();
        match self.route(&inbound).await {
            Ok(replies) => replies,
            Err(error) => {
                tracing::error!(error = %error, chat_id = inbound.chat.id, "could not handle an update");
                let mut replies = Vec::new();
                if let Event::Button { query_id, .. } = &inbound.event {
                    replies.push(Reply::answer_button(
                        &inbound.chat,
                        query_id,
                        Some(texts::something_went_wrong().into()),
                    ));
                } else if inbound.chat.is_private() {
                    replies.push(Reply::to(
                        &inbound.chat,
                        Message::html(texts::something_went_wrong()),
                    ));
                }
                replies
            }
        }
    }

    async fn route(&self, inbound: &Inbound) -> Handled {
        if let Event::Membership(status) = &inbound.event {
            return self.record_membership(inbound, *status).await;
        }
        if inbound.chat.is_private() {
            // Someone writing to us privately has started the bot: we may message them.
            self.remember_private_sender(&inbound.from).await?;
        }
        match &inbound.event {
            Event::Text {
                text,
                replying_to_bot,
            } => self.on_text(inbound, text, *replying_to_bot).await,
            Event::Button {
                query_id,
                message_id,
                data,
            } => self.on_button(inbound, query_id, *message_id, data).await,
            Event::Unsupported | Event::File { .. }
                if let Some(form) = Broadcasts::new(self).open_broadcast_form(inbound).await? =>
            {
                Broadcasts::new(self)
                    .answer_broadcast_form(inbound, form)
                    .await
            }
            Event::Unsupported
                if let Some(conversation) = Feedback::new(self)
                    .open_feedback_conversation(inbound)
                    .await? =>
            {
                Feedback::new(self)
                    .answer_feedback(inbound, conversation, None)
                    .await
            }
            Event::Unsupported if inbound.chat.is_private() => {
                match Registration::new(self).open_draft(inbound).await? {
                    Some(draft) => {
                        Registration::new(self)
                            .answer_form(inbound, draft, crate::fellows::Answer::NotText)
                            .await
                    }
                    None => Ok(vec![Reply::to(
                        &inbound.chat,
                        Message::html(texts::unsupported_message()),
                    )]),
                }
            }
            Event::MembersJoined(people) => {
                Groups::new(self).welcome_members(inbound, people).await
            }
            Event::File { name, content } if inbound.chat.is_private() => {
                NewSession::new(self)
                    .receive_file(inbound, name, content.as_deref())
                    .await
            }
            Event::File { .. } => Ok(Vec::new()),
            Event::GroupMigrated { to } => {
                Groups::new(self)
                    .group_migrated(inbound.chat.id, *to)
                    .await?;
                Ok(Vec::new())
            }
            Event::Unsupported | Event::Membership(_) => Ok(Vec::new()),
        }
    }

    async fn record_membership(&self, inbound: &Inbound, status: BotStatus) -> Handled {
        let chat = &inbound.chat;
        self.chat_changed(chat.id);
        self.store
            .record_chat_status(
                chat.id,
                chat.kind,
                chat.title.as_deref(),
                status,
                self.now(),
            )
            .await?;
        tracing::info!(chat_id = chat.id, kind = ?chat.kind, ?status, "the bot's membership changed");
        if chat.kind == ChatKind::Group && status == BotStatus::Member {
            let hello = "Hello everyone! 👋 I'm the fellowship assistant. Ask me about settling in with \
                         /ask <i>your question</i>, browse with /faq, or message me privately.";
            return Ok(vec![Reply::to(chat, Message::html(hello))]);
        }
        Ok(Vec::new())
    }

    /// Runs a command its sender may use, in the chat it should answer in.
    async fn run_command(
        &self,
        inbound: &Inbound,
        known: KnownCommand,
        args: &str,
        access: Access,
    ) -> Handled {
        use KnownCommand as C;
        let chat = &inbound.chat;
        let reply = |html: String| Ok(vec![Reply::to(chat, Message::html(html))]);
        match known {
            C::Start => self.start(inbound, args).await,
            C::Help => {
                // One message while it fits; a knowledge base that grows splits it by section.
                let text = help::help(&self.faq.current(), access, !chat.is_private());
                let blocks: Vec<String> = text.split("\n\n").map(str::to_owned).collect();
                let parts =
                    crate::faq::render::pack_blocks(&blocks, crate::faq::render::MESSAGE_LIMIT);
                Ok(parts
                    .into_iter()
                    .map(|part| Reply::to(chat, Message::html(part)))
                    .collect())
            }
            C::Privacy => reply(texts::privacy().to_owned()),
            C::Faq | C::Menu => Ok(vec![Reply::to(chat, crate::faq::main_menu())]),
            C::Ask if args.is_empty() => {
                reply("Ask me like this: /ask how do I book annual leave?".to_owned())
            }
            C::Ask => Knowledge::new(self).answer_question(inbound, args).await,
            C::Cancel => Registration::new(self).cancel(inbound).await,
            C::Continue => self.continue_form(inbound).await,
            C::Profile => Registration::new(self).profile(inbound).await,
            C::MyData => MyData::new(self).my_data(inbound).await,
            C::Journey => Journeys::new(self).journey_command(inbound, args).await,
            C::Nights => RotaNights::new(self).nights_command(inbound, args).await,
            C::ForgetMe => MyData::new(self).forget_me(inbound).await,
            C::Grant => Roles::new(self).change_role(inbound, args, true).await,
            C::Revoke => Roles::new(self).change_role(inbound, args, false).await,
            C::Roles => Roles::new(self).list_roles(inbound).await,
            C::Audit => Roles::new(self).audit(inbound).await,
            C::Stats => Figures::new(self).stats(inbound, args).await,
            C::Unreachable => Figures::new(self).unreachable(inbound).await,
            C::Reload => Knowledge::new(self).reload_command(inbound).await,
            C::Buddy => Buddies::new(self).buddy_command(inbound, args).await,
            C::Upcoming => Sessions::new(self).upcoming(inbound).await,
            C::MySessions => Sessions::new(self).my_sessions(inbound).await,
            C::Calendar => Calendar::new(self).calendar(inbound).await,
            C::NewSession => NewSession::new(self).new_session(inbound).await,
            C::Announce => Sessions::new(self).announce(inbound, args).await,
            C::Attendance => Attendance::new(self).attendance(inbound, args).await,
            C::CancelSession => {
                SessionCancels::new(self)
                    .cancel_session(inbound, args)
                    .await
            }
            C::MoveSession => SessionMoves::new(self).move_session(inbound, args).await,
            C::SetGroup => Groups::new(self).set_group(inbound, args).await,
            C::BuddyReport => Buddies::new(self).buddy_report(inbound).await,
            C::MyBuddy => Buddies::new(self).my_buddy(inbound).await,
            C::Unanswered => Unanswered::new(self).unanswered_command(inbound).await,
            C::Broadcast => Broadcasts::new(self).broadcast_command(inbound, args).await,
            C::Feedback => Feedback::new(self).feedback_command(inbound).await,
            C::Report => {
                FeedbackReports::new(self)
                    .report_command(inbound, args)
                    .await
            }
            C::Cycle => {
                FeedbackReports::new(self)
                    .cycle_command(inbound, args)
                    .await
            }
            C::Leaving => {
                FeedbackReports::new(self)
                    .leaving_command(inbound, args)
                    .await
            }
            C::Web => SignIn::new(self).web_command(inbound).await,
            C::Broadcasts => {
                BroadcastReports::new(self)
                    .broadcasts_command(inbound, args)
                    .await
            }
        }
    }

    /// A button press: its data is decoded once; stale or forged data changes nothing.
    async fn on_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        data: &str,
    ) -> Handled {
        let mut replies = match Press::decode(data) {
            Ok(press) => self.on_press(inbound, query_id, message_id, press).await?,
            Err(expired) => Reply::notice(&inbound.chat, query_id, expired.notice()),
        };
        // Every press must be answered, or the button keeps spinning.
        if !replies
            .iter()
            .any(|r| matches!(r.action, Action::AnswerButton { .. }))
        {
            replies.push(Reply::answer_button(&inbound.chat, query_id, None));
        }
        Ok(replies)
    }

    /// Hands a press to the feature whose button it is.
    async fn on_press(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        press: Press,
    ) -> Handled {
        let (q, m) = (query_id, message_id);
        match press {
            Press::Faq(press) => {
                Knowledge::new(self)
                    .on_faq_button(inbound, q, m, press)
                    .await
            }
            Press::Registration(press) => {
                Registration::new(self)
                    .on_form_button(inbound, q, press)
                    .await
            }
            Press::Form(press) => self.on_pending_button(inbound, q, m, press).await,
            Press::Buddy(press) => {
                Buddies::new(self)
                    .on_buddy_button(inbound, q, m, press)
                    .await
            }
            Press::Session(press) => {
                Sessions::new(self)
                    .on_session_button(inbound, q, m, press)
                    .await
            }
            Press::EqNoneFit(months) => Eq::new(self).on_eq_button(inbound, q, months).await,
            Press::NewSession(press) => {
                NewSession::new(self)
                    .on_session_form_button(inbound, q, press)
                    .await
            }
            Press::Feedback(press) => {
                Feedback::new(self)
                    .on_feedback_button(inbound, q, m, press)
                    .await
            }
            Press::Broadcast(id, press) => {
                Broadcasts::new(self)
                    .on_broadcast_button(inbound, q, m, id, press)
                    .await
            }
            Press::ContactMe => HelpFirst::new(self).on_contact_me_button(inbound, q).await,
            Press::Forget(yes) => MyData::new(self).on_forget_button(inbound, q, m, yes).await,
            Press::Journey(press) => {
                Journeys::new(self)
                    .on_journey_button(inbound, q, m, press)
                    .await
            }
        }
    }
}
