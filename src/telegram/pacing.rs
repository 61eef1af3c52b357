//! Pacing of sends within Telegram's limits, which are per bot: at most 30 messages in any
//! second overall, one in any second per private chat and 20 in any minute per group, with no
//! bursts. One process (polling) paces in memory ([`LocalPacer`]); replicas sharing a
//! PostgreSQL database (webhook mode) reserve their turns in it ([`SharedPacer`]), so that all
//! of them together keep to the one budget. [`Pacer`] is either, chosen from the run mode.

mod local;
mod shared;

use std::time::Duration;

pub use local::LocalPacer;
pub use shared::SharedPacer;

use crate::config::{RunMode, SendLimits};
use crate::store::Store;

/// Gives each send its turn within the limits, in this process or across replicas.
pub enum Pacer {
    /// One process: turns kept in memory (polling).
    Local(LocalPacer),
    /// Several replicas: turns reserved in PostgreSQL (webhook).
    Shared(SharedPacer),
}

impl Pacer {
    /// The pacer for how the bot runs: shared through the database for webhook replicas on
    /// PostgreSQL, in memory otherwise (polling allows one process; webhook mode on SQLite is
    /// refused by the settings, and would be one process anyway).
    pub fn for_run_mode(run_mode: &RunMode, limits: SendLimits, store: &Store) -> Self {
        match (run_mode, store) {
            (RunMode::Webhook(_), Store::Postgres(_)) => {
                Self::Shared(SharedPacer::new(store.clone(), limits))
            }
            _ => Self::Local(LocalPacer::new(limits)),
        }
    }

    /// Waits until a message to `chat_id` may go.
    pub async fn wait_turn(&self, chat_id: i64) {
        match self {
            Self::Local(pacer) => pacer.wait_turn(chat_id).await,
            Self::Shared(pacer) => pacer.wait_turn(chat_id).await,
        }
    }

    /// A message to `chat_id` whose turn came is about to leave (after being recorded in
    /// flight). Shared, a send that got here too long after its slot waits for a new one.
    pub async fn leaving(&self, chat_id: i64) {
        if let Self::Shared(pacer) = self {
            pacer.leaving(chat_id).await;
        }
    }

    /// Whether a private message may take its chat's turn before it is answered, and leave
    /// once the answer is ready ([`Pacer::leaving_now`]). In memory, yes: the pacer moves the
    /// chat's later turns after the real departure. Shared, no: the other replicas have already
    /// counted the slot, and a send leaving later than its slot (by the time the answer took)
    /// would squeeze the window against the slots after it; the answer is worked out first and
    /// then reserves its turn like any reply.
    pub fn takes_turn_before_answering(&self) -> bool {
        matches!(self, Self::Local(_))
    }

    /// The message to `chat_id` whose turn came last leaves only now (see
    /// [`Pacer::takes_turn_before_answering`]).
    pub fn leaving_now(&self, chat_id: i64) {
        if let Self::Local(pacer) = self {
            pacer.leaving_now(chat_id);
        }
    }

    /// Telegram said "too many requests": nothing goes out for `wait`, here or (shared) on any
    /// replica.
    pub async fn freeze(&self, wait: Duration) {
        match self {
            Self::Local(pacer) => pacer.freeze(wait),
            Self::Shared(pacer) => pacer.freeze(wait).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Webhook, WebhookSecret};

    fn webhook() -> RunMode {
        RunMode::Webhook(Webhook {
            url: "https://bot.example.org/telegram".parse().unwrap(),
            secret: WebhookSecret::parse(&"s".repeat(32)).unwrap(),
        })
    }

    #[tokio::test]
    async fn webhook_replicas_on_postgres_share_the_budget_and_a_single_process_keeps_its_own() {
        let postgres = Store::Postgres(
            sqlx::postgres::PgPoolOptions::new()
                .connect_lazy("postgres://nobody@127.0.0.1:1/none")
                .unwrap(),
        );
        let sqlite =
            Store::Sqlite(sqlx::sqlite::SqlitePool::connect_lazy("sqlite::memory:").unwrap());
        let limits = SendLimits::default();
        let shared = Pacer::for_run_mode(&webhook(), limits, &postgres);
        assert!(matches!(shared, Pacer::Shared(_)));
        assert!(
            !shared.takes_turn_before_answering(),
            "the answer first, then its turn"
        );
        for (mode, store) in [
            (RunMode::Polling, &postgres),
            (RunMode::Polling, &sqlite),
            (webhook(), &sqlite),
        ] {
            let local = Pacer::for_run_mode(&mode, limits, store);
            assert!(matches!(local, Pacer::Local(_)));
            assert!(local.takes_turn_before_answering());
        }
    }
}
