//! Safety triage: before anything else, every free-text message is read for a crisis (thoughts
//! of suicide or self-harm), an emergency (danger to life now) or a request for clinical advice.
//! This module owns the rules, what the bot says and where (`conversation`: help first).
//!
//! Recall comes first: a missed crisis is far worse than a kind signpost shown once too often.
//! Idioms ("dying to know", "this rota is killing me") are taken out before reading the rest.

mod clinical;
mod concepts;
pub mod conversation;
mod crisis;
mod emergency;
mod idioms;
mod model;
mod normalise;
mod patterns;
pub mod press;
pub mod signposts;
mod urgency;

pub use emergency::EmergencyKind;
pub use press::ContactMe;

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

pub use model::warm_up;

/// What the triage found, and whether the model alone saw it (the word patterns did not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub triage: Triage,
    pub by_model_alone: bool,
}

/// Reads one message: the word patterns first, then the model for what they may have missed.
pub fn triage(text: &str) -> Triage {
    read(text).triage
}

/// The triage with where it came from, for callers that can weigh the model's word against
/// other evidence (the knowledge base answering it outright).
pub fn read(text: &str) -> Reading {
    let normalised = normalise::normalise(text);
    let by_patterns = by_patterns(&normalised);
    let triage = with_model(&normalised, by_patterns, &model::judge);
    Reading {
        triage,
        by_model_alone: triage != by_patterns,
    }
}

/// The triage of a normalised message with a given model (tests measure other models).
#[cfg(test)]
fn triage_with(normalised: &str, judge: &dyn Fn(&str) -> Option<(model::Class, f64)>) -> Triage {
    with_model(normalised, by_patterns(normalised), judge)
}

/// What the model adds to the word patterns' reading.
fn with_model(
    normalised: &str,
    by_patterns: Triage,
    judge: &dyn Fn(&str) -> Option<(model::Class, f64)>,
) -> Triage {
    if by_patterns.needs_help_now() {
        return by_patterns;
    }
    // The model only adds help; a question about a patient stays a clinical question.
    let about_a_patient = clinical::about_a_patient(normalised);
    match judge(normalised) {
        Some((model::Class::Crisis, _)) if !about_a_patient => Triage::Crisis,
        Some((model::Class::Emergency, _))
            if urgency::danger_now(
                normalised,
                by_patterns == Triage::Clinical,
                about_a_patient,
            ) =>
        {
            Triage::Emergency(EmergencyKind::DangerToLife)
        }
        Some((model::Class::Clinical, _)) if by_patterns == Triage::Clear && about_a_patient => {
            Triage::Clinical
        }
        _ => by_patterns,
    }
}

/// What the word patterns make of a normalised message.
fn by_patterns(normalised: &str) -> Triage {
    let plain = idioms::without_idioms(normalised);
    let clinical = clinical::asks_for_clinical_advice(normalised);
    let emergency = emergency::emergency_in(&plain);
    let patient = clinical::about_a_patient(normalised);
    // "Management of paracetamol overdose" is a question about a patient, and "what number do
    // I dial for a cardiac arrest? it's for my induction quiz" one about the job; "my patient
    // is not breathing, help" is both, and help comes first.
    let emergency = emergency.filter(|_| urgency::danger_now(&plain, clinical, patient));
    if crisis::shows_crisis(&plain) {
        // "He said he was going to end it and now I can't wake him" is his emergency, and "he
        // has a knife, I locked myself in" is hers: a crisis read between the lines gives way
        // to violence named outright.
        return match emergency {
            Some(kind)
                if crisis::someone_else_in_danger(&plain)
                    || (kind == EmergencyKind::DomesticAbuse
                        && !crisis::in_so_many_words(&plain)) =>
            {
                Triage::Emergency(kind)
            }
            _ => Triage::Crisis,
        };
    }
    if let Some(kind) = emergency {
        return Triage::Emergency(kind);
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
