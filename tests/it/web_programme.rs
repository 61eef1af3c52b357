//! The console's calendar and broadcasts: a session created in the browser goes through the
//! /newsession form's own rules and fellows see it in /upcoming at once; a broadcast's report
//! shows while it sends.

use fellowship_bot::chat::ChatRef;
use reqwest::StatusCode;

use crate::web_console::{FELLOW, LEAD, console_with_people, html_of, writes};

#[tokio::test]
async fn a_session_created_in_the_browser_is_in_the_calendar_and_in_upcoming() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let token = console.get("/sessions", Some(&cookie)).await.form_token();
    let form = [
        ("form_token", token.as_str()),
        ("kind", "sim"),
        ("title", "Sepsis simulation"),
        ("start", "tomorrow 14:00"),
        ("end", "90m"),
        ("location", "Sim suite, level 2"),
        ("audience", "everyone"),
        ("capacity", "12"),
    ];
    let created = console.post("/sessions", Some(&cookie), &form).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let location = created.headers["location"].to_str().unwrap().to_owned();
    let calendar = console.get(&location, Some(&cookie)).await;
    assert!(
        calendar.body.contains("Created session #"),
        "{}",
        calendar.body
    );
    assert!(
        calendar.body.contains("Sepsis simulation")
            && calendar.body.contains("0 going of 12 places")
    );

    let replies = console
        .assistant
        .handle(writes(FELLOW, ChatRef::private(FELLOW), "/upcoming"))
        .await;
    let upcoming: String = replies.iter().map(html_of).collect();
    assert!(upcoming.contains("Sepsis simulation"), "{upcoming}");
}

#[tokio::test]
async fn a_session_the_chat_would_refuse_is_refused_with_the_field_named_and_nothing_created() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let token = console.get("/sessions", Some(&cookie)).await.form_token();
    for (field, value, says) in [
        ("start", "yesterday 14:00", "Starts:"),
        ("capacity", "lots", "Places:"),
        ("audience", "<b>", "For:"),
    ] {
        let mut form = vec![
            ("form_token", token.as_str()),
            ("kind", "sim"),
            ("start", "tomorrow 14:00"),
            ("location", "Room 1"),
            ("audience", "everyone"),
        ];
        form.retain(|(name, _)| *name != field);
        form.push((field, value));
        let page = console.post("/sessions", Some(&cookie), &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(page.body.contains(says), "{field}: {}", page.body);
        assert!(!page.body.contains("<b>\""), "what was typed is escaped");
    }
    let calendar = console.get("/sessions", Some(&cookie)).await;
    assert!(calendar.body.contains("No sessions are planned yet."));
}

#[tokio::test]
async fn a_sending_broadcast_shows_its_progress_and_audiences_their_counts_and_the_page_refreshes_itself()
 {
    use fellowship_bot::broadcast::{BroadcastAudience, BroadcastContent};
    use fellowship_bot::store::Recipient;
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let store = console.store();
    let now = console.assistant.now();
    let content = BroadcastContent::Text {
        html: "Induction moves to <b>Room 4</b>".into(),
    };
    let id = store.create_broadcast(LEAD, &content, now).await.unwrap();
    store
        .set_broadcast_audience(id, &BroadcastAudience::AllFellows, false)
        .await
        .unwrap();
    store.schedule_broadcast(id, now, None).await.unwrap();
    let everyone = [LEAD, FELLOW].map(|chat_id| Recipient {
        chat_id,
        thread_id: None,
        reachable: true,
    });
    store.start_broadcast(id, &everyone, now).await.unwrap();

    let page = console.get("/broadcasts", Some(&cookie)).await;
    assert!(
        page.body.contains("http-equiv=\"refresh\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("Sending… 0 of 2"), "{}", page.body);
    assert!(page.body.contains("to every fellow"), "{}", page.body);
    assert!(
        page.body
            .contains("<td>every fellow</td><td class=\"n\">2</td>"),
        "{}",
        page.body
    );
}
