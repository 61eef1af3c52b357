//! The console's feedback page: the report of /report with small groups folded (shown as folded,
//! never with their own figures), the same PDSA chart, the CSV, and improvement cycles started
//! and closed with the chat's rules. Who may see it: a lead and an admin; not a fellow, a
//! revoked lead, nor anyone without a session.

use chrono::Duration;
use fellowship_bot::feedback::{FormKind, respondent_key};
use fellowship_bot::fellows::Role;
use fellowship_bot::store::{FeedbackAnswers, NewForm, Store};
use reqwest::StatusCode;

use crate::support::ADMIN_ID;
use crate::support::web::TestConsole;
use crate::web_console::{FELLOW, LEAD, assert_not_allowed, console_with_people};

async fn session_feedback(console: &TestConsole, session: i64, per_trust: &[(&str, i64, i64)]) {
    let now = console.assistant.now();
    feedback_on_session(&console.store(), now, session, per_trust).await;
}

/// A SIM session's form with `per_trust` (trust, invited, responses), held on `now`'s day;
/// each response rated 4 with the same comment, "Useful scenarios" (comments never say a trust).
pub async fn feedback_on_session(
    store: &Store,
    now: chrono::DateTime<chrono::Utc>,
    session: i64,
    per_trust: &[(&str, i64, i64)],
) {
    let subject = format!("session:{session}");
    // Held today (London), so a cycle started today concerns its invitees.
    let held_on = now
        .with_timezone(&chrono_tz::Europe::London)
        .format("%Y-%m-%d")
        .to_string();
    let form = NewForm {
        subject: &subject,
        kind: FormKind::Session,
        session_id: Some(session),
        session_type: "sim",
        title: "SIM training",
        held_on: &held_on,
        salt: "salt",
        closes_at: now + Duration::days(4),
    };
    let form = store.open_feedback_form(&form, now).await.unwrap();
    let mut user = session * 1000;
    for (trust, invited, responses) in per_trust {
        for n in 0..*invited {
            user += 1;
            store
                .invite_to_feedback(form.id, user, Some(trust), now)
                .await
                .unwrap();
            if n < *responses {
                let answers = FeedbackAnswers {
                    rating: Some(4),
                    situation: Some("Useful scenarios".to_owned()),
                    step: "done".into(),
                    ..FeedbackAnswers::default()
                };
                let key = respondent_key("salt", user);
                store
                    .save_feedback_answers(form.id, &key, Some(trust), &answers, now)
                    .await
                    .unwrap();
            }
        }
    }
}

