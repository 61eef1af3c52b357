//! `/metrics` scraped from the real bot with its web server on, over the fake Bot API: the counts
//! are the ones this test produced (each run of the bot has its own recorder, so tests running
//! beside it in this process do not add to them), and nothing personal shows.

use std::time::Duration;

use crate::support::{Failure, FakeBotApi, TestBot, TestDb, TestUser, settings_for};

/// A port no one listens on now, for the bot's web server (it reports the one it got only in
/// its log).
fn free_address() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address")
}

/// Scrapes `url` until `done` holds for the text (the inbox settles an update just after its
/// last reply arrives), and returns it.
async fn scrape_until(url: &str, done: impl Fn(&str) -> bool) -> String {
    let client = reqwest::Client::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let answer = client.get(url).send().await.expect("/metrics answers");
        assert_eq!(answer.status(), 200, "no sign-in needed");
        let kind = answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
        let text = answer.text().await.unwrap();
        if done(&text) || tokio::time::Instant::now() > deadline {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.parse().ok())
}

#[tokio::test]
async fn metrics_show_the_updates_sends_and_429_a_run_produced_and_no_personal_data() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let mut settings = settings_for(&api, &db.url);
    let address = free_address();
    settings.web_addr = Some(address);
    let bot = TestBot::start(settings).await;
    let zeynep = TestUser::new(7_340_118_265, "Zeynep");
    let oluwaseun = TestUser::new(7_340_118_266, "Oluwaseun");
    api.fail_next("sendMessage", 1, Failure::RetryAfter(1));

    api.user_writes(&zeynep.private_chat(), &zeynep, "/start");
    api.user_writes(&zeynep.private_chat(), &zeynep, "/privacy");
    api.user_writes(&oluwaseun.private_chat(), &oluwaseun, "/help");
    api.wait_for_sent(3).await;
    api.wait_until_all_confirmed().await;

    let handled = "fellowship_updates_handled_total{outcome=\"delivered\"}";
    let url = format!("http://{address}/metrics");
    // A scrape reads the backlog from the database before it renders the counters, so an
    // update settled in between shows as handled and still open: wait for both to agree.
    let text = scrape_until(&url, |text| {
        value(text, handled) == Some(3.0)
            && value(text, "fellowship_inbox_open_updates") == Some(0.0)
    })
    .await;
    let delivered = api.successes("sendMessage") as f64;
    for (series, expected) in [
        ("fellowship_updates_received_total", 3.0),
        (handled, 3.0),
        ("fellowship_sends_total{outcome=\"delivered\"}", delivered),
        ("fellowship_sends_total{outcome=\"failed\"}", 1.0),
        ("fellowship_rate_limited_total", 1.0),
        ("fellowship_answer_latency_seconds_count", 3.0),
        ("fellowship_inbox_open_updates", 0.0),
        ("fellowship_jobs_lag_seconds", 0.0),
        ("fellowship_broadcast_copies{state=\"pending\"}", 0.0),
    ] {
        assert_eq!(value(&text, series), Some(expected), "{series} in:\n{text}");
    }
    assert_eq!(delivered, 3.0, "one reply each, the first after a 429");
    let slowest = value(&text, "fellowship_answer_latency_seconds_sum").unwrap();
    assert!(
        slowest >= 1.0,
        "the answer held up by the 429's second is in the histogram: {slowest}"
    );
    for personal in [
        "7340118265",
        "7340118266",
        "Zeynep",
        "Oluwaseun",
        "/start",
        "privacy",
        "Welcome",
    ] {
        assert!(!text.contains(personal), "{personal} in /metrics:\n{text}");
    }
    bot.stop().await;
}
