//! Moving and cancelling a session from its page: a preview of the exact notice and who gets
//! it, then a confirm (POST, form token, and the session's change counter, so a confirm made
//! after someone else changed the session is refused). The rules are the chat's
//! (`SessionMoves`, `SessionCancels`); the notices go out as jobs.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::DateTime;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::super::WebState;
use super::super::guard::Lead;
use super::super::layout::{form_token, not_allowed, not_found, server_error, when};
use super::session::{load, session_page};
use crate::chat::ChatError;
use crate::sessions::Session;
use crate::sessions::conversation::{MoveRefusal, SessionCancels, SessionMoves};

#[derive(Deserialize)]
pub(in crate::web) struct MoveQuery {
    #[serde(default)]
    start: String,
}

#[derive(Deserialize)]
pub(in crate::web) struct Confirm {
    #[serde(default)]
    form_token: String,
    /// The session's change counter when the preview was shown.
    sequence: i64,
    /// The new start, in Unix seconds (moves only).
    starts_at: Option<i64>,
}

/// A problem shown above the session's page.
pub(super) fn problem(text: &str) -> Markup {
    html! { div.problems role="alert" { p { (text) } } }
}

pub(super) fn see_session(id: i64, done: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/sessions/{id}?done={done}"))],
    )
        .into_response()
}

/// Who gets a notice: the count in words and the first names.
pub(super) fn recipients(people: usize, names: &[String]) -> Markup {
    html! {
        @match people {
            0 => p { "Nobody has said they're going yet, so nobody will be messaged." },
            1 => p { "This notice goes to the 1 person going or waiting:" },
            n => p { "This notice goes to the " (n) " people going or waiting:" },
        }
        @if !names.is_empty() {
            ul.names { @for name in names { li { (name) } } @if people > names.len() { li { "and " (people - names.len()) " more" } } }
        }
    }
}

