//! The programme's figures for leads: /stats (the yearly table, by trust, for any period) and
//! /unreachable (registered fellows the bot cannot message privately).

use chrono::{Duration, NaiveDate};

mod period;

pub use period::{PERIOD_EXAMPLES, PeriodProblem, StatsPeriod};

use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};

use crate::fellows::Role;
use crate::message::{Message, escape};
use crate::store::BotStatus;

/// The attendance rows of the programme's yearly table: (session type, label).
const ATTENDANCE_ROWS: [(&str, &str); 3] = [
    ("cfp-induction", "Attendance, CF induction"),
    ("pastoral-induction", "Attendance, Pastoral ind."),
    ("it-induction", "Attendance, IT training"),
];

/// The programme's yearly table: one row per figure, one column per trust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearlyTable {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub trusts: Vec<String>,
    /// (label, one value per trust).
    pub rows: Vec<(String, Vec<String>)>,
    /// How often help was shown, counted by day, never who or what.
    pub crisis_signposts: i64,
    pub emergency_signposts: i64,
}

feature_slice!(
    /// The leads' figures: /stats and /unreachable.
    Figures
);

impl Figures<'_> {
    /// /stats [period]: the programme's yearly table for a period (see [`StatsPeriod`]), per trust.
    pub async fn stats(&self, inbound: &Inbound, args: &str) -> Handled {
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        let period = match StatsPeriod::parse(args, today) {
            Ok(period) => period,
            Err(problem) => {
                let text = format!("{} {PERIOD_EXAMPLES}", escape(&problem.to_string()));
                return Ok(vec![Reply::to(&inbound.chat, Message::html(text))]);
            }
        };
        let (from, to) = (period.first(), period.last());
        let figures = self.yearly_table(from, to).await?;
        let table = figures_table(&figures.trusts, figures.rows);
        let text = format!(
            "<b>Programme figures</b>, {} to {}\n<pre>{}</pre>\nAttendance counts check-ins and leads' marks. \
             Crisis signposts shown: {}; emergency signposts: {} (counted by day, never who or what).\n\
             Choose another period: /stats last year, /stats 2025 or /stats 2025-05-01 2026-04-30.",
            period::in_words(from),
            period::in_words(to),
            escape(&table),
            figures.crisis_signposts,
            figures.emergency_signposts
        );
        Ok(vec![Reply::to(&inbound.chat, Message::html(text))])
    }

    /// The last twelve months' table, to today in the programme's time zone.
    pub async fn this_year(&self) -> Result<YearlyTable, ChatError> {
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        self.yearly_table(today - Duration::days(365), today).await
    }

    /// The programme's yearly table from `from` to `to` (inclusive), one column per trust.
    pub async fn yearly_table(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<YearlyTable, ChatError> {
        let fellows = self.store.fellows().await?;
        let holders = self.store.role_holders().await?;
        let trusts = &self.settings.trusts;
        let count_role = |role: Role, trust: &str| {
            holders
                .iter()
                .filter(|h| h.role == role && h.trust.as_deref() == Some(trust))
                .count()
        };
        let mut rows: Vec<(String, Vec<String>)> = vec![
            ("Fellows in post".into(), Vec::new()),
            ("Buddies".into(), Vec::new()),
            ("Early support leads".into(), Vec::new()),
        ];
        for trust in trusts {
            let in_post = fellows
                .iter()
                .filter(|f| &f.trust == trust && f.in_post_during(from, to))
                .count();
            rows[0].1.push(in_post.to_string());
            rows[1].1.push(count_role(Role::Buddy, trust).to_string());
            rows[2]
                .1
                .push(count_role(Role::EarlySupportLead, trust).to_string());
        }
        let zone = self.settings.timezone;
        let midnight = |day: NaiveDate| {
            crate::sessions::time::resolve(day.and_time(chrono::NaiveTime::MIN), zone)
        };
        if let (Some(start), Some(end)) = (midnight(from), midnight(to + Duration::days(1))) {
            let counts = self.store.attendance_counts(start, end).await?;
            for (type_id, label) in ATTENDANCE_ROWS {
                let values = trusts
                    .iter()
                    .map(|trust| {
                        let n: i64 = counts
                            .iter()
                            .filter(|c| c.session_type == type_id && &c.trust == trust)
                            .map(|c| c.attended)
                            .sum();
                        n.to_string()
                    })
                    .collect();
                rows.push((label.to_owned(), values));
            }
        }
        let help_shown = self.store.safety_counts(from, to).await?;
        let count_of = |kind: &str| {
            help_shown
                .iter()
                .find(|(k, _)| k == kind)
                .map_or(0, |(_, n)| *n)
        };
        Ok(YearlyTable {
            from,
            to,
            trusts: trusts.clone(),
            rows,
            crisis_signposts: count_of("crisis"),
            emergency_signposts: count_of("emergency"),
        })
    }

    /// /unreachable: registered fellows the bot cannot message privately.
    pub async fn unreachable(&self, inbound: &Inbound) -> Handled {
        let mut names = Vec::new();
        for fellow in self.store.fellows().await? {
            if self.store.chat_status(fellow.user_id).await? != Some(BotStatus::Member) {
                names.push(format!(
                    "• {} ({})",
                    escape(&fellow.name),
                    escape(&fellow.trust)
                ));
            }
        }
        let text = if names.is_empty() {
            "Every registered fellow can be reached privately. ✅".to_owned()
        } else {
            format!(
                "<b>Fellows I cannot message privately</b> (they blocked me or deleted their account), so they miss reminders:\n{}",
                names.join("\n")
            )
        };
        Ok(vec![Reply::to(&inbound.chat, Message::html(text))])
    }
}

/// A fixed-width table: one column per trust, one row per figure.
fn figures_table(trusts: &[String], rows: Vec<(String, Vec<String>)>) -> String {
    let mut table = format!("{:<26}", "");
    for trust in trusts {
        table.push_str(&format!("{trust:>7}"));
    }
    for (label, values) in rows {
        table.push_str(&format!("\n{label:<26}"));
        for value in values {
            table.push_str(&format!("{value:>7}"));
        }
    }
    table
}
