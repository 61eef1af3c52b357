//! The fellows' buttons: registration and profile edits (`reg:…`, `prof:…`), and /forgetme's
//! "delete it all?" (`forget:…`).

use crate::fellows::registration::Step;
use crate::message::Payload;
use crate::message::wire::{read_yes_no, trust, yes_no};

/// A press on the registration form or the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrationPress {
    /// "Yes, register me" or "Not now" (`reg:consent:yes`, `reg:consent:no`).
    Consent(bool),
    /// Use the name Telegram gave (`reg:name:keep`).
    KeepName,
    /// The trust the fellow joins (`reg:trust:<TRUST>`).
    Trust(String),
    /// Change one answer of the registration (`prof:<step>`).
    Edit(Step),
}

impl RegistrationPress {
    /// The form step this press answers and the answer, as the form reads it; None for an
    /// edit, which opens a step instead.
    pub fn answer(&self) -> Option<(Step, &str)> {
        match self {
            Self::Consent(yes) => Some((Step::Consent, yes_no(*yes))),
            Self::KeepName => Some((Step::Name, KEEP)),
            Self::Trust(trust) => Some((Step::Trust, trust)),
            Self::Edit(_) => None,
        }
    }

    /// The press from the data after `reg:` or `prof:` (the `family`).
    pub(crate) fn decode(family: &str, rest: &str) -> Option<Self> {
        if family == "prof" {
            return Step::parse(rest).map(Self::Edit);
        }
        match rest.split_once(':')? {
            ("consent", answer) => read_yes_no(answer).map(Self::Consent),
            ("name", KEEP) => Some(Self::KeepName),
            ("trust", code) => trust(code).map(Self::Trust),
            _ => None,
        }
    }
}

impl Payload for RegistrationPress {
    fn encode(&self) -> String {
        match self {
            Self::Consent(yes) => format!("reg:consent:{}", yes_no(*yes)),
            Self::KeepName => format!("reg:name:{KEEP}"),
            Self::Trust(trust) => format!("reg:trust:{trust}"),
            Self::Edit(step) => format!("prof:{}", step.as_str()),
        }
    }
}

/// "Use the name Telegram gave", as the form reads it.
const KEEP: &str = "keep";

/// The answer to /forgetme's "delete it all?" (`forget:yes`, `forget:no`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forget(pub bool);

impl Payload for Forget {
    fn encode(&self) -> String {
        format!("forget:{}", yes_no(self.0))
    }
}

impl Forget {
    /// The press from the data after `forget:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        read_yes_no(rest).map(Self)
    }
}
