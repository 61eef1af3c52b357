//! The calendar: importing sessions (all or nothing, problems by line), announcing with RSVP
//! buttons, capacity and the waiting list, attendance, and reminders that are sent late only
//! while the session has not started. Conversations run on the core; what only HTTP or the
//! command line shows (a forum topic, a file's download, a send in flight at a restart, the
//! import tool) runs over the fake Bot API or the real binary.

use std::sync::Arc;

use crate::support::{
    ADMIN_ID, Failure, FakeBotApi, Replies, TestBot, TestChat, TestDb, TestUser, content_dir,
    settings_for, spawn_core, spawn_core_at,
};
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use fellowship_bot::clock::FakeClock;
use fellowship_bot::fellows::Fellow;
use fellowship_bot::sessions::{Audience, NewSession};
use fellowship_bot::store::Store;

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
    assert!(String::from_utf8_lossy(&good.stdout).contains("Imported 1 session: #1."));
}

async fn fellow(store: &Store, id: i64, trust: &str) {
    let now = Utc::now();
    store
        .remember_private_sender(id, &format!("F{id}"), None, now)
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
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let core = spawn_core_at(start - Duration::days(3)).await;
    let group = TestChat::group(-100_1000, "RWT fellows");
    let store = core.store();
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
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let (a, b, c, stranger) = (
        TestUser::new(5001, "A"),
        TestUser::new(5002, "B"),
        TestUser::new(5003, "C"),
        TestUser::new(5009, "S"),
    );

    let announced = core
        .user_writes(&lead.private_chat(), &lead, &format!("/announce {id}"))
        .await;
    let post = announced.message_to(group.id);
    assert!(
        post.text().contains("Acute SIM")
            && post.text().contains("Fri 27 Nov 2026, 09:00")
            && post.text().contains("0 going of 1 places"),
        "{}",
        post.text()
    );
    let going = format!("ses:g:{id}");

    let a_going = core.user_presses(&group, &a, post.message_id, &going).await;
    let edit = a_going.edit();
    assert_eq!(edit.message_id, post.message_id, "the post is updated");
    assert!(edit.text().contains("1 going of 1 places"));
    let b_going = core.user_presses(&group, &b, post.message_id, &going).await;
    assert!(b_going.edit().text().contains("1 waiting"));
    let c_going = core.user_presses(&group, &c, post.message_id, &going).await;
    let stranger_going = core
        .user_presses(&group, &stranger, post.message_id, &going)
        .await;
    let a_said = a_going.notice().unwrap();
    let b_said = b_going.notice().unwrap();
    assert!(a_said.starts_with("You're going") && b_said.contains("waiting list"));
    assert_eq!(
        c_going.notice(),
        Some("This session is for fellows at RWT.")
    );
    assert!(
        stranger_going
            .notice()
            .is_some_and(|s| s.contains("register first")),
        "{stranger_going:#?}"
    );

    let a_not_going = core
        .user_presses(&group, &a, post.message_id, &format!("ses:n:{id}"))
        .await;
    let promoted = a_not_going.message();
    assert_eq!(promoted.chat_id(), b.id);
    assert!(promoted.text().contains("A place came up"));

    // The 1-day reminders: privately for B (now going), and in the group where it was announced.
    let sent = core.advance(Duration::days(2) + Duration::minutes(1)).await;
    let reminder = sent
        .iter()
        .find(|m| m.chat_id() == b.id && m.text().contains("⏰"))
        .expect("B is reminded");
    assert!(
        reminder.text().contains("Acute SIM")
            && reminder.text().contains("in 1 day")
            && !reminder.text().contains("late"),
        "{}",
        reminder.text()
    );
    let in_group = sent
        .iter()
        .find(|m| m.chat_id() == group.id && m.text().contains("⏰"))
        .expect("the group is reminded");
    assert!(
        in_group.text().contains("1 going so far"),
        "{}",
        in_group.text()
    );
    assert!(
        !sent
            .iter()
            .any(|m| m.chat_id() == a.id && m.text().contains("⏰")),
        "A gave up the place"
    );

    // Down over the 1-hour reminder: sent late on restart, saying so, since the session has not started.
    core.restart_at(start - Duration::minutes(30)).await;
    let b_reminders: Vec<_> = core
        .messages_to(b.id)
        .into_iter()
        .filter(|m| m.text().contains("⏰"))
        .collect();
    assert_eq!(b_reminders.len(), 2, "no reminder twice");
    assert!(
        b_reminders[1].text().contains("Sorry this is late"),
        "{}",
        b_reminders[1].text()
    );
}

