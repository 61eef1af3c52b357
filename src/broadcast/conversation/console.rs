//! What a lead does to a broadcast that is not tied to a chat message, shared by the chat's
//! buttons and the web console: draft one with its audience, confirm it (now or at a time),
//! cancel it, send it again to those not confirmed; each noted in the audit log.

use chrono::{DateTime, Utc};

use super::{BroadcastReports, Broadcasts};
use crate::broadcast::compose::resendable;
use crate::broadcast::{BroadcastAudience, BroadcastContent, BroadcastStatus};
use crate::chat::ChatError;
use crate::sessions::time::show;
use crate::store::BroadcastRecord;

impl Broadcasts<'_> {
    /// A draft of `content` to `audience` by `author`, not queued until it is confirmed.
    pub async fn draft_for_audience(
        &self,
        author: i64,
        content: &BroadcastContent,
        audience: &BroadcastAudience,
    ) -> Result<i64, ChatError> {
        let id = self
            .store
            .create_broadcast(author, content, self.now())
            .await?;
        self.store
            .set_broadcast_audience(id, audience, false)
            .await?;
        Ok(id)
    }

    /// Queues draft `id` to go at `at` (None: now), its progress shown on `report_message` if
    /// it has one (else its report goes to the author when it is done). False if it was not a
    /// draft with an audience any more (a second press, another tab).
    pub async fn confirm_broadcast(
        &self,
        author: i64,
        id: i64,
        at: Option<DateTime<Utc>>,
        report_message: Option<(i64, i32)>,
    ) -> Result<bool, ChatError> {
        let send_at = at.unwrap_or_else(|| self.now());
        if !self
            .store
            .schedule_broadcast(id, send_at, report_message)
            .await?
        {
            return Ok(false);
        }
        if let Some(broadcast) = self.store.broadcast(id).await? {
            let when = at.map_or_else(|| "now".to_owned(), |at| show(at, self.settings.timezone));
            self.audit_broadcast(author, &broadcast, &when).await?;
        }
        self.wake_broadcasts();
        Ok(true)
    }

    /// Cancels broadcast `id` (a draft, a scheduled one, or one sending); what it was before,
    /// or None if it had already finished.
    pub async fn cancel_broadcast(
        &self,
        author: i64,
        id: i64,
    ) -> Result<Option<BroadcastStatus>, ChatError> {
        let Some(before) = self.store.cancel_broadcast(id, self.now()).await? else {
            return Ok(None);
        };
        self.store
            .record_audit(author, "broadcast cancelled", &format!("#{id}"), self.now())
            .await?;
        Ok(Some(before))
    }

    /// Queues again the copies of broadcast `id` that were not confirmed, where the rule allows
    /// it ([`resendable`]); how many, or None if there was nothing to send again.
    pub async fn resend_unconfirmed(&self, author: i64, id: i64) -> Result<Option<u64>, ChatError> {
        let Some(broadcast) = self.store.broadcast(id).await? else {
            return Ok(None);
        };
        let tally = self.store.delivery_tally(id).await?;
        if resendable(broadcast.status, &tally).is_none() {
            return Ok(None);
        }
        let queued = self.store.resend_unconfirmed(id, self.now()).await?;
        if queued == 0 {
            return Ok(None);
        }
        self.store
            .record_audit(
                author,
                "broadcast resent",
                &format!("#{id} to {queued} not confirmed"),
                self.now(),
            )
            .await?;
        self.wake_broadcasts();
        Ok(Some(queued))
    }

    pub(super) async fn audit_broadcast(
        &self,
        author: i64,
        broadcast: &BroadcastRecord,
        when: &str,
    ) -> Result<(), ChatError> {
        let label = BroadcastReports::new(self)
            .broadcast_audience_label(broadcast)
            .await?;
        let detail = format!("#{} to {label}, {when}", broadcast.id);
        self.store
            .record_audit(author, "broadcast", &detail, self.now())
            .await?;
        Ok(())
    }
}
