//! Broadcasts and their delivery rows: one row per recipient, moved from pending to in flight
//! (just before the Bot API call) to a final state, so a restart resumes without sending twice.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};
use crate::broadcast::{BroadcastAudience, BroadcastContent, BroadcastStatus, DeliveryStatus};

/// A broadcast as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BroadcastRecord {
    pub id: i64,
    pub author_id: i64,
    pub content: BroadcastContent,
    pub audience: Option<BroadcastAudience>,
    pub pin: bool,
    pub status: BroadcastStatus,
    pub send_at: Option<DateTime<Utc>>,
    /// The lead's message that shows progress and then the report: (chat, message).
    pub report_message: Option<(i64, i32)>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct BroadcastRow {
    id: i64,
    author_id: i64,
    content_kind: String,
    html: Option<String>,
    source_chat_id: Option<i64>,
    source_message_id: Option<i64>,
    audience: Option<String>,
    pin: i64,
    status: String,
    send_at: Option<i64>,
    report_chat_id: Option<i64>,
    report_message_id: Option<i64>,
    created_at: i64,
    finished_at: Option<i64>,
}

impl BroadcastRow {
    fn into_record(self) -> BroadcastRecord {
        let content = match (self.content_kind.as_str(), self.source_chat_id) {
            ("copy", Some(chat_id)) => BroadcastContent::Copy {
                chat_id,
                message_id: narrow(self.source_message_id.unwrap_or_default()),
            },
            _ => BroadcastContent::Text {
                html: self.html.unwrap_or_default(),
            },
        };
        BroadcastRecord {
            id: self.id,
            author_id: self.author_id,
            content,
            audience: self
                .audience
                .as_deref()
                .and_then(BroadcastAudience::parse_key),
            pin: self.pin != 0,
            status: BroadcastStatus::parse(&self.status),
            send_at: self.send_at.map(from_seconds),
            report_message: self
                .report_chat_id
                .zip(self.report_message_id)
                .map(|(chat, message)| (chat, narrow(message))),
            created_at: from_seconds(self.created_at),
            finished_at: self.finished_at.map(from_seconds),
        }
    }
}

fn narrow(id: i64) -> i32 {
    i32::try_from(id).unwrap_or_default()
}

const BROADCAST_COLUMNS: &str =
    "id, author_id, content_kind, html, source_chat_id, source_message_id, audience, pin, status,
     send_at, report_chat_id, report_message_id, created_at, finished_at";

/// Someone (or a group) a broadcast goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipient {
    pub chat_id: i64,
    /// The forum topic in a group that chose one for announcements.
    pub thread_id: Option<i32>,
    /// False when the bot already knows it cannot write there (blocked, never started).
    pub reachable: bool,
}

