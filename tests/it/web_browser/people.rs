//! The people pages in a real browser (headless Chromium over WebDriver): a lead signed in
//! with a /web link assigns a suggested buddy with one click, and grants a role from the form.
//! Skipped without chromedriver, except in CI.

use super::*;
use crate::web_people::{BUDDY, NEW, console_with_buddies, sent_to};

#[tokio::test]
async fn a_lead_assigns_a_buddy_with_one_click_and_an_admin_grants_a_role() {
    let Some(driver) = start_chromedriver().await else {
        return;
    };
    let console = console_with_buddies().await;
    let browser = open_browser(&driver).await;
    let token = console.link_for(ADMIN_ID).await;
    browser
        .goto(&format!("{}/login/{token}", console.base))
        .await
        .unwrap();
    click(&browser, "sign-in").await;
    page_showing(&browser, "<h1>Overview</h1>").await;

    browser
        .goto(&format!("{}/buddies", console.base))
        .await
        .unwrap();
    let assign = "//section[.//a[text()='Dr New']]//button[contains(., 'Assign Dr Near')]";
    browser
        .find(Locator::XPath(assign))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let done = page_showing(&browser, "is now Dr New's buddy").await;
    assert!(done.contains("Dr Near is now Dr New's buddy"), "{done}");
    if let Ok(dir) = std::env::var("SCREENSHOTS") {
        let png = browser.screenshot().await.unwrap();
        std::fs::write(format!("{dir}/buddies.png"), png).unwrap();
    }
    let sent = console.run_due_jobs().await;
    assert_eq!(sent_to(&sent, NEW).len(), 1, "{sent:?}");
    assert_eq!(sent_to(&sent, BUDDY).len(), 1, "{sent:?}");

    browser
        .goto(&format!("{}/roles", console.base))
        .await
        .unwrap();
    browser
        .find(Locator::Id("who"))
        .await
        .unwrap()
        .send_keys("@user7101")
        .await
        .unwrap();
    browser
        .find(Locator::Css("option[value='pastoral-lead']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .find(Locator::Css("button[value='grant']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let granted = page_showing(&browser, "Granted.").await;
    assert!(granted.contains("Granted."), "{granted}");
    let roles = console.store().roles_of(NEW).await.unwrap();
    assert_eq!(roles, vec![fellowship_bot::fellows::Role::PastoralLead]);
    if let Ok(dir) = std::env::var("SCREENSHOTS") {
        let png = browser.screenshot().await.unwrap();
        std::fs::write(format!("{dir}/roles.png"), png).unwrap();
    }
    browser.close().await.unwrap();
}
