//! Reminders before sessions: one due-row job per person going and per offset
//! (`REMINDER_OFFSETS`), and in the groups where a session for everyone or a trust was
//! announced. A reminder that came due while the bot was down goes out late (saying so) only
//! if the session has not started; one for a moved session follows the new time.

use anyhow::Context as _;
use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::Sessions;
use crate::chat::JobWork;
use crate::chat::{ChatError, ChatRef, Reply, feature_slice};
use crate::message::{Button, Message, escape};
use crate::sessions::Session;
use crate::sessions::press::SessionPress;
use crate::sessions::rsvp::RsvpStatus;
use crate::sessions::time::show;

/// The job kind of a reminder before a session.
pub(crate) const SESSION_REMINDER: &str = "session_reminder";
/// The job kind of a reminder in a group where a session for everyone (or a trust) was announced.
pub(crate) const GROUP_REMINDER: &str = "group_reminder";

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

feature_slice!(
    /// Session reminders, to each fellow going and to the groups a session was announced in.
    Reminders
);

impl Reminders<'_> {
    /// One reminder job per configured offset that is still ahead; each is scheduled once.
    pub(crate) async fn schedule_reminders(
        &self,
        session: &Session,
        user_id: i64,
    ) -> Result<(), ChatError> {
        let payload = serde_json::to_string(&ReminderJob {
            session_id: session.id,
            user_id,
            sequence: session.sequence,
        })
        .map_err(anyhow::Error::from)?;
        self.schedule_at_offsets(SESSION_REMINDER, &format!("{user_id}"), session, &payload)
            .await?;
        crate::feedback::conversation::FeedbackRounds::new(self)
            .schedule_feedback(session)
            .await
    }

    /// One job of `kind` per configured offset still ahead of the session, keyed by the session,
    /// `who` it is for, the offset and the session's sequence (so each is scheduled once).
    async fn schedule_at_offsets(
        &self,
        kind: &str,
        who: &str,
        session: &Session,
        payload: &str,
    ) -> Result<(), ChatError> {
        let now = self.now();
        for offset in &self.settings.reminder_offsets {
            let due = offset.before(session.details.starts_at, self.settings.timezone);
            if due > now {
                let key = format!(
                    "{kind}:{}:{who}:{}:{}",
                    session.id,
                    offset.label(),
                    session.sequence
                );
                self.schedule_job(kind, &key, payload, due).await?;
            }
        }
        Ok(())
    }

    /// A reminder that fell due: sent if the person is still going and the session has not
    /// started (and only until it starts); late ones say so; ones for a session already under
    /// way are dropped.
    pub(crate) async fn session_reminder_job(
        &self,
        job: &crate::store::Job,
    ) -> Result<JobWork, ChatError> {
        let reminder: ReminderJob =
            serde_json::from_str(&job.payload).context("reminder payload")?;
        let Some(session) = Sessions::new(self.ctx)
            .live_session(reminder.session_id)
            .await?
        else {
            return Ok(JobWork::default());
        };
        if session.sequence != reminder.sequence {
            return Ok(JobWork::default());
        }
        if self.store.rsvp_status(session.id, reminder.user_id).await? != Some(RsvpStatus::Going) {
            return Ok(JobWork::default());
        }
        let now = self.now();
        if now >= session.details.starts_at {
            tracing::warn!(
                session = session.id,
                "a reminder came due while the bot was down and the session has started; dropped"
            );
            return Ok(JobWork::default());
        }
        let late = if now - job.due_at > LATE_AFTER {
            "Sorry this is late: I was offline for a while.\n"
        } else {
            ""
        };
        // Only a session with a limit has a place to give up.
        let cant_go = if session.details.capacity.is_some() {
            "Can't go any more? Tap below so someone else can have your place."
        } else {
            "Can't go any more? Tap below to let us know."
        };
        let text = format!(
            "{late}⏰ <b>{}</b> starts {} ({}).\n📍 {}\n\n{cant_go}",
            escape(&session.details.title),
            show(session.details.starts_at, self.settings.timezone),
            in_words(session.details.starts_at - now),
            escape(&session.details.location)
        );
        let buttons = vec![vec![Button::press(
            "✖ I can't go now",
            SessionPress::CantGo(session.id),
        )]];
        Ok(JobWork {
            replies: vec![Reply::to(
                &ChatRef::private(reminder.user_id),
                Message::html(text).with_buttons(buttons),
            )],
            useful_until: Some(session.details.starts_at),
        })
    }
}

impl Reminders<'_> {
    /// Reminders in a group for a session the whole group (or a trust) is invited to.
    pub(crate) async fn schedule_group_reminders(
        &self,
        session: &Session,
        chat_id: i64,
        thread_id: Option<i32>,
    ) -> Result<(), ChatError> {
        if !session.details.audience.is_group_wide() {
            return Ok(());
        }
        let job = GroupReminderJob {
            session_id: session.id,
            chat_id,
            thread_id,
            sequence: session.sequence,
        };
        let payload = serde_json::to_string(&job).map_err(anyhow::Error::from)?;
        self.schedule_at_offsets(GROUP_REMINDER, &format!("{chat_id}"), session, &payload)
            .await
    }

    /// A group reminder that fell due (same rules as private ones: late only before the start).
    pub(crate) async fn group_reminder_job(
        &self,
        job: &crate::store::Job,
    ) -> Result<JobWork, ChatError> {
        let reminder: GroupReminderJob =
            serde_json::from_str(&job.payload).context("group reminder payload")?;
        let Some(session) = Sessions::new(self.ctx)
            .live_session(reminder.session_id)
            .await?
        else {
            return Ok(JobWork::default());
        };
        let now = self.now();
        if session.sequence != reminder.sequence || now >= session.details.starts_at {
            return Ok(JobWork::default());
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
        Ok(JobWork {
            replies: vec![Reply::send(
                reminder.chat_id,
                reminder.thread_id,
                Message::html(text),
            )],
            useful_until: Some(session.details.starts_at),
        })
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
