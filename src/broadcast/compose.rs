//! The rules an announcement meets before it can be queued, wherever it is composed (the chat's
//! /broadcast form, the web console): its text, its time, and when a lead may send it again to
//! those not confirmed. What the lead is told about a problem is each problem's `Display`.

use chrono::{DateTime, Duration, Utc};

use super::{BroadcastContent, BroadcastStatus, DeliveryStatus, DeliveryTally};
use crate::faq::render::{MarkupProblem, check_markup, render_blocks};
use crate::message::escape;

/// Typed announcements stay well inside one Telegram message.
pub const TEXT_LIMIT: usize = 3_500;

/// Why an announcement's text was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnnouncementProblem {
    #[error("The announcement is empty. Type what people should get.")]
    Empty,
    #[error(
        "That is too long for one message ({TEXT_LIMIT} characters at most); it has {0}. Shorten it."
    )]
    TooLong(usize),
    #[error("Telegram cannot show this formatting: {}.", list(.0))]
    Markup(Vec<MarkupProblem>),
}

fn list(problems: &[MarkupProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Why a time to send was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SendTimeProblem {
    #[error("That time has passed. Choose a time at least a minute from now.")]
    Passed,
    #[error("That's more than a year away. Choose a time within the next year.")]
    TooFar,
}

/// Text typed in the chat after /broadcast: sent as it was typed (no formatting), if it fits.
pub fn typed_announcement(text: &str) -> Result<BroadcastContent, AnnouncementProblem> {
    check_length(text)?;
    Ok(BroadcastContent::Text { html: escape(text) })
}

/// Text with formatting in the knowledge base's markdown (**bold**, _italic_, [links](https://…),
/// lists): the same checks as `faq check`, the same length as a typed announcement, rendered
/// to Telegram's HTML exactly as the knowledge base's answers are.
pub fn formatted_announcement(markdown: &str) -> Result<BroadcastContent, AnnouncementProblem> {
    check_length(markdown)?;
    let problems = check_markup(markdown);
    if !problems.is_empty() {
        return Err(AnnouncementProblem::Markup(problems));
    }
    let html = render_blocks(markdown).join("\n\n");
    if html.trim().is_empty() {
        return Err(AnnouncementProblem::Empty);
    }
    Ok(BroadcastContent::Text { html })
}

fn check_length(text: &str) -> Result<(), AnnouncementProblem> {
    let length = text.trim().chars().count();
    match length {
        0 => Err(AnnouncementProblem::Empty),
        n if n > TEXT_LIMIT => Err(AnnouncementProblem::TooLong(n)),
        _ => Ok(()),
    }
}

/// Whether a broadcast may go at `at`: later than a minute from `now`, within a year.
pub fn check_send_time(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), SendTimeProblem> {
    if at <= now + Duration::minutes(1) {
        Err(SendTimeProblem::Passed)
    } else if at > now + Duration::days(366) {
        Err(SendTimeProblem::TooFar)
    } else {
        Ok(())
    }
}

/// How many copies a lead may send again: those not confirmed, once the broadcast has finished
/// (a stopped one stays stopped). None when there is nothing to resend.
pub fn resendable(status: BroadcastStatus, tally: &DeliveryTally) -> Option<i64> {
    let unconfirmed = tally.count(DeliveryStatus::Unconfirmed);
    (status == BroadcastStatus::Done && unconfirmed > 0).then_some(unconfirmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_sent_as_typed_and_kept_inside_one_message() {
        assert_eq!(
            typed_announcement("Room <4>"),
            Ok(BroadcastContent::Text {
                html: "Room &lt;4&gt;".into()
            })
        );
        let long = "a".repeat(TEXT_LIMIT + 1);
        assert_eq!(
            typed_announcement(&long),
            Err(AnnouncementProblem::TooLong(TEXT_LIMIT + 1))
        );
        assert_eq!(typed_announcement("  "), Err(AnnouncementProblem::Empty));
    }

    #[test]
    fn formatted_text_becomes_telegram_html_and_what_telegram_cannot_show_is_refused() {
        let Ok(BroadcastContent::Text { html }) = formatted_announcement(
            "Induction moves to **Room 4**.\n\n[Map](https://example.org/map)",
        ) else {
            panic!("accepted");
        };
        assert_eq!(
            html,
            "Induction moves to <b>Room 4</b>.\n\n<a href=\"https://example.org/map\">Map</a>"
        );
        for bad in [
            "<b>raw</b>",
            "[map](map.html)",
            "![x](https://example.org/x.png)",
        ] {
            let refused = formatted_announcement(bad);
            assert!(
                matches!(refused, Err(AnnouncementProblem::Markup(_))),
                "{bad}: {refused:?}"
            );
        }
    }

    #[test]
    fn a_time_must_be_ahead_but_within_a_year() {
        let now = Utc::now();
        assert_eq!(check_send_time(now, now), Err(SendTimeProblem::Passed));
        assert_eq!(
            check_send_time(now + Duration::days(400), now),
            Err(SendTimeProblem::TooFar)
        );
        assert_eq!(check_send_time(now + Duration::hours(2), now), Ok(()));
    }

    #[test]
    fn only_a_finished_broadcast_with_unconfirmed_copies_can_be_sent_again() {
        let tally = DeliveryTally(
            [
                (DeliveryStatus::Delivered, 4),
                (DeliveryStatus::Unconfirmed, 2),
            ]
            .into_iter()
            .collect(),
        );
        assert_eq!(resendable(BroadcastStatus::Done, &tally), Some(2));
        assert_eq!(resendable(BroadcastStatus::Cancelled, &tally), None);
        assert_eq!(resendable(BroadcastStatus::Sending, &tally), None);
        let clean = DeliveryTally([(DeliveryStatus::Delivered, 4)].into_iter().collect());
        assert_eq!(resendable(BroadcastStatus::Done, &clean), None);
    }
}
