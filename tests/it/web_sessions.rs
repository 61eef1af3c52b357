//! A session's page in the console: who may see and change it, its RSVPs and waiting list in
//! order, attendance marking that leads to feedback as /attendance does, and CSV import with a
//! dry run. Moving and cancelling are `web_session_changes`.

use std::sync::Mutex;

use chrono::{Duration, Utc};
use fellowship_bot::chat::{Action, Outbox, Reply, SendOutcome};
use fellowship_bot::fellows::Role;
use reqwest::StatusCode;

use crate::support::web::{Page, TestConsole};
use crate::support::{ADMIN_ID, a_session, add_session_with, register_fellow};
use crate::web_console::{FELLOW, LEAD, assert_not_allowed, console_with_people};

/// A third registered person, who joins the waiting list.
pub const OTHER: i64 = 7003;

/// Records what the job worker sends, as a channel would deliver it, reading each text as
/// Telegram would (it refuses bad HTML).
#[derive(Default)]
pub struct Sent(Mutex<Vec<Reply>>);

#[async_trait::async_trait]
impl Outbox for Sent {
    async fn attempt(&self, reply: &Reply) -> SendOutcome {
        if let Action::Send(message) | Action::Edit { message, .. } = &reply.action {
            crate::support::telegram_html::parse(&message.html).expect("HTML Telegram accepts");
        }
        self.0.lock().unwrap().push(reply.clone());
        SendOutcome::Delivered {
            message_id: Some(1),
        }
    }
}

/// Runs every job due now; the texts each chat was sent.
pub async fn run_due_jobs(console: &TestConsole) -> Vec<(i64, String)> {
    let sent = Sent::default();
    fellowship_bot::worker::run_due_jobs(&console.assistant, &sent)
        .await
        .unwrap();
    let replies = sent.0.into_inner().unwrap();
    replies
        .into_iter()
        .filter_map(|reply| match reply.action {
            Action::Send(message) => Some((reply.chat_id, message.html)),
            _ => None,
        })
        .collect()
}

/// The value of the hidden field `name` on `page`.
pub fn hidden(page: &Page, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page.body.find(&marker).expect("the field") + marker.len();
    let end = page.body[at..].find('"').unwrap() + at;
    page.body[at..end].to_owned()
}

/// A console with a session in two days with one place: FELLOW going, OTHER then LEAD waiting.
pub async fn console_with_a_session() -> (TestConsole, i64) {
    let console = console_with_people().await;
    let store = console.store();
    register_fellow(&store, OTHER, "RWT").await;
    let mut session = a_session(
        "sim",
        "Sepsis simulation",
        Utc::now() + Duration::days(2),
        Duration::hours(1),
    );
    session.capacity = Some(1);
    let id = add_session_with(&store, session, [FELLOW, OTHER, LEAD]).await;
    (console, id)
}

