//! Improvement cycles (plan, do, study, act) for a session type: the change tried, when, and
//! what came of it.

use super::{Store, StoreResult, on_pool};

/// A PDSA cycle for a session type.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImprovementCycle {
    pub id: i64,
    pub session_type: String,
    pub started_on: String,
    pub change_note: String,
    pub closed_on: Option<String>,
    pub outcome_note: Option<String>,
}

impl Store {
    /// Starts a cycle for a session type, closing the one before.
    pub async fn start_cycle(
        &self,
        session_type: &str,
        started_on: &str,
        change_note: &str,
        started_by: i64,
    ) -> StoreResult<i64> {
        const CLOSE: &str = "UPDATE improvement_cycles SET closed_on = $1 WHERE session_type = $2 AND closed_on IS NULL";
        const INSERT: &str =
            "INSERT INTO improvement_cycles (session_type, started_on, change_note, started_by)
                              VALUES ($1, $2, $3, $4) RETURNING id";
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            sqlx::query(CLOSE).bind(started_on).bind(session_type).execute(&mut *transaction).await?;
            let id: i64 = sqlx::query_scalar(INSERT).bind(session_type).bind(started_on).bind(change_note).bind(started_by).fetch_one(&mut *transaction).await?;
            transaction.commit().await?;
            Ok(id)
        })
    }

    /// Closes a session type's open cycle with what came of it; the cycle, if one was open.
    pub async fn close_cycle(
        &self,
        session_type: &str,
        closed_on: &str,
        outcome_note: &str,
    ) -> StoreResult<Option<ImprovementCycle>> {
        const SQL: &str = "UPDATE improvement_cycles SET closed_on = $1, outcome_note = $2
                           WHERE session_type = $3 AND closed_on IS NULL
                           RETURNING id, session_type, started_on, change_note, closed_on, outcome_note";
        Ok(
            on_pool!(self, pool => sqlx::query_as(SQL).bind(closed_on).bind(outcome_note).bind(session_type).fetch_optional(pool).await?),
        )
    }

    pub async fn cycle(&self, id: i64) -> StoreResult<Option<ImprovementCycle>> {
        const SQL: &str =
            "SELECT id, session_type, started_on, change_note, closed_on, outcome_note
                           FROM improvement_cycles WHERE id = $1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?))
    }

    /// Every cycle of a session type, oldest first.
    pub async fn cycles_of(&self, session_type: &str) -> StoreResult<Vec<ImprovementCycle>> {
        const SQL: &str =
            "SELECT id, session_type, started_on, change_note, closed_on, outcome_note
                           FROM improvement_cycles WHERE session_type = $1 ORDER BY started_on, id";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(session_type).fetch_all(pool).await?))
    }

    /// The newest cycles of every session type, newest first.
    pub async fn recent_cycles(&self, limit: i64) -> StoreResult<Vec<ImprovementCycle>> {
        const SQL: &str =
            "SELECT id, session_type, started_on, change_note, closed_on, outcome_note
                           FROM improvement_cycles ORDER BY started_on DESC, id DESC LIMIT $1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(limit).fetch_all(pool).await?))
    }

    /// Fellows invited to feedback on a session type from a day on (those a cycle concerns).
    pub async fn invited_to_type_since(
        &self,
        session_type: &str,
        since: &str,
    ) -> StoreResult<Vec<i64>> {
        const SQL: &str = "SELECT DISTINCT i.user_id FROM feedback_invitations i JOIN feedback_forms f ON f.id = i.form_id
                           WHERE f.session_type = $1 AND f.held_on >= $2 ORDER BY i.user_id";
        Ok(
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(session_type).bind(since).fetch_all(pool).await?),
        )
    }
}
