//! What the bot says, below every feature: a [`Message`] in Telegram's HTML subset with its
//! [`Button`]s, [`escape`] for text put inside it, and the [`Payload`] a press button carries
//! (each feature owns its own payloads and how they read back).

mod button;
pub mod wire;

pub use button::{Button, ButtonAction, DATA_LIMIT, Payload};

/// A message in Telegram's HTML subset (b, i, a, code, pre), with optional buttons under it.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Message {
    pub html: String,
    pub buttons: Vec<Vec<Button>>,
}

impl Message {
    pub fn html(html: impl Into<String>) -> Self {
        Self {
            html: html.into(),
            buttons: Vec::new(),
        }
    }

    pub fn with_buttons(mut self, buttons: Vec<Vec<Button>>) -> Self {
        self.buttons = buttons;
        self
    }
}

/// Escapes text for Telegram HTML: only `&`, `<` and `>` matter (and `"` inside attributes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_in_names_is_escaped() {
        assert_eq!(
            escape("<b>Ann & \"Bo\"</b>"),
            "&lt;b&gt;Ann &amp; &quot;Bo&quot;&lt;/b&gt;"
        );
    }
}
