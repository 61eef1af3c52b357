//! People, fellows, roles and the audit log.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Store, StoreResult, from_seconds, on_pool, to_seconds};
use crate::fellows::{Fellow, Role};

/// Someone the bot has talked to privately.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PersonRecord {
    pub user_id: i64,
    pub first_name: String,
    pub username: Option<String>,
}

/// A person holding a role, with what is known about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleHolder {
    pub user_id: i64,
    pub role: Role,
    pub name: String,
    pub username: Option<String>,
    pub trust: Option<String>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: i64,
    /// The actor's name as registered, or as Telegram gave it; none if the bot never heard it.
    pub actor_name: Option<String>,
    pub action: String,
    pub detail: String,
}

#[derive(sqlx::FromRow)]
struct RoleHolderRow {
    user_id: i64,
    role: String,
    name: String,
    username: Option<String>,
    trust: Option<String>,
}

#[derive(sqlx::FromRow)]
struct FellowRow {
    user_id: i64,
    name: String,
    trust: String,
    start_date: String,
    specialty: String,
    left_on: Option<String>,
}

impl FellowRow {
    fn into_fellow(self) -> Fellow {
        let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default();
        Fellow {
            user_id: self.user_id,
            name: self.name,
            trust: self.trust,
            start_date: date(&self.start_date),
            specialty: self.specialty,
            left_on: self.left_on.as_deref().map(date),
        }
    }
}

const FELLOW_COLUMNS: &str = "user_id, name, trust, start_date, specialty, left_on";

