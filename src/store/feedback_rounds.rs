//! The feedback rounds still open, with how many were asked and how many answered, for the
//! leads' overview. Counts only: nothing here says who answered or what.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, from_seconds, on_pool};

/// A feedback form still taking answers.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRound {
    pub form_id: i64,
    pub title: String,
    /// The day the session (or service period) was held, as the form keeps it (YYYY-MM-DD).
    pub held_on: String,
    pub closes_at: DateTime<Utc>,
    pub invited: i64,
    /// Responses that went past the rating, as the reports count them.
    pub responses: i64,
}

impl OpenRound {
    /// Responses per invitation, when anyone was invited.
    pub fn response_rate(&self) -> Option<f64> {
        (self.invited > 0).then(|| self.responses as f64 / self.invited as f64)
    }
}

#[derive(sqlx::FromRow)]
struct RoundRow {
    id: i64,
    title: String,
    held_on: String,
    closes_at: i64,
    invited: i64,
    responses: i64,
}

impl Store {
    /// Open feedback rounds, those closing soonest first, at most `limit`.
    pub async fn open_feedback_rounds(&self, limit: i64) -> StoreResult<Vec<OpenRound>> {
        const SQL: &str = "SELECT f.id, f.title, f.held_on, f.closes_at,
                (SELECT COUNT(*) FROM feedback_invitations i WHERE i.form_id = f.id) AS invited,
                (SELECT COUNT(*) FROM feedback_responses r WHERE r.form_id = f.id AND r.step <> 'rating') AS responses
             FROM feedback_forms f WHERE f.closed_at IS NULL ORDER BY f.closes_at, f.id LIMIT $1";
        let rows: Vec<RoundRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(limit).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|row| OpenRound {
                form_id: row.id,
                title: row.title,
                held_on: row.held_on,
                closes_at: from_seconds(row.closes_at),
                invited: row.invited,
                responses: row.responses,
            })
            .collect())
    }
}
