//! The calendar over Telegram and from the command line: importing sessions (all or nothing,
//! problems by line), announcing with RSVP buttons, capacity and the waiting list, and reminders
//! that are sent late only while the session has not started.

use std::sync::Arc;

use crate::support::{
    ADMIN_ID, Failure, FakeBotApi, TestBot, TestChat, TestDb, TestUser, content_dir, settings_for,
};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fellowship_bot::clock::FakeClock;
use fellowship_bot::fellows::Fellow;
use fellowship_bot::sessions::{Audience, NewSession};
use fellowship_bot::store::{BotStatus, ChatKind, Store};

#[test]
fn a_csv_with_bad_rows_imports_nothing_and_names_each_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bot.db").display());
    let run = |csv: &str| {
        let file = dir.path().join("sessions.csv");
        std::fs::write(&file, csv).unwrap();
        std::process::Command::new(env!("CARGO_BIN_EXE_fellowship-bot"))
            .args(["sessions", "import"])
            .arg(&file)
            .env("DATABASE_URL", &url)
            .env("CONTENT_DIR", content_dir())
            .output()
            .unwrap()
    };
    let bad = run("type,title,start,end,location\n\
                   sim,Good,2027-03-12 14:00,2027-03-12 16:00,SIM suite\n\
                   knitting,Bad type,2027-03-12 14:00,2027-03-12 16:00,Room 2\n\
                   sim,Gap,2027-03-28 01:30,2027-03-28 03:00,Room 2\n");
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(!bad.status.success());
    assert!(
        stderr.contains("Nothing was imported")
            && stderr.contains("line 3")
            && stderr.contains("line 4"),
        "{stderr}"
    );
    assert!(stderr.contains("clocks go forward"), "{stderr}");

    let good = run(
        "type,title,start,end,location,audience,capacity\nsim,Acute SIM,2027-03-12 14:00,2027-03-12 16:00,SIM suite,RWT,12\n",
    );
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    assert!(String::from_utf8_lossy(&good.stdout).contains("Imported 1 session(s): #1 to #1"));
}

async fn fellow(store: &Store, id: i64, trust: &str) {
    let now = Utc::now();
    store
        .remember_person(id, &format!("F{id}"), None, now)
        .await
        .unwrap();
    store
        .record_chat_status(id, ChatKind::Private, None, BotStatus::Member, now)
        .await
        .unwrap();
    let fellow = Fellow {
        user_id: id,
        name: format!("Fellow {id}"),
        trust: trust.into(),
        start_date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        specialty: "Medicine".into(),
        left_on: None,
    };
    store.save_fellow(&fellow, now).await.unwrap();
}

