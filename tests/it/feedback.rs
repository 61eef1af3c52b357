//! Feedback over Telegram, the whole loop: a session ends, its attendees are asked, they answer
//! (with skips, a change of mind, a restart mid-form and a double press), one reminder goes to
//! whoever has not answered, the form closes, and the lead's report and CSV show it, anonymous
//! where the fellow chose so.

use std::sync::Arc;
use std::time::Duration;

use crate::support::fake_bot_api::Sent;
use crate::support::{
    ADMIN_ID, FakeBotApi, TestBot, TestDb, TestUser, a_session, register_fellow, settings_for,
};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use fellowship_bot::clock::FakeClock;
use fellowship_bot::store::Store;

fn fellow(id: i64) -> TestUser {
    TestUser::new(id, &format!("Fellow{id}"))
}

/// A one-hour session of `kind` at 10:00 on 24 November 2026, and a clock an hour before it.
async fn a_session_at_ten(
    store: &Store,
    kind: &str,
    title: &str,
) -> (i64, DateTime<Utc>, Arc<FakeClock>) {
    let start = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let session = a_session(kind, title, start, chrono::Duration::hours(1));
    let id = store
        .add_sessions(&[session], ADMIN_ID, Utc::now())
        .await
        .unwrap()[0];
    (
        id,
        start,
        Arc::new(FakeClock::at(start - chrono::Duration::hours(1))),
    )
}

/// Messages the bot sent to `user` so far.
fn sent_to(api: &FakeBotApi, user: i64) -> Vec<Sent> {
    api.sent()
        .into_iter()
        .filter(|s| s.chat_id == user)
        .collect()
}

/// Waits until `user` has had `count` messages, and returns the last.
async fn nth_message_to(api: &FakeBotApi, user: i64, count: usize) -> Sent {
    let arrived = api
        .wait_until(Duration::from_secs(20), |calls| {
            calls
                .iter()
                .filter(|c| {
                    c.ok && c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(user)
                })
                .count()
                >= count
        })
        .await;
    let sent = sent_to(api, user);
    assert!(arrived, "{user} expected {count} messages: {sent:#?}");
    sent[count - 1].clone()
}

/// The data of the rating button for `stars`.
fn star(message: &Sent, stars: u8) -> String {
    let data = data_of(message, "fb:r:");
    let (form, _) = data.rsplit_once(':').unwrap();
    format!("{form}:{stars}")
}

fn data_of(message: &Sent, prefix: &str) -> String {
    message
        .buttons
        .iter()
        .flatten()
        .find(|(_, data)| data.starts_with(prefix))
        .map(|(_, data)| data.clone())
        .unwrap_or_else(|| panic!("no {prefix} button on {message:#?}"))
}

