//! What the terminal shows of the core's replies: the console user's own messages in full with
//! numbered buttons, and a one-line note for each message that went to someone else.

use std::collections::HashMap;

use super::screen::plain_text;
use crate::chat::{Action, Reply};
use crate::message::{ButtonAction, Message};

/// How much of a message to someone else is shown on its line.
const GLIMPSE_CHARS: usize = 70;

/// Buttons on screen, numbered in the order they were printed. A turn that shows new buttons
/// starts the numbers again; every message of that turn keeps its own buttons (five session
/// cards give ten numbers, each acting on its own card).
#[derive(Default)]
pub(super) struct Buttons {
    shown: Vec<ShownButton>,
    last_number: usize,
}

struct ShownButton {
    number: usize,
    message_id: i32,
    action: ButtonAction,
}

impl Buttons {
    /// The button typed as `#number`, with the message it sits under.
    pub(super) fn get(&self, number: usize) -> Option<(i32, &ButtonAction)> {
        self.shown
            .iter()
            .find(|b| b.number == number)
            .map(|b| (b.message_id, &b.action))
    }

    fn forget_message(&mut self, message_id: i32) {
        self.shown.retain(|b| b.message_id != message_id);
    }

    fn show(&mut self, message_id: i32, message: &Message) -> String {
        let mut out = String::new();
        for row in &message.buttons {
            let labels: Vec<String> = row
                .iter()
                .map(|button| {
                    self.last_number += 1;
                    self.shown.push(ShownButton {
                        number: self.last_number,
                        message_id,
                        action: button.action.clone(),
                    });
                    format!("[#{}] {}", self.last_number, button.label)
                })
                .collect();
            out.push_str(&labels.join("   "));
            out.push('\n');
        }
        out
    }

    fn clear(&mut self) {
        self.shown.clear();
        self.last_number = 0;
    }
}

/// The screen's side of one turn: whose chat is on screen, who the others are, the buttons.
pub(super) struct Screen<'a> {
    pub own_chat: i64,
    /// Names of the other chats replies went to this turn.
    pub names: &'a HashMap<i64, String>,
    pub buttons: &'a mut Buttons,
    pub next_message_id: &'a mut i32,
}

impl Screen<'_> {
    /// Renders one turn's replies.
    pub(super) fn render(&mut self, replies: &[Reply]) -> String {
        let mut out = String::new();
        let mut first_buttons = true;
        for reply in replies {
            if reply.chat_id != self.own_chat {
                if let Some(line) = self.to_someone_else(reply) {
                    out.push_str(&line);
                }
                continue;
            }
            let (message_id, message) = match &reply.action {
                Action::Send(message) | Action::SendTracked { message, .. } => {
                    *self.next_message_id += 1;
                    (*self.next_message_id, message)
                }
                Action::Edit {
                    message_id,
                    message,
                } => {
                    out.push_str("(updated)\n");
                    self.buttons.forget_message(*message_id);
                    (*message_id, message)
                }
                Action::EditButtons {
                    message_id,
                    buttons: rows,
                } if rows.is_empty() => {
                    self.buttons.forget_message(*message_id);
                    continue;
                }
                other => {
                    out.push_str(&other_action(other));
                    continue;
                }
            };
            out.push_str(&plain_text(&message.html));
            out.push('\n');
            if !message.buttons.is_empty() {
                let is_new = !matches!(reply.action, Action::Edit { .. });
                if first_buttons && is_new {
                    self.buttons.clear();
                    first_buttons = false;
                }
                out.push_str(&self.buttons.show(message_id, message));
            }
            out.push('\n');
        }
        out
    }

    /// "→ to Amaka: 🎉 A place came up…": a message the bot sent to another chat, shown as a
    /// delivery, never as if it were the console user's own.
    fn to_someone_else(&self, reply: &Reply) -> Option<String> {
        let glimpse = match &reply.action {
            Action::Send(message)
            | Action::SendTracked { message, .. }
            | Action::Edit { message, .. } => first_line(&plain_text(&message.html)),
            Action::Copy { message_id, .. } => format!("(a copy of message {message_id})"),
            Action::SendPhoto { file_name, .. } | Action::SendDocument { file_name, .. } => {
                format!("📎 {file_name}")
            }
            Action::EditButtons { .. }
            | Action::Delete { .. }
            | Action::Pin { .. }
            | Action::AnswerButton { .. } => return None,
        };
        let name = self
            .names
            .get(&reply.chat_id)
            .cloned()
            .unwrap_or_else(|| format!("chat {}", reply.chat_id));
        Some(format!("→ to {name}: {glimpse}\n"))
    }
}

fn other_action(action: &Action) -> String {
    match action {
        Action::SendPhoto { file_name, .. } => format!("🖼 {file_name}\n\n"),
        Action::Copy { message_id, .. } => format!("(a copy of message {message_id})\n\n"),
        Action::SendDocument {
            file_name, content, ..
        } => format!("📎 {file_name}\n{}\n\n", String::from_utf8_lossy(content)),
        Action::AnswerButton {
            notice: Some(notice),
            ..
        } => format!("ℹ {notice}\n"),
        _ => String::new(),
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut glimpse: String = line.trim().chars().take(GLIMPSE_CHARS).collect();
    if line.trim().chars().count() > GLIMPSE_CHARS || text.trim().lines().count() > 1 {
        glimpse.push('…');
    }
    glimpse
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::Button;

    fn card(id: i64) -> Message {
        Message::html(format!("Session {id}")).with_buttons(vec![vec![
            Button::url("Going", format!("https://example.org/g{id}")),
            Button::url("Can't go", format!("https://example.org/n{id}")),
        ]])
    }

    #[test]
    fn every_card_of_a_turn_keeps_its_own_buttons() {
        let replies: Vec<Reply> = (1..=3).map(|id| Reply::send(7, None, card(id))).collect();
        let (mut buttons, mut next_id) = (Buttons::default(), 0);
        let names = HashMap::new();
        let text = Screen {
            own_chat: 7,
            names: &names,
            buttons: &mut buttons,
            next_message_id: &mut next_id,
        }
        .render(&replies);
        assert!(text.contains("[#3] Going"), "{text}");
        let (first_card, _) = buttons.get(1).unwrap();
        let (last_card, _) = buttons.get(6).unwrap();
        assert_ne!(first_card, last_card);
        assert!(matches!(buttons.get(3), Some((_, ButtonAction::Url(u))) if u.ends_with("g2")));
    }

    #[test]
    fn a_message_to_someone_else_is_one_labelled_line() {
        let names = HashMap::from([(9, "Amaka".to_owned())]);
        let (mut buttons, mut next_id) = (Buttons::default(), 0);
        let text = Screen {
            own_chat: 7,
            names: &names,
            buttons: &mut buttons,
            next_message_id: &mut next_id,
        }
        .render(&[Reply::send(9, None, card(1))]);
        assert_eq!(text, "→ to Amaka: Session 1\n");
        assert!(
            buttons.get(1).is_none(),
            "their buttons are not pressable here"
        );
    }
}
