//! How long a broadcast to 1,000 and to 10,000 fellows takes through the real Telegram adapter,
//! against a fake Bot API that enforces Telegram's limits, compared with the limit-bound ideal
//! (recipients ÷ messages per second). Time is scaled: limits are multiplied by SCALE (default
//! 10, i.e. 300 messages a second); the ratio to the ideal is what matters. The clock runs from
//! the lead's "Send now" to the last copy (the report's arrival is printed too).
//!
//! cargo bench --bench broadcast_dispatch            (RECIPIENTS=1000,10000 SCALE=10 by default)

// Test and benchmark code may stop at the first surprise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/measure.rs"]
mod measure;
#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use fellowship_bot::config::SendLimits;
use fellowship_bot::store::Store;
use support::fake_bot_api::{self as fake_bot_api, FakeBotApi, Limits, TestUser};
use tokio_util::sync::CancellationToken;

const LEAD: i64 = support::ADMIN_ID;

#[tokio::main]
async fn main() {
    let sizes: Vec<i64> = std::env::var("RECIPIENTS")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let scale: u32 = std::env::var("SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    for recipients in sizes {
        run(recipients, 30 * scale).await;
    }
}

async fn seed(url: &str, recipients: i64) {
    let store = Store::open(url).await.expect("the database");
    for user_id in 10_000..10_000 + recipients {
        support::register_fellow(&store, user_id, "RWT").await;
    }
    store.close().await;
}

/// Waits for a message from the bot with a button whose data starts with `prefix`.
async fn button(api: &FakeBotApi, prefix: &str) -> (i64, String) {
    loop {
        let found = api.sent().iter().rev().find_map(|s| {
            s.buttons
                .iter()
                .flatten()
                .find(|(_, data)| data.starts_with(prefix))
                .map(|(_, data)| (s.message_id, data.clone()))
        });
        if let Some(found) = found {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn run(recipients: i64, per_second: u32) {
    let api = FakeBotApi::start().await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    seed(&url, recipients).await;

    let mut settings = support::settings_for(&api, &url);
    settings.send_limits = SendLimits {
        overall_per_second: per_second,
        ..SendLimits::default()
    };
    let shutdown = CancellationToken::new();
    let bot = tokio::spawn(fellowship_bot::app::run_telegram(
        settings,
        std::sync::Arc::new(fellowship_bot::clock::SystemClock),
        shutdown.clone(),
    ));
    let lead = TestUser::new(LEAD, "Lead");
    let chat = lead.private_chat();
    api.user_writes(&chat, &lead, "/broadcast Payslips for November are out");
    let (menu, data) = button(&api, "bc:aud:").await;
    let id = data.split(':').nth(2).expect("an id").to_owned();
    api.user_presses(&chat, &lead, menu, &format!("bc:aud:{id}:fellows"));
    while !api.calls("editMessageText").iter().any(|c| {
        c.body["text"]
            .as_str()
            .is_some_and(|t| t.contains("preview above"))
    }) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    api.enforce_limits(Limits {
        overall_per_second: per_second as usize,
        ..Limits::default()
    });

    let began = Instant::now();
    api.user_presses(&chat, &lead, menu, &format!("bc:now:{id}"));
    let copies = |calls: &[fake_bot_api::Call]| {
        calls
            .iter()
            .filter(|c| {
                c.ok && c.method == "sendmessage" && c.body["chat_id"].as_i64() >= Some(10_000)
            })
            .count()
    };
    api.wait_until(Duration::from_secs(3600), |calls| copies(calls) >= 1)
        .await;
    let first_copy = began.elapsed();
    api.wait_until(Duration::from_secs(3600), |calls| {
        copies(calls) >= recipients as usize
    })
    .await;
    let last_copy = began.elapsed();
    let done = api
        .wait_until(Duration::from_secs(3600), |calls| {
            calls.iter().any(|c| {
                c.method == "editmessagetext"
                    && c.body["text"]
                        .as_str()
                        .is_some_and(|t| t.contains("Delivered:"))
            })
        })
        .await;
    let took = began.elapsed();
    let delivered = api.sent().iter().filter(|s| s.chat_id >= 10_000).count();
    shutdown.cancel();
    let _ = bot.await;

    let ideal = Duration::from_secs_f64(recipients as f64 / f64::from(per_second));
    println!(
        "recipients:         {recipients}{}",
        if done { "" } else { " (NOT finished)" }
    );
    println!("delivered:          {delivered}");
    println!(
        "limit:              {per_second} messages/s (Telegram's 30/s x {})",
        per_second / 30
    );
    println!("first copy after:   {first_copy:.2?}");
    println!("wall time:          {last_copy:.2?} (\"Send now\" to the last copy)");
    println!("limit-bound ideal:  {ideal:.2?}");
    println!(
        "ratio to ideal:     {:.3}",
        last_copy.as_secs_f64() / ideal.as_secs_f64()
    );
    println!("report shown after: {took:.2?}");
    println!("429s provoked:      {}", api.limit_refusals());
    println!(
        "peak memory (RSS):  {:.1} MiB so far (bot, fake server and database in one process)\n",
        measure::peak_memory_mib()
    );
}
