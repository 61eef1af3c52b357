//! The journey's buttons (`jr:…`): a step done, not for me, how to do it; pausing nudges.

use super::plan::STEP_ID_LIMIT;
use crate::message::{Button, Payload};

/// A press on the journey's message or a nudge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JourneyPress {
    /// "Done ✓" (`jr:d:<step>`).
    Done(String),
    /// "Not for me" (`jr:n:<step>`).
    NotForMe(String),
    /// "How?": the step's article, short (`jr:h:<step>`).
    How(String),
    /// "Pause nudges for a week" (`jr:pause`).
    Pause,
}

impl JourneyPress {
    /// The press from the data after `jr:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        if rest == "pause" {
            return Some(Self::Pause);
        }
        let (verb, step) = rest.split_once(':')?;
        let well_formed = (1..=STEP_ID_LIMIT).contains(&step.len())
            && step
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            return None;
        }
        let step = step.to_owned();
        match verb {
            "d" => Some(Self::Done(step)),
            "n" => Some(Self::NotForMe(step)),
            "h" => Some(Self::How(step)),
            _ => None,
        }
    }
}

impl Payload for JourneyPress {
    fn encode(&self) -> String {
        match self {
            Self::Done(step) => format!("jr:d:{step}"),
            Self::NotForMe(step) => format!("jr:n:{step}"),
            Self::How(step) => format!("jr:h:{step}"),
            Self::Pause => "jr:pause".to_owned(),
        }
    }
}

/// "Done ✓", "Not for me" and "How?" for one step, the first labelled `done`.
pub(crate) fn step_buttons(step: &str, done: &str) -> Vec<Button> {
    vec![
        Button::press(done, JourneyPress::Done(step.to_owned())),
        Button::press("Not for me", JourneyPress::NotForMe(step.to_owned())),
        Button::press("How?", JourneyPress::How(step.to_owned())),
    ]
}

pub(crate) fn pause_button() -> Button {
    Button::press("⏸ Pause nudges for a week", JourneyPress::Pause)
}
