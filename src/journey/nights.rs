//! A fellow's rota: `/nights DATE DATE` notes the days they are on nights, when nudges and
//! feedback prompts wait until 14:00; and "pause nudges for a week".

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};
use crate::message::{Message, escape};

use super::progress::after_nights;

/// How long "Pause nudges" lasts.
pub const PAUSE_FOR: Duration = Duration::days(7);
/// The longest run of nights one /nights takes.
const LONGEST_RUN: i64 = 31;

const HOW: &str = "Tell me the days you're on nights like this: <code>/nights 14/12/2026 17/12/2026</code> (or one day). On those days your checklist nudges and feedback requests wait until 14:00.";

feature_slice!(
    /// /nights and pausing nudges.
    RotaNights
);

/// Reads "FROM TO" (or "FROM to TO", or one day) as the days from FROM to TO.
pub fn parse_nights(args: &str, today: NaiveDate) -> Result<Vec<NaiveDate>, String> {
    let words: Vec<&str> = args
        .split_whitespace()
        .filter(|w| *w != "to" && *w != "-")
        .collect();
    let read = |w: &str| {
        crate::fellows::parse_start_date(w, today)
            .map_err(|_| format!("I couldn't read \"{}\" as a date.", escape(w)))
    };
    let (from, to) = match words.as_slice() {
        [one] => (read(one)?, read(one)?),
        [from, to] => (read(from)?, read(to)?),
        _ => return Err(HOW.to_owned()),
    };
    if to < from {
        return Err("The second date is before the first.".to_owned());
    }
    if to < today {
        return Err("Those days are over already.".to_owned());
    }
    if (to - from).num_days() >= LONGEST_RUN {
        return Err(format!(
            "That is more than {LONGEST_RUN} days: please give one run of nights at a time."
        ));
    }
    Ok(from.iter_days().take_while(|d| *d <= to).collect())
}

impl RotaNights<'_> {
    fn today(&self) -> NaiveDate {
        self.now()
            .with_timezone(&self.settings.timezone)
            .date_naive()
    }

    /// /nights FROM TO.
    pub async fn nights_command(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let say = |text: String| Ok(vec![Reply::to(chat, Message::html(text))]);
        if !chat.is_private() {
            return say("Please tell me your nights in a private chat.".to_owned());
        }
        if args.trim().is_empty() {
            return say(HOW.to_owned());
        }
        let today = self.today();
        let days = match parse_nights(args, today) {
            Ok(days) => days,
            Err(problem) => return say(problem),
        };
        self.store.add_night_shifts(inbound.from.id, &days).await?;
        let (first, last) = (days[0], days[days.len() - 1]);
        let words = |d| crate::chat::dates::in_words(d, today);
        let span = if first == last {
            words(first)
        } else {
            format!("{} to {}", words(first), words(last))
        };
        say(format!(
            "🌙 Noted: nights on {span}. On those days checklist nudges and feedback requests wait until 14:00. Sleep well!"
        ))
    }

    /// "Pause nudges for a week".
    pub(crate) async fn pause_nudges(&self, inbound: &Inbound, query_id: &str) -> Handled {
        let until = self.now() + PAUSE_FOR;
        self.store
            .pause_journey_nudges(inbound.from.id, until)
            .await?;
        let day = crate::chat::dates::in_words(
            until.with_timezone(&self.settings.timezone).date_naive(),
            self.today(),
        );
        let mut replies = Reply::notice(&inbound.chat, query_id, "Nudges paused for a week.");
        replies.push(Reply::to(
            &inbound.chat,
            Message::html(format!(
                "⏸ No checklist nudges until {day}. /journey still shows your list."
            )),
        ));
        Ok(replies)
    }

    /// When a prompt meant for `user_id` at `at` may go: 14:00 on one of their night-shift days
    /// if `at` is earlier that day; None if it may go at `at`.
    pub(crate) async fn prompt_waits_until(
        &self,
        user_id: i64,
        at: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, ChatError> {
        let zone = self.settings.timezone;
        let nights = self
            .store
            .night_shifts_of(user_id, at.with_timezone(&zone).date_naive())
            .await?;
        Ok(after_nights(at, zone, &nights))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nights_read_one_day_or_a_run_and_refuse_nonsense_kindly() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let days = parse_nights("14/12/2026 to 16/12/2026", today).unwrap();
        assert_eq!(
            days.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            ["2026-12-14", "2026-12-15", "2026-12-16"]
        );
        assert_eq!(parse_nights("2026-12-02", today).unwrap().len(), 1);
        assert!(
            parse_nights("16/12/2026 14/12/2026", today)
                .unwrap_err()
                .contains("before the first")
        );
        assert!(
            parse_nights("01/11/2026 02/11/2026", today)
                .unwrap_err()
                .contains("over already")
        );
        assert!(
            parse_nights("01/12/2026 01/02/2027", today)
                .unwrap_err()
                .contains("more than")
        );
        assert!(
            parse_nights("<b>soon</b>", today)
                .unwrap_err()
                .contains("&lt;b&gt;")
        );
        assert!(
            parse_nights("a b c", today)
                .unwrap_err()
                .contains("/nights")
        );
    }
}
