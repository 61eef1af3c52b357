//! The one send policy, seen from outside. A send whose fate is unknown (Telegram delivered it,
//! then hung or garbled its answer) is never repeated: an answer, a reminder. A send that
//! failed before Telegram acted is repeated for as long as it is useful: through a two-minute
//! outage while 1,000 reminders fall due (fake clock, SQLite and PostgreSQL), and through more
//! refusals in a row than the old four attempts allowed.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration as Wait;

use crate::support::fake_bot_api::Call;
use crate::support::{ADMIN_ID, Failure, FakeBotApi, TestBot, TestDb, TestUser, settings_for};
use chrono::{DateTime, Duration, TimeZone, Utc};
use fellowship_bot::chat::{Outbox, Reply, SendOutcome};
use fellowship_bot::clock::{Clock, FakeClock};
use fellowship_bot::config::Settings;
use fellowship_bot::store::Store;

/// Settings whose Bot API calls time out after 2 s, so a hang is noticed quickly.
fn impatient(api: &FakeBotApi, database_url: &str) -> Settings {
    let mut settings = settings_for(api, database_url);
    settings.api_timeout = Wait::from_secs(2);
    settings
}

/// How many sendMessage calls to `chat_id` carried `needle`, delivered or not.
fn texts_in(calls: &[Call], chat_id: i64, needle: &str) -> usize {
    calls
        .iter()
        .filter(|c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(chat_id))
        .filter(|c| c.body["text"].as_str().unwrap_or_default().contains(needle))
        .count()
}

fn texts_to(api: &FakeBotApi, chat_id: i64, needle: &str) -> usize {
    texts_in(&api.calls("sendMessage"), chat_id, needle)
}

#[tokio::test]
async fn an_answer_telegram_delivered_before_hanging_or_garbling_its_reply_arrives_once() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(impatient(&api, &db.url)).await;
    let (amina, ben) = (TestUser::new(1001, "Amina"), TestUser::new(1002, "Ben"));
    api.fail_next_in(
        amina.id,
        "sendMessage",
        1,
        Failure::AnswersLate(Wait::from_secs(30)),
    );
    api.fail_next_in(ben.id, "sendMessage", 1, Failure::Malformed);

    for person in [&amina, &ben] {
        api.user_writes(&person.private_chat(), person, "/privacy");
        api.user_writes(&person.private_chat(), person, "/frobnicate");
    }
    let both_answered = api
        .wait_until(Wait::from_secs(20), |calls| {
            [&amina, &ben]
                .iter()
                .all(|p| texts_in(calls, p.id, "don't know that command") == 1)
        })
        .await;
    bot.stop().await;

    assert!(both_answered, "the next message in each chat is answered");
    for person in [&amina, &ben] {
        assert_eq!(
            texts_to(&api, person.id, "What I store"),
            1,
            "{} got the answer once: it was not sent again",
            person.first_name
        );
    }
    let store = Store::open(&db.url).await.unwrap();
    let inbox = store.inbox_tally().await.unwrap();
    assert_eq!(
        (inbox.open, inbox.unconfirmed),
        (0, 2),
        "both are recorded as not confirmed"
    );
}

#[tokio::test]
async fn a_reminder_telegram_delivered_before_hanging_is_recorded_unconfirmed_not_repeated() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let start = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    let store = Store::open(&db.url).await.unwrap();
    crate::support::register_fellow(&store, 5001, "RWT").await;
    let session = crate::support::a_session("sim", "Acute SIM", start, Duration::hours(1));
    let id = crate::support::add_session_with(&store, session, [5001]).await;
    crate::support::schedule_reminder(&store, id, 5001, "hang", start - Duration::hours(1)).await;
    api.fail_next("sendMessage", 1, Failure::AnswersLate(Wait::from_secs(30)));

    let clock = FakeClock::at(start - Duration::minutes(59));
    let bot = TestBot::start_with_clock(impatient(&api, &db.url), Arc::new(clock.clone())).await;
    let mut recorded = false;
    for _ in 0..100 {
        let outcomes = store.job_outcomes().await.unwrap();
        if outcomes.contains(&("unconfirmed".to_owned(), 1, 1)) {
            recorded = true;
            break;
        }
        tokio::time::sleep(Wait::from_millis(100)).await;
    }
    clock.advance(Duration::minutes(30));
    api.user_writes(
        &TestUser::new(5001, "F").private_chat(),
        &TestUser::new(5001, "F"),
        "/privacy",
    );
    api.wait_for_sent(2).await;
    bot.stop().await;

    assert!(recorded, "the reminder is recorded as not confirmed");
    assert_eq!(
        texts_to(&api, 5001, "⏰"),
        1,
        "delivered once, never repeated"
    );
}

