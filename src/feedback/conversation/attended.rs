//! Asking the people whose attendance is recorded after a session's feedback round opened: a
//! check-in, or a lead's mark, later than the prompt. Each is asked once, by a job row.

use serde::{Deserialize, Serialize};

use super::rounds::FeedbackRounds;
use crate::chat::{ChatError, Handled};
use crate::sessions::Session;

/// The job kind that asks one person who was marked as there after the round opened.
pub const FEEDBACK_LATE_INVITE: &str = "feedback_late_invite";

#[derive(Serialize, Deserialize)]
struct LateInviteJob {
    form_id: i64,
    user_id: i64,
}

impl FeedbackRounds<'_> {
    /// `user_id` attended `session`: asked with everyone else when the round opens, or, if it
    /// is open already, straight away (once; never after the form closes).
    pub(crate) async fn attendance_recorded(
        &self,
        session: &Session,
        user_id: i64,
    ) -> Result<(), ChatError> {
        self.schedule_feedback(session).await?;
        let subject = format!("session:{}", session.id);
        let Some(form) = self.store.feedback_form_by_subject(&subject).await? else {
            return Ok(());
        };
        if form.salt.is_none() {
            return Ok(());
        }
        let job = serde_json::to_string(&LateInviteJob {
            form_id: form.id,
            user_id,
        })
        .map_err(anyhow::Error::from)?;
        let key = format!("feedback-late:{}:{user_id}", form.id);
        self.schedule_job(FEEDBACK_LATE_INVITE, &key, &job, self.now())
            .await?;
        Ok(())
    }

    /// Asks `user_id` about `form` at `at` instead of now (they are sleeping after a night
    /// shift), once, unless they were asked already by then.
    pub(crate) async fn invite_later(
        &self,
        form_id: i64,
        user_id: i64,
        at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), ChatError> {
        let job = serde_json::to_string(&LateInviteJob { form_id, user_id })
            .map_err(anyhow::Error::from)?;
        let key = format!("feedback-late:{form_id}:{user_id}");
        self.schedule_job(FEEDBACK_LATE_INVITE, &key, &job, at)
            .await?;
        Ok(())
    }

    /// The job: asks the person unless they were asked already or the form has closed since.
    pub(crate) async fn late_invite_job(&self, payload_text: &str) -> Handled {
        let job: LateInviteJob = serde_json::from_str(payload_text).map_err(anyhow::Error::from)?;
        let Some(form) = self.store.feedback_form(job.form_id).await? else {
            return Ok(Vec::new());
        };
        if form.salt.is_none() {
            return Ok(Vec::new());
        }
        self.invite_all(&form, &[job.user_id]).await
    }
}
