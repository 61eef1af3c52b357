//! The bot over real HTTP against a fake Bot API: the first things every fellow and group sees,
//! and how it copes with Telegram's failures and with restarts.

use crate::support::{
    ADMIN_ID, BOT_USERNAME, Failure, FakeBotApi, TestBot, TestChat, TestDb, TestUser, settings_for,
};

fn amina() -> TestUser {
    TestUser::new(1001, "Amina")
}

#[tokio::test]
async fn start_help_and_privacy_answer_in_a_private_chat() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), "/start");
    api.user_writes(&chat, &amina(), "/help");
    api.user_writes(&chat, &amina(), "/privacy");
    let sent = api.wait_for_sent(3).await;

    assert!(sent[0].text.contains("Welcome, Amina"), "{}", sent[0].text);
    assert!(
        sent[1].text.contains("/leave") && sent[1].text.contains("/faq"),
        "{}",
        sent[1].text
    );
    assert!(sent[2].text.contains("What I store"), "{}", sent[2].text);
    assert!(sent.iter().all(|m| m.chat_id == chat.id));
    let commands = api.calls("setMyCommands");
    let everyone = commands
        .iter()
        .find(|c| c.body.get("scope").is_none())
        .expect("a menu for everyone");
    let everyone = everyone.body.to_string();
    assert!(everyone.contains("\"leave\""), "the menu lists the topics");
    assert!(
        !everyone.contains("\"broadcast\""),
        "no lead commands for everyone"
    );
    let admin = commands
        .iter()
        .find(|c| c.body["scope"]["chat_id"] == ADMIN_ID)
        .expect("a menu in the admin's own chat");
    let admin = admin.body.to_string();
    assert!(
        admin.contains("\"broadcast\"") && admin.contains("\"leave\""),
        "{admin}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn commands_in_a_group_are_answered_in_the_group_and_others_bots_commands_ignored() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let group = TestChat::group(-100_200, "Fellows 2026");

    api.user_writes(&group, &amina(), "/help@OtherBot");
    api.user_writes(&group, &amina(), "/nonsense");
    api.user_writes(
        &group,
        &amina(),
        &format!("/help@{}", BOT_USERNAME.to_lowercase()),
    );
    api.user_writes(&group, &amina(), "/start");
    let sent = api.wait_for_sent(2).await;
    api.wait_until_all_confirmed().await;

    assert_eq!(
        api.sent().len(),
        2,
        "only our own known commands are answered in a group: {sent:#?}"
    );
    assert!(
        sent[0].text.contains("/ask"),
        "group help explains /ask: {}",
        sent[0].text
    );
    assert!(sent[1].text.contains("Welcome"));
    assert!(sent.iter().all(|m| m.chat_id == group.id));
    bot.stop().await;
}

#[tokio::test]
async fn an_unknown_command_gets_a_short_friendly_answer_in_private() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;

    api.user_writes(&amina().private_chat(), &amina(), "/frobnicate");
    api.user_sends_sticker(&amina().private_chat(), &amina());
    let sent = api.wait_for_sent(2).await;

    assert!(sent[0].text.contains("don't know that command") && sent[0].text.contains("/help"));
    assert!(sent[1].text.contains("only read text"));
    bot.stop().await;
}

#[tokio::test]
async fn a_429_delays_the_reply_but_it_still_arrives() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    api.fail_next("sendMessage", 1, Failure::RetryAfter(1));

    api.user_writes(&amina().private_chat(), &amina(), "/help");
    let sent = api.wait_for_sent(1).await;

    let attempts = api.calls("sendMessage");
    assert_eq!(attempts.len(), 2, "one refused attempt, then one delivered");
    assert!(!attempts[0].ok && attempts[1].ok);
    assert!(sent[0].text.contains("How I can help"));
    bot.stop().await;
}

#[tokio::test]
async fn a_blocked_user_does_not_stop_the_bot_serving_others() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let ben = TestUser::new(1002, "Ben");
    api.fail_next_in(amina().id, "sendMessage", 1, Failure::Blocked);

    api.user_writes(&amina().private_chat(), &amina(), "/help");
    api.user_writes(&ben.private_chat(), &ben, "/privacy");
    let sent = api.wait_for_sent(1).await;
    api.wait_until_all_confirmed().await;

    assert_eq!(
        sent[0].chat_id, ben.id,
        "Ben is served after Amina's chat refused the reply"
    );
    bot.stop().await;
    assert_eq!(api.calls("sendMessage").len(), 2, "a 403 is not retried");
    let store = fellowship_bot::store::Store::open(&db.url).await.unwrap();
    let status = store.chat_status(amina().id).await.unwrap();
    assert_eq!(
        status,
        Some(fellowship_bot::store::BotStatus::Removed),
        "Amina is marked unreachable"
    );
}

