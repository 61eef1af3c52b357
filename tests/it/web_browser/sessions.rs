//! A lead creates a session in the console and a fellow finds it in /upcoming over Telegram.

use super::*;

#[tokio::test]
async fn a_session_created_in_the_browser_is_in_a_fellows_upcoming_over_telegram() {
    let Some(driver) = start_chromedriver().await else {
        return;
    };
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = fellowship_bot::store::Store::open(&db.url).await.unwrap();
    crate::support::register_fellow(&store, 1001, "RWT").await;
    store.close().await;
    let mut settings = settings_for(&api, &db.url);
    settings.web_addr = Some("127.0.0.1:0".parse().unwrap());
    let bot = TestBot::start(settings).await;
    let lead = TestUser::new(ADMIN_ID, "Priya");
    api.user_writes(&lead.private_chat(), &lead, "/web");
    let link = sign_in_link(&api.wait_for_sent(1).await[0].text);
    let browser = open_browser(&driver).await;
    browser.goto(&link).await.unwrap();
    click(&browser, "sign-in").await;
    page_showing(&browser, "<h1>Overview</h1>").await;

    let base = link.split("/login/").next().unwrap();
    browser.goto(&format!("{base}/sessions")).await.unwrap();
    for (id, text) in [
        ("title", "Chest drain workshop"),
        ("start", "tomorrow 14:00"),
        ("end", "90m"),
        ("location", "Skills lab"),
        ("capacity", "10"),
    ] {
        let field = browser.find(Locator::Id(id)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }
    click(&browser, "create").await;
    let calendar = page_showing(&browser, "Created session #").await;
    assert!(
        calendar.contains("Created session #") && calendar.contains("Chest drain workshop"),
        "{calendar}"
    );
    // Its page, reached from the calendar's link, previews a move by keyboard and button.
    browser
        .find(Locator::LinkText("#1 Chest drain workshop"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    page_showing(&browser, "Preview the move").await;
    browser
        .find(Locator::Id("start"))
        .await
        .unwrap()
        .send_keys("tomorrow 16:00")
        .await
        .unwrap();
    click(&browser, "preview-move").await;
    let preview = page_showing(&browser, "Move it and tell them").await;
    assert!(
        preview.contains("Nobody has said they're going yet") && preview.contains("has moved from"),
        "{preview}"
    );
    if let Ok(png) = browser.screenshot().await {
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        let _ = std::fs::write(path.join("console-session-move-preview.png"), png);
    }
    browser.close().await.unwrap();

    let fellow = TestUser::new(1001, "Amina");
    api.user_writes(&fellow.private_chat(), &fellow, "/upcoming");
    let sent = api.wait_for_sent(2).await;
    assert_eq!(sent[1].chat_id, 1001);
    assert!(
        sent[1].text.contains("Chest drain workshop"),
        "{}",
        sent[1].text
    );
    bot.stop().await;
}
