//! A broadcast's delivery rows: one per recipient, pending, then in flight just before the Bot
//! API call, then settled; a restart resumes the pending ones and reports the ones in flight.

use chrono::{DateTime, Utc};

use super::{Claimant, Store, StoreResult, on_pool, to_seconds};
use crate::broadcast::{BroadcastStatus, DeliveryProblem, DeliveryStatus, DeliveryTally};
use crate::store::claims::CLAIM_LEASE;

/// A copy waiting to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingDelivery {
    pub chat_id: i64,
    pub thread_id: Option<i64>,
    pub attempts: i64,
}

impl Store {
    /// Copies due to be sent now, in a stable order.
    pub async fn pending_deliveries(
        &self,
        id: i64,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<PendingDelivery>> {
        const SQL: &str = "SELECT chat_id, thread_id, attempts FROM broadcast_deliveries
                           WHERE broadcast_id = $1 AND status = 'pending' AND due_at <= $2
                           ORDER BY chat_id LIMIT $3";
        Ok(
            on_pool!(self, pool => sqlx::query_as(SQL).bind(id).bind(to_seconds(now)).bind(limit).fetch_all(pool).await?),
        )
    }

    /// Claims up to `limit` copies due to be sent now for `me`, in a stable order, before their
    /// turns are waited for: copies no one holds, `me`'s own, and those of a sender whose lease
    /// ran out. Replicas sending the same broadcast so share it out rather than all waiting
    /// for the same copies; the claim is renewed with the sender's other claims.
    pub async fn claim_pending_deliveries(
        &self,
        id: i64,
        me: &Claimant,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<PendingDelivery>> {
        // PostgreSQL: the picking query locks the rows it picks and passes over those another
        // replica's claim holds locked; a row claimed and committed after this statement's
        // snapshot is re-read when locked and, held under a live lease, drops out. It runs
        // once, as a materialised CTE (see `claim_updates`).
        const SQLITE: &str = "UPDATE broadcast_deliveries SET claimed_by = $1, lease_until = $2
                              WHERE broadcast_id = $3 AND chat_id IN (
                                      SELECT chat_id FROM broadcast_deliveries
                                      WHERE broadcast_id = $3 AND status = 'pending' AND due_at <= $4
                                        AND (claimed_by IS NULL OR claimed_by = $1 OR lease_until IS NULL OR lease_until <= $4)
                                      ORDER BY chat_id LIMIT $5)
                                AND status = 'pending'
                              RETURNING chat_id, thread_id, attempts";
        const POSTGRES: &str = "WITH picked AS MATERIALIZED (
                                  SELECT chat_id FROM broadcast_deliveries
                                  WHERE broadcast_id = $3 AND status = 'pending' AND due_at <= $4
                                    AND (claimed_by IS NULL OR claimed_by = $1 OR lease_until IS NULL OR lease_until <= $4)
                                  ORDER BY chat_id LIMIT $5
                                  FOR UPDATE SKIP LOCKED)
                                UPDATE broadcast_deliveries d SET claimed_by = $1, lease_until = $2
                                FROM picked
                                WHERE d.broadcast_id = $3 AND d.chat_id = picked.chat_id
                                  AND d.status = 'pending'
                                  AND (d.claimed_by IS NULL OR d.claimed_by = $1 OR d.lease_until IS NULL OR d.lease_until <= $4)
                                RETURNING d.chat_id, d.thread_id, d.attempts";
        let until = to_seconds(now + CLAIM_LEASE);
        let sql = self.per_backend(SQLITE, POSTGRES);
        let mut rows: Vec<PendingDelivery> = on_pool!(self, pool => sqlx::query_as(sql).bind(me.as_str()).bind(until).bind(id).bind(to_seconds(now)).bind(limit).fetch_all(pool).await?);
        rows.sort_by_key(|r| r.chat_id);
        Ok(rows)
    }

    /// Marks a copy as handed to the Bot API by `me`; false if it is not pending any more
    /// (another worker took it, or the broadcast was cancelled) or another sender holds it
    /// under a live claim.
    pub async fn mark_delivery_in_flight(
        &self,
        id: i64,
        chat_id: i64,
        me: &Claimant,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str = "UPDATE broadcast_deliveries SET status = 'in_flight', started_at = $1, claimed_by = $2, lease_until = $3
                           WHERE broadcast_id = $4 AND chat_id = $5 AND status = 'pending'
                             AND (claimed_by IS NULL OR claimed_by = $2 OR lease_until IS NULL OR lease_until <= $1)";
        let until = to_seconds(now + CLAIM_LEASE);
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(now)).bind(me.as_str()).bind(until)
            .bind(id).bind(chat_id).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Records how a copy in flight ended.
    pub async fn record_delivery(
        &self,
        id: i64,
        chat_id: i64,
        status: DeliveryStatus,
        message_id: Option<i32>,
        error: Option<&str>,
    ) -> StoreResult<()> {
        const SQL: &str = "UPDATE broadcast_deliveries SET status = $1, message_id = $2, error = $3
                           WHERE broadcast_id = $4 AND chat_id = $5 AND status IN ('in_flight', 'unconfirmed')";
        on_pool!(self, pool => sqlx::query(SQL).bind(status.as_str()).bind(message_id.map(i64::from)).bind(error).bind(id).bind(chat_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Notes a problem with a delivered copy (it could not be pinned) without changing its state.
    pub async fn note_delivery_problem(
        &self,
        id: i64,
        chat_id: i64,
        error: &str,
    ) -> StoreResult<()> {
        const SQL: &str =
            "UPDATE broadcast_deliveries SET error = $1 WHERE broadcast_id = $2 AND chat_id = $3";
        on_pool!(self, pool => sqlx::query(SQL).bind(error).bind(id).bind(chat_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Puts a copy in flight back to pending, to go at `due_at`, for any sender to claim;
    /// `failed` counts it as an attempt (a server error) rather than a wait (flood control,
    /// shutdown).
    pub async fn retry_delivery(
        &self,
        id: i64,
        chat_id: i64,
        due_at: DateTime<Utc>,
        failed: Option<&str>,
    ) -> StoreResult<()> {
        const SQL: &str = "UPDATE broadcast_deliveries
                           SET status = 'pending', started_at = NULL, claimed_by = NULL, lease_until = NULL, due_at = $1, attempts = attempts + $2, error = COALESCE($3, error)
                           WHERE broadcast_id = $4 AND chat_id = $5 AND status = 'in_flight'";
        let attempt = i64::from(failed.is_some());
        on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(due_at)).bind(attempt).bind(failed).bind(id).bind(chat_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Copies left in flight by a sender that stopped without recording their answer (another
    /// claimant whose lease ran out): they may have arrived, so they become unconfirmed rather
    /// than being sent again. Returns how many.
    pub async fn settle_stale_deliveries(
        &self,
        id: i64,
        me: &Claimant,
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        const SQL: &str = "UPDATE broadcast_deliveries SET status = 'unconfirmed'
                           WHERE broadcast_id = $1 AND status = 'in_flight'
                             AND (claimed_by IS NULL OR (claimed_by <> $2 AND (lease_until IS NULL OR lease_until <= $3)))";
        Ok(
            on_pool!(self, pool => sqlx::query(SQL).bind(id).bind(me.as_str()).bind(to_seconds(now)).execute(pool).await?.rows_affected()),
        )
    }

    pub async fn delivery_tally(&self, id: i64) -> StoreResult<DeliveryTally> {
        const SQL: &str = "SELECT status, COUNT(*) FROM broadcast_deliveries WHERE broadcast_id = $1 GROUP BY status";
        let rows: Vec<(String, i64)> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_all(pool).await?);
        Ok(DeliveryTally(
            rows.into_iter()
                .filter_map(|(status, n)| DeliveryStatus::parse(&status).map(|s| (s, n)))
                .collect(),
        ))
    }

    /// Marks a sending broadcast done once no copy is pending or in flight; false otherwise.
    pub async fn finish_broadcast(&self, id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        const SQL: &str = "UPDATE broadcasts SET status = 'done', finished_at = $1
                           WHERE id = $2 AND status = 'sending'
                             AND NOT EXISTS (SELECT 1 FROM broadcast_deliveries
                                             WHERE broadcast_id = $2 AND status IN ('pending', 'in_flight'))";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(now)).bind(id).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Cancels a broadcast that is a draft, scheduled or sending: copies not yet sent are skipped.
    /// Returns the status it had, or None if it had finished already.
    pub async fn cancel_broadcast(
        &self,
        id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<BroadcastStatus>> {
        const READ: &str = "SELECT status FROM broadcasts WHERE id = $1";
        const CANCEL: &str = "UPDATE broadcasts SET status = 'cancelled', finished_at = $1
                              WHERE id = $2 AND status IN ('draft', 'scheduled', 'sending')";
        const SKIP: &str = "UPDATE broadcast_deliveries SET status = 'skipped' WHERE broadcast_id = $1 AND status = 'pending'";
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            let before: Option<String> = sqlx::query_scalar(READ).bind(id).fetch_optional(&mut *transaction).await?;
            let cancelled = sqlx::query(CANCEL).bind(to_seconds(now)).bind(id).execute(&mut *transaction).await?.rows_affected() == 1;
            if !cancelled {
                return Ok(None);
            }
            sqlx::query(SKIP).bind(id).execute(&mut *transaction).await?;
            transaction.commit().await?;
            Ok(before.as_deref().map(BroadcastStatus::parse))
        })
    }

    /// Queues the unconfirmed copies of a broadcast again, at the lead's request; how many.
    pub async fn resend_unconfirmed(&self, id: i64, now: DateTime<Utc>) -> StoreResult<u64> {
        const RESEND: &str = "UPDATE broadcast_deliveries SET status = 'pending', due_at = $1
                              WHERE broadcast_id = $2 AND status = 'unconfirmed'";
        const REOPEN: &str = "UPDATE broadcasts SET status = 'sending', finished_at = NULL WHERE id = $1 AND status = 'done'";
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            let queued = sqlx::query(RESEND).bind(to_seconds(now)).bind(id).execute(&mut *transaction).await?.rows_affected();
            if queued > 0 {
                sqlx::query(REOPEN).bind(id).execute(&mut *transaction).await?;
            }
            transaction.commit().await?;
            Ok(queued)
        })
    }

    /// Recipients not cleanly reached (and delivered copies with a note), by name, for the report.
    pub async fn delivery_problems(&self, id: i64) -> StoreResult<Vec<DeliveryProblem>> {
        const SQL: &str = "SELECT COALESCE(f.name, p.first_name, c.title, 'chat ' || CAST(d.chat_id AS TEXT)) AS name, d.status, d.error
                           FROM broadcast_deliveries d
                           LEFT JOIN fellows f ON f.user_id = d.chat_id
                           LEFT JOIN people p ON p.user_id = d.chat_id
                           LEFT JOIN chats c ON c.chat_id = d.chat_id
                           WHERE d.broadcast_id = $1 AND (d.status NOT IN ('delivered', 'pending', 'in_flight') OR d.error IS NOT NULL)
                           ORDER BY name";
        let rows: Vec<(String, String, Option<String>)> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|(name, status, error)| {
                Some(DeliveryProblem {
                    name,
                    status: DeliveryStatus::parse(&status)?,
                    error,
                })
            })
            .collect())
    }

    /// Private chats the bot may write to (the person started it and has not blocked it).
    pub async fn reachable_private_chats(&self) -> StoreResult<std::collections::HashSet<i64>> {
        const SQL: &str =
            "SELECT chat_id FROM chats WHERE kind = 'private' AND bot_status = 'member'";
        let ids: Vec<i64> = on_pool!(self, pool => sqlx::query_scalar(SQL).fetch_all(pool).await?);
        Ok(ids.into_iter().collect())
    }
}
