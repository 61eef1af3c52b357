//! Webhook mode: a replica takes the updates Telegram posts to its web server (with the secret,
//! stored before 200, each once) and never polls; long polling refuses to start while a webhook
//! is set; `fellowship-bot webhook set|info|delete` and a replica through the real binary.

use std::sync::Arc;
use std::time::Duration;

use fellowship_bot::config::{RunMode, Webhook, WebhookSecret};
use fellowship_bot::store::Store;

use crate::support::{FakeBotApi, TestBot, TestDb, TestUser, fresh_postgres, settings_for};

const SECRET: &str = "webhook-secret_0123456789abcdef-0123456789";
const WEBHOOK_URL: &str = "https://bot.example.org/telegram/updates";

/// A port no one listens on now, for the replica's web server.
fn free_address() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address")
}

fn webhook_mode() -> RunMode {
    RunMode::Webhook(Webhook {
        url: WEBHOOK_URL.parse().unwrap(),
        secret: WebhookSecret::parse(SECRET).unwrap(),
    })
}

/// A replica in webhook mode on `database_url`, and the address Telegram would post to (the
/// webhook's path on its web server), once its web server answers.
async fn start_replica(api: &FakeBotApi, database_url: &str) -> (TestBot, String) {
    let mut settings = settings_for(api, database_url);
    let address = free_address();
    settings.web_addr = Some(address);
    settings.run_mode = webhook_mode();
    let bot = TestBot::start(settings).await;
    let client = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let up = client
            .get(format!("http://{address}/healthz"))
            .send()
            .await
            .is_ok_and(|answer| answer.status().is_success());
        if up {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the replica's web server never answered"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (bot, format!("http://{address}/telegram/updates"))
}

/// Posts `body` as Telegram would, with `secret` in its header if given; the status.
async fn post(endpoint: &str, secret: Option<&str>, body: impl Into<reqwest::Body>) -> u16 {
    let mut request = reqwest::Client::new()
        .post(endpoint)
        .header("content-type", "application/json")
        .body(body);
    if let Some(secret) = secret {
        request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    request
        .send()
        .await
        .expect("the endpoint answers")
        .status()
        .as_u16()
}

/// Waits until the inbox has `done` updates handled and none open.
async fn wait_until_settled(store: &Store, done: i64) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let tally = store.inbox_tally().await.unwrap();
        if tally.done == done && tally.open == 0 {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the inbox never settled: {tally:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn no_polling_or_webhook_calls(api: &FakeBotApi) {
    assert_eq!(api.polls(), 0, "a replica never calls getUpdates");
    for method in ["setWebhook", "deleteWebhook", "getWebhookInfo"] {
        assert!(
            api.calls(method).is_empty(),
            "a replica never calls {method}"
        );
    }
}

#[tokio::test]
async fn a_replica_answers_an_update_posted_with_the_secret_and_never_polls() {
    let Some(database) = fresh_postgres().await else {
        return;
    };
    let api = FakeBotApi::start().await;
    let (bot, endpoint) = start_replica(&api, &database).await;
    let amina = TestUser::new(7_340_118_301, "Amina");
    api.user_writes(&amina.private_chat(), &amina, "/privacy");
    let updates = api.take_updates();
    assert_eq!(updates.len(), 1);

    assert_eq!(
        post(&endpoint, Some(SECRET), updates[0].to_string()).await,
        200
    );
    let sent = api.wait_for_sent(1).await;
    assert_eq!(sent[0].chat_id, amina.id);

    let store = Store::open(&database).await.unwrap();
    wait_until_settled(&store, 1).await;
    no_polling_or_webhook_calls(&api);
    bot.stop().await;
    store.close().await;
}

#[tokio::test]
async fn the_same_update_posted_twice_is_answered_once() {
    let Some(database) = fresh_postgres().await else {
        return;
    };
    let api = FakeBotApi::start().await;
    let (bot, endpoint) = start_replica(&api, &database).await;
    let store = Store::open(&database).await.unwrap();
    let amina = TestUser::new(7_340_118_302, "Amina");
    api.user_writes(&amina.private_chat(), &amina, "/privacy");
    let update = api.take_updates().remove(0).to_string();

    // Telegram posts again what it got no 200 for: at once, and after it was answered.
    assert_eq!(post(&endpoint, Some(SECRET), update.clone()).await, 200);
    assert_eq!(post(&endpoint, Some(SECRET), update.clone()).await, 200);
    wait_until_settled(&store, 1).await;
    assert_eq!(post(&endpoint, Some(SECRET), update).await, 200);
    tokio::time::sleep(Duration::from_millis(500)).await;

    wait_until_settled(&store, 1).await;
    assert_eq!(api.sent().len(), 1, "answered once: {:#?}", api.sent());
    bot.stop().await;
    store.close().await;
}

#[tokio::test]
async fn the_endpoint_refuses_posts_without_the_secret_and_bodies_that_are_not_updates() {
    let Some(database) = fresh_postgres().await else {
        return;
    };
    let api = FakeBotApi::start().await;
    let (bot, endpoint) = start_replica(&api, &database).await;
    let amina = TestUser::new(7_340_118_303, "Amina");
    api.user_writes(&amina.private_chat(), &amina, "/privacy");
    let update = api.take_updates().remove(0).to_string();

    assert_eq!(
        post(&endpoint, None, update.clone()).await,
        401,
        "no secret"
    );
    let wrong = SECRET.replace('0', "1");
    assert_eq!(
        post(&endpoint, Some(&wrong), update.clone()).await,
        401,
        "a wrong secret"
    );
    assert_eq!(post(&endpoint, Some(SECRET), "not json").await, 400);
    assert_eq!(post(&endpoint, Some(SECRET), "{\"message\":{}}").await, 400);
    let huge = format!(
        "{{\"update_id\": 1, \"padding\": \"{}\"}}",
        "x".repeat(2 << 20)
    );
    assert_eq!(post(&endpoint, Some(SECRET), huge).await, 413);

    let store = Store::open(&database).await.unwrap();
    let tally = store.inbox_tally().await.unwrap();
    assert_eq!((tally.open, tally.done), (0, 0), "nothing was stored");
    assert!(api.sent().is_empty());
    bot.stop().await;
    store.close().await;
}

#[tokio::test]
async fn polling_refuses_to_start_while_a_webhook_is_set() {
    let api = FakeBotApi::start().await;
    api.set_webhook(WEBHOOK_URL, SECRET);
    let db = TestDb::sqlite();
    let settings = settings_for(&api, &db.url);
    let run = fellowship_bot::app::run_telegram(
        settings,
        Arc::new(fellowship_bot::clock::SystemClock),
        tokio_util::sync::CancellationToken::new(),
    );
    let error = tokio::time::timeout(Duration::from_secs(20), run)
        .await
        .expect("it stops at once")
        .expect_err("polling does not start")
        .to_string();
    assert!(error.contains("fellowship-bot webhook delete"), "{error}");
    assert!(!error.contains(SECRET), "{error}");
    assert_eq!(api.polls(), 0, "no getUpdates");
    assert!(
        api.calls("deleteWebhook").is_empty(),
        "the webhook is left alone"
    );
    assert!(api.webhook().is_some());
}

/// The real binary running `webhook <args>` against `api` with `env`; exit success, stdout, stderr.
async fn webhook_tool(
    api: &FakeBotApi,
    env: &[(&str, &str)],
    args: &[&str],
) -> (bool, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_fellowship-bot"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONTENT_DIR", crate::support::content_dir())
        .env("RUST_LOG", "warn")
        .env("WEB_ADDR", "")
        .env(
            "TELOXIDE_TOKEN",
            "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
        )
        .env("TELOXIDE_API_URL", &api.url)
        .envs(env.iter().copied())
        .current_dir(dir.path())
        .arg("webhook")
        .args(args);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn webhook_set_info_and_delete_through_the_binary() {
    let api = FakeBotApi::start().await;
    // Webhook settings need PostgreSQL and a web server, though `webhook set` uses neither.
    let settings = [
        ("RUN_MODE", "webhook"),
        ("WEBHOOK_URL", WEBHOOK_URL),
        ("WEBHOOK_SECRET", SECRET),
        ("DATABASE_URL", "postgres://nobody@127.0.0.1:9/unused"),
        ("WEB_ADDR", "127.0.0.1:0"),
    ];
    let (ok, stdout, stderr) = webhook_tool(&api, &settings, &["set"]).await;
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains(WEBHOOK_URL) && !stdout.contains(SECRET),
        "{stdout}"
    );
    let set = api.webhook().expect("a webhook is set");
    assert_eq!(set.url, WEBHOOK_URL);
    assert_eq!(set.secret_token.as_deref(), Some(SECRET));
    assert_eq!(
        set.allowed_updates,
        ["message", "callback_query", "my_chat_member"]
    );
    assert_eq!(set.drop_pending_updates, Some(false));
    assert_eq!(set.max_connections, Some(10));

    let amina = TestUser::new(7_340_118_304, "Amina");
    api.user_writes(&amina.private_chat(), &amina, "/privacy");
    let (ok, stdout, stderr) = webhook_tool(&api, &[], &["info"]).await;
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains(&format!("Webhook: {WEBHOOK_URL}")),
        "{stdout}"
    );
    assert!(
        stdout.contains("Updates waiting at Telegram: 1"),
        "{stdout}"
    );
    assert!(!stdout.contains(SECRET) && !stderr.contains(SECRET));

    let (ok, stdout, stderr) = webhook_tool(&api, &[], &["delete"]).await;
    assert!(ok, "{stderr}");
    assert!(stdout.contains("removed"), "{stdout}");
    assert!(api.webhook().is_none());
    assert_eq!(
        api.last_delete_dropped(),
        Some(false),
        "pending updates kept"
    );
    assert_eq!(api.unconfirmed_updates(), 1);
    let (ok, stdout, _) = webhook_tool(&api, &[], &["info"]).await;
    assert!(ok && stdout.contains("Webhook: none"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn webhook_set_without_webhook_settings_fails_with_one_clear_line() {
    let api = FakeBotApi::start().await;
    let (ok, stdout, stderr) = webhook_tool(&api, &[], &["set"]).await;
    assert!(!ok);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("RUN_MODE=webhook") && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert!(api.webhook().is_none());
    assert!(api.calls("setWebhook").is_empty());
}

#[tokio::test]
async fn a_webhook_path_the_console_has_stops_the_start_with_a_clear_error() {
    let Some(database) = fresh_postgres().await else {
        return;
    };
    let api = FakeBotApi::start().await;
    let mut settings = settings_for(&api, &database);
    settings.web_addr = Some("127.0.0.1:0".parse().unwrap());
    settings.run_mode = RunMode::Webhook(Webhook {
        url: "https://bot.example.org/roles".parse().unwrap(),
        secret: WebhookSecret::parse(SECRET).unwrap(),
    });
    let run = fellowship_bot::app::run_telegram(
        settings,
        Arc::new(fellowship_bot::clock::SystemClock),
        tokio_util::sync::CancellationToken::new(),
    );
    let error = tokio::time::timeout(Duration::from_secs(30), run)
        .await
        .expect("it stops at once")
        .expect_err("the replica does not start");
    assert!(
        format!("{error:#}").contains("WEBHOOK_URL's path /roles"),
        "{error:#}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_runs_as_a_replica_and_answers_a_posted_update() {
    let Some(database) = fresh_postgres().await else {
        return;
    };
    let api = FakeBotApi::start().await;
    let address = free_address();
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fellowship-bot"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONTENT_DIR", crate::support::content_dir())
        .env("RUST_LOG", "warn")
        .env(
            "TELOXIDE_TOKEN",
            "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
        )
        .env("TELOXIDE_API_URL", &api.url)
        .env("DATABASE_URL", &database)
        .env("WEB_ADDR", address.to_string())
        .env("RUN_MODE", "webhook")
        .env("WEBHOOK_URL", WEBHOOK_URL)
        .env("WEBHOOK_SECRET", SECRET)
        .current_dir(dir.path())
        .arg("run")
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !client
        .get(format!("http://{address}/healthz"))
        .send()
        .await
        .is_ok_and(|answer| answer.status().is_success())
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the replica never listened"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let amina = TestUser::new(7_340_118_305, "Amina");
    api.user_writes(&amina.private_chat(), &amina, "/privacy");
    let update = api.take_updates().remove(0).to_string();
    let endpoint = format!("http://{address}/telegram/updates");
    assert_eq!(post(&endpoint, Some(SECRET), update).await, 200);
    api.wait_for_sent(1).await;
    no_polling_or_webhook_calls(&api);

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(
        status.success(),
        "exit code 0 after SIGTERM, got {status:?}"
    );
}
