//! One session's page: its details, who is going and the waiting list in order, attendance
//! marking (through the same function /attendance uses, so feedback follows), and the ways to
//! move or cancel it (`changes`), rename it or change its place (`editing`).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::super::WebState;
use super::super::guard::Lead;
use super::super::layout::{form_token, not_allowed, not_found, page, server_error, when};
use crate::chat::ChatError;
use crate::sessions::Session;
use crate::sessions::conversation::Attendance;
use crate::sessions::rsvp::RsvpStatus;

#[derive(Deserialize)]
pub(in crate::web) struct SessionQuery {
    done: Option<String>,
}

pub(in crate::web) async fn session(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Query(query): Query<SessionQuery>,
) -> Response {
    let done = match query.done.as_deref() {
        Some("moved") => Some("Moved. The people going or waiting are being told now."),
        Some("cancelled") => Some("Cancelled. The people going or waiting are being told now."),
        Some("edited") => {
            Some("Saved. If the place changed, the people going or waiting are being told now.")
        }
        Some("marked") => Some("Attendance saved. Feedback follows as it does from the chat."),
        _ => None,
    };
    let notice = done.map(|text| html! { p.notice role="status" { (text) } });
    session_page(&state, &lead, id, StatusCode::OK, notice).await
}

/// The page of session `id` with `extra` above it (a notice, a problem, a preview).
pub(super) async fn session_page(
    state: &WebState,
    lead: &Lead,
    id: i64,
    status: StatusCode,
    extra: Option<Markup>,
) -> Response {
    let session = match load(state, id).await {
        Ok(Some(session)) => session,
        Ok(None) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    match render_session(state, lead, &session).await {
        Ok(body) => {
            let title = format!("#{} {}", session.id, session.details.title);
            let body = html! { @if let Some(extra) = extra { (extra) } (body) };
            (status, page(&title, lead, body)).into_response()
        }
        Err(error) => server_error(&error),
    }
}

/// Session `id`, cancelled or not.
pub(super) async fn load(state: &WebState, id: i64) -> Result<Option<Session>, ChatError> {
    let ctx = &state.ctx;
    Ok(ctx.store().session(id, &ctx.settings().trusts).await?)
}

async fn render_session(
    state: &WebState,
    lead: &Lead,
    session: &Session,
) -> Result<Markup, ChatError> {
    let ctx = &state.ctx;
    let zone = ctx.settings().timezone;
    let details = &session.details;
    let catalogue = ctx.catalogue();
    let kind = catalogue
        .get(&details.session_type)
        .map_or(details.session_type.clone(), |t| t.name.clone());
    let attended = ctx.store().attendees(session.id).await?;
    let (mut going, mut waiting) = (Vec::new(), Vec::new());
    for (user_id, status) in ctx.store().session_people(session.id).await? {
        let name = ctx.display_name(user_id).await?;
        match status {
            RsvpStatus::Going => going.push((user_id, name, attended.contains(&user_id))),
            RsvpStatus::Waiting => waiting.push(name),
            RsvpStatus::NotGoing => {}
        }
    }
    let upcoming = !session.cancelled && details.starts_at > ctx.now();
    let id = session.id;
    Ok(html! {
        p { a href="/sessions" { "← The calendar" } }
        @if session.cancelled { p.problems role="status" { "This session is cancelled." } }
        table {
            tr { th scope="row" { "When" } td { (when(details.starts_at, zone)) " to " (details.ends_at.with_timezone(&zone).format("%H:%M")) } }
            tr { th scope="row" { "Type" } td { (kind) } }
            tr { th scope="row" { "Where" } td { (details.location) } }
            tr { th scope="row" { "For" } td { (details.audience.to_text()) } }
            tr { th scope="row" { "Places" } td { @match details.capacity { Some(places) => { (going.len()) " going of " (places) }, None => { (going.len()) " going, no limit" } } } }
        }
        h2 #going { "Going (" (going.len()) ")" }
        @if going.is_empty() { p { "Nobody has said they're going yet." } }
        @else if session.cancelled {
            ul { @for (_, name, _) in &going { li { (name) } } }
        } @else {
            form method="post" action={ "/sessions/" (id) "/attendance" } {
                (form_token(lead))
                fieldset {
                    legend { "Who came? Tick them and save; feedback follows as it does from the chat." }
                    @for (user_id, name, came) in &going {
                        @let field = format!("came-{user_id}");
                        div {
                            input type="checkbox" id=(field) name="came" value=(user_id) checked[*came] disabled[*came];
                            label.inline for=(field) { (name) @if *came { " (marked as there)" } }
                        }
                    }
                }
                div.actions { button type="submit" #save-attendance { "Save attendance" } }
            }
        }
        h2 #waiting { "Waiting list (" (waiting.len()) ")" }
        @if waiting.is_empty() { p { "Nobody is waiting." } }
        @else { ol { @for name in &waiting { li { (name) } } } }
        @if upcoming {
            h2 #move { "Move it" }
            form method="get" action={ "/sessions/" (id) "/move" } {
                label for="start" { "New start (London time, like 2027-03-12 14:00 or next Tuesday 2pm)" }
                input #start name="start" required;
                div.actions { button type="submit" #preview-move { "Preview the move" } }
            }
        }
        @if upcoming {
            h2 #edit { "Rename it or change where it is" }
            form method="get" action={ "/sessions/" (id) "/edit" } {
                label for="new-title" { "Title" }
                input #new-title name="title" value=(details.title);
                label for="new-location" { "Where (a room or an online link)" }
                input #new-location name="location" required value=(details.location);
                div.actions { button type="submit" #preview-edit { "Preview the change" } }
            }
        }
        @if !session.cancelled {
            h2 #cancel { "Cancel it" }
            p { a.button href={ "/sessions/" (id) "/cancel" } #preview-cancel { "Preview the cancellation" } }
        }
    })
}

/// Saves the ticked people as there, each as /attendance marks them.
pub(in crate::web) async fn mark_attendance(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    let mut token = String::new();
    let mut ticked = Vec::new();
    for (name, value) in url::form_urlencoded::parse(&body) {
        match name.as_ref() {
            "form_token" => token = value.into_owned(),
            "came" => ticked.extend(value.parse::<i64>().ok()),
            _ => {}
        }
    }
    if !lead.form_is_ours(&token) {
        return not_allowed();
    }
    match mark(&state, &lead, id, &ticked).await {
        Ok(true) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("/sessions/{id}?done=marked"))],
        )
            .into_response(),
        Ok(false) => not_found().await,
        Err(error) => server_error(&error),
    }
}

/// Marks those of `ticked` who are going; false if there is no such live session.
async fn mark(state: &WebState, lead: &Lead, id: i64, ticked: &[i64]) -> Result<bool, ChatError> {
    let Some(session) = load(state, id).await?.filter(|s| !s.cancelled) else {
        return Ok(false);
    };
    let attendance = Attendance::new(&state.ctx);
    for (user_id, status) in state.ctx.store().session_people(id).await? {
        if status == RsvpStatus::Going && ticked.contains(&user_id) {
            attendance
                .mark_attended(&session, user_id, lead.user_id())
                .await?;
        }
    }
    Ok(true)
}
