//! Roles and the audit log in the console: every lead may look, only admins grant and revoke
//! (as /grant and /revoke), the person hears of a new role from the job worker, and the audit
//! log is read a page at a time.

use chrono::Utc;
use fellowship_bot::fellows::Role;
use reqwest::StatusCode;

use crate::support::ADMIN_ID;
use crate::web_console::assert_not_allowed;
use crate::web_people::{LEADS, NEW, console_with_buddies, sent_to};

#[tokio::test]
async fn leads_see_the_roles_read_only_and_cannot_change_them() {
    let console = console_with_buddies().await;
    for (id, role) in LEADS {
        let cookie = console.sign_in(id).await;
        let page = console.get("/roles", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Dr Near"), "{}", page.body);
        let admin = role.is_none();
        assert_eq!(page.body.contains("Grant a role"), admin, "{id}");
        assert_eq!(page.body.contains("value=\"revoke\""), admin, "{id}");
        if !admin {
            let token = page.form_token();
            let form = [
                ("form_token", token.as_str()),
                ("who", "7101"),
                ("role", "admin"),
                ("action", "grant"),
            ];
            assert_not_allowed(
                &console.post("/roles", Some(&cookie), &form).await,
                "a lead",
            );
        }
    }
    assert!(console.store().roles_of(NEW).await.unwrap().is_empty());
    assert_not_allowed(&console.get("/roles", None).await, "no session");
    assert_not_allowed(&console.get("/audit", None).await, "no session");
}

#[tokio::test]
async fn an_admin_grants_and_revokes_as_the_chat_does_and_the_person_is_told() {
    let console = console_with_buddies().await;
    let cookie = console.sign_in(ADMIN_ID).await;
    let token = console.get("/roles", Some(&cookie)).await.form_token();
    let change = |who: &'static str, role: &'static str, action: &'static str| {
        let (console, cookie, token) = (&console, &cookie, &token);
        async move {
            let form = [
                ("form_token", token.as_str()),
                ("who", who),
                ("role", role),
                ("action", action),
            ];
            console.post("/roles", Some(cookie), &form).await
        }
    };
    let granted = change("@user7101", "buddy", "grant").await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER);
    assert_eq!(granted.headers["location"], "/roles?done=granted");
    assert_eq!(
        console.store().roles_of(NEW).await.unwrap(),
        vec![Role::Buddy]
    );
    let sent = console.run_due_jobs().await;
    let note = sent_to(&sent, NEW);
    assert_eq!(note.len(), 1, "{sent:?}");
    assert!(
        note[0].contains("You are now a <b>Buddy</b>"),
        "{}",
        note[0]
    );

    let again = change("7101", "buddy", "grant").await;
    assert_eq!(again.headers["location"], "/roles?done=held");
    assert!(console.run_due_jobs().await.is_empty());

    let revoked = change("7101", "buddy", "revoke").await;
    assert_eq!(revoked.headers["location"], "/roles?done=revoked");
    assert!(console.store().roles_of(NEW).await.unwrap().is_empty());

    let audit = console.store().audit_entries(5).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["revoke", "grant"]);
    assert!(audit.iter().all(|e| e.actor == ADMIN_ID));

    let unknown = change("@nobody", "buddy", "grant").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("doesn't know them yet"));
    let no_role = change("7101", "wizard", "grant").await;
    assert_eq!(no_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(console.store().roles_of(NEW).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_note_for_a_role_taken_back_before_it_went_out_is_not_sent() {
    let console = console_with_buddies().await;
    let cookie = console.sign_in(ADMIN_ID).await;
    let token = console.get("/roles", Some(&cookie)).await.form_token();
    for action in ["grant", "revoke"] {
        let form = [
            ("form_token", token.as_str()),
            ("who", "7101"),
            ("role", "pastoral"),
            ("action", action),
        ];
        console.post("/roles", Some(&cookie), &form).await;
    }
    assert!(sent_to(&console.run_due_jobs().await, NEW).is_empty());
}

#[tokio::test]
async fn every_lead_reads_the_audit_log_newest_first_a_page_at_a_time() {
    let console = console_with_buddies().await;
    let store = console.store();
    for n in 1..=30 {
        store
            .record_audit(ADMIN_ID, "test", &format!("entry number {n}."), Utc::now())
            .await
            .unwrap();
    }
    for (id, _) in LEADS {
        let cookie = console.sign_in(id).await;
        let first = console.get("/audit", Some(&cookie)).await;
        assert_eq!(first.status, StatusCode::OK);
        assert!(first.body.contains("entry number 30."));
        assert!(!first.body.contains("entry number 5."));
        assert!(first.body.contains("href=\"/audit?page=2\""));
        let second = console.get("/audit?page=2", Some(&cookie)).await;
        assert!(second.body.contains("entry number 5."));
        assert!(second.body.contains("entry number 1."));
        assert!(!second.body.contains("entry number 6."));
        assert!(!second.body.contains("page=3"));
        assert!(second.body.len() < 100_000);
    }
}
