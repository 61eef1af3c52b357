//! What the lead sees of a broadcast: the progress line while it sends, then the delivery report
//! (delivered, not reachable with names, failed with reasons). Plain text building only.

use super::{BroadcastStatus, DeliveryProblem, DeliveryStatus, DeliveryTally};
use crate::message::escape;

/// Names listed per group of problems before "and N more"; the rest are in the CSV.
const NAMES_SHOWN: usize = 25;

/// The lead's message while a broadcast sends.
pub fn progress_text(id: i64, audience: &str, tally: &DeliveryTally) -> String {
    let total = tally.total();
    let done = tally.settled();
    let filled = if total > 0 {
        usize::try_from(done * 10 / total).unwrap_or(0)
    } else {
        0
    };
    format!(
        "📣 <b>Broadcast #{id}</b> to {}\nSending… {done} of {total}\n{}{}",
        escape(audience),
        "▓".repeat(filled),
        "░".repeat(10 - filled.min(10)),
    )
}

/// What the lead sees of a broadcast still waiting for its time: nothing sent yet.
pub fn scheduled_text(id: i64, audience: &str, when: Option<&str>) -> String {
    let when = when.map(|w| format!(" on {w}")).unwrap_or_default();
    format!(
        "🕘 <b>Broadcast #{id}</b> to {} — scheduled{when}.\nNothing has been sent yet.",
        escape(audience)
    )
}

/// The delivery report, once sending has finished or was stopped.
pub fn report_text(
    id: i64,
    audience: &str,
    status: BroadcastStatus,
    tally: &DeliveryTally,
    problems: &[DeliveryProblem],
) -> String {
    let heading = match status {
        BroadcastStatus::Cancelled => "stopped",
        _ => "sent",
    };
    let delivered = tally.count(DeliveryStatus::Delivered);
    let mut lines = vec![
        format!(
            "📣 <b>Broadcast #{id}</b> to {} — {heading}",
            escape(audience)
        ),
        format!("✅ Delivered: {delivered} of {}", tally.total()),
    ];
    let sections = [
        (
            DeliveryStatus::Unreachable,
            "🚫 Not reachable (blocked the bot, left, or never started it)",
        ),
        (DeliveryStatus::Failed, "⚠️ Failed"),
        (
            DeliveryStatus::Unconfirmed,
            "❔ Not confirmed (Telegram's answer was cut short by a restart or a timeout; they may have it)",
        ),
        (DeliveryStatus::Skipped, "⏹ Not sent (stopped)"),
    ];
    for (status, title) in sections {
        let count = tally.count(status);
        if count == 0 {
            continue;
        }
        let names: Vec<String> = problems
            .iter()
            .filter(|p| p.status == status)
            .map(|p| match (&p.error, status) {
                (Some(error), DeliveryStatus::Failed) => {
                    format!("{} ({})", escape(&p.name), escape(error))
                }
                _ => escape(&p.name),
            })
            .collect();
        lines.push(format!("\n{title}: {count}"));
        if status != DeliveryStatus::Skipped {
            lines.push(list_names(&names));
        }
    }
    let notes: Vec<String> = problems
        .iter()
        .filter(|p| p.status == DeliveryStatus::Delivered)
        .filter_map(|p| {
            p.error
                .as_ref()
                .map(|e| format!("{}: {}", escape(&p.name), escape(e)))
        })
        .collect();
    if !notes.is_empty() {
        lines.push(format!("\n📌 {}", notes.join("\n")));
    }
    lines.join("\n")
}

fn list_names(names: &[String]) -> String {
    let mut shown = names
        .iter()
        .take(NAMES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMES_SHOWN {
        shown.push_str(&format!(
            " and {} more (all in the file from /broadcasts)",
            names.len() - NAMES_SHOWN
        ));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(entries: &[(DeliveryStatus, i64)]) -> DeliveryTally {
        DeliveryTally(entries.iter().copied().collect())
    }

    fn problem(name: &str, status: DeliveryStatus, error: Option<&str>) -> DeliveryProblem {
        DeliveryProblem {
            name: name.into(),
            status,
            error: error.map(str::to_owned),
        }
    }

    #[test]
    fn progress_counts_settled_copies_of_the_total() {
        let text = progress_text(
            3,
            "All fellows",
            &tally(&[
                (DeliveryStatus::Delivered, 118),
                (DeliveryStatus::Unreachable, 2),
                (DeliveryStatus::Pending, 280),
            ]),
        );
        assert!(text.contains("Sending… 120 of 400"), "{text}");
        assert!(text.contains("▓▓▓░░░░░░░"), "{text}");
    }

    #[test]
    fn the_report_names_who_was_not_reached_and_why_it_failed() {
        let text = report_text(
            7,
            "Fellows at RWT",
            BroadcastStatus::Done,
            &tally(&[
                (DeliveryStatus::Delivered, 40),
                (DeliveryStatus::Unreachable, 1),
                (DeliveryStatus::Failed, 1),
            ]),
            &[
                problem("Amina <b>", DeliveryStatus::Unreachable, None),
                problem("Ravi", DeliveryStatus::Failed, Some("server error")),
            ],
        );
        assert!(text.contains("Delivered: 40 of 42"), "{text}");
        assert!(
            text.contains("Amina &lt;b&gt;"),
            "names are escaped: {text}"
        );
        assert!(text.contains("Ravi (server error)"), "{text}");
    }

    #[test]
    fn a_long_list_of_names_is_cut_short() {
        let problems: Vec<DeliveryProblem> = (0..60)
            .map(|i| problem(&format!("Fellow {i}"), DeliveryStatus::Unreachable, None))
            .collect();
        let text = report_text(
            1,
            "All fellows",
            BroadcastStatus::Done,
            &tally(&[(DeliveryStatus::Unreachable, 60)]),
            &problems,
        );
        assert!(text.contains("and 35 more"), "{text}");
        assert!(text.len() < 2_000);
    }
}
