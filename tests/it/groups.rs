//! Programme groups over Telegram: an admin confirms the group, newcomers are welcomed once with
//! a way into registration, the previous welcome is removed, and a group that becomes a
//! supergroup is followed.

use crate::support::{
    ADMIN_ID, BOT_USERNAME, Failure, FakeBotApi, TestBot, TestChat, TestDb, TestUser, settings_for,
};
use fellowship_bot::store::Store;

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

/// Every restricted command, with arguments that make it say as much as it can.
fn lead_commands(session: i64, other_session: i64) -> Vec<String> {
    let mut commands: Vec<String> = fellowship_bot::assistant::KnownCommand::restricted()
        .map(|command| {
            let name = command.name();
            let args = match name {
                "grant" | "revoke" => "@amina_k buddy".to_owned(),
                "buddy" => "@ben_w".to_owned(),
                "attendance" | "report" | "announce" => session.to_string(),
                "cancelsession" => other_session.to_string(),
                "movesession" => format!("{session} tomorrow 9am"),
                "cycle" => "sim-training Shorter briefing".to_owned(),
                "leaving" => "@ben_w 2026-12-31".to_owned(),
                _ => String::new(),
            };
            format!("/{name} {args}").trim_end().to_owned()
        })
        .collect();
    commands.push("/buddy".to_owned());
    commands
}

#[tokio::test]
async fn every_lead_command_in_a_group_answers_privately_and_the_group_sees_no_names_or_ids() {
    use chrono::Utc;
    use fellowship_bot::fellows::Role;
    use fellowship_bot::store::{BotStatus, ChatKind, QuestionOutcome, RecordedQuestion};
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    let now = Utc::now();
    // Amina (RWT), Ben (WHT, who blocked the bot) and Chidi (RWT, a buddy, Amina's).
    let people = [
        (1001, "Amina", "amina_k", "RWT"),
        (1002, "Ben", "ben_w", "WHT"),
        (1003, "Chidi", "chidi_o", "RWT"),
    ];
    for (id, first_name, username, trust) in people {
        crate::support::register_fellow(&store, id, trust).await;
        store
            .remember_private_sender(id, first_name, Some(username), now)
            .await
            .unwrap();
    }
    store
        .record_chat_status(1002, ChatKind::Private, None, BotStatus::Removed, now)
        .await
        .unwrap();
    store
        .record_chat_status(ADMIN_ID, ChatKind::Private, None, BotStatus::Member, now)
        .await
        .unwrap();
    store
        .grant_role(1003, Role::Buddy, ADMIN_ID, now)
        .await
        .unwrap();
    store.assign_buddy(1001, 1003, ADMIN_ID, now).await.unwrap();
    store
        .record_audit(ADMIN_ID, "grant", "buddy 1003 (Dr Fellow 1003)", now)
        .await
        .unwrap();
    let question = RecordedQuestion {
        asked_by: 1001,
        question: "where can Amina park",
        topic: None,
        score: 0.0,
        outcome: QuestionOutcome::Unanswered,
    };
    store.record_question(question, now).await.unwrap();
    let start = now + chrono::Duration::days(3);
    let sessions = [
        crate::support::a_session(
            "sim-training",
            "SIM training",
            start,
            chrono::Duration::hours(1),
        ),
        crate::support::a_session(
            "sim-training",
            "SIM again",
            start,
            chrono::Duration::hours(1),
        ),
    ];
    let ids = store.add_sessions(&sessions, ADMIN_ID, now).await.unwrap();
    for user in [1001, 1003] {
        store.rsvp(ids[0], user, true, now).await.unwrap();
        store
            .mark_attended(ids[0], user, ADMIN_ID, now)
            .await
            .unwrap();
    }
    let mut settings = settings_for(&api, &db.url);
    settings.send_limits = fellowship_bot::config::SendLimits {
        overall_per_second: 1_000,
        chat_per_second: 1_000,
        group_per_minute: 100_000,
    };
    let bot = TestBot::start(settings).await;
    let group = TestChat::group(-100_600, "Fellows");
    let lead = TestUser::new(ADMIN_ID, "Lead");

    let commands = lead_commands(ids[0], ids[1]);
    for command in &commands {
        api.user_writes(&group, &lead, command);
    }
    let answered = api
        .wait_until(std::time::Duration::from_secs(30), |calls| {
            calls
                .iter()
                .filter(|c| c.ok && c.body["chat_id"].as_i64() == Some(group.id))
                .count()
                >= commands.len()
        })
        .await;
    assert!(answered, "one answer in the group per command");
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let mut private = String::new();
    for call in api.calls("sendMessage") {
        let chat = call.body["chat_id"].as_i64();
        let text = call.body["text"].as_str().unwrap_or_default();
        if chat == Some(ADMIN_ID) {
            private.push_str(text);
        }
    }
    for who in [
        "Dr Fellow 1003",
        "Dr Fellow 1002",
        "@chidi_o",
        "where can Amina park",
    ] {
        assert!(
            private.contains(who),
            "the lead got the answers privately: {who}"
        );
    }
    let to_group: Vec<String> = [
        "sendMessage",
        "editMessageText",
        "sendDocument",
        "sendPhoto",
    ]
    .iter()
    .flat_map(|method| api.calls(method))
    .filter(|c| {
        c.body["chat_id"].as_i64() == Some(group.id)
            || c.body
                .as_str()
                .is_some_and(|b| b.contains(&group.id.to_string()))
    })
    .map(|c| c.body.to_string())
    .collect();
    assert!(!to_group.is_empty());
    for message in &to_group {
        for (id, first_name, username, _) in people {
            for secret in [id.to_string(), first_name.to_owned(), username.to_owned()] {
                assert!(
                    !message.contains(&secret),
                    "the group saw {secret}: {message}"
                );
            }
        }
    }
    let privately = to_group
        .iter()
        .filter(|m| m.contains("sent it to you privately"))
        .count();
    let answering = |answers| {
        fellowship_bot::assistant::KnownCommand::restricted()
            .filter(|command| command.answers() == answers)
            .count()
    };
    let in_place = answering(fellowship_bot::assistant::Answers::InPlace);
    // /web's answer is a sign-in link: in a group the lead is only asked to send it privately.
    let only_in_private = answering(fellowship_bot::assistant::Answers::OnlyInPrivate);
    let asked = to_group
        .iter()
        .filter(|m| m.contains("to me in a private chat"))
        .count();
    assert_eq!(asked, only_in_private, "{to_group:#?}");
    assert_eq!(
        privately,
        commands.len() - in_place - only_in_private,
        "{to_group:#?}"
    );
}

#[tokio::test]
async fn a_lead_who_never_started_the_bot_is_told_how_to_get_a_private_answer() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let group = TestChat::group(-100_601, "Fellows");
    api.user_writes(&group, &TestUser::new(ADMIN_ID, "Lead"), "/roles");
    let sent = api.wait_for_sent(1).await;
    bot.stop().await;
    assert_eq!(sent.len(), 1, "nothing to send privately: {sent:#?}");
    assert_eq!(sent[0].chat_id, group.id);
    assert!(
        sent[0].text.contains("open a private chat"),
        "{}",
        sent[0].text
    );
    assert_eq!(
        sent[0].buttons[0][0].1,
        format!("https://t.me/{BOT_USERNAME}")
    );
}
