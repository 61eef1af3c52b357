//! Moving and cancelling a session in the console: a preview of the exact notice and how many
//! get it, a confirm that refuses a past or bad time and a stale preview (the chat's change
//! counter), and the chat's notices, one per person, superseded as the chat's are. Renaming
//! and new places are `web_session_edits`.

use reqwest::StatusCode;

use crate::support::web::{Page, TestConsole};
use crate::web_console::{FELLOW, LEAD, writes};
use crate::web_sessions::{OTHER, console_with_a_session, hidden, run_due_jobs};
use fellowship_bot::chat::ChatRef;

/// Previews moving session `id` to `start`.
pub async fn preview_move(console: &TestConsole, cookie: &str, id: i64, start: &str) -> Page {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("start", start)
        .finish();
    console
        .get(&format!("/sessions/{id}/move?{query}"), Some(cookie))
        .await
}

/// Presses the preview's confirm button.
pub async fn confirm(console: &TestConsole, cookie: &str, path: &str, preview: &Page) -> Page {
    let token = preview.form_token();
    let sequence = hidden(preview, "sequence");
    let mut form = vec![
        ("form_token", token.as_str()),
        ("sequence", sequence.as_str()),
    ];
    let starts_at = preview
        .body
        .contains("name=\"starts_at\"")
        .then(|| hidden(preview, "starts_at"));
    if let Some(starts_at) = &starts_at {
        form.push(("starts_at", starts_at));
    }
    console.post(path, Some(cookie), &form).await
}

#[tokio::test]
async fn a_move_is_previewed_with_its_notice_and_count_then_confirmed_and_each_person_told_once() {
    let (console, id) = console_with_a_session().await;
    let cookie = console.sign_in(LEAD).await;
    for (start, says) in [
        ("yesterday 10:00", "That time has passed"),
        ("someday soonish", "New start:"),
    ] {
        let refused = preview_move(&console, &cookie, id, start).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{start}");
        assert!(refused.body.contains(says), "{start}: {}", refused.body);
        assert!(
            !refused.body.contains("confirm-move"),
            "no confirm for a bad time"
        );
    }

    let first = preview_move(&console, &cookie, id, "tomorrow 15:00").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(
        first
            .body
            .contains("This notice goes to the 3 people going or waiting:"),
        "{}",
        first.body
    );
    assert!(first.body.contains("has moved from") && first.body.contains("Dr Fellow 7003"));
    let moved = confirm(&console, &cookie, &format!("/sessions/{id}/move"), &first).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let again = confirm(&console, &cookie, &format!("/sessions/{id}/move"), &first).await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "a second press finds it done"
    );

    // A later move before the first notice went out replaces it: one notice each, from the
    // time they knew to the final time.
    let second = preview_move(&console, &cookie, id, "tomorrow 17:00").await;
    let moved = confirm(&console, &cookie, &format!("/sessions/{id}/move"), &second).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let page = console
        .get(moved.headers["location"].to_str().unwrap(), Some(&cookie))
        .await;
    assert!(
        page.body
            .contains("Moved. The people going or waiting are being told now.")
    );

    let sent = run_due_jobs(&console).await;
    for person in [FELLOW, OTHER, LEAD] {
        let notices: Vec<&String> = sent
            .iter()
            .filter(|(chat, text)| *chat == person && text.contains("has moved"))
            .map(|(_, text)| text)
            .collect();
        assert_eq!(notices.len(), 1, "{person}: {sent:?}");
        assert!(
            notices[0].contains("17:00") && !notices[0].contains("15:00"),
            "{}",
            notices[0]
        );
    }
    let stale = confirm(
        &console,
        &cookie,
        &format!("/sessions/{id}/move"),
        &preview_move(&console, &cookie, id, "tomorrow 18:00").await,
    )
    .await;
    assert_eq!(
        stale.status,
        StatusCode::SEE_OTHER,
        "a fresh preview still works"
    );
}

#[tokio::test]
async fn a_confirm_made_after_the_session_changed_is_refused_and_changes_nothing() {
    let (console, id) = console_with_a_session().await;
    let cookie = console.sign_in(LEAD).await;
    let old_move = preview_move(&console, &cookie, id, "tomorrow 15:00").await;
    let old_cancel = console
        .get(&format!("/sessions/{id}/cancel"), Some(&cookie))
        .await;
    let other = preview_move(&console, &cookie, id, "tomorrow 16:00").await;
    let moved = confirm(&console, &cookie, &format!("/sessions/{id}/move"), &other).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);

    let refused = confirm(
        &console,
        &cookie,
        &format!("/sessions/{id}/move"),
        &old_move,
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(
        refused.body.contains("changed since that preview"),
        "{}",
        refused.body
    );
    let refused = confirm(
        &console,
        &cookie,
        &format!("/sessions/{id}/cancel"),
        &old_cancel,
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let session = console.store().session(id, &[]).await.unwrap().unwrap();
    assert!(
        !session.cancelled && session.sequence == 1,
        "only the fresh move happened"
    );
}

#[tokio::test]
async fn a_cancel_is_previewed_then_everyone_going_or_waiting_gets_the_chats_notice() {
    let (console, id) = console_with_a_session().await;
    let cookie = console.sign_in(LEAD).await;
    let preview = console
        .get(&format!("/sessions/{id}/cancel"), Some(&cookie))
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview
            .body
            .contains("This notice goes to the 3 people going or waiting:"),
        "{}",
        preview.body
    );
    assert!(
        preview.body.contains("is cancelled. Sorry!"),
        "{}",
        preview.body
    );
    assert!(
        run_due_jobs(&console).await.is_empty(),
        "a preview sends nothing"
    );

    let cancelled = confirm(
        &console,
        &cookie,
        &format!("/sessions/{id}/cancel"),
        &preview,
    )
    .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.body
    );
    let again = confirm(
        &console,
        &cookie,
        &format!("/sessions/{id}/cancel"),
        &preview,
    )
    .await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "a second press finds it done"
    );
    let page = console.get(&format!("/sessions/{id}"), Some(&cookie)).await;
    assert!(
        page.body.contains("This session is cancelled.") && !page.body.contains("preview-cancel")
    );

    let sent = run_due_jobs(&console).await;
    for person in [FELLOW, OTHER, LEAD] {
        let notices = sent
            .iter()
            .filter(|(chat, text)| *chat == person && text.contains("is cancelled"))
            .count();
        assert_eq!(notices, 1, "{person}: {sent:?}");
    }
    let replies = console
        .assistant
        .handle(writes(FELLOW, ChatRef::private(FELLOW), "/upcoming"))
        .await;
    let upcoming: String = replies.iter().map(crate::web_console::html_of).collect();
    assert!(!upcoming.contains("Sepsis simulation"), "{upcoming}");
}
