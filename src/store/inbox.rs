//! The update inbox: each update is stored before Telegram is told it arrived, handled in order
//! per chat (only the oldest open update of a chat can be claimed), and its replies are kept
//! with the first one not yet settled, so a restart carries on without repeating any.

use chrono::{DateTime, Duration, Utc};

use super::{Claimant, Store, StoreResult, from_seconds, on_pool, to_seconds};
use crate::store::claims::CLAIM_LEASE;

/// An update as it arrived, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUpdate {
    pub update_id: i64,
    /// The chat it belongs to (updates of one chat are handled in order).
    pub chat_id: i64,
    /// The update as the channel sent it (JSON).
    pub body: String,
}

/// Where a claimed update is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateState {
    /// Not handled yet.
    Pending,
    /// Handled; its replies are stored and being sent.
    Answering,
}

/// An update claimed for handling or for sending the rest of its replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedUpdate {
    pub update_id: i64,
    pub chat_id: i64,
    pub state: UpdateState,
    pub body: Option<String>,
    /// The replies (JSON) once worked out.
    pub replies: Option<String>,
    /// The first reply not yet settled.
    pub next_reply: i64,
    /// Replies whose fate is unknown so far (in flight when an earlier run stopped).
    pub unconfirmed: i64,
    /// How many times handling it has started (a crash while handling counts).
    pub attempts: i64,
    pub received_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct ClaimedRow {
    update_id: i64,
    chat_id: i64,
    state: String,
    body: Option<String>,
    replies: Option<String>,
    next_reply: i64,
    unconfirmed: i64,
    attempts: i64,
    received_at: i64,
}

/// How the inbox stands, for logs and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InboxTally {
    /// Updates not finished (pending or answering).
    pub open: i64,
    pub done: i64,
    /// Replies whose delivery is unknown (in flight at a crash, or timed out).
    pub unconfirmed: i64,
}

/// How long a handled update is remembered, to recognise one Telegram delivers again (it keeps
/// unconfirmed updates for 24 hours).
const REMEMBER_DONE_FOR: Duration = Duration::days(2);

