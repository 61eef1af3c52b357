//! EQ sessions: every fellow is due a 1-month and a 6-month EQ session. A week before each is
//! due, the fellow is offered the next matching session (or can tell the leads none fits), and
//! every Monday the leads get a digest of who is due or overdue.

use anyhow::Context as _;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::chat::{ChatError, ChatRef, Handled, Inbound, Reply, feature_slice};

use crate::message::{Button, Message, escape};

use crate::fellows::Fellow;
use crate::sessions::eq::eq_due_dates;
use crate::sessions::press::SessionPress;
use crate::sessions::time::{resolve, show};

pub(crate) const EQ_DUE: &str = "eq_due";
pub(crate) const EQ_DIGEST: &str = "eq_digest";
/// How long before the due date the fellow is asked.
const ASK_BEFORE: Duration = Duration::days(7);

#[derive(Serialize, Deserialize)]
struct EqDueJob {
    user_id: i64,
    /// 1 or 6.
    months: u32,
    due: NaiveDate,
}

/// The session type id of the 1- or 6-month EQ session.
fn eq_type(months: u32) -> &'static str {
    if months == 1 {
        "eq-1-month"
    } else {
        "eq-6-month"
    }
}

fn due_for(fellow: &Fellow, months: u32) -> NaiveDate {
    let (one, six) = eq_due_dates(fellow.start_date);
    if months == 1 { one } else { six }
}

feature_slice!(
    /// The EQ sessions each fellow is due: the prompts before a due date and the leads' digest.
    Eq
);

