//! Who wrote privately lately, so a busy chat does not rewrite the same two rows (the private
//! chat as reachable, the person's name) for every message. The database stays the truth: an
//! entry only says "this was written a moment ago", is dropped whenever the bot learns the chat
//! changed (blocked, removed, forgotten), and is trusted for a few minutes at most, so a change
//! made elsewhere (another process, an operator) is written over again soon.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use super::Person;

/// How long a sender written to the database is taken as still written.
const FRESH_FOR: Duration = Duration::minutes(10);
/// Past this many entries the memory is cleared and starts again (a bound, not a cache policy:
/// a programme has hundreds of fellows).
const AT_MOST: usize = 20_000;

#[derive(Debug, Default)]
pub(crate) struct RecentSenders {
    seen: Mutex<HashMap<i64, Seen>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Seen {
    first_name: String,
    username: Option<String>,
    at: DateTime<Utc>,
}

impl RecentSenders {
    fn seen(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Seen>> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether `person` was written, as they are now, less than [`FRESH_FOR`] ago.
    pub(crate) fn is_fresh(&self, person: &Person, now: DateTime<Utc>) -> bool {
        self.seen().get(&person.id).is_some_and(|seen| {
            seen.first_name == person.first_name
                && seen.username == person.username
                && now - seen.at < FRESH_FOR
                && seen.at <= now
        })
    }

    /// `person` and their private chat were just written at `now`.
    pub(crate) fn note(&self, person: &Person, now: DateTime<Utc>) {
        let mut seen = self.seen();
        if seen.len() >= AT_MOST {
            seen.clear();
        }
        seen.insert(
            person.id,
            Seen {
                first_name: person.first_name.clone(),
                username: person.username.clone(),
                at: now,
            },
        );
    }

    /// The private chat with `user_id` changed: the next message writes it again.
    pub(crate) fn forget(&self, user_id: i64) {
        self.seen().remove(&user_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 9, minute, 0).unwrap()
    }

    #[test]
    fn a_sender_is_written_again_after_a_change_a_while_or_being_forgotten() {
        let senders = RecentSenders::default();
        let amina = Person::named(7, "Amina");
        assert!(!senders.is_fresh(&amina, at(0)), "never written");
        senders.note(&amina, at(0));
        assert!(senders.is_fresh(&amina, at(9)));
        assert!(!senders.is_fresh(&amina, at(10)), "ten minutes on");
        let renamed = Person::named(7, "Amina O.");
        assert!(!senders.is_fresh(&renamed, at(1)), "a new name is written");
        let with_username = Person {
            username: Some("amina".into()),
            ..amina.clone()
        };
        assert!(
            !senders.is_fresh(&with_username, at(1)),
            "a new @username too"
        );
        senders.forget(7);
        assert!(
            !senders.is_fresh(&amina, at(1)),
            "blocked, removed or forgotten"
        );
        senders.note(&amina, at(5));
        assert!(
            !senders.is_fresh(&amina, at(4)),
            "a clock set back writes again"
        );
    }
}