#[tokio::test]
async fn a_reminder_that_came_due_while_down_is_dropped_once_the_session_started() {
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let core = spawn_core_at(start + Duration::minutes(5)).await;
    let store = core.store();
    fellow(&store, 5001, "RWT").await;
    let session = crate::support::a_session("sim", "Missed", start, Duration::hours(1));
    let id = crate::support::add_session_with(&store, session, [5001]).await;
    crate::support::schedule_reminder(
        &store,
        id,
        5001,
        "test-reminder",
        start - Duration::hours(1),
    )
    .await;

    let ran = core.run_due_jobs().await;

    assert_eq!(ran, 1, "the job was handled");
    assert!(
        core.sent().is_empty(),
        "nothing is sent for a session already under way"
    );
    assert_eq!(
        store.next_job_due().await.unwrap(),
        None,
        "and it is done, not retried"
    );
}

#[tokio::test]
async fn check_in_and_lead_marks_count_as_attendance_and_a_cancellation_tells_everyone_going() {
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let core = spawn_core_at(start - Duration::minutes(20)).await;
    let store = core.store();
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
    let (a, lead) = (TestUser::new(5001, "A"), TestUser::new(ADMIN_ID, "Lead"));

    let now = core
        .user_presses(&a.private_chat(), &a, 1, &format!("ses:h:{}", ids[0]))
        .await;
    let too_early = core
        .user_presses(&a.private_chat(), &a, 1, &format!("ses:h:{}", ids[1]))
        .await;
    assert_eq!(now.notice(), Some("Checked in ✅ Thank you!"));
    assert_eq!(
        too_early.notice(),
        Some("Check-in opens 30 minutes before the start.")
    );

    let sheet = core
        .user_writes(
            &lead.private_chat(),
            &lead,
            &format!("/attendance {}", ids[0]),
        )
        .await;
    let sheet = sheet.message();
    let buttons = sheet.buttons();
    assert!(
        buttons[0][0].0.starts_with('✅') && buttons[1][0].0.starts_with('⬜'),
        "{buttons:?}"
    );
    let marked = core
        .user_presses(
            &lead.private_chat(),
            &lead,
            sheet.message_id,
            &buttons[1][0].1,
        )
        .await;
    assert!(
        marked
            .edit()
            .buttons()
            .iter()
            .flatten()
            .any(|(label, _)| label.contains("✅ Fellow 5002")),
        "{marked:#?}"
    );

    let stats = core
        .user_writes(&lead.private_chat(), &lead, "/stats 2026-11-01 2026-11-30")
        .await;
    let row = stats
        .message()
        .text()
        .lines()
        .find(|l| l.starts_with("Attendance, CF induction"))
        .expect("an attendance row");
    assert_eq!(
        row.split_whitespace().skip(3).collect::<Vec<_>>(),
        vec!["1", "1", "0"],
        "{row}"
    );

    let cancelled = core
        .user_writes(
            &lead.private_chat(),
            &lead,
            &format!("/cancelsession {}", ids[1]),
        )
        .await;
    let all = core.user_writes(&a.private_chat(), &a, "/calendar").await;
    let one = core
        .user_presses(&a.private_chat(), &a, 1, &format!("ses:c:{}", ids[0]))
        .await;
    let [(all_name, all)] = all.files()[..] else {
        panic!("one file: {all:#?}")
    };
    let all = String::from_utf8_lossy(all);
    assert!(
        all_name == "fellowship-sessions.ics"
            && all.contains(&format!("UID:session-{}@fellowship-bot", ids[0]))
    );
    assert!(
        all.contains("STATUS:CANCELLED") && all.contains("SEQUENCE:1"),
        "the cancelled session is marked: {all}"
    );
    assert_eq!(
        one.files()[0].0,
        format!("session-{}.ics", ids[0]),
        "{one:#?}"
    );
    assert!(
        cancelled
            .message_to(ADMIN_ID)
            .text()
            .contains("Cancelled. I told 2 people.")
    );
    for user in [5001, 5002] {
        assert!(cancelled.iter().any(|m| m.chat_id() == user
            && m.text().contains("Later SIM")
            && m.text().contains("is cancelled")));
    }
}

