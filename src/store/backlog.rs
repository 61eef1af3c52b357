//! How much work waits, for the operators' `/metrics`: open updates, due jobs and broadcast
//! copies by state, with how long the oldest has waited. Counts and instants only.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};

/// The work waiting in the database at one instant.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Updates not finished (pending or being answered).
    pub open_updates: i64,
    /// When the oldest of them arrived.
    pub oldest_update: Option<DateTime<Utc>>,
    /// Unfinished jobs due by now, and every unfinished job.
    pub due_jobs: i64,
    pub unfinished_jobs: i64,
    /// When the longest-waiting due job fell due.
    pub oldest_due_job: Option<DateTime<Utc>>,
    /// Broadcast copies of every broadcast by state (`pending`, `delivered`...).
    pub copies: Vec<(String, i64)>,
}

impl Store {
    /// What is waiting at `now`.
    pub async fn backlog(&self, now: DateTime<Utc>) -> StoreResult<Backlog> {
        const INBOX: &str = "SELECT COUNT(*), MIN(received_at) FROM inbox WHERE state <> 'done'";
        const JOBS: &str = "SELECT COALESCE(SUM(CASE WHEN due_at <= $1 THEN 1 ELSE 0 END), 0),
                                   COUNT(*),
                                   MIN(CASE WHEN due_at <= $1 THEN due_at END)
                            FROM jobs WHERE done_at IS NULL";
        const COPIES: &str =
            "SELECT status, COUNT(*) FROM broadcast_deliveries GROUP BY status ORDER BY status";
        let now = to_seconds(now);
        let (open_updates, oldest_update): (i64, Option<i64>) =
            on_pool!(self, pool => sqlx::query_as(INBOX).fetch_one(pool).await?);
        let (due_jobs, unfinished_jobs, oldest_due_job): (i64, i64, Option<i64>) =
            on_pool!(self, pool => sqlx::query_as(JOBS).bind(now).fetch_one(pool).await?);
        let copies: Vec<(String, i64)> =
            on_pool!(self, pool => sqlx::query_as(COPIES).fetch_all(pool).await?);
        Ok(Backlog {
            open_updates,
            oldest_update: oldest_update.map(from_seconds),
            due_jobs,
            unfinished_jobs,
            oldest_due_job: oldest_due_job.map(from_seconds),
            copies,
        })
    }
}
