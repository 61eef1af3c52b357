//! The job queue: work due later is a row with a due time. A worker claims due rows (naming
//! itself, under a lease it renews), works out what to send, keeps those replies on the row and
//! records each send, so a crash loses nothing and repeats nothing that may have arrived.

use chrono::{DateTime, Utc};

use super::{Claimant, Store, StoreResult, from_seconds, on_pool, to_seconds};
use crate::store::claims::CLAIM_LEASE;

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub due_at: DateTime<Utc>,
    /// How many times it has been worked out (a failure to work it out is retried a few times).
    pub attempts: i64,
    /// The replies (JSON) once worked out; sending resumes at `next_reply`.
    pub replies: Option<String>,
    pub next_reply: i64,
    /// Replies whose fate is unknown so far (in flight when an earlier run stopped).
    pub unconfirmed: i64,
    /// Failed sends in a row (for the back-off).
    pub send_failures: i64,
    /// After this the replies are no longer worth sending (a reminder once the session starts).
    pub useful_until: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: i64,
    kind: String,
    payload: String,
    due_at: i64,
    attempts: i64,
    replies: Option<String>,
    next_reply: i64,
    unconfirmed: i64,
    send_failures: i64,
    useful_until: Option<i64>,
}

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

    /// Marks done the jobs of `kind` whose key starts with `key_prefix` and whose messages have
    /// not started going out, as superseded by a newer one; their payloads.
    pub async fn supersede_unsent_jobs(
        &self,
        kind: &str,
        key_prefix: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<String>> {
        const SQL: &str = "UPDATE jobs SET done_at = $3, outcome = 'superseded'
                           WHERE kind = $1 AND substr(dedupe_key, 1, length($2)) = $2
                             AND done_at IS NULL AND replies IS NULL
                           RETURNING payload";
        let rows: Vec<(String,)> = on_pool!(self, pool => sqlx::query_as(SQL).bind(kind).bind(key_prefix).bind(to_seconds(now)).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|(payload,)| payload).collect())
    }

    /// Claims up to `limit` jobs due by `now` for `me`, oldest first: unclaimed ones, and ones
    /// whose holder's lease ran out (a reply that holder left in flight is counted unconfirmed
    /// and skipped).
    pub async fn claim_due_jobs(
        &self,
        me: &Claimant,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<Job>> {
        // SQLite: one writer at a time; the condition is repeated outside the sub-query all the
        // same.
        const SQLITE: &str = "UPDATE jobs SET claimed_by = $1, lease_until = $2, claimed_at = $3,
                                  attempts = attempts + (CASE WHEN replies IS NULL THEN 1 ELSE 0 END),
                                  next_reply = next_reply + in_flight, unconfirmed = unconfirmed + in_flight, in_flight = 0
                           WHERE id IN (SELECT id FROM jobs
                                        WHERE done_at IS NULL AND due_at <= $3
                                          AND (claimed_by IS NULL OR (claimed_by <> $1 AND lease_until <= $3))
                                        ORDER BY due_at, id LIMIT $4)
                             AND done_at IS NULL
                             AND (claimed_by IS NULL OR (claimed_by <> $1 AND lease_until <= $3))
                           RETURNING id, kind, payload, due_at, attempts, replies, next_reply, unconfirmed, send_failures, useful_until";
        // PostgreSQL, several replicas at once (READ COMMITTED): the picking query locks what
        // it picks and passes over rows another claim holds locked, so replicas take different
        // jobs without waiting. It runs once, as a materialised CTE (inside `IN (...)` it may
        // run again per row and claim more than `limit`, see `claim_updates`). A row that another claim committed after this statement's
        // snapshot is re-read when locked and its conditions re-checked: claimed under a live
        // lease, it drops out. A lapsed holder's reply in flight becomes unconfirmed below.
        const POSTGRES: &str = "WITH picked AS MATERIALIZED (
                                  SELECT id FROM jobs
                                  WHERE done_at IS NULL AND due_at <= $3
                                    AND (claimed_by IS NULL OR (claimed_by <> $1 AND lease_until <= $3))
                                  ORDER BY due_at, id LIMIT $4
                                  FOR UPDATE SKIP LOCKED)
                           UPDATE jobs SET claimed_by = $1, lease_until = $2, claimed_at = $3,
                                  attempts = attempts + (CASE WHEN replies IS NULL THEN 1 ELSE 0 END),
                                  next_reply = next_reply + in_flight, unconfirmed = unconfirmed + in_flight, in_flight = 0
                           FROM picked
                           WHERE jobs.id = picked.id
                             AND done_at IS NULL
                             AND (claimed_by IS NULL OR (claimed_by <> $1 AND lease_until <= $3))
                           RETURNING jobs.id, kind, payload, due_at, attempts, replies, next_reply, unconfirmed, send_failures, useful_until";
        let until = to_seconds(now + CLAIM_LEASE);
        let sql = self.per_backend(SQLITE, POSTGRES);
        let mut rows: Vec<JobRow> = on_pool!(self, pool => sqlx::query_as(sql).bind(me.as_str()).bind(until).bind(to_seconds(now)).bind(limit).fetch_all(pool).await?);
        rows.sort_by_key(|r| (r.due_at, r.id));
        Ok(rows
            .into_iter()
            .map(|r| Job {
                id: r.id,
                kind: r.kind,
                payload: r.payload,
                due_at: from_seconds(r.due_at),
                attempts: r.attempts,
                replies: r.replies,
                next_reply: r.next_reply,
                unconfirmed: r.unconfirmed,
                send_failures: r.send_failures,
                useful_until: r.useful_until.map(from_seconds),
            })
            .collect())
    }

    /// Keeps what a job `me` holds will send, and until when it is worth sending, as its first
    /// reply is handed to the channel (one write where two would do the same); false if `me`
    /// lost the claim. Until then a restart works the job out again.
    pub async fn start_job_send(
        &self,
        id: i64,
        me: &Claimant,
        replies: &str,
        useful_until: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str =
            "UPDATE jobs SET replies = $1, useful_until = $2, next_reply = 0, in_flight = 1
                           WHERE id = $3 AND claimed_by = $4 AND done_at IS NULL";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(replies).bind(to_seconds(useful_until))
            .bind(id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Records that reply `index` of a job is being handed to the channel (every earlier one is
    /// settled); false if `me` lost the claim.
    pub async fn mark_job_reply_in_flight(
        &self,
        id: i64,
        me: &Claimant,
        index: i64,
    ) -> StoreResult<bool> {
        const SQL: &str = "UPDATE jobs SET next_reply = $1, in_flight = 1
                           WHERE id = $2 AND claimed_by = $3 AND done_at IS NULL";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(index).bind(id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Reply `index` failed before the channel could act: the job is let go, to send it again
    /// at `retry_at`, one more failure counted for the back-off.
    pub async fn retry_job_send(
        &self,
        id: i64,
        me: &Claimant,
        index: i64,
        retry_at: DateTime<Utc>,
        error: &str,
    ) -> StoreResult<()> {
        const SQL: &str = "UPDATE jobs SET next_reply = $1, in_flight = 0, due_at = $2, last_error = $3,
                                  send_failures = send_failures + 1, claimed_by = NULL, lease_until = NULL
                           WHERE id = $4 AND claimed_by = $5 AND done_at IS NULL";
        on_pool!(self, pool => sqlx::query(SQL).bind(index).bind(to_seconds(retry_at)).bind(error)
            .bind(id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Marks a job done, saying how it ended (`delivered`, `unconfirmed`, `refused`, `expired`,
    /// `dropped`...) and how many of its replies have an unknown fate.
    pub async fn finish_job(
        &self,
        id: i64,
        me: &Claimant,
        outcome: &str,
        unconfirmed: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str =
            "UPDATE jobs SET done_at = $1, outcome = $2, unconfirmed = unconfirmed + $3,
                                  in_flight = 0, claimed_by = NULL, lease_until = NULL
                           WHERE id = $4 AND claimed_by = $5 AND done_at IS NULL";
        on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(now)).bind(outcome).bind(unconfirmed)
            .bind(id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Releases a job `me` could not work out, to run again at `retry_at`. Nothing happens if
    /// `me` lost the claim meanwhile (its lease lapsed and another replica holds the job).
    pub async fn retry_job(
        &self,
        id: i64,
        me: &Claimant,
        error: &str,
        retry_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str =
            "UPDATE jobs SET claimed_by = NULL, lease_until = NULL, due_at = $1, last_error = $2
                           WHERE id = $3 AND claimed_by = $4";
        on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(retry_at)).bind(error).bind(id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Lets go of a job `me` holds (at shutdown, before its next send).
    pub async fn release_job(&self, id: i64, me: &Claimant) -> StoreResult<()> {
        const SQL: &str = "UPDATE jobs SET claimed_by = NULL, lease_until = NULL, in_flight = 0
                           WHERE id = $1 AND claimed_by = $2";
        on_pool!(self, pool => sqlx::query(SQL).bind(id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// When the next unfinished job is due, if any (so a worker can sleep until then).
    pub async fn next_job_due(&self) -> StoreResult<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT MIN(due_at) FROM jobs WHERE done_at IS NULL";
        let due: Option<i64> =
            on_pool!(self, pool => sqlx::query_scalar(SQL).fetch_one(pool).await?);
        Ok(due.map(from_seconds))
    }

    /// How many unfinished jobs some process holds a claim on.
    pub async fn claimed_jobs(&self) -> StoreResult<i64> {
        const SQL: &str =
            "SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND claimed_by IS NOT NULL";
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL).fetch_one(pool).await?))
    }

    /// Finished jobs by how they ended, with how many of their replies are unconfirmed:
    /// `(outcome, jobs, unconfirmed replies)`, for logs, reports and tests.
    pub async fn job_outcomes(&self) -> StoreResult<Vec<(String, i64, i64)>> {
        const SQL: &str = "SELECT COALESCE(outcome, 'done'), COUNT(*), CAST(COALESCE(SUM(unconfirmed), 0) AS BIGINT)
                           FROM jobs WHERE done_at IS NOT NULL
                           GROUP BY COALESCE(outcome, 'done') ORDER BY 1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?))
    }
}
