//! Feedback after sessions (Situation–Behaviour–Impact), on programme services and when a fellow
//! leaves: the questions and their order, ratings, the anonymity key, what stays beside an
//! anonymous answer (`anonymity`), the leads' report figures (`report`) and the PDSA chart
//! (`chart`), and what the bot says about it (`conversation`).

pub mod anonymity;
pub mod chart;
pub mod conversation;
pub mod press;
pub mod report;

use sha2::{Digest, Sha256};

/// No report or export shows a breakdown of fewer responses than this.
pub const MIN_GROUP: usize = 3;
/// An answer longer than this is refused kindly (a few paragraphs is plenty).
pub const ANSWER_LIMIT: usize = 1_500;

/// What a form asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// A session on the calendar.
    Session,
    /// A programme service: the buddy scheme, pastoral support, an induction, the bot.
    Service,
    /// The exit survey when a fellow leaves.
    Exit,
}

impl FormKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Service => "service",
            Self::Exit => "exit",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "service" => Self::Service,
            "exit" => Self::Exit,
            _ => Self::Session,
        }
    }
}

/// A step of the form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Rating,
    Situation,
    Behaviour,
    Impact,
    Suggestion,
    /// Named or anonymous.
    Named,
    Done,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rating => "rating",
            Self::Situation => "situation",
            Self::Behaviour => "behaviour",
            Self::Impact => "impact",
            Self::Suggestion => "suggestion",
            Self::Named => "named",
            Self::Done => "done",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "situation" => Self::Situation,
            "behaviour" => Self::Behaviour,
            "impact" => Self::Impact,
            "suggestion" => Self::Suggestion,
            "named" => Self::Named,
            "done" => Self::Done,
            _ => Self::Rating,
        }
    }

    /// The step after this one.
    pub fn next(self) -> Self {
        match self {
            Self::Rating => Self::Situation,
            Self::Situation => Self::Behaviour,
            Self::Behaviour => Self::Impact,
            Self::Impact => Self::Suggestion,
            Self::Suggestion => Self::Named,
            Self::Named | Self::Done => Self::Done,
        }
    }

    /// Whether the step takes a typed answer.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Self::Situation | Self::Behaviour | Self::Impact | Self::Suggestion
        )
    }

    /// The question for a text step, by the kind of form.
    pub fn question(self, kind: FormKind) -> &'static str {
        match (kind, self) {
            (FormKind::Exit, Self::Situation) => {
                "1/3 <b>Why</b> are you leaving the programme? (as much or as little as you like)"
            }
            (FormKind::Exit, Self::Behaviour) => {
                "2/3 <b>What helped</b> you most while you were with us?"
            }
            (FormKind::Exit, Self::Impact) => {
                "3/3 <b>What should change</b> for the fellows who come after you?"
            }
            (FormKind::Service, Self::Situation) => {
                "1/3 <b>Situation</b>: when did you use it, and what for? (a line is enough)"
            }
            (FormKind::Service, Self::Behaviour) => {
                "2/3 <b>What worked</b> for you, and what didn't?"
            }
            (FormKind::Service, Self::Impact) => {
                "3/3 <b>Impact</b>: what difference has it made to you?"
            }
            (_, Self::Situation) => {
                "1/3 <b>Situation</b>: what was it about for you? (a line is enough)"
            }
            (_, Self::Behaviour) => {
                "2/3 <b>Behaviour</b>: what did the facilitators or the session do that helped, or did not?"
            }
            (_, Self::Impact) => {
                "3/3 <b>Impact</b>: what will you do differently, or what difference did it make?"
            }
            (_, Self::Suggestion) => "Any <b>suggestion</b> to make it better? (optional)",
            _ => "",
        }
    }
}

/// An overall rating, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rating(u8);

impl Rating {
    pub fn new(value: i64) -> Option<Self> {
        u8::try_from(value)
            .ok()
            .filter(|v| (1..=5).contains(v))
            .map(Self)
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// A fresh random salt for a form (hex).
pub fn new_salt() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

/// What stops a second response from one fellow without naming them: a hash of the person under
/// the form's salt. Once the salt is deleted (the form closed) it points at nobody.
pub fn respondent_key(salt: &str, user_id: i64) -> String {
    let mut hash = Sha256::new();
    hash.update(salt.as_bytes());
    hash.update(b":");
    hash.update(user_id.to_string().as_bytes());
    hex(&hash.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_goes_rating_then_situation_behaviour_impact_suggestion_then_named() {
        let mut step = Step::Rating;
        let mut order = Vec::new();
        while step != Step::Done {
            order.push(step.as_str());
            step = step.next();
        }
        assert_eq!(
            order,
            [
                "rating",
                "situation",
                "behaviour",
                "impact",
                "suggestion",
                "named"
            ]
        );
        assert!(order.iter().all(|s| Step::parse(s).as_str() == *s));
    }

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(Rating::new(0), None);
        assert_eq!(Rating::new(6), None);
        assert_eq!(Rating::new(4).map(Rating::value), Some(4));
    }

    #[test]
    fn the_respondent_key_depends_on_the_salt_and_the_person() {
        let salt = new_salt().unwrap();
        assert_eq!(salt.len(), 32);
        assert_eq!(respondent_key(&salt, 7), respondent_key(&salt, 7));
        assert_ne!(respondent_key(&salt, 7), respondent_key(&salt, 8));
        assert_ne!(respondent_key(&salt, 7), respondent_key("other", 7));
        assert_eq!(respondent_key(&salt, 7).len(), 64, "a SHA-256 in hex");
    }
}
