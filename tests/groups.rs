//! Programme groups over Telegram: an admin confirms the group, newcomers are welcomed once with
//! a way into registration, the previous welcome is removed, and a group that becomes a
//! supergroup is followed.

mod support;

use fellowship_bot::store::Store;
use support::{
    ADMIN_ID, BOT_USERNAME, Failure, FakeBotApi, TestBot, TestChat, TestDb, TestUser, settings_for,
};

#[tokio::test]
async fn newcomers_are_welcomed_once_and_the_previous_welcome_is_removed() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let group = TestChat::group(-100_700, "RWT fellows");
    let admin = TestUser::new(ADMIN_ID, "Lead");
    let (amina, ben) = (TestUser::new(1001, "Amina"), TestUser::new(1002, "<Ben>"));

    api.members_join(&group, &[&amina]);
    api.user_writes(&group, &amina, "/setgroup");
    api.user_writes(&group, &admin, "/setgroup rwt");
    let confirmed = api.wait_for_sent(1).await.pop().unwrap();
    assert!(
        confirmed.text.contains("programme group for RWT"),
        "{}",
        confirmed.text
    );

    api.members_join(&group, &[&amina]);
    let first = api.wait_for_sent(2).await.pop().unwrap();
    assert!(first.text.contains("Welcome, Amina!"));
    assert_eq!(
        first.buttons[0][0].1,
        format!("https://t.me/{BOT_USERNAME}?start=register")
    );

    api.members_join(&group, &[&ben]);
    let second = api.wait_for_sent(3).await.pop().unwrap();
    assert!(second.text.contains("Welcome, &lt;Ben&gt;!"));
    let deleted = api.wait_for_calls("deleteMessage", 1).await;
    assert_eq!(
        deleted[0].body["message_id"].as_i64(),
        Some(first.message_id),
        "the previous welcome goes"
    );

    api.members_join(&group, &[&amina]);
    api.user_writes(&group, &amina, "/help");
    let sent = api.wait_for_sent(4).await;
    assert!(
        sent[3].text.contains("How I can help"),
        "Amina is not welcomed twice: {:#?}",
        &sent[3..]
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_group_that_becomes_a_supergroup_is_followed() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let admin = TestUser::new(ADMIN_ID, "Lead");

    // Seen as a service message.
    let wht = TestChat::group(-700, "WHT fellows");
    api.user_writes(&wht, &admin, "/setgroup WHT");
    api.wait_for_sent(1).await;
    api.group_migrates(&wht, &admin, -100_800);

    // Seen when Telegram refuses a reply to the old id: the reply is re-sent to the new one.
    let rwt = TestChat::group(-701, "RWT fellows");
    api.user_writes(&rwt, &admin, "/setgroup RWT");
    api.wait_for_sent(2).await;
    api.fail_next_in(rwt.id, "sendMessage", 1, Failure::Migrated(-100_900));
    api.user_writes(&rwt, &admin, "/privacy");
    let sent = api.wait_for_sent(3).await;
    assert_eq!(sent[2].chat_id, -100_900);
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    for (old, new, trust) in [(-700, -100_800, "WHT"), (-701, -100_900, "RWT")] {
        assert!(store.group(old).await.unwrap().is_none(), "{old} is gone");
        let moved = store
            .group(new)
            .await
            .unwrap()
            .expect("the group's settings moved");
        assert_eq!(moved.trust.as_deref(), Some(trust));
    }
}

#[tokio::test]
async fn a_question_in_a_forum_topic_is_answered_in_that_topic() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let group = TestChat::group(-100_950, "Fellows forum");

    api.user_writes_in_topic(
        &group,
        77,
        &TestUser::new(1001, "Amina"),
        "/ask how do I apply for study leave",
    );
    let sent = api.wait_for_sent(1).await;
    bot.stop().await;

    assert_eq!(sent[0].chat_id, group.id);
    assert_eq!(sent[0].thread_id, Some(77));
    assert!(sent[0].text.contains("Study leave"), "{}", sent[0].text);
}
