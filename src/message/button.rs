//! A button under a message, and what a press button carries back.

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
    /// Comes back with this data when pressed: a [`Payload`], encoded by [`Button::press`] (at most 64 bytes). Kept as text so stored replies read back as sent.
    Callback(String),
    Url(String),
    /// Opens this https address signed in through Telegram (a `LoginUrl` button): Telegram adds
    /// the person's signed fields. Telegram refuses the message unless the address is on the
    /// domain set for the bot with @BotFather's /setdomain, so send it on its own.
    Login(String),
}

impl Button {
    /// A button that comes back, when pressed, carrying `press` encoded.
    pub fn press(label: impl Into<String>, press: impl Payload) -> Self {
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

    /// A button that opens `url` signed in through Telegram (see [`ButtonAction::Login`]).
    pub fn login(label: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            action: ButtonAction::Login(url.into()),
        }
    }
}

/// What a press button carries: written into Telegram's callback data (at most [`DATA_LIMIT`]
/// bytes) and read back, by the feature that owns it, when it is pressed. A variant's wire form
/// never changes once given out: old buttons live on in chats after an upgrade.
pub trait Payload {
    fn encode(&self) -> String;
}
