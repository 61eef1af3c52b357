//! The web console in a real browser: headless Chromium driven over WebDriver (chromedriver),
//! against the real bot (teloxide adapter and all) on the fake Bot API. A lead signs in through
//! the link /web sent, edits an article, and the bot's next answer has the new text; the used
//! link then fails. The other pages' journeys are in the files beside this one. Without
//! chromedriver the tests are skipped, except in CI (CI set), where they fail.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};
use serde_json::json;

use crate::support::{ADMIN_ID, FakeBotApi, TestBot, TestDb, TestUser, settings_for};

/// chromedriver on a free port, ended when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// chromedriver, or None (with a note) when it is not installed and this is not CI.
async fn start_chromedriver() -> Option<Driver> {
    if !on_path("chromedriver") {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty());
        assert!(
            !in_ci,
            "chromedriver is not installed; CI must run the browser test (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "SKIPPED the browser test: chromedriver is not installed (apt-get install chromium chromium-driver)"
        );
        return None;
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Some(driver);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("chromedriver did not start listening");
}

async fn open_browser(driver: &Driver) -> fantoccini::Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                          "--disable-gpu", "--window-size=420,900"] }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a headless Chromium session")
}

/// The page's source once it shows `needle` (a click's navigation may still be arriving), or
/// the last source after five seconds.
async fn page_showing(browser: &fantoccini::Client, needle: &str) -> String {
    let mut source = String::new();
    for _ in 0..50 {
        source = browser.source().await.unwrap();
        if source.contains(needle) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    source
}

/// Clicks the element with this id.
async fn click(browser: &fantoccini::Client, id: &str) {
    browser
        .find(Locator::Id(id))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The first link to the console's sign-in in `html`.
fn sign_in_link(html: &str) -> String {
    let start = html
        .find("http://127.0.0.1:")
        .expect("a link in the message");
    let end = html[start..].find('"').map_or(html.len(), |e| start + e);
    html[start..end].to_owned()
}

#[tokio::test]
async fn a_lead_signs_in_from_the_bot_edits_an_article_and_the_bot_answers_with_it() {
    let Some(driver) = start_chromedriver().await else {
        return;
    };
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let content = tempfile::tempdir().unwrap();
    crate::support::web::copy_content(content.path());
    let mut settings = settings_for(&api, &db.url);
    settings.content_dir = content.path().to_path_buf();
    settings.web_addr = Some("127.0.0.1:0".parse().unwrap());
    let bot = TestBot::start(settings).await;
    let lead = TestUser::new(ADMIN_ID, "Priya");
    let chat = lead.private_chat();

    api.user_writes(&chat, &lead, "/web");
    let sent = api.wait_for_sent(1).await;
    let link = sign_in_link(&sent[0].text);
    let browser = open_browser(&driver).await;

    browser.goto(&link).await.unwrap();
    click(&browser, "sign-in").await;
    let overview = page_showing(&browser, "<h1>Overview</h1>").await;
    assert!(overview.contains("<h1>Overview</h1>"), "{overview}");

    let base = link.split("/login/").next().unwrap();
    browser
        .goto(&format!("{base}/articles/leave"))
        .await
        .unwrap();
    let editor = browser.find(Locator::Id("text")).await.unwrap();
    let text = editor.prop("value").await.unwrap().unwrap();
    let edited = text.replace(
        "27 days a year",
        "twenty-seven days a year (edited in the console)",
    );
    assert_ne!(text, edited);
    // Typing 5 KB key by key is slow; the field is set as a paste would, then saved by a click.
    browser
        .execute(
            "document.getElementById('text').value = arguments[0];",
            vec![json!(edited)],
        )
        .await
        .unwrap();
    click(&browser, "save").await;
    let saved = page_showing(&browser, "Saved.").await;
    assert!(
        saved.contains("Saved. The bot answers with this text now."),
        "{saved}"
    );
    // Kept for a person to look at: CARGO_TARGET_TMPDIR/console-article-saved.png.
    if let Ok(png) = browser.screenshot().await {
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        let _ = std::fs::write(path.join("console-article-saved.png"), png);
    }

    api.user_writes(&chat, &lead, "how many days of annual leave do I get?");
    let sent = api.wait_for_sent(2).await;
    assert!(
        sent[1]
            .text
            .contains("twenty-seven days a year (edited in the console)"),
        "{}",
        sent[1].text
    );

    browser.goto(&link).await.unwrap();
    click(&browser, "sign-in").await;
    let refused = page_showing(&browser, "Not allowed").await;
    assert!(
        refused.contains("Not allowed"),
        "a used link fails: {refused}"
    );

    browser.close().await.unwrap();
    bot.stop().await;
}

/// The bot with its console and `fellows` registered (trust RWT), a lead (the admin) signed in
/// in a fresh browser through the link /web sent; the console's base address.
async fn signed_in_console(
    driver: &Driver,
    api: &FakeBotApi,
    db: &TestDb,
    fellows: &[i64],
) -> (TestBot, fantoccini::Client, String) {
    let store = fellowship_bot::store::Store::open(&db.url).await.unwrap();
    for fellow in fellows {
        crate::support::register_fellow(&store, *fellow, "RWT").await;
    }
    let mut settings = settings_for(api, &db.url);
    settings.web_addr = Some("127.0.0.1:0".parse().unwrap());
    let bot = TestBot::start(settings).await;
    let lead = TestUser::new(ADMIN_ID, "Priya");
    api.user_writes(&lead.private_chat(), &lead, "/web");
    let sent = api.wait_for_sent(1).await;
    let link = sign_in_link(&sent[0].text);
    let browser = open_browser(driver).await;
    browser.goto(&link).await.unwrap();
    click(&browser, "sign-in").await;
    page_showing(&browser, "<h1>Overview</h1>").await;
    let base = link.split("/login/").next().unwrap().to_owned();
    (bot, browser, base)
}

/// Kept for a person to look at: CARGO_TARGET_TMPDIR/<name>.png.
async fn keep_screenshot(browser: &fantoccini::Client, name: &str) {
    if let Ok(png) = browser.screenshot().await {
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        let _ = std::fs::write(path.join(format!("{name}.png")), png);
    }
}

mod feedback_and_broadcasts;
mod people;
mod sessions;
