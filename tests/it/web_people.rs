//! The console's people pages over real HTTP: every lead role and an admin get in, a buddy, a
//! fellow and no session do not; buddies are assigned with /buddy's own rules and introduced by
//! the job worker with /buddy's own messages, once.

use chrono::{NaiveDate, Utc};
use fellowship_bot::chat::{Action, Reply};
use fellowship_bot::fellows::{Fellow, Role};
use fellowship_bot::store::{BotStatus, ChatKind};
use reqwest::StatusCode;

use crate::support::ADMIN_ID;
use crate::support::web::{Page, TestConsole};
use crate::web_console::assert_not_allowed;

pub const NEW: i64 = 7101;
pub const BUDDY: i64 = 7102;
pub const FAR_BUDDY: i64 = 7103;
/// One person for each lead role, then the admin.
pub const LEADS: [(i64, Option<Role>); 4] = [
    (7110, Some(Role::EarlySupportLead)),
    (7111, Some(Role::PastoralLead)),
    (7112, Some(Role::ChiefFellow)),
    (ADMIN_ID, None),
];

/// A registered fellow who has started the bot, with an @username.
pub async fn person(console: &TestConsole, id: i64, name: &str, trust: &str, specialty: &str) {
    let (store, now) = (console.store(), Utc::now());
    store
        .remember_private_sender(id, name, Some(&format!("user{id}")), now)
        .await
        .unwrap();
    store
        .record_chat_status(id, ChatKind::Private, None, BotStatus::Member, now)
        .await
        .unwrap();
    let fellow = Fellow {
        user_id: id,
        name: name.into(),
        trust: trust.into(),
        start_date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        specialty: specialty.into(),
        left_on: None,
    };
    store.save_fellow(&fellow, now).await.unwrap();
}

/// A new fellow, a buddy at their trust and one at another, and one person per lead role.
pub async fn console_with_buddies() -> TestConsole {
    let console = TestConsole::start().await;
    let store = console.store();
    person(&console, NEW, "Dr New", "RWT", "Cardiology").await;
    person(&console, BUDDY, "Dr Near", "RWT", "Cardiology").await;
    person(&console, FAR_BUDDY, "Dr Far", "WHT", "Cardiology").await;
    for id in [BUDDY, FAR_BUDDY] {
        store
            .grant_role(id, Role::Buddy, ADMIN_ID, Utc::now())
            .await
            .unwrap();
    }
    for (id, role) in LEADS {
        if let Some(role) = role {
            person(&console, id, &format!("Lead {id}"), "RWT", "Medicine").await;
            store
                .grant_role(id, role, ADMIN_ID, Utc::now())
                .await
                .unwrap();
        }
    }
    console
}

/// The text of each message sent to `chat`.
pub fn sent_to(replies: &[Reply], chat: i64) -> Vec<String> {
    replies
        .iter()
        .filter(|r| r.chat_id == chat)
        .filter_map(|r| match &r.action {
            Action::Send(message) => Some(message.html.clone()),
            _ => None,
        })
        .collect()
}

async fn assign(console: &TestConsole, cookie: &str, token: &str, buddy: i64) -> Page {
    let (fellow, buddy) = (NEW.to_string(), buddy.to_string());
    let form = [
        ("form_token", token),
        ("fellow", fellow.as_str()),
        ("buddy", buddy.as_str()),
    ];
    console.post("/buddies/assign", Some(cookie), &form).await
}

