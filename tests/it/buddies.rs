//! The buddy scheme over Telegram: a lead asks for a suggestion and assigns with one tap (twice
//! does nothing more), both people are introduced, and two weeks later the fellow's "not yet"
//! reaches the leads.

use std::sync::Arc;

use crate::support::{ADMIN_ID, FakeBotApi, TestBot, TestDb, TestUser, settings_for};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fellowship_bot::clock::FakeClock;
use fellowship_bot::fellows::{Fellow, Role};
use fellowship_bot::store::{BotStatus, ChatKind, Store};

async fn person(store: &Store, id: i64, name: &str, trust: &str, specialty: &str, buddy: bool) {
    let now = Utc::now();
    store
        .remember_person(id, name, Some(&format!("user{id}")), now)
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
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
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
    store.close().await;
    let clock = FakeClock::at(Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap());
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), Arc::new(clock.clone())).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let new = TestUser::new(4001, "Dr New");

    api.user_writes(&lead.private_chat(), &lead, "/buddy @user4001");
    let suggestions = api.wait_for_sent(1).await.pop().unwrap();
    assert!(
        !suggestions.text.contains("Other Trust"),
        "same trust only: {}",
        suggestions.text
    );
    assert_eq!(
        suggestions.buttons[0][0].1, "bud:a:4001:4002",
        "same specialty first"
    );

    api.user_presses(
        &lead.private_chat(),
        &lead,
        suggestions.message_id,
        "bud:a:4001:4002",
    );
    let sent = api.wait_for_sent(4).await;
    api.user_presses(
        &lead.private_chat(),
        &lead,
        suggestions.message_id,
        "bud:a:4001:4002",
    );
    api.wait_for_calls("answerCallbackQuery", 2).await;
    assert_eq!(
        api.sent().len(),
        4,
        "a second press introduces nobody again"
    );
    let to = |id: i64| {
        sent[1..]
            .iter()
            .find(|m| m.chat_id == id)
            .unwrap_or_else(|| panic!("a message to {id}: {sent:#?}"))
    };
    assert!(
        to(ADMIN_ID)
            .text
            .contains("Dr Same Specialty is now Dr New's buddy")
    );
    assert!(
        to(4002)
            .text
            .contains("You are now the buddy of <b>Dr New</b> (@user4001)")
    );
    assert!(
        to(4001)
            .text
            .contains("Meet your buddy: <b>Dr Same Specialty</b> (@user4002)")
    );

    api.user_writes(&new.private_chat(), &new, "/mybuddy");
    let mine = api.wait_for_sent(5).await.pop().unwrap();
    assert!(mine.text.contains("Your buddy is <b>Dr Same Specialty</b>"));

    // Two weeks on (the leads' Monday EQ digest may go out on the way, too).
    clock.advance(Duration::days(14) + Duration::minutes(1));
    let find = |needle: &'static str| {
        let api = api.clone();
        async move {
            let seen = api
                .wait_until(std::time::Duration::from_secs(20), |calls| {
                    calls.iter().any(|c| {
                        c.ok && c.body["text"].as_str().is_some_and(|t| t.contains(needle))
                    })
                })
                .await;
            assert!(seen, "no message with {needle:?}");
            api.sent()
                .into_iter()
                .find(|m| m.text.contains(needle))
                .unwrap()
        }
    };
    let checkin = find("Have they been in touch?").await;
    assert_eq!(checkin.chat_id, 4001);
    api.user_presses(&new.private_chat(), &new, checkin.message_id, "bud:c:1:no");
    let alert = find("has not been in touch").await;
    assert_eq!(alert.chat_id, ADMIN_ID);

    api.user_presses(&new.private_chat(), &new, checkin.message_id, "bud:c:1:no");
    api.wait_for_calls("answerCallbackQuery", 4).await;
    api.user_writes(&lead.private_chat(), &lead, "/buddyreport");
    let report = find("Buddy report").await;
    assert!(
        report.text.contains("not in touch") && report.text.contains("Dr Same Specialty: 1"),
        "{}",
        report.text
    );
    bot.stop().await;
}
