//! The buddy scheme, on the core: a lead asks for a suggestion and assigns with one tap (twice
//! does nothing more), by name, @username or id; both people are introduced (with a button to
//! open the chat when there is no username), and two weeks later the fellow's "not yet" reaches
//! the leads. Over the fake Bot API: an introduction survives Telegram refusing that button.

use crate::support::{ADMIN_ID, Replies, TestUser, spawn_core_at};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fellowship_bot::fellows::{Fellow, Role};
use fellowship_bot::store::{BotStatus, ChatKind, Store};

async fn person(store: &Store, id: i64, name: &str, trust: &str, specialty: &str, buddy: bool) {
    let now = Utc::now();
    store
        .remember_private_sender(id, name, Some(&format!("user{id}")), now)
        .await
        .unwrap();
    store
        .record_chat_status(id, ChatKind::Private, None, BotStatus::Member, now)
        .await
        .unwrap();
    let fellow = Fellow {
        user_id: id,
        name: name.into(),
        trust: trust.into(),
        start_date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        specialty: specialty.into(),
        left_on: None,
    };
    store.save_fellow(&fellow, now).await.unwrap();
    if buddy {
        store
            .grant_role(id, Role::Buddy, ADMIN_ID, now)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_suggested_buddy_is_assigned_introduced_and_checked_on_two_weeks_later() {
    let core = spawn_core_at(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()).await;
    let store = core.store();
    person(&store, 4001, "Dr New", "RWT", "Cardiology", false).await;
    person(&store, 4002, "Dr Same Specialty", "RWT", "Cardiology", true).await;
    person(&store, 4003, "Dr Other Specialty", "RWT", "Surgery", true).await;
    person(&store, 4004, "Dr Other Trust", "WHT", "Cardiology", true).await;
    store
        .record_chat_status(
            ADMIN_ID,
            ChatKind::Private,
            None,
            BotStatus::Member,
            Utc::now(),
        )
        .await
        .unwrap();
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let new = TestUser::new(4001, "Dr New");

    let suggestions = core
        .user_writes(&lead.private_chat(), &lead, "/buddy @user4001")
        .await;
    let suggestions = suggestions.message();
    assert!(
        !suggestions.text().contains("Other Trust"),
        "same trust only: {}",
        suggestions.text()
    );
    assert_eq!(
        suggestions.buttons()[0][0].1,
        "bud:a:4001:4002",
        "same specialty first"
    );

    let assigned = core
        .user_presses(
            &lead.private_chat(),
            &lead,
            suggestions.message_id,
            "bud:a:4001:4002",
        )
        .await;
    let again = core
        .user_presses(
            &lead.private_chat(),
            &lead,
            suggestions.message_id,
            "bud:a:4001:4002",
        )
        .await;
    assert!(
        again.messages().is_empty(),
        "a second press introduces nobody again: {again:#?}"
    );
    assert!(
        assigned
            .message_to(ADMIN_ID)
            .text()
            .contains("Dr Same Specialty is now Dr New's buddy")
    );
    assert!(
        assigned
            .message_to(4002)
            .text()
            .contains("You are now the buddy of <b>Dr New</b> (@user4001)")
    );
    assert!(
        assigned
            .message_to(4001)
            .text()
            .contains("Meet your buddy: <b>Dr Same Specialty</b> (@user4002)")
    );

    let mine = core
        .user_writes(&new.private_chat(), &new, "/mybuddy")
        .await;
    assert!(
        mine.message()
            .text()
            .contains("Your buddy is <b>Dr Same Specialty</b>")
    );

    let two_weeks_on = core
        .advance(Duration::days(14) + Duration::minutes(1))
        .await;
    let checkin = two_weeks_on.message_to(4001);
    assert!(checkin.text().contains("Have they been in touch?"));
    let not_yet = core
        .user_presses(&new.private_chat(), &new, checkin.message_id, "bud:c:1:no")
        .await;
    let alert = not_yet.message();
    assert!(alert.text().contains("has not been in touch"));
    assert_eq!(alert.chat_id(), ADMIN_ID);

    core.user_presses(&new.private_chat(), &new, checkin.message_id, "bud:c:1:no")
        .await;
    let report = core
        .user_writes(&lead.private_chat(), &lead, "/buddyreport")
        .await;
    let report = report.message().text();
    assert!(report.contains("Buddy report"));
    assert!(
        report.contains("not in touch") && report.contains("Dr Same Specialty: 1"),
        "{report}"
    );
}

/// A fellow who has no Telegram username.
async fn without_username(store: &Store, id: i64, name: &str, buddy: bool) {
    person(store, id, name, "RWT", "Medicine", buddy).await;
    store
        .remember_private_sender(id, name, None, Utc::now())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_lead_pairs_fellows_by_name_choosing_between_two_and_both_get_a_button_to_message() {
    let core = spawn_core_at(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()).await;
    let store = core.store();
    without_username(&store, 5001, "Amaka Eze", false).await;
    without_username(&store, 5002, "Amaka Obi", false).await;
    without_username(&store, 5003, "Ravi Kumar", true).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let chat = lead.private_chat();

    let suggest = core.user_writes(&chat, &lead, "/buddy Amaka Eze").await;
    assert!(
        suggest
            .message()
            .text()
            .contains("Suggested buddies for Amaka Eze"),
        "{}",
        suggest.message().text()
    );
    let which = core
        .user_writes(&chat, &lead, "/buddy Amaka, Ravi Kumar")
        .await;
    let which = which.message();
    assert!(
        which.text().contains("Several fellows fit Amaka"),
        "{}",
        which.text()
    );
    let choices = which.buttons().into_iter().flatten().collect::<Vec<_>>();
    assert_eq!(choices.len(), 2, "{choices:?}");
    assert!(choices[0].0.starts_with("Amaka Eze (RWT"), "{choices:?}");
    let assigned = core
        .user_presses(&chat, &lead, which.message_id, &choices[0].1)
        .await;

    let to = |id: i64| -> Vec<_> { assigned.iter().filter(|d| d.reply.chat_id == id).collect() };
    let amaka = to(5001);
    assert!(
        amaka[0]
            .text()
            .contains("Meet your buddy: <b>Ravi Kumar</b>"),
        "{}",
        amaka[0].text()
    );
    assert!(
        amaka[0].text().contains("say hello in the programme group"),
        "a fallback: {}",
        amaka[0].text()
    );
    assert_eq!(
        amaka[1].buttons(),
        vec![vec![(
            "💬 Message your buddy".to_owned(),
            "tg://user?id=5003".to_owned()
        )]]
    );
    let ravi = to(5003);
    assert_eq!(
        ravi[1].buttons(),
        vec![vec![(
            "💬 Message Amaka Eze".to_owned(),
            "tg://user?id=5001".to_owned()
        )]]
    );
    assert!(to(5002).is_empty(), "the other Amaka hears nothing");
    let pairs = store.buddy_pairs().await.unwrap();
    assert_eq!((pairs[0].fellow_id, pairs[0].buddy_id), (5001, 5003));
}

#[tokio::test]
async fn a_name_nobody_has_says_how_to_write_the_command() {
    let core = spawn_core_at(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let reply = core
        .user_writes(&lead.private_chat(), &lead, "/buddy Zainab Musa")
        .await;
    let text = reply.message().text().to_owned();
    assert!(
        text.contains("I can't find a registered fellow called Zainab Musa"),
        "{text}"
    );
    assert!(text.contains("/buddy Amaka Eze, Ravi Kumar"), "{text}");
}

#[tokio::test]
async fn over_telegram_an_introduction_arrives_even_when_the_chat_button_is_refused() {
    use crate::support::{FakeBotApi, TestBot, TestDb, settings_for};
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    without_username(&store, 5001, "Amaka Eze", false).await;
    without_username(&store, 5003, "Ravi Kumar", true).await;
    store.close().await;
    // Ravi's privacy settings forbid links to his account.
    api.forbid_links_to(5003);
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");

    api.user_writes(&lead.private_chat(), &lead, "/buddy Amaka Eze, Ravi Kumar");
    let sent = api.wait_for_sent(4).await;
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let to_amaka: Vec<_> = sent.iter().filter(|m| m.chat_id == 5001).collect();
    assert_eq!(
        to_amaka.len(),
        1,
        "the introduction, not the refused button: {sent:#?}"
    );
    assert!(
        to_amaka[0].text.contains("Meet your buddy"),
        "{}",
        to_amaka[0].text
    );
    assert!(
        to_amaka[0].text.contains("programme group"),
        "{}",
        to_amaka[0].text
    );
    let refused = api
        .calls("sendMessage")
        .into_iter()
        .filter(|c| !c.ok && c.body["chat_id"] == 5001)
        .count();
    assert!(
        refused >= 1,
        "Telegram refused the button to Ravi's account"
    );
    let to_ravi: Vec<_> = sent.iter().filter(|m| m.chat_id == 5003).collect();
    assert_eq!(to_ravi.len(), 2, "{sent:#?}");
    assert_eq!(to_ravi[1].buttons[0][0].1, "tg://user?id=5001");
}
