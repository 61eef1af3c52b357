//! The arrival journey's rows: each fellow's steps (done, not for me, nudged), nudge pauses and
//! night-shift days. The journey's rules are `journey`'s.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};
use crate::journey::StepState;

/// One fellow's row for one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JourneyStepRecord {
    pub user_id: i64,
    pub step_id: String,
    pub state: Option<StepState>,
    pub state_at: Option<DateTime<Utc>>,
    pub nudged_at: Option<DateTime<Utc>>,
}

type StepRow = (i64, String, Option<String>, Option<i64>, Option<i64>);

fn record((user_id, step_id, state, state_at, nudged_at): StepRow) -> JourneyStepRecord {
    JourneyStepRecord {
        user_id,
        step_id,
        state: state.as_deref().and_then(StepState::parse),
        state_at: state_at.map(from_seconds),
        nudged_at: nudged_at.map(from_seconds),
    }
}

const DAY: &str = "%Y-%m-%d";

impl Store {
    /// Every step row of `user_id`.
    pub async fn journey_steps_of(&self, user_id: i64) -> StoreResult<Vec<JourneyStepRecord>> {
        const SQL: &str = "SELECT user_id, step_id, state, state_at, nudged_at FROM journey_steps
                           WHERE user_id = $1 ORDER BY step_id";
        let rows: Vec<StepRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(user_id).fetch_all(pool).await?);
        Ok(rows.into_iter().map(record).collect())
    }

    /// Every fellow's marked steps (for the leads' cohort report).
    pub async fn marked_journey_steps(&self) -> StoreResult<Vec<JourneyStepRecord>> {
        const SQL: &str = "SELECT user_id, step_id, state, state_at, nudged_at FROM journey_steps
                           WHERE state IS NOT NULL";
        let rows: Vec<StepRow> = on_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?);
        Ok(rows.into_iter().map(record).collect())
    }

    /// Records what `user_id` said about a step.
    pub async fn mark_journey_step(
        &self,
        user_id: i64,
        step_id: &str,
        state: StepState,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO journey_steps (user_id, step_id, state, state_at) VALUES ($1, $2, $3, $4)
                           ON CONFLICT (user_id, step_id) DO UPDATE SET state = excluded.state, state_at = excluded.state_at";
        on_pool!(self, pool => sqlx::query(SQL).bind(user_id).bind(step_id).bind(state.as_str())
            .bind(to_seconds(now)).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Takes the one nudge a step may have, for the job `key`: true if this job holds it (it
    /// did already, when the job runs again after a restart), false if another job took it.
    pub async fn take_journey_nudge(
        &self,
        user_id: i64,
        step_id: &str,
        key: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const TAKE: &str = "INSERT INTO journey_steps (user_id, step_id, nudge_key, nudged_at) VALUES ($1, $2, $3, $4)
                            ON CONFLICT (user_id, step_id) DO UPDATE SET nudge_key = excluded.nudge_key, nudged_at = excluded.nudged_at
                            WHERE journey_steps.nudge_key IS NULL";
        const HOLDER: &str =
            "SELECT nudge_key FROM journey_steps WHERE user_id = $1 AND step_id = $2";
        let holder: Option<String> = on_pool!(self, pool => {
            sqlx::query(TAKE).bind(user_id).bind(step_id).bind(key).bind(to_seconds(now)).execute(pool).await?;
            sqlx::query_scalar(HOLDER).bind(user_id).bind(step_id).fetch_one(pool).await?
        });
        Ok(holder.as_deref() == Some(key))
    }

    /// Pauses `user_id`'s nudges until `until`.
    pub async fn pause_journey_nudges(
        &self,
        user_id: i64,
        until: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO journey_pauses (user_id, paused_until) VALUES ($1, $2)
                           ON CONFLICT (user_id) DO UPDATE SET paused_until = excluded.paused_until";
        on_pool!(self, pool => sqlx::query(SQL).bind(user_id).bind(to_seconds(until)).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Until when `user_id` paused their nudges, if they did.
    pub async fn journey_paused_until(&self, user_id: i64) -> StoreResult<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT paused_until FROM journey_pauses WHERE user_id = $1";
        let until: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(SQL).bind(user_id).fetch_optional(pool).await?);
        Ok(until.map(from_seconds))
    }

    /// Notes that `user_id` is on nights on each of `days`.
    pub async fn add_night_shifts(&self, user_id: i64, days: &[NaiveDate]) -> StoreResult<()> {
        const SQL: &str =
            "INSERT INTO night_shifts (user_id, night) VALUES ($1, $2) ON CONFLICT DO NOTHING";
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            for day in days {
                sqlx::query(SQL).bind(user_id).bind(day.format(DAY).to_string()).execute(&mut *transaction).await?;
            }
            transaction.commit().await?;
        });
        Ok(())
    }

    /// The night-shift days `user_id` gave from `from` on, in order.
    pub async fn night_shifts_of(
        &self,
        user_id: i64,
        from: NaiveDate,
    ) -> StoreResult<Vec<NaiveDate>> {
        const SQL: &str =
            "SELECT night FROM night_shifts WHERE user_id = $1 AND night >= $2 ORDER BY night";
        let days: Vec<String> = on_pool!(self, pool => sqlx::query_scalar(SQL).bind(user_id)
            .bind(from.format(DAY).to_string()).fetch_all(pool).await?);
        Ok(days
            .iter()
            .filter_map(|d| NaiveDate::parse_from_str(d, DAY).ok())
            .collect())
    }
}
