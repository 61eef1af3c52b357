//! Who holds which piece of work: every claim (an update being handled, a job, a broadcast copy
//! in flight) names its claimant, one random id per run of the bot, and lasts a short lease that
//! the claimant renews while it works. What a dead run held is taken back, never lost.

use chrono::{DateTime, Duration, Utc};

use super::{Store, StoreResult, on_pool, to_seconds};

/// How long a claim holds without renewal. Short, so that with several processes the work of
/// one that died restarts within seconds; the running process renews every [`RENEW_EVERY`].
pub const CLAIM_LEASE: Duration = Duration::seconds(15);
/// How often a running process renews the leases of the work it holds.
pub const RENEW_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// One run of the bot, as named on the rows it claims. A restart is a new claimant, so a row
/// still claimed by an old one is known to be left over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimant(String);

impl Claimant {
    /// A fresh id: the process id (to find it in logs) and 64 random bits (pids are reused).
    pub fn new() -> Self {
        let random = getrandom::u64().unwrap_or_else(|_| {
            // No OS randomness: the clock's nanoseconds still differ between runs.
            u64::try_from(Utc::now().timestamp_nanos_opt().unwrap_or_default()).unwrap_or(0)
        });
        Self(format!("{}-{random:016x}", std::process::id()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Claimant {
    fn default() -> Self {
        Self::new()
    }
}

/// What a start took back from runs that stopped without finishing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TakenBack {
    /// Updates and jobs that will be picked up again.
    pub updates: u64,
    pub jobs: u64,
    /// Replies and broadcast copies that were in flight: they may have arrived, so they are
    /// marked unconfirmed and not sent again.
    pub unconfirmed: u64,
}

impl Store {
    /// Takes back every claim not held by `me`, for a process that knows it is the only one
    /// (polling allows one process per bot token). Updates and jobs become free to claim at
    /// once, and so do broadcast copies claimed but not yet sent; a reply or copy that was in
    /// flight becomes unconfirmed and is not sent again.
    pub async fn take_back_claims(&self, me: &Claimant) -> StoreResult<TakenBack> {
        const COUNT_INBOX: &str = "SELECT CAST(COALESCE(SUM(in_flight), 0) AS BIGINT) FROM inbox
                                   WHERE state <> 'done' AND claimed_by IS NOT NULL AND claimed_by <> $1";
        const COUNT_JOBS: &str = "SELECT CAST(COALESCE(SUM(in_flight), 0) AS BIGINT) FROM jobs
                                  WHERE done_at IS NULL AND claimed_by IS NOT NULL AND claimed_by <> $1";
        const INBOX: &str = "UPDATE inbox SET claimed_by = NULL, lease_until = NULL,
                                    next_reply = next_reply + in_flight, unconfirmed = unconfirmed + in_flight, in_flight = 0
                             WHERE state <> 'done' AND claimed_by IS NOT NULL AND claimed_by <> $1";
        const JOBS: &str = "UPDATE jobs SET claimed_by = NULL, lease_until = NULL,
                                   next_reply = next_reply + in_flight, unconfirmed = unconfirmed + in_flight, in_flight = 0
                            WHERE done_at IS NULL AND claimed_by IS NOT NULL AND claimed_by <> $1";
        const COPIES: &str = "UPDATE broadcast_deliveries SET status = 'unconfirmed'
                              WHERE status = 'in_flight' AND (claimed_by IS NULL OR claimed_by <> $1)";
        const CLAIMED_COPIES: &str = "UPDATE broadcast_deliveries SET claimed_by = NULL, lease_until = NULL
                                      WHERE status = 'pending' AND claimed_by IS NOT NULL AND claimed_by <> $1";
        let me = me.as_str();
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            let in_flight_replies: i64 = sqlx::query_scalar(COUNT_INBOX).bind(me).fetch_one(&mut *transaction).await?;
            let in_flight_jobs: i64 = sqlx::query_scalar(COUNT_JOBS).bind(me).fetch_one(&mut *transaction).await?;
            let updates = sqlx::query(INBOX).bind(me).execute(&mut *transaction).await?.rows_affected();
            let jobs = sqlx::query(JOBS).bind(me).execute(&mut *transaction).await?.rows_affected();
            let copies = sqlx::query(COPIES).bind(me).execute(&mut *transaction).await?.rows_affected();
            sqlx::query(CLAIMED_COPIES).bind(me).execute(&mut *transaction).await?;
            transaction.commit().await?;
            let unconfirmed = u64::try_from(in_flight_replies + in_flight_jobs).unwrap_or(0) + copies;
            Ok(TakenBack { updates, jobs, unconfirmed })
        })
    }

    /// Extends every lease `me` holds (broadcast copies claimed to send included) to `now` +
    /// [`CLAIM_LEASE`].
    pub async fn renew_claims(&self, me: &Claimant, now: DateTime<Utc>) -> StoreResult<()> {
        const INBOX: &str =
            "UPDATE inbox SET lease_until = $1 WHERE claimed_by = $2 AND state <> 'done'";
        const JOBS: &str =
            "UPDATE jobs SET lease_until = $1 WHERE claimed_by = $2 AND done_at IS NULL";
        const COPIES: &str = "UPDATE broadcast_deliveries SET lease_until = $1
                              WHERE claimed_by = $2 AND status IN ('pending', 'in_flight')";
        let until = to_seconds(now + CLAIM_LEASE);
        on_pool!(self, pool => {
            for sql in [INBOX, JOBS, COPIES] {
                sqlx::query(sql).bind(until).bind(me.as_str()).execute(pool).await?;
            }
        });
        Ok(())
    }

    /// Lets go of what `me` holds but has not started sending (at shutdown; broadcast copies
    /// claimed but not sent included), so another process may take it at once. Work with a
    /// send in flight keeps its claim: whoever takes it back will treat that send as
    /// unconfirmed.
    pub async fn release_claims(&self, me: &Claimant) -> StoreResult<u64> {
        const INBOX: &str = "UPDATE inbox SET claimed_by = NULL, lease_until = NULL
                             WHERE claimed_by = $1 AND state <> 'done' AND in_flight = 0";
        const JOBS: &str = "UPDATE jobs SET claimed_by = NULL, lease_until = NULL
                            WHERE claimed_by = $1 AND done_at IS NULL AND in_flight = 0";
        const COPIES: &str = "UPDATE broadcast_deliveries SET claimed_by = NULL, lease_until = NULL
                              WHERE claimed_by = $1 AND status = 'pending'";
        let mut released = 0;
        on_pool!(self, pool => {
            for sql in [INBOX, JOBS, COPIES] {
                released += sqlx::query(sql).bind(me.as_str()).execute(pool).await?.rows_affected();
            }
        });
        Ok(released)
    }
}
