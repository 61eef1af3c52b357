//! The send budget shared by replicas (webhook mode), on PostgreSQL: each send reserves a slot
//! of the database's timeline (see `migrations/postgres/0016_send_slots.sql`), and Telegram's
//! "retry after" is recorded for every replica to honour. A bot on SQLite is one process and
//! paces in memory, so these refuse to run there.

use std::time::Duration;

use super::{Store, StoreError, StoreResult};

/// A slot reserved for one send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotReservation {
    /// Its number: it starts `slot × slot length` after the Unix epoch, on the database's clock.
    pub slot: i64,
    /// How long from the moment the database answered until the slot starts (negative: past).
    pub wait_us: i64,
}

fn postgres_only() -> StoreError {
    StoreError(sqlx::Error::Configuration(
        "the shared send budget needs PostgreSQL".into(),
    ))
}

fn micros(duration: Duration) -> i64 {
    i64::try_from(duration.as_micros()).unwrap_or(i64::MAX)
}

impl Store {
    /// Reserves the first free slot for a message to `chat_id` (slots `slot_length` long, the
    /// chat's messages `spacing` slots apart), giving up `replace` first: one statement.
    pub async fn reserve_send_slot(
        &self,
        chat_id: i64,
        slot_length: Duration,
        spacing: i64,
        replace: Option<i64>,
    ) -> StoreResult<SlotReservation> {
        const SQL: &str = "SELECT reserved, wait_us FROM reserve_send_slot($1, $2, $3, $4)";
        let Self::Postgres(pool) = self else {
            return Err(postgres_only());
        };
        let (slot, wait_us): (i64, i64) = sqlx::query_as(SQL)
            .bind(chat_id)
            .bind(micros(slot_length).max(1))
            .bind(spacing)
            .bind(replace)
            .fetch_one(pool)
            .await?;
        Ok(SlotReservation { slot, wait_us })
    }

    /// Telegram said "too many requests": no send leaves for `wait` from now (the database's
    /// now), on any replica. A freeze already lasting longer is kept.
    pub async fn freeze_sends(&self, wait: Duration) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO send_freeze (id, until_us)
                           VALUES (1, floor(extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT + $1)
                           ON CONFLICT (id) DO UPDATE SET until_us = GREATEST(send_freeze.until_us, EXCLUDED.until_us)";
        let Self::Postgres(pool) = self else {
            return Err(postgres_only());
        };
        sqlx::query(SQL).bind(micros(wait)).execute(pool).await?;
        Ok(())
    }

    /// Until when sends are frozen, in Unix microseconds on the database's clock (0: never).
    pub async fn sends_frozen_until_us(&self) -> StoreResult<i64> {
        const SQL: &str = "SELECT COALESCE(MAX(until_us), 0) FROM send_freeze";
        let Self::Postgres(pool) = self else {
            return Err(postgres_only());
        };
        Ok(sqlx::query_scalar(SQL).fetch_one(pool).await?)
    }

    /// How many slots are recorded (for tests of the pruning).
    pub async fn send_slots_kept(&self) -> StoreResult<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM send_slots";
        Ok(super::on_pool!(self, pool => sqlx::query_scalar(SQL).fetch_one(pool).await?))
    }
}