#[tokio::test]
async fn a_report_folds_its_small_groups_and_shows_the_chart_the_chat_sends() {
    let console = console_with_people().await;
    session_feedback(&console, 77, &[("RWT", 6, 5), ("WHT", 4, 3), ("NUH", 3, 1)]).await;
    for who in [LEAD, ADMIN_ID] {
        let cookie = console.sign_in(who).await;
        let page = console.get("/feedback?session=77", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let body = &page.body;
        assert!(body.contains("All: 9 responses of 13"), "{body}");
        assert!(body.contains("RWT: 5 responses of 6"), "{body}");
        assert!(
            body.contains("Other trusts (combined): 4 responses"),
            "{body}"
        );
        assert!(
            !body.contains("NUH:") && !body.contains("WHT:"),
            "no small group alone: {body}"
        );
        assert!(body.contains("are folded together"), "the page says so");
        assert_eq!(
            body.matches("• Useful scenarios").count(),
            9,
            "nine responses: comments shown, with no trust beside them"
        );
        assert!(
            body.contains("src=\"/feedback/chart.png?session=77"),
            "{body}"
        );
        assert!(body.contains("Download the 9 responses"), "{body}");
        assert!(body.len() < 100_000, "a light page: {} bytes", body.len());

        let chart = console
            .get("/feedback/chart.png?session=77", Some(&cookie))
            .await;
        assert_eq!(chart.status, StatusCode::OK);
        assert_eq!(chart.headers["content-type"], "image/png");
        let csv = console
            .get("/feedback/responses.csv?session=77", Some(&cookie))
            .await;
        assert!(csv.body.starts_with("held_on,session_type"), "{}", csv.body);
        assert!(!csv.body.contains(",NUH,"), "the CSV folds NUH too");
    }
}

#[tokio::test]
async fn fewer_than_three_responses_show_no_ratings_and_no_comments() {
    let console = console_with_people().await;
    session_feedback(&console, 78, &[("RWT", 4, 2)]).await;
    let cookie = console.sign_in(LEAD).await;
    let page = console.get("/feedback?session=78", Some(&cookie)).await;
    let body = &page.body;
    assert!(body.contains("fewer than 3, so no breakdown"), "{body}");
    assert!(
        body.contains("Comments are shown from 3 responses"),
        "{body}"
    );
    assert!(!body.contains("Useful scenarios"), "{body}");
    assert!(!body.contains("Download the"), "no CSV of two: {body}");
    let csv = console
        .get("/feedback/responses.csv?session=78", Some(&cookie))
        .await;
    assert_eq!(csv.status, StatusCode::NOT_FOUND);

    let unknown = console.get("/feedback?type=juggling", Some(&cookie)).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let empty = console.get("/feedback", Some(&cookie)).await;
    assert!(
        empty
            .body
            .contains("All: 2 responses of 4 (50%); fewer than 3, so no breakdown"),
        "the last 30 days: {}",
        empty.body
    );
    assert!(!empty.body.contains("Useful scenarios"));
}

#[tokio::test]
async fn a_cycle_is_started_and_closed_with_the_chats_rules_and_shows_you_said_we_did() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let token = console.get("/feedback", Some(&cookie)).await.form_token();
    let post = |path: &'static str, kind: &'static str, note: &'static str| {
        let (console, cookie, token) = (&console, cookie.clone(), token.clone());
        async move {
            let form = [
                ("form_token", token.as_str()),
                ("kind", kind),
                ("note", note),
            ];
            console.post(path, Some(&cookie), &form).await
        }
    };
    let closed = post("/feedback/cycles/close", "sim", "Better").await;
    assert_eq!(closed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        closed.body.contains("There is no open cycle for sim."),
        "{}",
        closed.body
    );
    let unknown = post("/feedback/cycles", "juggling", "More balls").await;
    assert!(
        unknown.body.contains("I don&#39;t know the session type")
            || unknown.body.contains("I don't know the session type"),
        "{}",
        unknown.body
    );

    let started = post("/feedback/cycles", "sim", "Shorter <briefing>").await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.body);
    assert!(
        started.body.contains("Changed: Shorter &lt;briefing&gt;"),
        "{}",
        started.body
    );
    assert!(started.body.contains("(open)"));
    session_feedback(&console, 79, &[("RWT", 3, 1)]).await;
    let closed = post("/feedback/cycles/close", "sim", "Rated higher; we keep it").await;
    assert!(closed.body.contains("Cycle closed."), "{}", closed.body);
    assert!(
        closed.body.contains("<b>You said, we did</b>"),
        "{}",
        closed.body
    );
    assert!(
        closed
            .body
            .contains("What came of it: Rated higher; we keep it"),
        "{}",
        closed.body
    );
    assert!(
        closed.body.contains("Cycle closed. 3 fellows"),
        "{}",
        closed.body
    );
    let audit = console.store().audit_entries(5).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "cycle closed"));

    // Telling them is a broadcast to those fellows: previewed, then confirmed.
    let cycle = console.store().recent_cycles(1).await.unwrap()[0].id;
    let form = [("form_token", token.as_str())];
    let tell = console
        .post(
            &format!("/feedback/cycles/{cycle}/tell"),
            Some(&cookie),
            &form,
        )
        .await;
    assert_eq!(tell.status, StatusCode::SEE_OTHER, "{}", tell.body);
    let preview = tell.headers["location"].to_str().unwrap().to_owned();
    let preview = console.get(&preview, Some(&cookie)).await;
    assert!(
        preview
            .body
            .contains("<b>You said, we did</b> — SIM training")
            && preview
                .body
                .contains("fellows asked for feedback on sim since")
            && preview.body.contains("3 people"),
        "{}",
        preview.body
    );
}

#[tokio::test]
async fn a_fellow_a_revoked_lead_or_no_session_see_no_feedback() {
    let console = console_with_people().await;
    session_feedback(&console, 77, &[("RWT", 6, 5)]).await;
    let lead = console.sign_in(LEAD).await;
    let (refused, fellow) = console.use_link(&console.link_for(FELLOW).await).await;
    assert_not_allowed(&refused, "a fellow's link");
    console
        .store()
        .revoke_role(LEAD, Role::PastoralLead)
        .await
        .unwrap();
    for cookie in [None, fellow.as_deref(), Some(lead.as_str())] {
        for path in [
            "/feedback?session=77",
            "/feedback/chart.png?session=77",
            "/feedback/responses.csv?session=77",
        ] {
            let page = console.get(path, cookie).await;
            assert_not_allowed(&page, path);
            assert!(!page.body.contains("Useful scenarios"));
        }
        for path in ["/feedback/cycles", "/feedback/cycles/close"] {
            let form = [("kind", "sim"), ("note", "x")];
            assert_not_allowed(&console.post(path, cookie, &form).await, path);
        }
    }
    assert!(console.store().recent_cycles(5).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_overview_lists_open_feedback_rounds_with_their_response_rates_only() {
    let console = console_with_people().await;
    session_feedback(&console, 78, &[("RWT", 6, 3), ("WHT", 2, 0)]).await;
    let cookie = console.sign_in(LEAD).await;
    let overview = console.get("/", Some(&cookie)).await;
    assert_eq!(overview.status, StatusCode::OK);
    let body = &overview.body;
    let open = body
        .split("Feedback rounds open")
        .nth(1)
        .expect("the open rounds section");
    assert!(
        open.contains("SIM training")
            && open.contains(">8<")
            && open.contains(">3<")
            && open.contains("38%"),
        "{open}"
    );
    assert!(
        !body.contains("Useful scenarios") && !body.contains("RWT</td>"),
        "counts only: no comment, no trust"
    );

    let close = console.store();
    let form = close
        .feedback_form_by_subject("session:78")
        .await
        .unwrap()
        .unwrap();
    close
        .close_feedback_form(form.id, ("feedback", "{}"), console.assistant.now())
        .await
        .unwrap();
    let overview = console.get("/", Some(&cookie)).await;
    assert!(
        overview.body.contains("No feedback round is open."),
        "a closed round leaves the overview"
    );
}