#[tokio::test]
async fn every_lead_role_sees_the_buddies_page_and_a_buddy_or_no_session_does_not() {
    let console = console_with_buddies().await;
    for (id, _) in LEADS {
        let cookie = console.sign_in(id).await;
        let page = console.get("/buddies", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{id}");
        assert!(page.body.len() < 100_000, "weighs {}", page.body.len());
    }
    assert_not_allowed(&console.get("/buddies", None).await, "no session");
    let (refused, cookie) = console.use_link(&console.link_for(BUDDY).await).await;
    assert_not_allowed(&refused, "a buddy is not a lead");
    assert_eq!(cookie, None);
    let (refused, _) = console.use_link(&console.link_for(NEW).await).await;
    assert_not_allowed(&refused, "a fellow");
}

#[tokio::test]
async fn a_suggested_buddy_is_assigned_with_one_click_and_introduced_once_by_the_worker() {
    let console = console_with_buddies().await;
    let cookie = console.sign_in(LEADS[0].0).await;
    let page = console.get("/buddies", Some(&cookie)).await;
    let new_section = &page.body[page.body.find("Dr New").unwrap()..];
    let new_section = &new_section[..new_section.find("</section>").unwrap()];
    assert!(new_section.contains("Assign Dr Near"), "{new_section}");
    assert!(
        !new_section.contains("Assign Dr Far"),
        "another trust's buddy is not suggested"
    );

    let token = page.form_token();
    let done = assign(&console, &cookie, &token, BUDDY).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let location = done.headers["location"].to_str().unwrap().to_owned();
    let confirmed = console.get(&location, Some(&cookie)).await;
    assert!(
        confirmed.body.contains("Dr Near is now Dr New's buddy"),
        "{}",
        confirmed.body
    );
    assert!(!confirmed.body.contains("href=\"/fellows/7101\""));

    let sent = console.run_due_jobs().await;
    let to_new = sent_to(&sent, NEW);
    let to_buddy = sent_to(&sent, BUDDY);
    assert_eq!(to_new.len(), 1, "{sent:?}");
    assert!(to_new[0].contains("Meet your buddy: <b>Dr Near</b> (@user7102)"));
    assert!(to_buddy[0].contains("You are now the buddy of <b>Dr New</b> (@user7101)"));

    // A second click (or a second lead) changes nothing and introduces nobody again.
    assert_eq!(
        assign(&console, &cookie, &token, BUDDY).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(console.run_due_jobs().await.is_empty());
    let pairs = console.store().buddy_pairs().await.unwrap();
    assert_eq!(pairs.len(), 1);
    let audit = console.store().audit_entries(5).await.unwrap();
    assert_eq!(audit.iter().filter(|e| e.action == "buddy").count(), 1);
    assert_eq!(audit[0].actor, LEADS[0].0);
}

#[tokio::test]
async fn an_assignment_without_the_form_token_or_to_oneself_is_refused() {
    let console = console_with_buddies().await;
    let cookie = console.sign_in(ADMIN_ID).await;
    assert_not_allowed(
        &assign(&console, &cookie, &"0".repeat(64), BUDDY).await,
        "a forged token",
    );
    assert_not_allowed(
        &console
            .post(
                "/buddies/assign",
                None,
                &[("fellow", "7101"), ("buddy", "7102")],
            )
            .await,
        "no session",
    );
    let token = console.get("/buddies", Some(&cookie)).await.form_token();
    let own = assign(&console, &cookie, &token, NEW).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(own.body.contains("cannot be their own buddy"));
    assert!(console.store().buddy_pairs().await.unwrap().is_empty());
    assert!(console.run_due_jobs().await.is_empty());
}

#[tokio::test]
async fn fellows_are_filtered_by_specialty_role_buddy_and_reach_a_page_at_a_time() {
    let console = console_with_buddies().await;
    let store = console.store();
    let cookie = console.sign_in(LEADS[1].0).await;
    let count = |query: &'static str| {
        let (console, cookie) = (&console, &cookie);
        async move {
            let page = console
                .get(&format!("/fellows?{query}"), Some(cookie))
                .await;
            assert_eq!(page.status, StatusCode::OK, "{query}");
            page.body.matches("href=\"/fellows/").count()
        }
    };
    assert_eq!(count("specialty=cardiology").await, 3);
    assert_eq!(count("specialty=Medicine&trust=RWT").await, 3);
    assert_eq!(count("role=buddy").await, 2);
    assert_eq!(count("role=pastoral-lead").await, 1);
    assert_eq!(count("buddy=none").await, 6);
    assert_eq!(count("buddy=yes").await, 0);
    assert_eq!(count("reachable=no").await, 0);

    store
        .assign_buddy(NEW, BUDDY, ADMIN_ID, Utc::now())
        .await
        .unwrap();
    store
        .record_chat_status(NEW, ChatKind::Private, None, BotStatus::Removed, Utc::now())
        .await
        .unwrap();
    assert_eq!(count("buddy=yes").await, 1);
    assert_eq!(count("buddy=none").await, 5);
    assert_eq!(
        count("reachable=no&buddy=yes&specialty=Cardiology").await,
        1
    );
    assert_eq!(count("reachable=no&role=buddy").await, 0);

    for id in 8000..8030 {
        person(&console, id, &format!("Dr Surgeon {id}"), "WHT", "Surgery").await;
    }
    let first = console
        .get("/fellows?specialty=Surgery&buddy=none", Some(&cookie))
        .await;
    assert_eq!(first.body.matches("href=\"/fellows/").count(), 25);
    assert!(first.body.len() < 100_000, "weighs {}", first.body.len());
    let next = "specialty=Surgery&amp;role=&amp;buddy=none&amp;reachable=&amp;page=2";
    assert!(first.body.contains(next), "{}", first.body);
    assert_eq!(
        count("specialty=Surgery&buddy=none&page=2").await,
        5,
        "the filters carry over to the next page"
    );
}

#[tokio::test]
async fn a_buddy_the_bot_cannot_reach_is_assigned_with_a_warning_and_only_the_fellow_is_told() {
    let console = console_with_buddies().await;
    console
        .store()
        .record_chat_status(
            BUDDY,
            ChatKind::Private,
            None,
            BotStatus::Removed,
            Utc::now(),
        )
        .await
        .unwrap();
    let cookie = console.sign_in(LEADS[1].0).await;
    let token = console.get("/buddies", Some(&cookie)).await.form_token();
    let done = assign(&console, &cookie, &token, BUDDY).await;
    let location = done.headers["location"].to_str().unwrap().to_owned();
    let confirmed = console.get(&location, Some(&cookie)).await;
    assert!(
        confirmed
            .body
            .contains("Dr Near hasn't started the bot (or blocked it)"),
        "{}",
        confirmed.body
    );
    let sent = console.run_due_jobs().await;
    assert!(sent_to(&sent, BUDDY).is_empty());
    assert_eq!(sent_to(&sent, NEW).len(), 1);
}
