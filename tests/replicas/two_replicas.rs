//! Two replicas of the real binary in webhook mode on one PostgreSQL database, as `compose.yaml`
//! runs them: 2,000 updates from 300 chats posted to both alternately (some twice, as Telegram
//! retries), one replica killed with SIGKILL half-way and started again. Every update is answered
//! once and in its chat's order, reminders and a broadcast go out once each, and a fake Bot API
//! enforcing Telegram's limits never answers 429.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fellowship_bot::broadcast::{BroadcastAudience, BroadcastContent};
use fellowship_bot::store::Store;
use serde_json::{Value, json};
use tokio::sync::{Mutex, Semaphore};

use crate::support::fake_bot_api::Limits;
use crate::support::{
    FakeBotApi, a_session, add_session_with, content_dir, fresh_postgres, register_fellow,
    schedule_reminder,
};

const SECRET: &str = "replicas-test-secret-0123456789abcdef";
const CHATS: i64 = 300;
const UPDATES: i64 = 2_000;
const FIRST_CHAT: i64 = 7_000_001;
/// The first chats are registered fellows, who get the broadcast; the rest only ask.
const FELLOWS: i64 = 100;
/// Fellows who get a session reminder while the updates are answered.
const REMINDED: i64 = 60;
const BROADCAST: &str = "Replica check: the SIM suite moves to level 2 from Monday.";
const SESSION: &str = "Replica SIM day";
/// What the fellows ask, each answered by a different article (told apart by its first line).
const QUESTIONS: [(&str, &str); 7] = [
    (
        "How do I get a Blue Light Card?",
        "Blue Light Card and NHS staff discounts",
    ),
    (
        "How do I book annual leave?",
        "Annual leave, bank holidays and lieu days",
    ),
    (
        "Do I need my own indemnity cover?",
        "Medical indemnity and defence organisations (MDU, MPS, MDDUS)",
    ),
    (
        "How do I register with a GP?",
        "Registering with a GP and getting medical help",
    ),
    ("Where can I park?", "Staff parking at the hospitals"),
    (
        "How do I open a bank account?",
        "Bank account, eVisa share codes and National Insurance",
    ),
    ("What is the weather like on Mars?", "none of the programme"),
];

