//! The bot under load, against its floor, in one run: the release binary and a bare teloxide
//! bot (`examples/echo_floor.rs`) and the same bot keeping each update in SQLite
//! (`examples/durable_floor.rs`) each answer the same burst of private messages from a Bot API
//! stand-in (getUpdates with real offsets and long polling; Telegram's limits, read strictly,
//! enforced with 429s when a scenario asks). For each it reports CPU per update, idle and peak
//! RSS, completion against the limit-bound ideal, 429s, and whether each update got one answer.
//!
//! cargo bench --bench load                 scenarios (a) and (b), about three minutes
//! LOAD_BIG=1 cargo bench --bench load      and (c), 10,000 people (about six minutes more each)
//! LOAD_SQL=1 cargo bench --bench load      and the SQL statements the bot runs per update in (a),
//!                                          counted from sqlx's statement log in one more run

// Test and benchmark code may stop at the first surprise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../tests/support/fake_bot_api.rs"]
mod fake_bot_api;
#[path = "support/measure.rs"]
mod measure;
#[path = "support/release.rs"]
mod release;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_bot_api::{FakeBotApi, Limits, TestUser};

/// What people write: free text, answered from the knowledge base or with "I don't know".
const QUESTIONS: [&str; 4] = [
    "How do I get a Blue Light Card?",
    "How do I book annual leave?",
    "Do I need my own indemnity cover?",
    "What is the weather like on Mars?",
];
/// Private chats' ids start here (no admin, nobody registered).
const FIRST_USER: i64 = 5_000_000;
/// How long the stand-in must see no new answer before a run counts as finished.
const QUIET: Duration = Duration::from_secs(3);
/// How long with no answer at all before a run counts as stalled.
const STALLED: Duration = Duration::from_secs(15);

struct Scenario {
    name: &'static str,
    users: usize,
    per_user: usize,
    enforce_limits: bool,
}

impl Scenario {
    fn updates(&self) -> usize {
        self.users * self.per_user
    }

    /// The time Telegram's limits alone require: each chat's messages a second apart, and 30
    /// a second overall.
    fn ideal(&self) -> Duration {
        let per_chat = Duration::from_secs((self.per_user - 1) as u64);
        let overall = Duration::from_secs_f64(self.updates() as f64 / 30.0);
        per_chat.max(overall)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Contender {
    Bot,
    /// The bot with sqlx's statement log on, to count the statements per update.
    BotCountingSql,
    Floor,
    DurableFloor,
}

impl Contender {
    fn name(self) -> &'static str {
        match self {
            Self::Bot | Self::BotCountingSql => "fellowship-bot",
            Self::Floor => "teloxide floor",
            Self::DurableFloor => "durable floor",
        }
    }
}

struct Figures {
    cpu_per_update: Duration,
    start_up_cpu: Duration,
    idle_rss_mib: f64,
    peak_rss_mib: f64,
    completion: Duration,
    refusals: usize,
    /// Updates whose chat got an answer for them (at most one counted per update).
    answered: usize,
    /// Answers beyond one per update.
    extra: usize,
    /// The statements sqlx logged during the burst, by their first word.
    statements: Vec<(String, usize)>,
}

#[tokio::main]
async fn main() {
    let built = release::build(&[
        ["--bin", "fellowship-bot"],
        ["--example", "echo_floor"],
        ["--example", "durable_floor"],
    ]);
    let [bot, floor, durable] = [&built[0], &built[1], &built[2]];
    let mut scenarios = vec![
        Scenario {
            name: "(a) a burst of 2,000 private messages from 500 people, no limits enforced",
            users: 500,
            per_user: 4,
            enforce_limits: false,
        },
        Scenario {
            name: "(b) 600 messages from 200 people, Telegram's limits enforced",
            users: 200,
            per_user: 3,
            enforce_limits: true,
        },
    ];
    if std::env::var("LOAD_BIG").is_ok_and(|v| v == "1") {
        scenarios.push(Scenario {
            name: "(c) 10,000 messages from 10,000 people, no limits enforced",
            users: 10_000,
            per_user: 1,
            enforce_limits: false,
        });
    }
    let mut report = String::new();
    for scenario in &scenarios {
        eprintln!("running {} ...", scenario.name);
        let floor_figures = run(Contender::Floor, floor, scenario).await;
        let durable_figures = run(Contender::DurableFloor, durable, scenario).await;
        let bot_figures = run(Contender::Bot, bot, scenario).await;
        report += &table(scenario, &bot_figures, &floor_figures, &durable_figures);
    }
    if std::env::var("LOAD_SQL").is_ok_and(|v| v == "1") {
        let scenario = &scenarios[0];
        eprintln!("counting the SQL statements in {} ...", scenario.name);
        let counted = run(Contender::BotCountingSql, bot, scenario).await;
        report += &statements_table(scenario, &counted);
    }
    println!("{report}");
    println!(
        "CPU: utime+stime from /proc/<pid>/stat (10 ms ticks) from the end of start-up to the \
         end of the run, divided by the updates. Idle RSS: VmRSS once started, before the \
         burst; peak: VmHWM. Completion: from queuing the burst to the last answer. Answered: \
         each private chat got one successful sendMessage per message it sent (extra = more \
         than that). The floors do not pace their sends, so their completion is no yardstick \
         and, with the limits enforced, most of their answers are refused. The durable floor \
         is the teloxide floor plus one SQLite statement to keep each update before answering \
         and one to mark it answered (examples/durable_floor.rs): the least a bot that loses \
         nothing and repeats nothing across a kill -9 must pay."
    );
}

fn command(contender: Contender, program: &Path, api: &FakeBotApi, dir: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "TELOXIDE_TOKEN",
            "123456:LOAD-token-abcdefghijklmnopqrstuvwxyz",
        )
        .env("TELOXIDE_API_URL", &api.url)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(dir.join("stderr.log")).expect("a log file"));
    if contender != Contender::Floor {
        command.env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("bot.db").display()),
        );
    }
    if matches!(contender, Contender::Bot | Contender::BotCountingSql) {
        let log = if contender == Contender::BotCountingSql {
            "warn,sqlx::query=debug"
        } else {
            "warn"
        };
        command
            .arg("run")
            .env(
                "CONTENT_DIR",
                Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            )
            .env("RUST_LOG", log);
    }
    command
}

