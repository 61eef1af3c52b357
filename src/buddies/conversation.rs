//! The buddy scheme in conversation: leads assign (or ask for suggestions) with /buddy, both
//! people are introduced, and /mybuddy and /buddyreport show the pairings. The two-week
//! check-in is in `checkins`.

use super::CheckIns;
use super::assignment::Assigned;
use crate::buddies::press::BuddyPress;
use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};
use crate::fellows::Fellow;
use crate::message::{Button, Message, escape};

feature_slice!(
    /// The buddy scheme in conversation: /buddy, /mybuddy, /buddyreport and their buttons.
    Buddies
);

impl Buddies<'_> {
    pub(super) async fn fellows_without_buddy(&self) -> Result<Message, ChatError> {
        let waiting = self.waiting_fellows().await?;
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

    pub(super) async fn suggestions(&self, fellow: &Fellow) -> Result<Message, ChatError> {
        let best = self.suggested_buddies(fellow).await?;
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
        let buddy_name = match self.pair_buddy(inbound.from.id, fellow, buddy_id).await? {
            Assigned::Paired { buddy_name, .. } => buddy_name,
            Assigned::OwnBuddy => {
                let text = Message::html("A fellow cannot be their own buddy.");
                return Ok(vec![Reply::to(chat, text)]);
            }
        };
        let introductions = self.introductions(fellow, buddy_id).await?;
        let mut text = format!(
            "✅ {} is now {}'s buddy. I'll ask {} in two weeks whether they have been in touch.",
            escape(&buddy_name),
            escape(&fellow.name),
            escape(&fellow.name)
        );
        if let Some(buddy) = &introductions.buddy_unreached {
            text.push_str(&format!(
                "\n\n⚠️ {} hasn't started me (or blocked me), so I couldn't introduce them. Please tell them yourself, and ask them to send /start to me.",
                escape(buddy)
            ));
        }
        if let Some(fellow) = &introductions.fellow_unreached {
            text.push_str(&format!(
                "\n\n⚠️ I can't message {} privately, so they don't know yet.",
                escape(fellow)
            ));
        }
        let mut replies = vec![Reply::to(chat, Message::html(text))];
        replies.extend(introductions.replies);
        Ok(replies)
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
                if self
                    .current_pair(fellow.user_id)
                    .await?
                    .is_some_and(|p| p.buddy_id == buddy)
                {
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
