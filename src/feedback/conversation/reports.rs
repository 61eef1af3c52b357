//! The leads' side of feedback: /report (figures by trust, comments, the PDSA chart and a CSV),
//! /cycle (start or close an improvement cycle, and tell fellows "you said, we did") and
//! /leaving (mark a fellow as leaving and offer the exit survey).

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::FeedbackRounds;
use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice, texts};
use crate::feedback::MIN_GROUP;
use crate::feedback::chart::{ChartPoint, ChartSeries, CycleMark, render_feedback_chart};
use crate::feedback::press::FeedbackPress;
use crate::feedback::report::{label_trusts, report_text, responses_csv};
use crate::message::{Button, Message, escape};
use crate::store::ReportScope;

const REPORT_USAGE: &str = "Use it like this:\n/report 12 — session 12\n/report pastoral-induction — a session type (exit for exit surveys, service-buddy for the buddy scheme)\n/report 2026-09-01 2026-11-30 — a period\n/report — the last 30 days";

feature_slice!(
    /// The leads' side of feedback: /report, /cycle and /leaving.
    FeedbackReports
);

impl FeedbackReports<'_> {
    /// /report [session | type | from to]: leads only (checked by the caller).
    pub(crate) async fn report_command(&self, inbound: &Inbound, args: &str) -> Handled {
        // Sent in a group, it was answered here in private (see `KnownCommand`).
        let chat = &inbound.chat;
        let Some((scope, title)) = self.report_scope(args).await? else {
            return Ok(vec![Reply::to(chat, Message::html(REPORT_USAGE))]);
        };
        let mut rows = self.store.feedback_rows(&scope).await?;
        let invited = self.store.feedback_invited(&scope).await?;
        let invited = label_trusts(&mut rows, &invited);
        if invited.is_empty() && rows.is_empty() {
            let text = format!("No feedback yet for {}.", escape(&title));
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let text = report_text(&title, &rows, &invited);
        let blocks: Vec<String> = text.split("\n\n").map(str::to_owned).collect();
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
                    caption: "Mean rating and response rate; dashed lines mark improvement cycles."
                        .into(),
                },
            });
        }
        if rows.len() >= MIN_GROUP {
            let csv = responses_csv(&rows).map_err(anyhow::Error::from)?;
            replies.push(Reply::document(
                chat,
                "feedback.csv",
                csv,
                &format!("Feedback: {title} ({} responses)", rows.len()),
            ));
        }
        Ok(replies)
    }

    async fn report_scope(&self, args: &str) -> Result<Option<(ReportScope, String)>, ChatError> {
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
    async fn report_chart(
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

    /// /cycle <type> <what changed> starts an improvement cycle; /cycle close <type> <what came
    /// of it> closes it and offers to tell the fellows concerned ("you said, we did").
    pub(crate) async fn cycle_command(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let usage = "Use it like this:\n/cycle sim-training Shorter briefing, more time on scenarios — starts a cycle\n/cycle close sim-training Fellows rated it higher; we keep it — closes it";
        let (first, rest) = args.trim().split_once(' ').unwrap_or((args.trim(), ""));
        let closing = first.eq_ignore_ascii_case("close");
        let (kind, note) = if closing {
            rest.trim().split_once(' ').unwrap_or((rest.trim(), ""))
        } else {
            (first, rest)
        };
        let (kind, note) = (kind.to_lowercase(), note.trim());
        if kind.is_empty() || note.is_empty() {
            return Ok(vec![Reply::to(chat, Message::html(usage))]);
        }
        let known =
            self.catalogue().get(&kind).is_some() || kind == "exit" || kind.starts_with("service-");
        if !known {
            let text = format!(
                "I don't know the session type '{}'. /upcoming shows types in use.",
                escape(&kind)
            );
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive()
            .to_string();
        if !closing {
            self.store
                .start_cycle(&kind, &today, note, inbound.from.id)
                .await?;
            self.store
                .record_audit(
                    inbound.from.id,
                    "cycle started",
                    &format!("{kind}: {note}"),
                    self.now(),
                )
                .await?;
            let text = format!(
                "🔁 New cycle for <b>{}</b> from today: {}",
                escape(&kind),
                escape(note)
            );
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let Some(cycle) = self.store.close_cycle(&kind, &today, note).await? else {
            let text = format!("There is no open cycle for {}.", escape(&kind));
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        };
        self.store
            .record_audit(
                inbound.from.id,
                "cycle closed",
                &format!("{kind}: {note}"),
                self.now(),
            )
            .await?;
        let concerned = self
            .store
            .invited_to_type_since(&kind, &cycle.started_on)
            .await?;
        let text = format!(
            "✅ Cycle for <b>{}</b> closed.\nYou said, we did: {}\n{} gave or were asked for feedback in this cycle.",
            escape(&kind),
            escape(note),
            crate::chat::texts::count(concerned.len(), "fellow", "fellows")
        );
        let mut message = Message::html(text);
        if !concerned.is_empty() {
            message = message.with_buttons(vec![vec![Button::press(
                format!("📣 Tell them ({})", concerned.len()),
                FeedbackPress::Tell(cycle.id),
            )]]);
        }
        Ok(vec![Reply::to(chat, message)])
    }

    /// Sends a closed cycle's "you said, we did" to the fellows it concerned.
    pub(crate) async fn tell_cycle(
        &self,
        inbound: &Inbound,
        query_id: &str,
        cycle_id: i64,
    ) -> Handled {
        let chat = &inbound.chat;
        if !self.access(inbound.from.id).await?.lead {
            return Ok(Reply::notice(chat, query_id, texts::leads_only()));
        }
        let Some(cycle) = self.store.cycle(cycle_id).await? else {
            return Ok(Reply::notice(
                chat,
                query_id,
                "That cycle no longer exists.",
            ));
        };
        let Some(outcome) = cycle.outcome_note.clone() else {
            return Ok(Reply::notice(chat, query_id, "Close the cycle first."));
        };
        let name = self
            .catalogue()
            .get(&cycle.session_type)
            .map_or(cycle.session_type.clone(), |t| t.name.clone());
        let text = format!(
            "💬 <b>You said, we did</b> — {}\nWe changed: {}\nWhat came of it: {}\nThank you for your feedback. /feedback any time.",
            escape(&name),
            escape(&cycle.change_note),
            escape(&outcome)
        );
        let reachable = self.store.reachable_private_chats().await?;
        let mut replies: Vec<Reply> = self
            .store
            .invited_to_type_since(&cycle.session_type, &cycle.started_on)
            .await?
            .into_iter()
            .filter(|user| reachable.contains(user))
            .map(|user| Reply::send(user, None, Message::html(text.clone())))
            .collect();
        let notice = format!(
            "Sending to {}.",
            crate::chat::texts::count(replies.len(), "fellow", "fellows")
        );
        replies.extend(Reply::notice(chat, query_id, notice));
        Ok(replies)
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
