//! The leads' web console: one-time sign-in links, signed-in browsers, and the revisions of
//! articles saved from it. Tokens and sessions arrive here already hashed; what they mean is
//! `signin`'s, and what an article may say is `faq`'s.

use chrono::{DateTime, Duration, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};

/// One save of an article from the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRevision {
    pub id: i64,
    pub file: String,
    /// 0 once the author has been forgotten.
    pub author_id: i64,
    pub saved_at: DateTime<Utc>,
    pub old_text: String,
    pub new_text: String,
}

type RevisionRow = (i64, String, i64, i64, String, String);

fn revision(row: RevisionRow) -> ArticleRevision {
    let (id, file, author_id, saved_at, old_text, new_text) = row;
    ArticleRevision {
        id,
        file,
        author_id,
        saved_at: from_seconds(saved_at),
        old_text,
        new_text,
    }
}

const REVISION_COLUMNS: &str = "id, file, author_id, saved_at, old_text, new_text";

impl Store {
    /// Keeps a sign-in link's hashed token for `user_id` until `expires_at`.
    pub async fn save_login_token(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str =
            "INSERT INTO web_login_tokens (token_hash, user_id, created_at, expires_at)
                           VALUES ($1, $2, $3, $4)";
        on_pool!(self, pool => sqlx::query(SQL)
            .bind(token_hash)
            .bind(user_id)
            .bind(to_seconds(now))
            .bind(to_seconds(expires_at))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Uses a sign-in link up: whose it was, if it was unused and unexpired. One statement, so
    /// two browsers opening the same link cannot both succeed.
    pub async fn consume_login_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        const SQL: &str = "UPDATE web_login_tokens SET used_at = $1
                           WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
                           RETURNING user_id";
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(to_seconds(now))
            .bind(token_hash)
            .fetch_optional(pool)
            .await?))
    }

    /// Records a sign-in that may happen only once (a press of Telegram's login button, by
    /// the hash of its signature) as used now; false if it was used before.
    pub async fn use_login_once(
        &self,
        token_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str =
            "INSERT INTO web_login_tokens (token_hash, user_id, created_at, expires_at, used_at)
                           VALUES ($1, $2, $3, $4, $3) ON CONFLICT (token_hash) DO NOTHING";
        let rows = on_pool!(self, pool => sqlx::query(SQL)
            .bind(token_hash)
            .bind(user_id)
            .bind(to_seconds(now))
            .bind(to_seconds(expires_at))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(rows == 1)
    }

    /// A browser signed in as `user_id`.
    pub async fn start_web_session(
        &self,
        session_hash: &str,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str =
            "INSERT INTO web_sessions (session_hash, user_id, created_at, last_seen_at)
                           VALUES ($1, $2, $3, $3)";
        on_pool!(self, pool => sqlx::query(SQL)
            .bind(session_hash)
            .bind(user_id)
            .bind(to_seconds(now))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Whose session this is, if it was used within `idle`; it counts as used now.
    pub async fn touch_web_session(
        &self,
        session_hash: &str,
        now: DateTime<Utc>,
        idle: Duration,
    ) -> StoreResult<Option<i64>> {
        const SQL: &str = "UPDATE web_sessions SET last_seen_at = $1
                           WHERE session_hash = $2 AND last_seen_at >= $3
                           RETURNING user_id";
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(to_seconds(now))
            .bind(session_hash)
            .bind(to_seconds(now - idle))
            .fetch_optional(pool)
            .await?))
    }

    /// Signs a browser out.
    pub async fn end_web_session(&self, session_hash: &str) -> StoreResult<()> {
        const SQL: &str = "DELETE FROM web_sessions WHERE session_hash = $1";
        on_pool!(self, pool => sqlx::query(SQL).bind(session_hash).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Deletes links past their expiry and sessions idle longer than `idle`.
    pub async fn forget_stale_web_sign_ins(
        &self,
        now: DateTime<Utc>,
        idle: Duration,
    ) -> StoreResult<u64> {
        const TOKENS: &str = "DELETE FROM web_login_tokens WHERE expires_at <= $1";
        const SESSIONS: &str = "DELETE FROM web_sessions WHERE last_seen_at < $1";
        Ok(on_pool!(self, pool => {
            let tokens = sqlx::query(TOKENS).bind(to_seconds(now)).execute(pool).await?;
            let sessions = sqlx::query(SESSIONS).bind(to_seconds(now - idle)).execute(pool).await?;
            tokens.rows_affected() + sessions.rows_affected()
        }))
    }

    /// Keeps one save of an article; returns its id.
    pub async fn record_article_revision(
        &self,
        file: &str,
        author_id: i64,
        now: DateTime<Utc>,
        old_text: &str,
        new_text: &str,
    ) -> StoreResult<i64> {
        const SQL: &str =
            "INSERT INTO article_revisions (file, author_id, saved_at, old_text, new_text)
                           VALUES ($1, $2, $3, $4, $5) RETURNING id";
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(file)
            .bind(author_id)
            .bind(to_seconds(now))
            .bind(old_text)
            .bind(new_text)
            .fetch_one(pool)
            .await?))
    }

    /// The saves of one article file, newest first.
    pub async fn article_revisions(
        &self,
        file: &str,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Vec<ArticleRevision>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {REVISION_COLUMNS} FROM article_revisions WHERE file = $1
             ORDER BY id DESC LIMIT $2 OFFSET $3"
        ));
        let rows: Vec<RevisionRow> = on_pool!(self, pool => sqlx::query_as(sql)
            .bind(file)
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await?);
        Ok(rows.into_iter().map(revision).collect())
    }

    pub async fn article_revision(&self, id: i64) -> StoreResult<Option<ArticleRevision>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {REVISION_COLUMNS} FROM article_revisions WHERE id = $1"
        ));
        let row: Option<RevisionRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
        Ok(row.map(revision))
    }
}
