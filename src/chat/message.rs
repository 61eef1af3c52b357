//! The core's plain inputs and outputs: who wrote what where, and what to send back.
//! Channels (Telegram, the console) translate to and from these types.

use crate::fellows::without_bidi_controls;
use crate::message::{Button, Message};
pub use crate::store::{BotStatus, ChatKind};

/// Something a person did that the bot should react to.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub chat: ChatRef,
    pub from: Person,
    pub event: Event,
    /// The message's id in its chat, where it is a message (a lead's announcement is copied by it).
    pub message_id: Option<i32>,
    /// The message this one replies to, if any.
    pub reply_to: Option<i32>,
}

impl Inbound {
    /// An event with no message ids (a button press, a membership change, a test's message).
    pub fn new(chat: ChatRef, from: Person, event: Event) -> Self {
        Self {
            chat,
            from,
            event,
            message_id: None,
            reply_to: None,
        }
    }

    /// The same event with bidirectional controls taken out of every name and title in it
    /// (people's Telegram names, the group's title), since the bot shows those to others.
    pub fn with_plain_names(mut self) -> Self {
        self.from.strip_bidi_controls();
        if let Some(title) = &mut self.chat.title {
            *title = without_bidi_controls(title);
        }
        if let Event::MembersJoined(people) = &mut self.event {
            people.iter_mut().for_each(Person::strip_bidi_controls);
        }
        self
    }
}

/// Where a message came from (and where replies go by default).
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRef {
    pub id: i64,
    pub kind: ChatKind,
    pub title: Option<String>,
    /// The forum topic in a group that uses topics; replies go to the same topic.
    pub thread_id: Option<i32>,
}

impl ChatRef {
    pub fn private(user_id: i64) -> Self {
        Self {
            id: user_id,
            kind: ChatKind::Private,
            title: None,
            thread_id: None,
        }
    }

    pub fn is_private(&self) -> bool {
        self.kind == ChatKind::Private
    }
}

/// The person behind an inbound event.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub is_bot: bool,
}

impl Person {
    fn strip_bidi_controls(&mut self) {
        self.first_name = without_bidi_controls(&self.first_name);
        if let Some(last_name) = &mut self.last_name {
            *last_name = without_bidi_controls(last_name);
        }
    }

    pub fn named(id: i64, first_name: impl Into<String>) -> Self {
        Self {
            id,
            first_name: first_name.into(),
            last_name: None,
            username: None,
            is_bot: false,
        }
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A text message; `replying_to_bot` when it answers one of the bot's own messages.
    Text { text: String, replying_to_bot: bool },
    /// A press on one of the bot's buttons.
    Button {
        query_id: String,
        message_id: Option<i32>,
        data: String,
    },
    /// The bot was added to or removed from a group, or blocked or unblocked in a private chat.
    Membership(BotStatus),
    /// A file sent in a private chat; `content` is None when it was not read (too large, or
    /// not a kind the bot reads).
    File {
        name: String,
        content: Option<Vec<u8>>,
    },
    /// People joined a group (bots left out).
    MembersJoined(Vec<Person>),
    /// The group became a supergroup with this id.
    GroupMigrated { to: i64 },
    /// A message the bot cannot read (a sticker, a photo, a voice note...).
    Unsupported,
}

/// One thing to do in answer. Replies are kept (as JSON) until they are settled, so a restart
/// carries on sending where it stopped.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Reply {
    pub chat_id: i64,
    pub thread_id: Option<i32>,
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Action {
    Send(Message),
    /// Replace an earlier message of the bot's (menus navigate in place).
    Edit {
        message_id: i32,
        message: Message,
    },
    /// A message whose id the core needs afterwards (to replace or update it); the channel
    /// reports it back with [`Groups::message_posted`](crate::groups::Groups::message_posted).
    SendTracked {
        message: Message,
        track: Tracked,
    },
    /// Delete one of the bot's messages.
    Delete {
        message_id: i32,
    },
    /// A file, such as a fellow's own data.
    SendDocument {
        file_name: String,
        #[serde(with = "hex_bytes")]
        content: Vec<u8>,
        caption: String,
    },
    /// A picture, such as a chart.
    SendPhoto {
        file_name: String,
        #[serde(with = "hex_bytes")]
        content: Vec<u8>,
        caption: String,
    },
    /// Replace only the buttons under an earlier message (none removes them).
    EditButtons {
        message_id: i32,
        buttons: Vec<Vec<Button>>,
    },
    /// Send a copy of an existing message (its text, formatting and any photo or document).
    Copy {
        from_chat_id: i64,
        message_id: i32,
    },
    /// Pin one of the bot's messages in a group, quietly.
    Pin {
        message_id: i32,
    },
    /// Stop a pressed button's spinner, optionally with a short notice.
    AnswerButton {
        query_id: String,
        notice: Option<String>,
    },
}

/// Why a sent message's id matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Tracked {
    /// A group's welcome, replaced by the next one.
    Welcome,
    /// A session's announcement, whose counts are kept up to date.
    Announcement(i64),
    /// A broadcast's confirmation, which later shows its progress and report.
    BroadcastReport(i64),
}

