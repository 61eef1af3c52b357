//! The store: every SQL statement the bot runs, one function per intent, on SQLite (the embedded
//! default) or PostgreSQL. Instants are stored as integer Unix seconds so the same SQL runs on both.
//! Other modules call these functions and never write SQL themselves.

mod alerts;
mod backlog;
mod broadcasts;
mod buddies;
mod chats;
mod claims;
mod conversations;
mod cycles;
mod deliveries;
mod erasure;
mod faq;
mod feedback;
mod feedback_closing;
mod feedback_rounds;
mod groups;
mod heartbeats;
mod inbox;
mod jobs;
mod journey;
mod journey_sharing;
#[cfg(test)]
mod landed_migrations;
mod people;
mod safety;
mod send_slots;
mod sessions;
mod sole_poller;
mod web;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use backlog::Backlog;
pub use broadcasts::{BroadcastRecord, Recipient};
pub use buddies::BuddyPair;
pub use chats::{BotStatus, ChatKind};
pub use claims::{CLAIM_LEASE, Claimant, RENEW_EVERY, TakenBack};
pub use conversations::SavedConversation;
pub use cycles::ImprovementCycle;
pub use deliveries::PendingDelivery;
pub use faq::{QuestionOutcome, RecordedQuestion, UnansweredQuestion};
pub use feedback::{FeedbackAnswers, FeedbackForm, NewForm, ReportScope};
pub use feedback_rounds::OpenRound;
pub use groups::GroupRecord;
pub use inbox::{ClaimedUpdate, InboxTally, NewUpdate, UpdateState};
pub use jobs::Job;
pub use journey::JourneyStepRecord;
pub use people::{AuditEntry, PersonRecord, RoleHolder};
pub use send_slots::SlotReservation;
pub use sessions::{AttendanceCount, RsvpCounts};
pub use sole_poller::SolePoller;
pub use web::ArticleRevision;

/// A connection pool to the bot's database.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same statement on whichever backend the store holds. Each arm is compiled for its own
/// driver, so the body may use any type both drivers support.
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite($pool) => $body,
            $crate::store::Store::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_pool;

/// A failure of the database itself; callers can only report it.
#[derive(Debug, thiserror::Error)]
#[error("database error: {0}")]
pub struct StoreError(#[from] sqlx::Error);

pub type StoreResult<T> = Result<T, StoreError>;

impl Store {
    /// Connects to `database_url` and brings the schema up to date.
    pub async fn open(database_url: &str) -> anyhow::Result<Self> {
        let store = Self::connect(database_url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without migrating.
    pub async fn connect(database_url: &str) -> anyhow::Result<Self> {
        if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect(database_url)
                .await
                .context("could not connect to PostgreSQL at DATABASE_URL")?;
            return Ok(Self::Postgres(pool));
        }
        let options = SqliteConnectOptions::from_str(database_url)
            .with_context(|| format!("DATABASE_URL '{database_url}' is not a valid SQLite URL"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true)
            // Deleted rows (a closed form's salt, a forgotten fellow) are overwritten with zeros,
            // not left in free pages of the file; see `erasure`.
            .pragma("secure_delete", "ON");
        let in_memory = database_url.contains(":memory:") || database_url.contains("mode=memory");
        if !in_memory {
            create_parent_dir(options.get_filename())?;
        }
        // An in-memory SQLite database lives in one connection; more would each see an empty one.
        let max_connections = if in_memory { 1 } else { 4 };
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            .connect_with(options)
            .await
            .with_context(|| format!("could not open the SQLite database at {database_url}"))?;
        Ok(Self::Sqlite(pool))
    }

    /// Applies the migrations this binary carries that the database has not seen yet.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Self::Sqlite(pool) => sqlx::migrate!("migrations/sqlite").run(pool).await,
            Self::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await,
        }
        .context("could not apply the database migrations")
    }

    /// The statement written for this backend, where the two differ (PostgreSQL's row locks).
    pub(crate) fn per_backend(&self, sqlite: &'static str, postgres: &'static str) -> &'static str {
        match self {
            Self::Sqlite(_) => sqlite,
            Self::Postgres(_) => postgres,
        }
    }

    /// Which backend this is, for logs.
    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "SQLite",
            Self::Postgres(_) => "PostgreSQL",
        }
    }

    /// Waits for pending writes and closes every connection.
    pub async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}

fn create_parent_dir(file: &std::path::Path) -> anyhow::Result<()> {
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("could not create the database folder {}", dir.display()))?;
    }
    Ok(())
}

/// An instant as stored: whole Unix seconds.
pub(crate) fn to_seconds(instant: DateTime<Utc>) -> i64 {
    instant.timestamp()
}

/// A stored instant back as a time; out-of-range values become the epoch rather than failing.
pub(crate) fn from_seconds(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}
