//! Buddy assignments and their two-week check-ins.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};

/// One assignment of a buddy to a fellow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuddyPair {
    pub id: i64,
    pub fellow_id: i64,
    pub buddy_id: i64,
    pub assigned_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// "yes" or "no" once the fellow answered the check-in.
    pub checkin_answer: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PairRow {
    id: i64,
    fellow_id: i64,
    buddy_id: i64,
    assigned_at: i64,
    ended_at: Option<i64>,
    checkin_answer: Option<String>,
}

impl From<PairRow> for BuddyPair {
    fn from(row: PairRow) -> Self {
        Self {
            id: row.id,
            fellow_id: row.fellow_id,
            buddy_id: row.buddy_id,
            assigned_at: from_seconds(row.assigned_at),
            ended_at: row.ended_at.map(from_seconds),
            checkin_answer: row.checkin_answer,
        }
    }
}

const COLUMNS: &str = "id, fellow_id, buddy_id, assigned_at, ended_at, checkin_answer";

impl Store {
    /// Makes `buddy_id` the fellow's buddy, ending any current assignment; returns the new pair's id.
    pub async fn assign_buddy(
        &self,
        fellow_id: i64,
        buddy_id: i64,
        assigned_by: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        const END: &str =
            "UPDATE buddy_pairs SET ended_at = $1 WHERE fellow_id = $2 AND ended_at IS NULL";
        // Consent to share the arrival checklist was given to the buddy of the pair that ends.
        const END_SHARING: &str = "DELETE FROM journey_sharing WHERE fellow_id = $1";
        const INSERT: &str =
            "INSERT INTO buddy_pairs (fellow_id, buddy_id, assigned_by, assigned_at)
                              VALUES ($1, $2, $3, $4) RETURNING id";
        Ok(on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            sqlx::query(END).bind(to_seconds(now)).bind(fellow_id).execute(&mut *transaction).await?;
            sqlx::query(END_SHARING).bind(fellow_id).execute(&mut *transaction).await?;
            let id: i64 = sqlx::query_scalar(INSERT)
                .bind(fellow_id)
                .bind(buddy_id)
                .bind(assigned_by)
                .bind(to_seconds(now))
                .fetch_one(&mut *transaction)
                .await?;
            transaction.commit().await?;
            id
        }))
    }

    pub async fn buddy_pair(&self, id: i64) -> StoreResult<Option<BuddyPair>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM buddy_pairs WHERE id = $1"));
        let row: Option<PairRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
        Ok(row.map(BuddyPair::from))
    }

    /// Every assignment, current and past, newest first.
    pub async fn buddy_pairs(&self) -> StoreResult<Vec<BuddyPair>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM buddy_pairs ORDER BY id DESC"
        ));
        let rows: Vec<PairRow> = on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows.into_iter().map(BuddyPair::from).collect())
    }

    /// Stores the fellow's check-in answer once; false if it was answered already.
    pub async fn record_checkin(
        &self,
        pair_id: i64,
        answer: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str = "UPDATE buddy_pairs SET checkin_answer = $1, checkin_at = $2
                           WHERE id = $3 AND checkin_answer IS NULL";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(answer).bind(to_seconds(now)).bind(pair_id).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }
}
