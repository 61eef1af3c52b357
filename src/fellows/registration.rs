//! The registration form as a state machine: consent first (nothing is kept without it), then
//! name, trust, start date and specialty. Each answer moves it on or is re-asked with the reason.
//! The draft is saved between steps by the caller, so a restart resumes it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Fellow;
use super::input::{FellowName, InputProblem, Specialty, parse_start_date};
use super::trusts::{TrustMatch, match_trust};

/// Which question the form is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Consent,
    Name,
    Trust,
    StartDate,
    Specialty,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::Name => "name",
            Self::Trust => "trust",
            Self::StartDate => "start_date",
            Self::Specialty => "specialty",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::Consent,
            Self::Name,
            Self::Trust,
            Self::StartDate,
            Self::Specialty,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

/// A form in progress, as saved between messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub step: Step,
    /// The name Telegram gave, offered as a one-tap answer.
    pub suggested_name: String,
    pub name: Option<String>,
    pub trust: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub specialty: Option<String>,
    /// Editing one answer of an existing registration: done after this step.
    #[serde(default)]
    pub editing: bool,
}

/// What the person did at the current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer<'a> {
    Text(&'a str),
    /// A button of the current step, by its value.
    Choice(&'a str),
    /// A sticker, photo or anything else that is not text.
    NotText,
}

/// Where the form goes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Ask this step (again, with the problem, if the answer was not usable).
    Ask(Step, Option<Problem>),
    /// Every answer is in: save the registration.
    Complete(Registration),
    /// They did not agree: keep nothing.
    Declined,
}

/// Why an answer is asked again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Input(#[from] InputProblem),
    #[error("Please tap one of the buttons.")]
    UseButtons,
    #[error(
        "I don't know that trust. Tap yours below, or type the town or hospital (for example New Cross or Walsall Manor)."
    )]
    UnknownTrust,
    /// A town two trusts share: the trusts to choose from.
    #[error("More than one trust works there: please tap yours below.")]
    WhichTrust(Vec<String>),
    #[error("Please type your answer as a message.")]
    NotText,
}

/// A complete, valid registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub name: String,
    pub trust: String,
    pub start_date: NaiveDate,
    pub specialty: String,
}

impl Draft {
    /// A new registration, starting with consent.
    pub fn new(suggested_name: &str) -> Self {
        Self {
            step: Step::Consent,
            suggested_name: suggested_name.chars().take(80).collect(),
            name: None,
            trust: None,
            start_date: None,
            specialty: None,
            editing: false,
        }
    }

    /// Changing one answer of `fellow`'s registration.
    pub fn editing(fellow: &Fellow, step: Step) -> Self {
        Self {
            step,
            suggested_name: fellow.name.clone(),
            name: Some(fellow.name.clone()),
            trust: Some(fellow.trust.clone()),
            start_date: Some(fellow.start_date),
            specialty: Some(fellow.specialty.clone()),
            editing: true,
        }
    }

    /// Takes an answer to the current step; `trusts` are the choices for the trust step.
    pub fn answer(&mut self, answer: Answer<'_>, today: NaiveDate, trusts: &[String]) -> Next {
        let step = self.step;
        let accepted = match (step, answer) {
            (_, Answer::NotText) => Err(Problem::NotText),
            (Step::Consent, Answer::Choice("yes")) => Ok(()),
            (Step::Consent, Answer::Choice(_)) => return Next::Declined,
            (Step::Consent, Answer::Text(_)) => Err(Problem::UseButtons),
            (Step::Name, Answer::Choice(_)) => FellowName::parse(&self.suggested_name.clone())
                .map(|n| self.name = Some(n.as_str().to_owned()))
                .map_err(Problem::from),
            (Step::Name, Answer::Text(text)) => FellowName::parse(text)
                .map(|n| self.name = Some(n.as_str().to_owned()))
                .map_err(Problem::from),
            (Step::Trust, Answer::Choice(choice)) => {
                match trusts.iter().find(|t| t.eq_ignore_ascii_case(choice)) {
                    Some(trust) => {
                        self.trust = Some(trust.clone());
                        Ok(())
                    }
                    None => Err(Problem::UnknownTrust),
                }
            }
            (Step::Trust, Answer::Text(text)) => match match_trust(text, trusts) {
                TrustMatch::One(trust) => {
                    self.trust = Some(trust);
                    Ok(())
                }
                TrustMatch::Several(candidates) => Err(Problem::WhichTrust(candidates)),
                TrustMatch::Unknown => Err(Problem::UnknownTrust),
            },
            (Step::StartDate, Answer::Text(text)) => parse_start_date(text, today)
                .map(|d| self.start_date = Some(d))
                .map_err(Problem::from),
            (Step::Specialty, Answer::Text(text)) => Specialty::parse(text)
                .map(|s| self.specialty = Some(s.as_str().to_owned()))
                .map_err(Problem::from),
            (Step::StartDate | Step::Specialty, Answer::Choice(_)) => Err(Problem::NotText),
        };
        if let Err(problem) = accepted {
            return Next::Ask(step, Some(problem));
        }
        let next = match step {
            Step::Consent => Some(Step::Name),
            _ if self.editing => None,
            Step::Name => Some(Step::Trust),
            Step::Trust => Some(Step::StartDate),
            Step::StartDate => Some(Step::Specialty),
            Step::Specialty => None,
        };
        match next {
            Some(step) => {
                self.step = step;
                Next::Ask(step, None)
            }
            None => match self.complete() {
                Some(registration) => Next::Complete(registration),
                // Unreachable with the steps above; start the missing one rather than fail.
                None => Next::Ask(self.first_missing(), None),
            },
        }
    }

