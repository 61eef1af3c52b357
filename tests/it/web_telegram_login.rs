//! Telegram's login button in the console: the fields Telegram signs sign a lead in when the
//! console is served over https; over http, changed, a day old, or for someone who is no
//! longer a lead, they do not.

use chrono::{DateTime, Duration, Utc};
use fellowship_bot::config::BotToken;
use fellowship_bot::fellows::Role;
use reqwest::StatusCode;

use crate::support::web::TestConsole;
use crate::support::{ADMIN_ID, register_fellow};
use crate::web_console::assert_not_allowed;

const TOKEN: &str = "123456789:AAEexampleexampleexampleexample";
const LEAD: i64 = 7110;
/// Telegram's fields for 7110, signed with TOKEN (worked out apart, with Python's `hmac`).
const SIGNED: &str = "id=7110&first_name=Amaka&username=amaka_e&auth_date=1764576000\
                      &hash=e68bec34a7b2e708857cdab53affcbf41d1469b231d1a43e7366402a34b9d0d6";

async fn console(public_url: &str) -> TestConsole {
    let console = TestConsole::start_with(|settings| {
        settings.telegram_token = Some(BotToken::parse(TOKEN).unwrap());
        settings.web_public_url = Some(public_url.parse().unwrap());
    })
    .await;
    register_fellow(&console.store(), LEAD, "RWT").await;
    console
        .store()
        .grant_role(LEAD, Role::EarlySupportLead, ADMIN_ID, Utc::now())
        .await
        .unwrap();
    let signed_at = DateTime::from_timestamp(1_764_576_000, 0).unwrap();
    console.clock.set(signed_at + Duration::minutes(1));
    console
}

#[tokio::test]
async fn telegrams_signed_fields_sign_a_lead_in_over_https() {
    let console = console("https://console.example/").await;
    let landed = console
        .get(&format!("/login/telegram?{SIGNED}"), None)
        .await;
    assert_eq!(landed.status, StatusCode::SEE_OTHER, "{}", landed.body);
    let set_cookie = landed.headers["set-cookie"].to_str().unwrap();
    assert!(set_cookie.contains("Secure") && set_cookie.contains("HttpOnly"));
    let cookie = set_cookie.split(';').next().unwrap();
    assert_eq!(console.get("/", Some(cookie)).await.status, StatusCode::OK);

    let changed = SIGNED.replace("id=7110", "id=42");
    assert_not_allowed(
        &console
            .get(&format!("/login/telegram?{changed}"), None)
            .await,
        "a changed id",
    );
    assert_not_allowed(
        &console.get("/login/telegram?id=7110", None).await,
        "no hash",
    );

    console
        .store()
        .revoke_role(LEAD, Role::EarlySupportLead)
        .await
        .unwrap();
    assert_not_allowed(
        &console
            .get(&format!("/login/telegram?{SIGNED}"), None)
            .await,
        "no longer a lead",
    );
}

#[tokio::test]
async fn signed_fields_a_day_old_or_on_a_console_without_https_are_refused() {
    let console = console("https://console.example/").await;
    console.clock.advance(Duration::days(1));
    assert_not_allowed(
        &console
            .get(&format!("/login/telegram?{SIGNED}"), None)
            .await,
        "a day old",
    );
    let plain = self::console("http://console.example/").await;
    assert_not_allowed(
        &plain.get(&format!("/login/telegram?{SIGNED}"), None).await,
        "over http",
    );
}
