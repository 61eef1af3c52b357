//! A fellow's rota: `/nights DATE DATE` (or the "🌙 I'm on nights" button, a one-question form
//! saved like the others) notes the days they are on nights, when nudges and feedback prompts
//! wait until 14:00; and "pause nudges for a week".

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::chat::{ChatError, Field, Handled, Inbound, Reply, feature_slice};
use crate::message::{Message, escape};

use super::progress::after_nights;

/// How long "Pause nudges" lasts.
pub const PAUSE_FOR: Duration = Duration::days(7);
/// The longest run of nights one /nights takes.
const LONGEST_RUN: i64 = 31;

const HOW: &str = "Tell me the days you're on nights like this: <code>/nights 14/12/2026 17/12/2026</code> (or one day). On those days your checklist nudges and feedback requests wait until 14:00.";

/// The form the "🌙 I'm on nights" button opens, as saved in the conversations table.
pub const FORM: &str = "nights";

const ASK: &str = "🌙 Which days are you on nights? Send the first and the last, like <code>14/12/2026 17/12/2026</code>, or one date. On those days your checklist nudges and feedback requests wait until 14:00.\n/cancel if you'd rather not.";

/// The "🌙 I'm on nights" form: one question, the dates, read as /nights reads them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NightsForm {}

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
        match parse_nights(args, self.today()) {
            Ok(days) => say(self.note_nights(inbound, &days).await?),
            Err(problem) => say(problem),
        }
    }

    /// Keeps `days` as `inbound`'s nights (closing the nights form if it was open); the thanks.
    async fn note_nights(
        &self,
        inbound: &Inbound,
        days: &[NaiveDate],
    ) -> Result<String, ChatError> {
        self.store.add_night_shifts(inbound.from.id, days).await?;
        if self.open_form::<NightsForm>(inbound, FORM).await?.is_some() {
            self.store
                .clear_conversation(inbound.chat.id, inbound.from.id)
                .await?;
        }
        let today = self.today();
        let words = |d| crate::chat::dates::in_words(d, today);
        let span = match days {
            [first, .., last] => format!("{} to {}", words(*first), words(*last)),
            [one] => words(*one),
            [] => String::new(),
        };
        Ok(format!(
            "🌙 Noted: nights on {span}. On those days checklist nudges and feedback requests wait until 14:00. Sleep well!"
        ))
    }

    /// "🌙 I'm on nights": opens the form that asks for the dates, unless another form is open
    /// (it is not thrown away).
    pub(crate) async fn start_nights_form(&self, inbound: &Inbound, query_id: &str) -> Handled {
        let chat = &inbound.chat;
        let other = self
            .open_saved::<serde_json::Value>(inbound, None)
            .await?
            .is_some_and(|(form, _)| form != FORM);
        let text = if other {
            "You're in the middle of another form: /continue it or /cancel it first. Or send your nights as <code>/nights 14/12/2026 17/12/2026</code>."
        } else {
            self.save_form(inbound, FORM, &NightsForm::default())
                .await?;
            ASK
        };
        let mut replies = vec![Reply::answer_button(chat, query_id, None)];
        replies.push(Reply::to(chat, Message::html(text)));
        Ok(replies)
    }

    /// The form's question again (after /continue).
    pub(crate) fn nights_prompt(&self) -> Message {
        Message::html(ASK)
    }

    /// What the form expects, and whether it would take `text`.
    pub(crate) fn nights_field(&self, text: &str) -> (Field, bool) {
        (Field::Parsed, parse_nights(text, self.today()).is_ok())
    }

    /// The dates typed in the form: noted (and the form closed), or why not and the form stays.
    pub(crate) async fn answer_nights_form(&self, inbound: &Inbound, text: &str) -> Handled {
        let reply = match parse_nights(text, self.today()) {
            Ok(days) => self.note_nights(inbound, &days).await?,
            // The form asks for dates without the command.
            Err(problem) if problem == HOW => ASK.to_owned(),
            Err(problem) => format!("{problem} Please send the dates again, or /cancel."),
        };
        Ok(vec![Reply::to(&inbound.chat, Message::html(reply))])
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
