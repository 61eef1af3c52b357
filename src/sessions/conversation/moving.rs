//! /movesession: a lead sees the new time in words, the notice and who it goes to, then confirms.
//! The notice is a job row sent straight after; a second move confirmed before it went out
//! replaces it, so each person gets one notice, from the time they knew to the final time.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Reminders, Sessions};
use crate::chat::{ChatError, ChatRef, Handled, Inbound, JobWork, Reply, feature_slice};
use crate::message::{Button, Message, escape};
use crate::sessions::Session;
use crate::sessions::press::SessionPress;
use crate::sessions::rsvp::RsvpStatus;
use crate::sessions::time::{parse_human, show, show_in_words};

/// The job kind of the notice that a session moved.
pub(crate) const SESSION_MOVED: &str = "session_moved";
/// How many names the preview lists before "and N more".
const NAMES_SHOWN: usize = 30;

#[derive(Serialize, Deserialize)]
struct MovedJob {
    session_id: i64,
    /// The session's sequence after the move: a later move makes this notice stale.
    sequence: i64,
    /// The start the people going last heard of.
    told_from: DateTime<Utc>,
}

feature_slice!(
    /// Moving a session: the preview, the lead's confirmation and the notice to the people going.
    SessionMoves
);

impl SessionMoves<'_> {
    /// /movesession <id> <new start>: a preview to confirm. Leads only; always in private.
    pub(crate) async fn move_session(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let reply = |text: String| Ok(vec![Reply::to(chat, Message::html(text))]);
        let usage = "Use it like this: /movesession 12 next Tuesday 2pm";
        let (id, when) = args.trim().split_once(' ').unwrap_or((args, ""));
        let Some(session) = Sessions::new(self.ctx).find_session(id).await? else {
            return reply(usage.to_owned());
        };
        let zone = self.settings.timezone;
        let starts_at = match parse_human(when, self.now(), zone) {
            Ok(at) if at > self.now() => at,
            Ok(_) => return reply("That time has passed. When should it be?".to_owned()),
            Err(problem) => return reply(format!("{}. {usage}", escape(&problem.to_string()))),
        };
        if starts_at == session.details.starts_at {
            return reply("It's already at that time, so nothing changes.".to_owned());
        }
        Ok(vec![Reply::to(
            chat,
            self.preview(&session, starts_at).await?,
        )])
    }

    async fn preview(
        &self,
        session: &Session,
        starts_at: DateTime<Utc>,
    ) -> Result<Message, ChatError> {
        let zone = self.settings.timezone;
        let now = self.now();
        let ends_at = starts_at + (session.details.ends_at - session.details.starts_at);
        let people = self.store.session_people(session.id).await?;
        let mut names = Vec::new();
        for (user_id, _) in people.iter().take(NAMES_SHOWN) {
            names.push(escape(&self.display_name(*user_id).await?));
        }
        if people.len() > NAMES_SHOWN {
            names.push(format!("and {} more", people.len() - NAMES_SHOWN));
        }
        let who = match people.len() {
            0 => "Nobody has said they're going yet, so I won't message anyone.".to_owned(),
            1 => format!(
                "I'll send this to the 1 person going or waiting: {}.",
                names.join(", ")
            ),
            n => format!(
                "I'll send this to the {n} people going or waiting: {}.",
                names.join(", ")
            ),
        };
        let notice = moved_notice(session, session.details.starts_at, starts_at, zone, now);
        let text = format!(
            "<b>Move #{} {}?</b>\nFrom {}\nTo <b>{}</b> (until {})\n\n{who}\n\n{notice}",
            session.id,
            escape(&session.details.title),
            show_in_words(session.details.starts_at, zone, now),
            show_in_words(starts_at, zone, now),
            ends_at.with_timezone(&zone).format("%H:%M"),
        );
        let (Ok(sequence), Ok(minute)) = (
            u32::try_from(session.sequence),
            u32::try_from(starts_at.timestamp().div_euclid(60)),
        ) else {
            return Ok(Message::html("I can't move this session to that time."));
        };
        let confirm = SessionPress::Move {
            session: session.id,
            sequence,
            minute,
        };
        Ok(Message::html(text).with_buttons(vec![vec![
            Button::press("✅ Move it and tell them", confirm),
            Button::press("Keep it as it is", SessionPress::KeepTime(session.id)),
        ]]))
    }

    /// "Move it": moves the session if it has not changed since the preview, then queues the
    /// notice. A second press finds it moved already and says so.
    pub(crate) async fn confirm_move(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        (session_id, sequence, minute): (i64, u32, u32),
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = |text: &str| Ok(Reply::notice(chat, query_id, text));
        if !self.access(inbound.from.id).await?.lead {
            return notice(crate::chat::texts::leads_only());
        }
        let sequence = i64::from(sequence);
        let Some(starts_at) = DateTime::from_timestamp(i64::from(minute) * 60, 0) else {
            return notice("That button no longer works. Send /movesession again.");
        };
        let Some(session) = Sessions::new(self.ctx).live_session(session_id).await? else {
            return notice("That session was cancelled or no longer exists.");
        };
        if session.sequence != sequence {
            return notice(if session.details.starts_at == starts_at {
                "Done already: it has moved ✅"
            } else {
                "This session has changed since that preview. Send /movesession again."
            });
        }
        if starts_at <= self.now() {
            return notice("That time has passed now. Send /movesession again.");
        }
        let told_from = session.details.starts_at;
        let ends_at = starts_at + (session.details.ends_at - told_from);
        let stale = "This session has changed since that preview. Send /movesession again.";
        if !self
            .store
            .move_session(session.id, starts_at, ends_at, sequence)
            .await?
        {
            return notice(stale);
        }
        let Some(moved) = Sessions::new(self.ctx).live_session(session.id).await? else {
            return notice(stale);
        };
        self.after_move(inbound, &moved, told_from).await?;
        let people = self.store.session_people(session.id).await?.len();
        let zone = self.settings.timezone;
        let text = format!(
            "✅ Moved <b>{}</b> to {}. {}",
            escape(&moved.details.title),
            show_in_words(starts_at, zone, self.now()),
            match people {
                0 => "Nobody was going, so nobody needed telling.".to_owned(),
                1 => "I'm telling the 1 person going or waiting now.".to_owned(),
                n => format!("I'm telling the {n} people going or waiting now."),
            }
        );
        let mut replies = Reply::notice(chat, query_id, "Moved ✅");
        if let Some(message_id) = message_id {
            replies.push(Reply::edit(chat, message_id, Message::html(text)));
        } else {
            replies.push(Reply::to(chat, Message::html(text)));
        }
        replies.extend(Sessions::new(self.ctx).refreshed_posts(&moved).await?);
        Ok(replies)
    }

    /// The audit line, reminders at the new time, and the notice as a job (replacing one not
    /// sent yet, whose people then hear once, from the time they knew).
    async fn after_move(
        &self,
        inbound: &Inbound,
        moved: &Session,
        before: DateTime<Utc>,
    ) -> Result<(), ChatError> {
        let zone = self.settings.timezone;
        self.store
            .record_audit(
                inbound.from.id,
                "move session",
                &format!("{} to {}", moved.id, show(moved.details.starts_at, zone)),
                self.now(),
            )
            .await?;
        for (user_id, status) in self.store.session_people(moved.id).await? {
            if status == RsvpStatus::Going {
                Reminders::new(self.ctx)
                    .schedule_reminders(moved, user_id)
                    .await?;
            }
        }
        let prefix = format!("{SESSION_MOVED}:{}:", moved.id);
        let unsent = self
            .store
            .supersede_unsent_jobs(SESSION_MOVED, &prefix, self.now())
            .await?;
        let told_from = unsent
            .iter()
            .filter_map(|payload| serde_json::from_str::<MovedJob>(payload).ok())
            .min_by_key(|job| job.sequence)
            .map_or(before, |job| job.told_from);
        let job = serde_json::to_string(&MovedJob {
            session_id: moved.id,
            sequence: moved.sequence,
            told_from,
        })
        .map_err(anyhow::Error::from)?;
        let key = format!("{prefix}{}", moved.sequence);
        self.store
            .schedule_job(SESSION_MOVED, &key, &job, self.now())
            .await?;
        Ok(())
    }

    /// "Keep it as it is": the preview says nothing changed.
    pub(crate) async fn keep_time(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
    ) -> Handled {
        let chat = &inbound.chat;
        let text = "Nothing changed: the session keeps its time and nobody was messaged.";
        let mut replies = Reply::notice(chat, query_id, "Kept as it is");
        if let Some(message_id) = message_id {
            replies.push(Reply::edit(chat, message_id, Message::html(text)));
        }
        Ok(replies)
    }

    /// The notice job: one message to each person going or waiting, unless the session moved
    /// again (a later notice tells them) or was cancelled.
    pub(crate) async fn moved_notice_job(&self, payload: &str) -> Result<JobWork, ChatError> {
        let job: MovedJob = serde_json::from_str(payload).context("moved-session payload")?;
        let Some(session) = Sessions::new(self.ctx).live_session(job.session_id).await? else {
            return Ok(JobWork::default());
        };
        if session.sequence != job.sequence || session.details.starts_at == job.told_from {
            return Ok(JobWork::default());
        }
        let text = moved_notice(
            &session,
            job.told_from,
            session.details.starts_at,
            self.settings.timezone,
            self.now(),
        );
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
