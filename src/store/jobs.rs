//! The job queue: work due later is a row with a due time. A worker claims due rows (a claim
//! lapses after a lease, so a crash mid-job does not lose it), does them, and marks them done.

use chrono::{DateTime, Duration, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub due_at: DateTime<Utc>,
    pub attempts: i64,
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: i64,
    kind: String,
    payload: String,
    due_at: i64,
    attempts: i64,
}

/// How long a claim holds before another worker may take the job again.
pub const CLAIM_LEASE: Duration = Duration::minutes(5);

impl Store {
    /// Schedules a job once per `dedupe_key`; returns false if one with that key exists already.
    pub async fn schedule_job(
        &self,
        kind: &str,
        dedupe_key: &str,
        payload: &str,
        due_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str =
            "INSERT INTO jobs (kind, dedupe_key, payload, due_at) VALUES ($1, $2, $3, $4)
                           ON CONFLICT (dedupe_key) DO NOTHING";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(kind).bind(dedupe_key).bind(payload).bind(to_seconds(due_at)).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Claims up to `limit` jobs due by `now`, oldest first.
    pub async fn claim_due_jobs(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<Job>> {
        const SQL: &str = "UPDATE jobs SET claimed_at = $1, attempts = attempts + 1
                           WHERE id IN (SELECT id FROM jobs
                                        WHERE done_at IS NULL AND due_at <= $1
                                          AND (claimed_at IS NULL OR claimed_at <= $2)
                                        ORDER BY due_at, id LIMIT $3)
                           RETURNING id, kind, payload, due_at, attempts";
        let lapsed = to_seconds(now - CLAIM_LEASE);
        let mut rows: Vec<JobRow> = on_pool!(self, pool => sqlx::query_as(SQL).bind(to_seconds(now)).bind(lapsed).bind(limit).fetch_all(pool).await?);
        rows.sort_by_key(|r| (r.due_at, r.id));
        Ok(rows
            .into_iter()
            .map(|r| Job {
                id: r.id,
                kind: r.kind,
                payload: r.payload,
                due_at: from_seconds(r.due_at),
                attempts: r.attempts,
            })
            .collect())
    }

    /// Marks a job done.
    pub async fn complete_job(&self, id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        const SQL: &str = "UPDATE jobs SET done_at = $1, last_error = NULL WHERE id = $2";
        on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(now)).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Releases a failed job to run again at `retry_at`.
    pub async fn retry_job(
        &self,
        id: i64,
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str =
            "UPDATE jobs SET claimed_at = NULL, due_at = $1, last_error = $2 WHERE id = $3";
        on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(retry_at)).bind(error).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// When the next unfinished job is due, if any (so a worker can sleep until then).
    pub async fn next_job_due(&self) -> StoreResult<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT MIN(due_at) FROM jobs WHERE done_at IS NULL";
        let due: Option<i64> =
            on_pool!(self, pool => sqlx::query_scalar(SQL).fetch_one(pool).await?);
        Ok(due.map(from_seconds))
    }
}
