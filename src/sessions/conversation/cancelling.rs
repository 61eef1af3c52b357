//! Cancelling a session, from the chat (/cancelsession) or the console: the session is marked
//! cancelled once, the audit log notes it, everyone going or waiting gets one notice and the
//! posts in the groups say so. The console's cancel and move reach people through jobs here.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::Sessions;
use crate::chat::{ChatError, ChatRef, Handled, Inbound, JobWork, Reply, feature_slice};
use crate::message::{Message, escape};
use crate::sessions::Session;
use crate::sessions::time::show;

/// The job kind that tells everyone going or waiting that a session is cancelled.
pub(crate) const SESSION_CANCELLED: &str = "session_cancelled";
/// The job kind that brings a session's posts in the groups up to date.
pub(crate) const SESSION_POSTS: &str = "session_posts";

#[derive(Serialize, Deserialize)]
struct SessionJob {
    session_id: i64,
}

feature_slice!(
    /// Cancelling a session and telling the people going.
    SessionCancels
);

impl SessionCancels<'_> {
    /// /cancelsession <id>: cancels it, tells everyone going or waiting, and marks the posts. Leads only.
    pub(crate) async fn cancel_session(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let Some(session) = Sessions::new(self).find_session(args).await? else {
            return Ok(vec![Reply::to(
                chat,
                Message::html(
                    "Which session? Add its number, for example /cancelsession 12. /upcoming shows the numbers.",
                ),
            )]);
        };
        let Some(cancelled) = self.cancel(inbound.from.id, &session).await? else {
            let text = match Sessions::new(self).live_session(session.id).await? {
                None => "That session was cancelled already.",
                Some(_) => "That session changed just now. Please send /cancelsession again.",
            };
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        };
        let mut replies = self.cancel_notices(&cancelled).await?;
        let told = self.store.session_people(session.id).await?.len();
        replies.insert(
            0,
            Reply::to(
                chat,
                Message::html(format!("Cancelled. I told {told} people.")),
            ),
        );
        Ok(replies)
    }

    /// Cancels `session` for the lead `by`, if it is still as read (its sequence), and notes it
    /// in the audit log; the cancelled session, or None if it was cancelled or changed since.
    pub(crate) async fn cancel(
        &self,
        by: i64,
        session: &Session,
    ) -> Result<Option<Session>, ChatError> {
        let now = self.now();
        if !self
            .store
            .cancel_session(session.id, session.sequence, now)
            .await?
        {
            return Ok(None);
        }
        self.store
            .record_audit(
                by,
                "cancel session",
                &format!("{} ({})", session.id, session.details.title),
                now,
            )
            .await?;
        Ok(Some(Session {
            cancelled: true,
            sequence: session.sequence + 1,
            ..session.clone()
        }))
    }

    /// What each person going or waiting reads when `session` is cancelled.
    pub(crate) fn cancel_notice(&self, session: &Session) -> String {
        format!(
            "❌ <b>{}</b> on {} is cancelled. Sorry! /upcoming shows what else is on.",
            escape(&session.details.title),
            show(session.details.starts_at, self.settings.timezone)
        )
    }

    /// The notice to everyone going or waiting, then the posts marked cancelled.
    async fn cancel_notices(&self, cancelled: &Session) -> Handled {
        let notice = self.cancel_notice(cancelled);
        let mut replies: Vec<Reply> = self
            .store
            .session_people(cancelled.id)
            .await?
            .iter()
            .map(|(user_id, _)| {
                Reply::to(&ChatRef::private(*user_id), Message::html(notice.clone()))
            })
            .collect();
        replies.extend(Sessions::new(self).refreshed_posts(cancelled).await?);
        Ok(replies)
    }

    /// Queues the cancellation's notices, for a cancel made where no chat answers (the console).
    pub(crate) async fn schedule_cancel_notices(&self, session_id: i64) -> Result<(), ChatError> {
        let payload = job_payload(session_id)?;
        let key = format!("{SESSION_CANCELLED}:{session_id}");
        self.schedule_job(SESSION_CANCELLED, &key, &payload, self.now())
            .await?;
        Ok(())
    }

    /// Queues an update of the session's group posts, for a change made in the console.
    pub(crate) async fn schedule_post_update(&self, session: &Session) -> Result<(), ChatError> {
        let payload = job_payload(session.id)?;
        let key = format!("{SESSION_POSTS}:{}:{}", session.id, session.sequence);
        self.schedule_job(SESSION_POSTS, &key, &payload, self.now())
            .await?;
        Ok(())
    }

    /// The cancellation job: the notices, unless the session is (somehow) live again.
    pub(crate) async fn cancel_notices_job(&self, payload: &str) -> Result<JobWork, ChatError> {
        let job: SessionJob = serde_json::from_str(payload).context("cancelled-session payload")?;
        match self
            .store
            .session(job.session_id, &self.settings.trusts)
            .await?
        {
            Some(session) if session.cancelled => Ok(self.cancel_notices(&session).await?.into()),
            _ => Ok(JobWork::default()),
        }
    }

    /// The post-update job: every post of the session as it is now.
    pub(crate) async fn post_update_job(&self, payload: &str) -> Result<JobWork, ChatError> {
        let job: SessionJob = serde_json::from_str(payload).context("session-posts payload")?;
        match self
            .store
            .session(job.session_id, &self.settings.trusts)
            .await?
        {
            Some(session) => Ok(Sessions::new(self).refreshed_posts(&session).await?.into()),
            None => Ok(JobWork::default()),
        }
    }
}

fn job_payload(session_id: i64) -> Result<String, ChatError> {
    Ok(serde_json::to_string(&SessionJob { session_id }).map_err(anyhow::Error::from)?)
}
