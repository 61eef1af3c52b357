//! Chats the bot is in or talks to, and whether it may still write there.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, on_pool, to_seconds};

/// What kind of chat this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatKind {
    Private,
    Group,
}

impl ChatKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Private => "private",
            Self::Group => "group",
        }
    }
}

/// Whether the bot can write to a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BotStatus {
    /// The bot is in the group, or the person has a private chat with it.
    Member,
    /// Removed from the group, or blocked by the person.
    Removed,
}

impl BotStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Removed => "removed",
        }
    }

    fn parse(raw: &str) -> Self {
        if raw == "member" {
            Self::Member
        } else {
            Self::Removed
        }
    }
}

impl Store {
    /// Records the bot's standing in a chat (joined, left, blocked, unblocked).
    pub async fn record_chat_status(
        &self,
        chat_id: i64,
        kind: ChatKind,
        title: Option<&str>,
        status: BotStatus,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO chats (chat_id, kind, title, bot_status, updated_at)
                           VALUES ($1, $2, $3, $4, $5)
                           ON CONFLICT (chat_id) DO UPDATE SET
                               title = COALESCE(excluded.title, chats.title),
                               bot_status = excluded.bot_status,
                               updated_at = excluded.updated_at";
        on_pool!(self, pool => sqlx::query(SQL)
            .bind(chat_id)
            .bind(kind.as_str())
            .bind(title)
            .bind(status.as_str())
            .bind(to_seconds(now))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The bot's last known standing in a chat, if it has ever seen it.
    pub async fn chat_status(&self, chat_id: i64) -> StoreResult<Option<BotStatus>> {
        const SQL: &str = "SELECT bot_status FROM chats WHERE chat_id = $1";
        let status: Option<String> = on_pool!(self, pool => sqlx::query_scalar(SQL)
            .bind(chat_id)
            .fetch_optional(pool)
            .await?);
        Ok(status.as_deref().map(BotStatus::parse))
    }
}
