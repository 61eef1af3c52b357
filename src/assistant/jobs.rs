//! Jobs the core runs when they fall due (see `worker`): each kind maps to the conversation
//! that owns it, and says what to send and until when it is worth sending.

use crate::buddies::{Buddies, CheckIns};
use crate::chat::{ChatError, JobWork, feature_slice};
use crate::feedback::conversation::{
    FEEDBACK_CLOSE, FEEDBACK_LATE_INVITE, FEEDBACK_PROMPT, FEEDBACK_REMINDER, FeedbackRounds,
};
use crate::fellows::conversation::Roles;
use crate::journey::nudges::{JOURNEY_NUDGE, Nudges};
use crate::sessions::conversation::{self, Eq, Reminders, SessionCancels, SessionMoves};
use crate::store::Job;

feature_slice!(
    /// The jobs the core runs when they fall due, each handed to the feature that owns it.
    Jobs
);

impl Jobs<'_> {
    /// What to send for a due job. Unknown kinds (from a newer version) are skipped and logged.
    pub async fn run_job(&self, job: &Job) -> Result<JobWork, ChatError> {
        let replies = match job.kind.as_str() {
            crate::buddies::checkins::BUDDY_CHECKIN => {
                CheckIns::new(self).buddy_checkin_job(&job.payload).await?
            }
            crate::buddies::assignment::BUDDY_INTRODUCTION => {
                Buddies::new(self).introduction_job(&job.payload).await?
            }
            crate::fellows::conversation::roles::ROLE_NOTE => {
                Roles::new(self).role_note_job(&job.payload).await?
            }
            conversation::SESSION_REMINDER => {
                return Reminders::new(self).session_reminder_job(job).await;
            }
            conversation::GROUP_REMINDER => {
                return Reminders::new(self).group_reminder_job(job).await;
            }
            conversation::SESSION_MOVED => {
                return SessionMoves::new(self).moved_notice_job(&job.payload).await;
            }
            conversation::SESSION_CANCELLED => {
                return SessionCancels::new(self)
                    .cancel_notices_job(&job.payload)
                    .await;
            }
            conversation::SESSION_POSTS => {
                return SessionCancels::new(self)
                    .post_update_job(&job.payload)
                    .await;
            }
            conversation::EQ_DUE => Eq::new(self).eq_due_job(&job.payload).await?,
            conversation::EQ_DIGEST => Eq::new(self).eq_digest_job().await?,
            JOURNEY_NUDGE => Nudges::new(self).nudge_job(&job.payload).await?,
            FEEDBACK_PROMPT => {
                FeedbackRounds::new(self)
                    .feedback_prompt_job(&job.payload)
                    .await?
            }
            FEEDBACK_LATE_INVITE => {
                FeedbackRounds::new(self)
                    .late_invite_job(&job.payload)
                    .await?
            }
            FEEDBACK_REMINDER => {
                FeedbackRounds::new(self)
                    .feedback_reminder_job(&job.payload)
                    .await?
            }
            FEEDBACK_CLOSE => {
                FeedbackRounds::new(self)
                    .feedback_close_job(&job.payload)
                    .await?
            }
            other => {
                tracing::warn!(
                    kind = other,
                    id = job.id,
                    "a job of an unknown kind was skipped"
                );
                Vec::new()
            }
        };
        Ok(replies.into())
    }
}