impl Store {
    /// Someone wrote privately: their chat is one the bot may write to, and this is the name they
    /// use now. Both rows in one transaction.
    pub async fn remember_private_sender(
        &self,
        user_id: i64,
        first_name: &str,
        username: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const CHAT: &str = "INSERT INTO chats (chat_id, kind, title, bot_status, updated_at)
                            VALUES ($1, 'private', NULL, 'member', $2)
                            ON CONFLICT (chat_id) DO UPDATE SET
                                bot_status = excluded.bot_status, updated_at = excluded.updated_at";
        const PERSON: &str =
            "INSERT INTO people (user_id, first_name, username, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name,
                 username = excluded.username, updated_at = excluded.updated_at";
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(CHAT).bind(user_id).bind(to_seconds(now)).execute(&mut *tx).await?;
            sqlx::query(PERSON).bind(user_id).bind(first_name).bind(username).bind(to_seconds(now)).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    pub async fn person(&self, user_id: i64) -> StoreResult<Option<PersonRecord>> {
        const SQL: &str = "SELECT user_id, first_name, username FROM people WHERE user_id = $1";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(user_id).fetch_optional(pool).await?))
    }

    /// The person with this @username (without the @, any case).
    pub async fn person_by_username(&self, username: &str) -> StoreResult<Option<PersonRecord>> {
        const SQL: &str =
            "SELECT user_id, first_name, username FROM people WHERE LOWER(username) = LOWER($1)";
        Ok(on_pool!(self, pool => sqlx::query_as(SQL).bind(username).fetch_optional(pool).await?))
    }

    /// Creates or updates a fellow's registration; consent and registration times are kept from the first.
    pub async fn save_fellow(&self, fellow: &Fellow, now: DateTime<Utc>) -> StoreResult<()> {
        const SQL: &str = "INSERT INTO fellows (user_id, name, trust, start_date, specialty, consented_at, registered_at, updated_at)
                           VALUES ($1, $2, $3, $4, $5, $6, $6, $6)
                           ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, trust = excluded.trust,
                               start_date = excluded.start_date, specialty = excluded.specialty,
                               updated_at = excluded.updated_at";
        on_pool!(self, pool => sqlx::query(SQL)
            .bind(fellow.user_id)
            .bind(&fellow.name)
            .bind(&fellow.trust)
            .bind(fellow.start_date.format("%Y-%m-%d").to_string())
            .bind(&fellow.specialty)
            .bind(to_seconds(now))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Records the day a fellow leaves (or left) the programme.
    pub async fn mark_leaving(&self, user_id: i64, left_on: NaiveDate) -> StoreResult<bool> {
        const SQL: &str = "UPDATE fellows SET left_on = $1 WHERE user_id = $2";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(left_on.format("%Y-%m-%d").to_string()).bind(user_id).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    pub async fn fellow(&self, user_id: i64) -> StoreResult<Option<Fellow>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {FELLOW_COLUMNS} FROM fellows WHERE user_id = $1"
        ));
        let row: Option<FellowRow> =
            on_pool!(self, pool => sqlx::query_as(sql).bind(user_id).fetch_optional(pool).await?);
        Ok(row.map(FellowRow::into_fellow))
    }

    /// Every registered fellow, by name.
    pub async fn fellows(&self) -> StoreResult<Vec<Fellow>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {FELLOW_COLUMNS} FROM fellows ORDER BY name"
        ));
        let rows: Vec<FellowRow> =
            on_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?);
        Ok(rows.into_iter().map(FellowRow::into_fellow).collect())
    }

    /// Gives `role` to `user_id`; false if they had it already.
    pub async fn grant_role(
        &self,
        user_id: i64,
        role: Role,
        granted_by: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        const SQL: &str =
            "INSERT INTO roles (user_id, role, granted_by, granted_at) VALUES ($1, $2, $3, $4)
                           ON CONFLICT (user_id, role) DO NOTHING";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(user_id).bind(role.as_str()).bind(granted_by).bind(to_seconds(now)).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    /// Takes `role` from `user_id`; false if they did not have it.
    pub async fn revoke_role(&self, user_id: i64, role: Role) -> StoreResult<bool> {
        const SQL: &str = "DELETE FROM roles WHERE user_id = $1 AND role = $2";
        let rows = on_pool!(self, pool => sqlx::query(SQL).bind(user_id).bind(role.as_str()).execute(pool).await?.rows_affected());
        Ok(rows == 1)
    }

    pub async fn roles_of(&self, user_id: i64) -> StoreResult<Vec<Role>> {
        const SQL: &str = "SELECT role FROM roles WHERE user_id = $1";
        let names: Vec<String> =
            on_pool!(self, pool => sqlx::query_scalar(SQL).bind(user_id).fetch_all(pool).await?);
        let mut roles: Vec<Role> = names.iter().filter_map(|n| Role::parse(n)).collect();
        roles.sort();
        Ok(roles)
    }

    /// Everyone holding a role, with their name (from registration, else from Telegram) and trust.
    pub async fn role_holders(&self) -> StoreResult<Vec<RoleHolder>> {
        const SQL: &str = "SELECT r.user_id, r.role, COALESCE(f.name, p.first_name, '') AS name, p.username, f.trust
                           FROM roles r
                           LEFT JOIN fellows f ON f.user_id = r.user_id
                           LEFT JOIN people p ON p.user_id = r.user_id
                           ORDER BY r.role, name";
        let rows: Vec<RoleHolderRow> =
            on_pool!(self, pool => sqlx::query_as(SQL).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(RoleHolder {
                    user_id: row.user_id,
                    role: Role::parse(&row.role)?,
                    name: row.name,
                    username: row.username,
                    trust: row.trust,
                })
            })
            .collect())
    }

    pub async fn record_audit(
        &self,
        actor: i64,
        action: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        const SQL: &str =
            "INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4)";
        on_pool!(self, pool => sqlx::query(SQL).bind(to_seconds(now)).bind(actor).bind(action).bind(detail).execute(pool).await?.rows_affected());
        Ok(())
    }

    /// The newest audit entries first, each with its actor's name when the bot knows it.
    pub async fn audit_entries(&self, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        self.audit_entries_after(0, limit).await
    }

    /// As [`Store::audit_entries`], skipping the newest `skip` (for a page further back).
    pub async fn audit_entries_after(&self, skip: i64, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        const SQL: &str = "SELECT a.at, a.actor, COALESCE(f.name, p.first_name), a.action, a.detail
                           FROM audit_log a
                           LEFT JOIN fellows f ON f.user_id = a.actor
                           LEFT JOIN people p ON p.user_id = a.actor
                           ORDER BY a.id DESC LIMIT $1 OFFSET $2";
        let rows: Vec<(i64, i64, Option<String>, String, String)> = on_pool!(self, pool => sqlx::query_as(SQL).bind(limit).bind(skip).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(at, actor, actor_name, action, detail)| AuditEntry {
                at: from_seconds(at),
                actor,
                actor_name,
                action,
                detail,
            })
            .collect())
    }

    /// Deletes everything kept about a person, in one transaction, then purges it from the
    /// database files. The audit log keeps what leads did, but no longer names them: neither as
    /// the one who acted nor in what was done to them.
    pub async fn forget_person(&self, user_id: i64) -> StoreResult<()> {
        const STATEMENTS: [&str; 22] = [
            "DELETE FROM fellows WHERE user_id = $1",
            "DELETE FROM roles WHERE user_id = $1",
            "DELETE FROM people WHERE user_id = $1",
            "DELETE FROM conversations WHERE user_id = $1",
            "DELETE FROM faq_questions WHERE asked_by = $1",
            "DELETE FROM chats WHERE chat_id = $1",
            "DELETE FROM journey_sharing WHERE fellow_id = $1 OR pair_id IN (SELECT id FROM buddy_pairs WHERE buddy_id = $1)",
            "DELETE FROM buddy_pairs WHERE fellow_id = $1 OR buddy_id = $1",
            "UPDATE audit_log SET actor = 0 WHERE actor = $1",
            "DELETE FROM rsvps WHERE user_id = $1",
            "DELETE FROM attendance WHERE user_id = $1",
            "DELETE FROM broadcast_deliveries WHERE chat_id = $1",
            "DELETE FROM feedback_invitations WHERE user_id = $1",
            "DELETE FROM feedback_responses WHERE user_id = $1",
            "UPDATE broadcasts SET author_id = 0 WHERE author_id = $1",
            "DELETE FROM lead_alerts WHERE user_id = $1",
            "DELETE FROM web_login_tokens WHERE user_id = $1",
            "DELETE FROM web_sessions WHERE user_id = $1",
            "UPDATE article_revisions SET author_id = 0 WHERE author_id = $1",
            "DELETE FROM journey_steps WHERE user_id = $1",
            "DELETE FROM journey_pauses WHERE user_id = $1",
            "DELETE FROM night_shifts WHERE user_id = $1",
        ];
        /// Every table a statement above changes, purged afterwards.
        const TABLES: [&str; 22] = [
            "fellows",
            "roles",
            "people",
            "conversations",
            "faq_questions",
            "chats",
            "journey_sharing",
            "buddy_pairs",
            "audit_log",
            "rsvps",
            "attendance",
            "broadcast_deliveries",
            "feedback_invitations",
            "feedback_responses",
            "broadcasts",
            "lead_alerts",
            "web_login_tokens",
            "web_sessions",
            "article_revisions",
            "journey_steps",
            "journey_pauses",
            "night_shifts",
        ];
        // Audit details name people as "<id> (<name>)" (roles, buddies) and leavers as
        // "<name> on <day>".
        const UNNAME: &str = "UPDATE audit_log SET detail = REPLACE(detail, $1, $2)";
        const UNNAME_LEAVER: &str =
            "UPDATE audit_log SET detail = REPLACE(detail, $1, $2) WHERE action = 'leaving'";
        const FORGOTTEN: &str = "someone forgotten";
        let mut names: Vec<String> = vec![format!("user {user_id}")];
        names.extend(self.fellow(user_id).await?.map(|f| f.name));
        names.extend(self.person(user_id).await?.map(|p| p.first_name));
        on_pool!(self, pool => {
            let mut transaction = pool.begin().await?;
            for statement in STATEMENTS {
                sqlx::query(statement).bind(user_id).execute(&mut *transaction).await?;
            }
            for name in &names {
                sqlx::query(UNNAME).bind(format!("{user_id} ({name})")).bind(FORGOTTEN).execute(&mut *transaction).await?;
                sqlx::query(UNNAME_LEAVER).bind(format!("{name} on ")).bind(format!("{FORGOTTEN} on ")).execute(&mut *transaction).await?;
            }
            transaction.commit().await?;
        });
        self.purge_deleted(&TABLES).await;
        Ok(())
    }

    /// The questions a person asked, newest first, for /mydata.
    pub async fn questions_asked_by(
        &self,
        user_id: i64,
    ) -> StoreResult<Vec<(DateTime<Utc>, String, Option<String>)>> {
        const SQL: &str = "SELECT asked_at, question, topic FROM faq_questions WHERE asked_by = $1 AND outcome <> 'declined' ORDER BY id DESC";
        let rows: Vec<(i64, String, Option<String>)> =
            on_pool!(self, pool => sqlx::query_as(SQL).bind(user_id).fetch_all(pool).await?);
        Ok(rows
            .into_iter()
            .map(|(at, q, t)| (from_seconds(at), q, t))
            .collect())
    }
}
