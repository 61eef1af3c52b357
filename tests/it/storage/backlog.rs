//! What `/metrics` reads from the database at each scrape, on both backends: open updates and
//! the oldest one's arrival, due and unfinished jobs, broadcast copies by state.

use chrono::Duration;
use fellowship_bot::store::{Backlog, Claimant, Recipient, Store};

use super::{at, postgres_store, update};

on_both_databases!(the_backlog_counts_open_updates_due_jobs_and_copies_by_state);

async fn the_backlog_counts_open_updates_due_jobs_and_copies_by_state(store: &Store) {
    let now = at(20, 10);
    assert_eq!(store.backlog(now).await.unwrap(), Backlog::default());

    store
        .store_updates(&[update(1, 5), update(2, 6)], now - Duration::minutes(3))
        .await
        .unwrap();
    store
        .store_updates(&[update(3, 5)], now - Duration::minutes(1))
        .await
        .unwrap();
    let me = Claimant::new();
    let claimed = store.claim_updates(&me, now, 10).await.unwrap();
    let first = claimed.iter().find(|u| u.update_id == 1).unwrap();
    assert!(
        store
            .finish_update(first.update_id, &me, "delivered", 0, now)
            .await
            .unwrap()
    );
    for (key, due) in [
        ("a", now - Duration::minutes(5)),
        ("b", now - Duration::minutes(1)),
        ("c", now + Duration::hours(1)),
    ] {
        store
            .schedule_job("reminder", key, "{}", due)
            .await
            .unwrap();
    }
    let broadcast = store
        .create_broadcast(
            42,
            &fellowship_bot::broadcast::BroadcastContent::Copy {
                chat_id: 42,
                message_id: 7,
            },
            now,
        )
        .await
        .unwrap();
    let recipients: Vec<Recipient> = (1..=3)
        .map(|n| Recipient {
            chat_id: 700 + n,
            thread_id: None,
            reachable: n != 3,
        })
        .collect();
    store
        .set_broadcast_audience(
            broadcast,
            &fellowship_bot::broadcast::BroadcastAudience::AllFellows,
            false,
        )
        .await
        .unwrap();
    store
        .schedule_broadcast(broadcast, now, None)
        .await
        .unwrap();
    assert!(
        store
            .start_broadcast(broadcast, &recipients, now)
            .await
            .unwrap()
    );

    let backlog = store.backlog(now).await.unwrap();
    assert_eq!(backlog.open_updates, 2, "update 1 is done");
    assert_eq!(backlog.oldest_update, Some(now - Duration::minutes(3)));
    assert_eq!((backlog.due_jobs, backlog.unfinished_jobs), (2, 3));
    assert_eq!(backlog.oldest_due_job, Some(now - Duration::minutes(5)));
    assert_eq!(
        backlog.copies,
        vec![("pending".to_owned(), 2), ("unreachable".to_owned(), 1)]
    );
}
