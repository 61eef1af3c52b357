//! Attendance and cancellation: fellows check in ("I'm here") from 30 minutes before a session,
//! leads mark who came with /attendance, and /cancelsession tells everyone going.

use chrono::Duration;

use super::Sessions;
use crate::chat::{ChatError, ChatRef, Event, Handled, Inbound, Reply, feature_slice};
use crate::message::{Button, Message, escape};
use crate::sessions::Session;
use crate::sessions::press::SessionPress;
use crate::sessions::time::show;

/// Check-in opens this long before the start.
const CHECK_IN_OPENS: Duration = Duration::minutes(30);

feature_slice!(
    /// Attendance and cancellation: check-in, /attendance, /cancelsession.
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
        self.store
            .mark_attended(session_id, user_id, inbound.from.id, self.now())
            .await?;
        crate::feedback::conversation::FeedbackRounds::new(self)
            .attendance_recorded(&session, user_id)
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

    /// /cancelsession <id>: cancels it, tells everyone going or waiting, and marks the posts. Leads only.
    pub(crate) async fn cancel_session(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let Some(session) = Sessions::new(self.ctx).find_session(args).await? else {
            return Ok(vec![Reply::to(
                chat,
                Message::html(
                    "Which session? Add its number, for example /cancelsession 12. /upcoming shows the numbers.",
                ),
            )]);
        };
        let now = self.now();
        if !self.store.cancel_session(session.id, now).await? {
            return Ok(vec![Reply::to(
                chat,
                Message::html("That session was cancelled already."),
            )]);
        }
        self.store
            .record_audit(
                inbound.from.id,
                "cancel session",
                &format!("{} ({})", session.id, session.details.title),
                now,
            )
            .await?;
        let people = self.store.session_people(session.id).await?;
        let notice = format!(
            "❌ <b>{}</b> on {} is cancelled. Sorry! /upcoming shows what else is on.",
            escape(&session.details.title),
            show(session.details.starts_at, self.settings.timezone)
        );
        let mut replies: Vec<Reply> = people
            .iter()
            .map(|(user_id, _)| {
                Reply::to(&ChatRef::private(*user_id), Message::html(notice.clone()))
            })
            .collect();
        let cancelled = Session {
            cancelled: true,
            ..session
        };
        replies.extend(Sessions::new(self.ctx).refreshed_posts(&cancelled).await?);
        replies.insert(
            0,
            Reply::to(
                chat,
                Message::html(format!("Cancelled. I told {} people.", people.len())),
            ),
        );
        Ok(replies)
    }
}