#[tokio::test]
async fn a_lead_typing_next_tuesday_on_a_monday_is_shown_the_tuesday_of_next_week_in_words() {
    let monday = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let core = spawn_core_at(monday).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let chat = lead.private_chat();
    let types = core.user_writes(&chat, &lead, "/newsession").await;
    core.user_presses(&chat, &lead, types.message().message_id, "ns:type:sim")
        .await;
    core.user_writes(&chat, &lead, "-").await;

    let end = core.user_writes(&chat, &lead, "next Tuesday 2pm").await;
    let end = end.message().text();
    assert!(
        end.contains("Starting <b>Tuesday 1 December, 14:00</b>")
            && end.contains("When does it end"),
        "{end}"
    );
    core.user_writes(&chat, &lead, "-").await;
    core.user_writes(&chat, &lead, "SIM suite").await;
    core.user_writes(&chat, &lead, "everyone").await;
    let confirm = core.user_writes(&chat, &lead, "-").await;
    let confirm = confirm.message().text();
    assert!(
        confirm.contains("Tuesday 1 December, 14:00") && confirm.contains("no limit"),
        "{confirm}"
    );
}

#[tokio::test]
async fn a_lead_creates_a_session_in_chat_across_a_restart() {
    let core = spawn_core().await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let chat = lead.private_chat();

    let types = core.user_writes(&chat, &lead, "/newsession").await;
    let types = types.message();
    assert!(
        types
            .buttons()
            .iter()
            .flatten()
            .any(|(_, data)| data == "ns:type:eq-1-month")
    );
    core.user_presses(&chat, &lead, types.message_id, "ns:type:sim")
        .await;
    core.user_writes(&chat, &lead, "Acute SIM").await;
    let whenever = core.user_writes(&chat, &lead, "whenever").await;
    let whenever = whenever.message().text();
    assert!(
        whenever.contains("couldn't") || whenever.contains("not a time"),
        "{whenever}"
    );
    core.user_writes(&chat, &lead, "next Tuesday 2pm").await;

    core.restart().await;

    core.user_writes(&chat, &lead, "90m").await;
    let audience = core.user_writes(&chat, &lead, "SIM suite, New Cross").await;
    core.user_presses(
        &chat,
        &lead,
        audience.message().message_id,
        "ns:audience:RWT",
    )
    .await;
    let confirm = core.user_writes(&chat, &lead, "12").await;
    let confirm = confirm.message();
    assert!(
        confirm.text().contains("Acute SIM")
            && confirm.text().contains("14:00 to")
            && confirm.text().contains("12 places"),
        "{}",
        confirm.text()
    );
    let created = core
        .user_presses(&chat, &lead, confirm.message_id, "ns:confirm:create")
        .await;
    let again = core
        .user_presses(&chat, &lead, confirm.message_id, "ns:confirm:create")
        .await;
    assert!(
        created.message().text().contains("Created session #1"),
        "{}",
        created.message().text()
    );
    assert!(
        again.messages().is_empty(),
        "a second press sends nothing more: {again:#?}"
    );

    let sessions = core
        .store()
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
    let start = Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap();
    let due = start - Duration::days(1);
    let core = spawn_core_at(due + Duration::seconds(5)).await;
    let store = core.store();
    fellow(&store, 5001, "RWT").await;
    let session = crate::support::a_session("sim", "Claimed", start, Duration::hours(1));
    let id = crate::support::add_session_with(&store, session, [5001]).await;
    crate::support::schedule_reminder(&store, id, 5001, "crash-test", due).await;
    // A worker claims it and dies before sending.
    let dead = fellowship_bot::store::Claimant::new();
    assert_eq!(store.claim_due_jobs(&dead, due, 10).await.unwrap().len(), 1);

    assert_eq!(core.run_due_jobs().await, 0, "still claimed");

    core.clock().advance(fellowship_bot::store::CLAIM_LEASE);
    assert_eq!(core.run_due_jobs().await, 1, "not lost");
    assert_eq!(core.run_due_jobs().await, 0, "and done");
    let sent = core.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].chat_id(), 5001);
}

/// A lead moves a session: the preview, then the confirmation; what the fellows were sent.
async fn move_and_confirm(
    core: &crate::support::Core,
    lead: &TestUser,
    id: i64,
    when: &str,
) -> Vec<crate::support::Delivered> {
    let preview = core
        .user_writes(
            &lead.private_chat(),
            lead,
            &format!("/movesession {id} {when}"),
        )
        .await;
    let preview = preview.message();
    core.user_presses(
        &lead.private_chat(),
        lead,
        preview.message_id,
        &preview.button("ses:mv:"),
    )
    .await
}