#[tokio::test]
async fn an_announced_session_fills_up_moves_its_waiting_list_and_reminds_the_people_going() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let clock = FakeClock::at(start - Duration::days(3));
    let group = TestChat::group(-100_1000, "RWT fellows");
    let store = Store::open(&db.url).await.unwrap();
    for (id, trust) in [(5001, "RWT"), (5002, "RWT"), (5003, "WHT")] {
        fellow(&store, id, trust).await;
    }
    store
        .set_programme_group(group.id, Some("RWT fellows"), Some("RWT"), Utc::now())
        .await
        .unwrap();
    let session = NewSession {
        session_type: "sim".into(),
        title: "Acute SIM".into(),
        starts_at: start,
        ends_at: start + Duration::hours(3),
        location: "SIM suite, New Cross".into(),
        audience: Audience::Trust("RWT".into()),
        capacity: Some(1),
        facilitators: String::new(),
    };
    let id = store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    store.close().await;
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), Arc::new(clock.clone())).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let (a, b, c, stranger) = (
        TestUser::new(5001, "A"),
        TestUser::new(5002, "B"),
        TestUser::new(5003, "C"),
        TestUser::new(5009, "S"),
    );

    api.user_writes(&lead.private_chat(), &lead, &format!("/announce {id}"));
    let sent = api.wait_for_sent(2).await;
    let post = sent
        .iter()
        .find(|m| m.chat_id == group.id)
        .expect("announced in the RWT group");
    assert!(
        post.text.contains("Acute SIM")
            && post.text.contains("Fri 27 Nov 2026, 09:00")
            && post.text.contains("0 going of 1 places"),
        "{}",
        post.text
    );
    let going = format!("ses:g:{id}");

    api.user_presses(&group, &a, post.message_id, &going);
    let edits = api.wait_for_calls("editMessageText", 1).await;
    assert!(
        edits[0].body["text"]
            .as_str()
            .unwrap()
            .contains("1 going of 1 places")
    );
    api.user_presses(&group, &b, post.message_id, &going);
    let edits = api.wait_for_calls("editMessageText", 2).await;
    assert!(
        edits[1].body["text"]
            .as_str()
            .unwrap()
            .contains("1 waiting")
    );
    api.user_presses(&group, &c, post.message_id, &going);
    api.user_presses(&group, &stranger, post.message_id, &going);
    let notices = api.wait_for_calls("answerCallbackQuery", 4).await;
    let said: Vec<&str> = notices
        .iter()
        .filter_map(|n| n.body["text"].as_str())
        .collect();
    assert!(said[0].starts_with("You're going") && said[1].contains("waiting list"));
    assert!(
        said.contains(&"This session is for fellows at RWT.")
            && said.iter().any(|s| s.contains("register first")),
        "{said:?}"
    );

    api.user_presses(&group, &a, post.message_id, &format!("ses:n:{id}"));
    let promoted = api.wait_for_sent(3).await.pop().unwrap();
    assert_eq!(promoted.chat_id, b.id);
    assert!(promoted.text.contains("A place came up"));

    // The 1-day reminders: privately for B (now going), and in the group where it was announced.
    clock.advance(Duration::days(2) + Duration::minutes(1));
    let sent = api.wait_for_sent(5).await;
    let reminder = sent
        .iter()
        .find(|m| m.chat_id == b.id && m.text.contains("⏰"))
        .expect("B is reminded");
    assert!(
        reminder.text.contains("Acute SIM")
            && reminder.text.contains("in 1 day")
            && !reminder.text.contains("late"),
        "{}",
        reminder.text
    );
    let in_group = sent
        .iter()
        .find(|m| m.chat_id == group.id && m.text.contains("⏰"))
        .expect("the group is reminded");
    assert!(
        in_group.text.contains("1 going so far"),
        "{}",
        in_group.text
    );
    assert!(
        !sent
            .iter()
            .any(|m| m.chat_id == a.id && m.text.contains("⏰")),
        "A gave up the place"
    );
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    // Down over the 1-hour reminder: sent late on restart, saying so, since the session has not started.
    clock.set(start - Duration::minutes(30));
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), Arc::new(clock.clone())).await;
    api.wait_for_sent(7).await;
    bot.stop().await;
    let b_reminders: Vec<_> = api
        .sent()
        .into_iter()
        .filter(|m| m.chat_id == b.id && m.text.contains("⏰"))
        .collect();
    assert_eq!(b_reminders.len(), 2, "no reminder twice");
    assert!(
        b_reminders[1].text.contains("Sorry this is late"),
        "{}",
        b_reminders[1].text
    );
}

#[tokio::test]
async fn a_reminder_that_came_due_while_down_is_dropped_once_the_session_started() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let store = Store::open(&db.url).await.unwrap();
    fellow(&store, 5001, "RWT").await;
    let session = crate::support::a_session("sim", "Missed", start, Duration::hours(1));
    let id = store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    store.rsvp(id, 5001, true, Utc::now()).await.unwrap();
    let payload = format!("{{\"session_id\":{id},\"user_id\":5001}}");
    store
        .schedule_job(
            "session_reminder",
            "test-reminder",
            &payload,
            start - Duration::hours(1),
        )
        .await
        .unwrap();
    store.close().await;

    let settings = settings_for(&api, &db.url);
    let clock = FakeClock::at(start + Duration::minutes(5));
    let assistant =
        fellowship_bot::app::build_assistant(Arc::new(settings), Arc::new(clock), "bot")
            .await
            .unwrap();
    let outbox = Recorded::default();
    let ran = fellowship_bot::worker::run_due_jobs(&assistant, &outbox)
        .await
        .unwrap();

    assert_eq!(ran, 1, "the job was handled");
    assert!(
        outbox.0.lock().unwrap().is_empty(),
        "nothing is sent for a session already under way"
    );
    assert_eq!(
        assistant.store().next_job_due().await.unwrap(),
        None,
        "and it is done, not retried"
    );
}

