//! Gentle nudges: when a step falls due and is not done, one message, as a job row like the
//! reminders. Never between 21:00 and 08:00 London time, after 14:00 on a night-shift day, and
//! not while the fellow paused them: the job then moves itself later. At most one per step.

use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::chat::{ChatError, ChatRef, Reply, feature_slice};
use crate::fellows::Fellow;
use crate::message::{Message, escape};

use super::press::{pause_button, step_buttons};
use super::progress::{due_instant, is_open, nudge_may_go};

/// The job kind of a step's nudge.
pub const JOURNEY_NUDGE: &str = "journey_nudge";
/// A step still waiting for another this long after its due day gets no nudge.
const WAIT_FOR_DEPENDENCIES: Duration = Duration::days(14);

#[derive(Debug, Serialize, Deserialize)]
struct NudgeJob {
    user_id: i64,
    step: String,
    /// The due day it was scheduled for (a changed start date makes it stale).
    due: NaiveDate,
    /// When this job was meant to run, in Unix seconds: tells its own runs from a moved one's.
    at: i64,
}

impl NudgeJob {
    fn key(&self) -> String {
        format!(
            "{JOURNEY_NUDGE}:{}:{}:{}:{}",
            self.user_id, self.step, self.due, self.at
        )
    }
}

feature_slice!(
    /// The journey's nudges: scheduled per due step, sent once, moved out of quiet hours.
    Nudges
);

impl Nudges<'_> {
    /// Schedules the nudges of every fellow in post (at start-up and after the journey changes,
    /// so fellows who registered earlier and new steps are covered); a step already scheduled
    /// for its due day is left as it is.
    pub async fn schedule_all_nudges(&self) -> Result<(), ChatError> {
        for fellow in self.store.fellows().await? {
            if fellow.left_on.is_none() {
                self.schedule_nudges(&fellow).await?;
            }
        }
        Ok(())
    }

    /// Schedules a nudge for each of `fellow`'s steps still to fall due (again after a change
    /// of start date: a stale one finds its due day changed and sends nothing).
    pub(crate) async fn schedule_nudges(&self, fellow: &Fellow) -> Result<(), ChatError> {
        let zone = self.settings.timezone;
        let journey = self.journey();
        for step in journey.for_trust(&fellow.trust) {
            let due = step.due.on(fellow.start_date);
            let at = due_instant(due, zone);
            if at <= self.now() {
                continue;
            }
            let job = NudgeJob {
                user_id: fellow.user_id,
                step: step.id.to_owned(),
                due,
                at: at.timestamp(),
            };
            self.schedule(&job, at).await?;
        }
        Ok(())
    }

    async fn schedule(&self, job: &NudgeJob, at: DateTime<Utc>) -> Result<(), ChatError> {
        let payload = serde_json::to_string(job).map_err(anyhow::Error::from)?;
        self.schedule_job(JOURNEY_NUDGE, &job.key(), &payload, at)
            .await?;
        Ok(())
    }

    /// Runs again at `at`, as a new row (this one is done).
    async fn move_to(&self, job: NudgeJob, at: DateTime<Utc>) -> Result<Vec<Reply>, ChatError> {
        let moved = NudgeJob {
            at: at.timestamp(),
            ..job
        };
        self.schedule(&moved, at).await?;
        Ok(Vec::new())
    }

    /// The job: the nudge, if the step is still not done and it may go now; else nothing, or
    /// the same job later.
    pub(crate) async fn nudge_job(&self, payload: &str) -> Result<Vec<Reply>, ChatError> {
        let job: NudgeJob = serde_json::from_str(payload).context("journey nudge payload")?;
        let Some(fellow) = self.store.fellow(job.user_id).await? else {
            return Ok(Vec::new());
        };
        let journey = self.journey();
        let steps = journey.for_trust(&fellow.trust);
        let Some(step) = steps.iter().find(|s| s.id == job.step).copied() else {
            return Ok(Vec::new());
        };
        if fellow.left_on.is_some() || step.due.on(fellow.start_date) != job.due {
            return Ok(Vec::new());
        }
        let states = super::marks::step_states(&self.store, fellow.user_id).await?;
        if states.contains_key(step.id) {
            return Ok(Vec::new());
        }
        let (now, zone) = (self.now(), self.settings.timezone);
        let today = now.with_timezone(&zone).date_naive();
        if !is_open(&step, &steps, &states) {
            // Waiting for another step: look again tomorrow morning, for a while.
            let tomorrow = due_instant(today + Duration::days(1), zone);
            if tomorrow > due_instant(job.due, zone) + WAIT_FOR_DEPENDENCIES {
                return Ok(Vec::new());
            }
            return self.move_to(job, tomorrow).await;
        }
        let paused = self.store.journey_paused_until(fellow.user_id).await?;
        let from = paused.filter(|until| *until > now).unwrap_or(now);
        let nights = self.store.night_shifts_of(fellow.user_id, today).await?;
        let when = nudge_may_go(from, zone, &nights).unwrap_or(from);
        if when > now + Duration::minutes(1) {
            return self.move_to(job, when).await;
        }
        if !self
            .store
            .take_journey_nudge(fellow.user_id, step.id, &job.key(), now)
            .await?
        {
            return Ok(Vec::new());
        }
        let due_words = crate::chat::dates::in_words(job.due, today);
        let text = format!(
            "🔔 A gentle nudge from your arrival checklist: <b>{}</b> (due {due_words}).\nTap <b>How?</b> for what to do, or /journey for the whole list.",
            escape(step.title)
        );
        let buttons = vec![step_buttons(step.id, "Done ✓"), vec![pause_button()]];
        Ok(vec![Reply::to(
            &ChatRef::private(fellow.user_id),
            Message::html(text).with_buttons(buttons),
        )])
    }
}
