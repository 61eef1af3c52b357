//! The journey's buttons (`jr:…`): a step done, not for me, how to do it; pausing nudges,
//! "I'm on nights", and letting one's buddy see the checklist or not.

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
    /// "🌙 I'm on nights": asks for the dates (`jr:nights`).
    Nights,
    /// "Let my buddy see this" (`jr:share`) or "Stop sharing with my buddy" (`jr:unshare`).
    Share(bool),
}

impl JourneyPress {
    /// The press from the data after `jr:`.
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        match rest {
            "pause" => return Some(Self::Pause),
            "nights" => return Some(Self::Nights),
            "share" => return Some(Self::Share(true)),
            "unshare" => return Some(Self::Share(false)),
            _ => {}
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
            Self::Nights => "jr:nights".to_owned(),
            Self::Share(true) => "jr:share".to_owned(),
            Self::Share(false) => "jr:unshare".to_owned(),
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

pub(crate) fn nights_button() -> Button {
    Button::press("🌙 I'm on nights", JourneyPress::Nights)
}

/// "Let my buddy see this" while not `shared`; "Stop sharing with my buddy" while it is.
pub(crate) fn share_button(shared: bool) -> Button {
    if shared {
        Button::press("🙈 Stop sharing with my buddy", JourneyPress::Share(false))
    } else {
        Button::press("👀 Let my buddy see this", JourneyPress::Share(true))
    }
}
