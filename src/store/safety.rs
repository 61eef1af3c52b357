//! What the safety triage keeps: a count per day and kind (never a message), and who asked a
//! pastoral lead to contact them on which day (so the leads are alerted once).

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

    /// Records that `user_id` asked for a pastoral lead on `day`; false if they already had.
    pub async fn request_pastoral_contact(
        &self,
        user_id: i64,
        day: NaiveDate,
    ) -> StoreResult<bool> {
        const SQL: &str = "INSERT INTO pastoral_contact_requests (user_id, day) VALUES ($1, $2)
                           ON CONFLICT (user_id, day) DO NOTHING";
        let inserted = on_pool!(self, pool => sqlx::query(SQL)
            .bind(user_id)
            .bind(day.to_string())
            .execute(pool)
            .await?
            .rows_affected());
        Ok(inserted == 1)
    }

    /// The days `user_id` asked a pastoral lead to contact them, newest first, for /mydata.
    pub async fn pastoral_contact_days(&self, user_id: i64) -> StoreResult<Vec<String>> {
        const SQL: &str =
            "SELECT day FROM pastoral_contact_requests WHERE user_id = $1 ORDER BY day DESC";
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL).bind(user_id).fetch_all(pool).await?))
    }
}
