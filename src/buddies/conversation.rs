//! The buddy scheme in conversation: leads assign (or ask for suggestions) with /buddy, both
//! people are introduced, and /mybuddy and /buddyreport show the pairings. The two-week
//! check-in is in `checkins`.

use super::{BuddyCandidate, CheckIns, suggest_buddies};
use crate::buddies::press::BuddyPress;
use crate::chat::{ChatError, ChatRef, Handled, Inbound, Reply, feature_slice};
use crate::fellows::{Fellow, Role};
use crate::message::{Button, Message, escape};

feature_slice!(
    /// The buddy scheme in conversation: /buddy, /mybuddy, /buddyreport and their buttons.
    Buddies
);

impl Buddies<'_> {
    pub(super) async fn fellows_without_buddy(&self) -> Result<Message, ChatError> {
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
        let mut lines = vec![
            "<b>Buddies</b>\nAssign: /buddy fellow, buddy · Suggest: /buddy fellow (a name, @username or id) · Report: /buddyreport".to_owned(),
        ];
        let mut buttons = Vec::new();
        if waiting.is_empty() {
            lines.push("Every registered fellow has a buddy. ✅".into());
        } else {
            lines.push(format!(
                "\n{} without a buddy, newest first:",
                crate::chat::texts::count(waiting.len(), "fellow", "fellows")
            ));
        }
        for fellow in waiting.iter().take(10) {
            lines.push(format!(
                "• {} ({}, starts {})",
                escape(&fellow.name),
                escape(&fellow.trust),
                fellow.start_date.format("%-d %b %Y")
            ));
            buttons.push(vec![Button::press(
                format!("Suggest a buddy for {}", fellow.name),
                BuddyPress::Suggest(fellow.user_id),
            )]);
        }
        Ok(Message::html(lines.join("\n")).with_buttons(buttons))
    }

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

    pub(super) async fn suggestions(&self, fellow: &Fellow) -> Result<Message, ChatError> {
        let candidates = self.candidates().await?;
        let previous: Vec<i64> = self
            .store
            .buddy_pairs()
            .await?
            .iter()
            .filter(|p| p.fellow_id == fellow.user_id)
            .map(|p| p.buddy_id)
            .collect();
        let best = suggest_buddies(fellow, &candidates, &previous);
        if best.is_empty() {
            return Ok(Message::html(format!(
                "No buddy at {} fits {} (same trust, not a previous buddy). Give someone the buddy role with /grant, or assign directly with /buddy fellow, buddy.",
                escape(&fellow.trust),
                escape(&fellow.name)
            )));
        }
        let mut lines = vec![format!(
            "<b>Suggested buddies for {}</b> ({}, {})",
            escape(&fellow.name),
            escape(&fellow.trust),
            escape(&fellow.specialty)
        )];
        let mut buttons = Vec::new();
        for candidate in best {
            lines.push(format!(
                "• {}: {}, looks after {} now",
                escape(&candidate.name),
                escape(&candidate.specialty),
                candidate.current_load
            ));
            let press = BuddyPress::Assign {
                fellow: fellow.user_id,
                buddy: candidate.user_id,
            };
            buttons.push(vec![Button::press(
                format!("Assign {}", candidate.name),
                press,
            )]);
        }
        Ok(Message::html(lines.join("\n")).with_buttons(buttons))
    }

    pub(super) async fn assign_buddy(
        &self,
        inbound: &Inbound,
        fellow: &Fellow,
        buddy_id: i64,
    ) -> Handled {
        let chat = &inbound.chat;
        if buddy_id == fellow.user_id {
            return Ok(vec![Reply::to(
                chat,
                Message::html("A fellow cannot be their own buddy."),
            )]);
        }
        let now = self.now();
        let pair_id = self
            .store
            .assign_buddy(fellow.user_id, buddy_id, inbound.from.id, now)
            .await?;
        CheckIns::new(self.ctx)
            .schedule_checkin(pair_id, now)
            .await?;
        let buddy_name = self.display_name(buddy_id).await?;
        self.store
            .record_audit(
                inbound.from.id,
                "buddy",
                &format!(
                    "{buddy_id} ({buddy_name}) for {} ({})",
                    fellow.user_id, fellow.name
                ),
                now,
            )
            .await?;

        let buddy_handle = self.introduction_handle_of(buddy_id).await?;
        let fellow_handle = self.introduction_handle_of(fellow.user_id).await?;
        let mut replies = Vec::new();
        let mut warnings = Vec::new();
        if self.reachable(buddy_id).await? {
            let text = format!(
                "🤝 You are now the buddy of <b>{}</b> {fellow_handle}, {} at {}, starting {}. Please send them a hello this week: it helps more than you think. /mybuddy shows your fellows.",
                escape(&fellow.name),
                escape(&fellow.specialty),
                escape(&fellow.trust),
                fellow.start_date.format("%-d %B %Y")
            );
            replies.push(Reply::to(&ChatRef::private(buddy_id), Message::html(text)));
            replies.extend(
                self.open_chat_button(
                    buddy_id,
                    fellow.user_id,
                    &format!("💬 Message {}", fellow.name),
                )
                .await?,
            );
        } else {
            warnings.push(format!(
                "⚠️ {} hasn't started me (or blocked me), so I couldn't introduce them. Please tell them yourself, and ask them to send /start to me.",
                escape(&buddy_name)
            ));
        }
        if self.reachable(fellow.user_id).await? {
            let text = format!(
                "🤝 Meet your buddy: <b>{}</b> {buddy_handle}. They are a fellow who has been where you are now: message them with any question, big or small. /mybuddy shows this again.",
                escape(&buddy_name)
            );
            replies.push(Reply::to(
                &ChatRef::private(fellow.user_id),
                Message::html(text),
            ));
            replies.extend(
                self.open_chat_button(fellow.user_id, buddy_id, "💬 Message your buddy")
                    .await?,
            );
        } else {
            warnings.push(format!(
                "⚠️ I can't message {} privately, so they don't know yet.",
                escape(&fellow.name)
            ));
        }
        let mut text = format!(
            "✅ {} is now {}'s buddy. I'll ask {} in two weeks whether they have been in touch.",
            escape(&buddy_name),
            escape(&fellow.name),
            escape(&fellow.name)
        );
        for warning in warnings {
            text.push_str("\n\n");
            text.push_str(&warning);
        }
        replies.insert(0, Reply::to(chat, Message::html(text)));
        Ok(replies)
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

    /// "(@username)", or a hint when they have none.
    pub(crate) async fn handle_of(&self, user_id: i64) -> Result<String, ChatError> {
        Ok(
            match self.store.person(user_id).await?.and_then(|p| p.username) {
                Some(username) => format!("(@{})", escape(&username)),
                None => {
                    "(no Telegram username: ask the programme team for their contact)".to_owned()
                }
            },
        )
    }

    /// /mybuddy: your buddy, and the fellows you look after.
    pub(crate) async fn my_buddy(&self, inbound: &Inbound) -> Handled {
        let me = inbound.from.id;
        let pairs = self.store.buddy_pairs().await?;
        let mut lines = Vec::new();
        if let Some(pair) = pairs
            .iter()
            .find(|p| p.fellow_id == me && p.ended_at.is_none())
        {
            lines.push(format!(
                "Your buddy is <b>{}</b> {}.",
                escape(&self.display_name(pair.buddy_id).await?),
                self.handle_of(pair.buddy_id).await?
            ));
        }
        let mine: Vec<_> = pairs
            .iter()
            .filter(|p| p.buddy_id == me && p.ended_at.is_none())
            .collect();
        if !mine.is_empty() {
            lines.push("You are the buddy of:".into());
            for pair in mine {
                lines.push(format!(
                    "• <b>{}</b> {}",
                    escape(&self.display_name(pair.fellow_id).await?),
                    self.handle_of(pair.fellow_id).await?
                ));
            }
        }
        if lines.is_empty() {
            lines.push("You don't have a buddy yet. The programme leads assign one to every new fellow; if you are waiting, see /contacts.".into());
        }
        Ok(vec![Reply::to(
            &inbound.chat,
            Message::html(lines.join("\n")),
        )])
    }

    /// /buddyreport: current assignments, check-in answers and each buddy's load. Leads only.
    pub(crate) async fn buddy_report(&self, inbound: &Inbound) -> Handled {
        let pairs = self.store.buddy_pairs().await?;
        let active: Vec<_> = pairs.iter().filter(|p| p.ended_at.is_none()).collect();
        let mut lines = vec![format!(
            "<b>Buddy report</b>: {}",
            crate::chat::texts::count(active.len(), "current pair", "current pairs")
        )];
        let mut load: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for pair in &active {
            let buddy = self.display_name(pair.buddy_id).await?;
            let answer = match pair.checkin_answer.as_deref() {
                Some("yes") => "in touch ✅",
                Some(_) => "not in touch ⚠️",
                None => "check-in pending",
            };
            lines.push(format!(
                "• {} ← {} · since {} · {answer}",
                escape(&self.display_name(pair.fellow_id).await?),
                escape(&buddy),
                pair.assigned_at
                    .with_timezone(&self.settings.timezone)
                    .format("%-d %b %Y")
            ));
            *load.entry(buddy).or_default() += 1;
        }
        if !load.is_empty() {
            lines.push("\n<b>Load</b>".into());
            lines.extend(
                load.iter()
                    .map(|(buddy, count)| format!("• {}: {count}", escape(buddy))),
            );
        }
        Ok(vec![Reply::to(
            &inbound.chat,
            Message::html(lines.join("\n")),
        )])
    }

    /// A press on a buddy button: the leads' suggest and assign, the fellow's check-in.
    pub(crate) async fn on_buddy_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        press: BuddyPress,
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = |text: &str| Ok(Reply::notice(chat, query_id, text));
        if press.is_for_leads() && !self.access(inbound.from.id).await?.lead {
            return notice(crate::chat::texts::leads_only());
        }
        match press {
            BuddyPress::CheckIn { pair, in_touch } => {
                CheckIns::new(self.ctx)
                    .answer_checkin(inbound, query_id, message_id, pair, in_touch)
                    .await
            }
            BuddyPress::Suggest(fellow) => match self.store.fellow(fellow).await? {
                Some(fellow) => Ok(vec![Reply::to(chat, self.suggestions(&fellow).await?)]),
                None => notice("That fellow is no longer registered."),
            },
            BuddyPress::Assign { fellow, buddy } => {
                let Some(fellow) = self.store.fellow(fellow).await? else {
                    return notice("That fellow is no longer registered.");
                };
                // Pressed twice: the pair exists already, so nobody is introduced twice.
                let current = self
                    .store
                    .buddy_pairs()
                    .await?
                    .into_iter()
                    .find(|p| p.fellow_id == fellow.user_id && p.ended_at.is_none());
                if current.is_some_and(|p| p.buddy_id == buddy) {
                    return notice("Already assigned.");
                }
                let mut replies = self.assign_buddy(inbound, &fellow, buddy).await?;
                if let Some(id) = message_id {
                    replies.push(Reply {
                        chat_id: chat.id,
                        thread_id: chat.thread_id,
                        action: crate::chat::Action::EditButtons {
                            message_id: id,
                            buttons: Vec::new(),
                        },
                    });
                }
                Ok(replies)
            }
        }
    }
}
