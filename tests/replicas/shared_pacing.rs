//! The send budget shared by replicas through PostgreSQL (webhook mode): two pacers on two
//! pools, as two replicas, keep together to Telegram's limits as the fake Bot API enforces
//! them (no 429) at nearly the full rate, and a 429 one of them gets holds the other back.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::support::fake_bot_api::Limits;
use crate::support::{Failure, FakeBotApi};
use fellowship_bot::config::SendLimits;
use fellowship_bot::store::Store;
use fellowship_bot::telegram::pacing::SharedPacer;

/// Two replicas' pacers on one fresh database, each with its own pool.
async fn two_pacers() -> Option<(Arc<SharedPacer>, Arc<SharedPacer>, Store)> {
    let url = crate::support::fresh_postgres().await?;
    let one = Store::open(&url).await.unwrap();
    let two = Store::open(&url).await.unwrap();
    Some((
        Arc::new(SharedPacer::new(one.clone(), SendLimits::default())),
        Arc::new(SharedPacer::new(two, SendLimits::default())),
        one,
    ))
}

/// Sends one message as the bot would; the 429's retry_after, if refused for flooding.
async fn send(http: &reqwest::Client, api: &FakeBotApi, chat_id: i64) -> Option<Duration> {
    let response = http
        .post(format!("{}/bot1:test/sendMessage", api.url))
        .header("content-type", "application/json")
        .body(format!(r#"{{"chat_id":{chat_id},"text":"hello"}}"#))
        .send()
        .await
        .unwrap();
    (response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS).then(|| Duration::from_secs(1))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_send_300_messages_to_60_chats_at_the_full_rate_without_a_429() {
    let _serial = crate::serial().await;
    let Some((one, two, _store)) = two_pacers().await else {
        return;
    };
    let api = FakeBotApi::start().await;
    api.enforce_limits(Limits::default());
    let http = reqwest::Client::new();
    const CHATS: i64 = 60;
    let began = Instant::now();
    let mut tasks = Vec::new();
    // Both replicas write to every chat: three messages from one, two from the other.
    for (pacer, each) in [(one.clone(), 3), (two.clone(), 2)] {
        for chat in 1..=CHATS {
            let (pacer, http, api) = (pacer.clone(), http.clone(), api.clone());
            tasks.push(tokio::spawn(async move {
                for _ in 0..each {
                    pacer.wait_turn(10_000 + chat).await;
                    pacer.leaving(10_000 + chat).await;
                    assert_eq!(send(&http, &api, 10_000 + chat).await, None, "a 429");
                }
            }));
        }
    }
    for task in tasks {
        task.await.unwrap();
    }
    let took = began.elapsed();
    assert_eq!(api.limit_refusals(), 0, "no 429");
    assert_eq!(api.successes("sendMessage"), 300);
    eprintln!(
        "shared budget: 300 sends by two replicas in {took:.2?} ({:.1}/s; ideal 10 s at 30/s), 0 x 429, {} slots given up (woken late)",
        300.0 / took.as_secs_f64(),
        one.slots_given_up() + two.slots_given_up()
    );
    // Not a speed target (that is `cargo bench --bench replicas`): only that the two replicas
    // share the budget rather than each waiting for the other's slots too (which would take
    // twice the 10.22 s the pacer's own 1.025 s per 30 allows).
    assert!(
        took < Duration::from_secs(20),
        "300 sends took {took:?}: the replicas are not sharing one budget"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_one_replica_gets_holds_the_other_back() {
    let _serial = crate::serial().await;
    let Some((one, two, _store)) = two_pacers().await else {
        return;
    };
    let api = FakeBotApi::start().await;
    api.enforce_limits(Limits::default());
    let http = reqwest::Client::new();
    // The second replica has two seconds of sends queued.
    let mut queued = Vec::new();
    for chat in 1..=60 {
        let (pacer, http, api) = (two.clone(), http.clone(), api.clone());
        queued.push(tokio::spawn(async move {
            pacer.wait_turn(20_000 + chat).await;
            pacer.leaving(20_000 + chat).await;
            let left = Instant::now();
            assert_eq!(send(&http, &api, 20_000 + chat).await, None);
            left
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The first one's send is refused: Telegram asks for two seconds' quiet. (Its own turn
    // would come after the second one's queue; the refusal is what matters here.)
    api.fail_next_in(999, "sendMessage", 1, Failure::RetryAfter(2));
    let response = http
        .post(format!("{}/bot1:test/sendMessage", api.url))
        .header("content-type", "application/json")
        .body(r#"{"chat_id":999,"text":"hello"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::TOO_MANY_REQUESTS);
    one.freeze(Duration::from_secs(2)).await;
    let frozen = Instant::now();
    let mut left = Vec::new();
    for task in queued {
        left.push(task.await.unwrap());
    }
    // A send that had looked for a freeze just before it came may still go: it looks 10 ms
    // before it gets ready, and gets ready 50 ms before its slot. None later.
    let quiet_from = frozen + Duration::from_millis(80);
    let quiet_until = frozen + Duration::from_millis(1_980);
    let during: Vec<_> = left
        .iter()
        .filter(|at| **at > quiet_from && **at < quiet_until)
        .collect();
    assert!(
        during.is_empty(),
        "{} sends during the freeze",
        during.len()
    );
    assert!(
        left.iter().any(|at| *at >= quiet_until),
        "the rest went after it"
    );
    assert_eq!(api.limit_refusals(), 0);
}

#[tokio::test]
async fn one_reservation_is_one_statement_of_about_a_millisecond() {
    let _serial = crate::serial().await;
    let Some((one, _two, store)) = two_pacers().await else {
        return;
    };
    drop(one);
    const RESERVATIONS: u32 = 300;
    let slot = Duration::from_micros(34_167);
    // Idle: one chat reserving again and again, giving up its slot each time, so nothing is
    // ever taken ahead (after a few to open the connection and plan the statements).
    let mut given_up = None;
    for _ in 0..20 {
        let reservation = store
            .reserve_send_slot(30_000, slot, 30, given_up)
            .await
            .unwrap();
        given_up = Some(reservation.slot);
    }
    let began = Instant::now();
    for _ in 0..RESERVATIONS {
        let reservation = store
            .reserve_send_slot(30_000, slot, 30, given_up)
            .await
            .unwrap();
        given_up = Some(reservation.slot);
    }
    let idle = began.elapsed() / RESERVATIONS;
    // Busy: 300 chats at once, each finding every slot before it taken.
    let began = Instant::now();
    for chat in 1..=i64::from(RESERVATIONS) {
        store
            .reserve_send_slot(30_000 + chat, slot, 30, None)
            .await
            .unwrap();
    }
    let busy = began.elapsed() / RESERVATIONS;
    eprintln!(
        "one reservation: 1 statement; {idle:.2?} with nothing ahead, {busy:.2?} on average while 0 to {RESERVATIONS} are taken ahead"
    );
    assert!(busy < Duration::from_millis(50));
    assert!(store.send_slots_kept().await.unwrap() <= i64::from(RESERVATIONS) + 1);
}
