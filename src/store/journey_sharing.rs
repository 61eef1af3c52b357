//! A fellow's consent to let their current buddy see their arrival checklist, kept per buddy
//! pair so that it ends with the pair. Who may see what is `journey::sharing`'s rule.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};

impl Store {
    /// Notes that the fellow of the current pair `pair_id` lets its buddy see their checklist;
    /// false if `pair_id` is not `fellow_id`'s current pair (it ended meanwhile).
    pub async fn share_journey(
        &self,
        pair_id: i64,
        fellow_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        // Only a current pair takes consent, checked in the same statement as the insert, so a
        // pair ended a moment before cannot be shared with.
        const SQL: &str = "INSERT INTO journey_sharing (pair_id, fellow_id, shared_at)
                           SELECT id, fellow_id, $3 FROM buddy_pairs
                           WHERE id = $1 AND fellow_id = $2 AND ended_at IS NULL
                           ON CONFLICT (pair_id) DO NOTHING";
        const CURRENT: &str = "SELECT COUNT(*) FROM journey_sharing s
                               JOIN buddy_pairs p ON p.id = s.pair_id
                               WHERE s.pair_id = $1 AND s.fellow_id = $2 AND p.ended_at IS NULL";
        let shared: i64 = on_pool!(self, pool => {
            sqlx::query(SQL).bind(pair_id).bind(fellow_id).bind(to_seconds(now)).execute(pool).await?;
            sqlx::query_scalar(CURRENT).bind(pair_id).bind(fellow_id).fetch_one(pool).await?
        });
        Ok(shared == 1)
    }

    /// Withdraws `fellow_id`'s consent, whichever pair it was for.
    pub async fn stop_sharing_journey(&self, fellow_id: i64) -> StoreResult<()> {
        const SQL: &str = "DELETE FROM journey_sharing WHERE fellow_id = $1";
        on_pool!(self, pool => sqlx::query(SQL).bind(fellow_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Since when `fellow_id` lets their current buddy see their checklist, if they do.
    pub async fn journey_shared_since(&self, fellow_id: i64) -> StoreResult<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT s.shared_at FROM journey_sharing s
                           JOIN buddy_pairs p ON p.id = s.pair_id
                           WHERE s.fellow_id = $1 AND p.ended_at IS NULL";
        let at: Option<i64> = on_pool!(self, pool => sqlx::query_scalar(SQL).bind(fellow_id).fetch_optional(pool).await?);
        Ok(at.map(from_seconds))
    }

    /// The current pairs whose buddy is `buddy_id` and whose fellow shares with them, as pair ids.
    pub async fn journeys_shared_with(&self, buddy_id: i64) -> StoreResult<Vec<i64>> {
        const SQL: &str = "SELECT s.pair_id FROM journey_sharing s
                           JOIN buddy_pairs p ON p.id = s.pair_id
                           WHERE p.buddy_id = $1 AND p.ended_at IS NULL ORDER BY s.pair_id";
        let pairs: Vec<i64> =
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(buddy_id).fetch_all(pool).await?);
        Ok(pairs)
    }
}
