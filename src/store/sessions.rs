//! Sessions, RSVPs (with capacity and a waiting list) and where sessions were announced.

use chrono::{DateTime, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};
use crate::sessions::rsvp::{Places, RsvpChange, RsvpChoice, RsvpStatus, decide_rsvp};
use crate::sessions::{Audience, NewSession, Session};

/// How a status is stored.
fn status_text(status: RsvpStatus) -> &'static str {
    match status {
        RsvpStatus::Going => "going",
        RsvpStatus::Waiting => "waiting",
        RsvpStatus::NotGoing => "not_going",
    }
}

fn parse_status(raw: &str) -> RsvpStatus {
    match raw {
        "going" => RsvpStatus::Going,
        "waiting" => RsvpStatus::Waiting,
        _ => RsvpStatus::NotGoing,
    }
}

/// Going and waiting counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RsvpCounts {
    pub going: i64,
    pub waiting: i64,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    session_type: String,
    title: String,
    starts_at: i64,
    ends_at: i64,
    location: String,
    audience: String,
    capacity: Option<i64>,
    facilitators: String,
    sequence: i64,
    cancelled_at: Option<i64>,
}

impl SessionRow {
    fn into_session(self, trusts: &[String]) -> Session {
        Session {
            id: self.id,
            details: NewSession {
                session_type: self.session_type,
                title: self.title,
                starts_at: from_seconds(self.starts_at),
                ends_at: from_seconds(self.ends_at),
                location: self.location,
                audience: Audience::parse(&self.audience, trusts).unwrap_or(Audience::Everyone),
                capacity: self.capacity.and_then(|c| u32::try_from(c).ok()),
                facilitators: self.facilitators,
            },
            cancelled: self.cancelled_at.is_some(),
            sequence: self.sequence,
        }
    }
}

const COLUMNS: &str = "id, session_type, title, starts_at, ends_at, location, audience, capacity, facilitators, sequence, cancelled_at";
const INSERT: &str =
    "INSERT INTO sessions (session_type, title, starts_at, ends_at, location, audience, capacity,
                          facilitators, created_by, created_at)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";

