//! How long 10,000 reminders due at once take to go out through the real Telegram adapter,
//! against a fake Bot API that enforces Telegram's limits, compared with the limit-bound ideal
//! (reminders ÷ messages per second). Time is scaled: limits are multiplied by SCALE (default 10,
//! i.e. 300 messages a second) so the run is short; the ratio to the ideal is what matters.
//!
//! cargo bench --bench reminder_dispatch            (REMINDERS=10000 SCALE=10 by default)

// Test and benchmark code may stop at the first surprise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../tests/support/fake_bot_api.rs"]
mod fake_bot_api;
#[path = "support/measure.rs"]
mod measure;

use std::sync::Arc;
use std::time::{Duration as Wait, Instant};

use chrono::{Duration, TimeZone, Utc};
use fake_bot_api::{FakeBotApi, Limits};
use fellowship_bot::clock::FakeClock;
use fellowship_bot::config::{BotToken, SendLimits, Settings};
use fellowship_bot::sessions::{Audience, NewSession};
use fellowship_bot::store::Store;
use tokio_util::sync::CancellationToken;

fn from_env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let reminders = i64::from(from_env("REMINDERS", 10_000));
    let scale = from_env("SCALE", 10);
    let per_second = 30 * scale;
    let api = FakeBotApi::start().await;
    api.enforce_limits(Limits {
        overall_per_second: per_second as usize,
        ..Limits::default()
    });
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());

    let store = Store::open(&url).await.expect("the database");
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let session = NewSession {
        session_type: "teaching-level-1".into(),
        title: "Level 1 teaching".into(),
        starts_at: start,
        ends_at: start + Duration::hours(1),
        location: "Lecture theatre".into(),
        audience: Audience::Everyone,
        capacity: None,
        facilitators: String::new(),
    };
    let id = store
        .add_sessions(&[session], 1, Utc::now())
        .await
        .expect("a session")[0];
    for user in 1..=reminders {
        store
            .rsvp(id, user, true, Utc::now())
            .await
            .expect("an RSVP");
        let payload = format!("{{\"session_id\":{id},\"user_id\":{user},\"sequence\":0}}");
        store
            .schedule_job(
                "session_reminder",
                &format!("bench:{user}"),
                &payload,
                start - Duration::hours(1),
            )
            .await
            .expect("a job");
    }
    store.close().await;

    let mut settings = Settings::with_database(&url);
    settings.telegram_token =
        Some(BotToken::parse("123456:BENCH-token-abcdefghijklmnopqrstuvwxyz").expect("token"));
    settings.telegram_api_url = Some(api.url.parse().expect("url"));
    settings.content_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    settings.poll_timeout = Wait::from_secs(1);
    settings.worker_interval = Wait::from_millis(100);
    settings.send_limits = SendLimits {
        overall_per_second: per_second,
        ..SendLimits::default()
    };
    let shutdown = CancellationToken::new();
    let clock = Arc::new(FakeClock::at(start - Duration::minutes(59)));
    let began = Instant::now();
    let bot = tokio::spawn(fellowship_bot::app::run_telegram(
        settings,
        clock,
        shutdown.clone(),
    ));
    let done = api
        .wait_until(Wait::from_secs(3600), |calls| {
            calls
                .iter()
                .filter(|c| c.ok && c.method == "sendmessage")
                .count()
                >= reminders as usize
        })
        .await;
    let took = began.elapsed();
    shutdown.cancel();
    let _ = bot.await;

    let ideal = Wait::from_secs_f64(reminders as f64 / f64::from(per_second));
    println!(
        "reminders:          {reminders}{}",
        if done { "" } else { " (NOT all sent)" }
    );
    println!("limit:              {per_second} messages/s (Telegram's 30/s x {scale})");
    println!("wall time:          {took:.2?}");
    println!("limit-bound ideal:  {ideal:.2?}");
    println!(
        "ratio to ideal:     {:.2}",
        took.as_secs_f64() / ideal.as_secs_f64()
    );
    println!("429s provoked:      {}", api.limit_refusals());
    println!(
        "peak memory (RSS):  {:.1} MiB (bot, fake server and database in one process)",
        measure::peak_memory_mib()
    );
}
