//! Feedback, the whole loop on the core: a session ends, its attendees are asked, they answer
//! (with skips, a change of mind, a restart mid-form and a double press), one reminder goes to
//! whoever has not answered, the form closes, and the lead's report and CSV show it, anonymous
//! where the fellow chose so.

use crate::support::{
    ADMIN_ID, Core, Delivered, Replies, TestUser, a_session, register_fellow, spawn_core,
    spawn_core_at,
};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use fellowship_bot::store::Store;

pub(crate) fn fellow(id: i64) -> TestUser {
    TestUser::new(id, &format!("Fellow{id}"))
}

/// 10:00 on 24 November 2026, when the one-hour sessions here start.
pub(crate) fn ten_o_clock() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

/// The core with the clock an hour before ten o'clock.
pub(crate) async fn an_hour_before_ten() -> Core {
    spawn_core_at(ten_o_clock() - Duration::hours(1)).await
}

/// A one-hour session of `kind` at ten o'clock.
pub(crate) async fn a_session_at_ten(store: &Store, kind: &str, title: &str) -> i64 {
    let session = a_session(kind, title, ten_o_clock(), Duration::hours(1));
    store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0]
}

/// The `count`th message to `user` so far.
pub(crate) fn nth_message_to(core: &Core, user: i64, count: usize) -> Delivered {
    let sent = core.messages_to(user);
    assert!(
        sent.len() >= count,
        "{user} expected {count} messages: {sent:#?}"
    );
    sent[count - 1].clone()
}

/// The data of the rating button for `stars`.
pub(crate) fn star(message: &Delivered, stars: u8) -> String {
    let data = message.button("fb:r:");
    let (form, _) = data.rsplit_once(':').unwrap();
    format!("{form}:{stars}")
}

