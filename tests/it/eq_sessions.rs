//! EQ sessions, on the core: a fellow who starts on 31 January is asked a week before their
//! 1-month EQ session is due (28 February), "none fits" reaches the leads (once a day, however
//! often it is pressed), and the Monday digest lists who is due.

use crate::support::{ADMIN_ID, Delivered, Replies, TestUser, spawn_core_at};
use chrono::{Duration, TimeZone, Utc};
use fellowship_bot::chat::Action;
use fellowship_bot::message::ButtonAction;
use fellowship_bot::store::{BotStatus, ChatKind};

/// The fellow's arrival-checklist nudges run beside the EQ prompts; they are `journey`'s tests.
fn is_checklist_nudge(delivered: &Delivered) -> bool {
    delivered
        .text()
        .contains("gentle nudge from your arrival checklist")
}

#[tokio::test]
async fn a_fellow_starting_on_31_january_is_asked_a_week_before_the_end_of_february() {
    let core = spawn_core_at(Utc.with_ymd_and_hms(2027, 1, 10, 12, 0, 0).unwrap()).await;
    let store = core.store();
    store
        .record_chat_status(
            ADMIN_ID,
            ChatKind::Private,
            None,
            BotStatus::Member,
            core.now(),
        )
        .await
        .unwrap();
    let amina = TestUser::new(7001, "Amina");
    let chat = amina.private_chat();

    core.user_writes(&chat, &amina, "/start").await;
    core.user_presses(&chat, &amina, 1, "reg:consent:yes").await;
    core.user_writes(&chat, &amina, "Dr Amina").await;
    core.user_presses(&chat, &amina, 1, "reg:trust:RWT").await;
    core.user_writes(&chat, &amina, "31/01/2027").await;
    let done = core.user_writes(&chat, &amina, "Acute medicine").await;
    assert!(done.message().text().contains("You're registered"));
    let start = Utc.with_ymd_and_hms(2027, 2, 25, 10, 0, 0).unwrap();
    let session = crate::support::a_session("eq-1-month", "1-month EQ", start, Duration::hours(1));
    let id = store
        .add_sessions(&[session], ADMIN_ID, core.now())
        .await
        .unwrap()[0];
    fellowship_bot::sessions::conversation::Eq::new(core.assistant().context())
        .schedule_eq_digest()
        .await
        .unwrap();

    let before: Vec<Delivered> = core
        .advance_to(Utc.with_ymd_and_hms(2027, 2, 21, 8, 59, 0).unwrap())
        .await
        .into_iter()
        .filter(|r| r.chat_id() == 7001 && !is_checklist_nudge(r))
        .collect();
    assert!(before.is_empty(), "not before 09:00 a week ahead");

    let sent: Vec<Delivered> = core
        .advance_to(Utc.with_ymd_and_hms(2027, 2, 21, 9, 1, 0).unwrap())
        .await
        .into_iter()
        .filter(|r| !is_checklist_nudge(r))
        .collect();
    let ask = sent.message_to(7001);
    assert!(
        ask.text()
            .contains("1-month EQ session</b> is due around 28 February"),
        "{}",
        ask.text()
    );
    let Action::Send(message) = &ask.reply.action else {
        panic!("a message")
    };
    assert!(
        message
            .buttons
            .iter()
            .flatten()
            .any(|b| b.action == ButtonAction::Callback(format!("ses:g:{id}")))
    );

    let replies = core.user_presses(&chat, &amina, 1, "eq:nofit:1").await;
    assert!(
        replies
            .iter()
            .any(|r| r.chat_id() == ADMIN_ID && r.text().contains("no 1-month EQ session fits"))
    );
    for _ in 0..4 {
        let again = core.user_presses(&chat, &amina, 1, "eq:nofit:1").await;
        assert!(
            again.iter().all(|r| r.chat_id() != ADMIN_ID),
            "five presses, one alert: {again:#?}"
        );
        assert!(again.notice().is_some_and(|n| n.contains("already today")));
    }

    let digest = core
        .advance_to(Utc.with_ymd_and_hms(2027, 2, 22, 9, 1, 0).unwrap())
        .await;
    let to_lead = digest.message_to(ADMIN_ID);
    assert!(
        to_lead.text().contains("Dr Amina (RWT): 1-month, 28 Feb"),
        "{}",
        to_lead.text()
    );
    let next_day = core.user_presses(&chat, &amina, 1, "eq:nofit:1").await;
    assert!(
        next_day.iter().any(|r| r.chat_id() == ADMIN_ID),
        "a new day, a new alert"
    );
}