impl Store {
    /// Starts a draft broadcast; returns its id.
    pub async fn create_broadcast(
        &self,
        author_id: i64,
        content: &BroadcastContent,
        now: DateTime<Utc>,
    ) -> StoreResult<i64> {
        const SQL: &str = "INSERT INTO broadcasts (author_id, content_kind, html, source_chat_id, source_message_id, status, created_at)
                           VALUES ($1, $2, $3, $4, $5, 'draft', $6) RETURNING id";
        let (kind, html, chat, message) = match content {
            BroadcastContent::Text { html } => ("text", Some(html.as_str()), None, None),
            BroadcastContent::Copy {
                chat_id,
                message_id,
            } => ("copy", None, Some(*chat_id), Some(i64::from(*message_id))),
        };
        Ok(
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(author_id).bind(kind).bind(html).bind(chat).bind(message).bind(to_seconds(now)).fetch_one(pool).await?),
        )
    }

    pub async fn broadcast(&self, id: i64) -> StoreResult<Option<BroadcastRecord>> {
        let sql = format!("SELECT {BROADCAST_COLUMNS} FROM broadcasts WHERE id = $1");
        let row: Option<BroadcastRow> = on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?);
        Ok(row.map(BroadcastRow::into_record))
    }

    /// The newest broadcasts that were confirmed (drafts left out), newest first.
    pub async fn recent_broadcasts(&self, limit: i64) -> StoreResult<Vec<BroadcastRecord>> {
        let sql = format!(
            "SELECT {BROADCAST_COLUMNS} FROM broadcasts WHERE status <> 'draft' ORDER BY id DESC LIMIT $1"
        );
        let rows: Vec<BroadcastRow> = on_pool!(self, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(limit).fetch_all(pool).await?);
        Ok(rows.into_iter().map(BroadcastRow::into_record).collect())
    }

    /// Chooses a draft's audience (and whether to pin); false once it is no longer a draft.
    pub async fn set_broadcast_audience(
        &self,
        id: i64,
        audience: &BroadcastAudience,
        pin: bool,
    ) -> StoreResult<bool> {
        const SQL: &str =
            "UPDATE broadcasts SET audience = $1, pin = $2 WHERE id = $3 AND status = 'draft'";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(audience.to_key()).bind(i64::from(pin)).bind(id).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Confirms a draft to go at `send_at`; false if it was confirmed or cancelled already (a
    /// second press).
    pub async fn schedule_broadcast(
        &self,
        id: i64,
        send_at: DateTime<Utc>,
        report_message: Option<(i64, i32)>,
    ) -> StoreResult<bool> {
        const SQL: &str = "UPDATE broadcasts SET status = 'scheduled', send_at = $1, report_chat_id = $2, report_message_id = $3
                           WHERE id = $4 AND status = 'draft' AND audience IS NOT NULL";
        let (chat, message) =
            report_message.map_or((None, None), |(c, m)| (Some(c), Some(i64::from(m))));
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(send_at)).bind(chat).bind(message).bind(id).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Remembers the lead's message that shows progress and the report.
    pub async fn set_broadcast_report_message(
        &self,
        id: i64,
        chat_id: i64,
        message_id: i32,
    ) -> StoreResult<()> {
        const SQL: &str =
            "UPDATE broadcasts SET report_chat_id = $1, report_message_id = $2 WHERE id = $3";
        on_pool!(self, pool => sqlx::query(SQL).bind(chat_id).bind(i64::from(message_id)).bind(id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Broadcasts with work to do now: sending, or scheduled and due.
    pub async fn broadcasts_to_send(&self, now: DateTime<Utc>) -> StoreResult<Vec<i64>> {
        const SQL: &str = "SELECT id FROM broadcasts
                           WHERE status = 'sending' OR (status = 'scheduled' AND send_at <= $1) ORDER BY id";
        Ok(
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(to_seconds(now)).fetch_all(pool).await?),
        )
    }

    /// When a broadcast next has something to send: a scheduled start or a retry.
    pub async fn next_broadcast_due(&self) -> StoreResult<Option<DateTime<Utc>>> {
        const SQL: &str = "SELECT MIN(due) FROM (
                             SELECT send_at AS due FROM broadcasts WHERE status = 'scheduled'
                             UNION ALL
                             SELECT d.due_at AS due FROM broadcast_deliveries d JOIN broadcasts b ON b.id = d.broadcast_id
                             WHERE b.status = 'sending' AND d.status = 'pending') AS upcoming";
        let due: Option<i64> =
            on_pool!(self, pool => sqlx::query_scalar(SQL).fetch_one(pool).await?);
        Ok(due.map(from_seconds))
    }

    /// Moves a due broadcast to sending and writes one delivery row per recipient, in one
    /// transaction; false if another worker started it first.
    pub async fn start_broadcast(
        &self,
        id: i64,
        recipients: &[Recipient],
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const START: &str = "UPDATE broadcasts SET status = 'sending', started_at = $1 WHERE id = $2 AND status = 'scheduled'";
        const INSERT: &str =
            "INSERT INTO broadcast_deliveries (broadcast_id, chat_id, thread_id, status, due_at) ";
        let now = to_seconds(now);
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            let started = sqlx::query(START).bind(now).bind(id).execute(&mut *transaction).await?.rows_affected() == 1;
            if !started {
                return Ok(false);
            }
            for chunk in recipients.chunks(500) {
                let mut insert = sqlx::QueryBuilder::new(INSERT);
                insert.push_values(chunk, |mut row, recipient| {
                    let status = if recipient.reachable { DeliveryStatus::Pending } else { DeliveryStatus::Unreachable };
                    row.push_bind(id)
                        .push_bind(recipient.chat_id)
                        .push_bind(recipient.thread_id.map(i64::from))
                        .push_bind(status.as_str())
                        .push_bind(now);
                });
                insert.push(" ON CONFLICT (broadcast_id, chat_id) DO NOTHING");
                insert.build().execute(&mut *transaction).await?;
            }
            transaction.commit().await?;
        });
        Ok(true)
    }
}
