//! The buddy check-in: two weeks after an assignment the fellow is asked whether their buddy
//! has been in touch (a due-row job); "not yet" alerts the leads.

use anyhow::Context as _;
use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::Buddies;
use crate::buddies::press::BuddyPress;
use crate::chat::{ChatError, ChatRef, Handled, Inbound, Reply, feature_slice};
use crate::message::{Button, Message, escape};

/// The job kind of the two-week check-in.
pub(crate) const BUDDY_CHECKIN: &str = "buddy_checkin";
/// How long after an assignment the fellow is asked.
pub const CHECKIN_AFTER: Duration = Duration::days(14);

#[derive(Serialize, Deserialize)]
struct CheckinJob {
    pair_id: i64,
}

feature_slice!(
    /// The two-week buddy check-in: scheduling it, asking it, and the fellow's answer.
    CheckIns
);

impl CheckIns<'_> {
    /// Schedules the check-in for a new pairing.
    pub(crate) async fn schedule_checkin(
        &self,
        pair_id: i64,
        assigned_at: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), ChatError> {
        let payload =
            serde_json::to_string(&CheckinJob { pair_id }).map_err(anyhow::Error::from)?;
        let key = format!("{BUDDY_CHECKIN}:{pair_id}");
        self.schedule_job(BUDDY_CHECKIN, &key, &payload, assigned_at + CHECKIN_AFTER)
            .await?;
        Ok(())
    }

    /// The fellow's answer to the check-in, once; "not yet" alerts the leads.
    pub(crate) async fn answer_checkin(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        pair_id: i64,
        in_touch: bool,
    ) -> Handled {
        let chat = &inbound.chat;
        let Some(pair) = self
            .store
            .buddy_pair(pair_id)
            .await?
            .filter(|p| p.fellow_id == inbound.from.id)
        else {
            return Ok(Reply::notice(
                chat,
                query_id,
                "This question is not for you.",
            ));
        };
        if !self
            .store
            .record_checkin(pair.id, if in_touch { "yes" } else { "no" }, self.now())
            .await?
        {
            return Ok(Reply::notice(
                chat,
                query_id,
                "You've answered already: thank you.",
            ));
        }
        let mut replies = vec![Reply::answer_button(chat, query_id, None)];
        let text = if in_touch {
            "Great, thank you! 🙂 /mybuddy shows your buddy's details any time."
        } else {
            "Thank you for telling us. A lead will be in touch soon; meanwhile /contacts lists who can help."
        };
        replies.push(match message_id {
            Some(id) => Reply::edit(chat, id, Message::html(text)),
            None => Reply::to(chat, Message::html(text)),
        });
        if !in_touch {
            replies.extend(self.alert_leads_about(&pair).await?);
        }
        Ok(replies)
    }

    /// Tells the leads at the fellow's trust that their buddy has not been in touch.
    async fn alert_leads_about(
        &self,
        pair: &crate::store::BuddyPair,
    ) -> Result<Vec<Reply>, ChatError> {
        let fellow = self.store.fellow(pair.fellow_id).await?;
        let trust = fellow.as_ref().map(|f| f.trust.clone());
        let text = format!(
            "⚠️ <b>{}</b> {} says their buddy <b>{}</b> has not been in touch (assigned {}). Could you check in with them?",
            escape(&self.display_name(pair.fellow_id).await?),
            Buddies::new(self.ctx).handle_of(pair.fellow_id).await?,
            escape(&self.display_name(pair.buddy_id).await?),
            pair.assigned_at
                .with_timezone(&self.settings.timezone)
                .format("%-d %B")
        );
        let Some(replies) = crate::fellows::conversation::Leads::new(self)
            .alert_leads_once(
                "buddy-not-in-touch",
                pair.fellow_id,
                trust.as_deref(),
                &text,
            )
            .await?
        else {
            return Ok(Vec::new());
        };
        if replies.is_empty() {
            tracing::warn!(
                pair = pair.id,
                "a fellow's buddy has not been in touch, and no lead can be reached to say so"
            );
        }
        Ok(replies)
    }

    /// The two-week check-in, run by the job worker.
    pub(crate) async fn buddy_checkin_job(&self, payload: &str) -> Result<Vec<Reply>, ChatError> {
        let job: CheckinJob = serde_json::from_str(payload).context("check-in payload")?;
        let Some(pair) = self.store.buddy_pair(job.pair_id).await? else {
            return Ok(Vec::new());
        };
        if pair.ended_at.is_some()
            || pair.checkin_answer.is_some()
            || !self.reachable(pair.fellow_id).await?
        {
            return Ok(Vec::new());
        }
        let text = format!(
            "Hello! It's two weeks since we introduced your buddy, <b>{}</b>. Have they been in touch?",
            escape(&self.display_name(pair.buddy_id).await?)
        );
        let checkin = |in_touch| BuddyPress::CheckIn {
            pair: pair.id,
            in_touch,
        };
        let buttons = vec![vec![
            Button::press("👍 Yes", checkin(true)),
            Button::press("👎 Not yet", checkin(false)),
        ]];
        Ok(vec![Reply::to(
            &ChatRef::private(pair.fellow_id),
            Message::html(text).with_buttons(buttons),
        )])
    }
}
