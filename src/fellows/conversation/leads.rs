//! Messages to the leads about fellows (a buddy not in touch, no EQ session that fits, the EQ
//! digest), to those at the fellow's trust and the admins; what the message says is the caller's.

use crate::chat::{ChatError, ChatRef, Reply, feature_slice};

use crate::fellows::Role;
use crate::message::Message;

feature_slice!(
    /// Messages to the leads who can be reached.
    Leads
);

impl Leads<'_> {
    /// Alerts the leads (as [`to_leads`](Self::to_leads)) about a fellow, at most once per
    /// `kind` and day, however often the fellow presses; None if they were alerted today.
    pub async fn alert_leads_once(
        &self,
        kind: &str,
        fellow_id: i64,
        trust: Option<&str>,
        text: &str,
    ) -> Result<Option<Vec<Reply>>, ChatError> {
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive()
            .to_string();
        if !self.store.claim_lead_alert(kind, fellow_id, &today).await? {
            return Ok(None);
        }
        Ok(Some(self.to_leads(trust, text).await?))
    }

    /// Messages to every reachable chief fellow, early support lead and admin (for `trust`).
    pub async fn to_leads(&self, trust: Option<&str>, text: &str) -> Result<Vec<Reply>, ChatError> {
        let mut leads: Vec<i64> = self
            .store
            .role_holders()
            .await?
            .into_iter()
            .filter(|h| {
                matches!(
                    h.role,
                    Role::EarlySupportLead | Role::ChiefFellow | Role::Admin
                )
            })
            .filter(|h| trust.is_none() || h.trust.is_none() || h.trust.as_deref() == trust)
            .map(|h| h.user_id)
            .chain(self.settings.admins.iter().copied())
            .collect();
        leads.sort_unstable();
        leads.dedup();
        let mut replies = Vec::new();
        for lead in leads {
            if self.store.chat_status(lead).await? == Some(crate::store::BotStatus::Member) {
                replies.push(Reply::to(&ChatRef::private(lead), Message::html(text)));
            }
        }
        Ok(replies)
    }
}