/// One replica process, listening on its own port; killed when dropped (a failed test too).
struct Replica {
    child: Child,
    port: u16,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts a replica of the real binary and waits until its web server answers.
async fn start_replica(api: &FakeBotApi, database_url: &str, log: &Path) -> Replica {
    let port = free_port();
    let log_file = std::fs::File::create(log).expect("a log file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fellowship-bot"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONTENT_DIR", content_dir())
        .env("RUST_LOG", "warn")
        .env(
            "TELOXIDE_TOKEN",
            "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
        )
        .env("TELOXIDE_API_URL", &api.url)
        .env("DATABASE_URL", database_url)
        .env("RUN_MODE", "webhook")
        .env("WEBHOOK_URL", "https://bot.example.org/telegram")
        .env("WEBHOOK_SECRET", SECRET)
        .env("WEB_ADDR", format!("127.0.0.1:{port}"))
        .arg("run")
        .stdout(Stdio::null())
        .stderr(log_file)
        .spawn()
        .expect("the bot starts");
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let answer = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await;
        if answer.is_ok_and(|a| a.status().is_success()) {
            return Replica { child, port };
        }
        if Instant::now() > deadline || child.try_wait().is_ok_and(|s| s.is_some()) {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "a replica did not start: {}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A private message from chat `chat`, as Telegram posts it.
fn update(update_id: i64, chat: i64, text: &str) -> Value {
    let person = json!({"id": chat, "is_bot": false, "first_name": format!("Fellow {chat}")});
    json!({"update_id": update_id, "message": {
        "message_id": update_id, "date": chrono::Utc::now().timestamp(),
        "chat": {"id": chat, "type": "private", "first_name": format!("Fellow {chat}")},
        "from": person, "text": text}})
}

/// Which question chat number `n` asks in its `round`th message: each chat asks each at most once.
fn question(n: i64, round: i64) -> usize {
    ((n + round) % QUESTIONS.len() as i64) as usize
}

/// Posts `body` to a replica with the secret; the status, or None when nothing listens.
async fn post(client: &reqwest::Client, port: u16, body: &Value) -> Option<u16> {
    client
        .post(format!("http://127.0.0.1:{port}/telegram"))
        .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
        .json(body)
        .send()
        .await
        .ok()
        .map(|a| a.status().as_u16())
}

/// Telegram's side: posts each update until a replica takes it (the next one when one is
/// down), alternating between them; every 15th update is posted again to the other replica.
async fn deliver(
    client: &reqwest::Client,
    ports: &Mutex<[u16; 2]>,
    body: &Value,
    update_id: i64,
) -> usize {
    let mut taken = 0;
    let first = (update_id % 2) as usize;
    let copies = if update_id % 15 == 0 { 2 } else { 1 };
    for copy in 0..copies {
        let mut attempt = 0;
        loop {
            let port = ports.lock().await[(first + copy + attempt) % 2];
            if post(client, port, body).await == Some(200) {
                taken += 1;
                break;
            }
            attempt += 1;
            assert!(attempt < 200, "no replica took update {update_id}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    taken
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_answer_every_update_once_in_order_through_a_kill() {
    let _serial = crate::serial().await;
    let Some(database_url) = fresh_postgres().await else {
        return;
    };
    let started = Instant::now();
    let store = Store::open(&database_url).await.expect("the database");
    let fellows: Vec<i64> = (0..FELLOWS).map(|n| FIRST_CHAT + n).collect();
    for &id in &fellows {
        register_fellow(&store, id, "RWT").await;
    }
    let now = chrono::Utc::now();
    let session = a_session(
        "SIM",
        SESSION,
        now + chrono::Duration::days(3),
        chrono::Duration::hours(2),
    );
    let reminded = &fellows[..REMINDED as usize];
    let session_id = add_session_with(&store, session, reminded.iter().copied()).await;
    for (n, &id) in reminded.iter().enumerate() {
        let due = now + chrono::Duration::seconds(5 + n as i64 / 2);
        schedule_reminder(&store, session_id, id, &format!("replicas:{id}"), due).await;
    }
    let broadcast = store
        .create_broadcast(
            crate::support::ADMIN_ID,
            &BroadcastContent::Text {
                html: BROADCAST.into(),
            },
            now,
        )
        .await
        .unwrap();
    store
        .set_broadcast_audience(broadcast, &BroadcastAudience::AllFellows, false)
        .await
        .unwrap();
    store
        .schedule_broadcast(broadcast, now + chrono::Duration::seconds(20), None)
        .await
        .unwrap();

    let api = FakeBotApi::start().await;
    api.enforce_limits(Limits::default());
    let logs = tempfile::tempdir().unwrap();
    let log = |name: &str| logs.path().join(name);
    let one = start_replica(&api, &database_url, &log("one.log")).await;
    let two = start_replica(&api, &database_url, &log("two.log")).await;
    let ports = Arc::new(Mutex::new([one.port, two.port]));
    let two = Arc::new(Mutex::new(Some(two)));

    // Each chat's updates go in order (the next once the last is taken), many chats at once.
    let client = reqwest::Client::new();
    let posted = Arc::new(AtomicUsize::new(0));
    let at_once = Arc::new(Semaphore::new(24));
    let mut chats = tokio::task::JoinSet::new();
    for n in 0..CHATS {
        let (client, ports, posted, at_once) = (
            client.clone(),
            ports.clone(),
            posted.clone(),
            at_once.clone(),
        );
        chats.spawn(async move {
            let mut taken = 0;
            for (round, update_id) in (1..=UPDATES).filter(|u| u % CHATS == n).enumerate() {
                let text = QUESTIONS[question(n, round as i64)].0;
                let body = update(update_id, FIRST_CHAT + n, text);
                let _turn = at_once.acquire().await.unwrap();
                taken += deliver(&client, &ports, &body, update_id).await;
                posted.fetch_add(1, Ordering::SeqCst);
            }
            taken
        });
    }
    // Half-way, replica two dies without warning and comes back on another port a little later.
    while posted.load(Ordering::SeqCst) < (UPDATES / 2) as usize {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!(
        "killing replica two at {}",
        chrono::Utc::now().format("%H:%M:%S%.3f")
    );
    let mut killed = two.lock().await.take().unwrap();
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    let killed_at = posted.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let two_again = start_replica(&api, &database_url, &log("two-again.log")).await;
    ports.lock().await[1] = two_again.port;
    eprintln!(
        "replica two back at {}",
        chrono::Utc::now().format("%H:%M:%S%.3f")
    );
    let mut posts = 0;
    while let Some(taken) = chats.join_next().await {
        posts += taken.unwrap();
    }
    assert_eq!(posts, UPDATES as usize + (UPDATES / 15) as usize);

    // Everything that should arrive: an answer per update, the reminders, the broadcast.
    let expected = UPDATES as usize + REMINDED as usize + FELLOWS as usize;
    api.wait_until(Duration::from_secs(240), |calls| {
        calls
            .iter()
            .filter(|c| c.ok && c.method == "sendmessage")
            .count()
            >= expected
    })
    .await;
    // A little longer, for anything sent twice to show.
    tokio::time::sleep(Duration::from_secs(3)).await;

    let tally = store.inbox_tally().await.unwrap();
    let jobs_unconfirmed: i64 = store
        .job_outcomes()
        .await
        .unwrap()
        .iter()
        .map(|(_, _, unconfirmed)| unconfirmed)
        .sum();
    let copies_unconfirmed = store
        .delivery_tally(broadcast)
        .await
        .unwrap()
        .count(fellowship_bot::broadcast::DeliveryStatus::Unconfirmed);
    let sent = api.sent();
    let mut by_chat: HashMap<i64, Vec<String>> = HashMap::new();
    for message in &sent {
        by_chat
            .entry(message.chat_id)
            .or_default()
            .push(message.text.clone());
    }
    let (mut missing_answers, mut missing_reminders, mut missing_copies) = (0, 0, 0);
    for n in 0..CHATS {
        let chat = FIRST_CHAT + n;
        let texts = by_chat.get(&chat).cloned().unwrap_or_default();
        let mut seen = HashSet::new();
        for text in &texts {
            assert!(seen.insert(text), "chat {chat} got a message twice: {text}");
        }
        let asked: Vec<&str> = (1..=UPDATES)
            .filter(|u| u % CHATS == n)
            .enumerate()
            .map(|(round, _)| QUESTIONS[question(n, round as i64)].1)
            .collect();
        let answered: Vec<&str> = texts
            .iter()
            .filter_map(|t| {
                let first_line = t.lines().next().unwrap_or_default();
                QUESTIONS
                    .iter()
                    .find(|(_, first)| first_line.contains(first))
            })
            .map(|(_, first)| *first)
            .collect();
        // In the order asked; one may be missing only where a reply was in flight at the kill.
        let mut rest = answered.iter();
        for wanted in &asked {
            if rest.clone().next() == Some(wanted) {
                rest.next();
            } else {
                missing_answers += 1;
            }
        }
        assert!(
            rest.next().is_none(),
            "chat {chat}: answers {answered:?} out of the order asked {asked:?}"
        );
        let copies = texts
            .iter()
            .filter(|t| t.contains("SIM suite moves"))
            .count();
        let reminders = texts.iter().filter(|t| t.contains(SESSION)).count();
        assert!(
            copies <= usize::from(n < FELLOWS) && reminders <= usize::from(n < REMINDED),
            "chat {chat}: {copies} copies and {reminders} reminders"
        );
        missing_copies += usize::from(n < FELLOWS) - copies;
        missing_reminders += usize::from(n < REMINDED) - reminders;
    }
    let refusals = api.limit_refusals();
    eprintln!(
        "two replicas: {UPDATES} updates posted (killed at {killed_at}), {} sends, {refusals} × 429, \
         {:.1} s; missing: {missing_answers} answers ({} unconfirmed), {missing_reminders} reminders \
         ({jobs_unconfirmed} unconfirmed), {missing_copies} broadcast copies ({copies_unconfirmed} unconfirmed)",
        sent.len(),
        started.elapsed().as_secs_f64(),
        tally.unconfirmed,
    );
    // Exactly once, but for what was in flight at the kill: its fate is unknown, so it is
    // counted unconfirmed and never sent again (at most once).
    assert!(
        missing_answers as i64 <= tally.unconfirmed
            && missing_reminders as i64 <= jobs_unconfirmed
            && missing_copies as i64 <= copies_unconfirmed,
        "only what was in flight at the kill may be missing"
    );
    assert!(
        tally.unconfirmed + jobs_unconfirmed + copies_unconfirmed <= 4,
        "a kill leaves a few messages at most in flight"
    );
    assert_eq!(tally.open, 0, "every update finished");
    assert_eq!(
        refusals,
        0,
        "the replicas together kept within Telegram's limits: {:?}",
        api.limit_refusal_log()
    );

    drop((one, two_again));
}
