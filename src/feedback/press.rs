//! The feedback buttons: a form's rating, skip and naming, the services, "you said, we did".

use crate::feedback::Rating;
use crate::message::Payload;
use crate::message::wire::{id, number};

/// Programme services fellows can give feedback on at any time: (key, title).
pub(crate) const SERVICES: [(&str, &str); 4] = [
    ("buddy", "The buddy scheme"),
    ("pastoral", "Pastoral support"),
    ("induction", "Induction"),
    ("bot", "Chatting with me"),
];

/// A service's name as the leads' reports show it (the buttons speak as the assistant).
pub(crate) fn service_title(key: &str, label: &'static str) -> &'static str {
    match key {
        "bot" => "The fellowship assistant",
        _ => label,
    }
}

/// A press on a feedback button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackPress {
    /// Open this form (`fb:start:<form>`).
    Start(i64),
    /// A star rating on this form (`fb:r:<form>:<1-5>`).
    Rate { form: i64, rating: Rating },
    /// Skip the question, keeping any earlier answer (`fb:k:<form>`).
    Skip(i64),
    /// Save the kept start of a too-long answer (`fb:draft:<form>`).
    UseDraft(i64),
    /// Keep the answers anonymous (`fb:anon:<form>`).
    Anonymous(i64),
    /// Add my name to the answers (`fb:name:<form>`).
    Named(i64),
    /// "Not this time" (`fb:no:<form>`).
    NotNow(i64),
    /// Feedback on a programme service, by its key (`fb:svc:<key>`).
    Service(&'static str),
    /// Leads: send a closed cycle's "you said, we did" to its fellows (`fb:tell:<cycle>`).
    Tell(i64),
}

impl FeedbackPress {
    /// The press from the data after `fb:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        let fields: Vec<&str> = rest.split(':').collect();
        let press = match fields.as_slice() {
            ["start", form] => Self::Start(id(form)?),
            ["r", form, stars] => Self::Rate {
                form: id(form)?,
                rating: Rating::new(number(stars)?)?,
            },
            ["k", form] => Self::Skip(id(form)?),
            ["draft", form] => Self::UseDraft(id(form)?),
            ["anon", form] => Self::Anonymous(id(form)?),
            ["name", form] => Self::Named(id(form)?),
            ["no", form] => Self::NotNow(id(form)?),
            ["svc", key] => Self::Service(SERVICES.iter().find(|(k, _)| k == key)?.0),
            ["tell", cycle] => Self::Tell(id(cycle)?),
            _ => return None,
        };
        Some(press)
    }
}

impl Payload for FeedbackPress {
    fn encode(&self) -> String {
        match self {
            Self::Start(form) => format!("fb:start:{form}"),
            Self::Rate { form, rating } => format!("fb:r:{form}:{}", rating.value()),
            Self::Skip(form) => format!("fb:k:{form}"),
            Self::UseDraft(form) => format!("fb:draft:{form}"),
            Self::Anonymous(form) => format!("fb:anon:{form}"),
            Self::Named(form) => format!("fb:name:{form}"),
            Self::NotNow(form) => format!("fb:no:{form}"),
            Self::Service(key) => format!("fb:svc:{key}"),
            Self::Tell(cycle) => format!("fb:tell:{cycle}"),
        }
    }
}
