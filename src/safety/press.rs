//! The button under a crisis answer: "Ask a pastoral lead to contact me" (`safety:contact`).

use crate::message::Payload;

/// A press on "Ask a pastoral lead to contact me".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactMe;

impl Payload for ContactMe {
    fn encode(&self) -> String {
        "safety:contact".to_owned()
    }
}

impl ContactMe {
    /// The press from the data after `safety:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        (rest == "contact").then_some(Self)
    }
}
