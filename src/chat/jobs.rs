//! Jobs the core runs when they fall due (see `worker`): each kind maps to the conversation
//! that owns it.

use super::{Assistant, ChatError, Reply};
use crate::store::Job;

impl Assistant {
    /// What to send for a due job. Unknown kinds (from a newer version) are skipped and logged.
    pub async fn run_job(&self, job: &Job) -> Result<Vec<Reply>, ChatError> {
        match job.kind.as_str() {
            super::checkins::BUDDY_CHECKIN => self.buddy_checkin_job(&job.payload).await,
            super::reminders::SESSION_REMINDER => self.session_reminder_job(job).await,
            super::reminders::GROUP_REMINDER => self.group_reminder_job(job).await,
            super::eq::EQ_DUE => self.eq_due_job(&job.payload).await,
            super::eq::EQ_DIGEST => self.eq_digest_job().await,
            super::feedback_rounds::FEEDBACK_PROMPT => self.feedback_prompt_job(&job.payload).await,
            super::feedback_rounds::FEEDBACK_REMINDER => {
                self.feedback_reminder_job(&job.payload).await
            }
            super::feedback_rounds::FEEDBACK_CLOSE => self.feedback_close_job(&job.payload).await,
            other => {
                tracing::warn!(
                    kind = other,
                    id = job.id,
                    "a job of an unknown kind was skipped"
                );
                Ok(Vec::new())
            }
        }
    }
}
