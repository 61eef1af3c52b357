//! What a feedback form says: the first message with its rating buttons, and each question
//! with a button to skip it or keep an earlier answer.

use chrono::{DateTime, Utc};

use crate::message::{Button, Message, escape};

use crate::feedback::press::FeedbackPress;
use crate::feedback::{FormKind, Rating, Step};
use crate::store::{FeedbackAnswers, FeedbackForm};

/// The day a form is about, as a fellow reads it: "Tuesday 24 November" for a session,
/// "November" for a service (asked about once a month); the stored text if it does not read.
pub(crate) fn held_on_words(form: &FeedbackForm) -> String {
    let Ok(day) = chrono::NaiveDate::parse_from_str(&form.held_on, "%Y-%m-%d") else {
        return form.held_on.clone();
    };
    match form.kind {
        FormKind::Service => day.format("%B").to_string(),
        _ => day.format("%A %-d %B").to_string(),
    }
}

/// What a form is about, in a sentence: "SIM training on Tuesday 24 November".
pub(super) fn prompt_subject(form: &FeedbackForm) -> String {
    match form.kind {
        FormKind::Session => format!("<b>{}</b> on {}", escape(&form.title), held_on_words(form)),
        _ => format!("your feedback on <b>{}</b>", escape(&form.title)),
    }
}

/// The heading of a form's first message (and of it again, once rated).
pub(super) fn prompt_heading(form: &FeedbackForm, reminder: bool) -> String {
    let title = escape(&form.title);
    let nudge = if reminder {
        "⏰ A gentle reminder. "
    } else {
        ""
    };
    match form.kind {
        FormKind::Session => format!(
            "📝 {nudge}<b>How was {title}</b> on {}?",
            held_on_words(form)
        ),
        FormKind::Service => format!("📝 {nudge}<b>{}</b>", service_question(form)),
        FormKind::Exit => format!(
            "👋 {nudge}Sorry to see you go, and thank you for your work here. <b>How was the programme for you overall?</b>"
        ),
    }
}

/// The opening question about a service, by its key (`service-buddy`).
fn service_question(form: &FeedbackForm) -> String {
    match form.session_type.strip_prefix("service-") {
        Some("buddy") => "How has the buddy scheme been for you?".into(),
        Some("pastoral") => "How has pastoral support been for you?".into(),
        Some("induction") => "How was your induction?".into(),
        Some("bot") => "How have you found chatting with me?".into(),
        _ => format!("How has {} been for you?", escape(&form.title)),
    }
}

/// The first message of a form: the heading and the rating buttons.
pub(crate) fn prompt(form: &FeedbackForm, reminder: bool) -> Message {
    // One fellow is asked an exit survey: without their name it is still theirs, and they
    // should know that.
    let privacy = match form.kind {
        FormKind::Exit => {
            "Your name is kept with it only if you add it, but as you are the only one asked, the programme team will know it is yours"
        }
        _ => "It's anonymous unless you choose to add your name",
    };
    let text = format!(
        "{}\nTap a rating, then three short questions; skip any you like. {privacy}, and it takes under a minute.",
        prompt_heading(form, reminder)
    );
    let stars = (1..=5)
        .filter_map(Rating::new)
        .map(|rating| {
            let label = format!("{} ⭐", rating.value());
            choose(
                label,
                FeedbackPress::Rate {
                    form: form.id,
                    rating,
                },
            )
        })
        .collect();
    let later = vec![choose("Not this time", FeedbackPress::NotNow(form.id))];
    Message::html(text).with_buttons(vec![stars, later])
}

/// The question for where the fellow is in the form.
pub(super) fn question(form: &FeedbackForm, answers: &FeedbackAnswers) -> Message {
    let step = answers.step();
    match step {
        Step::Named => Message::html(
            "Last thing: keep it <b>anonymous</b>, or add your name so the team can follow up with you?",
        )
        .with_buttons(vec![vec![
            choose("🙈 Keep it anonymous", FeedbackPress::Anonymous(form.id)),
            choose("🙋 Add my name", FeedbackPress::Named(form.id)),
        ]]),
        Step::Rating | Step::Done => prompt(form, false),
        text_step => {
            let earlier = match text_step {
                Step::Situation => &answers.situation,
                Step::Behaviour => &answers.behaviour,
                Step::Impact => &answers.impact,
                _ => &answers.suggestion,
            };
            let mut text = text_step.question(form.kind).to_owned();
            let skip = match earlier {
                Some(before) => {
                    text.push_str(&format!("\nYou said: <i>{}</i>", escape(before)));
                    "Keep my answer"
                }
                None => "Skip",
            };
            Message::html(text).with_buttons(vec![vec![choose(skip, FeedbackPress::Skip(form.id))]])
        }
    }
}

/// A feedback button.
pub(super) fn choose(label: impl Into<String>, press: FeedbackPress) -> Button {
    Button::press(label, press)
}

/// The day a form closes, as a fellow reads it.
pub(super) fn closing_day(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    at.with_timezone(&zone).format("%A %-d %B").to_string()
}
