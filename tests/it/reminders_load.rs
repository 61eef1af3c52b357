//! Thousands of reminders due at once go out within Telegram's limits (scaled up here so the
//! test is quick): every person gets exactly one, and the bot's own pacing provokes no 429.
//! How fast 10,000 go is measured by `cargo bench --bench reminder_dispatch`, not here.

use std::sync::Arc;
use std::time::Duration as Wait;

use crate::support::fake_bot_api::Limits;
use crate::support::{ADMIN_ID, FakeBotApi, TestBot, TestDb, settings_for};
use chrono::{Duration, TimeZone, Utc};
use fellowship_bot::clock::FakeClock;
use fellowship_bot::config::SendLimits;
use fellowship_bot::store::Store;

const PEOPLE: i64 = 2_000;
/// Telegram's 30 messages a second, scaled up 50 times to keep the test short.
const PER_SECOND: u32 = 1_500;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_reminders_due_at_once_go_out_once_each_within_the_limits() {
    let api = FakeBotApi::start().await;
    api.enforce_limits(Limits {
        overall_per_second: PER_SECOND as usize,
        ..Limits::default()
    });
    let db = TestDb::sqlite();
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let store = Store::open(&db.url).await.unwrap();
    let session = crate::support::a_session(
        "teaching-level-1",
        "Level 1 teaching",
        start,
        Duration::hours(1),
    );
    let id = store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    let now = Utc::now();
    // A reminder goes to whoever is still going; nothing else about them is needed to send it.
    for user in 1..=PEOPLE {
        store.rsvp(id, user, true, now).await.unwrap();
        let due = start - Duration::hours(1);
        crate::support::schedule_reminder(&store, id, user, &format!("load:{user}"), due).await;
    }
    store.close().await;

    let mut settings = settings_for(&api, &db.url);
    settings.send_limits = SendLimits {
        overall_per_second: PER_SECOND,
        ..SendLimits::default()
    };
    let clock = FakeClock::at(start - Duration::minutes(59));
    let began = std::time::Instant::now();
    let bot = TestBot::start_with_clock(settings, Arc::new(clock)).await;
    let all_sent = api
        .wait_until(Wait::from_secs(300), |calls| {
            calls
                .iter()
                .filter(|c| c.ok && c.method == "sendmessage")
                .count()
                >= PEOPLE as usize
        })
        .await;
    let took = began.elapsed();
    bot.stop().await;

    assert!(
        all_sent,
        "only {} of {PEOPLE} reminders were sent",
        api.sent().len()
    );
    let mut chats: Vec<i64> = api.sent().iter().map(|m| m.chat_id).collect();
    chats.sort_unstable();
    chats.dedup();
    assert_eq!(chats.len(), PEOPLE as usize, "everyone got one");
    assert_eq!(api.sent().len(), PEOPLE as usize, "nobody got two");
    assert_eq!(api.limit_refusals(), 0, "our own pacing provoked no 429");
    eprintln!(
        "{PEOPLE} reminders in {took:?} at {PER_SECOND}/s (ideal {:?})",
        Wait::from_secs_f64(PEOPLE as f64 / f64::from(PER_SECOND))
    );
}
