//! Which Telegram updates have been handled, so a redelivered update has no second effect.

use chrono::{DateTime, Duration, Utc};

use super::{Store, StoreResult, on_pool, to_seconds};

impl Store {
    /// Records that `update_id` is being handled; returns false if it already was.
    pub async fn claim_update(&self, update_id: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        const SQL: &str = "INSERT INTO processed_updates (update_id, processed_at) VALUES ($1, $2)
                           ON CONFLICT (update_id) DO NOTHING";
        let result = on_pool!(self, pool => sqlx::query(SQL)
            .bind(update_id)
            .bind(to_seconds(now))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(result == 1)
    }

    /// Forgets updates older than Telegram keeps them (24 hours), with a margin.
    pub async fn forget_old_updates(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        const SQL: &str = "DELETE FROM processed_updates WHERE processed_at < $1";
        let cutoff = to_seconds(now - Duration::days(3));
        Ok(
            on_pool!(self, pool => sqlx::query(SQL).bind(cutoff).execute(pool).await?.rows_affected()),
        )
    }
}

impl Store {
    /// Records that the part called `name` (the Telegram loop) is alive at `now`.
    pub async fn beat(&self, name: &str, now: DateTime<Utc>) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO heartbeats (name, at) VALUES ($1, $2)
                           ON CONFLICT (name) DO UPDATE SET at = excluded.at";
        on_pool!(self, pool => sqlx::query(SQL).bind(name).bind(to_seconds(now)).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// When `name` last said it was alive.
    pub async fn last_beat(&self, name: &str) -> StoreResult<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT at FROM heartbeats WHERE name = $1";
        let at: Option<i64> =
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(name).fetch_optional(pool).await?);
        Ok(at.map(super::from_seconds))
    }
}