impl Eq<'_> {
    /// Schedules the fellow's EQ prompts (again, after a change of start date).
    pub(crate) async fn schedule_eq_prompts(&self, fellow: &Fellow) -> Result<(), ChatError> {
        let zone = self.settings.timezone;
        for months in [1, 6] {
            let due = due_for(fellow, months);
            let Some(ask_at) = resolve(
                (due - ASK_BEFORE).and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()),
                zone,
            ) else {
                continue;
            };
            if ask_at <= self.now() {
                continue;
            }
            let payload = serde_json::to_string(&EqDueJob {
                user_id: fellow.user_id,
                months,
                due,
            })
            .map_err(anyhow::Error::from)?;
            let key = format!("{EQ_DUE}:{}:{months}:{due}", fellow.user_id);
            self.schedule_job(EQ_DUE, &key, &payload, ask_at).await?;
        }
        Ok(())
    }

    /// A week before an EQ session is due: the next matching sessions, or "none fits".
    pub(crate) async fn eq_due_job(&self, payload: &str) -> Result<Vec<Reply>, ChatError> {
        let job: EqDueJob = serde_json::from_str(payload).context("EQ payload")?;
        let Some(fellow) = self.store.fellow(job.user_id).await? else {
            return Ok(Vec::new());
        };
        // The start date changed since this was scheduled: a newer job covers it.
        if due_for(&fellow, job.months) != job.due || fellow.left_on.is_some() {
            return Ok(Vec::new());
        }
        let sessions: Vec<_> = self
            .store
            .upcoming_sessions(self.now(), 200, &self.settings.trusts)
            .await?
            .into_iter()
            .filter(|s| {
                s.details.session_type == eq_type(job.months)
                    && s.details.audience.includes(&fellow)
            })
            .take(3)
            .collect();
        let zone = self.settings.timezone;
        let mut buttons: Vec<Vec<Button>> = sessions
            .iter()
            .map(|s| {
                vec![Button::press(
                    format!("✅ {}", show(s.details.starts_at, zone)),
                    SessionPress::Going(s.id),
                )]
            })
            .collect();
        buttons.push(vec![Button::press(
            "None of these fit",
            crate::sessions::press::EqNoneFit(job.months),
        )]);
        let choice = if sessions.is_empty() {
            "No session is planned yet; tap below and a lead will find you one."
        } else {
            "Tap the one you can go to:"
        };
        let text = format!(
            "Hello {}! Your <b>{}-month EQ session</b> is due around {}. {choice}",
            escape(&fellow.name),
            job.months,
            job.due.format("%-d %B")
        );
        Ok(vec![Reply::to(
            &ChatRef::private(fellow.user_id),
            Message::html(text).with_buttons(buttons),
        )])
    }

    /// "None of these fit" for the `months`-month session (1 or 6): the leads are told.
    pub(crate) async fn on_eq_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        months: u32,
    ) -> Handled {
        let chat = &inbound.chat;
        let Some(fellow) = self.store.fellow(inbound.from.id).await? else {
            return Ok(Reply::notice(
                chat,
                query_id,
                "Please register first: /start.",
            ));
        };
        let text = format!(
            "📅 <b>{}</b> ({}) says no {}-month EQ session fits (due {}). Could you offer a date?",
            escape(&fellow.name),
            escape(&fellow.trust),
            months,
            due_for(&fellow, months).format("%-d %B %Y")
        );
        let kind = format!("eq-nofit-{months}");
        match crate::fellows::conversation::Leads::new(self)
            .alert_leads_once(&kind, fellow.user_id, Some(&fellow.trust), &text)
            .await?
        {
            Some(alerts) => {
                let mut replies = Reply::notice(
                    chat,
                    query_id,
                    "Thanks: I've told the leads, who will find you a date.",
                );
                replies.extend(alerts);
                Ok(replies)
            }
            None => Ok(Reply::notice(
                chat,
                query_id,
                "I've told the leads already today: they will be in touch.",
            )),
        }
    }

    /// Makes sure the next Monday digest is scheduled.
    pub async fn schedule_eq_digest(&self) -> Result<(), ChatError> {
        let zone = self.settings.timezone;
        let today = self.now().with_timezone(&zone).date_naive();
        let days = (7 - today.weekday().num_days_from_monday()) % 7;
        let mut monday = today + Duration::days(i64::from(days));
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
        if resolve(monday.and_time(nine), zone).is_none_or(|at| at <= self.now()) {
            monday += Duration::days(7);
        }
        debug_assert_eq!(monday.weekday(), Weekday::Mon);
        if let Some(at) = resolve(monday.and_time(nine), zone) {
            self.schedule_job(EQ_DIGEST, &format!("{EQ_DIGEST}:{monday}"), "{}", at)
                .await?;
        }
        Ok(())
    }

    /// The Monday digest: fellows whose EQ session is due in the next two weeks or is overdue
    /// (in the last eight weeks) with no attendance at that kind of session.
    pub(crate) async fn eq_digest_job(&self) -> Result<Vec<Reply>, ChatError> {
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        let mut due = Vec::new();
        let mut overdue = Vec::new();
        for fellow in self
            .store
            .fellows()
            .await?
            .into_iter()
            .filter(|f| f.left_on.is_none())
        {
            for months in [1, 6] {
                let date = due_for(&fellow, months);
                let line = format!(
                    "• {} ({}): {}-month, {}",
                    escape(&fellow.name),
                    escape(&fellow.trust),
                    months,
                    date.format("%-d %b")
                );
                if (today..=today + Duration::days(14)).contains(&date) {
                    due.push(line);
                } else if (today - Duration::weeks(8)..today).contains(&date)
                    && !self
                        .store
                        .attended_type(fellow.user_id, eq_type(months))
                        .await?
                {
                    overdue.push(line);
                }
            }
        }
        self.schedule_eq_digest().await?;
        if due.is_empty() && overdue.is_empty() {
            return Ok(Vec::new());
        }
        let mut text = "<b>EQ sessions this week</b>".to_owned();
        if !due.is_empty() {
            text.push_str(&format!("\nDue in the next two weeks:\n{}", due.join("\n")));
        }
        if !overdue.is_empty() {
            text.push_str(&format!(
                "\nOverdue, not yet attended:\n{}",
                overdue.join("\n")
            ));
        }
        crate::fellows::conversation::Leads::new(self)
            .to_leads(None, &text)
            .await
    }
}
