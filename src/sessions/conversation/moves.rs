//! Moving a session, the rule the chat and the console both follow: the new start read as the
//! chat reads it, what a move would do (the notice and who gets it), the move itself under the
//! change counter, and the notice job that a later move supersedes. `moving` is the chat's side.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Reminders, SessionMoves, Sessions};
use crate::chat::{ChatError, ChatRef, JobWork, Reply};
use crate::message::{Message, escape};
use crate::sessions::Session;
use crate::sessions::rsvp::RsvpStatus;
use crate::sessions::time::{parse_human, show, show_in_words};

/// The job kind of the notice that a session moved.
pub(crate) const SESSION_MOVED: &str = "session_moved";
/// How many names the preview lists before "and N more".
pub(crate) const NAMES_SHOWN: usize = 30;

/// What a move would do, for the lead to look at before confirming.
pub(crate) struct MovePlan {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The notice (Telegram HTML) each person going or waiting gets.
    pub notice: String,
    /// How many people get it.
    pub people: usize,
    /// The first of their names (up to 30), in the order they answered.
    pub names: Vec<String>,
}

/// Why a session is not moved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum MoveRefusal {
    #[error("{0}")]
    BadTime(String),
    #[error("That time has passed. When should it be?")]
    Passed,
    #[error("It's already at that time, so nothing changes.")]
    Unchanged,
    #[error("This session has changed since that preview.")]
    Stale,
    #[error("Done already: it has moved ✅")]
    AlreadyDone,
    #[error("That session was cancelled or no longer exists.")]
    Gone,
}

#[derive(Serialize, Deserialize)]
struct MovedJob {
    session_id: i64,
    /// The session's sequence after the move: a later move makes this notice stale.
    sequence: i64,
    /// The start the people going last heard of.
    told_from: DateTime<Utc>,
    /// Where they last heard it is (None in notices queued before edits existed).
    #[serde(default)]
    told_location: Option<String>,
}

