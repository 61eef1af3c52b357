//! The leads' side of feedback: /report (figures by trust, comments, the PDSA chart and a CSV)
//! and /leaving (mark a fellow as leaving and offer the exit survey). Improvement cycles are
//! `cycles`'.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::FeedbackRounds;
use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};
use crate::feedback::MIN_GROUP;
use crate::feedback::chart::{ChartPoint, ChartSeries, CycleMark, render_feedback_chart};
use crate::feedback::report::{label_trusts, report_text, responses_csv};
use crate::message::{Message, escape};
use crate::store::ReportScope;

const REPORT_USAGE: &str = "Use it like this:\n/report 12 — session 12\n/report pastoral-induction — a session type (exit for exit surveys, service-buddy for the buddy scheme)\n/report 2026-09-01 2026-11-30 — a period\n/report — the last 30 days";

/// What the chart's picture is captioned with.
pub const CHART_CAPTION: &str =
    "Mean rating and response rate; dashed lines mark improvement cycles.";

feature_slice!(
    /// The leads' side of feedback: /report, /cycle (`cycles`) and /leaving.
    FeedbackReports
);

/// A feedback report as the leads get it.
#[derive(Debug, Clone)]
pub struct FeedbackReport {
    /// The figures by trust and the comments, groups under [`MIN_GROUP`] folded (Telegram HTML).
    pub text: String,
    /// Every response as CSV, when there are at least [`MIN_GROUP`].
    pub csv: Option<Vec<u8>>,
    pub responses: usize,
}