async fn run(contender: Contender, program: &Path, scenario: &Scenario) -> Figures {
    let api = FakeBotApi::start().await;
    if scenario.enforce_limits {
        api.enforce_limits(Limits::default());
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut child = command(contender, program, &api, dir.path())
        .spawn()
        .expect("the process starts");
    let pid = child.id().to_string();
    wait_until_listening(contender, &api, &mut child, dir.path()).await;
    // Start-up work (migrations, the knowledge base) is over; what it holds now is idle.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle_rss_mib = measure::status_mib(&pid, "VmRSS:");
    let cpu_before = measure::cpu_seconds(&pid);
    let log_before = logged_statements(dir.path()).len();

    let queued = Instant::now();
    let users: Vec<TestUser> = (0..scenario.users)
        .map(|n| TestUser::new(FIRST_USER + n as i64, "Fellow"))
        .collect();
    for round in 0..scenario.per_user {
        for (n, user) in users.iter().enumerate() {
            let text = QUESTIONS[(n + round) % QUESTIONS.len()];
            api.user_writes(&user.private_chat(), user, text);
        }
    }
    wait_for_answers(&api, scenario.updates()).await;

    let cpu_after = measure::cpu_seconds(&pid);
    let peak_rss_mib = measure::status_mib(&pid, "VmHWM:");
    child.kill().expect("the process stops");
    child.wait().expect("the process is reaped");

    let sent: Vec<_> = api
        .calls("sendMessage")
        .into_iter()
        .filter(|c| c.ok)
        .collect();
    let mut by_chat: HashMap<i64, usize> = HashMap::new();
    for call in &sent {
        *by_chat
            .entry(call.body["chat_id"].as_i64().unwrap_or(0))
            .or_default() += 1;
    }
    let (mut answered, mut extra) = (0, 0);
    for user in &users {
        let got = by_chat.get(&user.id).copied().unwrap_or(0);
        answered += got.min(scenario.per_user);
        extra += got.saturating_sub(scenario.per_user);
    }
    let last = sent.iter().map(|c| c.at).max().unwrap_or(queued);
    let mut statements: Vec<(String, usize)> = Vec::new();
    for kind in logged_statements(dir.path()).into_iter().skip(log_before) {
        match statements.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => statements.push((kind, 1)),
        }
    }
    Figures {
        statements,
        cpu_per_update: Duration::from_secs_f64(
            (cpu_after - cpu_before).max(0.0) / scenario.updates() as f64,
        ),
        start_up_cpu: Duration::from_secs_f64(cpu_before),
        idle_rss_mib,
        peak_rss_mib,
        completion: last.saturating_duration_since(queued),
        refusals: api.limit_refusals(),
        answered,
        extra,
    }
}

