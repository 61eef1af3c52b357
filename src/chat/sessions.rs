//! The calendar in conversation: /upcoming and /mysessions for fellows, /announce for leads,
//! Going / Can't go buttons with live counts, a waiting list that moves up, and reminders
//! (due-row jobs) before each session.

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::{
    Action, Assistant, Button, ChatError, ChatRef, Handled, Inbound, Message, Reply, Tracked,
    escape,
};
use crate::fellows::Fellow;
use crate::sessions::calendar::calendar_file;
use crate::sessions::time::show;
use crate::sessions::{Audience, Session};
use crate::store::{RsvpCounts, RsvpStatus};

/// The job kind of a reminder before a session.
pub(super) const SESSION_REMINDER: &str = "session_reminder";
/// The job kind of a reminder in a group where a session for everyone (or a trust) was announced.
pub(super) const GROUP_REMINDER: &str = "group_reminder";

#[derive(Serialize, Deserialize)]
struct GroupReminderJob {
    session_id: i64,
    chat_id: i64,
    thread_id: Option<i32>,
    sequence: i64,
}
/// A reminder sent this long after it was due says it is late.
const LATE_AFTER: Duration = Duration::minutes(10);

#[derive(Serialize, Deserialize)]
struct ReminderJob {
    session_id: i64,
    user_id: i64,
    /// The session's sequence when scheduled: a moved session has new reminders.
    #[serde(default)]
    sequence: i64,
}

