//! Feedback rounds: when a form opens (after a session, for a service, when a fellow leaves), who
//! is asked, the one reminder, and closing. The answers themselves are the conversation's (`answering`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::FeedbackConversation;
use super::messages::prompt;
use crate::chat::{ChatError, Handled, Reply, feature_slice};
use crate::feedback::{FormKind, Step, new_salt, respondent_key};
use crate::sessions::Session;
use crate::sessions::rsvp::RsvpStatus;
use crate::store::{FeedbackForm, NewForm};

pub const FEEDBACK_PROMPT: &str = "feedback_prompt";
pub const FEEDBACK_REMINDER: &str = "feedback_reminder";
pub const FEEDBACK_CLOSE: &str = "feedback_close";

#[derive(Serialize, Deserialize)]
struct PromptJob {
    session_id: i64,
}

#[derive(Serialize, Deserialize)]
struct FormJob {
    form_id: i64,
}

fn payload<T: Serialize>(value: &T) -> Result<String, ChatError> {
    Ok(serde_json::to_string(value).map_err(anyhow::Error::from)?)
}

/// What a new form is about.
pub(crate) struct NewFormSpec {
    pub(crate) subject: String,
    pub(crate) kind: FormKind,
    pub(crate) session_id: Option<i64>,
    pub(crate) session_type: String,
    pub(crate) title: String,
    pub(crate) held_on: String,
    /// None: the usual time after opening (FEEDBACK_CLOSES_AFTER).
    pub(crate) closes_at: Option<DateTime<Utc>>,
}

feature_slice!(
    /// When feedback forms open and close, who is asked, and the one reminder.
    FeedbackRounds
);

