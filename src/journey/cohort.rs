//! The leads' `/journey cohort`: per start-month cohort, the share of fellows who have done each
//! step, and who has been stuck on a step more than 14 days past its due day (names, for leads
//! in a private chat only), with the shares as a CSV file (also `fellowship-bot export journey`).

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate};

use crate::chat::{Handled, Inbound, Reply, feature_slice};
use crate::faq::render::{MESSAGE_LIMIT, pack_blocks};
use crate::fellows::Fellow;
use crate::message::{Message, escape};
use crate::store::{Store, StoreResult};

use super::plan::Journey;
use super::progress::StepState;

/// Stuck: not done this long after the due day.
pub const STUCK_AFTER: Duration = Duration::days(14);
/// Cohorts that started longer ago than this are left out of the report.
const COHORTS_WITHIN: Duration = Duration::days(366);

/// One step in one cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepShare {
    pub step: String,
    pub title: String,
    /// Fellows of the cohort the step applies to (their trust has it).
    pub applies: usize,
    pub done: usize,
    pub not_for_me: usize,
    /// Fellows of the cohort stuck on it more than [`STUCK_AFTER`] past its due day.
    pub stuck: usize,
}

/// One start-month cohort: its shares, and who is stuck on what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CohortReport {
    pub year: i32,
    pub month: u32,
    pub fellows: usize,
    pub steps: Vec<StepShare>,
    /// (fellow's name, step title, due day).
    pub stuck: Vec<(String, String, NaiveDate)>,
}

/// The report for `fellows` (still in post) given what each marked, `today`.
pub fn cohort_reports(
    journey: &Journey,
    fellows: &[Fellow],
    states: &HashMap<(i64, String), StepState>,
    today: NaiveDate,
) -> Vec<CohortReport> {
    let mut cohorts: BTreeMap<(i32, u32), Vec<&Fellow>> = BTreeMap::new();
    for fellow in fellows.iter().filter(|f| f.left_on.is_none()) {
        if fellow.start_date >= today - COHORTS_WITHIN {
            let start = fellow.start_date;
            cohorts
                .entry((start.year(), start.month()))
                .or_default()
                .push(fellow);
        }
    }
    cohorts
        .into_iter()
        .map(|((year, month), members)| {
            let mut steps: Vec<StepShare> = journey
                .steps()
                .iter()
                .map(|s| StepShare {
                    step: s.id.clone(),
                    title: s.title.clone(),
                    applies: 0,
                    done: 0,
                    not_for_me: 0,
                    stuck: 0,
                })
                .collect();
            let mut stuck = Vec::new();
            for fellow in &members {
                for step in journey.for_trust(&fellow.trust) {
                    let Some(share) = steps.iter_mut().find(|s| s.step == step.id) else {
                        continue;
                    };
                    share.applies += 1;
                    match states.get(&(fellow.user_id, step.id.to_owned())) {
                        Some(StepState::Done) => share.done += 1,
                        Some(StepState::NotForMe) => share.not_for_me += 1,
                        None => {
                            let due = step.due.on(fellow.start_date);
                            if due + STUCK_AFTER < today {
                                share.stuck += 1;
                                stuck.push((fellow.name.clone(), step.title.to_owned(), due));
                            }
                        }
                    }
                }
            }
            stuck.sort();
            CohortReport {
                year,
                month,
                fellows: members.len(),
                steps,
                stuck,
            }
        })
        .collect()
}

/// The report for the fellows in the store and what they marked, `today`; only fellows who
/// started on `since` or later when it is given.
pub async fn cohort_reports_in(
    store: &Store,
    journey: &Journey,
    today: NaiveDate,
    since: Option<NaiveDate>,
) -> StoreResult<Vec<CohortReport>> {
    let mut fellows = store.fellows().await?;
    if let Some(since) = since {
        fellows.retain(|f| f.start_date >= since);
    }
    let states: HashMap<(i64, String), StepState> = store
        .marked_journey_steps()
        .await?
        .into_iter()
        .filter_map(|r| Some(((r.user_id, r.step_id), r.state?)))
        .collect();
    Ok(cohort_reports(journey, &fellows, &states, today))
}

/// The shares as CSV, a row per cohort and step that applies to some of it: no names, only how
/// many are stuck.
pub fn cohort_csv(reports: &[CohortReport]) -> anyhow::Result<Vec<u8>> {
    let mut csv = csv::Writer::from_writer(Vec::new());
    let header = [
        "cohort",
        "step",
        "title",
        "applies",
        "done",
        "not_for_me",
        "stuck",
    ];
    csv.write_record(header)?;
    for report in reports {
        let cohort = format!("{}-{:02}", report.year, report.month);
        for share in report.steps.iter().filter(|s| s.applies > 0) {
            csv.write_record([
                cohort.as_str(),
                &share.step,
                &share.title,
                &share.applies.to_string(),
                &share.done.to_string(),
                &share.not_for_me.to_string(),
                &share.stuck.to_string(),
            ])?;
        }
    }
    csv.into_inner()
        .map_err(|e| anyhow::anyhow!("the CSV could not be written: {e}"))
}

fn percent(part: usize, whole: usize) -> usize {
    (part * 100).checked_div(whole).unwrap_or(0)
}

fn month_name(year: i32, month: u32) -> String {
    NaiveDate::from_ymd_opt(year, month, 1)
        .map_or_else(String::new, |d| d.format("%B %Y").to_string())
}

feature_slice!(
    /// The leads' journey report.
    Cohorts
);

impl Cohorts<'_> {
    /// `/journey cohort` (the caller checked the asker is a lead, in a private chat).
    pub async fn cohort_report(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        let reports = cohort_reports_in(&self.store, &self.journey(), today, None).await?;
        if reports.is_empty() {
            let text =
                "No fellow who started in the last 12 months (or starts soon) is registered yet.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let mut blocks = vec!["<b>🧭 Arrival checklist by start month</b>\nDone, of the fellows each step applies to (\"not for me\" left out). 🔒 Names are for leads only.".to_owned()];
        for report in &reports {
            let name = month_name(report.year, report.month);
            let fellows = crate::chat::texts::count(report.fellows, "fellow", "fellows");
            let mut lines = vec![format!("<b>Started {name}</b> ({fellows})")];
            for share in report.steps.iter().filter(|s| s.applies > 0) {
                let counted = share.applies - share.not_for_me;
                lines.push(format!(
                    "• {}: {}% ({} of {counted})",
                    escape(&share.title),
                    percent(share.done, counted),
                    share.done
                ));
            }
            if report.stuck.is_empty() {
                lines.push("Nobody stuck more than 14 days past a due day.".into());
            } else {
                lines.push(format!(
                    "<b>Stuck more than 14 days past due</b> ({}):",
                    report.stuck.len()
                ));
                lines.extend(report.stuck.iter().map(|(who, step, due)| {
                    format!(
                        "• {}: {} (due {})",
                        escape(who),
                        escape(step),
                        due.format("%-d %b")
                    )
                }));
            }
            blocks.push(lines.join("\n"));
        }
        let mut replies: Vec<Reply> = pack_blocks(&blocks, MESSAGE_LIMIT)
            .into_iter()
            .map(|part| Reply::to(chat, Message::html(part)))
            .collect();
        let file = cohort_csv(&reports)?;
        replies.push(Reply::document(
            chat,
            "journey-cohorts.csv",
            file,
            "Arrival checklist shares by cohort (no names)",
        ));
        Ok(replies)
    }
}

#[cfg(test)]
mod tests;