#[tokio::test]
async fn attendees_are_asked_answer_with_skips_and_changes_and_the_lead_gets_the_report() {
    let core = an_hour_before_ten().await;
    let store = core.store();
    for user in [1001, 1002, 1003, 1004, 1005] {
        register_fellow(&store, user, "RWT").await;
    }
    let id = a_session_at_ten(&store, "sim-training", "SIM training").await;
    let start = ten_o_clock();

    // Five say they're going; four check in; 1004 does not come.
    for user in [1001, 1002, 1003, 1004, 1005] {
        let me = fellow(user);
        core.user_presses(&me.private_chat(), &me, 1, &format!("ses:g:{id}"))
            .await;
    }
    core.advance_to(start + Duration::minutes(5)).await;
    for user in [1001, 1002, 1003, 1005] {
        let me = fellow(user);
        core.user_presses(&me.private_chat(), &me, 1, &format!("ses:h:{id}"))
            .await;
    }

    // 30 minutes after the end, the four who came are asked.
    core.advance_to(start + Duration::minutes(91)).await;
    let prompt = nth_message_to(&core, 1001, 1);
    assert!(
        prompt.text().contains("How was SIM training"),
        "{}",
        prompt.text()
    );
    for user in [1002, 1003, 1005] {
        nth_message_to(&core, user, 1);
    }
    assert!(
        core.messages_to(1004).is_empty(),
        "only those who came are asked"
    );
    let absent = fellow(1004);
    let refused = core
        .user_presses(&absent.private_chat(), &absent, 1, &star(&prompt, 5))
        .await;
    assert!(
        refused.iter().any(|r| r.says("people who were there")),
        "someone who was not asked cannot answer"
    );

    // 1001: four stars (pressed twice), a restart mid-form, a sticker, a skip.
    let amina = fellow(1001);
    let chat = amina.private_chat();
    let four = star(&prompt, 4);
    core.user_presses(&chat, &amina, prompt.message_id, &four)
        .await;
    core.user_presses(&chat, &amina, prompt.message_id, &four)
        .await;
    let situation = nth_message_to(&core, 1001, 2);
    assert!(
        situation.text().contains("Situation"),
        "{}",
        situation.text()
    );
    // The second press changes nothing and shows the question again.
    assert!(nth_message_to(&core, 1001, 3).text().contains("Situation"));
    core.user_writes(&chat, &amina, "Practising a deteriorating patient")
        .await;
    nth_message_to(&core, 1001, 4);
    core.restart().await;
    core.user_sends_sticker(&chat, &amina).await;
    let hint = nth_message_to(&core, 1001, 5);
    assert!(hint.text().contains("type your answer"), "{}", hint.text());
    core.user_writes(&chat, &amina, "The debrief was calm and specific")
        .await;
    let impact = nth_message_to(&core, 1001, 6);
    assert!(impact.text().contains("Impact"), "{}", impact.text());
    core.user_presses(&chat, &amina, impact.message_id, &impact.button("fb:k:"))
        .await;
    nth_message_to(&core, 1001, 7);
    core.user_writes(&chat, &amina, "More time for scenarios")
        .await;
    let named = nth_message_to(&core, 1001, 8);
    core.user_presses(&chat, &amina, named.message_id, &named.button("fb:anon:"))
        .await;
    let thanks = nth_message_to(&core, 1001, 9);
    assert!(
        thanks.text().contains("saved anonymously"),
        "{}",
        thanks.text()
    );

    // 1002 gives five stars and their name; 1003 gives two, then changes it to three.
    for (user, stars, name) in [(1002, 5, "fb:name:"), (1003, 2, "fb:anon:")] {
        let me = fellow(user);
        let chat = me.private_chat();
        let prompt = nth_message_to(&core, user, 1);
        core.user_presses(&chat, &me, prompt.message_id, &star(&prompt, stars))
            .await;
        nth_message_to(&core, user, 2);
        for (n, answer) in [
            "A scenario",
            "Clear teaching",
            "Call for help sooner",
            "Nothing",
        ]
        .iter()
        .enumerate()
        {
            core.user_writes(&chat, &me, answer).await;
            nth_message_to(&core, user, 3 + n);
        }
        let last = nth_message_to(&core, user, 6);
        core.user_presses(&chat, &me, last.message_id, &last.button(name))
            .await;
        nth_message_to(&core, user, 7);
    }
    let ben = fellow(1003);
    core.user_writes(&ben.private_chat(), &ben, "/feedback")
        .await;
    let open = nth_message_to(&core, 1003, 8);
    core.user_presses(
        &ben.private_chat(),
        &ben,
        open.message_id,
        &open.button("fb:start:"),
    )
    .await;
    let again = nth_message_to(&core, 1003, 9);
    core.user_presses(
        &ben.private_chat(),
        &ben,
        again.message_id,
        &star(&again, 3),
    )
    .await;
    let kept = nth_message_to(&core, 1003, 10);
    assert!(
        kept.text().contains("You said: <i>A scenario</i>"),
        "{}",
        kept.text()
    );
    assert_eq!(kept.buttons()[0][0].0, "Keep my answer");

    // A day later, one reminder to 1005 only; none the next day.
    core.advance(Duration::hours(25)).await;
    let reminder = nth_message_to(&core, 1005, 2);
    assert!(
        reminder.text().contains("gentle reminder"),
        "{}",
        reminder.text()
    );
    core.advance(Duration::hours(25)).await;
    assert_eq!(core.messages_to(1005).len(), 2, "one reminder only");
    for user in [1001, 1002] {
        assert!(
            !core
                .messages_to(user)
                .iter()
                .any(|s| s.text().contains("reminder")),
            "{user} answered and is not reminded"
        );
    }

    // The lead's report: figures, comments, the chart and the CSV.
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let report = core
        .user_writes(&lead.private_chat(), &lead, &format!("/report {id}"))
        .await;
    let figures = report.message().text();
    assert!(
        figures.contains("All: 3 responses of 4 (75%), mean 4.0/5"),
        "{figures}"
    );
    assert!(
        figures.contains("• The debrief was calm and specific"),
        "{figures}"
    );
    assert!(
        figures.contains("• Clear teaching — Dr Fellow 1002"),
        "named: {figures}"
    );
    assert!(!figures.contains("Dr Fellow 1001") && !figures.contains("Dr Fellow 1003"));
    let files = report.files();
    assert!(
        files.iter().any(|(name, _)| *name == "feedback.png"),
        "the chart: {report:#?}"
    );
    let (_, csv) = files
        .iter()
        .find(|(name, _)| name.ends_with(".csv"))
        .expect("the CSV");
    let csv = String::from_utf8_lossy(csv);
    assert!(csv.contains("Practising a deteriorating patient"), "{csv}");
    assert!(
        csv.contains("Dr Fellow 1002") && !csv.contains("Dr Fellow 1001"),
        "{csv}"
    );

    // A week on, the form is closed: a late press is told so, and nothing links back.
    core.advance(Duration::days(6)).await;
    let late = core
        .user_presses(&chat, &amina, prompt.message_id, &four)
        .await;
    assert!(
        late.iter().any(|r| r.says("has closed")),
        "the late press is told the form has closed"
    );
    assert_no_link_from_anonymous_answers(core.database_url()).await;
}

