//! The checklist as text: next, later and done, in due order. The fellow's own /journey adds its
//! buttons (`conversation`); a buddy they share it with reads the same sections (`sharing`).

use super::plan::TrustStep;
use super::progress::{Overview, StepState};
use crate::message::escape;

/// The Next, Later and Done sections of `view` (of `total` steps), each step's due day in words
/// by `due`; a section with no steps is left out.
pub(crate) fn checklist_sections(
    view: &Overview<'_>,
    total: usize,
    due: impl Fn(&TrustStep<'_>) -> String,
) -> Vec<String> {
    let mut text = Vec::new();
    if !view.next.is_empty() {
        text.push("\n<b>Next</b>".to_owned());
        for (i, step) in view.next.iter().enumerate() {
            text.push(format!(
                "{}. {} (by {})",
                i + 1,
                escape(step.title),
                due(step)
            ));
        }
    }
    if !view.later.is_empty() {
        text.push("\n<b>Later</b>".to_owned());
        text.extend(
            view.later
                .iter()
                .map(|s| format!("• {} ({})", escape(s.title), due(s))),
        );
    }
    if !view.done.is_empty() {
        text.push(format!("\n<b>Done</b> ({} of {total})", view.done.len()));
        text.extend(view.done.iter().map(|(s, state)| match state {
            StepState::Done => format!("✓ {}", escape(s.title)),
            StepState::NotForMe => format!("– {} (not for me)", escape(s.title)),
        }));
    }
    text
}

/// Whether every step is settled (done or not for them).
pub(crate) fn all_settled(view: &Overview<'_>) -> bool {
    view.next.is_empty() && view.later.is_empty()
}
