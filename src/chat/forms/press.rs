//! The two buttons under "Is this your answer, or a question?" (`form:…`).

use crate::message::Payload;
use crate::message::wire::number;

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

impl Payload for FormPress {
    fn encode(&self) -> String {
        match self {
            Self::MyAnswer(id) => format!("form:a:{id}"),
            Self::AQuestion(id) => format!("form:q:{id}"),
        }
    }
}

impl FormPress {
    /// The press from the data after `form:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        match rest.split_once(':')? {
            ("a", id) => number(id).map(Self::MyAnswer),
            ("q", id) => number(id).map(Self::AQuestion),
            _ => None,
        }
    }
}
