//! Sessions in a fellow's own calendar: /calendar's file of every session they are going to,
//! and the "Add to calendar" button's file for one. The files themselves are built in
//! `sessions::calendar`.

use crate::chat::{ChatRef, Handled, Inbound, Reply, feature_slice};

use crate::message::Message;
use crate::sessions::Session;
use crate::sessions::calendar::calendar_file;

feature_slice!(
    /// Calendar files: /calendar for every session a fellow is going to, or one session's.
    Calendar
);

impl Calendar<'_> {
    /// /calendar: one .ics file with every session I'm going to (cancelled ones marked).
    pub(crate) async fn calendar(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        if !chat.is_private() {
            return Ok(vec![Reply::to(
                chat,
                Message::html("Please use /calendar in a private chat with me."),
            )]);
        }
        let sessions = self
            .store
            .calendar_sessions_of(inbound.from.id, self.now(), &self.settings.trusts)
            .await?;
        if sessions.is_empty() {
            let text = "You aren't going to any session yet. /upcoming shows what's on.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let file = calendar_file(&sessions, &self.catalogue(), self.now());
        Ok(vec![Reply::document(
            chat,
            "fellowship-sessions.ics",
            file.into_bytes(),
            "Open this to add your sessions to your calendar",
        )])
    }

    /// The "Add to calendar" button: the session's .ics, sent privately.
    pub(crate) async fn calendar_for_one(
        &self,
        inbound: &Inbound,
        query_id: &str,
        session: Session,
    ) -> Handled {
        let chat = &inbound.chat;
        if self.store.chat_status(inbound.from.id).await? != Some(crate::store::BotStatus::Member) {
            let text = "Open a private chat with me first (send /start), then tap again.";
            return Ok(Reply::notice(chat, query_id, text));
        }
        let file = calendar_file(
            std::slice::from_ref(&session),
            &self.catalogue(),
            self.now(),
        );
        let name = format!("session-{}.ics", session.id);
        let sent = if chat.is_private() {
            "Here's the calendar file 📅"
        } else {
            "I've sent you the calendar file privately 📅"
        };
        Ok(vec![
            Reply::answer_button(chat, query_id, Some(sent.into())),
            Reply::document(
                &ChatRef::private(inbound.from.id),
                &name,
                file.into_bytes(),
                &session.details.title,
            ),
        ])
    }
}
