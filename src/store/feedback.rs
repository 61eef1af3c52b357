//! Feedback forms, invitations and responses. A response is found by its
//! respondent key (a salted hash), never by the fellow, unless they chose to give their name.
//! Closing a form, which anonymises its responses on disk, is `feedback_closing`'s part.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};
use crate::feedback::report::ResponseRow;
use crate::feedback::{FormKind, Step};

/// One round of feedback: a session's, a service's for a month, or a fellow's exit survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackForm {
    pub id: i64,
    pub subject: String,
    pub kind: FormKind,
    pub session_id: Option<i64>,
    pub session_type: String,
    pub title: String,
    /// The day it was about, `YYYY-MM-DD`.
    pub held_on: String,
    /// None once the form has closed.
    pub salt: Option<String>,
    pub closes_at: DateTime<Utc>,
}

/// What a new form is about.
#[derive(Debug, Clone)]
pub struct NewForm<'a> {
    pub subject: &'a str,
    pub kind: FormKind,
    pub session_id: Option<i64>,
    pub session_type: &'a str,
    pub title: &'a str,
    pub held_on: &'a str,
    pub salt: &'a str,
    pub closes_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct FormRow {
    id: i64,
    subject: String,
    kind: String,
    session_id: Option<i64>,
    session_type: String,
    title: String,
    held_on: String,
    salt: Option<String>,
    closes_at: i64,
}

impl From<FormRow> for FeedbackForm {
    fn from(row: FormRow) -> Self {
        Self {
            id: row.id,
            subject: row.subject,
            kind: FormKind::parse(&row.kind),
            session_id: row.session_id,
            session_type: row.session_type,
            title: row.title,
            held_on: row.held_on,
            salt: row.salt,
            closes_at: from_seconds(row.closes_at),
        }
    }
}

const FORM_COLUMNS: &str =
    "id, subject, kind, session_id, session_type, title, held_on, salt, closes_at";

/// A fellow's answers so far.
#[derive(Debug, Clone, PartialEq, Eq, Default, sqlx::FromRow)]
pub struct FeedbackAnswers {
    pub rating: Option<i64>,
    pub situation: Option<String>,
    pub behaviour: Option<String>,
    pub impact: Option<String>,
    pub suggestion: Option<String>,
    /// Set only when the fellow chose to give their name.
    pub user_id: Option<i64>,
    pub step: String,
}

impl FeedbackAnswers {
    pub fn step(&self) -> Step {
        Step::parse(&self.step)
    }
}

/// Which responses a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportScope {
    Session(i64),
    SessionType(String),
    /// Forms held from one day to another, `YYYY-MM-DD`, both included.
    Period {
        from: String,
        to: String,
    },
}

impl ReportScope {
    /// The SQL condition on `f` (feedback_forms) and its two parameters. Every scope binds two,
    /// so a scope that needs one keeps the second with `$2 = $2`.
    fn condition(&self) -> (&'static str, String, String) {
        match self {
            Self::Session(id) => (
                "f.session_id = CAST($1 AS BIGINT) AND $2 = $2",
                id.to_string(),
                String::new(),
            ),
            Self::SessionType(kind) => (
                "f.session_type = $1 AND $2 = $2",
                kind.clone(),
                String::new(),
            ),
            Self::Period { from, to } => (
                "f.held_on >= $1 AND f.held_on <= $2",
                from.clone(),
                to.clone(),
            ),
        }
    }
}

impl Store {
    /// Opens a form once per subject; returns it (the existing one if it was opened already).
    pub async fn open_feedback_form(
        &self,
        form: &NewForm<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<FeedbackForm> {
        const INSERT: &str = "INSERT INTO feedback_forms (subject, kind, session_id, session_type, title, held_on, salt, opened_at, closes_at)
                              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (subject) DO NOTHING";
        on_pool!(self, pool => sqlx::query(INSERT).bind(form.subject).bind(form.kind.as_str()).bind(form.session_id)
            .bind(form.session_type).bind(form.title).bind(form.held_on).bind(form.salt)
            .bind(to_seconds(now)).bind(to_seconds(form.closes_at)).execute(pool).await?.rows_affected());
        let sql = format!("SELECT {FORM_COLUMNS} FROM feedback_forms WHERE subject = $1");
        let row: FormRow = on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(form.subject).fetch_one(pool).await?);
        Ok(row.into())
    }

