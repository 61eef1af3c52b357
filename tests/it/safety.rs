//! Help first, over Telegram: a crisis or an emergency gets the signposts before anything else,
//! in a private chat, in a group and in the middle of a form; "ask a pastoral lead" alerts the
//! leads with the fellow's name and nothing of what they wrote; and the database file holds no
//! trace of the message afterwards.

use crate::support::{
    FakeBotApi, TestBot, TestChat, TestDb, TestUser, register_fellow, settings_for,
};
use chrono::Utc;
use fellowship_bot::fellows::Role;
use fellowship_bot::store::Store;

const CRISIS: &str = "honestly i dont want to live anymore, i have been thinking about ending it";

fn amina() -> TestUser {
    TestUser::new(1001, "Amina")
}

fn pastoral_lead() -> TestUser {
    TestUser::new(2001, "Pastoral").with_username("pastoral_lead")
}

async fn running_bot() -> (FakeBotApi, TestDb, TestBot) {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    register_fellow(&store, amina().id, "WHT").await;
    register_fellow(&store, pastoral_lead().id, "WHT").await;
    store
        .grant_role(pastoral_lead().id, Role::PastoralLead, 0, Utc::now())
        .await
        .unwrap();
    store.close().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    (api, db, bot)
}

/// The SQLite file and its write-ahead log, as bytes.
fn database_bytes(db: &TestDb) -> Vec<u8> {
    let path = db.url.trim_start_matches("sqlite://").to_owned();
    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(log) = std::fs::read(format!("{path}-wal")) {
        bytes.extend(log);
    }
    bytes
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn a_crisis_in_a_private_chat_gets_the_signposts_first_and_leaves_no_trace() {
    let (api, db, bot) = running_bot().await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), CRISIS);
    let help = api.wait_for_sent(1).await.pop().unwrap();
    assert!(
        help.text
            .starts_with("💙 <b>You are not alone, and help is there right now.</b>"),
        "{}",
        help.text
    );
    for number in ["NHS 111", "116 123", "85258", "999", "0330 123 1245"] {
        assert!(help.text.contains(number), "{number} in {}", help.text);
    }
    assert_eq!(help.buttons[0][0].1, "safety:contact");

    // The leads' list of questions to teach does not show it, and /mydata holds nothing of it.
    api.user_writes(&chat, &amina(), "/mydata");
    api.wait_for_sent(2).await;
    let documents = api.wait_for_calls("sendDocument", 1).await;
    assert!(!format!("{:?}", documents[0].body).contains("live anymore"));

    bot.stop().await;
    let bytes = database_bytes(&db);
    for fragment in ["live anymore", "ending it", "thinking about"] {
        assert!(!holds(&bytes, fragment), "the file holds '{fragment}'");
    }
    let store = Store::open(&db.url).await.unwrap();
    let today = Utc::now().date_naive();
    let counts = store
        .safety_counts(
            today - chrono::Duration::days(1),
            today + chrono::Duration::days(1),
        )
        .await
        .unwrap();
    assert_eq!(
        counts,
        vec![("crisis".to_owned(), 1)],
        "only a count is kept"
    );
}

#[tokio::test]
async fn a_crisis_in_the_group_is_answered_there_and_privately() {
    let (api, _db, bot) = running_bot().await;
    let group = TestChat::group(-100_700, "Fellows");

    // A bot that is a group admin sees every message; this one was not addressed to it.
    api.user_writes(&group, &amina(), "i cant do this anymore, i want to die");
    let sent = api.wait_for_sent(2).await;
    let in_group = sent.iter().find(|m| m.chat_id == group.id).unwrap();
    assert!(in_group.text.contains("Amina, you are not alone"));
    assert!(in_group.text.contains("116 123") && in_group.text.contains("999"));
    let private = sent.iter().find(|m| m.chat_id == amina().id).unwrap();
    assert!(private.text.contains("Support for doctors"));
    bot.stop().await;
}

#[tokio::test]
async fn asking_for_a_pastoral_lead_alerts_them_once_with_the_name_and_not_the_words() {
    let (api, _db, bot) = running_bot().await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), CRISIS);
    let help = api.wait_for_sent(1).await.pop().unwrap();
    api.user_presses(&chat, &amina(), help.message_id, "safety:contact");
    let sent = api.wait_for_sent(3).await;
    let alert = sent
        .iter()
        .find(|m| m.chat_id == pastoral_lead().id)
        .expect("the pastoral lead is alerted");
    assert!(alert.text.contains("Dr Fellow 1001"), "{}", alert.text);
    assert!(!alert.text.contains("live anymore") && !alert.text.contains("ending"));
    let thanks = sent
        .iter()
        .find(|m| m.chat_id == amina().id && m.message_id != help.message_id);
    assert!(
        thanks
            .unwrap()
            .text
            .contains("asked a pastoral lead to contact you")
    );

    // Pressed again the same day: a kind notice, and no second alert.
    api.user_presses(&chat, &amina(), help.message_id, "safety:contact");
    let notices = api.wait_for_calls("answerCallbackQuery", 2).await;
    assert!(
        notices[1].body["text"]
            .as_str()
            .unwrap_or_default()
            .contains("already asked")
    );
    assert_eq!(
        api.sent()
            .iter()
            .filter(|m| m.chat_id == pastoral_lead().id)
            .count(),
        1
    );
    bot.stop().await;
}

#[tokio::test]
async fn an_emergency_says_999_first_and_a_gas_leak_gets_its_own_number() {
    let (api, _db, bot) = running_bot().await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), "there is fire in my flat");
    let fire = api.wait_for_sent(1).await.pop().unwrap();
    assert!(
        fire.text
            .starts_with("🚨 <b>If someone is in danger right now, call 999.")
    );
    assert!(fire.text.contains("2222"));

    api.user_writes(&chat, &amina(), "i smell gas in my kitchen");
    let gas = api.wait_for_sent(2).await.pop().unwrap();
    assert!(gas.text.starts_with("🚨") && gas.text.contains("0800 111 999"));
    bot.stop().await;
}

#[tokio::test]
async fn a_crisis_typed_in_the_middle_of_registration_gets_help_and_is_not_saved_as_a_name() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let newcomer = TestUser::new(3001, "Kofi");
    let chat = newcomer.private_chat();

    api.user_writes(&chat, &newcomer, "/start");
    let consent = api.wait_for_sent(1).await.pop().unwrap();
    let agree = consent.buttons[0][0].1.clone();
    api.user_presses(&chat, &newcomer, consent.message_id, &agree);
    api.wait_until(std::time::Duration::from_secs(10), |calls| {
        calls.iter().any(|c| {
            c.method == "sendMessage" || c.method == "editMessageText"
        } && c.body["text"].as_str().unwrap_or_default().contains("name"))
    })
    .await;

    api.user_writes(&chat, &newcomer, "i want to kill myself");
    api.wait_until(std::time::Duration::from_secs(10), |calls| {
        calls.iter().any(|c| {
            c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("116 123")
        })
    })
    .await;
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    assert!(
        store.fellow(newcomer.id).await.unwrap().is_none(),
        "not registered"
    );
    assert!(!holds(&database_bytes(&db), "kill myself"));
}
