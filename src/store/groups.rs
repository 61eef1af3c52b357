//! Programme groups: which groups an admin confirmed, for which trust, their last welcome, who
//! has been welcomed, and following a group that became a supergroup.

use super::{Store, StoreResult, on_pool};

/// A group as the programme sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRecord {
    pub chat_id: i64,
    pub title: Option<String>,
    /// Whether an admin confirmed it as a programme group.
    pub programme_group: bool,
    pub trust: Option<String>,
    pub welcome_message_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    chat_id: i64,
    title: Option<String>,
    programme_group: i64,
    trust: Option<String>,
    welcome_message_id: Option<i64>,
}

impl From<GroupRow> for GroupRecord {
    fn from(row: GroupRow) -> Self {
        Self {
            chat_id: row.chat_id,
            title: row.title,
            programme_group: row.programme_group != 0,
            trust: row.trust,
            welcome_message_id: row.welcome_message_id,
        }
    }
}

impl Store {
    /// Confirms a group as a programme group, optionally for one trust.
    pub async fn set_programme_group(
        &self,
        chat_id: i64,
        title: Option<&str>,
        trust: Option<&str>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO chats (chat_id, kind, title, bot_status, updated_at, programme_group, trust)
                           VALUES ($1, 'group', $2, 'member', $3, 1, $4)
                           ON CONFLICT (chat_id) DO UPDATE SET programme_group = 1, trust = excluded.trust,
                               title = COALESCE(excluded.title, chats.title), updated_at = excluded.updated_at";
        on_pool!(self, pool => sqlx::query(SQL).bind(chat_id).bind(title).bind(super::to_seconds(now)).bind(trust).execute(pool).await?.rows_affected());
        Ok(())
    }

    pub async fn group(&self, chat_id: i64) -> StoreResult<Option<GroupRecord>> {
        const SQL: &str =
            "SELECT chat_id, title, programme_group, trust, welcome_message_id FROM chats
                           WHERE chat_id = $1 AND kind = 'group'";
        let row: Option<GroupRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(chat_id).fetch_optional(pool).await?);
        Ok(row.map(GroupRecord::from))
    }

    /// The forum topic announcements go to (None: the group's main chat).
    pub async fn set_announcement_topic(
        &self,
        chat_id: i64,
        thread_id: Option<i32>,
    ) -> StoreResult<()> {
        const SQL: &str = "UPDATE chats SET announce_thread_id = $1 WHERE chat_id = $2";
        on_pool!(self, pool => sqlx::query(SQL).bind(thread_id.map(i64::from)).bind(chat_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Remembers the group's newest welcome, so the next one can replace it.
    pub async fn set_welcome_message(&self, chat_id: i64, message_id: i64) -> StoreResult<()> {
        const SQL: &str = "UPDATE chats SET welcome_message_id = $1 WHERE chat_id = $2";
        on_pool!(self, pool => sqlx::query(SQL).bind(message_id).bind(chat_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Records that `user_id` was welcomed in `chat_id`; false if they had been already.
    pub async fn mark_welcomed(&self, chat_id: i64, user_id: i64) -> StoreResult<bool> {
        const SQL: &str = "INSERT INTO welcomes (chat_id, user_id) VALUES ($1, $2) ON CONFLICT (chat_id, user_id) DO NOTHING";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(chat_id).bind(user_id).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Follows a group that became a supergroup: its settings and welcomes move to the new id.
    pub async fn move_group(&self, from: i64, to: i64) -> StoreResult<()> {
        const STATEMENTS: [&str; 3] = [
            "DELETE FROM chats WHERE chat_id = $2 AND EXISTS (SELECT 1 FROM chats WHERE chat_id = $1)",
            "UPDATE chats SET chat_id = $2 WHERE chat_id = $1",
            "UPDATE welcomes SET chat_id = $2 WHERE chat_id = $1",
        ];
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            for statement in STATEMENTS {
                sqlx::query(statement).bind(from).bind(to).execute(&mut *transaction).await?;
            }
            transaction.commit().await?;
        });
        Ok(())
    }
}