impl FeedbackReports<'_> {
    /// /report [session | type | from to]: leads only (checked by the caller).
    pub(crate) async fn report_command(&self, inbound: &Inbound, args: &str) -> Handled {
        // Sent in a group, it was answered here in private (see `KnownCommand`).
        let chat = &inbound.chat;
        let Some((scope, title)) = self.report_scope(args).await? else {
            return Ok(vec![Reply::to(chat, Message::html(REPORT_USAGE))]);
        };
        let Some(report) = self.feedback_report(&scope, &title).await? else {
            let text = format!("No feedback yet for {}.", escape(&title));
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        };
        let blocks: Vec<String> = report.text.split("\n\n").map(str::to_owned).collect();
        let mut replies: Vec<Reply> =
            crate::faq::render::pack_blocks(&blocks, crate::faq::render::MESSAGE_LIMIT)
                .into_iter()
                .map(|part| Reply::to(chat, Message::html(part)))
                .collect();
        if let Some(chart) = self.report_chart(&scope, &title).await? {
            replies.push(Reply {
                chat_id: chat.id,
                thread_id: chat.thread_id,
                action: crate::chat::Action::SendPhoto {
                    file_name: "feedback.png".into(),
                    content: chart,
                    caption: CHART_CAPTION.into(),
                },
            });
        }
        if let Some(csv) = report.csv {
            replies.push(Reply::document(
                chat,
                "feedback.csv",
                csv,
                &format!("Feedback: {title} ({} responses)", report.responses),
            ));
        }
        Ok(replies)
    }

    /// The figures for `scope`, with small groups folded (`report_text`); None when nobody was
    /// invited and nobody answered.
    pub async fn feedback_report(
        &self,
        scope: &ReportScope,
        title: &str,
    ) -> Result<Option<FeedbackReport>, ChatError> {
        let mut rows = self.store.feedback_rows(scope).await?;
        let invited = self.store.feedback_invited(scope).await?;
        let invited = label_trusts(&mut rows, &invited);
        if invited.is_empty() && rows.is_empty() {
            return Ok(None);
        }
        let csv = if rows.len() >= MIN_GROUP {
            Some(responses_csv(&rows).map_err(anyhow::Error::from)?)
        } else {
            None
        };
        Ok(Some(FeedbackReport {
            text: report_text(title, &rows, &invited),
            csv,
            responses: rows.len(),
        }))
    }

    /// What /report's words choose: a session, a session type, a period, or (none) the last 30
    /// days; with the report's title. None for words it does not understand.
    pub async fn report_scope(
        &self,
        args: &str,
    ) -> Result<Option<(ReportScope, String)>, ChatError> {
        let words: Vec<&str> = args.split_whitespace().collect();
        let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        Ok(match words.as_slice() {
            [] => {
                let today = self
                    .now()
                    .with_timezone(&self.settings.timezone)
                    .date_naive();
                let from = today - chrono::Duration::days(30);
                let scope = ReportScope::Period {
                    from: from.to_string(),
                    to: today.to_string(),
                };
                Some((scope, format!("{from} to {today}")))
            }
            [one] if one.parse::<i64>().is_ok() => {
                let id = one.parse::<i64>().unwrap_or_default();
                let title = match self.store.session(id, &self.settings.trusts).await? {
                    Some(session) => format!("{} (session {id})", session.details.title),
                    None => format!("session {id}"),
                };
                Some((ReportScope::Session(id), title))
            }
            [from, to] if date(from).is_some() && date(to).is_some() => Some((
                ReportScope::Period {
                    from: (*from).to_owned(),
                    to: (*to).to_owned(),
                },
                format!("{from} to {to}"),
            )),
            [kind] => {
                let kind = kind.to_lowercase();
                let known = self.catalogue().get(&kind).map(|t| t.name.clone());
                let title = match (known, kind.as_str()) {
                    (Some(name), _) => name,
                    (None, "exit") => "exit surveys".to_owned(),
                    (None, other) if other.starts_with("service-") => other.to_owned(),
                    _ => return Ok(None),
                };
                Some((ReportScope::SessionType(kind), title))
            }
            _ => None,
        })
    }

    /// The PDSA chart: per session type, the mean rating (held back under three responses) and
    /// the response rate of each form of three invitees or more, with the types' cycles marked.
    pub async fn report_chart(
        &self,
        scope: &ReportScope,
        title: &str,
    ) -> Result<Option<Vec<u8>>, ChatError> {
        let trend = self.store.feedback_trend(scope).await?;
        let mut series: BTreeMap<String, Vec<ChartPoint>> = BTreeMap::new();
        for (held_on, session_type, invited, responses, mean) in trend {
            let Ok(date) = NaiveDate::parse_from_str(&held_on, "%Y-%m-%d") else {
                continue;
            };
            if usize::try_from(invited).unwrap_or(0) < MIN_GROUP {
                // A form of one or two (an exit survey): its rate would say who answered.
                continue;
            }
            let enough = usize::try_from(responses).unwrap_or(0) >= MIN_GROUP;
            series.entry(session_type).or_default().push(ChartPoint {
                date,
                mean_rating: mean.filter(|_| enough),
                response_rate: if invited > 0 {
                    responses as f64 / invited as f64
                } else {
                    0.0
                },
            });
        }
        let mut cycles = Vec::new();
        for session_type in series.keys() {
            for (n, cycle) in self.store.cycles_of(session_type).await?.iter().enumerate() {
                if let Ok(date) = NaiveDate::parse_from_str(&cycle.started_on, "%Y-%m-%d") {
                    let label = if series.len() > 1 {
                        format!("{session_type} cycle {}", n + 1)
                    } else {
                        format!("Cycle {}", n + 1)
                    };
                    cycles.push(CycleMark { date, label });
                }
            }
        }
        let catalogue = self.catalogue();
        let series: Vec<ChartSeries> = series
            .into_iter()
            .map(|(kind, points)| ChartSeries {
                label: catalogue
                    .get(&kind)
                    .map_or(kind.clone(), |t| t.name.clone()),
                points,
            })
            .collect();
        match render_feedback_chart(&format!("Feedback: {title}"), &series, &cycles) {
            Ok(png) => Ok(Some(png)),
            Err(crate::feedback::chart::ChartError::NothingToDraw) => Ok(None),
            Err(error) => {
                tracing::warn!(%error, "could not draw the feedback chart");
                Ok(None)
            }
        }
    }

    /// /leaving <@user or id> [YYYY-MM-DD]: marks a fellow as leaving and offers the exit survey.
    pub(crate) async fn leaving_command(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let mut words = args.split_whitespace();
        let (who, day) = (words.next().unwrap_or_default(), words.next());
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        let left_on = match day.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d")) {
            None => today,
            Some(Ok(day)) => day,
            Some(Err(_)) => {
                let text = "The date should look like 2026-12-31. Use it like this: /leaving @username 2026-12-31";
                return Ok(vec![Reply::to(chat, Message::html(text))]);
            }
        };
        let found = match who {
            "" => None,
            who => self.find_person(who).await?,
        };
        let Some(fellow) = (match found {
            Some((user_id, _)) => self.store.fellow(user_id).await?,
            None => None,
        }) else {
            let text = "Which fellow? Use it like this: /leaving @username [2026-12-31] (they must be registered).";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        };
        self.store.mark_leaving(fellow.user_id, left_on).await?;
        self.store
            .record_audit(
                inbound.from.id,
                "leaving",
                &format!("{} on {left_on}", fellow.name),
                self.now(),
            )
            .await?;
        let mut replies = FeedbackRounds::new(self)
            .exit_survey(fellow.user_id, &left_on.to_string())
            .await?;
        let offered = if replies.is_empty() {
            "I can't message them, so they were not offered the exit survey."
        } else {
            "They have been offered the exit survey (anonymous unless they add their name)."
        };
        let text = format!(
            "✅ {} is marked as leaving on {}. {offered}",
            escape(&fellow.name),
            left_on.format("%-d %B %Y")
        );
        replies.push(Reply::to(chat, Message::html(text)));
        Ok(replies)
    }
}
