//! Safety triage: before anything else, every free-text message is read for a crisis (thoughts
//! of suicide or self-harm), an emergency (danger to life now) or a request for clinical advice.
//! This module owns the rules and what the bot says; the chat core decides where to say it.
//!
//! Recall comes first: a missed crisis is far worse than a kind signpost shown once too often.
//! Idioms ("dying to know", "this rota is killing me") are taken out before reading the rest.

mod clinical;
mod crisis;
mod emergency;
mod idioms;
mod normalise;
mod patterns;
pub mod signposts;

pub use emergency::EmergencyKind;

/// What the triage makes of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Triage {
    /// Thoughts of suicide or self-harm, hopelessness, an overdose taken, a plan.
    Crisis,
    /// Danger to life now.
    Emergency(EmergencyKind),
    /// Asks for advice on patient care.
    Clinical,
    /// None of these.
    Clear,
}

impl Triage {
    /// The label used in evaluation sets and `faq ask`: crisis, emergency, clinical, or none.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Self::Crisis => Some("crisis"),
            Self::Emergency(_) => Some("emergency"),
            Self::Clinical => Some("clinical"),
            Self::Clear => None,
        }
    }

    /// A crisis or an emergency: help comes before anything else and the text is never kept.
    pub fn needs_help_now(self) -> bool {
        matches!(self, Self::Crisis | Self::Emergency(_))
    }
}

/// Reads one message.
pub fn triage(text: &str) -> Triage {
    let normalised = normalise::normalise(text);
    let plain = idioms::without_idioms(&normalised);
    if crisis::shows_crisis(&plain) {
        return Triage::Crisis;
    }
    let clinical = clinical::asks_for_clinical_advice(&normalised);
    if let Some(kind) = emergency::emergency_in(&plain) {
        // "Management of paracetamol overdose" is a question about a patient, not a call for
        // help; "my patient is not breathing, help" is both, and help comes first.
        if !clinical || happening_now(&plain) {
            return Triage::Emergency(kind);
        }
    }
    // Someone else at risk, but not in danger this minute: the same help as for oneself.
    if crisis::someone_at_risk(&plain) {
        return Triage::Crisis;
    }
    if clinical {
        Triage::Clinical
    } else {
        Triage::Clear
    }
}

/// Words that say it is happening now and help is wanted.
fn happening_now(text: &str) -> bool {
    use std::sync::LazyLock;
    static NOW: LazyLock<patterns::Patterns> = LazyLock::new(|| {
        patterns::Patterns::new(&[
            r"now|right now|just|help|please|urgent|urgently|quick|quickly|asap|emergency|hurry|sos|my (?:friend|wife|husband|son|daughter|child|baby|mum|mother|dad|father|neighbour|flatmate|housemate|colleague|partner|brother|sister)|someone|a man|a woman|in the street|at home|in my (?:flat|house|room)",
        ])
    });
    NOW.matches(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crisis_comes_before_everything() {
        assert_eq!(triage("i feel like ending my life"), Triage::Crisis);
        assert_eq!(
            triage("thinking of jumping from the car park roof after my shift"),
            Triage::Crisis
        );
    }

    #[test]
    fn idioms_are_not_a_crisis_or_an_emergency() {
        for message in [
            "I'm dying to know when the rota comes out",
            "my phone died",
            "killing it at work",
            "dead tired after nights",
            "this rota is killing me",
        ] {
            assert_eq!(triage(message), Triage::Clear, "{message}");
        }
    }

    #[test]
    fn an_idiom_does_not_hide_a_crisis() {
        assert_eq!(
            triage("this rota is killing me, honestly i want to die"),
            Triage::Crisis
        );
    }

    #[test]
    fn a_patient_question_about_an_overdose_is_clinical() {
        assert_eq!(
            triage("management of paracetamol overdose"),
            Triage::Clinical
        );
        assert_eq!(
            triage("my friend took an overdose and is very drowsy"),
            Triage::Emergency(EmergencyKind::Poisoning)
        );
    }
}
