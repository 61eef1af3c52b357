//! Work scheduled for now goes out at once, not at the job worker's next look: a lead moves a
//! session over Telegram and the fellow going hears of it within seconds, though the worker
//! would look on its own only once a minute.

use std::time::{Duration, Instant};

use crate::support::{
    ADMIN_ID, FakeBotApi, TestBot, TestDb, TestUser, a_session, add_session_with, register_fellow,
    settings_for,
};
use fellowship_bot::store::Store;

#[tokio::test]
async fn a_move_reaches_the_fellows_going_at_once_not_at_the_workers_next_look() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    register_fellow(&store, 7001, "RWT").await;
    let starts = chrono::Utc::now() + chrono::Duration::days(3);
    let session = a_session("sim", "Airway SIM", starts, chrono::Duration::hours(2));
    let id = add_session_with(&store, session, [7001]).await;
    store.close().await;
    let mut settings = settings_for(&api, &db.url);
    settings.worker_interval = Duration::from_secs(60);
    let bot = TestBot::start(settings).await;
    // The worker has had its first look and now sleeps for a minute.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let lead = TestUser::new(ADMIN_ID, "Priya");
    let day = (starts + chrono::Duration::days(1))
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive();
    api.user_writes(
        &lead.private_chat(),
        &lead,
        &format!("/movesession {id} {day} 14:00"),
    );
    let preview = api.wait_for_sent(1).await.remove(0);
    let confirm = preview
        .buttons
        .iter()
        .flatten()
        .find(|(_, data)| data.starts_with("ses:mv:"))
        .map(|(_, data)| data.clone())
        .expect("a button to confirm the move");
    let asked = Instant::now();
    api.user_presses(&lead.private_chat(), &lead, preview.message_id, &confirm);
    let notice = loop {
        let sent = api.sent();
        if let Some(notice) = sent.into_iter().find(|m| m.chat_id == 7001) {
            break notice;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(20),
            "the fellow was not told"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        notice.text.contains("Airway SIM") && notice.text.contains("14:00"),
        "{}",
        notice.text
    );
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "told after {:?}",
        asked.elapsed()
    );
    bot.stop().await;
}