/// Looks in the database itself: anonymous responses carry no user id, the form's salt is gone,
/// and no stored value is a fellow's id.
async fn assert_no_link_from_anonymous_answers(url: &str) {
    use sqlx::Row;
    let pool = sqlx::SqlitePool::connect(url).await.unwrap();
    let rows = sqlx::query("SELECT * FROM feedback_responses")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(
        rows.len(),
        3,
        "one response per fellow, however many presses and edits"
    );
    let named: Vec<Option<i64>> = rows.iter().map(|r| r.get("user_id")).collect();
    assert_eq!(
        named.iter().flatten().collect::<Vec<_>>(),
        vec![&1002],
        "only the named one"
    );
    for row in &rows {
        let key: String = row.get("respondent_key");
        for user in [1001, 1003] {
            assert!(!key.contains(&user.to_string()), "the key is not the id");
            assert_ne!(key, fellowship_bot::feedback::respondent_key("", user));
        }
    }
    let salts: Vec<Option<String>> = sqlx::query_scalar("SELECT salt FROM feedback_forms")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(
        salts.iter().all(Option::is_none),
        "closed forms keep no salt"
    );
    pool.close().await;
}

#[tokio::test]
async fn with_nobody_checked_in_those_going_are_asked_but_never_a_fellow_who_was_forgotten() {
    let core = an_hour_before_ten().await;
    let store = core.store();
    for user in [2001, 2002] {
        register_fellow(&store, user, "WHT").await;
    }
    let id = a_session_at_ten(&store, "pastoral-induction", "Pastoral induction").await;
    for user in [2001, 2002] {
        let me = fellow(user);
        core.user_presses(&me.private_chat(), &me, 1, &format!("ses:g:{id}"))
            .await;
    }
    let gone = fellow(2002);
    let confirm = core
        .user_writes(&gone.private_chat(), &gone, "/forgetme")
        .await;
    core.user_presses(
        &gone.private_chat(),
        &gone,
        confirm.message().message_id,
        "forget:yes",
    )
    .await;

    core.advance_to(ten_o_clock() + Duration::minutes(91)).await;
    let prompt = nth_message_to(&core, 2001, 1);
    assert!(
        prompt.text().contains("How was Pastoral induction"),
        "{}",
        prompt.text()
    );
    assert!(
        !core
            .messages_to(2002)
            .iter()
            .any(|s| s.text().contains("How was")),
        "a forgotten fellow is never asked"
    );
}

#[tokio::test]
async fn a_fellow_marked_as_leaving_is_offered_the_exit_survey_and_a_closed_cycle_is_told_to_fellows()
 {
    let core = spawn_core().await;
    let store = core.store();
    register_fellow(&store, 3001, "BCHFT").await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let chat = lead.private_chat();

    let leaving = core
        .user_writes(&chat, &lead, "/leaving 3001 2026-12-31")
        .await;
    let survey = leaving.message_to(3001);
    assert!(
        survey.text().contains("Sorry to see you go"),
        "{}",
        survey.text()
    );
    let done = leaving.message_to(ADMIN_ID);
    assert!(
        done.text()
            .contains("marked as leaving on 31 December 2026"),
        "{}",
        done.text()
    );
    let left = store.fellow(3001).await.unwrap().unwrap().left_on;
    assert_eq!(left, NaiveDate::from_ymd_opt(2026, 12, 31));
    let me = fellow(3001);
    let why = core
        .user_presses(&me.private_chat(), &me, survey.message_id, &star(survey, 4))
        .await;
    let why = why.message();
    assert!(why.text().contains("Why"), "exit questions: {}", why.text());

    core.user_writes(&chat, &lead, "/cycle exit Exit chats with the chief fellow")
        .await
        .message_to(ADMIN_ID);
    let closed = core
        .user_writes(
            &chat,
            &lead,
            "/cycle close exit Fellows felt heard; we keep them",
        )
        .await;
    let closed = closed.message_to(ADMIN_ID);
    assert!(
        closed.text().contains("You said, we did"),
        "{}",
        closed.text()
    );
    let told = core
        .user_presses(&chat, &lead, closed.message_id, &closed.button("fb:tell:"))
        .await;
    let told = told.message_to(3001);
    assert!(
        told.text()
            .contains("We changed: Exit chats with the chief fellow"),
        "{}",
        told.text()
    );
}

