//! The released binary as a person runs it: a clear error without a token, the console with
//! piped input, a clean exit on SIGTERM while a reply is on its way, and no message text in its
//! log when an update cannot be read.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{Failure, FakeBotApi, TestUser, content_dir};

fn bot_command(data_dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fellowship-bot"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CONTENT_DIR", content_dir())
        .env("RUST_LOG", "warn")
        // No web console: tests run side by side, and a fixed port would be shared.
        .env("WEB_ADDR", "")
        .current_dir(data_dir);
    command
}

/// Runs the real binary against `api` and waits until it has registered its command menu.
async fn start_the_bot(api: &FakeBotApi, mut command: Command) -> std::process::Child {
    let child = command
        .env(
            "TELOXIDE_TOKEN",
            "123456:TEST-token-abcdefghijklmnopqrstuvwxyz",
        )
        .env("TELOXIDE_API_URL", &api.url)
        .arg("run")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(
        api.wait_until(Duration::from_secs(20), |calls| calls
            .iter()
            .any(|c| c.method == "setmycommands"))
            .await,
        "the bot started"
    );
    child
}

#[test]
fn without_a_token_the_bot_says_how_to_get_one_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let output = bot_command(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("TELOXIDE_TOKEN") && stderr.contains("@BotFather"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && stderr.lines().count() == 1,
        "one clear line: {stderr}"
    );
}

#[test]
fn a_malformed_setting_names_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let output = bot_command(dir.path())
        .env("BOT_TIMEZONE", "Mars/Base")
        .arg("console")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("BOT_TIMEZONE"), "{stderr}");
}

#[test]
fn reminder_offsets_ending_in_a_letter_of_two_bytes_give_one_clear_line_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let output = bot_command(dir.path())
        .env("REMINDER_OFFSETS", "7é")
        .arg("console")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("REMINDER_OFFSETS '7é' has an unknown unit")
            && !stderr.contains("panicked")
            && stderr.lines().count() == 1,
        "{stderr}"
    );
}

#[test]
fn the_console_answers_piped_input_and_exits_at_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = bot_command(dir.path())
        .arg("console")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/help\nhow do I register with a GP\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("How I can help"), "{stdout}");
    assert!(stdout.contains("GP"), "{stdout}");
    assert!(!stdout.contains("<b>"), "the console shows text, not HTML");
    assert!(
        dir.path().join("data/fellowship-bot.db").exists(),
        "the default SQLite file is created under ./data"
    );
}