/// Replies the worker would have sent.
#[derive(Default)]
struct Recorded(std::sync::Mutex<Vec<fellowship_bot::chat::Reply>>);

#[async_trait::async_trait]
impl fellowship_bot::chat::Outbox for Recorded {
    async fn attempt(
        &self,
        reply: &fellowship_bot::chat::Reply,
    ) -> fellowship_bot::chat::SendOutcome {
        self.0.lock().unwrap().push(reply.clone());
        fellowship_bot::chat::SendOutcome::Delivered { message_id: None }
    }
}

#[tokio::test]
async fn check_in_and_lead_marks_count_as_attendance_and_a_cancellation_tells_everyone_going() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let clock = FakeClock::at(start - Duration::minutes(20));
    let store = Store::open(&db.url).await.unwrap();
    for (id, trust) in [(5001, "RWT"), (5002, "WHT")] {
        fellow(&store, id, trust).await;
    }
    let induction = NewSession {
        session_type: "cfp-induction".into(),
        title: "CFP induction".into(),
        starts_at: start,
        ends_at: start + Duration::hours(4),
        location: "Education centre".into(),
        audience: Audience::Everyone,
        capacity: None,
        facilitators: "Chief fellows".into(),
    };
    let later = NewSession {
        title: "Later SIM".into(),
        session_type: "sim".into(),
        starts_at: start + Duration::days(7),
        ends_at: start + Duration::days(7) + Duration::hours(2),
        ..induction.clone()
    };
    let ids = store
        .add_sessions(&[induction, later], ADMIN_ID, Utc::now())
        .await
        .unwrap();
    for user in [5001, 5002] {
        store.rsvp(ids[0], user, true, Utc::now()).await.unwrap();
        store.rsvp(ids[1], user, true, Utc::now()).await.unwrap();
    }
    store.close().await;
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), Arc::new(clock.clone())).await;
    let (a, lead) = (TestUser::new(5001, "A"), TestUser::new(ADMIN_ID, "Lead"));

    api.user_presses(&a.private_chat(), &a, 1, &format!("ses:h:{}", ids[0]));
    api.user_presses(&a.private_chat(), &a, 1, &format!("ses:h:{}", ids[1]));
    let notices = api.wait_for_calls("answerCallbackQuery", 2).await;
    assert_eq!(notices[0].body["text"], "Checked in ✅ Thank you!");
    assert_eq!(
        notices[1].body["text"],
        "Check-in opens 30 minutes before the start."
    );

    api.user_writes(
        &lead.private_chat(),
        &lead,
        &format!("/attendance {}", ids[0]),
    );
    let sheet = api.wait_for_sent(1).await.pop().unwrap();
    assert!(
        sheet.buttons[0][0].0.starts_with('✅') && sheet.buttons[1][0].0.starts_with('⬜'),
        "{:?}",
        sheet.buttons
    );
    api.user_presses(
        &lead.private_chat(),
        &lead,
        sheet.message_id,
        &sheet.buttons[1][0].1,
    );
    let edited = api
        .wait_for_calls("editMessageText", 1)
        .await
        .pop()
        .unwrap();
    assert!(edited.body.to_string().contains("✅ Fellow 5002"));

    api.user_writes(&lead.private_chat(), &lead, "/stats 2026-11-01 2026-11-30");
    let stats = api.wait_for_sent(2).await.pop().unwrap();
    let row = stats
        .text
        .lines()
        .find(|l| l.starts_with("Attendance, CF induction"))
        .expect("an attendance row");
    assert_eq!(
        row.split_whitespace().skip(3).collect::<Vec<_>>(),
        vec!["1", "1", "0"],
        "{row}"
    );

    api.user_writes(
        &lead.private_chat(),
        &lead,
        &format!("/cancelsession {}", ids[1]),
    );
    let sent = api.wait_for_sent(5).await;
    api.user_writes(&a.private_chat(), &a, "/calendar");
    api.user_presses(&a.private_chat(), &a, 1, &format!("ses:c:{}", ids[0]));
    let files = api.wait_for_calls("sendDocument", 2).await;
    bot.stop().await;
    let all = files[0].body.as_str().unwrap();
    assert!(
        all.contains("fellowship-sessions.ics")
            && all.contains(&format!("UID:session-{}@fellowship-bot", ids[0]))
    );
    assert!(
        all.contains("STATUS:CANCELLED") && all.contains("SEQUENCE:1"),
        "the cancelled session is marked: {all}"
    );
    assert!(
        files[1]
            .body
            .as_str()
            .unwrap()
            .contains(&format!("session-{}.ics", ids[0]))
    );
    assert!(sent[2].text.contains("Cancelled. I told 2 people."));
    for user in [5001, 5002] {
        assert!(sent.iter().any(|m| m.chat_id == user
            && m.text.contains("Later SIM")
            && m.text.contains("is cancelled")));
    }
}

