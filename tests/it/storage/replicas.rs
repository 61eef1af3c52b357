//! Several replicas on one PostgreSQL database: claims taken at once by many tasks of two
//! claimants (each with its own pool) never overlap, keep each chat's updates in order and one
//! at a time, and a lapsed sender's copy in flight is settled as unconfirmed, never sent again.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};

use chrono::{Duration, TimeZone, Utc};
use fellowship_bot::store::{Claimant, NewUpdate, Store};

const TASKS_PER_REPLICA: usize = 4;

/// Two "replicas": two pools on one fresh database, each with its claimant.
async fn two_replicas() -> Option<[(Store, Claimant); 2]> {
    let url = crate::support::fresh_postgres().await?;
    let first = Store::open(&url).await.unwrap();
    let second = Store::open(&url).await.unwrap();
    Some([(first, Claimant::new()), (second, Claimant::new())])
}

fn at() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

/// What the tasks saw, checked as they go.
#[derive(Default)]
struct Seen {
    claimed: HashSet<i64>,
    /// The update each chat has under way.
    held: HashMap<i64, i64>,
    /// Each chat's updates not finished yet, oldest first.
    to_do: HashMap<i64, VecDeque<i64>>,
    finished: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_claiming_at_once_take_each_update_once_and_each_chat_in_order() {
    let Some(replicas) = two_replicas().await else {
        return;
    };
    const CHATS: i64 = 30;
    const PER_CHAT: i64 = 8;
    let mut updates = Vec::new();
    let mut seen = Seen::default();
    // Interleaved as they arrive: update k of every chat before update k + 1 of any.
    for k in 0..PER_CHAT {
        for chat in 0..CHATS {
            let (update_id, chat_id) = (1_000 + k * CHATS + chat, 5_000 + chat);
            updates.push(NewUpdate {
                update_id,
                chat_id,
                body: "{}".into(),
            });
            seen.to_do.entry(chat_id).or_default().push_back(update_id);
        }
    }
    replicas[0].0.store_updates(&updates, at()).await.unwrap();
    let total = updates.len();
    let seen = Arc::new(Mutex::new(seen));
    let mut tasks = Vec::new();
    for (store, me) in &replicas {
        for _ in 0..TASKS_PER_REPLICA {
            let (store, me, seen) = (store.clone(), me.clone(), seen.clone());
            tasks.push(tokio::spawn(async move {
                let mut idle = 0;
                while seen.lock().unwrap().finished < total {
                    let claimed = store.claim_updates(&me, at(), 3).await.unwrap();
                    if claimed.is_empty() {
                        idle += 1;
                        assert!(idle < 20_000, "stuck");
                        tokio::task::yield_now().await;
                        continue;
                    }
                    for update in &claimed {
                        let mut seen = seen.lock().unwrap();
                        assert!(
                            seen.claimed.insert(update.update_id),
                            "update {} claimed twice",
                            update.update_id
                        );
                        assert_eq!(
                            seen.held.insert(update.chat_id, update.update_id),
                            None,
                            "two updates of chat {} under way at once",
                            update.chat_id
                        );
                        assert_eq!(
                            seen.to_do[&update.chat_id].front(),
                            Some(&update.update_id),
                            "chat {} claimed out of order",
                            update.chat_id
                        );
                    }
                    tokio::task::yield_now().await;
                    for update in claimed {
                        {
                            // Marked finished before the database says so: a claim of the
                            // chat's next update can only follow the commit below.
                            let mut seen = seen.lock().unwrap();
                            seen.held.remove(&update.chat_id);
                            seen.to_do.get_mut(&update.chat_id).unwrap().pop_front();
                            seen.finished += 1;
                        }
                        assert!(
                            store
                                .finish_update(update.update_id, &me, "answered", 0, at())
                                .await
                                .unwrap()
                        );
                    }
                }
            }));
        }
    }
    for task in tasks {
        task.await.unwrap();
    }
    let tally = replicas[0].0.inbox_tally().await.unwrap();
    assert_eq!((tally.open, tally.done), (0, total as i64));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_claiming_jobs_at_once_take_each_once() {
    let Some(replicas) = two_replicas().await else {
        return;
    };
    const JOBS: usize = 240;
    for n in 0..JOBS {
        let due = at() - Duration::seconds(i64::try_from(n % 7).unwrap());
        replicas[0]
            .0
            .schedule_job("test", &format!("job:{n}"), "{}", due)
            .await
            .unwrap();
    }
    let claimed = Arc::new(Mutex::new(HashSet::new()));
    let mut tasks = Vec::new();
    for (store, me) in &replicas {
        for _ in 0..TASKS_PER_REPLICA {
            let (store, me, claimed) = (store.clone(), me.clone(), claimed.clone());
            tasks.push(tokio::spawn(async move {
                let mut mine = 0;
                loop {
                    let jobs = store.claim_due_jobs(&me, at(), 4).await.unwrap();
                    if jobs.is_empty() {
                        return mine;
                    }
                    for job in jobs {
                        assert!(
                            claimed.lock().unwrap().insert(job.id),
                            "job {} claimed twice",
                            job.id
                        );
                        mine += 1;
                        tokio::task::yield_now().await;
                        store
                            .finish_job(job.id, &me, "done", 0, at())
                            .await
                            .unwrap();
                    }
                }
            }));
        }
    }
    let mut by_task = Vec::new();
    for task in tasks {
        by_task.push(task.await.unwrap());
    }
    assert_eq!(claimed.lock().unwrap().len(), JOBS, "every job once");
    assert_eq!(by_task.iter().sum::<usize>(), JOBS);
    assert_eq!(replicas[1].0.next_job_due().await.unwrap(), None);
}

#[tokio::test]
async fn replicas_share_a_broadcast_and_a_lapsed_senders_copy_becomes_unconfirmed() {
    use fellowship_bot::broadcast::{BroadcastAudience, BroadcastContent, DeliveryStatus};
    use fellowship_bot::store::Recipient;
    let Some([(one, dead), (two, alive)]) = two_replicas().await else {
        return;
    };
    let now = at();
    let content = BroadcastContent::Copy {
        chat_id: 42,
        message_id: 7,
    };
    let id = one.create_broadcast(42, &content, now).await.unwrap();
    one.set_broadcast_audience(id, &BroadcastAudience::AllFellows, false)
        .await
        .unwrap();
    one.schedule_broadcast(id, now, None).await.unwrap();
    let recipients: Vec<Recipient> = (1..=10)
        .map(|n| Recipient {
            chat_id: 700 + n,
            thread_id: None,
            reachable: true,
        })
        .collect();
    assert!(one.start_broadcast(id, &recipients, now).await.unwrap());

    // Each replica claims a page before waiting for turns: they get different copies.
    let first = one
        .claim_pending_deliveries(id, &dead, now, 6)
        .await
        .unwrap();
    let second = two
        .claim_pending_deliveries(id, &alive, now, 6)
        .await
        .unwrap();
    assert_eq!(first.len(), 6);
    assert_eq!(second.len(), 4, "the rest");
    let theirs: HashSet<i64> = first.iter().map(|d| d.chat_id).collect();
    assert!(second.iter().all(|d| !theirs.contains(&d.chat_id)));
    let taken = first[0].chat_id;
    assert!(
        !two.mark_delivery_in_flight(id, taken, &alive, now)
            .await
            .unwrap(),
        "a copy another sender holds is not sent by this one"
    );

    // The first replica hands one copy to the Bot API and dies.
    assert!(
        one.mark_delivery_in_flight(id, taken, &dead, now)
            .await
            .unwrap()
    );
    assert_eq!(
        two.settle_stale_deliveries(id, &alive, now).await.unwrap(),
        0,
        "its lease still holds"
    );
    let later = now + fellowship_bot::store::CLAIM_LEASE + Duration::seconds(1);
    assert_eq!(
        two.settle_stale_deliveries(id, &alive, later)
            .await
            .unwrap(),
        1,
        "once the lease lapsed, with no restart"
    );
    let tally = two.delivery_tally(id).await.unwrap();
    assert_eq!(tally.count(DeliveryStatus::Unconfirmed), 1);
    // Its other copies are free again once its lease lapsed; the one in flight is never sent.
    let rest = two
        .claim_pending_deliveries(id, &alive, later, 20)
        .await
        .unwrap();
    assert_eq!(rest.len(), 9, "the dead one's five and our own four");
    assert!(rest.iter().all(|d| d.chat_id != taken));
    assert!(
        !two.mark_delivery_in_flight(id, taken, &alive, later)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn a_lapsed_replicas_reply_in_flight_is_unconfirmed_not_sent_again() {
    let Some([(one, dead), (two, alive)]) = two_replicas().await else {
        return;
    };
    let now = at();
    let update = NewUpdate {
        update_id: 1,
        chat_id: 9,
        body: "{}".into(),
    };
    one.store_updates(&[update], now).await.unwrap();
    let job = "job:1";
    one.schedule_job("test", job, "{}", now).await.unwrap();
    assert_eq!(one.claim_updates(&dead, now, 5).await.unwrap().len(), 1);
    let job_id = one.claim_due_jobs(&dead, now, 5).await.unwrap()[0].id;
    // Each has its first reply handed to the Bot API when the replica dies.
    assert!(
        one.save_update_replies(1, &dead, "[1,2]", true)
            .await
            .unwrap()
    );
    assert!(
        one.start_job_send(job_id, &dead, "[1,2]", now + Duration::hours(1))
            .await
            .unwrap()
    );
    assert!(
        two.claim_due_jobs(&alive, now, 5).await.unwrap().is_empty(),
        "held"
    );
    assert!(
        two.claim_updates(&alive, now, 5).await.unwrap().is_empty(),
        "held"
    );
    let later = now + fellowship_bot::store::CLAIM_LEASE + Duration::seconds(1);
    let taken = two.claim_updates(&alive, later, 5).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(
        (taken[0].next_reply, taken[0].unconfirmed),
        (1, 1),
        "the reply in flight is skipped"
    );
    let jobs = two.claim_due_jobs(&alive, later, 5).await.unwrap();
    assert_eq!(jobs.len(), 1, "a lapsed job is taken up again");
    assert_eq!(
        (jobs[0].next_reply, jobs[0].unconfirmed),
        (1, 1),
        "its reply in flight is skipped"
    );
}
