//! Attendance: fellows check in ("I'm here") from 30 minutes before a session, and leads mark
//! who came with /attendance (or in the console); feedback follows either way.

use chrono::Duration;

use super::Sessions;
use crate::chat::{ChatError, Event, Handled, Inbound, Reply, feature_slice};
use crate::message::{Button, Message, escape};
use crate::sessions::Session;
use crate::sessions::press::SessionPress;
use crate::sessions::time::show;

/// Check-in opens this long before the start.
const CHECK_IN_OPENS: Duration = Duration::minutes(30);

feature_slice!(
    /// Attendance: check-in and /attendance.
    Attendance
);

impl Attendance<'_> {
    /// "I'm here": from 30 minutes before the start until the end.
    pub(crate) async fn check_in(
        &self,
        inbound: &Inbound,
        query_id: &str,
        session: &Session,
    ) -> Handled {
        let chat = &inbound.chat;
        let now = self.now();
        let text = if now < session.details.starts_at - CHECK_IN_OPENS {
            "Check-in opens 30 minutes before the start.".to_owned()
        } else if now > session.details.ends_at {
            "This session has finished; a lead can still mark you as there.".to_owned()
        } else if self.store.fellow(inbound.from.id).await?.is_none() {
            "Please register first: open a private chat with me and send /start.".to_owned()
        } else if self
            .store
            .mark_attended(session.id, inbound.from.id, inbound.from.id, now)
            .await?
        {
            crate::feedback::conversation::FeedbackRounds::new(self)
                .attendance_recorded(session, inbound.from.id)
                .await?;
            "Checked in ✅ Thank you!".to_owned()
        } else {
            "You're already checked in ✅".to_owned()
        };
        Ok(Reply::notice(chat, query_id, text))
    }

    /// /attendance <id>: the people going, to mark who came. Leads only.
    pub(crate) async fn attendance(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let Some(session) = Sessions::new(self.ctx).find_session(args).await? else {
            return Ok(vec![Reply::to(
                chat,
                Message::html(
                    "Which session? Add its number, for example /attendance 12. /upcoming shows the numbers.",
                ),
            )]);
        };
        Ok(vec![Reply::to(
            chat,
            self.attendance_sheet(&session).await?,
        )])
    }

    async fn attendance_sheet(&self, session: &Session) -> Result<Message, ChatError> {
        let people = self.store.session_people(session.id).await?;
        let mut lines = vec![format!(
            "<b>Attendance: {}</b> ({})\nTap a name to mark them as there.",
            escape(&session.details.title),
            show(session.details.starts_at, self.settings.timezone)
        )];
        let mut buttons = Vec::new();
        let attended: Vec<i64> = self.store.attendees(session.id).await?;
        for (user_id, _) in people {
            let name = self.display_name(user_id).await?;
            let mark = if attended.contains(&user_id) {
                "✅"
            } else {
                "⬜"
            };
            let press = SessionPress::Mark {
                session: session.id,
                fellow: user_id,
            };
            buttons.push(vec![Button::press(format!("{mark} {name}"), press)]);
        }
        if buttons.is_empty() {
            lines.push("Nobody said they were going.".into());
        }
        Ok(Message::html(lines.join("\n")).with_buttons(buttons))
    }

    pub(crate) async fn mark_from_list(
        &self,
        inbound: &Inbound,
        query_id: &str,
        session_id: i64,
        user_id: i64,
    ) -> Handled {
        let chat = &inbound.chat;
        if !self.access(inbound.from.id).await?.lead {
            return Ok(Reply::notice(
                chat,
                query_id,
                crate::chat::texts::leads_only(),
            ));
        }
        let Some(session) = self
            .store
            .session(session_id, &self.settings.trusts)
            .await?
        else {
            return Ok(Reply::notice(
                chat,
                query_id,
                "That session no longer exists.",
            ));
        };
        self.mark_attended(&session, user_id, inbound.from.id)
            .await?;
        let mut replies = Reply::notice(chat, query_id, "Marked as there ✅");
        if let Event::Button {
            message_id: Some(message_id),
            ..
        } = &inbound.event
        {
            replies.push(Reply::edit(
                chat,
                *message_id,
                self.attendance_sheet(&session).await?,
            ));
        }
        Ok(replies)
    }

    /// Records that `user_id` came to `session`, as marked `by` a lead, and lets feedback
    /// follow as it does for a check-in; false if they were marked already.
    pub(crate) async fn mark_attended(
        &self,
        session: &Session,
        user_id: i64,
        by: i64,
    ) -> Result<bool, ChatError> {
        let marked = self
            .store
            .mark_attended(session.id, user_id, by, self.now())
            .await?;
        crate::feedback::conversation::FeedbackRounds::new(self)
            .attendance_recorded(session, user_id)
            .await?;
        Ok(marked)
    }
}
