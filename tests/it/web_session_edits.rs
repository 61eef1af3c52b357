//! Renaming a session or changing where it is in the console: checked as the /newsession form
//! checks, previewed, confirmed under the move's change counter; a new place and a new time
//! reach each person in one notice, and a new title alone messages nobody.

use reqwest::StatusCode;

use crate::support::web::{Page, TestConsole};
use crate::web_console::{FELLOW, LEAD};
use crate::web_session_changes::{confirm, preview_move};
use crate::web_sessions::{OTHER, console_with_a_session, hidden, run_due_jobs};

#[tokio::test]
async fn a_new_place_and_a_new_time_reach_each_person_in_one_notice_and_a_new_title_alone_in_none()
{
    let (console, id) = console_with_a_session().await;
    let cookie = console.sign_in(LEAD).await;
    let edit = |title: &str, location: &str| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("title", title)
            .append_pair("location", location)
            .finish();
        format!("/sessions/{id}/edit?{query}")
    };
    let refused = console.get(&edit("Sepsis", ""), Some(&cookie)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Where: Please give a room"),
        "{}",
        refused.body
    );

    let moved = preview_move(&console, &cookie, id, "tomorrow 17:00").await;
    confirm(&console, &cookie, &format!("/sessions/{id}/move"), &moved).await;
    let preview = console
        .get(&edit("Sepsis simulation", "Sim suite <2>"), Some(&cookie))
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert!(
        preview
            .body
            .contains("This notice goes to the 3 people going or waiting:")
    );
    assert!(
        preview
            .body
            .contains("is now at <b>Sim suite &lt;2&gt;</b>"),
        "{}",
        preview.body
    );
    let saved = confirm_edit(&console, &cookie, id, &preview).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let sent = run_due_jobs(&console).await;
    for person in [FELLOW, OTHER, LEAD] {
        let notices: Vec<&String> = sent
            .iter()
            .filter(|(chat, _)| *chat == person)
            .map(|(_, text)| text)
            .collect();
        assert_eq!(notices.len(), 1, "{person}: {sent:?}");
        assert!(
            notices[0].contains("has moved from")
                && notices[0].contains("17:00")
                && notices[0].contains("now at <b>Sim suite &lt;2&gt;</b>"),
            "{}",
            notices[0]
        );
    }

    let renamed = console
        .get(&edit("Sepsis masterclass", "Sim suite <2>"), Some(&cookie))
        .await;
    assert!(
        renamed
            .body
            .contains("Only the title changes, so nobody is messaged"),
        "{}",
        renamed.body
    );
    let stale = renamed.body.replace(
        &format!(
            "name=\"sequence\" value=\"{}\"",
            hidden(&renamed, "sequence")
        ),
        "name=\"sequence\" value=\"0\"",
    );
    let stale = Page {
        body: stale,
        status: renamed.status,
        headers: renamed.headers.clone(),
    };
    assert_eq!(
        confirm_edit(&console, &cookie, id, &stale).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        confirm_edit(&console, &cookie, id, &renamed).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        run_due_jobs(&console)
            .await
            .iter()
            .all(|(chat, _)| ![FELLOW, OTHER, LEAD].contains(chat)),
        "nobody is messaged for a title"
    );
    let page = console.get(&format!("/sessions/{id}"), Some(&cookie)).await;
    assert!(page.body.contains("Sepsis masterclass"));
}

async fn confirm_edit(console: &TestConsole, cookie: &str, id: i64, preview: &Page) -> Page {
    let (token, sequence) = (preview.form_token(), hidden(preview, "sequence"));
    let (title, location) = (hidden(preview, "title"), hidden(preview, "location"));
    let unescape = |text: &str| {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
    };
    let (title, location) = (unescape(&title), unescape(&location));
    let form = [
        ("form_token", token.as_str()),
        ("sequence", &sequence),
        ("title", &title),
        ("location", &location),
    ];
    console
        .post(&format!("/sessions/{id}/edit"), Some(cookie), &form)
        .await
}
