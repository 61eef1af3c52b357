//! Heartbeats: when each long-running part of the bot last said it was alive (for `health`),
//! and whether the database answers at all (for the web console's `/readyz`).

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, on_pool, to_seconds};

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

impl Store {
    /// Whether the database answers a trivial query (for `/readyz`).
    pub async fn ping(&self) -> StoreResult<()> {
        let _: i32 = on_pool!(self, pool => sqlx::query_scalar("SELECT 1").fetch_one(pool).await?);
        Ok(())
    }
}
