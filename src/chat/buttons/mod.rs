//! Buttons, and their presses as types: every callback button the core offers carries a
//! [`Press`], written into Telegram's 64 bytes of callback data by `encode` and read back once,
//! by `decode`, when it is pressed. What a press does lives with its feature.

mod broadcast;
mod faq;
mod feedback;
mod fellows;
mod sessions;
#[cfg(test)]
mod tests;

pub use broadcast::{AudienceMenu, BroadcastPress};
pub use faq::{FaqPress, Shown};
pub use feedback::FeedbackPress;
pub use fellows::{BuddyPress, RegistrationPress};
pub use sessions::{NewSessionPress, SessionPress};

/// Telegram's limit on a button's callback data, in bytes.
pub const DATA_LIMIT: usize = 64;

/// A button under a message: it opens a link, or comes back as a press.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Button {
    pub label: String,
    pub action: ButtonAction,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ButtonAction {
    /// Comes back as [`Event::Button`](crate::chat::Event::Button) with this data: a [`Press`], encoded by
    /// [`Button::press`] (at most 64 bytes). Kept as text so stored replies read back as sent.
    Callback(String),
    Url(String),
}

impl Button {
    /// A button that comes back as [`Event::Button`](crate::chat::Event::Button) carrying `press`, encoded.
    pub fn press(label: impl Into<String>, press: Press) -> Self {
        let data = press.encode();
        debug_assert!(
            data.len() <= DATA_LIMIT,
            "callback data over Telegram's 64 bytes: {data}"
        );
        Self {
            label: label.into(),
            action: ButtonAction::Callback(data),
        }
    }

    pub fn url(label: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            action: ButtonAction::Url(url.into()),
        }
    }
}

/// What a button does when pressed. Old buttons live on in chats after an upgrade, so a variant's
/// wire form (shown on each) is kept as it is; a new meaning gets a new form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Press {
    /// The FAQ menu, answers and their ratings, and the leads' teaching (`faq…`).
    Faq(FaqPress),
    /// The registration form and profile edits (`reg:…`, `prof:…`).
    Registration(RegistrationPress),
    /// Settles text held while a form asked whether it was an answer (`form:…`).
    Form(FormPress),
    /// Buddies: the leads' suggestions and assignments, the fellow's check-in (`bud:…`).
    Buddy(BuddyPress),
    /// A session's RSVP, check-in, calendar file and attendance mark (`ses:…`).
    Session(SessionPress),
    /// "None of these fit", for the 1- or 6-month EQ session (`eq:nofit:<months>`).
    EqNoneFit(u32),
    /// The new-session form, and announcing the session it created (`ns:…`).
    NewSession(NewSessionPress),
    /// Feedback forms, services and "you said, we did" (`fb:…`).
    Feedback(FeedbackPress),
    /// Broadcast `id` being composed, sent or reported (`bc:<action>:<id>…`).
    Broadcast(i64, BroadcastPress),
    /// "Ask a pastoral lead to contact me" (`safety:contact`).
    ContactMe,
    /// The answer to /forgetme's "delete it all?" (`forget:yes`, `forget:no`).
    Forget(bool),
}

/// The two buttons under "Is this your answer, or a question?", naming the held text they settle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormPress {
    /// `form:a:<text>`
    MyAnswer(u32),
    /// `form:q:<text>`
    AQuestion(u32),
}

impl FormPress {
    /// The held text this press settles.
    pub fn text_id(self) -> u32 {
        match self {
            Self::MyAnswer(id) | Self::AQuestion(id) => id,
        }
    }
}

/// Data that is no press any more: stale (an older version's button), forged or cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expired {
    notice: &'static str,
}

impl Expired {
    /// What the person who pressed it is told, pointing at the way back in for its feature.
    pub fn notice(self) -> &'static str {
        self.notice
    }

    fn of(family: &str) -> Self {
        let notice = match family {
            "form" => "This button has expired.",
            "faq" => "This button no longer works. Tap /faq.",
            _ => "This button no longer works. Tap /help.",
        };
        Self { notice }
    }
}

impl Press {
    /// The callback data: at most [`DATA_LIMIT`] bytes for every id the bot gives out, every
    /// trust short name and every article or session type id its content checks allow.
    pub fn encode(&self) -> String {
        match self {
            Self::Faq(press) => press.encode(),
            Self::Registration(press) => press.encode(),
            Self::Form(FormPress::MyAnswer(id)) => format!("form:a:{id}"),
            Self::Form(FormPress::AQuestion(id)) => format!("form:q:{id}"),
            Self::Buddy(press) => press.encode(),
            Self::Session(press) => press.encode(),
            Self::EqNoneFit(months) => format!("eq:nofit:{months}"),
            Self::NewSession(press) => press.encode(),
            Self::Feedback(press) => press.encode(),
            Self::Broadcast(id, press) => press.encode(*id),
            Self::ContactMe => "safety:contact".to_owned(),
            Self::Forget(yes) => format!("forget:{}", yes_no(*yes)),
        }
    }

    /// The press `data` encodes. Only the exact text [`encode`](Self::encode) writes reads
    /// back: anything else (an unknown family or verb, a bad or extra field, a sign or a leading
    /// zero on a number, data over 64 bytes) is [`Expired`], never another press.
    pub fn decode(data: &str) -> Result<Self, Expired> {
        let (family, rest) = data.split_once(':').unwrap_or((data, ""));
        let expired = Expired::of(family);
        if data.len() > DATA_LIMIT {
            return Err(expired);
        }
        let press = match family {
            "faq" => FaqPress::decode(rest).map(Self::Faq),
            "reg" | "prof" => RegistrationPress::decode(family, rest).map(Self::Registration),
            "form" => decode_form(rest).map(Self::Form),
            "bud" => BuddyPress::decode(rest).map(Self::Buddy),
            "ses" => SessionPress::decode(rest).map(Self::Session),
            "eq" => rest
                .strip_prefix("nofit:")
                .and_then(number::<u32>)
                .filter(|months| matches!(months, 1 | 6))
                .map(Self::EqNoneFit),
            "ns" => NewSessionPress::decode(rest).map(Self::NewSession),
            "fb" => FeedbackPress::decode(rest).map(Self::Feedback),
            "bc" => BroadcastPress::decode(rest).map(|(id, press)| Self::Broadcast(id, press)),
            "safety" => (rest == "contact").then_some(Self::ContactMe),
            "forget" => read_yes_no(rest).map(Self::Forget),
            _ => None,
        };
        // Decoding is lenient in places (a key parser that takes aliases, an id of 0 that means
        // "none"); comparing with the canonical form keeps one press per data string.
        press.filter(|p| p.encode() == data).ok_or(expired)
    }
}

fn decode_form(rest: &str) -> Option<FormPress> {
    match rest.split_once(':')? {
        ("a", id) => number(id).map(FormPress::MyAnswer),
        ("q", id) => number(id).map(FormPress::AQuestion),
        _ => None,
    }
}

/// A number as `encode` writes it: digits only (no sign, no spaces), within its type.
fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// An id from the store: see [`number`].
fn id(text: &str) -> Option<i64> {
    number(text)
}

fn yes_no(yes: bool) -> &'static str {
    if yes { "yes" } else { "no" }
}

fn read_yes_no(text: &str) -> Option<bool> {
    match text {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// A trust's short name, as the settings allow it.
fn trust(text: &str) -> Option<String> {
    crate::config::is_trust_code(text).then(|| text.to_owned())
}
