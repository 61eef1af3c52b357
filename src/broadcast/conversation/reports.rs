//! Who a broadcast reaches, what its audience is called, the lead's progress and report messages,
//! the list of recent broadcasts (/broadcasts) and the file of recipients not reached.

use std::collections::HashSet;

use super::audience::month_name;
use super::{broadcast_button, stop_button};
use crate::broadcast::compose::resendable;
use crate::broadcast::press::BroadcastPress;
use crate::broadcast::{BroadcastAudience, BroadcastStatus, DeliveryStatus, DeliveryTally, report};
use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};
use crate::fellows::Fellow;
use crate::message::{Message, escape};
use crate::sessions::rsvp::RsvpStatus;
use crate::store::{BroadcastRecord, Recipient};

feature_slice!(
    /// Who a broadcast reaches and what the lead is told about it: progress, report, /broadcasts.
    BroadcastReports
);

impl BroadcastReports<'_> {
    /// Fellows who have not left the programme.
    pub(crate) async fn fellows_in_post(&self) -> Result<Vec<Fellow>, ChatError> {
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        let mut fellows = self.store.fellows().await?;
        fellows.retain(|f| f.left_on.is_none_or(|left| left > today));
        Ok(fellows)
    }

    /// Everyone (or every group) `audience` covers, once each, and whether the bot can reach them.
    pub async fn broadcast_recipients(
        &self,
        audience: &BroadcastAudience,
    ) -> Result<Vec<Recipient>, ChatError> {
        let people: Vec<i64> = match audience {
            BroadcastAudience::ProgrammeGroups => {
                let groups = self.store.programme_groups_for(None).await?;
                return Ok(groups
                    .into_iter()
                    .map(|(chat_id, thread)| Recipient {
                        chat_id,
                        thread_id: thread.and_then(|t| i32::try_from(t).ok()),
                        reachable: true,
                    })
                    .collect());
            }
            BroadcastAudience::AllFellows => ids(self.fellows_in_post().await?, |_| true),
            BroadcastAudience::Trust(trust) => ids(self.fellows_in_post().await?, |f| {
                f.trust.eq_ignore_ascii_case(trust)
            }),
            BroadcastAudience::Cohort { year, month } => ids(self.fellows_in_post().await?, |f| {
                use chrono::Datelike;
                f.start_date.year() == *year && f.start_date.month() == *month
            }),
            BroadcastAudience::Role(role) => self
                .store
                .role_holders()
                .await?
                .into_iter()
                .filter(|holder| holder.role == *role)
                .map(|holder| holder.user_id)
                .collect(),
            BroadcastAudience::Session(id) => self
                .store
                .session_people(*id)
                .await?
                .into_iter()
                .filter(|(_, status)| matches!(status, RsvpStatus::Going | RsvpStatus::Waiting))
                .map(|(user, _)| user)
                .collect(),
            BroadcastAudience::Cycle(id) => match self.store.cycle(*id).await? {
                Some(cycle) => {
                    self.store
                        .invited_to_type_since(&cycle.session_type, &cycle.started_on)
                        .await?
                }
                None => Vec::new(),
            },
        };
        let reachable = self.store.reachable_private_chats().await?;
        let mut seen = HashSet::new();
        Ok(people
            .into_iter()
            .filter(|id| seen.insert(*id))
            .map(|chat_id| Recipient {
                chat_id,
                thread_id: None,
                reachable: reachable.contains(&chat_id),
            })
            .collect())
    }

    /// The audience in words: "fellows at RWT", "people going to Pastoral induction, 3 Dec".
    pub async fn audience_label(&self, audience: &BroadcastAudience) -> Result<String, ChatError> {
        Ok(match audience {
            BroadcastAudience::ProgrammeGroups => "the programme groups".into(),
            BroadcastAudience::AllFellows => "every fellow".into(),
            BroadcastAudience::Trust(trust) => format!("fellows at {trust}"),
            BroadcastAudience::Cohort { year, month } => {
                format!("fellows who started in {}", month_name(*year, *month))
            }
            BroadcastAudience::Role(role) => format!("everyone with the role {}", role.label()),
            BroadcastAudience::Session(id) => {
                match self.store.session(*id, &self.settings.trusts).await? {
                    Some(session) => format!(
                        "people going to {}, {}",
                        session.details.title,
                        session
                            .details
                            .starts_at
                            .with_timezone(&self.settings.timezone)
                            .format("%-d %b")
                    ),
                    None => format!("people going to session {id}"),
                }
            }
            BroadcastAudience::Cycle(id) => match self.store.cycle(*id).await? {
                Some(cycle) => format!(
                    "fellows asked for feedback on {} since {}",
                    cycle.session_type, cycle.started_on
                ),
                None => format!("the fellows of improvement cycle {id}"),
            },
        })
    }

    pub(crate) async fn broadcast_audience_label(
        &self,
        broadcast: &BroadcastRecord,
    ) -> Result<String, ChatError> {
        match &broadcast.audience {
            Some(audience) => self.audience_label(audience).await,
            None => Ok("nobody yet".into()),
        }
    }

    /// The edit that shows a broadcast's progress on the lead's message, if there is one.
    pub async fn broadcast_progress(
        &self,
        broadcast: &BroadcastRecord,
        tally: &DeliveryTally,
    ) -> Option<Reply> {
        let (chat_id, message_id) = broadcast.report_message?;
        let label = self.broadcast_audience_label(broadcast).await.ok()?;
        let text = report::progress_text(broadcast.id, &label, tally);
        Some(Reply {
            chat_id,
            thread_id: None,
            action: crate::chat::Action::Edit {
                message_id,
                message: Message::html(text).with_buttons(stop_button(broadcast.id)),
            },
        })
    }

    /// The report of a finished (or stopped) broadcast: it replaces the lead's progress message,
    /// or is sent to the author if there is none.
    pub async fn broadcast_report(&self, id: i64) -> Result<Vec<Reply>, ChatError> {
        let Some(broadcast) = self.store.broadcast(id).await? else {
            return Ok(Vec::new());
        };
        let message = self.report_message(&broadcast).await?;
        Ok(vec![match broadcast.report_message {
            Some((chat_id, message_id)) => Reply {
                chat_id,
                thread_id: None,
                action: crate::chat::Action::Edit {
                    message_id,
                    message,
                },
            },
            None => Reply::send(broadcast.author_id, None, message),
        }])
    }

    async fn report_message(&self, broadcast: &BroadcastRecord) -> Result<Message, ChatError> {
        let id = broadcast.id;
        let tally = self.store.delivery_tally(id).await?;
        let label = self.broadcast_audience_label(broadcast).await?;
        if broadcast.status == BroadcastStatus::Scheduled {
            let when = broadcast
                .send_at
                .map(|at| crate::sessions::time::show(at, self.settings.timezone));
            let text = report::scheduled_text(id, &label, when.as_deref());
            return Ok(Message::html(text).with_buttons(vec![vec![broadcast_button(
                "✖ Cancel it",
                id,
                BroadcastPress::Stop,
            )]]));
        }
        if broadcast.status == BroadcastStatus::Sending && tally.settled() < tally.total() {
            let text = report::progress_text(id, &label, &tally);
            return Ok(Message::html(text).with_buttons(stop_button(id)));
        }
        let problems = self.store.delivery_problems(id).await?;
        let text = report::report_text(id, &label, broadcast.status, &tally, &problems);
        let mut buttons = Vec::new();
        if let Some(unconfirmed) = resendable(broadcast.status, &tally) {
            buttons.push(vec![broadcast_button(
                format!("🔁 Send to the {unconfirmed} not confirmed"),
                id,
                BroadcastPress::Again,
            )]);
        }
        if !problems.is_empty() {
            buttons.push(vec![broadcast_button(
                "📄 List as a file",
                id,
                BroadcastPress::ProblemsFile,
            )]);
        }
        Ok(Message::html(text).with_buttons(buttons))
    }

    /// /broadcasts [number]: the recent broadcasts, or one broadcast's report.
    pub(crate) async fn broadcasts_command(&self, inbound: &Inbound, args: &str) -> Handled {
        // Sent in a group, it was answered here in private (see `KnownCommand`).
        let chat = &inbound.chat;
        if let Ok(id) = args.trim().trim_start_matches('#').parse::<i64>() {
            return match self.store.broadcast(id).await? {
                Some(broadcast) if broadcast.status != BroadcastStatus::Draft => {
                    Ok(vec![Reply::to(
                        chat,
                        self.report_message(&broadcast).await?,
                    )])
                }
                _ => Ok(vec![Reply::to(
                    chat,
                    Message::html(format!(
                        "There is no broadcast #{id}. /broadcasts lists them."
                    )),
                )]),
            };
        }
        let recent = self.store.recent_broadcasts(10).await?;
        if recent.is_empty() {
            let text = "No broadcasts yet. /broadcast starts one.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let zone = self.settings.timezone;
        let mut lines = vec!["📣 <b>Recent broadcasts</b> (/broadcasts N for a report)".to_owned()];
        for broadcast in &recent {
            let tally = self.store.delivery_tally(broadcast.id).await?;
            let when = broadcast
                .send_at
                .map(|at| crate::sessions::time::show(at, zone))
                .unwrap_or_default();
            let state = match broadcast.status {
                BroadcastStatus::Scheduled => "scheduled".to_owned(),
                BroadcastStatus::Sending => {
                    format!("sending, {} of {}", tally.settled(), tally.total())
                }
                BroadcastStatus::Cancelled => format!(
                    "cancelled, {} delivered",
                    tally.count(DeliveryStatus::Delivered)
                ),
                _ => format!(
                    "{} of {} delivered",
                    tally.count(DeliveryStatus::Delivered),
                    tally.total()
                ),
            };
            let label = self.broadcast_audience_label(broadcast).await?;
            lines.push(format!(
                "#{} · {when} · {} · {state}",
                broadcast.id,
                escape(&label)
            ));
        }
        Ok(vec![Reply::to(chat, Message::html(lines.join("\n")))])
    }

    /// The recipients a broadcast did not reach cleanly, as a CSV file for the lead.
    pub(crate) async fn broadcast_problems_file(&self, inbound: &Inbound, id: i64) -> Handled {
        let problems = self.store.delivery_problems(id).await?;
        let mut csv = csv::Writer::from_writer(Vec::new());
        let mut rows = vec![["name", "status", "reason"].map(str::to_owned)];
        rows.extend(problems.iter().map(|p| {
            [
                p.name.clone(),
                p.status.as_str().to_owned(),
                p.error.clone().unwrap_or_default(),
            ]
        }));
        for row in rows {
            csv.write_record(&row).map_err(anyhow::Error::from)?;
        }
        let content = csv.into_inner().map_err(anyhow::Error::from)?;
        Ok(vec![Reply::document(
            &inbound.chat,
            &format!("broadcast-{id}-not-reached.csv"),
            content,
            &format!("Broadcast #{id}: who it did not reach cleanly"),
        )])
    }
}

fn ids(fellows: Vec<Fellow>, keep: impl Fn(&Fellow) -> bool) -> Vec<i64> {
    fellows
        .into_iter()
        .filter(|f| keep(f))
        .map(|f| f.user_id)
        .collect()
}