    pub async fn feedback_form(&self, id: i64) -> StoreResult<Option<FeedbackForm>> {
        let sql = format!("SELECT {FORM_COLUMNS} FROM feedback_forms WHERE id = $1");
        let row: Option<FormRow> = on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?);
        Ok(row.map(Into::into))
    }

    /// The form about `subject` (`session:12`), open or closed, if it was opened.
    pub async fn feedback_form_by_subject(
        &self,
        subject: &str,
    ) -> StoreResult<Option<FeedbackForm>> {
        let sql = format!("SELECT {FORM_COLUMNS} FROM feedback_forms WHERE subject = $1");
        let row: Option<FormRow> = on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(subject).fetch_optional(pool).await?);
        Ok(row.map(Into::into))
    }

    /// Open forms `user_id` was invited to, newest first.
    pub async fn open_forms_for(&self, user_id: i64) -> StoreResult<Vec<FeedbackForm>> {
        let sql = "SELECT f.id, f.subject, f.kind, f.session_id, f.session_type, f.title, f.held_on, f.salt, f.closes_at
                   FROM feedback_forms f JOIN feedback_invitations i ON i.form_id = f.id
                   WHERE i.user_id = $1 AND f.closed_at IS NULL ORDER BY f.id DESC LIMIT 10";
        let rows: Vec<FormRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(user_id).fetch_all(pool).await?);
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Invites a fellow to a form; false if they were invited already.
    pub async fn invite_to_feedback(
        &self,
        form_id: i64,
        user_id: i64,
        trust: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str = "INSERT INTO feedback_invitations (form_id, user_id, trust, invited_at) VALUES ($1, $2, $3, $4)
                           ON CONFLICT (form_id, user_id) DO NOTHING";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(form_id).bind(user_id).bind(trust).bind(to_seconds(now)).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// The trust `user_id` was invited from ("unknown" if none was recorded); None if they were
    /// not asked to fill in this form. Their answers carry this trust, not a later one.
    pub async fn invited_trust(&self, form_id: i64, user_id: i64) -> StoreResult<Option<String>> {
        const SQL: &str = "SELECT COALESCE(trust, 'unknown') FROM feedback_invitations WHERE form_id = $1 AND user_id = $2";
        Ok(
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(form_id).bind(user_id).fetch_optional(pool).await?),
        )
    }

    /// Invited fellows not reminded yet.
    pub async fn invitations_to_remind(&self, form_id: i64) -> StoreResult<Vec<i64>> {
        const SQL: &str = "SELECT user_id FROM feedback_invitations WHERE form_id = $1 AND reminded_at IS NULL ORDER BY user_id";
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL).bind(form_id).fetch_all(pool).await?))
    }

    pub async fn mark_reminded(
        &self,
        form_id: i64,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str =
            "UPDATE feedback_invitations SET reminded_at = $1 WHERE form_id = $2 AND user_id = $3";
        on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(now)).bind(form_id).bind(user_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// The answers given under `key` so far.
    pub async fn feedback_answers(
        &self,
        form_id: i64,
        key: &str,
    ) -> StoreResult<Option<FeedbackAnswers>> {
        const SQL: &str = "SELECT rating, situation, behaviour, impact, suggestion, user_id, step
                           FROM feedback_responses WHERE form_id = $1 AND respondent_key = $2";
        Ok(
            on_pool!(self, pool => sqlx::query_as(SQL).bind(form_id).bind(key).fetch_optional(pool).await?),
        )
    }

    /// Saves the answers as they stand (one row per respondent key and form).
    pub async fn save_feedback_answers(
        &self,
        form_id: i64,
        key: &str,
        trust: Option<&str>,
        answers: &FeedbackAnswers,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO feedback_responses
                             (form_id, respondent_key, trust, rating, situation, behaviour, impact, suggestion, user_id, step, updated_at)
                           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                           ON CONFLICT (form_id, respondent_key) DO UPDATE SET
                             rating = excluded.rating, situation = excluded.situation, behaviour = excluded.behaviour,
                             impact = excluded.impact, suggestion = excluded.suggestion, user_id = excluded.user_id,
                             step = excluded.step, updated_at = excluded.updated_at";
        on_pool!(self, pool => sqlx::query(SQL).bind(form_id).bind(key).bind(trust).bind(answers.rating)
            .bind(&answers.situation).bind(&answers.behaviour).bind(&answers.impact).bind(&answers.suggestion)
            .bind(answers.user_id).bind(&answers.step).bind(to_seconds(now)).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Deletes one response (a fellow who asks to be forgotten while the form is open).
    pub async fn delete_feedback_response(&self, form_id: i64, key: &str) -> StoreResult<()> {
        const SQL: &str =
            "DELETE FROM feedback_responses WHERE form_id = $1 AND respondent_key = $2";
        on_pool!(self, pool => sqlx::query(SQL).bind(form_id).bind(key).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// The responses in a scope (only those with at least a rating or a comment).
    pub async fn feedback_rows(&self, scope: &ReportScope) -> StoreResult<Vec<ResponseRow>> {
        let (condition, first, second) = scope.condition();
        let sql = format!(
            "SELECT r.form_id, f.title, f.held_on, f.session_type, COALESCE(r.trust, 'unknown') AS trust, r.rating, r.situation, r.behaviour,
                    r.impact, r.suggestion, CASE WHEN r.user_id IS NULL THEN NULL ELSE COALESCE(p.name, 'named') END AS name
             FROM feedback_responses r JOIN feedback_forms f ON f.id = r.form_id
             LEFT JOIN fellows p ON p.user_id = r.user_id
             WHERE {condition} AND r.step <> 'rating'
             ORDER BY f.held_on, r.id"
        );
        type Row = (
            i64,
            String,
            String,
            String,
            String,
            Option<i64>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(first).bind(second).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(
                |(
                    form_id,
                    form_title,
                    held_on,
                    session_type,
                    trust,
                    rating,
                    situation,
                    behaviour,
                    impact,
                    suggestion,
                    name,
                )| ResponseRow {
                    form_id,
                    form_title,
                    held_on,
                    session_type,
                    trust,
                    rating: rating.and_then(|r| u8::try_from(r).ok()),
                    situation,
                    behaviour,
                    impact,
                    suggestion,
                    name,
                },
            )
            .collect())
    }

    /// How many were invited in a scope: (form, trust, invitees), by form and trust.
    pub async fn feedback_invited(
        &self,
        scope: &ReportScope,
    ) -> StoreResult<Vec<(i64, String, usize)>> {
        let (condition, first, second) = scope.condition();
        let sql = format!(
            "SELECT i.form_id, COALESCE(i.trust, 'unknown') AS trust, COUNT(*) FROM feedback_invitations i JOIN feedback_forms f ON f.id = i.form_id
             WHERE {condition} GROUP BY i.form_id, COALESCE(i.trust, 'unknown') ORDER BY i.form_id, trust"
        );
        let rows: Vec<(i64, String, i64)> = on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(first).bind(second).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(form, trust, n)| (form, trust, usize::try_from(n).unwrap_or(0)))
            .collect())
    }

    /// Per form in a scope, oldest first: (held on, session type, invited, responses, mean rating).
    pub async fn feedback_trend(
        &self,
        scope: &ReportScope,
    ) -> StoreResult<Vec<(String, String, i64, i64, Option<f64>)>> {
        let (condition, first, second) = scope.condition();
        let sql = format!(
            "SELECT f.held_on, f.session_type,
                    (SELECT COUNT(*) FROM feedback_invitations i WHERE i.form_id = f.id) AS invited,
                    (SELECT COUNT(*) FROM feedback_responses r WHERE r.form_id = f.id AND r.step <> 'rating') AS responses,
                    (SELECT CAST(AVG(r.rating) AS DOUBLE PRECISION) FROM feedback_responses r WHERE r.form_id = f.id AND r.step <> 'rating') AS mean
             FROM feedback_forms f WHERE {condition} ORDER BY f.held_on, f.id"
        );
        Ok(
            on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(first).bind(second).fetch_all(pool).await?),
        )
    }
}