#[tokio::test]
async fn forgetting_yourself_while_a_form_is_open_deletes_your_anonymous_answers_too() {
    let core = spawn_core().await;
    register_fellow(&core.store(), 4001, "RWT").await;
    let me = fellow(4001);
    let chat = me.private_chat();
    let menu = core.user_writes(&chat, &me, "/feedback").await;
    let prompt = core
        .user_presses(&chat, &me, menu.message().message_id, "fb:svc:buddy")
        .await;
    let prompt = prompt.message();
    assert!(
        prompt
            .text()
            .contains("How has the buddy scheme been for you?"),
        "{}",
        prompt.text()
    );
    core.user_presses(&chat, &me, prompt.message_id, &star(prompt, 2))
        .await
        .message();
    core.user_writes(&chat, &me, "My buddy never replied")
        .await
        .message();

    let confirm = core.user_writes(&chat, &me, "/forgetme").await;
    let forgotten = core
        .user_presses(&chat, &me, confirm.message().message_id, "forget:yes")
        .await;
    assert!(
        forgotten.iter().any(|r| r.says("deleted everything")),
        "the fellow is told their data is deleted"
    );

    let pool = sqlx::SqlitePool::connect(core.database_url())
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feedback_responses")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        left, 0,
        "the open form's anonymous answer went with the rest"
    );
    pool.close().await;
}

#[tokio::test]
async fn the_only_fellow_of_a_trust_cannot_be_found_behind_their_answer_in_the_file_once_the_form_closes()
 {
    let core = an_hour_before_ten().await;
    let store = core.store();
    let (rwt, bchft, only_wht) = ([5101, 5102, 5103, 5104], [5105, 5106], 5107);
    for user in rwt {
        register_fellow(&store, user, "RWT").await;
    }
    for user in bchft {
        register_fellow(&store, user, "BCHFT").await;
    }
    register_fellow(&store, only_wht, "WHT").await;
    let id = a_session_at_ten(&store, "sim-training", "SIM training").await;
    let everyone: Vec<i64> = rwt
        .iter()
        .chain(&bchft)
        .copied()
        .chain([only_wht])
        .collect();
    for &user in &everyone {
        let me = fellow(user);
        core.user_presses(&me.private_chat(), &me, 1, &format!("ses:g:{id}"))
            .await;
    }
    core.advance_to(ten_o_clock() + Duration::minutes(91)).await;
    for &user in &everyone {
        nth_message_to(&core, user, 1);
    }
    let pool = sqlx::SqlitePool::connect(core.database_url())
        .await
        .unwrap();
    let salt: String = sqlx::query_scalar("SELECT salt FROM feedback_forms")
        .fetch_one(&pool)
        .await
        .unwrap();

    // The WHT fellow rates and answers the first question, then stops half-way; two from RWT
    // answer too.
    let answer = "The debrief felt rushed";
    for (user, text) in [(only_wht, answer), (5101, "Useful"), (5102, "Good pace")] {
        let me = fellow(user);
        let prompt = nth_message_to(&core, user, 1);
        core.user_presses(
            &me.private_chat(),
            &me,
            prompt.message_id,
            &star(&prompt, 3),
        )
        .await;
        nth_message_to(&core, user, 2);
        core.user_writes(&me.private_chat(), &me, text).await;
        nth_message_to(&core, user, 3);
    }
    let half_filled: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM conversations WHERE user_id = $1")
            .bind(only_wht)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(half_filled, 1, "the form is open in their chat");

    core.advance(Duration::days(8)).await;
    let closed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE kind = 'feedback_close' AND done_at IS NOT NULL",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(closed, 1, "the form closed");
    let path = core
        .database_url()
        .trim_start_matches("sqlite://")
        .to_owned();
    let mut files = vec![std::fs::read(&path).unwrap()];
    files.extend(std::fs::read(format!("{path}-wal")));
    let rows: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT respondent_key, trust, situation FROM feedback_responses")
            .fetch_all(&pool)
            .await
            .unwrap();
    let conversations: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM conversations WHERE user_id = $1")
            .bind(only_wht)
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;

    assert_eq!(conversations, 0, "the half-filled form went with the salt");
    assert_eq!(rows.len(), 3);
    for (_, trust, situation) in &rows {
        let expected = if situation.as_deref() == Some(answer) {
            "other"
        } else {
            "RWT"
        };
        assert_eq!(trust, expected, "{situation:?}");
    }
    let key = fellowship_bot::feedback::respondent_key(&salt, only_wht);
    assert!(rows.iter().all(|(k, ..)| *k != key));
    let contains = |file: &[u8], needle: &[u8]| file.windows(needle.len()).any(|w| w == needle);
    for file in &files {
        assert!(
            !contains(file, salt.as_bytes()),
            "the salt is gone from the file"
        );
        assert!(!contains(file, key.as_bytes()), "so is the key");
        for (at, _) in file.windows(3).enumerate().filter(|(_, w)| *w == b"WHT") {
            let after = &file[at..(at + 48).min(file.len())];
            assert!(
                !contains(after, answer.as_bytes()),
                "no row keeps WHT beside the answer"
            );
        }
    }
    assert!(
        files.iter().any(|f| contains(f, answer.as_bytes())),
        "the answer itself is kept"
    );
}
