//! Throughput of webhook replicas against long polling, in one run on one PostgreSQL server: the
//! release binary answers the same burst of private messages (one each from many people, so no
//! chat's one-a-second limit binds) three ways: one process polling, one replica in webhook mode,
//! and two replicas sharing the database. Sending is allowed up to 1,000 a second
//! (`SENDS_PER_SECOND`, as for a bot with Telegram's paid broadcasts), so the bot, not the
//! 30-a-second limit, sets the pace. Reports updates a second, the ratio to polling, and CPU per
//! update (all the bot's processes together).
//!
//! cargo bench --bench replicas                      3,000 updates each way (about a minute
//!                                                   after the release build)
//! REPLICAS_UPDATES=10000 cargo bench --bench replicas
//! BENCH_DATABASE_URL=postgres://… (default postgres://postgres@127.0.0.1:5432/postgres): the
//! server where each run gets a fresh database.

// Test and benchmark code may stop at the first surprise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../tests/support/fake_bot_api.rs"]
mod fake_bot_api;
#[path = "support/measure.rs"]
mod measure;
#[path = "support/release.rs"]
mod release;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_bot_api::FakeBotApi;
use serde_json::{Value, json};
use sqlx::Connection;

const QUESTIONS: [&str; 4] = [
    "How do I get a Blue Light Card?",
    "How do I book annual leave?",
    "Do I need my own indemnity cover?",
    "What is the weather like on Mars?",
];
const FIRST_USER: i64 = 6_000_000;
const SECRET: &str = "bench-secret-0123456789abcdef0123456789";
/// Posts in flight at once to the replicas, as Telegram's `max_connections`.
const POSTS_AT_ONCE: usize = 40;
/// How long with no new answer before a run counts as finished or stalled.
const QUIET: Duration = Duration::from_secs(3);
const STALLED: Duration = Duration::from_secs(20);

#[derive(Clone, Copy)]
enum Way {
    Polling,
    Webhook { replicas: usize },
}

impl Way {
    fn name(self) -> String {
        match self {
            Self::Polling => "long polling, 1 process".into(),
            Self::Webhook { replicas: 1 } => "webhook, 1 replica".into(),
            Self::Webhook { replicas } => format!("webhook, {replicas} replicas"),
        }
    }
}

struct Figures {
    per_second: f64,
    cpu_per_update: Duration,
    answered: usize,
}

#[tokio::main]
async fn main() {
    let bot = release::build(&[["--bin", "fellowship-bot"]]).remove(0);
    let updates: usize = std::env::var("REPLICAS_UPDATES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3_000);
    let mut rows = Vec::new();
    for way in [
        Way::Polling,
        Way::Webhook { replicas: 1 },
        Way::Webhook { replicas: 2 },
    ] {
        eprintln!("running {} ...", way.name());
        rows.push((way, run(way, &bot, updates).await));
    }
    let polling = rows[0].1.per_second;
    println!(
        "\n{updates} private messages, one from each person, sends allowed up to 1,000 a second:"
    );
    println!(
        "{:<26} {:>12} {:>12} {:>14} {:>10}",
        "", "updates/s", "× polling", "CPU/update", "answered"
    );
    for (way, f) in &rows {
        println!(
            "{:<26} {:>12.0} {:>12.2} {:>11.3} ms {:>10}",
            way.name(),
            f.per_second,
            f.per_second / polling,
            f.cpu_per_update.as_secs_f64() * 1000.0,
            format!("{}/{updates}", f.answered)
        );
    }
    println!(
        "updates/s: from the first update queued (polling) or posted (webhook) to the last answer. \
         CPU: utime+stime of every bot process over the burst, divided by the updates. The \
         database server, the Bot API stand-in and this benchmark share the machine's cores."
    );
}

async fn fresh_database() -> String {
    let server = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .expect("PostgreSQL answers at BENCH_DATABASE_URL");
    let name = format!("fb_bench_{}_{}", std::process::id(), rand_digits());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("a bench database");
    let (base, _) = server.rsplit_once('/').expect("a URL ending in /database");
    format!("{base}/{name}")
}

fn rand_digits() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos()
        % 1_000_000_000
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn command(bot: &Path, api: &FakeBotApi, database_url: &str, dir: &Path, n: usize) -> Command {
    let mut command = Command::new(bot);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "TELOXIDE_TOKEN",
            "123456:LOAD-token-abcdefghijklmnopqrstuvwxyz",
        )
        .env("TELOXIDE_API_URL", &api.url)
        .env("DATABASE_URL", database_url)
        .env("SENDS_PER_SECOND", "1000")
        .env(
            "CONTENT_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        )
        .env("RUST_LOG", "warn")
        .current_dir(dir)
        .arg("run")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join(format!("stderr-{n}.log"))).expect("a log"));
    command
}

