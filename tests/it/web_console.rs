//! The leads' web console over real HTTP: who gets in (no session, a fellow, a lead, an admin,
//! a used or expired link, a forged cookie, a revoked role, a forgotten lead), what every page
//! shows, and /web in the chat. Articles are `web_articles`, sessions and broadcasts
//! `web_programme`.

use chrono::{Duration, Utc};
use fellowship_bot::chat::{Action, ChatKind, ChatRef, Event, Inbound, Person};
use fellowship_bot::fellows::Role;
use reqwest::StatusCode;

use crate::support::web::{Page, TestConsole};
use crate::support::{ADMIN_ID, register_fellow, spawn_core};

pub const LEAD: i64 = 7001;
pub const FELLOW: i64 = 7002;

/// Every page, and a phrase only that page shows.
const PAGES: [(&str, &str); 16] = [
    ("/", "Programme figures"),
    ("/buddies", "<h1>Buddies</h1>"),
    ("/roles", "<h1>Roles</h1>"),
    ("/audit", "<h1>Audit log</h1>"),
    ("/exports", "<h1>Exports</h1>"),
    ("/unanswered", "<h1>Unanswered questions</h1>"),
    ("/sessions/import", "<h1>Import sessions</h1>"),
    ("/fellows", "Any month"),
    ("/fellows/7002", "Can the bot message them?"),
    ("/sessions", "Create a session"),
    ("/broadcasts", "Who each audience reaches now"),
    ("/broadcasts/new", "Write the announcement"),
    ("/feedback", "Improvement cycles"),
    ("/articles", "articles. Choose one"),
    ("/articles/leave", "How the bot will send it"),
    (
        "/articles/leave/revisions",
        "No saves from the console yet.",
    ),
];

pub async fn console_with_people() -> TestConsole {
    let console = TestConsole::start().await;
    let store = console.store();
    register_fellow(&store, FELLOW, "RWT").await;
    register_fellow(&store, LEAD, "WHT").await;
    store
        .grant_role(LEAD, Role::PastoralLead, ADMIN_ID, Utc::now())
        .await
        .unwrap();
    console
}

pub fn assert_not_allowed(page: &Page, what: &str) {
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{what}");
    assert!(page.body.contains("Not allowed"), "{what}: {}", page.body);
    assert!(
        !page.body.contains("Dr Fellow"),
        "{what} shows nothing else"
    );
}

fn cookie_value(cookie: &str) -> &str {
    cookie.split_once('=').map_or("", |(_, v)| v)
}