impl SessionMoves<'_> {
    /// The new start a lead typed, read as the chat reads it: in the future, and a change.
    pub(crate) fn new_start(
        &self,
        session: &Session,
        when: &str,
    ) -> Result<DateTime<Utc>, MoveRefusal> {
        match parse_human(when, self.now(), self.settings.timezone) {
            Ok(at) if at <= self.now() => Err(MoveRefusal::Passed),
            Ok(at) if at == session.details.starts_at => Err(MoveRefusal::Unchanged),
            Ok(at) => Ok(at),
            Err(problem) => Err(MoveRefusal::BadTime(problem.to_string())),
        }
    }

    /// What moving `session` to `starts_at` would do: the notice and who it goes to.
    pub(crate) async fn plan_move(
        &self,
        session: &Session,
        starts_at: DateTime<Utc>,
    ) -> Result<MovePlan, ChatError> {
        let people = self.store.session_people(session.id).await?;
        let mut names = Vec::new();
        for (user_id, _) in people.iter().take(NAMES_SHOWN) {
            names.push(self.display_name(*user_id).await?);
        }
        let zone = self.settings.timezone;
        Ok(MovePlan {
            starts_at,
            ends_at: starts_at + (session.details.ends_at - session.details.starts_at),
            notice: moved_notice(
                session,
                session.details.starts_at,
                starts_at,
                zone,
                self.now(),
            ),
            people: people.len(),
            names,
        })
    }

    /// Moves the session `by` a lead confirmed, if it is still as previewed (at `sequence`):
    /// the audit line, reminders at the new time and the notice job follow. The moved session,
    /// or why not (`AlreadyDone` when this very move was made already).
    pub(crate) async fn carry_out_move(
        &self,
        by: i64,
        session_id: i64,
        sequence: i64,
        starts_at: DateTime<Utc>,
    ) -> Result<Result<Session, MoveRefusal>, ChatError> {
        let Some(session) = Sessions::new(self).live_session(session_id).await? else {
            return Ok(Err(MoveRefusal::Gone));
        };
        if session.sequence != sequence {
            return Ok(Err(if session.details.starts_at == starts_at {
                MoveRefusal::AlreadyDone
            } else {
                MoveRefusal::Stale
            }));
        }
        if starts_at <= self.now() {
            return Ok(Err(MoveRefusal::Passed));
        }
        let told_from = session.details.starts_at;
        let ends_at = starts_at + (session.details.ends_at - told_from);
        if !self
            .store
            .move_session(session.id, starts_at, ends_at, sequence)
            .await?
        {
            return Ok(Err(MoveRefusal::Stale));
        }
        let Some(moved) = Sessions::new(self).live_session(session.id).await? else {
            return Ok(Err(MoveRefusal::Stale));
        };
        self.after_move(by, &moved, &session).await?;
        Ok(Ok(moved))
    }

    /// The audit line, reminders at the new time, and the notice as a job.
    async fn after_move(
        &self,
        by: i64,
        moved: &Session,
        before: &Session,
    ) -> Result<(), ChatError> {
        let zone = self.settings.timezone;
        self.store
            .record_audit(
                by,
                "move session",
                &format!("{} to {}", moved.id, show(moved.details.starts_at, zone)),
                self.now(),
            )
            .await?;
        self.after_change(moved, before).await
    }

    /// Reminders for the session as it is now, and the notice as a job (replacing one not sent
    /// yet, whose people then hear once, from what they knew to what is so now).
    pub(super) async fn after_change(
        &self,
        changed: &Session,
        before: &Session,
    ) -> Result<(), ChatError> {
        for (user_id, status) in self.store.session_people(changed.id).await? {
            if status == RsvpStatus::Going {
                Reminders::new(self)
                    .schedule_reminders(changed, user_id)
                    .await?;
            }
        }
        let prefix = format!("{SESSION_MOVED}:{}:", changed.id);
        let unsent = self
            .store
            .supersede_unsent_jobs(SESSION_MOVED, &prefix, self.now())
            .await?;
        let oldest = unsent
            .iter()
            .filter_map(|payload| serde_json::from_str::<MovedJob>(payload).ok())
            .min_by_key(|job| job.sequence);
        let (told_from, told_location) = match oldest {
            Some(job) => (job.told_from, job.told_location),
            None => (
                before.details.starts_at,
                Some(before.details.location.clone()),
            ),
        };
        let job = serde_json::to_string(&MovedJob {
            session_id: changed.id,
            sequence: changed.sequence,
            told_from,
            told_location,
        })
        .map_err(anyhow::Error::from)?;
        let key = format!("{prefix}{}", changed.sequence);
        self.schedule_job(SESSION_MOVED, &key, &job, self.now())
            .await?;
        Ok(())
    }

    /// The notice job: one message to each person going or waiting, unless the session moved
    /// again (a later notice tells them) or was cancelled.
    pub(crate) async fn moved_notice_job(&self, payload: &str) -> Result<JobWork, ChatError> {
        let job: MovedJob = serde_json::from_str(payload).context("moved-session payload")?;
        let Some(session) = Sessions::new(self).live_session(job.session_id).await? else {
            return Ok(JobWork::default());
        };
        let new_place = job
            .told_location
            .filter(|place| *place != session.details.location)
            .map(|_| session.details.location.as_str());
        let moved = session.details.starts_at != job.told_from;
        if session.sequence != job.sequence || (!moved && new_place.is_none()) {
            return Ok(JobWork::default());
        }
        let zone = self.settings.timezone;
        let text = change_notice(&session, job.told_from, new_place, zone, self.now());
        let replies = self
            .store
            .session_people(session.id)
            .await?
            .into_iter()
            .map(|(user_id, _)| Reply::to(&ChatRef::private(user_id), Message::html(text.clone())))
            .collect();
        Ok(JobWork {
            replies,
            useful_until: Some(session.details.starts_at),
        })
    }
}

/// What the people going read when a session moved (from `from`), is somewhere new
/// (`new_place`), or both.
pub(super) fn change_notice(
    session: &Session,
    from: DateTime<Utc>,
    new_place: Option<&str>,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> String {
    let to = session.details.starts_at;
    match new_place {
        None => moved_notice(session, from, to, zone, now),
        Some(place) if from == to => format!(
            "📍 <b>{}</b> ({}) is now at <b>{}</b>. /mysessions lists your sessions.",
            escape(&session.details.title),
            show_in_words(to, zone, now),
            escape(place)
        ),
        Some(place) => format!(
            "🔁 <b>{}</b> has moved from {} to <b>{}</b>, and is now at <b>{}</b>. Still coming? /mysessions lists your sessions.",
            escape(&session.details.title),
            show_in_words(from, zone, now),
            show_in_words(to, zone, now),
            escape(place)
        ),
    }
}

/// What the people going read when a session moves.
fn moved_notice(
    session: &Session,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> String {
    format!(
        "🔁 <b>{}</b> has moved from {} to <b>{}</b>. Still coming? /mysessions lists your sessions.",
        escape(&session.details.title),
        show_in_words(from, zone, now),
        show_in_words(to, zone, now)
    )
}