impl FeedbackRounds<'_> {
    /// Asks for feedback after `session` ends (once per session and time: a moved session asks
    /// after its new end).
    pub(crate) async fn schedule_feedback(&self, session: &Session) -> Result<(), ChatError> {
        let due = session.details.ends_at + self.settings.feedback.delay;
        let key = format!("feedback:{}:{}", session.id, session.sequence);
        let job = payload(&PromptJob {
            session_id: session.id,
        })?;
        self.schedule_job(FEEDBACK_PROMPT, &key, &job, due).await?;
        Ok(())
    }

    /// The prompt job: opens the session's form and asks each attendee (checked in or marked by a
    /// lead; if nobody was, those who said they were going).
    pub(crate) async fn feedback_prompt_job(&self, payload_text: &str) -> Handled {
        let job: PromptJob = serde_json::from_str(payload_text).map_err(anyhow::Error::from)?;
        let Some(session) = crate::sessions::conversation::Sessions::new(self)
            .live_session(job.session_id)
            .await?
        else {
            return Ok(Vec::new());
        };
        let now = self.now();
        if session.details.ends_at + self.settings.feedback.delay
            > now + chrono::Duration::minutes(1)
        {
            // Moved later since this job was scheduled: ask after the new end instead.
            self.schedule_feedback(&session).await?;
            return Ok(Vec::new());
        }
        let mut people = self.store.attendees(session.id).await?;
        if people.is_empty() {
            people = self
                .store
                .session_people(session.id)
                .await?
                .into_iter()
                .filter(|(_, status)| *status == RsvpStatus::Going)
                .map(|(user, _)| user)
                .collect();
        }
        let zone = self.settings.timezone;
        let held_on = session.details.starts_at.with_timezone(&zone).date_naive();
        let form = self
            .open_form_for(NewFormSpec {
                subject: format!("session:{}", session.id),
                kind: FormKind::Session,
                session_id: Some(session.id),
                session_type: session.details.session_type.clone(),
                title: session.details.title.clone(),
                held_on: held_on.format("%Y-%m-%d").to_string(),

                closes_at: None,
            })
            .await?;
        // Someone on nights is asked at 14:00 instead of while they sleep.
        let nights = crate::journey::nights::RotaNights::new(self);
        let mut now_people = Vec::new();
        for user in people {
            match nights.prompt_waits_until(user, now).await? {
                Some(at) => self.invite_later(form.id, user, at).await?,
                None => now_people.push(user),
            }
        }
        self.invite_all(&form, &now_people).await
    }

    /// Opens a form (once per subject) and schedules its reminder and closing.
    pub(crate) async fn open_form_for(&self, spec: NewFormSpec) -> Result<FeedbackForm, ChatError> {
        let now = self.now();
        let timing = self.settings.feedback;
        let salt = new_salt().map_err(anyhow::Error::from)?;
        let form = self
            .store
            .open_feedback_form(
                &NewForm {
                    subject: &spec.subject,
                    kind: spec.kind,
                    session_id: spec.session_id,
                    session_type: &spec.session_type,
                    title: &spec.title,
                    held_on: &spec.held_on,
                    salt: &salt,
                    closes_at: spec.closes_at.unwrap_or(now + timing.close_after),
                },
                now,
            )
            .await?;
        let job = payload(&FormJob { form_id: form.id })?;
        if spec.kind != FormKind::Service {
            self.schedule_job(
                FEEDBACK_REMINDER,
                &format!("feedback-reminder:{}", form.id),
                &job,
                now + timing.remind_after,
            )
            .await?;
        }
        self.schedule_job(
            FEEDBACK_CLOSE,
            &format!("feedback-close:{}", form.id),
            &job,
            form.closes_at,
        )
        .await?;
        Ok(form)
    }

    /// Invites each fellow the bot can reach (nobody forgotten or unreachable) and asks them.
    pub(super) async fn invite_all(&self, form: &FeedbackForm, people: &[i64]) -> Handled {
        let reachable = self.store.reachable_private_chats().await?;
        let mut replies = Vec::new();
        for &user in people {
            let Some(fellow) = self.store.fellow(user).await? else {
                continue;
            };
            if !reachable.contains(&user) {
                continue;
            }
            if self
                .store
                .invite_to_feedback(form.id, user, Some(&fellow.trust), self.now())
                .await?
            {
                replies.push(Reply::send(user, None, prompt(form, false)));
            }
        }
        tracing::info!(
            form = form.id,
            invited = replies.len(),
            "feedback asked for"
        );
        Ok(replies)
    }

    /// One reminder to each invited fellow who has not answered yet.
    pub(crate) async fn feedback_reminder_job(&self, payload_text: &str) -> Handled {
        let job: FormJob = serde_json::from_str(payload_text).map_err(anyhow::Error::from)?;
        let Some(form) = self.store.feedback_form(job.form_id).await? else {
            return Ok(Vec::new());
        };
        let Some(salt) = form.salt.clone() else {
            return Ok(Vec::new());
        };
        let reachable = self.store.reachable_private_chats().await?;
        let mut replies = Vec::new();
        for user in self.store.invitations_to_remind(form.id).await? {
            let answers = self
                .store
                .feedback_answers(form.id, &respondent_key(&salt, user))
                .await?;
            let answered = answers.is_some_and(|a| a.step() != Step::Rating);
            if !answered && reachable.contains(&user) {
                replies.push(Reply::send(user, None, prompt(&form, true)));
            }
            self.store.mark_reminded(form.id, user, self.now()).await?;
        }
        Ok(replies)
    }

    /// Closes a form: answers can no longer change, and anonymous ones point at nobody, on disk
    /// too (the store anonymises the responses and purges what it deleted).
    pub(crate) async fn feedback_close_job(&self, payload_text: &str) -> Handled {
        let job: FormJob = serde_json::from_str(payload_text).map_err(anyhow::Error::from)?;
        let (form, state) = FeedbackConversation::saved_state(job.form_id)?;
        if self
            .store
            .close_feedback_form(job.form_id, (form, &state), self.now())
            .await?
        {
            tracing::info!(form = job.form_id, "feedback form closed");
        }
        Ok(Vec::new())
    }

    /// Anonymises forms that closed before closing did so (a database from an earlier version).
    /// Run at start-up; returns how many there were.
    pub async fn anonymise_closed_forms(&self) -> Result<usize, ChatError> {
        let forms = self.store.closed_forms_to_anonymise().await?;
        for (form_id, closed_at) in &forms {
            let (form, state) = FeedbackConversation::saved_state(*form_id)?;
            self.store
                .anonymise_closed_form(*form_id, (form, &state), *closed_at)
                .await?;
        }
        if !forms.is_empty() {
            tracing::info!(
                forms = forms.len(),
                "closed feedback forms anonymised on disk"
            );
        }
        Ok(forms.len())
    }

    /// When this month's service forms close: the first of next month in the programme's time
    /// zone, plus the usual time to change answers.
    pub(crate) fn end_of_month(&self) -> DateTime<Utc> {
        use chrono::Datelike;
        let zone = self.settings.timezone;
        let today = self.now().with_timezone(&zone).date_naive();
        let (year, month) = if today.month() == 12 {
            (today.year() + 1, 1)
        } else {
            (today.year(), today.month() + 1)
        };
        let next = chrono::NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|d| crate::sessions::time::resolve(d, zone))
            .unwrap_or_else(|| self.now() + chrono::Duration::days(31));
        next + self.settings.feedback.close_after
    }

    /// Deletes a fellow's answers on forms still open (closed ones no longer point at anyone).
    pub(crate) async fn forget_open_feedback(&self, user_id: i64) -> Result<(), ChatError> {
        for form in self.store.open_forms_for(user_id).await? {
            if let Some(salt) = &form.salt {
                self.store
                    .delete_feedback_response(form.id, &respondent_key(salt, user_id))
                    .await?;
            }
        }
        Ok(())
    }

    /// The exit survey for a fellow a lead has marked as leaving.
    pub(crate) async fn exit_survey(&self, user_id: i64, left_on: &str) -> Handled {
        let form = self
            .open_form_for(NewFormSpec {
                subject: format!("exit:{user_id}:{left_on}"),
                kind: FormKind::Exit,
                session_id: None,
                session_type: "exit".into(),
                title: "Leaving the programme".into(),
                held_on: left_on.to_owned(),
                closes_at: None,
            })
            .await?;
        self.invite_all(&form, &[user_id]).await
    }
}