#[tokio::test]
async fn a_moved_session_tells_the_people_going_and_reminds_them_at_the_new_time_only() {
    let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
    let core = spawn_core_at(start - Duration::days(5)).await;
    fellow(&core.store(), 5001, "RWT").await;
    let session = crate::support::a_session("sim", "Movable", start, Duration::hours(2));
    let id = core
        .store()
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    let (fellow, lead) = (TestUser::new(5001, "P"), TestUser::new(ADMIN_ID, "P"));

    core.user_presses(&fellow.private_chat(), &fellow, 1, &format!("ses:g:{id}"))
        .await;
    move_and_confirm(&core, &lead, id, "2026-12-03 14:00").await;
    let told = core.advance(Duration::seconds(1)).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].chat_id(), 5001);
    assert!(
        told[0].text().contains("Thursday 3 December, 14:00"),
        "{}",
        told[0].text()
    );

    let mut reminders = core
        .advance_to(Utc.with_ymd_and_hms(2026, 11, 26, 14, 1, 0).unwrap())
        .await;
    assert!(
        format!("{reminders:?}").contains("in 7 days"),
        "the week-before reminder for the new time"
    );
    reminders.extend(
        core.advance_to(start - Duration::days(1) + Duration::minutes(1))
            .await,
    );
    assert_eq!(reminders.len(), 1, "no reminder for the old time");
    reminders.extend(
        core.advance_to(Utc.with_ymd_and_hms(2026, 12, 2, 14, 1, 0).unwrap())
            .await,
    );
    assert_eq!(reminders.len(), 2);
    assert!(reminders[1].text().contains("in 1 day"));
}

#[tokio::test]
async fn a_lead_sees_the_new_time_in_words_and_who_will_be_told_before_anyone_is_messaged() {
    // Monday 23 November 2026: "next Tuesday" is 1 December, not tomorrow.
    let monday = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let core = spawn_core_at(monday).await;
    let store = core.store();
    fellow(&store, 5001, "RWT").await;
    fellow(&store, 5002, "WHT").await;
    let start = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let session = crate::support::a_session("sim", "Acute SIM", start, Duration::hours(2));
    let id = crate::support::add_session_with(&store, session, [5001, 5002]).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");

    let preview = core
        .user_writes(
            &lead.private_chat(),
            &lead,
            &format!("/movesession {id} next Tuesday 2pm"),
        )
        .await;
    let text = preview.message().text();
    assert!(
        text.contains("Tuesday 1 December, 14:00")
            && text.contains("Wednesday 25 November, 09:00")
            && text.contains("2 people")
            && text.contains("Fellow 5001, Fellow 5002")
            && text.contains("has moved from"),
        "{text}"
    );
    assert_eq!(preview.len(), 1, "nobody else hears of it yet: {preview:?}");
    assert!(core.advance(Duration::minutes(5)).await.is_empty());
    assert_eq!(
        store
            .session(id, &[])
            .await
            .unwrap()
            .unwrap()
            .details
            .starts_at,
        start,
        "not moved until confirmed"
    );
}

#[tokio::test]
async fn a_move_confirmed_twice_or_moved_again_before_the_notice_went_out_tells_each_fellow_once() {
    let monday = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
    let core = spawn_core_at(monday).await;
    let store = core.store();
    fellow(&store, 5001, "RWT").await;
    let start = Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap();
    let session = crate::support::a_session("sim", "Acute SIM", start, Duration::hours(2));
    let id = crate::support::add_session_with(&store, session, [5001]).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");

    let preview = core
        .user_writes(
            &lead.private_chat(),
            &lead,
            &format!("/movesession {id} next Tuesday 2pm"),
        )
        .await;
    let (message_id, confirm) = (
        preview.message().message_id,
        preview.message().button("ses:mv:"),
    );
    let first = core
        .user_presses(&lead.private_chat(), &lead, message_id, &confirm)
        .await;
    assert!(first.edit().text().contains("Moved"), "{first:?}");
    let again = core
        .user_presses(&lead.private_chat(), &lead, message_id, &confirm)
        .await;
    assert_eq!(again.notice(), Some("Done already: it has moved ✅"));
    // Moved again, to Thursday, before the worker sent the first notice.
    move_and_confirm(&core, &lead, id, "3/12 10am").await;

    let told = core.advance(Duration::minutes(1)).await;
    let to_fellow: Vec<_> = told.iter().filter(|d| d.chat_id() == 5001).collect();
    assert_eq!(to_fellow.len(), 1, "{told:?}");
    assert!(
        to_fellow[0]
            .text()
            .contains("from Wednesday 25 November, 09:00 to <b>Thursday 3 December, 10:00</b>"),
        "{}",
        to_fellow[0].text()
    );
    assert!(core.advance(Duration::hours(1)).await.is_empty());
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
            .any(|m| m.chat_id == ADMIN_ID && m.text.contains("Imported 2 sessions: #1 to #2.")),
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
    let id = crate::support::add_session_with(&store, session, [5001]).await;
    crate::support::schedule_reminder(&store, id, 5001, "in-flight", start - Duration::hours(1))
        .await;
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