    fn complete(&self) -> Option<Registration> {
        Some(Registration {
            name: self.name.clone()?,
            trust: self.trust.clone()?,
            start_date: self.start_date?,
            specialty: self.specialty.clone()?,
        })
    }

    fn first_missing(&mut self) -> Step {
        self.step = if self.name.is_none() {
            Step::Name
        } else if self.trust.is_none() {
            Step::Trust
        } else if self.start_date.is_none() {
            Step::StartDate
        } else {
            Step::Specialty
        };
        self.step
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn trusts() -> Vec<String> {
        vec!["RWT".into(), "WHT".into(), "BCHFT".into()]
    }

    #[test]
    fn a_registration_goes_through_every_step_and_re_asks_bad_answers() {
        let mut draft = Draft::new("Amina");
        assert_eq!(
            draft.answer(Answer::Text("hello"), today(), &trusts()),
            Next::Ask(Step::Consent, Some(Problem::UseButtons))
        );
        assert_eq!(
            draft.answer(Answer::Choice("yes"), today(), &trusts()),
            Next::Ask(Step::Name, None)
        );
        assert!(matches!(
            draft.answer(Answer::Text("<i>x</i>"), today(), &trusts()),
            Next::Ask(Step::Name, Some(_))
        ));
        assert_eq!(
            draft.answer(Answer::Choice("keep"), today(), &trusts()),
            Next::Ask(Step::Trust, None)
        );
        assert_eq!(
            draft.answer(Answer::Text("Mars General"), today(), &trusts()),
            Next::Ask(Step::Trust, Some(Problem::UnknownTrust))
        );
        assert_eq!(
            draft.answer(Answer::Text("Wolverhampton"), today(), &trusts()),
            Next::Ask(
                Step::Trust,
                Some(Problem::WhichTrust(vec!["RWT".into(), "BCHFT".into()]))
            )
        );
        assert_eq!(
            draft.answer(Answer::Text("Walsall Manor"), today(), &trusts()),
            Next::Ask(Step::StartDate, None)
        );
        assert_eq!(
            draft.answer(Answer::NotText, today(), &trusts()),
            Next::Ask(Step::StartDate, Some(Problem::NotText))
        );
        assert_eq!(
            draft.answer(Answer::Text("5/1/2027"), today(), &trusts()),
            Next::Ask(Step::Specialty, None)
        );
        let done = draft.answer(Answer::Text("Acute medicine"), today(), &trusts());
        assert_eq!(
            done,
            Next::Complete(Registration {
                name: "Amina".into(),
                trust: "WHT".into(),
                start_date: NaiveDate::from_ymd_opt(2027, 1, 5).unwrap(),
                specialty: "Acute medicine".into(),
            })
        );
    }

    #[test]
    fn declining_consent_ends_the_form() {
        let mut draft = Draft::new("Ben");
        assert_eq!(
            draft.answer(Answer::Choice("no"), today(), &trusts()),
            Next::Declined
        );
    }

    #[test]
    fn editing_one_answer_completes_after_it() {
        let fellow = Fellow {
            user_id: 1,
            name: "Amina".into(),
            trust: "RWT".into(),
            start_date: today(),
            specialty: "Surgery".into(),
            left_on: None,
        };
        let mut draft = Draft::editing(&fellow, Step::Trust);
        let Next::Complete(registration) =
            draft.answer(Answer::Choice("BCHFT"), today(), &trusts())
        else {
            panic!("editing one answer completes");
        };
        assert_eq!(registration.trust, "BCHFT");
        assert_eq!(registration.specialty, "Surgery");
    }

    #[test]
    fn a_saved_draft_reads_back_the_same() {
        let mut draft = Draft::new("Amina");
        draft.answer(Answer::Choice("yes"), today(), &trusts());
        let saved = serde_json::to_string(&draft).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&saved).unwrap(), draft);
    }
}