#[tokio::test]
async fn server_errors_are_retried_with_back_off() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    // teloxide itself waits 10 s after a 5xx before reporting it; one failure keeps the test short.
    api.fail_next("sendMessage", 1, Failure::ServerError);

    api.user_writes(&amina().private_chat(), &amina(), "/privacy");
    // The 10 s wait plus our back-off, with room for a busy machine running other tests.
    let retried = api
        .wait_until(std::time::Duration::from_secs(60), |calls| {
            calls
                .iter()
                .any(|c| c.ok && c.method.eq_ignore_ascii_case("sendMessage"))
        })
        .await;
    assert!(retried, "the reply was not sent again after the 5xx");
    let sent = api.sent();

    assert_eq!(api.calls("sendMessage").len(), 2);
    assert!(sent[0].text.contains("What I store"));
    bot.stop().await;
}

#[tokio::test]
async fn after_a_restart_no_update_is_answered_twice_and_none_is_skipped() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let chat = amina().private_chat();

    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let first = api.user_writes(&chat, &amina(), "/help");
    api.user_writes(&chat, &amina(), "/privacy");
    api.wait_for_sent(2).await;
    bot.stop().await;

    // Telegram redelivers what it thinks was not confirmed, as after a crash; and news arrived.
    api.redeliver_from(first);
    api.user_writes(&chat, &amina(), "/start");
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let sent = api.wait_for_sent(3).await;
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    assert_eq!(api.sent().len(), 3, "{sent:#?}");
    assert!(sent[2].text.contains("Welcome"));
}

#[tokio::test]
async fn the_bot_learns_when_it_is_blocked_or_added_to_a_group() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let group = TestChat::group(-100_300, "WHT fellows");
    let admin = TestUser::new(ADMIN_ID, "Lead");

    api.bot_status_changes(&group, &admin, "member");
    let sent = api.wait_for_sent(1).await;
    assert_eq!(sent[0].chat_id, group.id);
    assert!(sent[0].text.contains("/ask"));

    api.bot_status_changes(&amina().private_chat(), &amina(), "kicked");
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let store = fellowship_bot::store::Store::open(&db.url).await.unwrap();
    use fellowship_bot::store::BotStatus;
    assert_eq!(
        store.chat_status(group.id).await.unwrap(),
        Some(BotStatus::Member)
    );
    assert_eq!(
        store.chat_status(amina().id).await.unwrap(),
        Some(BotStatus::Removed)
    );
}

#[tokio::test]
async fn a_press_on_the_first_upcoming_card_books_that_session_not_the_last_one() {
    use chrono::{Duration, Utc};
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = fellowship_bot::store::Store::open(&db.url).await.unwrap();
    let tomorrow = Utc::now() + Duration::days(1);
    let sessions = [
        crate::support::a_session("sim", "Acute SIM", tomorrow, Duration::hours(2)),
        crate::support::a_session(
            "sim",
            "ECG basics",
            tomorrow + Duration::days(1),
            Duration::hours(1),
        ),
    ];
    let ids = store
        .add_sessions(&sessions, ADMIN_ID, Utc::now())
        .await
        .unwrap();
    crate::support::register_fellow(&store, 1001, "RWT").await;
    store.close().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let chat = amina().private_chat();

    api.user_writes(&chat, &amina(), "/upcoming");
    let cards = api.wait_for_sent(2).await;
    assert!(cards[0].text.contains("Acute SIM") && cards[1].text.contains("ECG basics"));
    let going = cards[0]
        .buttons
        .iter()
        .flatten()
        .find(|(label, _)| label.contains("Going"));
    let (_, data) = going.expect("a Going button on the first card").clone();
    api.user_presses(&chat, &amina(), cards[0].message_id, &data);
    api.wait_until_all_confirmed().await;
    let answers = api.wait_for_calls("answerCallbackQuery", 1).await;
    bot.stop().await;

    let answer = answers[0].body["text"].as_str().unwrap_or_default();
    assert!(answer.contains("You're going"), "{answer}");
    let store = fellowship_bot::store::Store::open(&db.url).await.unwrap();
    use fellowship_bot::sessions::rsvp::RsvpStatus;
    assert_eq!(
        store.rsvp_status(ids[0], 1001).await.unwrap(),
        Some(RsvpStatus::Going)
    );
    assert_eq!(
        store.rsvp_status(ids[1], 1001).await.unwrap(),
        None,
        "ECG basics was not booked"
    );
}