impl Assistant {
    /// /upcoming: the next sessions for me, with RSVP buttons.
    pub(super) async fn upcoming(&self, inbound: &Inbound) -> Handled {
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
    pub(super) async fn my_sessions(&self, inbound: &Inbound) -> Handled {
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
    pub(super) async fn announce(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let Some(session) = self.find_session(args).await? else {
            let text = "Which session? Use /announce <number>; /upcoming shows the numbers.";
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
            self.schedule_group_reminders(&session, chat.id, chat.thread_id)
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
                &format!("session {} in {} group(s)", session.id, groups.len()),
                self.now(),
            )
            .await?;
        for (group, topic) in &groups {
            let topic = topic.and_then(|t| i32::try_from(t).ok());
            self.schedule_group_reminders(&session, *group, topic)
                .await?;
        }
        let mut replies: Vec<Reply> = groups
            .iter()
            .map(|(group, topic)| post(*group, topic.and_then(|t| i32::try_from(t).ok())))
            .collect();
        replies.push(Reply::to(
            chat,
            Message::html(format!("📣 Announced in {} group(s).", groups.len())),
        ));
        Ok(replies)
    }

    pub(super) async fn find_session(&self, args: &str) -> Result<Option<Session>, ChatError> {
        let id = args.trim().trim_start_matches('#');
        match id.parse::<i64>() {
            Ok(id) => Ok(self
                .store
                .session(id, &self.settings.trusts)
                .await?
                .filter(|s| !s.cancelled)),
            Err(_) => Ok(None),
        }
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
        Message::html(lines.join("\n")).with_buttons(vec![
            vec![
                Button::callback("✅ Going", format!("ses:g:{}", session.id)),
                Button::callback("✖ Can't go", format!("ses:n:{}", session.id)),
            ],
            vec![
                Button::callback("🙋 I'm here", format!("ses:h:{}", session.id)),
                Button::callback("📅 Add to calendar", format!("ses:c:{}", session.id)),
            ],
        ])
    }

    /// Buttons `ses:g:<id>` (going) and `ses:n:<id>` (can't go).
    pub(super) async fn on_session_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        rest: &str,
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = |text: String| Ok(vec![Reply::answer_button(chat, query_id, Some(text))]);
        let Some((choice, id)) = rest.split_once(':') else {
            return notice("This button no longer works.".into());
        };
        if choice == "m" {
            return self.mark_from_list(inbound, query_id, id).await;
        }
        let Some(session) = self.find_session(id).await? else {
            return notice("This session was cancelled or no longer exists.".into());
        };
        if choice == "h" {
            return self.check_in(inbound, query_id, &session).await;
        }
        if choice == "c" {
            return self.calendar_for_one(inbound, query_id, session).await;
        }
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
            .rsvp(session.id, fellow.user_id, choice == "g", self.now())
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
        let mut replies = vec![Reply::answer_button(chat, query_id, Some(text))];
        if !change.changed {
            return Ok(replies);
        }
        if change.status == RsvpStatus::Going {
            self.schedule_reminders(&session, fellow.user_id).await?;
        }
        if let Some(promoted) = change.promoted {
            self.schedule_reminders(&session, promoted).await?;
            let text = format!(
                "🎉 A place came up: you're now going to <b>{}</b> on {}. /mysessions lists your sessions.",
                escape(&session.details.title),
                show(session.details.starts_at, self.settings.timezone)
            );
            replies.push(Reply::to(&ChatRef::private(promoted), Message::html(text)));
        }
        replies.extend(self.refreshed_posts(&session).await?);
        Ok(replies)
    }

    /// Edits every announcement of the session to show the current counts.
    pub(super) async fn refreshed_posts(&self, session: &Session) -> Result<Vec<Reply>, ChatError> {
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

    /// One reminder job per configured offset that is still ahead; each is scheduled once.
    pub(super) async fn schedule_reminders(
        &self,
        session: &Session,
        user_id: i64,
    ) -> Result<(), ChatError> {
        let now = self.now();
        let payload = serde_json::to_string(&ReminderJob {
            session_id: session.id,
            user_id,
            sequence: session.sequence,
        })
        .map_err(|e| ChatError::Unexpected(e.to_string()))?;
        for offset in &self.settings.reminder_offsets {
            let due = offset.before(session.details.starts_at, self.settings.timezone);
            if due <= now {
                continue;
            }
            let key = format!(
                "{SESSION_REMINDER}:{}:{user_id}:{}:{}",
                session.id,
                offset.label(),
                session.sequence
            );
            self.store
                .schedule_job(SESSION_REMINDER, &key, &payload, due)
                .await?;
        }
        Ok(())
    }

    /// A reminder that fell due: sent if the person is still going and the session has not
    /// started; late ones say so; ones for a session already under way are dropped.
    pub(super) async fn session_reminder_job(
        &self,
        job: &crate::store::Job,
    ) -> Result<Vec<Reply>, ChatError> {
        let reminder: ReminderJob = serde_json::from_str(&job.payload)
            .map_err(|e| ChatError::Unexpected(format!("reminder payload: {e}")))?;
        let Some(session) = self
            .store
            .session(reminder.session_id, &self.settings.trusts)
            .await?
            .filter(|s| !s.cancelled)
        else {
            return Ok(Vec::new());
        };
        if session.sequence != reminder.sequence {
            return Ok(Vec::new());
        }
        if self.store.rsvp_status(session.id, reminder.user_id).await? != Some(RsvpStatus::Going) {
            return Ok(Vec::new());
        }
        let now = self.now();
        if now >= session.details.starts_at {
            tracing::warn!(
                session = session.id,
                "a reminder came due while the bot was down and the session has started; dropped"
            );
            return Ok(Vec::new());
        }
        let late = if now - job.due_at > LATE_AFTER {
            "Sorry this is late: I was offline for a while.\n"
        } else {
            ""
        };
        let text = format!(
            "{late}⏰ <b>{}</b> starts {} ({}).\n📍 {}\n\nCan't go any more? Tap below so someone else can have your place.",
            escape(&session.details.title),
            show(session.details.starts_at, self.settings.timezone),
            in_words(session.details.starts_at - now),
            escape(&session.details.location)
        );
        let buttons = vec![vec![Button::callback(
            "✖ I can't go now",
            format!("ses:n:{}", session.id),
        )]];
        Ok(vec![Reply::to(
            &ChatRef::private(reminder.user_id),
            Message::html(text).with_buttons(buttons),
        )])
    }
}

fn is_for(audience: &Audience, fellow: Option<&Fellow>) -> bool {
    match fellow {
        Some(fellow) => audience.includes(fellow),
        None => *audience == Audience::Everyone,
    }
}

fn audience_label(audience: &Audience) -> String {
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

/// "in 1 day", "in 3 hours", "in 20 minutes".
fn in_words(left: Duration) -> String {
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("in 1 {unit}")
        } else {
            format!("in {n} {unit}s")
        }
    };
    if left >= Duration::hours(20) {
        plural((left.num_hours() + 12) / 24, "day")
    } else if left >= Duration::minutes(55) {
        plural((left.num_minutes() + 30) / 60, "hour")
    } else {
        plural(left.num_minutes().max(1), "minute")
    }
}

impl Assistant {
    /// /calendar: one .ics file with every session I'm going to (cancelled ones marked).
    pub(super) async fn calendar(&self, inbound: &Inbound) -> Handled {
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
    async fn calendar_for_one(
        &self,
        inbound: &Inbound,
        query_id: &str,
        session: Session,
    ) -> Handled {
        let chat = &inbound.chat;
        if self.store.chat_status(inbound.from.id).await? != Some(crate::store::BotStatus::Member) {
            let text = "Open a private chat with me first (send /start), then tap again.";
            return Ok(vec![Reply::answer_button(
                chat,
                query_id,
                Some(text.into()),
            )]);
        }
        let file = calendar_file(
            std::slice::from_ref(&session),
            &self.catalogue(),
            self.now(),
        );
        let name = format!("session-{}.ics", session.id);
        Ok(vec![
            Reply::answer_button(
                chat,
                query_id,
                Some("I've sent you the calendar file privately 📅".into()),
            ),
            Reply::document(
                &ChatRef::private(inbound.from.id),
                &name,
                file.into_bytes(),
                &session.details.title,
            ),
        ])
    }
}

impl Assistant {
    /// Reminders in a group for a session the whole group (or a trust) is invited to.
    async fn schedule_group_reminders(
        &self,
        session: &Session,
        chat_id: i64,
        thread_id: Option<i32>,
    ) -> Result<(), ChatError> {
        if !session.details.audience.is_group_wide() {
            return Ok(());
        }
        let now = self.now();
        let job = GroupReminderJob {
            session_id: session.id,
            chat_id,
            thread_id,
            sequence: session.sequence,
        };
        let payload =
            serde_json::to_string(&job).map_err(|e| ChatError::Unexpected(e.to_string()))?;
        for offset in &self.settings.reminder_offsets {
            let due = offset.before(session.details.starts_at, self.settings.timezone);
            if due > now {
                let key = format!(
                    "{GROUP_REMINDER}:{}:{chat_id}:{}:{}",
                    session.id,
                    offset.label(),
                    session.sequence
                );
                self.store
                    .schedule_job(GROUP_REMINDER, &key, &payload, due)
                    .await?;
            }
        }
        Ok(())
    }