impl Store {
    /// Adds every session, or none if any fails.
    pub async fn add_sessions(
        &self,
        sessions: &[NewSession],
        created_by: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<i64>> {
        Ok(on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            let mut ids = Vec::with_capacity(sessions.len());
            for session in sessions {
                let id: i64 = sqlx::query_scalar(INSERT)
                    .bind(&session.session_type)
                    .bind(&session.title)
                    .bind(to_seconds(session.starts_at))
                    .bind(to_seconds(session.ends_at))
                    .bind(&session.location)
                    .bind(session.audience.to_text())
                    .bind(session.capacity.map(i64::from))
                    .bind(&session.facilitators)
                    .bind(created_by)
                    .bind(to_seconds(now))
                    .fetch_one(&mut *transaction)
                    .await?;
                ids.push(id);
            }
            transaction.commit().await?;
            ids
        }))
    }

    pub async fn session(&self, id: i64, trusts: &[String]) -> StoreResult<Option<Session>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM sessions WHERE id = $1"));
        let row: Option<SessionRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?);
        Ok(row.map(|r| r.into_session(trusts)))
    }

    /// Sessions not cancelled that end after `now`, soonest first.
    pub async fn upcoming_sessions(
        &self,
        now: DateTime<Utc>,
        limit: i64,
        trusts: &[String],
    ) -> StoreResult<Vec<Session>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM sessions WHERE cancelled_at IS NULL AND ends_at > $1 ORDER BY starts_at, id LIMIT $2"
        ));
        let rows: Vec<SessionRow> = on_pool!(self, pool => sqlx::query_as(sql).bind(to_seconds(now)).bind(limit).fetch_all(pool).await?);
        Ok(rows.into_iter().map(|r| r.into_session(trusts)).collect())
    }

    /// Records an RSVP as `sessions::rsvp` decides it, keeping to the capacity: a full session
    /// puts people on the waiting list, and a place given up goes to the first person waiting.
    /// Safe under concurrent presses.
    pub async fn rsvp(
        &self,
        session_id: i64,
        user_id: i64,
        wants_to_go: bool,
        now: DateTime<Utc>,
    ) -> StoreResult<RsvpChange> {
        // Writing to the session row first takes its lock (a row lock in PostgreSQL, the write
        // lock in SQLite), so two presses at once are decided one after the other, each on what
        // the other wrote.
        const LOCK: &str = "UPDATE sessions SET sequence = sequence WHERE id = $1";
        const CAPACITY: &str = "SELECT capacity FROM sessions WHERE id = $1";
        const CURRENT: &str = "SELECT status FROM rsvps WHERE session_id = $1 AND user_id = $2";
        const GOING: &str = "SELECT COUNT(*) FROM rsvps WHERE session_id = $1 AND status = 'going'";
        const FIRST_WAITING: &str =
            "SELECT user_id FROM rsvps WHERE session_id = $1 AND status = 'waiting'
                                     ORDER BY arrival LIMIT 1";
        const NEXT_ARRIVAL: &str =
            "SELECT COALESCE(MAX(arrival), 0) + 1 FROM rsvps WHERE session_id = $1";
        const UPSERT: &str = "INSERT INTO rsvps (session_id, user_id, status, arrival, updated_at) VALUES ($1, $2, $3, $4, $5)
                              ON CONFLICT (session_id, user_id) DO UPDATE SET status = excluded.status,
                                  arrival = excluded.arrival, updated_at = excluded.updated_at";
        const PROMOTE: &str = "UPDATE rsvps SET status = 'going', updated_at = $3 WHERE session_id = $1 AND user_id = $2";
        let choice = if wants_to_go {
            RsvpChoice::Going
        } else {
            RsvpChoice::NotGoing
        };
        Ok(on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(LOCK).bind(session_id).execute(&mut *tx).await?;
            let places = Places {
                capacity: sqlx::query_scalar(CAPACITY).bind(session_id).fetch_one(&mut *tx).await?,
                going: sqlx::query_scalar(GOING).bind(session_id).fetch_one(&mut *tx).await?,
                first_waiting: sqlx::query_scalar(FIRST_WAITING).bind(session_id).fetch_optional(&mut *tx).await?,
            };
            let current: Option<String> = sqlx::query_scalar(CURRENT).bind(session_id).bind(user_id).fetch_optional(&mut *tx).await?;
            let change = decide_rsvp(places, current.as_deref().map(parse_status), choice).change();
            if change.changed {
                // A new answer goes to the back of the queue.
                let arrival: i64 = sqlx::query_scalar(NEXT_ARRIVAL).bind(session_id).fetch_one(&mut *tx).await?;
                sqlx::query(UPSERT).bind(session_id).bind(user_id).bind(status_text(change.status)).bind(arrival).bind(to_seconds(now)).execute(&mut *tx).await?;
            }
            if let Some(next) = change.promoted {
                sqlx::query(PROMOTE).bind(session_id).bind(next).bind(to_seconds(now)).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            change
        }))
    }

    pub async fn rsvp_status(
        &self,
        session_id: i64,
        user_id: i64,
    ) -> StoreResult<Option<RsvpStatus>> {
        const SQL: &str = "SELECT status FROM rsvps WHERE session_id = $1 AND user_id = $2";
        let status: Option<String> = on_pool!(self, pool => sqlx::query_scalar(SQL).bind(session_id).bind(user_id).fetch_optional(pool).await?);
        Ok(status.as_deref().map(parse_status))
    }

    pub async fn rsvp_counts(&self, session_id: i64) -> StoreResult<RsvpCounts> {
        const SQL: &str = "SELECT
                               COALESCE(SUM(CASE WHEN status = 'going' THEN 1 ELSE 0 END), 0),
                               COALESCE(SUM(CASE WHEN status = 'waiting' THEN 1 ELSE 0 END), 0)
                           FROM rsvps WHERE session_id = $1";
        let (going, waiting): (i64, i64) =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(session_id).fetch_one(pool).await?);
        Ok(RsvpCounts { going, waiting })
    }

    /// Sessions `user_id` is going to or waiting for, that end after `now`, soonest first.
    pub async fn sessions_of(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        trusts: &[String],
    ) -> StoreResult<Vec<(Session, RsvpStatus)>> {
        const SQL: &str =
            "SELECT r.session_id, r.status FROM rsvps r JOIN sessions s ON s.id = r.session_id
                           WHERE r.user_id = $1 AND r.status IN ('going', 'waiting')
                             AND s.cancelled_at IS NULL AND s.ends_at > $2
                           ORDER BY s.starts_at, s.id";
        let rows: Vec<(i64, String)> = on_pool!(self, pool => sqlx::query_as(SQL).bind(user_id).bind(to_seconds(now)).fetch_all(pool).await?);
        let mut found = Vec::with_capacity(rows.len());
        for (session_id, status) in rows {
            if let Some(session) = self.session(session_id, trusts).await? {
                found.push((session, parse_status(&status)));
            }
        }
        Ok(found)
    }

    /// Sessions still to come that `user_id` said they are going to, cancelled ones included (so a
    /// calendar file can remove them).
    pub async fn calendar_sessions_of(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
        trusts: &[String],
    ) -> StoreResult<Vec<Session>> {
        const SQL: &str = "SELECT r.session_id FROM rsvps r JOIN sessions s ON s.id = r.session_id
                           WHERE r.user_id = $1 AND r.status = 'going' AND s.ends_at > $2
                           ORDER BY s.starts_at, s.id";
        let ids: Vec<i64> = on_pool!(self, pool => sqlx::query_scalar(SQL).bind(user_id).bind(to_seconds(now)).fetch_all(pool).await?);
        let mut sessions = Vec::with_capacity(ids.len());
        for id in ids {
            sessions.extend(self.session(id, trusts).await?);
        }
        Ok(sessions)
    }

    /// Remembers where a session was announced.
    pub async fn record_session_post(
        &self,
        session_id: i64,
        chat_id: i64,
        message_id: i64,
    ) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO session_posts (session_id, chat_id, message_id) VALUES ($1, $2, $3)
                           ON CONFLICT (session_id, chat_id) DO UPDATE SET message_id = excluded.message_id";
        on_pool!(self, pool => sqlx::query(SQL).bind(session_id).bind(chat_id).bind(message_id).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// Every (chat, message) where the session was announced.
    pub async fn session_posts(&self, session_id: i64) -> StoreResult<Vec<(i64, i64)>> {
        const SQL: &str = "SELECT chat_id, message_id FROM session_posts WHERE session_id = $1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(session_id).fetch_all(pool).await?))
    }

    /// Programme groups an announcement for `trust` (None: everyone) should go to.
    /// As (chat, forum topic for announcements, if the group chose one).
    pub async fn programme_groups_for(
        &self,
        trust: Option<&str>,
    ) -> StoreResult<Vec<(i64, Option<i64>)>> {
        const SQL: &str = "SELECT chat_id, announce_thread_id FROM chats WHERE kind = 'group' AND programme_group = 1
                           AND bot_status = 'member'
                             AND (CAST($1 AS TEXT) IS NULL OR trust IS NULL OR trust = $1)";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(trust).fetch_all(pool).await?))
    }
}