#[tokio::test]
async fn a_lead_creates_a_session_in_chat_across_a_restart() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let chat = lead.private_chat();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;

    api.user_writes(&chat, &lead, "/newsession");
    let types = api.wait_for_sent(1).await.pop().unwrap();
    assert!(
        types
            .buttons
            .iter()
            .flatten()
            .any(|(_, data)| data == "ns:type:eq-1-month")
    );
    api.user_presses(&chat, &lead, types.message_id, "ns:type:sim");
    api.user_writes(&chat, &lead, "Acute SIM");
    api.user_writes(&chat, &lead, "whenever");
    api.user_writes(&chat, &lead, "next Tuesday 2pm");
    let sent = api.wait_for_sent(5).await;
    assert!(
        sent[3].text.contains("couldn't") || sent[3].text.contains("not a time"),
        "{}",
        sent[3].text
    );
    api.wait_until_all_confirmed().await;
    bot.stop().await;

    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    api.user_writes(&chat, &lead, "90m");
    api.user_writes(&chat, &lead, "SIM suite, New Cross");
    let audience = api.wait_for_sent(7).await.pop().unwrap();
    api.user_presses(&chat, &lead, audience.message_id, "ns:audience:RWT");
    api.user_writes(&chat, &lead, "12");
    let confirm = api.wait_for_sent(9).await.pop().unwrap();
    assert!(
        confirm.text.contains("Acute SIM")
            && confirm.text.contains("14:00 to")
            && confirm.text.contains("12 places"),
        "{}",
        confirm.text
    );
    api.user_presses(&chat, &lead, confirm.message_id, "ns:confirm:create");
    api.user_presses(&chat, &lead, confirm.message_id, "ns:confirm:create");
    let created = api.wait_for_sent(10).await.pop().unwrap();
    assert!(
        created.text.contains("Created session #1"),
        "{}",
        created.text
    );
    api.wait_for_calls("answerCallbackQuery", 4).await;
    bot.stop().await;

    let store = Store::open(&db.url).await.unwrap();
    let sessions = store
        .upcoming_sessions(Utc::now(), 10, &["RWT".to_owned()])
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1, "a second press creates nothing more");
    assert_eq!(
        sessions[0].details.ends_at - sessions[0].details.starts_at,
        Duration::minutes(90)
    );
}

