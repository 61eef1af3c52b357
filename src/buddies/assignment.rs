//! Assigning a buddy, whoever asks (the chat's /buddy and its buttons, the web console): who is
//! waiting, who is suggested, the pairing with its check-in and audit line, and the
//! introductions both people get, sent at once in the chat or as a due job from the console.

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use super::{Buddies, BuddyCandidate, CheckIns, suggest_buddies};
use crate::chat::{ChatError, ChatRef, Reply};
use crate::fellows::{Fellow, Role};
use crate::message::{Button, Message, escape};
use crate::store::BuddyPair;

/// The job kind that introduces a new pair to each other (assignments made in the console).
pub(crate) const BUDDY_INTRODUCTION: &str = "buddy_introduction";

#[derive(Serialize, Deserialize)]
struct IntroductionJob {
    pair_id: i64,
}

/// What assigning a buddy did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assigned {
    /// A new pair; the buddy's name as the bot shows it.
    Paired { pair_id: i64, buddy_name: String },
    /// Nothing: a fellow cannot be their own buddy.
    OwnBuddy,
}

/// The introductions of a new pair, and who of the two the bot could not reach.
pub struct Introductions {
    pub replies: Vec<Reply>,
    /// The buddy's name, when the bot cannot message the buddy.
    pub buddy_unreached: Option<String>,
    /// The fellow's name, when the bot cannot message the fellow.
    pub fellow_unreached: Option<String>,
}