/// Attendance for one session type and trust over a period.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AttendanceCount {
    pub session_type: String,
    pub trust: String,
    pub attended: i64,
}

impl Store {
    /// Cancels a session (raising its sequence for calendars) if it is still at `sequence`;
    /// false if it was cancelled already or changed since.
    pub async fn cancel_session(
        &self,
        session_id: i64,
        sequence: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str = "UPDATE sessions SET cancelled_at = $1, sequence = sequence + 1
                           WHERE id = $2 AND cancelled_at IS NULL AND sequence = $3";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(now)).bind(session_id).bind(sequence).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Moves a session to new times (raising its sequence) if it is still at `sequence`; false
    /// if it is cancelled, unknown or changed since.
    pub async fn move_session(
        &self,
        session_id: i64,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        sequence: i64,
    ) -> StoreResult<bool> {
        const SQL: &str =
            "UPDATE sessions SET starts_at = $1, ends_at = $2, sequence = sequence + 1
                           WHERE id = $3 AND cancelled_at IS NULL AND sequence = $4";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(starts_at)).bind(to_seconds(ends_at)).bind(session_id).bind(sequence).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Renames a session or changes where it is (raising its sequence) if it is still at
    /// `sequence`; false if it is cancelled, unknown or changed since.
    pub async fn edit_session(
        &self,
        session_id: i64,
        title: &str,
        location: &str,
        sequence: i64,
    ) -> StoreResult<bool> {
        const SQL: &str = "UPDATE sessions SET title = $1, location = $2, sequence = sequence + 1
                           WHERE id = $3 AND cancelled_at IS NULL AND sequence = $4";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(title).bind(location).bind(session_id).bind(sequence).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Everyone going to or waiting for a session.
    pub async fn session_people(&self, session_id: i64) -> StoreResult<Vec<(i64, RsvpStatus)>> {
        const SQL: &str = "SELECT user_id, status FROM rsvps WHERE session_id = $1 AND status IN ('going', 'waiting')
                           ORDER BY arrival";
        let rows: Vec<(i64, String)> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(session_id).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(id, status)| (id, parse_status(&status)))
            .collect())
    }

    /// Records that `user_id` attended; false if they were recorded already.
    pub async fn mark_attended(
        &self,
        session_id: i64,
        user_id: i64,
        marked_by: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str = "INSERT INTO attendance (session_id, user_id, marked_by, marked_at) VALUES ($1, $2, $3, $4)
                           ON CONFLICT (session_id, user_id) DO NOTHING";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(session_id).bind(user_id).bind(marked_by).bind(to_seconds(now)).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Whether `user_id` attended any session of this type.
    pub async fn attended_type(&self, user_id: i64, session_type: &str) -> StoreResult<bool> {
        const SQL: &str = "SELECT COUNT(*) FROM attendance a JOIN sessions s ON s.id = a.session_id
                           WHERE a.user_id = $1 AND s.session_type = $2";
        let count: i64 = on_pool!(self, pool => sqlx::query_scalar(SQL).bind(user_id).bind(session_type).fetch_one(pool).await?);
        Ok(count > 0)
    }

    /// Who attended a session.
    pub async fn attendees(&self, session_id: i64) -> StoreResult<Vec<i64>> {
        const SQL: &str = "SELECT user_id FROM attendance WHERE session_id = $1";
        Ok(on_pool!(self, pool => sqlx::query_scalar(SQL).bind(session_id).fetch_all(pool).await?))
    }

    /// Attendances at sessions starting in [from, to), per session type and the attendee's trust.
    /// Who attended what from `since` on, oldest first: (start, session type, title, fellow's
    /// name, trust). Fellows who asked to be forgotten are gone from it.
    pub async fn attendance_since(
        &self,
        since: DateTime<Utc>,
    ) -> StoreResult<Vec<(DateTime<Utc>, String, String, String, String)>> {
        const SQL: &str = "SELECT s.starts_at, s.session_type, s.title, f.name, f.trust
                           FROM attendance a
                           JOIN sessions s ON s.id = a.session_id
                           JOIN fellows f ON f.user_id = a.user_id
                           WHERE s.starts_at >= $1
                           ORDER BY s.starts_at, s.id, f.name";
        let rows: Vec<(i64, String, String, String, String)> = on_pool!(self, pool => sqlx::query_as(SQL).bind(to_seconds(since)).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(at, kind, title, name, trust)| (from_seconds(at), kind, title, name, trust))
            .collect())
    }

    pub async fn attendance_counts(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<AttendanceCount>> {
        const SQL: &str = "SELECT s.session_type, f.trust, COUNT(*) AS attended
                           FROM attendance a
                           JOIN sessions s ON s.id = a.session_id
                           JOIN fellows f ON f.user_id = a.user_id
                           WHERE s.starts_at >= $1 AND s.starts_at < $2
                           GROUP BY s.session_type, f.trust
                           ORDER BY s.session_type, f.trust";
        Ok(
            on_pool!(self, pool => sqlx::query_as(SQL).bind(to_seconds(from)).bind(to_seconds(to)).fetch_all(pool).await?),
        )
    }
}
