//! Questions fellows asked in free text, their 👍/👎, and aliases leads learned from them.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};

/// What the bot did with a free-text question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionOutcome {
    Answered,
    Suggested,
    Unanswered,
    /// Declined as clinical advice or an emergency: stored without its text.
    Declined,
}

impl QuestionOutcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Answered => "answered",
            Self::Suggested => "suggested",
            Self::Unanswered => "unanswered",
            Self::Declined => "declined",
        }
    }
}

/// A question to record.
#[derive(Debug, Clone)]
pub struct RecordedQuestion<'a> {
    pub asked_by: i64,
    pub question: &'a str,
    pub topic: Option<&'a str>,
    pub score: f64,
    pub outcome: QuestionOutcome,
}

/// Unanswered or unhelpfully answered questions with the same wording, grouped.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UnansweredQuestion {
    /// The newest question of the group; buttons refer to it.
    pub latest_id: i64,
    pub question: String,
    pub times_asked: i64,
    #[sqlx(rename = "last_asked")]
    pub last_asked_seconds: i64,
}

impl UnansweredQuestion {
    pub fn last_asked(&self) -> DateTime<Utc> {
        from_seconds(self.last_asked_seconds)
    }
}

impl Store {
    /// Stores a question and returns its id, for the 👍/👎 buttons.
    pub async fn record_question(
        &self,
        question: RecordedQuestion<'_>,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        const SQL: &str =
            "INSERT INTO faq_questions (asked_by, asked_at, question, topic, score, outcome)
                           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let text = match question.outcome {
            QuestionOutcome::Declined => "",
            _ => question.question,
        };
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(question.asked_by)
            .bind(to_seconds(now))
            .bind(text)
            .bind(question.topic)
            .bind(question.score)
            .bind(question.outcome.as_str())
            .fetch_one(pool)
            .await?))
    }

    /// Stores the asker's 👍 or 👎; returns false when the question is not theirs or unknown.
    pub async fn rate_answer(
        &self,
        question_id: i64,
        user_id: i64,
        helpful: bool,
    ) -> StoreResult<bool> {
        const SQL: &str = "UPDATE faq_questions SET helpful = $1 WHERE id = $2 AND asked_by = $3";
        let rows = on_pool!(self, pool => sqlx::query(SQL)
            .bind(i64::from(helpful))
            .bind(question_id)
            .bind(user_id)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(rows == 1)
    }

    /// Questions since `since` that got no answer or a 👎, not yet resolved by a lead, most asked first.
    pub async fn unanswered_questions(
        &self,
        since: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<UnansweredQuestion>> {
        const SQL: &str = "SELECT MAX(id) AS latest_id, MIN(question) AS question,
                                  COUNT(*) AS times_asked, MAX(asked_at) AS last_asked
                           FROM faq_questions
                           WHERE asked_at >= $1 AND resolved_at IS NULL AND question <> ''
                             AND (outcome IN ('unanswered', 'suggested') OR helpful = 0)
                           GROUP BY LOWER(TRIM(question))
                           ORDER BY COUNT(*) DESC, MAX(asked_at) DESC
                           LIMIT $2";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL)
            .bind(to_seconds(since))
            .bind(limit)
            .fetch_all(pool)
            .await?))
    }

    /// 👍 and 👎 for each article that has any: (topic, helpful, unhelpful).
    pub async fn rating_counts(&self) -> StoreResult<Vec<(String, i64, i64)>> {
        const SQL: &str = "SELECT topic, COUNT(CASE WHEN helpful = 1 THEN 1 END),
                                  COUNT(CASE WHEN helpful = 0 THEN 1 END)
                           FROM faq_questions
                           WHERE topic IS NOT NULL AND helpful IS NOT NULL
                           GROUP BY topic";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?))
    }

    /// The text of a stored question.
    pub async fn question_text(&self, question_id: i64) -> StoreResult<Option<String>> {
        const SQL: &str = "SELECT question FROM faq_questions WHERE id = $1";
        Ok(
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(question_id).fetch_optional(pool).await?),
        )
    }

    /// Marks every unresolved question with this wording as handled by a lead.
    pub async fn resolve_questions_worded_as(
        &self,
        question: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        const SQL: &str = "UPDATE faq_questions SET resolved_at = $1
                           WHERE resolved_at IS NULL AND LOWER(TRIM(question)) = LOWER(TRIM($2))";
        Ok(on_pool!(self, pool => sqlx::query(SQL)
            .bind(to_seconds(now))
            .bind(question)
            .execute(pool)
            .await?
            .rows_affected()))
    }

    /// Teaches the knowledge base that `alias` means `topic`.
    pub async fn add_alias(
        &self,
        alias: &str,
        topic: &str,
        added_by: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str =
            "INSERT INTO faq_aliases (alias, topic, added_by, added_at) VALUES ($1, $2, $3, $4)
                           ON CONFLICT (alias) DO UPDATE SET topic = excluded.topic,
                               added_by = excluded.added_by, added_at = excluded.added_at";
        on_pool!(self, pool => sqlx::query(SQL)
            .bind(alias)
            .bind(topic)
            .bind(added_by)
            .bind(to_seconds(now))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Every alias leads have added, as (alias, topic).
    pub async fn learned_aliases(&self) -> StoreResult<Vec<(String, String)>> {
        const SQL: &str = "SELECT alias, topic FROM faq_aliases ORDER BY alias";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?))
    }
}

impl Store {
    /// Deletes questions asked before `cutoff` (the privacy notice promises 12 months).
    pub async fn forget_questions_before(&self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        const SQL: &str = "DELETE FROM faq_questions WHERE asked_at < $1";
        Ok(
            on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(cutoff)).execute(pool).await?.rows_affected()),
        )
    }
}
