//! Composing a broadcast in the console: the form checks the text and the time with the
//! feature's own rules, a preview must be confirmed before anything is queued, the report page
//! follows it, and "send again to those not confirmed" keeps the chat's rule. Who may do it:
//! a lead and an admin; not a fellow, nor anyone without a session.

use fellowship_bot::broadcast::{BroadcastAudience, BroadcastContent, BroadcastStatus};
use fellowship_bot::broadcast::{DeliveryStatus, compose::TEXT_LIMIT};
use fellowship_bot::store::Recipient;
use reqwest::StatusCode;

use crate::support::ADMIN_ID;
use crate::support::web::TestConsole;
use crate::web_console::{FELLOW, LEAD, assert_not_allowed, console_with_people};

async fn compose(console: &TestConsole, cookie: &str, form: &[(&str, &str)]) -> (i64, String) {
    let token = console
        .get("/broadcasts/new", Some(cookie))
        .await
        .form_token();
    let mut sent = vec![("form_token", token.as_str())];
    sent.extend_from_slice(form);
    let drafted = console.post("/broadcasts/new", Some(cookie), &sent).await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);
    let preview = drafted.headers["location"].to_str().unwrap().to_owned();
    let id = preview
        .trim_start_matches("/broadcasts/")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    (id, preview)
}

#[tokio::test]
async fn a_broadcast_composed_in_the_console_is_previewed_and_queued_only_once_confirmed() {
    let console = console_with_people().await;
    let store = console.store();
    for who in [LEAD, ADMIN_ID] {
        let cookie = console.sign_in(who).await;
        let form = console.get("/broadcasts/new", Some(&cookie)).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.len() < 100_000, "{} bytes", form.body.len());
        assert!(
            form.body.contains("every fellow (2 people)")
                && form.body.contains("fellows at RWT (1 person)"),
            "each audience with its count: {}",
            form.body
        );
        let (id, preview_at) = compose(
            &console,
            &cookie,
            &[
                ("text", "Induction moves to **Room 4**, 5 > 4"),
                ("audience", "fellows"),
                ("when", "now"),
            ],
        )
        .await;
        let preview = console.get(&preview_at, Some(&cookie)).await;
        assert!(
            preview.body.contains(
                "<div class=\"telegram\">Induction moves to <b>Room 4</b>, 5 &gt; 4</div>"
            ),
            "{}",
            preview.body
        );
        let broadcast = store.broadcast(id).await.unwrap().unwrap();
        assert_eq!(broadcast.status, BroadcastStatus::Draft, "not queued yet");
        assert!(preview.body.contains("every fellow</strong>: 2 people"));

        let token = preview.form_token();
        let confirmed = console
            .post(
                &format!("/broadcasts/{id}/confirm"),
                Some(&cookie),
                &[("form_token", token.as_str())],
            )
            .await;
        assert_eq!(
            confirmed.status,
            StatusCode::SEE_OTHER,
            "{}",
            confirmed.body
        );
        let broadcast = store.broadcast(id).await.unwrap().unwrap();
        assert_eq!(broadcast.status, BroadcastStatus::Scheduled);
        assert_eq!(broadcast.audience, Some(BroadcastAudience::AllFellows));

        let report = console
            .get(&format!("/broadcasts/{id}"), Some(&cookie))
            .await;
        assert!(report.body.contains("Scheduled"), "{}", report.body);
        assert!(
            report.headers.contains_key("refresh"),
            "it refreshes itself"
        );
        let audit = store.audit_entries(5).await.unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.detail.starts_with(&format!("#{id} to every fellow, now"))),
            "noted in the audit log as the chat does"
        );
    }
}

#[tokio::test]
async fn a_broadcast_for_later_is_queued_at_that_london_time() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let zone = console.assistant.context().settings().timezone;
    let at = (console.assistant.now() + chrono::Duration::days(2))
        .with_timezone(&zone)
        .format("%Y-%m-%dT09:30")
        .to_string();
    let (id, preview_at) = compose(
        &console,
        &cookie,
        &[
            ("text", "Teaching"),
            ("audience", "trust:RWT"),
            ("when", "later"),
            ("at", &at),
        ],
    )
    .await;
    let preview = console.get(&preview_at, Some(&cookie)).await;
    assert!(preview.body.contains("09:30"), "{}", preview.body);
    let token = preview.form_token();
    let seconds = preview_at.split("at=").nth(1).unwrap().to_owned();
    console
        .post(
            &format!("/broadcasts/{id}/confirm"),
            Some(&cookie),
            &[("form_token", token.as_str()), ("at", &seconds)],
        )
        .await;
    let broadcast = console.store().broadcast(id).await.unwrap().unwrap();
    assert_eq!(broadcast.status, BroadcastStatus::Scheduled);
    let local = broadcast.send_at.unwrap().with_timezone(&zone);
    assert_eq!(local.format("%Y-%m-%dT%H:%M").to_string(), at);
}

