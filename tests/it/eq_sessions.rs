//! EQ sessions, driven through the core with a fake clock and a recording outbox: a fellow who
//! starts on 31 January is asked a week before their 1-month EQ session is due (28 February),
//! "none fits" reaches the leads (once a day, however often it is pressed), and the Monday digest
//! lists who is due.

use std::sync::{Arc, Mutex};

use crate::support::{ADMIN_ID, TestDb, content_dir};
use chrono::{Duration, TimeZone, Utc};
use fellowship_bot::app::build_assistant;
use fellowship_bot::chat::{
    Action, Assistant, ChatRef, Event, Inbound, Outbox, Person, Reply, SendOutcome,
};
use fellowship_bot::clock::{Clock, FakeClock};
use fellowship_bot::config::Settings;
use fellowship_bot::store::{BotStatus, ChatKind};
use fellowship_bot::worker::run_due_jobs;

#[derive(Default)]
struct Recorded(Mutex<Vec<Reply>>);

#[async_trait::async_trait]
impl Outbox for Recorded {
    async fn attempt(&self, reply: &Reply) -> SendOutcome {
        self.0.lock().unwrap().push(reply.clone());
        SendOutcome::Delivered { message_id: None }
    }
}

impl Recorded {
    fn take(&self) -> Vec<Reply> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

fn text_of(reply: &Reply) -> &str {
    match &reply.action {
        Action::Send(message) => &message.html,
        _ => "",
    }
}

async fn say(assistant: &Assistant, text: &str) -> Vec<Reply> {
    let event = Event::Text {
        text: text.into(),
        replying_to_bot: false,
    };
    assistant
        .handle(Inbound::new(
            ChatRef::private(7001),
            Person::named(7001, "Amina"),
            event,
        ))
        .await
}

async fn press(assistant: &Assistant, data: &str) -> Vec<Reply> {
    let event = Event::Button {
        query_id: "q".into(),
        message_id: Some(1),
        data: data.into(),
    };
    assistant
        .handle(Inbound::new(
            ChatRef::private(7001),
            Person::named(7001, "Amina"),
            event,
        ))
        .await
}

#[tokio::test]
async fn a_fellow_starting_on_31_january_is_asked_a_week_before_the_end_of_february() {
    let db = TestDb::sqlite();
    let mut settings = Settings::with_database(&db.url);
    settings.content_dir = content_dir();
    settings.admins = vec![ADMIN_ID];
    let clock = FakeClock::at(Utc.with_ymd_and_hms(2027, 1, 10, 12, 0, 0).unwrap());
    let assistant = build_assistant(Arc::new(settings), Arc::new(clock.clone()), "bot")
        .await
        .unwrap();
    let store = assistant.store();
    store
        .record_chat_status(
            ADMIN_ID,
            ChatKind::Private,
            None,
            BotStatus::Member,
            clock.now(),
        )
        .await
        .unwrap();

    say(&assistant, "/start").await;
    press(&assistant, "reg:consent:yes").await;
    say(&assistant, "Dr Amina").await;
    press(&assistant, "reg:trust:RWT").await;
    say(&assistant, "31/01/2027").await;
    let done = say(&assistant, "Acute medicine").await;
    assert!(text_of(&done[0]).contains("You're registered"));
    let start = Utc.with_ymd_and_hms(2027, 2, 25, 10, 0, 0).unwrap();
    let session = crate::support::a_session("eq-1-month", "1-month EQ", start, Duration::hours(1));
    let id = store
        .add_sessions(&[session], ADMIN_ID, clock.now())
        .await
        .unwrap()[0];
    assistant.schedule_eq_digest().await.unwrap();
    let outbox = Recorded::default();

    clock.set(Utc.with_ymd_and_hms(2027, 2, 21, 8, 59, 0).unwrap());
    run_due_jobs(&assistant, &outbox).await.unwrap();
    let before: Vec<Reply> = outbox
        .take()
        .into_iter()
        .filter(|r| r.chat_id == 7001)
        .collect();
    assert!(before.is_empty(), "not before 09:00 a week ahead");

    clock.set(Utc.with_ymd_and_hms(2027, 2, 21, 9, 1, 0).unwrap());
    run_due_jobs(&assistant, &outbox).await.unwrap();
    let sent = outbox.take();
    let ask = sent
        .iter()
        .find(|r| r.chat_id == 7001)
        .expect("the fellow is asked");
    assert!(
        text_of(ask).contains("1-month EQ session</b> is due around 28 February"),
        "{}",
        text_of(ask)
    );
    let Action::Send(message) = &ask.action else {
        panic!("a message")
    };
    assert!(
        message.buttons.iter().flatten().any(
            |b| b.action == fellowship_bot::chat::ButtonAction::Callback(format!("ses:g:{id}"))
        )
    );

    let replies = press(&assistant, "eq:nofit:1").await;
    assert!(
        replies
            .iter()
            .any(|r| r.chat_id == ADMIN_ID && text_of(r).contains("no 1-month EQ session fits"))
    );
    for _ in 0..4 {
        let again = press(&assistant, "eq:nofit:1").await;
        assert!(
            again.iter().all(|r| r.chat_id != ADMIN_ID),
            "five presses, one alert: {again:#?}"
        );
        assert!(again.iter().any(|r| matches!(&r.action,
            Action::AnswerButton { notice: Some(n), .. } if n.contains("already today"))));
    }

    clock.set(Utc.with_ymd_and_hms(2027, 2, 22, 9, 1, 0).unwrap());
    run_due_jobs(&assistant, &outbox).await.unwrap();
    let digest = outbox.take();
    let to_lead = digest
        .iter()
        .find(|r| r.chat_id == ADMIN_ID)
        .expect("a Monday digest");
    assert!(
        text_of(to_lead).contains("Dr Amina (RWT): 1-month, 28 Feb"),
        "{}",
        text_of(to_lead)
    );
    let next_day = press(&assistant, "eq:nofit:1").await;
    assert!(
        next_day.iter().any(|r| r.chat_id == ADMIN_ID),
        "a new day, a new alert"
    );
}