    /// A group reminder that fell due (same rules as private ones: late only before the start).
    pub(super) async fn group_reminder_job(
        &self,
        job: &crate::store::Job,
    ) -> Result<Vec<Reply>, ChatError> {
        let reminder: GroupReminderJob = serde_json::from_str(&job.payload)
            .map_err(|e| ChatError::Unexpected(format!("group reminder payload: {e}")))?;
        let Some(session) = self
            .store
            .session(reminder.session_id, &self.settings.trusts)
            .await?
            .filter(|s| !s.cancelled)
        else {
            return Ok(Vec::new());
        };
        let now = self.now();
        if session.sequence != reminder.sequence || now >= session.details.starts_at {
            return Ok(Vec::new());
        }
        let counts = self.store.rsvp_counts(session.id).await?;
        let text = format!(
            "⏰ <b>{}</b> starts {} ({}) at {}. {} going so far. Coming? Tap Going on the announcement.",
            escape(&session.details.title),
            show(session.details.starts_at, self.settings.timezone),
            in_words(session.details.starts_at - now),
            escape(&session.details.location),
            counts.going
        );
        Ok(vec![Reply::send(
            reminder.chat_id,
            reminder.thread_id,
            Message::html(text),
        )])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_reads_naturally() {
        assert_eq!(in_words(Duration::days(7)), "in 7 days");
        assert_eq!(in_words(Duration::hours(24)), "in 1 day");
        assert_eq!(in_words(Duration::hours(3)), "in 3 hours");
        assert_eq!(in_words(Duration::hours(1)), "in 1 hour");
        assert_eq!(in_words(Duration::minutes(1)), "in 1 minute");
    }
}