impl Buddies<'_> {
    /// The registered fellows without a current buddy, newest start first.
    pub(crate) async fn waiting_fellows(&self) -> Result<Vec<Fellow>, ChatError> {
        let pairs = self.store.buddy_pairs().await?;
        let has_buddy = |id: i64| {
            pairs
                .iter()
                .any(|p| p.fellow_id == id && p.ended_at.is_none())
        };
        let mut waiting: Vec<Fellow> = self
            .store
            .fellows()
            .await?
            .into_iter()
            .filter(|f| !has_buddy(f.user_id))
            .collect();
        waiting.sort_by_key(|f| std::cmp::Reverse(f.start_date));
        Ok(waiting)
    }

    /// Everyone with the buddy role who is a registered fellow, with their current load.
    async fn candidates(&self) -> Result<Vec<BuddyCandidate>, ChatError> {
        let pairs = self.store.buddy_pairs().await?;
        let fellows = self.store.fellows().await?;
        let holders = self.store.role_holders().await?;
        Ok(holders
            .iter()
            .filter(|h| h.role == Role::Buddy)
            .filter_map(|h| {
                let fellow = fellows.iter().find(|f| f.user_id == h.user_id)?;
                Some(BuddyCandidate {
                    user_id: h.user_id,
                    name: fellow.name.clone(),
                    trust: fellow.trust.clone(),
                    specialty: fellow.specialty.clone(),
                    current_load: pairs
                        .iter()
                        .filter(|p| p.buddy_id == h.user_id && p.ended_at.is_none())
                        .count(),
                })
            })
            .collect())
    }

    /// The buddies suggested for `fellow`, best first (`suggest_buddies`' rules).
    pub(crate) async fn suggested_buddies(
        &self,
        fellow: &Fellow,
    ) -> Result<Vec<BuddyCandidate>, ChatError> {
        let candidates = self.candidates().await?;
        let previous: Vec<i64> = self
            .store
            .buddy_pairs()
            .await?
            .iter()
            .filter(|p| p.fellow_id == fellow.user_id)
            .map(|p| p.buddy_id)
            .collect();
        Ok(suggest_buddies(fellow, &candidates, &previous)
            .into_iter()
            .cloned()
            .collect())
    }

    /// The fellow's current pairing, if they have a buddy.
    pub(crate) async fn current_pair(
        &self,
        fellow_id: i64,
    ) -> Result<Option<BuddyPair>, ChatError> {
        Ok(self
            .store
            .buddy_pairs()
            .await?
            .into_iter()
            .find(|p| p.fellow_id == fellow_id && p.ended_at.is_none()))
    }

    /// Makes `buddy_id` the buddy of `fellow` for `lead`: the pair (ending any earlier one),
    /// its two-week check-in and a line in the audit log. Introducing them is the caller's.
    pub(crate) async fn pair_buddy(
        &self,
        lead: i64,
        fellow: &Fellow,
        buddy_id: i64,
    ) -> Result<Assigned, ChatError> {
        if buddy_id == fellow.user_id {
            return Ok(Assigned::OwnBuddy);
        }
        let now = self.now();
        let pair_id = self
            .store
            .assign_buddy(fellow.user_id, buddy_id, lead, now)
            .await?;
        CheckIns::new(self).schedule_checkin(pair_id, now).await?;
        let buddy_name = self.display_name(buddy_id).await?;
        let detail = format!(
            "{buddy_id} ({buddy_name}) for {} ({})",
            fellow.user_id, fellow.name
        );
        self.store.record_audit(lead, "buddy", &detail, now).await?;
        Ok(Assigned::Paired {
            pair_id,
            buddy_name,
        })
    }

    /// Introduces the pair to each other, privately: the messages, not sent yet.
    pub(crate) async fn introductions(
        &self,
        fellow: &Fellow,
        buddy_id: i64,
    ) -> Result<Introductions, ChatError> {
        let buddy_name = self.display_name(buddy_id).await?;
        let buddy_handle = self.introduction_handle_of(buddy_id).await?;
        let fellow_handle = self.introduction_handle_of(fellow.user_id).await?;
        let mut introductions = Introductions {
            replies: Vec::new(),
            buddy_unreached: None,
            fellow_unreached: None,
        };
        let replies = &mut introductions.replies;
        if self.reachable(buddy_id).await? {
            let text = format!(
                "🤝 You are now the buddy of <b>{}</b> {fellow_handle}, {} at {}, starting {}. Please send them a hello this week: it helps more than you think. /mybuddy shows your fellows.",
                escape(&fellow.name),
                escape(&fellow.specialty),
                escape(&fellow.trust),
                fellow.start_date.format("%-d %B %Y")
            );
            replies.push(Reply::to(&ChatRef::private(buddy_id), Message::html(text)));
            let label = format!("💬 Message {}", fellow.name);
            replies.extend(
                self.open_chat_button(buddy_id, fellow.user_id, &label)
                    .await?,
            );
        } else {
            introductions.buddy_unreached = Some(buddy_name.clone());
        }
        if self.reachable(fellow.user_id).await? {
            let text = format!(
                "🤝 Meet your buddy: <b>{}</b> {buddy_handle}. They are a fellow who has been where you are now: message them with any question, big or small. /mybuddy shows this again.",
                escape(&buddy_name)
            );
            let to = ChatRef::private(fellow.user_id);
            replies.push(Reply::to(&to, Message::html(text)));
            replies.extend(
                self.open_chat_button(fellow.user_id, buddy_id, "💬 Message your buddy")
                    .await?,
            );
        } else {
            introductions.fellow_unreached = Some(fellow.name.clone());
        }
        Ok(introductions)
    }

    /// Has the job worker introduce a new pair now (the console's way to send them).
    pub(crate) async fn schedule_introductions(&self, pair_id: i64) -> Result<(), ChatError> {
        let payload = serde_json::to_string(&IntroductionJob { pair_id })
            .context("writing an introduction job")?;
        let key = format!("{BUDDY_INTRODUCTION}:{pair_id}");
        self.schedule_job(BUDDY_INTRODUCTION, &key, &payload, self.now())
            .await?;
        Ok(())
    }

    /// The due introduction of a pair; nothing once the pair has ended or the fellow left.
    pub(crate) async fn introduction_job(&self, payload: &str) -> Result<Vec<Reply>, ChatError> {
        let job: IntroductionJob =
            serde_json::from_str(payload).context("reading an introduction job")?;
        let Some(pair) = self.store.buddy_pair(job.pair_id).await? else {
            return Ok(Vec::new());
        };
        if pair.ended_at.is_some() {
            return Ok(Vec::new());
        }
        let Some(fellow) = self.store.fellow(pair.fellow_id).await? else {
            return Ok(Vec::new());
        };
        Ok(self.introductions(&fellow, pair.buddy_id).await?.replies)
    }

    /// For `to`, when `other` has no @username: a button that opens a chat with them. Sent
    /// apart from the introduction, because Telegram refuses a whole message whose button
    /// links to someone whose privacy settings forbid it; the introduction still arrives.
    async fn open_chat_button(
        &self,
        to: i64,
        other: i64,
        label: &str,
    ) -> Result<Option<Reply>, ChatError> {
        if self
            .store
            .person(other)
            .await?
            .and_then(|p| p.username)
            .is_some()
        {
            return Ok(None);
        }
        let button = Button::url(label, format!("tg://user?id={other}"));
        let text = "Tap to open a private chat:";
        Ok(Some(Reply::to(
            &ChatRef::private(to),
            Message::html(text).with_buttons(vec![vec![button]]),
        )))
    }

    /// "(@username)", or, for someone without one, how to reach them from an introduction.
    async fn introduction_handle_of(&self, user_id: i64) -> Result<String, ChatError> {
        Ok(
            match self.store.person(user_id).await?.and_then(|p| p.username) {
                Some(username) => format!("(@{})", escape(&username)),
                None => {
                    "(they have no Telegram username: the button below opens a chat with them; \
                     if it doesn't, say hello in the programme group or ask the programme team)"
                        .to_owned()
                }
            },
        )
    }
}
