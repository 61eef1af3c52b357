//! Buttons, and their presses as types: every callback button the core offers carries a
//! [`Press`], written into Telegram's 64 bytes of callback data by `encode` and read back once,
//! by `decode`, when it is pressed. What a press does lives with its feature.

#[cfg(test)]
mod tests;

use crate::broadcast::press::{BroadcastPress, OnBroadcast};
use crate::buddies::press::BuddyPress;
use crate::chat::FormPress;
use crate::faq::press::FaqPress;
use crate::feedback::press::FeedbackPress;
use crate::fellows::press::{Forget, RegistrationPress};
use crate::journey::press::JourneyPress;
use crate::message::{DATA_LIMIT, Payload};
use crate::safety::ContactMe;
use crate::sessions::press::{EqNoneFit, NewSessionPress, SessionPress};

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
    /// The arrival journey: a step done, not for me, how; pausing nudges (`jr:…`).
    Journey(JourneyPress),
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
            "jr" => "This button no longer works. Tap /journey.",
            _ => "This button no longer works. Tap /help.",
        };
        Self { notice }
    }
}

/// The callback data: at most [`DATA_LIMIT`] bytes for every id the bot gives out, every trust
/// short name and every article or session type id its content checks allow. Each feature
/// writes its own.
impl Payload for Press {
    fn encode(&self) -> String {
        match self {
            Self::Faq(press) => press.encode(),
            Self::Registration(press) => press.encode(),
            Self::Form(press) => press.encode(),
            Self::Buddy(press) => press.encode(),
            Self::Session(press) => press.encode(),
            Self::EqNoneFit(months) => EqNoneFit(*months).encode(),
            Self::NewSession(press) => press.encode(),
            Self::Feedback(press) => press.encode(),
            Self::Broadcast(id, press) => OnBroadcast(*id, press.clone()).encode(),
            Self::ContactMe => ContactMe.encode(),
            Self::Forget(yes) => Forget(*yes).encode(),
            Self::Journey(press) => press.encode(),
        }
    }
}

impl Press {
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
            "form" => FormPress::decode(rest).map(Self::Form),
            "bud" => BuddyPress::decode(rest).map(Self::Buddy),
            "ses" => SessionPress::decode(rest).map(Self::Session),
            "eq" => EqNoneFit::decode(rest).map(|EqNoneFit(months)| Self::EqNoneFit(months)),
            "ns" => NewSessionPress::decode(rest).map(Self::NewSession),
            "fb" => FeedbackPress::decode(rest).map(Self::Feedback),
            "bc" => BroadcastPress::decode(rest).map(|(id, press)| Self::Broadcast(id, press)),
            "safety" => ContactMe::decode(rest).map(|ContactMe| Self::ContactMe),
            "forget" => Forget::decode(rest).map(|Forget(yes)| Self::Forget(yes)),
            "jr" => JourneyPress::decode(rest).map(Self::Journey),
            _ => None,
        };
        // Decoding is lenient in places (a key parser that takes aliases, an id of 0 that means
        // "none"); comparing with the canonical form keeps one press per data string.
        press.filter(|p| p.encode() == data).ok_or(expired)
    }
}