impl Store {
    /// Stores updates that arrived; one already stored is left as it is. All or none: the
    /// caller confirms them to the channel only after this succeeds. Returns how many were new.
    pub async fn store_updates(
        &self,
        updates: &[NewUpdate],
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        // One statement per batch (Telegram hands out at most 100 updates at a time).
        const ROWS_PER_STATEMENT: usize = 100;
        let now = to_seconds(now);
        if updates.is_empty() {
            return Ok(0);
        }
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            let mut stored = 0;
            for chunk in updates.chunks(ROWS_PER_STATEMENT) {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO inbox (update_id, chat_id, state, body, received_at) ",
                );
                insert.push_values(chunk, |mut row, update| {
                    row.push_bind(update.update_id)
                        .push_bind(update.chat_id)
                        .push("'pending'")
                        .push_bind(&update.body)
                        .push_bind(now);
                });
                insert.push(" ON CONFLICT (update_id) DO NOTHING");
                stored += insert.build().execute(&mut *transaction).await?.rows_affected();
            }
            transaction.commit().await?;
            Ok(stored)
        })
    }

    /// Claims up to `limit` updates for `me`: for each chat, its oldest open update, if no one
    /// holds it (or its holder's lease ran out). A reply left in flight by a lapsed holder is
    /// counted unconfirmed and skipped.
    pub async fn claim_updates(
        &self,
        me: &Claimant,
        now: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<ClaimedUpdate>> {
        // SQLite: one writer at a time, so the statement sees every claim made before it. The
        // condition is repeated outside the sub-query all the same.
        const SQLITE: &str = "UPDATE inbox SET claimed_by = $1, lease_until = $2,
                                  attempts = attempts + (CASE WHEN state = 'pending' THEN 1 ELSE 0 END),
                                  next_reply = next_reply + in_flight, unconfirmed = unconfirmed + in_flight, in_flight = 0
                           WHERE update_id IN (
                                   SELECT i.update_id FROM inbox i
                                   WHERE i.state <> 'done'
                                     AND (i.claimed_by IS NULL OR (i.claimed_by <> $1 AND i.lease_until <= $3))
                                     AND i.update_id = (SELECT MIN(h.update_id) FROM inbox h
                                                        WHERE h.chat_id = i.chat_id AND h.state <> 'done')
                                   ORDER BY i.update_id LIMIT $4)
                             AND state <> 'done'
                             AND (claimed_by IS NULL OR (claimed_by <> $1 AND lease_until <= $3))
                           RETURNING update_id, chat_id, state, body, replies, next_reply, unconfirmed, attempts, received_at";
        // PostgreSQL, with several replicas claiming at once under READ COMMITTED. The
        // picking query locks the rows it picks (FOR UPDATE) and passes over rows another
        // claim holds locked (SKIP LOCKED), so two replicas claiming at once take different
        // updates without waiting for each other. It runs once, as a materialised CTE: as a
        // sub-query of `IN (...)` the planner may run it again for each row, and each run
        // skips the rows the statement itself just locked, claiming more than `limit`. Cases:
        // - Both pick the same row: the second to lock it either skips it (the first has not
        //   committed) or, if the first committed meanwhile, re-reads the row's latest version
        //   and re-checks its own conditions: it is claimed and its lease is live, so it drops
        //   out. The outer conditions repeat this. The same update is never claimed twice.
        // - A chat's order: a row is a candidate only when no older update of its chat is open
        //   in the statement's snapshot. A replica finishing update 5 while another claims: if
        //   the claim's snapshot predates the commit, 5 is still open there and 6 is not a
        //   candidate (it is taken by a later claim); if it follows it, 5 is done and 6 is the
        //   oldest. 5 itself is locked by the finishing UPDATE (skipped) or done (excluded). So
        //   6 is never claimed while 5 is open; the re-check after a lock covers only the row's
        //   own columns, which is why the order rule rests on 5's commit coming first.
        // - Updates that reach the inbox out of order (several webhook connections): 6 stored
        //   and claimed before 5 arrives. 5 is then the oldest open update and would run beside
        //   6, so a row is also not a candidate while another update of its chat is held under
        //   a live lease. (A claim of 6 not yet committed when 5's claim starts can still slip
        //   past this: that needs 5 to arrive within the few milliseconds of two claims.)
        // - A lapsed holder: its update is claimed again, and a reply it left in flight is
        //   counted unconfirmed (never sent again) by the SET below.
        const POSTGRES: &str = "WITH picked AS MATERIALIZED (
                                  SELECT i.update_id FROM inbox i
                                  WHERE i.state <> 'done'
                                    AND (i.claimed_by IS NULL OR (i.claimed_by <> $1 AND i.lease_until <= $3))
                                    AND NOT EXISTS (SELECT 1 FROM inbox h
                                                    WHERE h.chat_id = i.chat_id AND h.state <> 'done'
                                                      AND (h.update_id < i.update_id
                                                           OR (h.claimed_by IS NOT NULL AND h.lease_until > $3)))
                                  ORDER BY i.update_id LIMIT $4
                                  FOR UPDATE SKIP LOCKED)
                           UPDATE inbox SET claimed_by = $1, lease_until = $2,
                                  attempts = attempts + (CASE WHEN state = 'pending' THEN 1 ELSE 0 END),
                                  next_reply = next_reply + in_flight, unconfirmed = unconfirmed + in_flight, in_flight = 0
                           FROM picked
                           WHERE inbox.update_id = picked.update_id
                             AND state <> 'done'
                             AND (claimed_by IS NULL OR (claimed_by <> $1 AND lease_until <= $3))
                           RETURNING inbox.update_id, chat_id, state, body, replies, next_reply, unconfirmed, attempts, received_at";
        let until = to_seconds(now + CLAIM_LEASE);
        let sql = self.per_backend(SQLITE, POSTGRES);
        let mut rows: Vec<ClaimedRow> = on_pool!(self, pool => sqlx::query_as(sql).bind(me.as_str()).bind(until).bind(to_seconds(now)).bind(limit).fetch_all(pool).await?);
        rows.sort_by_key(|r| r.update_id);
        Ok(rows
            .into_iter()
            .map(|r| ClaimedUpdate {
                update_id: r.update_id,
                chat_id: r.chat_id,
                state: if r.state == "answering" {
                    UpdateState::Answering
                } else {
                    UpdateState::Pending
                },
                body: r.body,
                replies: r.replies,
                next_reply: r.next_reply,
                unconfirmed: r.unconfirmed,
                attempts: r.attempts,
                received_at: from_seconds(r.received_at),
            })
            .collect())
    }

    /// Keeps the replies worked out for an update `me` holds, with the first one marked in
    /// flight when `first_in_flight` (it is handed to the channel next, its turn already taken):
    /// one statement where keeping and marking would be two. False if `me` lost the claim.
    pub async fn save_update_replies(
        &self,
        update_id: i64,
        me: &Claimant,
        replies: &str,
        first_in_flight: bool,
    ) -> StoreResult<bool> {
        const SQL: &str =
            "UPDATE inbox SET state = 'answering', replies = $1, next_reply = 0, in_flight = $4
                           WHERE update_id = $2 AND claimed_by = $3 AND state = 'pending'";
        let in_flight = i64::from(first_in_flight);
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(replies).bind(update_id).bind(me.as_str()).bind(in_flight).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Records that reply `index` is being handed to the channel (every earlier one is
    /// settled); false if `me` lost the claim.
    pub async fn mark_update_reply_in_flight(
        &self,
        update_id: i64,
        me: &Claimant,
        index: i64,
    ) -> StoreResult<bool> {
        const SQL: &str = "UPDATE inbox SET next_reply = $1, in_flight = 1
                           WHERE update_id = $2 AND claimed_by = $3 AND state = 'answering'";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(index).bind(update_id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// The reply in flight certainly did not arrive (it failed before the channel could act):
    /// it is safe to send again.
    pub async fn clear_update_in_flight(&self, update_id: i64, me: &Claimant) -> StoreResult<()> {
        const SQL: &str = "UPDATE inbox SET in_flight = 0 WHERE update_id = $1 AND claimed_by = $2";
        on_pool!(self, pool => sqlx::query(SQL).bind(update_id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Finishes an update: `outcome` says how its replies ended (`unconfirmed` of them with an
    /// unknown fate). Its text and replies are forgotten; its id is kept a while to recognise a
    /// redelivery.
    pub async fn finish_update(
        &self,
        update_id: i64,
        me: &Claimant,
        outcome: &str,
        unconfirmed: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str =
            "UPDATE inbox SET state = 'done', outcome = $1, unconfirmed = unconfirmed + $2,
                                  done_at = $3, body = NULL, replies = NULL, in_flight = 0,
                                  claimed_by = NULL, lease_until = NULL
                           WHERE update_id = $4 AND claimed_by = $5 AND state <> 'done'";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(outcome).bind(unconfirmed).bind(to_seconds(now))
            .bind(update_id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Lets go of an update `me` holds, to be claimed again (at shutdown, before its next send).
    pub async fn release_update(&self, update_id: i64, me: &Claimant) -> StoreResult<()> {
        const SQL: &str = "UPDATE inbox SET claimed_by = NULL, lease_until = NULL, in_flight = 0
                           WHERE update_id = $1 AND claimed_by = $2";
        on_pool!(self, pool => sqlx::query(SQL).bind(update_id).bind(me.as_str()).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Forgets finished updates older than Telegram would deliver them again.
    pub async fn forget_old_updates(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        const SQL: &str = "DELETE FROM inbox WHERE state = 'done' AND done_at < $1";
        let cutoff = to_seconds(now - REMEMBER_DONE_FOR);
        Ok(
            on_pool!(self, pool => sqlx::query(SQL).bind(cutoff).execute(pool).await?.rows_affected()),
        )
    }

    /// Open, done and unconfirmed counts.
    pub async fn inbox_tally(&self) -> StoreResult<InboxTally> {
        const SQL: &str = "SELECT COALESCE(SUM(CASE WHEN state <> 'done' THEN 1 ELSE 0 END), 0),
                                  COALESCE(SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END), 0),
                                  CAST(COALESCE(SUM(unconfirmed), 0) AS BIGINT)
                           FROM inbox";
        let (open, done, unconfirmed): (i64, i64, i64) =
            on_pool!(self, pool => sqlx::query_as(SQL).fetch_one(pool).await?);
        Ok(InboxTally {
            open,
            done,
            unconfirmed,
        })
    }
}