#[tokio::test]
async fn a_reminder_claimed_by_another_worker_that_died_is_sent_once_its_short_lease_lapses() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let store = Store::open(&db.url).await.unwrap();
    fellow(&store, 5001, "RWT").await;
    let session = crate::support::a_session("sim", "Claimed", start, Duration::hours(1));
    let id = store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    store.rsvp(id, 5001, true, Utc::now()).await.unwrap();
    let due = start - Duration::days(1);
    let payload = format!("{{\"session_id\":{id},\"user_id\":5001}}");
    store
        .schedule_job("session_reminder", "crash-test", &payload, due)
        .await
        .unwrap();
    // A worker claims it and dies before sending.
    let dead = fellowship_bot::store::Claimant::new();
    assert_eq!(store.claim_due_jobs(&dead, due, 10).await.unwrap().len(), 1);
    store.close().await;

    let clock = FakeClock::at(due + Duration::seconds(5));
    let settings = settings_for(&api, &db.url);
    let assistant =
        fellowship_bot::app::build_assistant(Arc::new(settings), Arc::new(clock.clone()), "bot")
            .await
            .unwrap();
    let outbox = Recorded::default();
    assert_eq!(
        fellowship_bot::worker::run_due_jobs(&assistant, &outbox)
            .await
            .unwrap(),
        0,
        "still claimed"
    );

    clock.advance(fellowship_bot::store::CLAIM_LEASE);
    assert_eq!(
        fellowship_bot::worker::run_due_jobs(&assistant, &outbox)
            .await
            .unwrap(),
        1,
        "not lost"
    );
    assert_eq!(
        fellowship_bot::worker::run_due_jobs(&assistant, &outbox)
            .await
            .unwrap(),
        0,
        "and done"
    );
    let sent = outbox.0.lock().unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].chat_id, 5001);
}

#[tokio::test]
async fn a_moved_session_tells_the_people_going_and_reminds_them_at_the_new_time_only() {
    use fellowship_bot::chat::{ChatRef, Event, Inbound, Person};
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let store = Store::open(&db.url).await.unwrap();
    fellow(&store, 5001, "RWT").await;
    let session = crate::support::a_session("sim", "Movable", start, Duration::hours(2));
    let id = store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    store.close().await;
    let clock = FakeClock::at(start - Duration::days(5));
    let assistant = fellowship_bot::app::build_assistant(
        Arc::new(settings_for(&api, &db.url)),
        Arc::new(clock.clone()),
        "bot",
    )
    .await
    .unwrap();
    let act = |user: i64, event: Event| {
        Inbound::new(ChatRef::private(user), Person::named(user, "P"), event)
    };

    assistant
        .handle(act(
            5001,
            Event::Button {
                query_id: "q".into(),
                message_id: None,
                data: format!("ses:g:{id}"),
            },
        ))
        .await;
    let moved = assistant
        .handle(act(
            ADMIN_ID,
            Event::Text {
                text: format!("/movesession {id} 2026-12-03 14:00"),
                replying_to_bot: false,
            },
        ))
        .await;
    let told: Vec<_> = moved.iter().filter(|r| r.chat_id == 5001).collect();
    assert_eq!(told.len(), 1, "{moved:?}");
    assert!(format!("{:?}", told[0]).contains("Thu 3 Dec 2026, 14:00"));

    let outbox = Recorded::default();
    let run_at = |at| {
        clock.set(at);
        fellowship_bot::worker::run_due_jobs(&assistant, &outbox)
    };
    run_at(Utc.with_ymd_and_hms(2026, 11, 26, 14, 1, 0).unwrap())
        .await
        .unwrap();
    assert!(
        format!("{:?}", outbox.0.lock().unwrap()).contains("in 7 days"),
        "the week-before reminder for the new time"
    );
    run_at(start - Duration::days(1) + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!(
        outbox.0.lock().unwrap().len(),
        1,
        "no reminder for the old time"
    );
    run_at(Utc.with_ymd_and_hms(2026, 12, 2, 14, 1, 0).unwrap())
        .await
        .unwrap();
    let sent = outbox.0.lock().unwrap();
    assert_eq!(sent.len(), 2);
    assert!(format!("{:?}", sent[1]).contains("in 1 day"));
}

#[tokio::test]
async fn announcements_go_to_the_topic_a_forum_group_chose() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    let start = Utc::now() + Duration::days(3);
    let session =
        crate::support::a_session("pastoral-drop-in", "Drop-in", start, Duration::hours(1));
    let id = store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    store.close().await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let forum = TestChat::group(-100_2000, "Fellows forum");

    api.user_writes_in_topic(&forum, 9, &lead, "/setgroup");
    let confirmed = api.wait_for_sent(1).await.pop().unwrap();
    assert!(
        confirmed
            .text
            .contains("announcements will go to this topic"),
        "{}",
        confirmed.text
    );
    api.user_writes(&lead.private_chat(), &lead, &format!("/announce {id}"));
    let sent = api.wait_for_sent(3).await;
    bot.stop().await;

    let post = sent
        .iter()
        .find(|m| m.chat_id == forum.id && m.text.contains("Drop-in"))
        .expect("posted in the forum");
    assert_eq!(post.thread_id, Some(9));
}