#[tokio::test]
async fn attendees_are_asked_answer_with_skips_and_changes_and_the_lead_gets_the_report() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    for user in [1001, 1002, 1003, 1004, 1005] {
        register_fellow(&store, user, "RWT").await;
    }
    let (id, start, clock) = a_session_at_ten(&store, "sim-training", "SIM training").await;
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), clock.clone()).await;

    // Five say they're going; four check in; 1004 does not come.
    for user in [1001, 1002, 1003, 1004, 1005] {
        let me = fellow(user);
        api.user_presses(&me.private_chat(), &me, 1, &format!("ses:g:{id}"));
    }
    api.wait_for_calls("answerCallbackQuery", 5).await;
    clock.set(start + chrono::Duration::minutes(5));
    for user in [1001, 1002, 1003, 1005] {
        let me = fellow(user);
        api.user_presses(&me.private_chat(), &me, 1, &format!("ses:h:{id}"));
    }
    api.wait_for_calls("answerCallbackQuery", 9).await;
    api.wait_until_all_confirmed().await;

    // 30 minutes after the end, the four who came are asked.
    clock.set(start + chrono::Duration::minutes(91));
    let prompt = nth_message_to(&api, 1001, 1).await;
    assert!(
        prompt.text.contains("How was SIM training"),
        "{}",
        prompt.text
    );
    for user in [1002, 1003, 1005] {
        nth_message_to(&api, user, 1).await;
    }
    assert!(
        sent_to(&api, 1004).is_empty(),
        "only those who came are asked"
    );
    let absent = fellow(1004);
    api.user_presses(&absent.private_chat(), &absent, 1, &star(&prompt, 5));
    let refused = api
        .wait_until(Duration::from_secs(10), |calls| {
            calls.iter().any(|c| {
                c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("people who were there"))
            })
        })
        .await;
    assert!(refused, "someone who was not asked cannot answer");

    // 1001: four stars (pressed twice), a restart mid-form, a sticker, a skip.
    let amina = fellow(1001);
    let chat = amina.private_chat();
    let four = star(&prompt, 4);
    api.user_presses(&chat, &amina, prompt.message_id, &four);
    api.user_presses(&chat, &amina, prompt.message_id, &four);
    let situation = nth_message_to(&api, 1001, 2).await;
    assert!(situation.text.contains("Situation"), "{}", situation.text);
    api.user_writes(&chat, &amina, "Practising a deteriorating patient");
    nth_message_to(&api, 1001, 3).await;
    bot.stop().await;
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), clock.clone()).await;
    api.user_sends_sticker(&chat, &amina);
    let hint = nth_message_to(&api, 1001, 4).await;
    assert!(hint.text.contains("type your answer"), "{}", hint.text);
    api.user_writes(&chat, &amina, "The debrief was calm and specific");
    let impact = nth_message_to(&api, 1001, 5).await;
    assert!(impact.text.contains("Impact"), "{}", impact.text);
    api.user_presses(&chat, &amina, impact.message_id, &data_of(&impact, "fb:k:"));
    nth_message_to(&api, 1001, 6).await;
    api.user_writes(&chat, &amina, "More time for scenarios");
    let named = nth_message_to(&api, 1001, 7).await;
    api.user_presses(
        &chat,
        &amina,
        named.message_id,
        &data_of(&named, "fb:anon:"),
    );
    let thanks = nth_message_to(&api, 1001, 8).await;
    assert!(thanks.text.contains("saved anonymously"), "{}", thanks.text);

    // 1002 gives five stars and their name; 1003 gives two, then changes it to three.
    for (user, stars, name) in [(1002, 5, "fb:name:"), (1003, 2, "fb:anon:")] {
        let me = fellow(user);
        let chat = me.private_chat();
        let prompt = nth_message_to(&api, user, 1).await;
        let data = star(&prompt, stars);
        api.user_presses(&chat, &me, prompt.message_id, &data);
        nth_message_to(&api, user, 2).await;
        for (n, answer) in [
            "A scenario",
            "Clear teaching",
            "Call for help sooner",
            "Nothing",
        ]
        .iter()
        .enumerate()
        {
            api.user_writes(&chat, &me, answer);
            nth_message_to(&api, user, 3 + n).await;
        }
        let last = nth_message_to(&api, user, 6).await;
        api.user_presses(&chat, &me, last.message_id, &data_of(&last, name));
        nth_message_to(&api, user, 7).await;
    }
    let ben = fellow(1003);
    api.user_writes(&ben.private_chat(), &ben, "/feedback");
    let open = nth_message_to(&api, 1003, 8).await;
    api.user_presses(
        &ben.private_chat(),
        &ben,
        open.message_id,
        &data_of(&open, "fb:start:"),
    );
    let again = nth_message_to(&api, 1003, 9).await;
    let three = star(&again, 3);
    api.user_presses(&ben.private_chat(), &ben, again.message_id, &three);
    let kept = nth_message_to(&api, 1003, 10).await;
    assert!(
        kept.text.contains("You said: <i>A scenario</i>"),
        "{}",
        kept.text
    );
    assert_eq!(kept.buttons[0][0].0, "Keep my answer");

    // A day later, one reminder to 1005 only; none the next day.
    clock.advance(chrono::Duration::hours(25));
    let reminder = nth_message_to(&api, 1005, 2).await;
    assert!(
        reminder.text.contains("gentle reminder"),
        "{}",
        reminder.text
    );
    clock.advance(chrono::Duration::hours(25));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sent_to(&api, 1005).len(), 2, "one reminder only");
    for user in [1001, 1002] {
        assert!(
            !sent_to(&api, user)
                .iter()
                .any(|s| s.text.contains("reminder")),
            "{user} answered and is not reminded"
        );
    }

    // The lead's report: figures, comments, the chart and the CSV.
    let lead = TestUser::new(ADMIN_ID, "Lead");
    api.user_writes(&lead.private_chat(), &lead, &format!("/report {id}"));
    let report = nth_message_to(&api, ADMIN_ID, 1).await;
    assert!(
        report
            .text
            .contains("All: 3 responses of 4 (75%), mean 4.0/5"),
        "{}",
        report.text
    );
    assert!(
        report.text.contains("• The debrief was calm and specific"),
        "{}",
        report.text
    );
    assert!(
        report.text.contains("• Clear teaching — Dr Fellow 1002"),
        "named: {}",
        report.text
    );
    assert!(!report.text.contains("Dr Fellow 1001") && !report.text.contains("Dr Fellow 1003"));
    let photo = api.wait_for_calls("sendPhoto", 1).await;
    assert!(
        photo[0]
            .body
            .as_str()
            .unwrap_or_default()
            .contains("feedback.png")
    );
    let csv = api.wait_for_calls("sendDocument", 1).await;
    let csv = csv[0].body.as_str().unwrap_or_default().to_owned();
    assert!(csv.contains("Practising a deteriorating patient"), "{csv}");
    assert!(
        csv.contains("Dr Fellow 1002") && !csv.contains("Dr Fellow 1001"),
        "{csv}"
    );

    // A week on, the form is closed: a late press is told so, and nothing links back.
    clock.advance(chrono::Duration::days(6));
    tokio::time::sleep(Duration::from_millis(500)).await;
    api.user_presses(&chat, &amina, prompt.message_id, &four);
    let closed = api
        .wait_until(Duration::from_secs(10), |calls| {
            calls.iter().any(|c| {
                c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("has closed"))
            })
        })
        .await;
    assert!(closed, "the late press is told the form has closed");
    bot.stop().await;
    assert_no_link_from_anonymous_answers(&db.url).await;
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
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    for user in [2001, 2002] {
        register_fellow(&store, user, "WHT").await;
    }
    let (id, start, clock) =
        a_session_at_ten(&store, "pastoral-induction", "Pastoral induction").await;
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), clock.clone()).await;
    for user in [2001, 2002] {
        let me = fellow(user);
        api.user_presses(&me.private_chat(), &me, 1, &format!("ses:g:{id}"));
    }
    api.wait_for_calls("answerCallbackQuery", 2).await;
    let gone = fellow(2002);
    api.user_writes(&gone.private_chat(), &gone, "/forgetme");
    let confirm = nth_message_to(&api, 2002, 1).await;
    api.user_presses(
        &gone.private_chat(),
        &gone,
        confirm.message_id,
        "forget:yes",
    );
    api.wait_for_calls("answerCallbackQuery", 3).await;
    api.wait_until_all_confirmed().await;

    clock.set(start + chrono::Duration::minutes(91));
    let prompt = nth_message_to(&api, 2001, 1).await;
    assert!(
        prompt.text.contains("How was Pastoral induction"),
        "{}",
        prompt.text
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !sent_to(&api, 2002)
            .iter()
            .any(|s| s.text.contains("How was")),
        "a forgotten fellow is never asked"
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_fellow_marked_as_leaving_is_offered_the_exit_survey_and_a_closed_cycle_is_told_to_fellows()
 {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    register_fellow(&store, 3001, "BCHFT").await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let lead = TestUser::new(ADMIN_ID, "Lead");
    let chat = lead.private_chat();

    api.user_writes(&chat, &lead, "/leaving 3001 2026-12-31");
    let survey = nth_message_to(&api, 3001, 1).await;
    assert!(
        survey.text.contains("Sorry to see you go"),
        "{}",
        survey.text
    );
    let done = nth_message_to(&api, ADMIN_ID, 1).await;
    assert!(
        done.text.contains("marked as leaving on 31 December 2026"),
        "{}",
        done.text
    );
    let left = store.fellow(3001).await.unwrap().unwrap().left_on;
    assert_eq!(left, NaiveDate::from_ymd_opt(2026, 12, 31));
    let me = fellow(3001);
    api.user_presses(
        &me.private_chat(),
        &me,
        survey.message_id,
        &star(&survey, 4),
    );
    let why = nth_message_to(&api, 3001, 2).await;
    assert!(why.text.contains("Why"), "exit questions: {}", why.text);

    api.user_writes(&chat, &lead, "/cycle exit Exit chats with the chief fellow");
    nth_message_to(&api, ADMIN_ID, 2).await;
    api.user_writes(
        &chat,
        &lead,
        "/cycle close exit Fellows felt heard; we keep them",
    );
    let closed = nth_message_to(&api, ADMIN_ID, 3).await;
    assert!(closed.text.contains("You said, we did"), "{}", closed.text);
    api.user_presses(
        &chat,
        &lead,
        closed.message_id,
        &data_of(&closed, "fb:tell:"),
    );
    let told = nth_message_to(&api, 3001, 3).await;
    assert!(
        told.text
            .contains("We changed: Exit chats with the chief fellow"),
        "{}",
        told.text
    );
    bot.stop().await;
}

#[tokio::test]
async fn forgetting_yourself_while_a_form_is_open_deletes_your_anonymous_answers_too() {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    register_fellow(&store, 4001, "RWT").await;
    let bot = TestBot::start(settings_for(&api, &db.url)).await;
    let me = fellow(4001);
    let chat = me.private_chat();
    api.user_writes(&chat, &me, "/feedback");
    let menu = nth_message_to(&api, 4001, 1).await;
    api.user_presses(&chat, &me, menu.message_id, "fb:svc:buddy");
    let prompt = nth_message_to(&api, 4001, 2).await;
    assert!(prompt.text.contains("The buddy scheme"), "{}", prompt.text);
    api.user_presses(&chat, &me, prompt.message_id, &star(&prompt, 2));
    nth_message_to(&api, 4001, 3).await;
    api.user_writes(&chat, &me, "My buddy never replied");
    nth_message_to(&api, 4001, 4).await;

    api.user_writes(&chat, &me, "/forgetme");
    let confirm = nth_message_to(&api, 4001, 5).await;
    api.user_presses(&chat, &me, confirm.message_id, "forget:yes");
    let forgotten = api
        .wait_until(Duration::from_secs(10), |calls| {
            calls.iter().any(|c| {
                c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("deleted everything"))
            })
        })
        .await;
    assert!(forgotten, "the fellow is told their data is deleted");
    bot.stop().await;

    let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
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

/// Polls the database (no fixed wait) until the job that closes the form is done: the form is
/// closed and what closing deleted has been purged from the files.
async fn wait_until_closed(pool: &sqlx::SqlitePool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let done: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'feedback_close' AND done_at IS NOT NULL",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if done == 1 {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the form never closed"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_only_fellow_of_a_trust_cannot_be_found_behind_their_answer_in_the_file_once_the_form_closes()
 {
    let api = FakeBotApi::start().await;
    let db = TestDb::sqlite();
    let store = Store::open(&db.url).await.unwrap();
    let (rwt, bchft, only_wht) = ([5101, 5102, 5103, 5104], [5105, 5106], 5107);
    for user in rwt {
        register_fellow(&store, user, "RWT").await;
    }
    for user in bchft {
        register_fellow(&store, user, "BCHFT").await;
    }
    register_fellow(&store, only_wht, "WHT").await;
    let (id, start, clock) = a_session_at_ten(&store, "sim-training", "SIM training").await;
    let bot = TestBot::start_with_clock(settings_for(&api, &db.url), clock.clone()).await;
    let everyone: Vec<i64> = rwt
        .iter()
        .chain(&bchft)
        .copied()
        .chain([only_wht])
        .collect();
    for &user in &everyone {
        let me = fellow(user);
        api.user_presses(&me.private_chat(), &me, 1, &format!("ses:g:{id}"));
    }
    api.wait_for_calls("answerCallbackQuery", everyone.len())
        .await;
    clock.set(start + chrono::Duration::minutes(91));
    for &user in &everyone {
        nth_message_to(&api, user, 1).await;
    }
    let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
    let salt: String = sqlx::query_scalar("SELECT salt FROM feedback_forms")
        .fetch_one(&pool)
        .await
        .unwrap();

    // The WHT fellow rates and answers the first question, then stops half-way; two from RWT
    // answer too.
    let answer = "The debrief felt rushed";
    for (user, text) in [(only_wht, answer), (5101, "Useful"), (5102, "Good pace")] {
        let me = fellow(user);
        let prompt = nth_message_to(&api, user, 1).await;
        api.user_presses(
            &me.private_chat(),
            &me,
            prompt.message_id,
            &star(&prompt, 3),
        );
        nth_message_to(&api, user, 2).await;
        api.user_writes(&me.private_chat(), &me, text);
        nth_message_to(&api, user, 3).await;
    }
    let half_filled: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM conversations WHERE user_id = $1")
            .bind(only_wht)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(half_filled, 1, "the form is open in their chat");

    clock.advance(chrono::Duration::days(8));
    wait_until_closed(&pool).await;
    let path = db.url.trim_start_matches("sqlite://").to_owned();
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
    bot.stop().await;

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