#[tokio::test]
async fn what_the_chat_would_refuse_is_refused_with_the_field_named_and_nothing_drafted() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let token = console
        .get("/broadcasts/new", Some(&cookie))
        .await
        .form_token();
    let long = "a".repeat(TEXT_LIMIT + 1);
    for (text, audience, when, at, says) in [
        (
            long.as_str(),
            "fellows",
            "now",
            "",
            "too long for one message",
        ),
        (
            "<b>raw</b>",
            "fellows",
            "now",
            "",
            "raw HTML is not allowed",
        ),
        (
            "Hello",
            "king",
            "now",
            "",
            "Who gets it: choose an audience.",
        ),
        (
            "Hello",
            "fellows",
            "later",
            "2020-01-01T09:00",
            "That time has passed",
        ),
        ("Hello", "fellows", "later", "soon", "not a time I can read"),
    ] {
        let form = [
            ("form_token", token.as_str()),
            ("text", text),
            ("audience", audience),
            ("when", when),
            ("at", at),
        ];
        let page = console.post("/broadcasts/new", Some(&cookie), &form).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{says}");
        assert!(page.body.contains(says), "{says}: {}", page.body);
        assert!(!page.body.contains("<b>raw"), "what was typed is escaped");
    }
    assert!(
        console
            .store()
            .recent_broadcasts(5)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        console.store().broadcast(1).await.unwrap().is_none(),
        "no draft"
    );
}

#[tokio::test]
async fn a_fellow_or_no_session_cannot_compose_confirm_or_see_a_report() {
    let console = console_with_people().await;
    let lead = console.sign_in(LEAD).await;
    let (id, preview) = compose(
        &console,
        &lead,
        &[("text", "Hello"), ("audience", "fellows"), ("when", "now")],
    )
    .await;
    let (refused, fellow) = console.use_link(&console.link_for(FELLOW).await).await;
    assert_not_allowed(&refused, "a fellow's link");
    // A lead who is a fellow again (the role revoked) is out at once.
    console
        .store()
        .revoke_role(LEAD, fellowship_bot::fellows::Role::PastoralLead)
        .await
        .unwrap();
    for cookie in [None, fellow.as_deref(), Some(lead.as_str())] {
        for path in [
            "/broadcasts/new",
            preview.as_str(),
            &format!("/broadcasts/{id}"),
        ] {
            assert_not_allowed(&console.get(path, cookie).await, path);
        }
        for path in ["confirm", "cancel", "resend"] {
            let path = format!("/broadcasts/{id}/{path}");
            assert_not_allowed(&console.post(&path, cookie, &[]).await, &path);
        }
    }
    let admin = console.sign_in(ADMIN_ID).await;
    let forged = console
        .post(
            &format!("/broadcasts/{id}/confirm"),
            Some(&admin),
            &[("form_token", &"0".repeat(64))],
        )
        .await;
    assert_not_allowed(&forged, "a form without this session's token");
    let broadcast = console.store().broadcast(id).await.unwrap().unwrap();
    assert_eq!(
        broadcast.status,
        BroadcastStatus::Draft,
        "nothing was queued"
    );
}

#[tokio::test]
async fn a_finished_broadcast_with_copies_not_confirmed_can_be_sent_again_to_them_only() {
    let console = console_with_people().await;
    let cookie = console.sign_in(LEAD).await;
    let store = console.store();
    let now = console.assistant.now();
    let content = BroadcastContent::Text {
        html: "Hello".into(),
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
    let me = console.assistant.context().claimant();
    for chat in [LEAD, FELLOW] {
        assert!(
            store
                .mark_delivery_in_flight(id, chat, me, now)
                .await
                .unwrap()
        );
    }
    store
        .record_delivery(id, LEAD, DeliveryStatus::Delivered, Some(1), None)
        .await
        .unwrap();
    store
        .record_delivery(id, FELLOW, DeliveryStatus::Unconfirmed, None, None)
        .await
        .unwrap();
    assert!(store.finish_broadcast(id, now).await.unwrap());

    let report = console
        .get(&format!("/broadcasts/{id}"), Some(&cookie))
        .await;
    assert!(
        report.body.contains("Send again to the 1 not confirmed"),
        "{}",
        report.body
    );
    assert!(
        !report.headers.contains_key("refresh"),
        "finished: no refresh"
    );
    let token = report.form_token();
    let resent = console
        .post(
            &format!("/broadcasts/{id}/resend"),
            Some(&cookie),
            &[("form_token", &token)],
        )
        .await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER);
    let tally = store.delivery_tally(id).await.unwrap();
    assert_eq!(
        (
            tally.count(DeliveryStatus::Pending),
            tally.count(DeliveryStatus::Delivered)
        ),
        (1, 1),
        "only the copy not confirmed goes again"
    );
    let report = console
        .get(&format!("/broadcasts/{id}"), Some(&cookie))
        .await;
    assert!(report.body.contains("Sending"), "{}", report.body);
    assert!(
        !report.body.contains("Send again"),
        "no second resend while it sends"
    );
}