#[tokio::test]
async fn a_lead_sends_a_csv_of_sessions_to_the_bot_and_only_good_files_are_imported() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let fellow = TestUser::new(5001, "F");

    let bad = b"type,title,start,end,location\nsim,One,2027-05-01 09:00,2027-05-01 10:00,Room\nsim,Two,2027-05-01 11:00,2027-05-01 10:00,Room\n";
    api.user_sends_file(&lead.private_chat(), &lead, "may.csv", bad);
    let refused = api.wait_for_sent(1).await.pop().unwrap();
    assert!(
        refused.text.contains("Nothing was imported") && refused.text.contains("line 3"),
        "{}",
        refused.text
    );

    let good = b"type,title,start,end,location\nsim,One,2027-05-01 09:00,2027-05-01 10:00,Room\nsim,Two,2027-05-02 09:00,,Room\n";
    api.user_sends_file(&lead.private_chat(), &lead, "may.csv", good);
    api.user_sends_file(&fellow.private_chat(), &fellow, "mine.csv", good);
    api.user_sends_file(&lead.private_chat(), &lead, "photo.jpg", b"...");
    let sent = api.wait_for_sent(4).await;
    bot.stop().await;

    assert!(
        sent.iter()
            .any(|m| m.chat_id == ADMIN_ID && m.text.contains("Imported 2 session(s), #1 to #2")),
        "{sent:#?}"
    );
    assert!(
        sent.iter()
            .any(|m| m.chat_id == 5001 && m.text.contains("only programme leads"))
    );
    assert!(
        sent.iter()
            .any(|m| m.chat_id == ADMIN_ID && m.text.contains("only read text"))
    );
    let store = Store::open(&db.url).await.unwrap();
    assert_eq!(
        store
            .upcoming_sessions(Utc::now(), 10, &["RWT".to_owned()])
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_restart_while_a_reminder_is_being_sent_finishes_it_and_never_sends_it_again() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let store = Store::open(&db.url).await.unwrap();
    fellow(&store, 5001, "RWT").await;
    let session = crate::support::a_session("sim", "In flight", start, Duration::hours(1));
    let id = store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    store.rsvp(id, 5001, true, Utc::now()).await.unwrap();
    let payload = format!("{{\"session_id\":{id},\"user_id\":5001,\"sequence\":0}}");
    store
        .schedule_job(
            "session_reminder",
            "in-flight",
            &payload,
            start - Duration::hours(1),
        )
        .await
        .unwrap();
    store.close().await;

    api.fail_next(
        "sendMessage",
        1,
        Failure::Slow(std::time::Duration::from_secs(1)),
    );
    let clock = FakeClock::at(start - Duration::minutes(59));
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), Arc::new(clock.clone())).await;
    api.wait_for_a_call_in_flight().await;
    bot.stop().await; // as SIGTERM: the send in flight completes and the job is marked

    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), Arc::new(clock.clone())).await;
    clock.advance(Duration::minutes(30));
    api.user_writes(
        &TestUser::new(5001, "F").private_chat(),
        &TestUser::new(5001, "F"),
        "/mysessions",
    );
    api.wait_for_sent(2).await;
    bot.stop().await;
    let reminders = api
        .sent()
        .into_iter()
        .filter(|m| m.text.contains("⏰"))
        .count();
    assert_eq!(reminders, 1, "the confirmed reminder was not sent again");
}
