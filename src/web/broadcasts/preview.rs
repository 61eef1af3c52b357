//! The preview a lead confirms before a broadcast composed in the console is queued: exactly
//! what people will get, to whom (how many, how many the bot cannot reach) and when; then
//! confirm or cancel, through the broadcast feature (`Broadcasts`).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::super::WebState;
use super::super::guard::Lead;
use super::super::layout::{form_token, not_allowed, not_found, page, server_error, when};
use super::compose::{recipients, see_other};
use crate::broadcast::compose::check_send_time;
use crate::broadcast::conversation::{BroadcastReports, Broadcasts};
use crate::broadcast::{BroadcastContent, BroadcastStatus};
use crate::chat::ChatError;

#[derive(Deserialize)]
pub(in crate::web) struct PreviewQuery {
    /// When to send, as a Unix time; absent: now.
    at: Option<i64>,
}

pub(in crate::web) async fn preview(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Query(query): Query<PreviewQuery>,
) -> Response {
    let at = query.at.and_then(|s| DateTime::from_timestamp(s, 0));
    match render_preview(&state, &lead, id, at, None).await {
        Ok(response) => response,
        Err(error) => server_error(&error),
    }
}

async fn render_preview(
    state: &WebState,
    lead: &Lead,
    id: i64,
    at: Option<DateTime<Utc>>,
    problem: Option<String>,
) -> Result<Response, ChatError> {
    let ctx = &state.ctx;
    let Some(broadcast) = ctx.store().broadcast(id).await? else {
        return Ok(not_found().await);
    };
    let (Some(audience), BroadcastStatus::Draft) = (&broadcast.audience, broadcast.status) else {
        return Ok(see_other(&format!("/broadcasts/{id}")));
    };
    let reports = BroadcastReports::new(ctx);
    let people = reports.broadcast_recipients(audience).await?;
    let unreachable = people.iter().filter(|r| !r.reachable).count();
    let label = reports.audience_label(audience).await?;
    let zone = ctx.settings().timezone;
    let body = html! {
        @if let Some(problem) = &problem { div.problems role="alert" { p { (problem) } } }
        p { "This is exactly what people will get:" }
        (shown(&broadcast.content))
        p { "To " strong { (label) } ": " (recipients(audience, people.len())) "." }
        @if unreachable > 0 {
            p { (unreachable) " of them can't be reached by the bot (they blocked it or never started it); the report will name them." }
        }
        p { "When: " strong { @match at { Some(at) => { (when(at, zone)) " (London time)" }, None => { "now" } } } }
        @if people.is_empty() {
            p { "Nobody to send to. Cancel it and choose another audience." }
        } @else {
            form method="post" action={ "/broadcasts/" (id) "/confirm" } {
                (form_token(lead))
                @if let Some(at) = at { input type="hidden" name="at" value=(at.timestamp()); }
                div.actions { button type="submit" #confirm { @if at.is_some() { "Confirm: send at that time" } @else { "Confirm: send now" } } }
            }
        }
        form method="post" action={ "/broadcasts/" (id) "/cancel" } {
            (form_token(lead))
            div.actions { button.secondary type="submit" #cancel { "Cancel it" } }
        }
    };
    let status = if problem.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        page(&format!("Preview broadcast #{id}"), lead, body),
    )
        .into_response())
}

/// What a recipient gets, as the bot will send it.
pub(super) fn shown(content: &BroadcastContent) -> Markup {
    match content {
        // Built by the feature from escaped text (`formatted_announcement`, `typed_announcement`).
        BroadcastContent::Text { html } => html! { div.telegram { (PreEscaped(html)) } },
        BroadcastContent::Copy { .. } => {
            html! { p.muted { "A message copied from the chat (shown in Telegram)." } }
        }
    }
}

#[derive(Deserialize)]
pub(in crate::web) struct ConfirmForm {
    #[serde(default)]
    form_token: String,
    at: Option<i64>,
}

pub(in crate::web) async fn confirm(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let ctx = &state.ctx;
    let at = form.at.and_then(|s| DateTime::from_timestamp(s, 0));
    if let Some(Err(problem)) = at.map(|at| check_send_time(at, ctx.now())) {
        let problem = format!("When: {problem} Cancel it and compose it again.");
        return render_preview(&state, &lead, id, at, Some(problem))
            .await
            .unwrap_or_else(|error| server_error(&error));
    }
    match reaches_nobody(&state, id).await {
        Ok(false) => {}
        Ok(true) => {
            let problem = "Nobody to send to: nothing was sent.".to_owned();
            return render_preview(&state, &lead, id, at, Some(problem))
                .await
                .unwrap_or_else(|error| server_error(&error));
        }
        Err(error) => return server_error(&error),
    }
    let confirmed = Broadcasts::new(ctx)
        .confirm_broadcast(lead.user_id(), id, at, None)
        .await;
    match confirmed {
        // Confirmed now, or already by another press: its report says which.
        Ok(_) => see_other(&format!("/broadcasts/{id}")),
        Err(error) => server_error(&error),
    }
}

/// Whether draft `id`'s audience reaches nobody now (the chat offers no send button then).
async fn reaches_nobody(state: &WebState, id: i64) -> Result<bool, ChatError> {
    let ctx = &state.ctx;
    let Some(audience) = ctx.store().broadcast(id).await?.and_then(|b| b.audience) else {
        return Ok(false);
    };
    let people = BroadcastReports::new(ctx)
        .broadcast_recipients(&audience)
        .await?;
    Ok(people.is_empty())
}

#[derive(Deserialize)]
pub(in crate::web) struct TokenForm {
    #[serde(default)]
    pub(super) form_token: String,
}

pub(in crate::web) async fn cancel(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Form(form): Form<TokenForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    match Broadcasts::new(&state.ctx)
        .cancel_broadcast(lead.user_id(), id)
        .await
    {
        Ok(_) => see_other(&format!("/broadcasts/{id}")),
        Err(error) => server_error(&error),
    }
}
