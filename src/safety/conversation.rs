//! Help first: the conversation when the safety triage finds a crisis or an emergency, in any
//! state and any chat, and the "ask a pastoral lead to contact me" button. Nothing of what the
//! person wrote is stored or logged; only a count per day.

use crate::chat::{ChatError, ChatRef, Handled, Inbound, Reply, feature_slice};

use crate::fellows::Role;
use crate::fellows::conversation::Leads;
use crate::message::Message;
use crate::safety::{Triage, signposts};
use crate::store::BotStatus;

feature_slice!(
    /// Help first: the signposts for a crisis or an emergency, and the pastoral contact button.
    HelpFirst
);

impl HelpFirst<'_> {
    /// Answers a crisis or an emergency where it was said, and privately too when it was said
    /// in a group and the person has started the bot.
    pub async fn help_first(&self, inbound: &Inbound, triage: Triage) -> Handled {
        let Some(kind) = triage.label() else {
            return Ok(Vec::new());
        };
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        self.store.count_safety_message(kind, today).await?;
        // The log says that help was shown, never what was written.
        tracing::info!(
            kind,
            private = inbound.chat.is_private(),
            "safety signposts shown"
        );
        let full = match triage {
            Triage::Emergency(emergency) => signposts::emergency_message(emergency),
            _ => signposts::crisis_message(),
        };
        let chat = &inbound.chat;
        if chat.is_private() {
            return Ok(vec![Reply::to(chat, full)]);
        }
        let private = ChatRef::private(inbound.from.id);
        let reachable = self.store.chat_status(inbound.from.id).await? == Some(BotStatus::Member);
        let in_group = match triage {
            Triage::Emergency(emergency) => signposts::emergency_message(emergency),
            _ => signposts::crisis_in_group(&inbound.from.first_name, reachable),
        };
        let mut replies = vec![Reply::to(chat, in_group)];
        if reachable {
            replies.push(Reply::to(&private, full));
        }
        Ok(replies)
    }

    /// "Ask a pastoral lead to contact me": alerts the pastoral leads (at the fellow's trust
    /// first) with the fellow's name and nothing of what they wrote; once a day.
    pub async fn on_contact_me_button(&self, inbound: &Inbound, query_id: &str) -> Handled {
        let chat = &inbound.chat;
        let user = inbound.from.id;
        let today = self
            .now()
            .with_timezone(&self.settings.timezone)
            .date_naive();
        let first_today = self
            .store
            .claim_lead_alert("pastoral-contact", user, &today.to_string())
            .await?;
        if !first_today {
            return Ok(Reply::notice(
                chat,
                query_id,
                "I've already asked a pastoral lead to contact you today. If you need help now, please use the numbers above.",
            ));
        }
        let fellow = self.store.fellow(user).await?;
        let trust = fellow.as_ref().map(|f| f.trust.as_str());
        let name = self.display_name(user).await?;
        let alert =
            signposts::contact_request_for_leads(&name, inbound.from.username.as_deref(), trust);
        let mut replies = Vec::new();
        for lead in self.pastoral_leads_for(trust).await? {
            replies.push(Reply::to(&ChatRef::private(lead), alert.clone()));
        }
        let answer = if replies.is_empty() {
            tracing::warn!("a fellow asked for a pastoral lead, and no lead can be reached");
            "I couldn't reach a pastoral lead through me just now. Please use the numbers above, or /contacts for the programme team."
        } else {
            "Thank you. I've asked a pastoral lead to contact you. If you need help before then, please use the numbers above."
        };
        replies.push(Reply::to(chat, Message::html(answer)));
        replies.push(Reply::answer_button(chat, query_id, None));
        Ok(replies)
    }

    /// Pastoral leads at `trust` who can be messaged; else any pastoral lead; else the other
    /// leads and admins.
    async fn pastoral_leads_for(&self, trust: Option<&str>) -> Result<Vec<i64>, ChatError> {
        let holders = self.store.role_holders().await?;
        let mut reachable = Vec::new();
        for holder in holders.iter().filter(|h| h.role == Role::PastoralLead) {
            if self.reachable(holder.user_id).await? {
                reachable.push((holder.user_id, holder.trust.clone()));
            }
        }
        let at_trust: Vec<i64> = reachable
            .iter()
            .filter(|(_, t)| trust.is_some() && t.as_deref() == trust)
            .map(|(id, _)| *id)
            .collect();
        if !at_trust.is_empty() {
            return Ok(at_trust);
        }
        if !reachable.is_empty() {
            let mut all: Vec<i64> = reachable.into_iter().map(|(id, _)| id).collect();
            all.sort_unstable();
            all.dedup();
            return Ok(all);
        }
        let leads = Leads::new(self).to_leads(trust, "").await?;
        Ok(leads.into_iter().map(|r| r.chat_id).collect())
    }
}