/// The first word of each statement sqlx logged so far (its log line's `summary`).
fn logged_statements(dir: &Path) -> Vec<String> {
    let log = std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default();
    log.lines()
        .filter(|line| line.contains("sqlx::query"))
        .map(|line| {
            let summary = line.split("summary=\"").nth(1).unwrap_or("?");
            summary
                .split_whitespace()
                .next()
                .unwrap_or("?")
                .trim_matches('"')
                .to_uppercase()
        })
        .collect()
}

fn statements_table(scenario: &Scenario, counted: &Figures) -> String {
    let updates = scenario.updates() as f64;
    let total: usize = counted.statements.iter().map(|(_, n)| n).sum();
    let mut out = format!(
        "\nSQL statements the bot ran during {} (sqlx's statement log; BEGIN and COMMIT are \
         not logged): {:.2} per update\n",
        scenario.name,
        total as f64 / updates
    );
    for (kind, n) in &counted.statements {
        out += &format!(
            "  {kind:<10} {:>8} {:>8.2} per update\n",
            n,
            *n as f64 / updates
        );
    }
    out
}

/// Waits until the process polls for updates (and the bot has set its command menu).
async fn wait_until_listening(
    contender: Contender,
    api: &FakeBotApi,
    child: &mut Child,
    dir: &Path,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let menu_set = !matches!(contender, Contender::Bot | Contender::BotCountingSql)
            || api.successes("setMyCommands") > 0;
        if api.polls() > 0 && menu_set {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            let log = std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default();
            panic!("{} exited at start-up ({status}):\n{log}", contender.name());
        }
        assert!(
            Instant::now() < deadline,
            "{} did not start polling",
            contender.name()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until `updates` answers have arrived and none came for a while (so a second answer
/// would be seen), or until answers stop coming.
async fn wait_for_answers(api: &FakeBotApi, updates: usize) {
    let (mut seen, mut since) = (0, Instant::now());
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = api.successes("sendMessage");
        if now != seen {
            (seen, since) = (now, Instant::now());
        }
        let quiet_for = since.elapsed();
        if (seen >= updates && quiet_for >= QUIET) || quiet_for >= STALLED {
            return;
        }
    }
}

fn table(scenario: &Scenario, bot: &Figures, floor: &Figures, durable: &Figures) -> String {
    let ideal = scenario.ideal();
    let updates = scenario.updates();
    let mut out = format!(
        "\n{}\nlimit-bound ideal {:.1} s (each chat's messages 1 s apart; 30 a second overall)\n",
        scenario.name,
        ideal.as_secs_f64()
    );
    out += &format!(
        "{:<16} {:>12} {:>10} {:>10} {:>12} {:>8} {:>6} {:>15} {:>6} {:>13}\n",
        "",
        "CPU/update",
        "idle RSS",
        "peak RSS",
        "completion",
        "x ideal",
        "429s",
        "answered",
        "extra",
        "start-up CPU"
    );
    for (name, f) in [
        ("fellowship-bot", bot),
        ("teloxide floor", floor),
        ("durable floor", durable),
    ] {
        out += &format!(
            "{:<16} {:>9.3} ms {:>6.1} MiB {:>6.1} MiB {:>10.1} s {:>8.2} {:>6} {:>15} {:>6} {:>10.0} ms\n",
            name,
            f.cpu_per_update.as_secs_f64() * 1000.0,
            f.idle_rss_mib,
            f.peak_rss_mib,
            f.completion.as_secs_f64(),
            f.completion.as_secs_f64() / ideal.as_secs_f64(),
            f.refusals,
            format!("{}/{updates}", f.answered),
            f.extra,
            f.start_up_cpu.as_secs_f64() * 1000.0,
        );
    }
    let ratio = |a: f64, b: f64| {
        if b > 0.0 {
            format!("{:.2}x", a / b)
        } else {
            "n/a".into()
        }
    };
    for (name, base) in [("bot / floor", floor), ("bot / durable", durable)] {
        out += &format!(
            "{:<16} {:>12} {:>10} {:>10}\n",
            name,
            ratio(
                bot.cpu_per_update.as_secs_f64(),
                base.cpu_per_update.as_secs_f64()
            ),
            ratio(bot.idle_rss_mib, base.idle_rss_mib),
            ratio(bot.peak_rss_mib, base.peak_rss_mib),
        );
    }
    out
}
