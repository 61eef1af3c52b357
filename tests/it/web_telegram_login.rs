//! Telegram's login button in the console: the fields Telegram signs sign a lead in when the
//! console is served over https, once; over http, again, changed, a day old, or for someone
//! who is no longer a lead, they do not.

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
/// A later press by the same lead, a minute on.
const SIGNED_LATER: &str = "id=7110&first_name=Amaka&username=amaka_e&auth_date=1764576060\
                            &hash=177fa1dc36dd0e7dc3f18c0260c69e18c86cb5bcb36bff2389edac9a234b33b6";

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
    console.clock.set(signed_at + Duration::minutes(2));
    console
}

#[tokio::test]
async fn telegrams_signed_fields_sign_a_lead_in_over_https_once() {
    let console = console("https://console.example/").await;
    let landed = console
        .get(&format!("/login/telegram?{SIGNED}"), None)
        .await;
    assert_eq!(landed.status, StatusCode::SEE_OTHER, "{}", landed.body);
    let set_cookie = landed.headers["set-cookie"].to_str().unwrap();
    assert!(set_cookie.contains("Secure") && set_cookie.contains("HttpOnly"));
    let cookie = set_cookie.split(';').next().unwrap();
    assert_eq!(console.get("/", Some(cookie)).await.status, StatusCode::OK);

    assert_not_allowed(
        &console
            .get(&format!("/login/telegram?{SIGNED}"), None)
            .await,
        "the same press again",
    );
    let changed = SIGNED_LATER.replace("id=7110", "id=42");
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
}

#[tokio::test]
async fn a_press_by_someone_no_longer_a_lead_is_refused() {
    let console = console("https://console.example/").await;
    let store = console.store();
    store
        .revoke_role(LEAD, Role::EarlySupportLead)
        .await
        .unwrap();
    assert_not_allowed(
        &console
            .get(&format!("/login/telegram?{SIGNED}"), None)
            .await,
        "no longer a lead",
    );
    store
        .grant_role(LEAD, Role::EarlySupportLead, ADMIN_ID, Utc::now())
        .await
        .unwrap();
    let landed = console
        .get(&format!("/login/telegram?{SIGNED_LATER}"), None)
        .await;
    assert_eq!(
        landed.status,
        StatusCode::SEE_OTHER,
        "a lead again, a new press"
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

#[tokio::test]
async fn web_offers_telegrams_login_button_apart_only_when_the_console_is_on_https() {
    use fellowship_bot::chat::{Action, ChatRef};
    use fellowship_bot::message::ButtonAction;

    use crate::web_console::writes;

    let https = console("https://console.example/").await;
    let replies = https
        .assistant
        .handle(writes(LEAD, ChatRef::private(LEAD), "/web"))
        .await;
    assert_eq!(replies.len(), 2, "{replies:?}");
    let Action::Send(offer) = &replies[1].action else {
        panic!("a message: {replies:?}");
    };
    assert_eq!(
        offer.buttons[0][0].action,
        ButtonAction::Login("https://console.example/login/telegram".into())
    );
    let Action::Send(link) = &replies[0].action else {
        panic!("a message: {replies:?}");
    };
    assert!(link.buttons.is_empty() && link.html.contains("/login/"));

    let plain = console("http://console.example/").await;
    let replies = plain
        .assistant
        .handle(writes(LEAD, ChatRef::private(LEAD), "/web"))
        .await;
    assert_eq!(replies.len(), 1, "no login button without https");
}

#[tokio::test]
async fn the_login_button_reaches_telegram_as_a_login_url_apart_from_the_link() {
    use crate::support::{FakeBotApi, TestBot, TestDb, TestUser, settings_for};

    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let mut settings = settings_for(&api, &db.url);
    settings.web_addr = Some("127.0.0.1:0".parse().unwrap());
    settings.web_public_url = Some("https://console.example/".parse().unwrap());
    let bot = TestBot::start(settings).await;
    let lead = TestUser::new(ADMIN_ID, "Priya");
    api.user_writes(&lead.private_chat(), &lead, "/web");
    let sent = api.wait_for_sent(2).await;
    assert!(sent[0].text.contains("https://console.example/login/"));
    assert!(sent[0].buttons.is_empty());
    assert_eq!(
        sent[1].buttons,
        vec![vec![(
            "🔑 Sign in with Telegram".to_owned(),
            "https://console.example/login/telegram".to_owned()
        )]]
    );
    let markup = api
        .wait_for_calls("sendmessage", 2)
        .await
        .last()
        .map(|call| call.body["reply_markup"].to_string())
        .unwrap_or_default();
    assert!(markup.contains("login_url"), "{markup}");
    bot.stop().await;
}
