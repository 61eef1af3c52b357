//! The arrival journey: each fellow's settling-in checklist from before the flight to the end of
//! the first month, written by the leads in `content/journey.toml`. Read in this order: `plan`
//! (the file and its checks), `progress` (done, next, later; due times and quiet hours), `marks`,
//! `press` (its buttons), `checklist` and `conversation` (/journey and its buttons), `sharing`
//! (a buddy's view, with consent), `nudges` (one job row per due step), `nights` (/nights, its
//! button's form, and pausing), `cohort` (the leads' report). Rows are the store's.

mod checklist;
pub mod cohort;
pub mod conversation;
pub mod due;
mod marks;
pub mod nights;
pub mod nudges;
pub mod plan;
pub mod press;
pub mod progress;
pub mod sharing;

use std::path::Path;

pub use conversation::Journeys;
pub use plan::{Due, JOURNEY_FILE, Journey, Phase, TrustStep};
pub use progress::StepState;

use crate::faq::{ContentErrors, ContentProblem, KnowledgeBase};

/// The journey in `content_dir/journey.toml`, checked against the articles of `base`; empty
/// (with a warning) if there is no such file.
pub fn load_from_content(
    content_dir: &Path,
    base: &KnowledgeBase,
    trusts: &[String],
) -> Result<Journey, ContentErrors> {
    let path = content_dir.join(JOURNEY_FILE);
    if !path.exists() {
        tracing::warn!(path = %path.display(), "no journey file; /journey has no steps");
        return Ok(Journey::default());
    }
    let problem = |problem: String| ContentProblem {
        file: JOURNEY_FILE.to_owned(),
        problem,
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ContentErrors(vec![problem(format!("cannot be read: {e}"))]))?;
    Journey::parse(&text, &|id| base.article(id).is_some(), trusts)
        .map_err(|problems| ContentErrors(problems.into_iter().map(problem).collect()))
}