/// The move's preview: from when to when, the notice, who gets it, and the confirm button.
pub(in crate::web) async fn preview_move(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Query(query): Query<MoveQuery>,
) -> Response {
    let moves = SessionMoves::new(&state.ctx);
    let session = match load(&state, id).await {
        Ok(Some(session)) if !session.cancelled => session,
        Ok(Some(_)) => return cancelled_already(&state, &lead, id).await,
        Ok(None) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    let starts_at = match moves.new_start(&session, &query.start) {
        Ok(at) => at,
        Err(refusal) => {
            let text = format!("New start: {refusal}");
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return session_page(&state, &lead, id, status, Some(problem(&text))).await;
        }
    };
    let plan = match moves.plan_move(&session, starts_at).await {
        Ok(plan) => plan,
        Err(error) => return server_error(&error),
    };
    let zone = state.ctx.settings().timezone;
    let preview = html! {
        section.preview aria-labelledby="preview" {
            h2 #preview { "Move #" (id) " " (session.details.title) "?" }
            p { "From " (when(session.details.starts_at, zone)) " to " strong { (when(plan.starts_at, zone)) } " (until " (plan.ends_at.with_timezone(&zone).format("%H:%M")) ")." }
            (recipients(plan.people, &plan.names))
            div.telegram { (PreEscaped(&plan.notice)) }
            form method="post" action={ "/sessions/" (id) "/move" } {
                (form_token(&lead))
                input type="hidden" name="sequence" value=(session.sequence);
                input type="hidden" name="starts_at" value=(plan.starts_at.timestamp());
                div.actions {
                    button type="submit" #confirm-move { "Move it and tell them" }
                    a.button.secondary href={ "/sessions/" (id) } { "Keep it as it is" }
                }
            }
        }
    };
    session_page(&state, &lead, id, StatusCode::OK, Some(preview)).await
}

/// "Move it": moves the session if it is still as previewed; the notice and the group posts
/// follow as jobs.
pub(in crate::web) async fn confirm_move(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Form(form): Form<Confirm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let Some(starts_at) = form
        .starts_at
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
    else {
        let text = "That preview can no longer be used. Please preview the move again.";
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return session_page(&state, &lead, id, status, Some(problem(text))).await;
    };
    let moved = SessionMoves::new(&state.ctx)
        .carry_out_move(lead.user_id(), id, form.sequence, starts_at)
        .await;
    let refusal = match moved {
        Ok(Ok(moved)) => {
            return match SessionCancels::new(&state.ctx)
                .schedule_post_update(&moved)
                .await
            {
                Ok(()) => see_session(id, "moved"),
                Err(error) => server_error(&error),
            };
        }
        Ok(Err(MoveRefusal::AlreadyDone)) => return see_session(id, "moved"),
        Ok(Err(refusal)) => refusal,
        Err(error) => return server_error(&error),
    };
    let text = match refusal {
        MoveRefusal::Stale => {
            "This session has changed since that preview, so nothing was moved. Please look at it again and preview the move afresh.".to_owned()
        }
        MoveRefusal::Passed => {
            "That time has passed now, so nothing was moved. Please choose a later time.".to_owned()
        }
        other => other.to_string(),
    };
    session_page(
        &state,
        &lead,
        id,
        StatusCode::CONFLICT,
        Some(problem(&text)),
    )
    .await
}

pub(super) async fn cancelled_already(state: &WebState, lead: &Lead, id: i64) -> Response {
    let text = "This session is cancelled, so it cannot change.";
    session_page(state, lead, id, StatusCode::CONFLICT, Some(problem(text))).await
}

/// The cancellation's preview: the notice, who gets it, and the confirm button.
pub(in crate::web) async fn cancel(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
) -> Response {
    let session = match load(&state, id).await {
        Ok(Some(session)) if !session.cancelled => session,
        Ok(Some(_)) => return cancelled_already(&state, &lead, id).await,
        Ok(None) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    let (people, names) = match people_told(&state, &session).await {
        Ok(told) => told,
        Err(error) => return server_error(&error),
    };
    let notice = SessionCancels::new(&state.ctx).cancel_notice(&session);
    let preview = html! {
        section.preview aria-labelledby="preview" {
            h2 #preview { "Cancel #" (id) " " (session.details.title) "?" }
            (recipients(people, &names))
            div.telegram { (PreEscaped(&notice)) }
            form method="post" action={ "/sessions/" (id) "/cancel" } {
                (form_token(&lead))
                input type="hidden" name="sequence" value=(session.sequence);
                div.actions {
                    button type="submit" #confirm-cancel { "Cancel it and tell them" }
                    a.button.secondary href={ "/sessions/" (id) } { "Keep it" }
                }
            }
        }
    };
    session_page(&state, &lead, id, StatusCode::OK, Some(preview)).await
}

/// How many people a notice about `session` reaches, and the first of their names.
async fn people_told(
    state: &WebState,
    session: &Session,
) -> Result<(usize, Vec<String>), ChatError> {
    let people = state.ctx.store().session_people(session.id).await?;
    let mut names = Vec::new();
    for (user_id, _) in people
        .iter()
        .take(crate::sessions::conversation::NAMES_SHOWN)
    {
        names.push(state.ctx.display_name(*user_id).await?);
    }
    Ok((people.len(), names))
}

/// "Cancel it": cancels the session if it is still as previewed; the notices and the group
/// posts follow as a job.
pub(in crate::web) async fn confirm_cancel(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Form(form): Form<Confirm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let session = match load(&state, id).await {
        Ok(Some(session)) => session,
        Ok(None) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    if session.cancelled {
        return see_session(id, "cancelled");
    }
    if session.sequence != form.sequence {
        let text = "This session has changed since that preview, so it was not cancelled. Please look at it again and preview the cancellation afresh.";
        return session_page(&state, &lead, id, StatusCode::CONFLICT, Some(problem(text))).await;
    }
    let cancels = SessionCancels::new(&state.ctx);
    let cancelled = async {
        let done = cancels.cancel(lead.user_id(), &session).await?.is_some();
        if done {
            cancels.schedule_cancel_notices(id).await?;
        }
        Ok::<bool, ChatError>(done)
    };
    match cancelled.await {
        Ok(true) => see_session(id, "cancelled"),
        // Changed (or cancelled) in the moment since it was read: the page says which.
        Ok(false) => {
            let text = "This session changed just now, so this cancel was not made. Please look at it again.";
            session_page(&state, &lead, id, StatusCode::CONFLICT, Some(problem(text))).await
        }
        Err(error) => server_error(&error),
    }
}