/// The console as `args`, with `text` typed; what it printed and what it logged on stderr.
fn console_with(dir: &std::path::Path, args: &[&str], text: &str) -> (String, String) {
    let mut child = bot_command(dir)
        .env_remove("RUST_LOG")
        .arg("console")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_console_keeps_log_lines_out_of_the_chat_unless_asked_for_a_log_file() {
    // Emergency signposts are logged (without the text) at INFO.
    let emergency = "my colleague collapsed and is not breathing\n";
    let dir = tempfile::tempdir().unwrap();

    let (chat, stderr) = console_with(dir.path(), &[], emergency);
    assert!(chat.contains("999"), "{chat}");
    assert!(
        !chat.contains("INFO") && !chat.contains("signposts"),
        "{chat}"
    );
    assert_eq!(stderr, "", "nothing is logged unless asked");

    let log = dir.path().join("console.log");
    let (chat, stderr) = console_with(dir.path(), &["--log", log.to_str().unwrap()], emergency);
    assert!(chat.contains("999") && !chat.contains("INFO"), "{chat}");
    assert_eq!(stderr, "");
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("safety signposts shown"), "{logged}");
    assert!(
        !logged.contains("collapsed"),
        "never the message text: {logged}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_while_a_reply_is_in_flight_finishes_it_and_exits_cleanly() {
    let api = FakeBotApi::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = start_the_bot(&api, bot_command(dir.path())).await;
    api.fail_next("sendMessage", 1, Failure::Slow(Duration::from_secs(2)));
    let amina = TestUser::new(1001, "Amina");
    api.user_writes(&amina.private_chat(), &amina, "/help");
    api.wait_until_all_confirmed().await;

    let killed = Command::new("kill")
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
    assert_eq!(
        api.sent().len(),
        1,
        "the reply in flight was delivered before exiting"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_the_library_cannot_read_is_logged_by_its_id_only_under_the_default_filter() {
    let api = FakeBotApi::start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut command = bot_command(dir.path());
    command.env_remove("RUST_LOG");
    let child = start_the_bot(&api, command).await;
    let amina = TestUser::new(1001, "Aminasecret").with_username("amina_private");
    let chat = amina.private_chat();
    let unreadable = api.user_writes_unreadable(&chat, &amina, "my visa appointment is on Friday");
    api.user_writes(&chat, &amina, "/help");
    api.wait_for_sent(1).await;
    api.wait_until_all_confirmed().await;

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    for secret in ["visa", "Aminasecret", "amina_private"] {
        assert!(
            !stderr.contains(secret),
            "{secret} reached the log: {stderr}"
        );
    }
    assert!(
        stderr.contains("could not read") && stderr.contains(&format!("update_id={unreadable}")),
        "the skipped update is named by its id: {stderr}"
    );
}

#[tokio::test]
async fn health_passes_only_while_the_bot_writes_its_heartbeat() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let store = fellowship_bot::store::Store::open(&url).await.unwrap();
    let health = || {
        bot_command(dir.path())
            .env("DATABASE_URL", &url)
            .arg("health")
            .output()
            .unwrap()
    };

    let silent = health();
    assert!(!silent.status.success());
    assert!(String::from_utf8_lossy(&silent.stderr).contains("unhealthy"));

    store
        .beat(
            "telegram",
            chrono::Utc::now() - chrono::Duration::minutes(10),
        )
        .await
        .unwrap();
    assert!(!health().status.success(), "a stale heartbeat is unhealthy");

    store.beat("telegram", chrono::Utc::now()).await.unwrap();
    let alive = health();
    assert!(
        alive.status.success(),
        "{}",
        String::from_utf8_lossy(&alive.stderr)
    );
}

#[tokio::test]
async fn the_console_will_not_start_beside_a_running_bot_on_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let store = fellowship_bot::store::Store::open(&url).await.unwrap();
    store.beat("telegram", chrono::Utc::now()).await.unwrap();
    let output = bot_command(dir.path())
        .env("DATABASE_URL", &url)
        .arg("console")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("the Telegram bot is running on this database"),
        "{stderr}"
    );
    assert!(
        stderr.contains("DATABASE_URL=sqlite://data/console.db"),
        "{stderr}"
    );

    store
        .beat(
            "telegram",
            chrono::Utc::now() - chrono::Duration::minutes(10),
        )
        .await
        .unwrap();
    let stopped = bot_command(dir.path())
        .env("DATABASE_URL", &url)
        .arg("console")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        stopped.status.success(),
        "a bot that stopped long ago does not hold the console back: {}",
        String::from_utf8_lossy(&stopped.stderr)
    );
}

#[tokio::test]
async fn export_prints_the_fellows_and_their_attendance_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let store = fellowship_bot::store::Store::open(&url).await.unwrap();
    let fellow = fellowship_bot::fellows::Fellow {
        user_id: 501,
        name: "Dr Amina, \"Mina\"".into(),
        trust: "RWT".into(),
        start_date: chrono::NaiveDate::from_ymd_opt(2026, 8, 5).unwrap(),
        specialty: "Medicine".into(),
        left_on: None,
    };
    store
        .save_fellow(&fellow, chrono::Utc::now())
        .await
        .unwrap();
    store.close().await;
    let run = |what: &str, since: &str| {
        bot_command(dir.path())
            .env("DATABASE_URL", &url)
            .args(["export", what, "--format", "csv", "--since", since])
            .output()
            .unwrap()
    };

    let fellows = run("fellows", "2026-01-01");
    assert!(
        fellows.status.success(),
        "{}",
        String::from_utf8_lossy(&fellows.stderr)
    );
    let text = String::from_utf8(fellows.stdout).unwrap();
    assert_eq!(
        text,
        "name,trust,start_date,specialty,left_on\n\"Dr Amina, \"\"Mina\"\"\",RWT,2026-08-05,Medicine,\n"
    );
    let later = String::from_utf8(run("fellows", "2026-09-01").stdout).unwrap();
    assert_eq!(later.lines().count(), 1, "only the header: {later}");
    let attendance = run("attendance", "2026-01-01");
    assert!(attendance.status.success());
    assert!(
        String::from_utf8(attendance.stdout)
            .unwrap()
            .starts_with("starts_at,session_type")
    );
    let bad = run("fellows", "yesterday");
    assert!(
        !bad.status.success(),
        "a date that does not read is refused"
    );
}
