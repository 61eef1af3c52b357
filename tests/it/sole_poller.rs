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
    assert!(taken.is_some(), "once the first is gone, the second may poll");
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
