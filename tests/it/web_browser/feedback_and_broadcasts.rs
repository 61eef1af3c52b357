//! A lead composes a broadcast and watches its report; a feedback report folds small groups.

use super::*;

#[tokio::test]
async fn a_lead_composes_a_broadcast_confirms_its_preview_and_watches_it_reach_everyone() {
    let Some(driver) = start_chromedriver().await else {
        return;
    };
    let started = std::time::Instant::now();
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let fellows = [8101, 8102, 8103];
    let (bot, browser, base) = signed_in_console(&driver, &api, &db, &fellows).await;

    browser
        .goto(&format!("{base}/broadcasts/new"))
        .await
        .unwrap();
    browser
        .find(Locator::Id("text"))
        .await
        .unwrap()
        .send_keys("Induction moves to **Room 4** tomorrow.")
        .await
        .unwrap();
    let audience = browser.find(Locator::Id("audience")).await.unwrap();
    audience.select_by_value("fellows").await.unwrap();
    keep_screenshot(&browser, "console-broadcast-compose").await;
    browser
        .find(Locator::Id("preview"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let preview = page_showing(&browser, "exactly what people will get").await;
    assert!(
        preview.contains("Induction moves to <b>Room 4</b> tomorrow.")
            && preview.contains("3 people"),
        "{preview}"
    );
    assert!(
        !api.sent().iter().any(|s| s.text.contains("Room 4")),
        "nothing is sent before it is confirmed"
    );
    keep_screenshot(&browser, "console-broadcast-preview").await;

    browser
        .find(Locator::Id("confirm"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The report page refreshes itself until every copy is settled.
    let mut report = String::new();
    for _ in 0..80 {
        report = browser.source().await.unwrap();
        if report.contains("<strong>Sent.</strong>") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(report.contains("<strong>Sent.</strong>"), "{report}");
    assert!(
        report.contains("<td>Sent</td><td class=\"n\">3</td>")
            && report.contains("<td>Pending</td><td class=\"n\">0</td>"),
        "{report}"
    );
    assert!(report.contains("Delivered: 3 of 3"), "{report}");
    keep_screenshot(&browser, "console-broadcast-sent").await;
    let sent = api.sent();
    for fellow in fellows {
        assert!(
            sent.iter()
                .any(|s| s.chat_id == fellow && s.text.contains("<b>Room 4</b>")),
            "{fellow} got it over the Bot API"
        );
    }
    // A hang check, not a speed target (a busy machine may be slow; a stuck page never ends).
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    browser.close().await.unwrap();
    bot.stop().await;
}

#[tokio::test]
async fn a_lead_opens_a_feedback_report_whose_small_groups_are_folded() {
    let Some(driver) = start_chromedriver().await else {
        return;
    };
    let started = std::time::Instant::now();
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    {
        let store = fellowship_bot::store::Store::open(&db.url).await.unwrap();
        let groups = [("RWT", 6, 5), ("WHT", 4, 3), ("NUH", 3, 1)];
        crate::web_feedback::feedback_on_session(&store, chrono::Utc::now(), 77, &groups).await;
    }
    let (bot, browser, base) = signed_in_console(&driver, &api, &db, &[]).await;

    browser.goto(&format!("{base}/feedback")).await.unwrap();
    let session = browser.find(Locator::Id("session")).await.unwrap();
    session.send_keys("77").await.unwrap();
    session.send_keys("\u{E007}").await.unwrap(); // Enter submits its form.
    let report = page_showing(&browser, "Other trusts (combined)").await;
    assert!(report.contains("Report: session 77"), "{report}");
    assert!(
        report.contains("RWT: 5 responses of 6")
            && report.contains("Other trusts (combined): 4 responses"),
        "{report}"
    );
    assert!(
        !report.contains("NUH:") && !report.contains("WHT:"),
        "{report}"
    );
    let width = browser
        .execute(
            "const img = document.querySelector('figure img'); return img.complete ? img.naturalWidth : -1;",
            vec![],
        )
        .await
        .unwrap();
    let mut width = width.as_i64().unwrap_or(0);
    for _ in 0..30 {
        if width > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        width = browser
            .execute(
                "return document.querySelector('figure img').naturalWidth;",
                vec![],
            )
            .await
            .unwrap()
            .as_i64()
            .unwrap_or(0);
    }
    assert_eq!(width, 1000, "the chat's PNG chart is shown");
    browser
        .execute(
            "document.getElementById('report').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    keep_screenshot(&browser, "console-feedback-folded").await;
    // A hang check, not a speed target (a busy machine may be slow; a stuck page never ends).
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    browser.close().await.unwrap();
    bot.stop().await;
}
