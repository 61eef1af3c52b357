//! Closing a feedback form: the salt goes and the responses are anonymised on disk in one
//! transaction, then what was deleted is purged from the files (`erasure`). Which trusts may be
//! kept is `feedback::anonymity`'s rule.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, on_pool, to_seconds};
use crate::feedback::anonymity::{TrustLabels, random_order};

/// The tables closing a form rewrites, purged afterwards.
const PURGED_ON_CLOSE: &[&str] = &["feedback_forms", "feedback_responses", "conversations"];

/// A response as closing keeps it: its answers and a name where given; not its key, id or time.
#[derive(sqlx::FromRow)]
struct KeptResponse {
    user_id: Option<i64>,
    trust: Option<String>,
    rating: Option<i64>,
    situation: Option<String>,
    behaviour: Option<String>,
    impact: Option<String>,
    suggestion: Option<String>,
    step: String,
}

/// Inside a transaction (the ident of a `sqlx::Transaction` on either backend): anonymises a
/// closed form's responses. Each keeps its answers (and a name only where the fellow gave it)
/// and gets its trust as [`TrustLabels`] allows, a key that means nothing, the closing time
/// instead of its own, and a new id in a random order, so neither time nor order can be matched
/// with anything a fellow did. Half-filled answers to the form (`unfinished`: form and state of
/// the conversation) are deleted with the rest.
macro_rules! anonymise_in {
    ($transaction:expr, $form_id:expr, $unfinished:expr, $at:expr) => {{
        const INVITED: &str = "SELECT COALESCE(trust, 'unknown'), COUNT(*) FROM feedback_invitations
                               WHERE form_id = $1 GROUP BY COALESCE(trust, 'unknown')";
        const KEPT: &str = "SELECT user_id, trust, rating, situation, behaviour, impact, suggestion, step
                            FROM feedback_responses WHERE form_id = $1";
        const DELETE: &str = "DELETE FROM feedback_responses WHERE form_id = $1";
        const INSERT: &str = "INSERT INTO feedback_responses
                                (form_id, respondent_key, user_id, trust, rating, situation, behaviour, impact, suggestion, step, updated_at)
                              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
        // The saved state holds the form's own state somewhere inside (a form parked for a
        // question wraps it), so it is found as a piece of the text.
        const UNFINISHED: &str =
            "DELETE FROM conversations WHERE form = $1 AND state LIKE ('%' || $2 || '%')";
        let transaction = $transaction;
        let (form_id, (form_name, state), at): (i64, (&str, &str), i64) = ($form_id, $unfinished, $at);
        let invited: Vec<(String, i64)> = sqlx::query_as(INVITED).bind(form_id).fetch_all(&mut **transaction).await?;
        let invited = invited
            .into_iter()
            .map(|(trust, n)| (trust, usize::try_from(n).unwrap_or(0)))
            .collect();
        let labels = TrustLabels::for_invitees(&invited);
        let kept: Vec<KeptResponse> = sqlx::query_as(KEPT).bind(form_id).fetch_all(&mut **transaction).await?;
        sqlx::query(DELETE).bind(form_id).execute(&mut **transaction).await?;
        for (n, index) in random_order(kept.len()).into_iter().enumerate() {
            let row = &kept[index];
            let trust = labels.label(row.trust.as_deref().unwrap_or("unknown"));
            sqlx::query(INSERT)
                .bind(form_id)
                .bind(format!("closed:{n}"))
                .bind(row.user_id)
                .bind(trust)
                .bind(row.rating)
                .bind(&row.situation)
                .bind(&row.behaviour)
                .bind(&row.impact)
                .bind(&row.suggestion)
                .bind(&row.step)
                .bind(at)
                .execute(&mut **transaction)
                .await?;
        }
        sqlx::query(UNFINISHED).bind(form_name).bind(state).execute(&mut **transaction).await?;
    }};
}

impl Store {
    /// Closes a form for good, in one transaction: its salt is deleted and its responses are
    /// anonymised (see `anonymise_in`), with any half-filled answer to it (`unfinished`: the
    /// conversation's form and state). Then the deleted bytes are purged from the files.
    /// False if it was closed already.
    pub async fn close_feedback_form(
        &self,
        form_id: i64,
        unfinished: (&str, &str),
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const CLOSE: &str = "UPDATE feedback_forms SET salt = NULL, closed_at = $1 WHERE id = $2 AND closed_at IS NULL";
        let closed = on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            let rows = sqlx::query(CLOSE).bind(to_seconds(now)).bind(form_id).execute(&mut *transaction).await?.rows_affected();
            if rows == 1 {
                anonymise_in!(&mut transaction, form_id, unfinished, to_seconds(now));
            }
            transaction.commit().await?;
            rows == 1
        });
        if closed {
            self.purge_deleted(PURGED_ON_CLOSE).await;
        }
        Ok(closed)
    }

    /// Closed forms whose responses were kept before closing anonymised them (a database from an
    /// earlier version): their ids and when they closed.
    pub async fn closed_forms_to_anonymise(&self) -> StoreResult<Vec<(i64, i64)>> {
        const SQL: &str = "SELECT f.id, f.closed_at FROM feedback_forms f
                           WHERE f.closed_at IS NOT NULL AND (f.salt IS NOT NULL OR EXISTS (
                               SELECT 1 FROM feedback_responses r WHERE r.form_id = f.id AND r.respondent_key NOT LIKE 'closed:%'))
                           ORDER BY f.id";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?))
    }

    /// Anonymises a form that closed before closing did so (see `closed_forms_to_anonymise`).
    pub async fn anonymise_closed_form(
        &self,
        form_id: i64,
        unfinished: (&str, &str),
        closed_at: i64,
    ) -> StoreResult<()> {
        const SALT: &str = "UPDATE feedback_forms SET salt = NULL WHERE id = $1";
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            sqlx::query(SALT).bind(form_id).execute(&mut *transaction).await?;
            anonymise_in!(&mut transaction, form_id, unfinished, closed_at);
            transaction.commit().await?;
        });
        self.purge_deleted(PURGED_ON_CLOSE).await;
        Ok(())
    }
}
