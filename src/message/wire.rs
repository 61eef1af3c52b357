//! The small pieces every button's callback data is written with, and read back strictly: a
//! number exactly as written (no sign, no leading spaces), yes/no, a trust's short name.

/// A number as `encode` writes it: digits only (no sign, no spaces), within its type.
pub fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// An id from the store: see [`number`].
pub fn id(text: &str) -> Option<i64> {
    number(text)
}

pub fn yes_no(yes: bool) -> &'static str {
    if yes { "yes" } else { "no" }
}

pub fn read_yes_no(text: &str) -> Option<bool> {
    match text {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// A trust's short name, as the settings allow it.
pub fn trust(text: &str) -> Option<String> {
    crate::config::is_trust_code(text).then(|| text.to_owned())
}
