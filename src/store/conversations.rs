//! Half-filled forms, saved after every step so a restart loses nothing.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};

/// A form in progress, as stored: which form, and its state as JSON owned by that form.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SavedConversation {
    pub form: String,
    pub state: String,
    #[sqlx(rename = "updated_at")]
    pub updated_at_seconds: i64,
}

impl SavedConversation {
    pub fn updated_at(&self) -> DateTime<Utc> {
        from_seconds(self.updated_at_seconds)
    }
}

impl Store {
    /// The form this person has open in this chat, if any.
    pub async fn load_conversation(
        &self,
        chat_id: i64,
        user_id: i64,
    ) -> StoreResult<Option<SavedConversation>> {
        const SQL: &str =
            "SELECT form, state, updated_at FROM conversations WHERE chat_id = $1 AND user_id = $2";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL)
            .bind(chat_id)
            .bind(user_id)
            .fetch_optional(pool)
            .await?))
    }

    /// Saves the form's state after a step.
    pub async fn save_conversation(
        &self,
        chat_id: i64,
        user_id: i64,
        form: &str,
        state: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO conversations (chat_id, user_id, form, state, updated_at)
                           VALUES ($1, $2, $3, $4, $5)
                           ON CONFLICT (chat_id, user_id) DO UPDATE SET
                               form = excluded.form, state = excluded.state, updated_at = excluded.updated_at";
        on_pool!(self, pool => sqlx::query(SQL)
            .bind(chat_id)
            .bind(user_id)
            .bind(form)
            .bind(state)
            .bind(to_seconds(now))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Closes the form this person has open in this chat.
    pub async fn clear_conversation(&self, chat_id: i64, user_id: i64) -> StoreResult<()> {
        const SQL: &str = "DELETE FROM conversations WHERE chat_id = $1 AND user_id = $2";
        on_pool!(self, pool => sqlx::query(SQL).bind(chat_id).bind(user_id).execute(pool).await?.rows_affected());
        Ok(())
    }
}