#[tokio::test]
async fn a_session_page_shows_who_is_going_and_the_waiting_list_in_order_and_the_calendar_links_to_it()
 {
    let (console, id) = console_with_a_session().await;
    let cookie = console.sign_in(LEAD).await;
    let calendar = console.get("/sessions", Some(&cookie)).await;
    assert!(
        calendar.body.contains(&format!("href=\"/sessions/{id}\"")),
        "{}",
        calendar.body
    );

    let page = console.get(&format!("/sessions/{id}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sepsis simulation") && page.body.contains("1 going of 1"));
    assert!(page.body.contains("Going (1)") && page.body.contains("Waiting list (2)"));
    let waiting = &page.body[page.body.find("Waiting list").unwrap()..];
    let (other, lead) = (
        waiting.find("Dr Fellow 7003").unwrap(),
        waiting.find("Dr Fellow 7001").unwrap(),
    );
    assert!(other < lead, "the waiting list keeps its order: {waiting}");
    assert!(
        page.body.contains("value=\"7002\""),
        "a checkbox for the fellow going"
    );
    assert!(page.body.len() < 100_000);
    assert_eq!(
        console.get("/sessions/999", Some(&cookie)).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn only_leads_and_admins_reach_a_session_and_every_form_needs_its_token() {
    let (console, id) = console_with_a_session().await;
    let gets = [
        format!("/sessions/{id}"),
        format!("/sessions/{id}/move?start=tomorrow+15%3A00"),
        format!("/sessions/{id}/cancel"),
        format!("/sessions/{id}/edit?title=A&location=B"),
        "/sessions/import".to_owned(),
    ];
    let posts = [
        format!("/sessions/{id}/attendance"),
        format!("/sessions/{id}/move"),
        format!("/sessions/{id}/cancel"),
        format!("/sessions/{id}/edit"),
        "/sessions/import".to_owned(),
    ];
    for who in [LEAD, ADMIN_ID] {
        let cookie = console.sign_in(who).await;
        for path in &gets {
            let page = console.get(path, Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::OK, "{who} {path}: {}", page.body);
        }
        for path in &posts {
            let forged = [
                ("form_token", "f".repeat(64)),
                ("sequence", "0".into()),
                ("starts_at", "1".into()),
                ("title", "A".into()),
                ("location", "B".into()),
            ];
            let forged: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
            assert_not_allowed(&console.post(path, Some(&cookie), &forged).await, path);
        }
    }
    let lead = console.sign_in(LEAD).await;
    console
        .store()
        .revoke_role(LEAD, Role::PastoralLead)
        .await
        .unwrap();
    let (page, cookie) = console.use_link(&console.link_for(FELLOW).await).await;
    assert_not_allowed(&page, "a fellow's link");
    assert_eq!(cookie, None);
    for path in &gets {
        assert_not_allowed(&console.get(path, None).await, path);
        assert_not_allowed(&console.get(path, Some(&lead)).await, path);
    }
    for path in &posts {
        let form = [
            ("sequence", "0"),
            ("starts_at", "1"),
            ("csv", "x"),
            ("came", "7002"),
        ];
        assert_not_allowed(&console.post(path, None, &form).await, path);
        assert_not_allowed(&console.post(path, Some(&lead), &form).await, path);
    }
    let session = console.store().session(id, &[]).await.unwrap().unwrap();
    assert!(
        !session.cancelled && session.sequence == 0,
        "nothing changed"
    );
}

#[tokio::test]
async fn attendance_saved_in_the_console_is_the_chats_and_feedback_follows_for_those_marked() {
    let console = console_with_people().await;
    let store = console.store();
    let start = console.assistant.now() - Duration::hours(1);
    let id = add_session_with(
        &store,
        a_session("sim", "Airway skills", start, Duration::hours(1)),
        [FELLOW, LEAD],
    )
    .await;
    let cookie = console.sign_in(LEAD).await;
    let page = console.get(&format!("/sessions/{id}"), Some(&cookie)).await;
    let token = page.form_token();
    let form = [
        ("form_token", token.as_str()),
        ("came", "7002"),
        ("came", "424242"),
    ];
    let saved = console
        .post(&format!("/sessions/{id}/attendance"), Some(&cookie), &form)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = console
        .get(saved.headers["location"].to_str().unwrap(), Some(&cookie))
        .await;
    assert!(page.body.contains("Attendance saved"), "{}", page.body);
    assert!(
        page.body.contains("Dr Fellow 7002 (marked as there)"),
        "{}",
        page.body
    );
    assert_eq!(
        store.attendees(id).await.unwrap(),
        vec![FELLOW],
        "only someone going is marked"
    );

    let delay = console.assistant.context().settings().feedback.delay;
    console.clock.advance(delay + Duration::minutes(1));
    let sent = run_due_jobs(&console).await;
    assert!(
        sent.iter().any(|(chat, _)| *chat == FELLOW),
        "the fellow marked is asked for feedback: {sent:?}"
    );
    assert!(
        !sent.iter().any(|(chat, _)| *chat == LEAD),
        "someone not marked is not: {sent:?}"
    );
}

#[tokio::test]
async fn a_csv_pasted_in_the_console_is_checked_by_line_then_imported_with_the_clis_parser() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let token = console
        .get("/sessions/import", Some(&cookie))
        .await
        .form_token();
    let bad = "type,title,start,end,location\nsim,Airway,2030-01-10 14:00,2030-01-10 15:00,Room 1\nnope,Bad type,2030-01-11 14:00,2030-01-11 15:00,Room 2\nsim,Bad time,tomorrowish,2030-01-12 15:00,Room 3\n";
    let checked = console
        .post(
            "/sessions/import",
            Some(&cookie),
            &[("form_token", &token), ("csv", bad), ("action", "import")],
        )
        .await;
    assert_eq!(checked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        checked
            .body
            .contains("Nothing was imported. Please fix these 2 problems"),
        "{}",
        checked.body
    );
    assert!(
        checked.body.contains("<td class=\"n\">3</td>")
            && checked.body.contains("<td class=\"n\">4</td>"),
        "{}",
        checked.body
    );
    assert!(
        checked.body.contains("Bad type"),
        "the text stays to be fixed"
    );

    let good = "type,title,start,end,location,capacity\nsim,Airway,2030-01-10 14:00,2030-01-10 15:00,Room 1,8\nsim,Sepsis,2030-01-11 14:00,2030-01-11 15:00,Room 2,\n";
    let dry = console
        .post(
            "/sessions/import",
            Some(&cookie),
            &[("form_token", &token), ("csv", good), ("action", "check")],
        )
        .await;
    assert_eq!(dry.status, StatusCode::OK);
    assert!(
        dry.body.contains("Importing makes 2 sessions")
            && dry.body.contains("Thu 10 Jan 2030, 14:00"),
        "{}",
        dry.body
    );
    let calendar = console.get("/sessions", Some(&cookie)).await;
    assert!(
        calendar.body.contains("No sessions are planned yet."),
        "a check imports nothing"
    );

    let done = console
        .post(
            "/sessions/import",
            Some(&cookie),
            &[("form_token", &token), ("csv", good), ("action", "import")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = console
        .get(done.headers["location"].to_str().unwrap(), Some(&cookie))
        .await;
    assert!(
        page.body.contains("Imported 2 sessions: #1 to #2."),
        "{}",
        page.body
    );
    let calendar = console.get("/sessions", Some(&cookie)).await;
    assert!(calendar.body.contains("Airway") && calendar.body.contains("0 going of 8 places"));
}