/// Starts the bot `way`'s way; the processes and the ports their webhooks listen on.
async fn start(
    way: Way,
    bot: &Path,
    api: &FakeBotApi,
    database_url: &str,
    dir: &Path,
) -> (Vec<Child>, Vec<u16>) {
    let (mut children, mut ports) = (Vec::new(), Vec::new());
    match way {
        Way::Polling => {
            let child = command(bot, api, database_url, dir, 0)
                .env("WEB_ADDR", "")
                .spawn()
                .expect("the bot starts");
            children.push(child);
        }
        Way::Webhook { replicas } => {
            for n in 0..replicas {
                let port = free_port();
                let child = command(bot, api, database_url, dir, n)
                    .env("RUN_MODE", "webhook")
                    .env("WEBHOOK_URL", "https://bot.example.org/telegram")
                    .env("WEBHOOK_SECRET", SECRET)
                    .env("WEB_ADDR", format!("127.0.0.1:{port}"))
                    .spawn()
                    .expect("a replica starts");
                children.push(child);
                ports.push(port);
            }
        }
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while api.successes("setMyCommands") < children.len()
        || (matches!(way, Way::Polling) && api.polls() == 0)
    {
        for child in &mut children {
            if let Ok(Some(status)) = child.try_wait() {
                let logs = std::fs::read_to_string(dir.join("stderr-0.log")).unwrap_or_default();
                panic!("{} exited at start-up ({status}):\n{logs}", way.name());
            }
        }
        assert!(Instant::now() < deadline, "{} did not start", way.name());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (children, ports)
}

fn update(update_id: i64, chat: i64, text: &str) -> Value {
    let person = json!({"id": chat, "is_bot": false, "first_name": "Fellow"});
    json!({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0,
        "chat": {"id": chat, "type": "private", "first_name": "Fellow"},
        "from": person, "text": text}})
}

async fn run(way: Way, bot: &Path, updates: usize) -> Figures {
    let api = FakeBotApi::start().await;
    let database_url = fresh_database().await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (mut children, ports) = start(way, bot, &api, &database_url, dir.path()).await;
    // Start-up work (migrations, the knowledge base, the safety model) is over.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pids: Vec<String> = children.iter().map(|c| c.id().to_string()).collect();
    let cpu_before: f64 = pids.iter().map(|p| measure::cpu_seconds(p)).sum();

    let started = Instant::now();
    match way {
        Way::Polling => {
            for n in 0..updates {
                let user = fake_bot_api::TestUser::new(FIRST_USER + n as i64, "Fellow");
                api.user_writes(&user.private_chat(), &user, QUESTIONS[n % QUESTIONS.len()]);
            }
        }
        Way::Webhook { .. } => post_all(&ports, updates).await,
    }
    wait_for_answers(&api, updates).await;
    let last = api
        .calls("sendMessage")
        .iter()
        .filter(|c| c.ok)
        .map(|c| c.at)
        .max()
        .unwrap_or(started);
    let cpu_after: f64 = pids.iter().map(|p| measure::cpu_seconds(p)).sum();
    for child in &mut children {
        child.kill().expect("the process stops");
        child.wait().expect("the process is reaped");
    }
    let answered = api.successes("sendMessage").min(updates);
    Figures {
        per_second: answered as f64 / last.saturating_duration_since(started).as_secs_f64(),
        cpu_per_update: Duration::from_secs_f64((cpu_after - cpu_before).max(0.0) / updates as f64),
        answered,
    }
}

/// Posts every update once, `POSTS_AT_ONCE` at a time, to the replicas in turn.
async fn post_all(ports: &[u16], updates: usize) {
    let client = reqwest::Client::new();
    let gate = Arc::new(tokio::sync::Semaphore::new(POSTS_AT_ONCE));
    let mut posts = tokio::task::JoinSet::new();
    for n in 0..updates {
        let permit = gate.clone().acquire_owned().await.expect("the gate");
        let port = ports[n % ports.len()];
        let body = update(
            n as i64 + 1,
            FIRST_USER + n as i64,
            QUESTIONS[n % QUESTIONS.len()],
        );
        let client = client.clone();
        posts.spawn(async move {
            let answer = client
                .post(format!("http://127.0.0.1:{port}/telegram"))
                .header("X-Telegram-Bot-Api-Secret-Token", SECRET)
                .json(&body)
                .send()
                .await
                .expect("the replica answers");
            assert!(answer.status().is_success(), "{}", answer.status());
            drop(permit);
        });
    }
    while let Some(done) = posts.join_next().await {
        done.expect("a post");
    }
}

/// Waits until `updates` answers arrived and no more came for a while.
async fn wait_for_answers(api: &FakeBotApi, updates: usize) {
    let (mut seen, mut since) = (0, Instant::now());
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = api.successes("sendMessage");
        if now != seen {
            (seen, since) = (now, Instant::now());
        }
        if (seen >= updates && since.elapsed() >= QUIET) || since.elapsed() >= STALLED {
            return;
        }
    }
}