impl Reply {
    pub fn send(chat_id: i64, thread_id: Option<i32>, message: Message) -> Self {
        Self {
            chat_id,
            thread_id,
            action: Action::Send(message),
        }
    }

    /// A new message in the chat (and forum topic) the inbound event came from.
    pub fn to(chat: &ChatRef, message: Message) -> Self {
        Self::send(chat.id, chat.thread_id, message)
    }

    pub fn document(chat: &ChatRef, file_name: &str, content: Vec<u8>, caption: &str) -> Self {
        Self {
            chat_id: chat.id,
            thread_id: chat.thread_id,
            action: Action::SendDocument {
                file_name: file_name.to_owned(),
                content,
                caption: caption.to_owned(),
            },
        }
    }

    pub fn edit(chat: &ChatRef, message_id: i32, message: Message) -> Self {
        Self {
            chat_id: chat.id,
            thread_id: chat.thread_id,
            action: Action::Edit {
                message_id,
                message,
            },
        }
    }

    /// The whole answer to a button press that changes nothing: a short notice.
    pub fn notice(chat: &ChatRef, query_id: &str, text: impl Into<String>) -> Vec<Self> {
        vec![Self::answer_button(chat, query_id, Some(text.into()))]
    }

    pub fn answer_button(chat: &ChatRef, query_id: &str, notice: Option<String>) -> Self {
        Self {
            chat_id: chat.id,
            thread_id: chat.thread_id,
            action: Action::AnswerButton {
                query_id: query_id.to_owned(),
                notice,
            },
        }
    }
}

/// File contents in stored replies as hex: half the size of a JSON array of numbers.
mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = String::with_capacity(bytes.len() * 2);
        for byte in bytes {
            text.push(char::from(DIGITS[usize::from(byte >> 4)]));
            text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
        }
        serializer.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.len() % 2 != 0 {
            return Err(D::Error::custom("odd number of hex digits"));
        }
        (0..text.len())
            .step_by(2)
            .map(|at| {
                text.get(at..at + 2)
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    .ok_or_else(|| D::Error::custom("not hex"))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::press::SessionPress;

    #[test]
    fn replies_survive_a_round_trip_through_json() {
        let replies = vec![
            Reply::send(
                -100,
                Some(7),
                Message::html("<b>Hi</b>").with_buttons(vec![vec![
                    Button::press("Go", SessionPress::Going(1)),
                    Button::url("Map", "https://example.org"),
                ]]),
            ),
            Reply::document(
                &ChatRef::private(5),
                "me.json",
                vec![0, 1, 0xfe, 0xff],
                "Yours",
            ),
            Reply {
                chat_id: 5,
                thread_id: None,
                action: Action::SendTracked {
                    message: Message::html("x"),
                    track: Tracked::Announcement(3),
                },
            },
        ];
        let json = serde_json::to_string(&replies).unwrap();
        assert!(json.contains("\"0001feff\""), "{json}");
        let back: Vec<Reply> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, replies);
    }

    #[test]
    fn names_and_titles_reach_the_core_without_bidi_controls() {
        let mut mallory = Person::named(7, "Mal\u{202E}lory");
        mallory.last_name = Some("\u{2066}Smith\u{2069}".into());
        let group = ChatRef {
            title: Some("Fellows\u{202E}".into()),
            ..ChatRef::private(-100)
        };
        let joined = Inbound::new(group, mallory.clone(), Event::MembersJoined(vec![mallory]))
            .with_plain_names();
        assert_eq!(joined.from.first_name, "Mallory");
        assert_eq!(joined.from.last_name.as_deref(), Some("Smith"));
        assert_eq!(joined.chat.title.as_deref(), Some("Fellows"));
        let Event::MembersJoined(people) = &joined.event else {
            panic!("members joined")
        };
        assert_eq!(people[0].first_name, "Mallory");
    }
}
