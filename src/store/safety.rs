//! What the safety triage keeps: a count per day and kind, never a message.

use chrono::NaiveDate;

use super::{Store, StoreResult, on_pool};

impl Store {
    /// Counts one crisis or emergency message on `day`.
    pub async fn count_safety_message(&self, kind: &str, day: NaiveDate) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO safety_counts (day, kind, count) VALUES ($1, $2, 1)
                           ON CONFLICT (day, kind) DO UPDATE SET count = safety_counts.count + 1";
        on_pool!(self, pool => sqlx::query(SQL).bind(day.to_string()).bind(kind).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// How many messages of each kind there were from `from` to `to`, both included.
    pub async fn safety_counts(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<(String, i64)>> {
        const SQL: &str = "SELECT kind, SUM(count) FROM safety_counts
                           WHERE day >= $1 AND day <= $2 GROUP BY kind ORDER BY kind";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL)
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(pool)
            .await?))
    }
}
