//! Programme groups: an admin confirms a group with /setgroup, new members are welcomed once
//! (the previous welcome removed, so the chat does not fill up), and a group that becomes a
//! supergroup is followed to its new id.

use crate::chat::{Action, ChatError, Handled, Inbound, Person, Reply, Tracked, feature_slice};

use crate::message::{Button, Message, escape};

feature_slice!(
    /// Programme groups: /setgroup, welcomes, tracked posts and supergroup moves.
    Groups
);

impl Groups<'_> {
    /// /setgroup [TRUST], in the group itself. Admins only (checked by the caller).
    pub async fn set_group(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        if chat.is_private() {
            return Ok(vec![Reply::to(
                chat,
                Message::html("Please send /setgroup in the group itself."),
            )]);
        }
        let trust = match args.trim() {
            "" => None,
            name => match self
                .settings
                .trusts
                .iter()
                .find(|t| t.eq_ignore_ascii_case(name))
            {
                Some(trust) => Some(trust.clone()),
                None => {
                    let text = format!(
                        "I don't know the trust '{}'. Choose one of: {}.",
                        escape(name),
                        self.settings.trusts.join(", ")
                    );
                    return Ok(vec![Reply::to(chat, Message::html(text))]);
                }
            },
        };
        let now = self.now();
        self.store
            .set_programme_group(chat.id, chat.title.as_deref(), trust.as_deref(), now)
            .await?;
        self.store
            .set_announcement_topic(chat.id, chat.thread_id)
            .await?;
        let title = chat
            .title
            .clone()
            .unwrap_or_else(|| format!("group {}", chat.id));
        self.store
            .record_audit(
                inbound.from.id,
                "setgroup",
                &format!(
                    "{} ({title}) for {}",
                    chat.id,
                    trust.as_deref().unwrap_or("all trusts")
                ),
                now,
            )
            .await?;
        let text = match &trust {
            Some(trust) => format!(
                "✅ This is now a programme group for {}. I'll welcome new members here.",
                escape(trust)
            ),
            None => "✅ This is now a programme group. I'll welcome new members here.".to_owned(),
        };
        let text = match chat.thread_id {
            Some(_) => format!("{text} Session announcements will go to this topic."),
            None => text,
        };
        Ok(vec![Reply::to(chat, Message::html(text))])
    }

    /// Welcomes people who joined a programme group, once each, replacing the previous welcome.
    pub async fn welcome_members(&self, inbound: &Inbound, joined: &[Person]) -> Handled {
        let chat = &inbound.chat;
        let Some(group) = self
            .store
            .group(chat.id)
            .await?
            .filter(|g| g.programme_group)
        else {
            return Ok(Vec::new());
        };
        let mut names = Vec::new();
        for person in joined.iter().filter(|p| !p.is_bot) {
            if self.store.mark_welcomed(chat.id, person.id).await? {
                names.push(escape(&person.first_name));
            }
        }
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut replies = Vec::new();
        if self.settings.replace_welcome
            && let Some(previous) = group
                .welcome_message_id
                .and_then(|id| i32::try_from(id).ok())
        {
            replies.push(Reply {
                chat_id: chat.id,
                thread_id: chat.thread_id,
                action: Action::Delete {
                    message_id: previous,
                },
            });
        }
        let text = format!(
            "Welcome, {}! 👋 I'm the programme's assistant. Register with me (it takes a minute) so I can remind you \
             of sessions and introduce your buddy; then ask me anything about settling in.",
            names.join(", ")
        );
        let message = Message::html(text).with_buttons(vec![vec![Button::url(
            "📝 Register in a private chat",
            self.deep_link("register"),
        )]]);
        replies.push(Reply {
            chat_id: chat.id,
            thread_id: chat.thread_id,
            action: Action::SendTracked {
                message,
                track: Tracked::Welcome,
            },
        });
        Ok(replies)
    }

    /// The channel reports the id of a message the core asked it to track.
    pub async fn message_posted(
        &self,
        chat_id: i64,
        track: Tracked,
        message_id: i32,
    ) -> Result<(), ChatError> {
        match track {
            Tracked::Welcome => {
                self.store
                    .set_welcome_message(chat_id, i64::from(message_id))
                    .await?
            }
            Tracked::Announcement(session_id) => {
                self.store
                    .record_session_post(session_id, chat_id, i64::from(message_id))
                    .await?
            }
            Tracked::BroadcastReport(broadcast_id) => {
                self.store
                    .set_broadcast_report_message(broadcast_id, chat_id, message_id)
                    .await?
            }
        }
        Ok(())
    }

    /// A group became a supergroup (seen as a service message, or when a send was refused).
    pub async fn group_migrated(&self, from: i64, to: i64) -> Result<(), ChatError> {
        tracing::info!(from, to, "a group became a supergroup; following it");
        Ok(self.store.move_group(from, to).await?)
    }
}