#[tokio::test]
async fn an_answer_outlasts_more_refusals_in_a_row_than_the_old_four_attempts() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let amina = TestUser::new(1001, "Amina");
    api.fail_next("sendMessage", 5, Failure::RetryAfter(1));

    api.user_writes(&amina.private_chat(), &amina, "/privacy");
    let sent = api.wait_for_sent(1).await;
    bot.stop().await;

    assert_eq!(api.calls("sendMessage").len(), 6, "five refused, then one");
    assert!(sent[0].text.contains("What I store"));
}

/// A channel that is down until `back_at` on the clock: every send fails as a 502 or a
/// connection that could not be made would, which Telegram never saw. Then it delivers.
struct Outage {
    clock: FakeClock,
    back_at: DateTime<Utc>,
    attempts: AtomicUsize,
    delivered: std::sync::Mutex<HashMap<i64, usize>>,
}

#[async_trait::async_trait]
impl Outbox for Outage {
    async fn attempt(&self, reply: &Reply) -> SendOutcome {
        let attempt = self.attempts.fetch_add(1, Ordering::Relaxed);
        if self.clock.now() < self.back_at {
            let reason = if attempt.is_multiple_of(2) {
                "Bad Gateway"
            } else {
                "could not connect to the Bot API"
            };
            return SendOutcome::Failed {
                reason: reason.into(),
                retry_after: None,
            };
        }
        *self
            .delivered
            .lock()
            .unwrap()
            .entry(reply.chat_id)
            .or_default() += 1;
        SendOutcome::Delivered { message_id: None }
    }
}

const PEOPLE: i64 = 1_000;

async fn every_reminder_arrives_once_after_a_two_minute_outage(database_url: &str) {
    let began = std::time::Instant::now();
    let outage_starts = Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap();
    let session_starts = outage_starts + Duration::hours(1);
    let store = Store::open(database_url).await.unwrap();
    let session = crate::support::a_session(
        "teaching-level-1",
        "Level 1",
        session_starts,
        Duration::hours(1),
    );
    let id = store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    for user in 1..=PEOPLE {
        store.rsvp(id, user, true, Utc::now()).await.unwrap();
        // They fall due one after another during the outage.
        let due = outage_starts + Duration::seconds(user % 120);
        crate::support::schedule_reminder(&store, id, user, &format!("outage:{user}"), due).await;
    }
    let clock = FakeClock::at(outage_starts);
    let settings = Arc::new(Settings::with_database(database_url));
    let assistant = fellowship_bot::app::build_assistant(settings, Arc::new(clock.clone()), "bot")
        .await
        .unwrap();
    let outbox = Outage {
        clock: clock.clone(),
        back_at: outage_starts + Duration::minutes(2),
        attempts: AtomicUsize::new(0),
        delivered: Default::default(),
    };

    let mut rounds = 0;
    while let Some(due) = assistant.store().next_job_due().await.unwrap() {
        clock.set(due.max(clock.now()));
        fellowship_bot::worker::run_due_jobs(&assistant, &outbox)
            .await
            .unwrap();
        rounds += 1;
        assert!(rounds < 1_000, "the queue empties");
    }

    let delivered = outbox.delivered.lock().unwrap().clone();
    assert_eq!(
        delivered.len(),
        PEOPLE as usize,
        "everyone got their reminder"
    );
    assert!(delivered.values().all(|n| *n == 1), "nobody got two");
    let outcomes = assistant.store().job_outcomes().await.unwrap();
    assert_eq!(outcomes, vec![("delivered".to_owned(), PEOPLE, 0)]);
    let last = clock.now() - (outage_starts + Duration::minutes(2));
    assert!(
        last <= Duration::seconds(61),
        "the last went within a minute of the outage's end, not {last}"
    );
    eprintln!(
        "{PEOPLE} reminders through a 2-minute outage: {} attempts, {rounds} worker rounds, last sent {}s after it ended; {:?} of real time",
        outbox.attempts.load(Ordering::Relaxed),
        last.num_seconds(),
        began.elapsed()
    );
}

#[tokio::test]
async fn every_reminder_arrives_once_after_a_two_minute_outage_on_sqlite() {
    let db = TestDb::sqlite();
    every_reminder_arrives_once_after_a_two_minute_outage(&db.url).await;
}

#[tokio::test]
async fn every_reminder_arrives_once_after_a_two_minute_outage_on_postgres() {
    let Some(url) = crate::support::fresh_postgres().await else {
        eprintln!("TEST_DATABASE_URL is not set: skipping the PostgreSQL run");
        return;
    };
    every_reminder_arrives_once_after_a_two_minute_outage(&url).await;
}
