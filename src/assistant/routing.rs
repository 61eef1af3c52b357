//! Typed text, routed: help first, then a command (if its sender may use it, answered where it
//! should be: a lead's command in a group goes to their private chat) or a question; and /start.
//! Events and button presses are routed in `mod.rs`.

use super::{Answers, Assistant, KnownCommand, Press};
use crate::chat::{
    ChatKind, ChatRef, Command, Handled, Inbound, Parsed, Permission, Reply, parse_command, texts,
};
use crate::faq::conversation::Knowledge;
use crate::faq::press::FaqPress;
use crate::fellows::conversation::Registration;
use crate::message::{Button, Message, escape};
use crate::safety::conversation::HelpFirst;

impl Assistant {
    pub(super) async fn on_text(
        &self,
        inbound: &Inbound,
        text: &str,
        replying_to_bot: bool,
    ) -> Handled {
        let parsed = parse_command(text, &self.bot_username);
        // Help before anything else, in every state and every chat, whoever it was said to.
        if matches!(parsed, Parsed::NotACommand) {
            let triage = crate::faq::answers::triage_question(&self.faq.current(), text);
            if triage.needs_help_now() {
                return HelpFirst::new(self).help_first(inbound, triage).await;
            }
        }
        match parsed {
            Parsed::Command(command) => self.command_in_form(inbound, &command).await,
            Parsed::ForAnotherBot => Ok(Vec::new()),
            Parsed::NotACommand if inbound.chat.is_private() => {
                match self.text_in_form(inbound, text).await? {
                    Some(replies) => Ok(replies),
                    None => Knowledge::new(self).answer_question(inbound, text).await,
                }
            }
            Parsed::NotACommand if replying_to_bot => {
                Knowledge::new(self).answer_question(inbound, text).await
            }
            // A bot that is a group admin sees every message; "@bot question" is for it.
            Parsed::NotACommand => match self.strip_mention(text) {
                Some(question) if !question.is_empty() => {
                    Knowledge::new(self)
                        .answer_question(inbound, &question)
                        .await
                }
                _ => Ok(Vec::new()),
            },
        }
    }

    /// The text without "@botname", if it mentions the bot.
    fn strip_mention(&self, text: &str) -> Option<String> {
        let mention = format!("@{}", self.bot_username.to_lowercase());
        let at = text.to_lowercase().find(&mention)?;
        // Lower-casing can change byte lengths; only strip when the positions still line up.
        let end = at + mention.len();
        let (before, after) = (text.get(..at)?, text.get(end..)?);
        Some(
            format!("{before} {after}")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    pub(super) async fn on_command(&self, inbound: &Inbound, command: &Command<'_>) -> Handled {
        let Some(known) = KnownCommand::named(&command.name) else {
            return self.article_command(inbound, &command.name).await;
        };
        let access = self.access(inbound.from.id).await?;
        if !access.allows(known.who()) {
            return Ok(self.refuse(inbound, known.who()));
        }
        if !inbound.chat.is_private() {
            match known.answers() {
                Answers::Privately => return self.answer_privately(inbound, command).await,
                Answers::OnlyInPrivate => return Ok(self.ask_privately(inbound, known)),
                Answers::InPlace => {}
            }
        }
        self.run_command(inbound, known, command.args, access).await
    }

    /// A topic's own command (/leave, /parking), or a kind word for one nobody knows.
    async fn article_command(&self, inbound: &Inbound, name: &str) -> Handled {
        match self.faq.current().by_command(name) {
            Some(article) => {
                Knowledge::new(self)
                    .deliver_article(inbound, &article.id.clone(), None)
                    .await
            }
            None if inbound.chat.is_private() => Ok(vec![Reply::to(
                &inbound.chat,
                Message::html(texts::unknown_command()),
            )]),
            None => Ok(Vec::new()),
        }
    }

    pub(super) async fn start(&self, inbound: &Inbound, payload: &str) -> Handled {
        if let Some(topic) = payload.strip_prefix("faq-")
            && self.faq.current().article(topic).is_some()
        {
            return Knowledge::new(self)
                .deliver_article(inbound, topic, None)
                .await;
        }
        if !inbound.chat.is_private() {
            let welcome =
                Message::html(texts::welcome(&inbound.from.first_name)).with_buttons(vec![vec![
                    Button::url("📝 Register in a private chat", self.deep_link("register")),
                ]]);
            return Ok(vec![Reply::to(&inbound.chat, welcome)]);
        }
        if let Some(fellow) = self.store.fellow(inbound.from.id).await? {
            let text = format!(
                "Welcome back, {}! Ask me anything, or tap /faq to browse. /profile shows your details.",
                escape(&fellow.name)
            );
            let buttons = vec![vec![Button::press(
                "📚 Browse topics",
                Press::Faq(FaqPress::Menu),
            )]];
            return Ok(vec![Reply::to(
                &inbound.chat,
                Message::html(text).with_buttons(buttons),
            )]);
        }
        Registration::new(self).start_registration(inbound).await
    }

    /// A lead's command sent in a group, answered in their private chat; the group is only told
    /// so (or, if they have never started the bot, how to).
    pub(super) async fn answer_privately(
        &self,
        inbound: &Inbound,
        command: &Command<'_>,
    ) -> Handled {
        let group = &inbound.chat;
        if !self.reachable(inbound.from.id).await? {
            let text = "🔒 That answer is for you only, and I can't message you yet: open a private chat with me, tap <b>Start</b>, then send the command there.";
            let open = Button::url(
                "Open a private chat",
                format!("https://t.me/{}", self.bot_username),
            );
            return Ok(vec![Reply::to(
                group,
                Message::html(text).with_buttons(vec![vec![open]]),
            )]);
        }
        let private = Inbound::new(
            ChatRef::private(inbound.from.id),
            inbound.from.clone(),
            inbound.event.clone(),
        );
        let mut replies = Box::pin(self.on_command(&private, command)).await?;
        replies.push(Reply::to(
            group,
            Message::html("🔒 I've sent it to you privately."),
        ));
        Ok(replies)
    }

    /// A command whose answer is a secret, sent in a group: the lead is asked to send it in
    /// their private chat, where the answer goes to them alone.
    fn ask_privately(&self, inbound: &Inbound, known: KnownCommand) -> Vec<Reply> {
        let text = format!(
            "🔒 Please send /{} to me in a private chat: its answer is for you alone.",
            known.name()
        );
        let open = Button::url(
            "Open a private chat",
            format!("https://t.me/{}", self.bot_username),
        );
        vec![Reply::to(
            &inbound.chat,
            Message::html(text).with_buttons(vec![vec![open]]),
        )]
    }

    /// The refusal for someone without the permission a command needs.
    pub(super) fn refuse(&self, inbound: &Inbound, permission: Permission) -> Vec<Reply> {
        let text = match permission {
            Permission::Admin => "Sorry, only programme admins can use that command.",
            _ => texts::leads_only(),
        };
        // In groups, refusals stay quiet rather than fill the chat.
        if inbound.chat.kind == ChatKind::Group {
            return Vec::new();
        }
        vec![Reply::to(&inbound.chat, Message::html(text))]
    }
}
