//! Renaming a session or changing where it is, from its page: a preview of the notice (a new
//! place is told to everyone going or waiting; a new title alone is not), then a confirm under
//! the change counter, as for a move. The rule is `SessionMoves::plan_edit`/`carry_out_edit`.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{PreEscaped, html};
use serde::Deserialize;

use super::super::WebState;
use super::super::guard::Lead;
use super::super::layout::{form_token, not_allowed, not_found, server_error};
use super::changes::{cancelled_already, problem, recipients, see_session};
use super::session::{load, session_page};
use crate::sessions::conversation::{MoveRefusal, SessionCancels, SessionMoves};

#[derive(Deserialize)]
pub(in crate::web) struct EditQuery {
    #[serde(default)]
    title: String,
    #[serde(default)]
    location: String,
}

#[derive(Deserialize)]
pub(in crate::web) struct EditConfirm {
    #[serde(default)]
    form_token: String,
    sequence: i64,
    title: String,
    location: String,
}

/// The edit's preview: the new title and place, the notice if any, and the confirm button.
pub(in crate::web) async fn preview_edit(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Query(query): Query<EditQuery>,
) -> Response {
    let session = match load(&state, id).await {
        Ok(Some(session)) if !session.cancelled => session,
        Ok(Some(_)) => return cancelled_already(&state, &lead, id).await,
        Ok(None) => return not_found().await,
        Err(error) => return server_error(&error),
    };
    let plan = match SessionMoves::new(&state.ctx)
        .plan_edit(&session, &query.title, &query.location)
        .await
    {
        Ok(Ok(plan)) => plan,
        Ok(Err(refusal)) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return session_page(&state, &lead, id, status, Some(problem(&refusal))).await;
        }
        Err(error) => return server_error(&error),
    };
    let preview = html! {
        section.preview aria-labelledby="preview" {
            h2 #preview { "Change #" (id) "?" }
            p { "Title: " strong { (plan.title) } br; "Where: " strong { (plan.location) } }
            @match &plan.notice {
                Some(notice) => { (recipients(plan.people, &plan.names)) div.telegram { (PreEscaped(notice)) } },
                None => p { "Only the title changes, so nobody is messaged; the group posts show the new title." },
            }
            form method="post" action={ "/sessions/" (id) "/edit" } {
                (form_token(&lead))
                input type="hidden" name="sequence" value=(session.sequence);
                input type="hidden" name="title" value=(plan.title);
                input type="hidden" name="location" value=(plan.location);
                div.actions {
                    button type="submit" #confirm-edit { "Save the change" }
                    a.button.secondary href={ "/sessions/" (id) } { "Keep it as it is" }
                }
            }
        }
    };
    session_page(&state, &lead, id, StatusCode::OK, Some(preview)).await
}

/// "Save the change": edits the session if it is still as previewed; the notice and the group
/// posts follow as jobs.
pub(in crate::web) async fn confirm_edit(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Form(form): Form<EditConfirm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let edited = SessionMoves::new(&state.ctx)
        .carry_out_edit(
            lead.user_id(),
            id,
            form.sequence,
            (&form.title, &form.location),
        )
        .await;
    let text = match edited {
        Ok(Ok(edited)) => {
            return match SessionCancels::new(&state.ctx)
                .schedule_post_update(&edited)
                .await
            {
                Ok(()) => see_session(id, "edited"),
                Err(error) => server_error(&error),
            };
        }
        Ok(Err(MoveRefusal::AlreadyDone)) => return see_session(id, "edited"),
        Ok(Err(MoveRefusal::Stale)) => "This session has changed since that preview, so nothing was saved. Please look at it again and preview the change afresh.".to_owned(),
        Ok(Err(refusal)) => refusal.to_string(),
        Err(error) => return server_error(&error),
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