#[tokio::test]
async fn health_answers_to_anyone_and_readiness_needs_the_database() {
    let console = TestConsole::start().await;
    let health = console.get("/healthz", None).await;
    assert_eq!(
        (health.status, health.body.as_str()),
        (StatusCode::OK, "ok")
    );
    assert_eq!(console.get("/readyz", None).await.status, StatusCode::OK);
    console.store().close().await;
    assert_eq!(
        console.get("/readyz", None).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );
    assert_eq!(console.get("/healthz", None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn every_page_is_not_allowed_without_a_session_or_with_a_forged_cookie() {
    let console = console_with_people().await;
    let forged = format!("fb_console={}", "a".repeat(64));
    for (path, _) in PAGES {
        assert_not_allowed(&console.get(path, None).await, path);
        assert_not_allowed(&console.get(path, Some(&forged)).await, path);
        assert_not_allowed(&console.get(path, Some("fb_console=../x")).await, path);
    }
}

#[tokio::test]
async fn a_fellow_who_is_not_a_lead_cannot_sign_in_even_with_a_link() {
    let console = console_with_people().await;
    let token = console.link_for(FELLOW).await;
    let (page, cookie) = console.use_link(&token).await;
    assert_not_allowed(&page, "a fellow's link");
    assert_eq!(cookie, None);
}

#[tokio::test]
async fn a_lead_and_an_admin_see_every_page_light_and_with_the_security_headers() {
    let console = console_with_people().await;
    for who in [LEAD, ADMIN_ID] {
        let cookie = console.sign_in(who).await;
        for (path, shows) in PAGES {
            let page = console.get(path, Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::OK, "{who} {path}");
            assert!(page.body.contains(shows), "{who} {path}: {}", page.body);
            assert!(
                page.body.len() < 100_000,
                "{path} weighs {}",
                page.body.len()
            );
            let header = |name: &str| page.headers[name].to_str().unwrap().to_owned();
            assert!(header("content-security-policy").starts_with("default-src 'self'"));
            assert_eq!(header("x-content-type-options"), "nosniff");
            assert_eq!(header("referrer-policy"), "no-referrer");
            assert_eq!(header("x-frame-options"), "DENY");
        }
    }
    let css = console.get("/style.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.body.len() < 10_000);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_holds_no_stored_value() {
    let console = console_with_people().await;
    let token = console.link_for(LEAD).await;
    let (page, cookie) = console.use_link(&token).await;
    let set_cookie = page.headers["set-cookie"].to_str().unwrap();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("Path=/") && !set_cookie.contains("Secure"));
    assert_eq!(page.headers["location"], "/");
    let secret = cookie_value(cookie.as_deref().unwrap()).to_owned();
    assert_eq!(secret.len(), 64);
    assert_ne!(secret, token);
}

#[tokio::test]
async fn a_sign_in_link_works_once_and_not_after_ten_minutes() {
    let console = console_with_people().await;
    let token = console.link_for(LEAD).await;
    // Opening the link only shows the button: a link preview uses nothing up.
    let opened = console.get(&format!("/login/{token}"), None).await;
    assert!(opened.body.contains("Sign in"));
    assert!(console.use_link(&token).await.1.is_some());
    let (again, cookie) = console.use_link(&token).await;
    assert_not_allowed(&again, "a used link");
    assert_eq!(cookie, None);

    let late = console.link_for(LEAD).await;
    console.clock.advance(Duration::minutes(10));
    assert_not_allowed(&console.use_link(&late).await.0, "an expired link");
    assert_not_allowed(&console.use_link(&"0".repeat(64)).await.0, "a made-up link");
}

#[tokio::test]
async fn a_lead_whose_role_is_revoked_is_out_at_the_next_request() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    assert_eq!(console.get("/", Some(&cookie)).await.status, StatusCode::OK);
    console
        .store()
        .revoke_role(LEAD, Role::PastoralLead)
        .await
        .unwrap();
    assert_not_allowed(&console.get("/", Some(&cookie)).await, "a revoked lead");
}

#[tokio::test]
async fn a_session_ends_after_eight_hours_unused_and_at_sign_out() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    console.clock.advance(Duration::hours(7));
    assert_eq!(console.get("/", Some(&cookie)).await.status, StatusCode::OK);
    console.clock.advance(Duration::hours(7));
    assert_eq!(
        console.get("/", Some(&cookie)).await.status,
        StatusCode::OK,
        "each visit counts as use"
    );
    console
        .clock
        .advance(Duration::hours(8) + Duration::seconds(1));
    assert_not_allowed(&console.get("/", Some(&cookie)).await, "an idle session");

    let cookie = console.sign_in(LEAD).await;
    let token = console.get("/", Some(&cookie)).await.form_token();
    let out = console
        .post("/logout", Some(&cookie), &[("form_token", &token)])
        .await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(
        out.headers["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_not_allowed(&console.get("/", Some(&cookie)).await, "signed out");
}

#[tokio::test]
async fn forget_me_deletes_a_leads_links_and_sessions() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let unused = console.link_for(LEAD).await;
    console.store().forget_person(LEAD).await.unwrap();
    // Even with the role given back, nothing from before works.
    console
        .store()
        .grant_role(LEAD, Role::PastoralLead, ADMIN_ID, Utc::now())
        .await
        .unwrap();
    assert_not_allowed(
        &console.get("/", Some(&cookie)).await,
        "a forgotten session",
    );
    assert_not_allowed(&console.use_link(&unused).await.0, "a forgotten link");
}

#[tokio::test]
async fn fellows_can_be_searched_and_filtered_by_trust_and_cohort() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let names = |page: &Page| page.body.matches("href=\"/fellows/").count();
    assert_eq!(names(&console.get("/fellows", Some(&cookie)).await), 2);
    assert_eq!(
        names(&console.get("/fellows?trust=RWT", Some(&cookie)).await),
        1
    );
    assert_eq!(
        names(&console.get("/fellows?q=7001", Some(&cookie)).await),
        1
    );
    assert_eq!(
        names(&console.get("/fellows?cohort=2026-08", Some(&cookie)).await),
        2
    );
    assert_eq!(
        names(&console.get("/fellows?cohort=2025-01", Some(&cookie)).await),
        0
    );
    assert_eq!(
        console.get("/fellows/999", Some(&cookie)).await.status,
        StatusCode::NOT_FOUND
    );
}

pub fn html_of(reply: &fellowship_bot::chat::Reply) -> String {
    match &reply.action {
        Action::Send(message) => message.html.clone(),
        other => panic!("not a message: {other:?}"),
    }
}

pub fn writes(user: i64, chat: ChatRef, text: &str) -> Inbound {
    let event = Event::Text {
        text: text.into(),
        replying_to_bot: false,
    };
    Inbound::new(chat, Person::named(user, "Lead"), event)
}

#[tokio::test]
async fn web_gives_a_lead_a_one_time_link_privately_and_nothing_to_a_fellow_or_a_group() {
    let console = console_with_people().await;
    let replies = console
        .assistant
        .handle(writes(LEAD, ChatRef::private(LEAD), "/web"))
        .await;
    let text = &html_of(&replies[0]);
    let link_start = text
        .find(&format!("{}/login/", console.base))
        .expect("a link");
    let token = &text[link_start..][console.base.len() + 7..][..64];
    assert!(text.contains("works once"), "{text}");
    assert!(console.use_link(token).await.1.is_some());

    let fellow = console
        .assistant
        .handle(writes(FELLOW, ChatRef::private(FELLOW), "/web"))
        .await;
    assert!(!html_of(&fellow[0]).contains("/login/"));

    let group = ChatRef {
        id: -100_555,
        kind: ChatKind::Group,
        title: Some("Leads".into()),
        thread_id: None,
    };
    let in_group = console.assistant.handle(writes(LEAD, group, "/web")).await;
    assert_eq!(in_group.len(), 1);
    let asked = &html_of(&in_group[0]);
    assert!(
        asked.contains("private chat") && !asked.contains("/login/"),
        "{asked}"
    );
}

#[tokio::test]
async fn web_says_the_console_is_off_when_web_addr_is_empty() {
    let core = spawn_core().await;
    let admin = crate::support::TestUser::new(ADMIN_ID, "Admin");
    let replies = core
        .user_writes(&admin.private_chat(), &admin, "/web")
        .await;
    assert!(replies[0].says("switched off"), "{}", replies[0].text());
}

#[tokio::test]
async fn every_post_with_a_session_is_checked_for_its_form_token_before_any_page_sees_it() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let token = console.get("/", Some(&cookie)).await.form_token();
    // A path no page answers: the guard refuses the forged token before routing, so a page
    // that forgot its own check would still be covered.
    for form in [vec![("form_token", "forged")], vec![]] {
        let page = console.post("/no-such-form", Some(&cookie), &form).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{form:?}");
    }
    let page = console
        .post("/no-such-form", Some(&cookie), &[("form_token", &token)])
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "the right token passes");
}
