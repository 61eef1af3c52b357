//! The second floor of the load benchmark (`cargo bench --bench load`): the bare teloxide bot of
//! `echo_floor.rs` plus the least storage that keeps the promise "nothing lost, nothing twice"
//! with SQLite as the bot keeps it (WAL, synchronous=NORMAL, a small pool): each update is kept
//! before it is answered and marked answered after, one statement each. It does no routing, no
//! search and no pacing. Reads TELOXIDE_TOKEN, TELOXIDE_API_URL and DATABASE_URL.
#![forbid(unsafe_code)]

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use teloxide::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let url = std::env::var("DATABASE_URL")?;
    let options = SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS updates (update_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, answered INTEGER NOT NULL DEFAULT 0)",
    )
    .execute(&pool)
    .await?;
    let bot = Bot::from_env();
    let handler = Update::filter_message().endpoint(
        |bot: Bot, pool: sqlx::SqlitePool, update: Update, message: Message| async move {
            let update_id = i64::from(update.id.0);
            let kept = sqlx::query(
                "INSERT INTO updates (update_id, chat_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            )
            .bind(update_id)
            .bind(message.chat.id.0)
            .execute(&pool)
            .await?;
            if kept.rows_affected() == 1 {
                bot.send_message(message.chat.id, "Thanks, noted.").await?;
                sqlx::query("UPDATE updates SET answered = 1 WHERE update_id = ?")
                    .bind(update_id)
                    .execute(&pool)
                    .await?;
            }
            Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
        },
    );
    Dispatcher::builder(bot, handler)
        .dependencies(dptree::deps![pool])
        .build()
        .dispatch()
        .await;
    Ok(())
}
