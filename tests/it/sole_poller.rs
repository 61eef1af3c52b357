//! One poller per database: a second process that would poll the same database is told no while
//! the first lives, and may take over the moment it dies.

use fellowship_bot::store::Store;

use crate::support::{TestDb, fresh_postgres};

async fn only_one_holds_it(database_url: &str) {
    let first = Store::open(database_url).await.unwrap();
    let second = Store::open(database_url).await.unwrap();
    let held = first.become_sole_poller().await.unwrap();
    assert!(held.is_some(), "the first poller gets the lock");
    assert!(
        second.become_sole_poller().await.unwrap().is_none(),
        "a second poller on the same database is refused"
    );
    drop(held);
    // PostgreSQL sees the connection close a moment after it is dropped.
    let mut taken = None;
    for _ in 0..50 {
        taken = second.become_sole_poller().await.unwrap();
        if taken.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        taken.is_some(),
        "once the first is gone, the second may poll"
    );
}

#[tokio::test]
async fn one_poller_per_sqlite_database() {
    let db = TestDb::sqlite();
    only_one_holds_it(&db.url).await;
}

#[tokio::test]
async fn one_poller_per_postgresql_database() {
    let Some(url) = fresh_postgres().await else {
        return;
    };
    only_one_holds_it(&url).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_polling_bot_on_the_same_database_refuses_to_start() {
    use crate::support::{FakeBotApi, TestBot, settings_for};
    let db = TestDb::sqlite();
    let api = FakeBotApi::start().await;
    let first = TestBot::start(settings_for(&api, &db.url)).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while api.polls() == 0 {
        assert!(std::time::Instant::now() < deadline, "the first bot polls");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let refused = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        fellowship_bot::app::run_telegram(
            settings_for(&api, &db.url),
            std::sync::Arc::new(fellowship_bot::clock::SystemClock),
            tokio_util::sync::CancellationToken::new(),
        ),
    )
    .await
    .expect("the second bot gives up at once")
    .unwrap_err();
    let message = format!("{refused:#}");
    assert!(
        message.contains("already polling") && message.contains("RUN_MODE=webhook"),
        "{message}"
    );
    first.stop().await;
}
