//! What the integration tests share: the core harness (`spawn_core`), the fake Bot API and a bot
//! running in-process against it, and fresh databases (SQLite always; PostgreSQL when
//! TEST_DATABASE_URL is set).
// Each test file uses a different part of this module.
#![allow(dead_code, unused_imports)]

pub mod core;
pub mod fake_bot_api;
pub mod web;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use fellowship_bot::clock::SystemClock;
use fellowship_bot::config::{BotToken, Settings};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use self::core::{Core, Delivered, Replies, spawn_core, spawn_core_at};
pub use fake_bot_api::telegram_html;
pub use fake_bot_api::{BOT_USERNAME, Failure, FakeBotApi, TestChat, TestUser};

pub const ADMIN_ID: i64 = 42;

/// A session for everyone, with no limit on places, in "Room".
pub fn a_session(
    session_type: &str,
    title: &str,
    starts_at: chrono::DateTime<chrono::Utc>,
    length: chrono::Duration,
) -> fellowship_bot::sessions::NewSession {
    fellowship_bot::sessions::NewSession {
        session_type: session_type.into(),
        title: title.into(),
        starts_at,
        ends_at: starts_at + length,
        location: "Room".into(),
        audience: fellowship_bot::sessions::Audience::Everyone,
        capacity: None,
        facilitators: String::new(),
    }
}

/// Adds `session` and RSVPs `going` to it; its id.
pub async fn add_session_with(
    store: &fellowship_bot::store::Store,
    session: fellowship_bot::sessions::NewSession,
    going: impl IntoIterator<Item = i64>,
) -> i64 {
    let now = chrono::Utc::now();
    let id = store
        .add_sessions(&[session], ADMIN_ID, now)
        .await
        .expect("a session")[0];
    for user_id in going {
        store.rsvp(id, user_id, true, now).await.expect("an RSVP");
    }
    id
}

/// Schedules the reminder about session `session_id` for `user_id`, due at `due`, as the bot
/// writes it (job key `key`).
pub async fn schedule_reminder(
    store: &fellowship_bot::store::Store,
    session_id: i64,
    user_id: i64,
    key: &str,
    due: chrono::DateTime<chrono::Utc>,
) {
    let payload = format!("{{\"session_id\":{session_id},\"user_id\":{user_id},\"sequence\":0}}");
    store
        .schedule_job("session_reminder", key, &payload, due)
        .await
        .expect("a reminder job");
}

/// Registers a fellow ("Dr Fellow <id>", started 5 August 2026) who has started the bot.
pub async fn register_fellow(store: &fellowship_bot::store::Store, user_id: i64, trust: &str) {
    use fellowship_bot::store::{BotStatus, ChatKind};
    let now = chrono::Utc::now();
    let fellow = fellowship_bot::fellows::Fellow {
        user_id,
        name: format!("Dr Fellow {user_id}"),
        trust: trust.into(),
        start_date: chrono::NaiveDate::from_ymd_opt(2026, 8, 5).expect("a date"),
        specialty: "Medicine".into(),
        left_on: None,
    };
    store.save_fellow(&fellow, now).await.expect("a fellow");
    store
        .record_chat_status(user_id, ChatKind::Private, None, BotStatus::Member, now)
        .await
        .expect("a private chat");
}

/// A fresh SQLite database in its own folder, removed when dropped.
pub struct TestDb {
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("bot.db").display());
        Self { url, _dir: dir }
    }
}

/// A fresh, empty PostgreSQL database on the server TEST_DATABASE_URL points at, if it is set.
pub async fn fresh_postgres() -> Option<String> {
    use sqlx::Connection;
    let server = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .unwrap_or_else(|e| {
            panic!("TEST_DATABASE_URL is set but PostgreSQL is not reachable: {e}")
        });
    let name = format!("fb_test_{}_{}", std::process::id(), rand_suffix());
    // The name is made here from digits only, so it is safe to splice into the statement.
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    let (base, _) = server
        .rsplit_once('/')
        .expect("TEST_DATABASE_URL ends with /database");
    Some(format!("{base}/{name}"))
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos() as u64,
    );
    hasher.finish() % 1_000_000_000
}

pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// Settings every test starts from: state in `database_url`, the shipped content, and
/// `ADMIN_ID` as the configured admin.
pub fn test_settings(database_url: &str) -> Settings {
    let mut settings = Settings::with_database(database_url);
    settings.content_dir = content_dir();
    settings.admins = vec![ADMIN_ID];
    settings
}

/// Settings for a bot that talks to `api` and keeps its state in `database_url`.
pub fn settings_for(api: &FakeBotApi, database_url: &str) -> Settings {
    let mut settings = test_settings(database_url);
    settings.telegram_token =
        Some(BotToken::parse("123456:TEST-token-abcdefghijklmnopqrstuvwxyz").expect("token"));
    settings.telegram_api_url = Some(api.url.parse().expect("api url"));
    settings.poll_timeout = Duration::from_secs(1);
    settings.worker_interval = Duration::from_millis(100);
    settings
}

/// The real bot (teloxide adapter and all) running in this process.
pub struct TestBot {
    shutdown: CancellationToken,
    task: JoinHandle<anyhow::Result<()>>,
}

impl TestBot {
    pub async fn start(settings: Settings) -> Self {
        Self::start_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// With a clock the test moves (the job worker then sees that time).
    pub async fn start_with_clock(
        settings: Settings,
        clock: Arc<dyn fellowship_bot::clock::Clock>,
    ) -> Self {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "warn".into()),
            )
            .with_test_writer()
            .try_init();
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(fellowship_bot::app::run_telegram(
            settings,
            clock,
            shutdown.clone(),
        ));
        Self { shutdown, task }
    }

    /// Stops it as SIGTERM would, and waits for a clean exit.
    pub async fn stop(self) {
        self.shutdown.cancel();
        let result = tokio::time::timeout(Duration::from_secs(30), self.task)
            .await
            .expect("the bot stopped within 30 s")
            .expect("the bot task did not panic");
        result.expect("the bot stopped without an error");
    }
}
