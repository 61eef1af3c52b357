//! The calendar in conversation: /upcoming, /mysessions and /calendar for fellows, /announce for
//! leads, Going / Can't go buttons with live counts and a waiting list that moves up. Reminders
//! are in `reminders`; attendance and changes in `attendance`; calendar files in `calendar`.

use super::{Attendance, Calendar, Reminders, SessionMoves};
use crate::chat::{Action, ChatError, ChatRef, Handled, Inbound, Reply, Tracked, feature_slice};
use crate::fellows::Fellow;
use crate::message::{Button, Message, escape};
use crate::sessions::press::SessionPress;
use crate::sessions::rsvp::RsvpStatus;
use crate::sessions::time::show;
use crate::sessions::{Audience, Session};
use crate::store::RsvpCounts;

feature_slice!(
    /// Sessions in conversation: /upcoming, /mysessions, /announce, the RSVP buttons and the posts they refresh.
    Sessions
);

impl Sessions<'_> {
    /// /upcoming: the next sessions for me, with RSVP buttons.
    pub(crate) async fn upcoming(&self, inbound: &Inbound) -> Handled {
        let fellow = self.store.fellow(inbound.from.id).await?;
        let sessions: Vec<Session> = self
            .store
            .upcoming_sessions(self.now(), 100, &self.settings.trusts)
            .await?
            .into_iter()
            .filter(|s| is_for(&s.details.audience, fellow.as_ref()))
            .take(5)
            .collect();
        if sessions.is_empty() {
            let text =
                "No sessions are coming up for you yet. I'll announce new ones in the group.";
            return Ok(vec![Reply::to(&inbound.chat, Message::html(text))]);
        }
        let mut replies = Vec::new();
        for session in sessions {
            let counts = self.store.rsvp_counts(session.id).await?;
            let mut message = self.announcement(&session, counts);
            if let Some(status) = self.store.rsvp_status(session.id, inbound.from.id).await? {
                message
                    .html
                    .push_str(&format!("\nYou: {}", status_label(status)));
            }
            replies.push(Reply::to(&inbound.chat, message));
        }
        Ok(replies)
    }

    /// /mysessions: the sessions I am going to or waiting for.
    pub(crate) async fn my_sessions(&self, inbound: &Inbound) -> Handled {
        let mine = self
            .store
            .sessions_of(inbound.from.id, self.now(), &self.settings.trusts)
            .await?;
        let zone = self.settings.timezone;
        let text = if mine.is_empty() {
            "You haven't said you're going to any session. /upcoming shows what's on.".to_owned()
        } else {
            let lines: Vec<String> = mine
                .iter()
                .map(|(s, status)| {
                    format!(
                        "• <b>{}</b>: {} at {} ({})",
                        escape(&s.details.title),
                        show(s.details.starts_at, zone),
                        escape(&s.details.location),
                        status_label(*status)
                    )
                })
                .collect();
            format!("<b>Your sessions</b>\n{}", lines.join("\n"))
        };
        Ok(vec![Reply::to(&inbound.chat, Message::html(text))])
    }

    /// /announce <session id>: posts the session with RSVP buttons, in this group, or from a
    /// private chat in every programme group it is for. Leads only.
    pub(crate) async fn announce(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let Some(session) = self.find_session(args).await? else {
            let text = "Which session? Add its number, for example /announce 12. /upcoming shows the numbers.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        };
        let counts = self.store.rsvp_counts(session.id).await?;
        let message = self.announcement(&session, counts);
        let post = |chat_id: i64, thread_id| Reply {
            chat_id,
            thread_id,
            action: Action::SendTracked {
                message: message.clone(),
                track: Tracked::Announcement(session.id),
            },
        };
        if !chat.is_private() {
            Reminders::new(self.ctx)
                .schedule_group_reminders(&session, chat.id, chat.thread_id)
                .await?;
            return Ok(vec![post(chat.id, chat.thread_id)]);
        }
        let trust = match &session.details.audience {
            Audience::Trust(trust) => Some(trust.as_str()),
            _ => None,
        };
        let groups = self.store.programme_groups_for(trust).await?;
        if groups.is_empty() {
            let text = "There is no programme group to announce in yet: an admin sends /setgroup in the group.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        self.store
            .record_audit(
                inbound.from.id,
                "announce",
                &format!(
                    "session {} in {}",
                    session.id,
                    crate::chat::texts::count(groups.len(), "group", "groups")
                ),
                self.now(),
            )
            .await?;
        for (group, topic) in &groups {
            let topic = topic.and_then(|t| i32::try_from(t).ok());
            Reminders::new(self.ctx)
                .schedule_group_reminders(&session, *group, topic)
                .await?;
        }
        let mut replies: Vec<Reply> = groups
            .iter()
            .map(|(group, topic)| post(*group, topic.and_then(|t| i32::try_from(t).ok())))
            .collect();
        replies.push(Reply::to(
            chat,
            Message::html(format!(
                "📣 Announced in {}.",
                crate::chat::texts::count(groups.len(), "group", "groups")
            )),
        ));
        Ok(replies)
    }

    pub(crate) async fn find_session(&self, args: &str) -> Result<Option<Session>, ChatError> {
        match args.trim().trim_start_matches('#').parse::<i64>() {
            Ok(id) => self.live_session(id).await,
            Err(_) => Ok(None),
        }
    }

    /// The session with this id, unless it was cancelled.
    pub(crate) async fn live_session(&self, id: i64) -> Result<Option<Session>, ChatError> {
        Ok(self
            .store
            .session(id, &self.settings.trusts)
            .await?
            .filter(|s| !s.cancelled))
    }

    /// A session as posted: what, when, where, who for, and the live counts, with RSVP buttons.
    fn announcement(&self, session: &Session, counts: RsvpCounts) -> Message {
        let zone = self.settings.timezone;
        let details = &session.details;
        let kind = self
            .catalogue()
            .get(&details.session_type)
            .map_or(details.session_type.clone(), |t| t.name.clone());
        let mut lines = vec![
            format!("📅 <b>{}</b> (#{})", escape(&details.title), session.id),
            escape(&kind),
            format!(
                "🕘 {} to {}",
                show(details.starts_at, zone),
                details.ends_at.with_timezone(&zone).format("%H:%M")
            ),
            format!("📍 {}", escape(&details.location)),
            format!("👥 {}", audience_label(&details.audience)),
        ];
        if !details.facilitators.is_empty() {
            lines.push(format!("🎓 {}", escape(&details.facilitators)));
        }
        let places = details
            .capacity
            .map(|c| format!(" of {c} places"))
            .unwrap_or_default();
        let waiting = if counts.waiting > 0 {
            format!(" · ⏳ {} waiting", counts.waiting)
        } else {
            String::new()
        };
        lines.push(format!("\n✅ {} going{places}{waiting}", counts.going));
        if session.cancelled {
            lines.insert(0, "❌ <b>CANCELLED</b>".into());
            return Message::html(lines.join("\n"));
        }
        let choose = |label: &str, press| Button::press(label, press);
        Message::html(lines.join("\n")).with_buttons(vec![
            vec![
                choose("✅ Going", SessionPress::Going(session.id)),
                choose("✖ Can't go", SessionPress::CantGo(session.id)),
            ],
            vec![
                choose("🙋 I'm here", SessionPress::Here(session.id)),
                choose("📅 Add to calendar", SessionPress::Calendar(session.id)),
            ],
        ])
    }

    /// A press on a session's buttons: going, can't go, I'm here, calendar, or a lead's mark.
    pub(crate) async fn on_session_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        press: SessionPress,
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = |text: String| Ok(Reply::notice(chat, query_id, text));
        let id = match press {
            SessionPress::Mark { session, fellow } => {
                return Attendance::new(self.ctx)
                    .mark_from_list(inbound, query_id, session, fellow)
                    .await;
            }
            SessionPress::Move {
                session,
                sequence,
                minute,
            } => {
                return SessionMoves::new(self.ctx)
                    .confirm_move(inbound, query_id, message_id, (session, sequence, minute))
                    .await;
            }
            SessionPress::KeepTime(_) => {
                return SessionMoves::new(self.ctx)
                    .keep_time(inbound, query_id, message_id)
                    .await;
            }
            SessionPress::Going(id)
            | SessionPress::CantGo(id)
            | SessionPress::Here(id)
            | SessionPress::Calendar(id) => id,
        };
        let Some(session) = self.live_session(id).await? else {
            return notice("This session was cancelled or no longer exists.".into());
        };
        match press {
            SessionPress::Here(_) => {
                Attendance::new(self.ctx)
                    .check_in(inbound, query_id, &session)
                    .await
            }
            SessionPress::Calendar(_) => {
                Calendar::new(self.ctx)
                    .calendar_for_one(inbound, query_id, session)
                    .await
            }
            // Going or can't go (a mark was handled above).
            other => {
                let going = matches!(other, SessionPress::Going(_));
                self.rsvp(inbound, query_id, &session, going).await
            }
        }
    }

    /// "Going" or "Can't go": the answer, the reminders, and the counts on every announcement.
    async fn rsvp(
        &self,
        inbound: &Inbound,
        query_id: &str,
        session: &Session,
        going: bool,
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = |text: String| Ok(Reply::notice(chat, query_id, text));
        if self.now() >= session.details.starts_at {
            return notice("This session has already started.".into());
        }
        let Some(fellow) = self.store.fellow(inbound.from.id).await? else {
            return notice(
                "Please register first: open a private chat with me and send /start.".into(),
            );
        };
        if !session.details.audience.includes(&fellow) {
            return notice(format!(
                "This session is for {}.",
                audience_label(&session.details.audience)
            ));
        }
        let change = self
            .store
            .rsvp(session.id, fellow.user_id, going, self.now())
            .await?;
        let text = match change.status {
            RsvpStatus::Going => format!(
                "You're going ✅ I'll remind you before it starts ({}).",
                self.offsets_label()
            ),
            RsvpStatus::Waiting => {
                "It's full, so you're on the waiting list ⏳ I'll tell you if a place comes up."
                    .to_owned()
            }
            RsvpStatus::NotGoing => "Noted: you can't go.".to_owned(),
        };
        let mut replies = Reply::notice(chat, query_id, text);
        if !change.changed {
            return Ok(replies);
        }
        if change.status == RsvpStatus::Going {
            Reminders::new(self.ctx)
                .schedule_reminders(session, fellow.user_id)
                .await?;
        }
        if let Some(promoted) = change.promoted {
            Reminders::new(self.ctx)
                .schedule_reminders(session, promoted)
                .await?;
            let text = format!(
                "🎉 A place came up: you're now going to <b>{}</b> on {}. /mysessions lists your sessions.",
                escape(&session.details.title),
                show(session.details.starts_at, self.settings.timezone)
            );
            replies.push(Reply::to(&ChatRef::private(promoted), Message::html(text)));
        }
        replies.extend(self.refreshed_posts(session).await?);
        Ok(replies)
    }

    /// Edits every announcement of the session to show the current counts.
    pub(crate) async fn refreshed_posts(&self, session: &Session) -> Result<Vec<Reply>, ChatError> {
        let counts = self.store.rsvp_counts(session.id).await?;
        let message = self.announcement(session, counts);
        Ok(self
            .store
            .session_posts(session.id)
            .await?
            .into_iter()
            .filter_map(|(chat_id, message_id)| {
                let message_id = i32::try_from(message_id).ok()?;
                Some(Reply {
                    chat_id,
                    thread_id: None,
                    action: Action::Edit {
                        message_id,
                        message: message.clone(),
                    },
                })
            })
            .collect())
    }

    fn offsets_label(&self) -> String {
        let labels: Vec<String> = self
            .settings
            .reminder_offsets
            .iter()
            .rev()
            .map(|o| o.label())
            .collect();
        format!("{} before", labels.join(", "))
    }
}

fn is_for(audience: &Audience, fellow: Option<&Fellow>) -> bool {
    match fellow {
        Some(fellow) => audience.includes(fellow),
        None => *audience == Audience::Everyone,
    }
}

pub(crate) fn audience_label(audience: &Audience) -> String {
    match audience {
        Audience::Everyone => "all fellows".into(),
        Audience::Trust(trust) => format!("fellows at {}", escape(trust)),
        Audience::StartedBetween(from, to) => {
            format!(
                "fellows who started {} to {}",
                from.format("%-d %b %Y"),
                to.format("%-d %b %Y")
            )
        }
        Audience::Fellows(_) => "invited fellows".into(),
    }
}

fn status_label(status: RsvpStatus) -> &'static str {
    match status {
        RsvpStatus::Going => "going ✅",
        RsvpStatus::Waiting => "on the waiting list ⏳",
        RsvpStatus::NotGoing => "not going",
    }
}
