//! Improvement cycles in the console: each session type's cycles (the change tried, what came
//! of it), "you said, we did" as fellows are told it (sent as a broadcast the lead confirms),
//! and the forms to start and close a cycle with the chat's rules (`FeedbackReports`).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::super::WebState;
use super::super::guard::Lead;
use super::super::layout::{form_token, not_allowed, page, paginate, server_error};
use crate::broadcast::conversation::Broadcasts;
use crate::broadcast::{BroadcastAudience, BroadcastContent};
use crate::chat::{ChatError, texts};
use crate::feedback::conversation::FeedbackReports;

/// How many cycles the page reads back.
const RECENT: i64 = 200;

pub(super) async fn render(
    state: &WebState,
    lead: &Lead,
    page_number: usize,
    // The page's address up to its page number ("/feedback?session=12&"), to keep its report.
    link: &str,
    problem: Option<String>,
) -> Result<Markup, ChatError> {
    let ctx = &state.ctx;
    let reports = FeedbackReports::new(ctx);
    let cycles = ctx.store().recent_cycles(RECENT).await?;
    let (shown, pager) = paginate(cycles, page_number, |p| format!("{link}page={p}#cycles"));
    let catalogue = ctx.catalogue();
    let types = || {
        html! {
            @for kind in catalogue.types() { option value=(kind.id) { (kind.name) } }
            option value="exit" { "Exit surveys" }
            @for (key, label) in crate::feedback::conversation::SERVICES {
                option value={ "service-" (key) } { (crate::feedback::press::service_title(key, label)) }
            }
        }
    };
    Ok(html! {
        h2 #cycles { "Improvement cycles" }
        @if let Some(problem) = &problem { div.problems role="alert" { p { (problem) } } }
        @if shown.is_empty() { p { "No improvement cycles yet." } }
        @for cycle in &shown {
            h3 { (reports.type_name(&cycle.session_type)) ", from " (cycle.started_on)
                @if let Some(closed) = &cycle.closed_on { " to " (closed) } @else { " (open)" } }
            p { "Changed: " (cycle.change_note) }
            @if let Some(text) = reports.you_said_we_did(cycle) {
                p { "You said, we did, as fellows are told it:" }
                // Built by the feedback feature from escaped notes.
                div.telegram { (PreEscaped(text)) }
                form method="post" action={ "/feedback/cycles/" (cycle.id) "/tell" } {
                    (form_token(lead))
                    div.actions { button.secondary type="submit" { "Tell the fellows it concerned…" } }
                }
            }
        }
        (pager)
        h3 { "Start a cycle" }
        p.muted { "Starting one closes the type's open cycle. The chart marks where each began." }
        form method="post" action="/feedback/cycles" {
            (form_token(lead))
            label for="start-type" { "Session type" }
            select #start-type name="kind" { (types()) }
            label for="change" { "What changes" }
            input #change name="note" required;
            div.actions { button type="submit" #start-cycle { "Start the cycle" } }
        }
        h3 { "Close a cycle" }
        form method="post" action="/feedback/cycles/close" {
            (form_token(lead))
            label for="close-type" { "Session type" }
            select #close-type name="kind" { (types()) }
            label for="outcome" { "What came of it (fellows are told this: you said, we did)" }
            input #outcome name="note" required;
            div.actions { button type="submit" #close-cycle { "Close the cycle" } }
        }
    })
}

#[derive(Deserialize)]
pub(in crate::web) struct CycleForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    note: String,
}

pub(in crate::web) async fn start_cycle(
    State(state): State<WebState>,
    lead: Lead,
    Form(form): Form<CycleForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let started = FeedbackReports::new(&state.ctx)
        .start_cycle(lead.user_id(), &form.kind, &form.note)
        .await;
    match started {
        Ok(Ok(_)) => done(&state, &lead, "Cycle started.".to_owned()).await,
        Ok(Err(problem)) => refused(&state, &lead, problem.to_string()).await,
        Err(error) => server_error(&error),
    }
}

pub(in crate::web) async fn close_cycle(
    State(state): State<WebState>,
    lead: Lead,
    Form(form): Form<CycleForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let closed = FeedbackReports::new(&state.ctx)
        .close_cycle(lead.user_id(), &form.kind, &form.note)
        .await;
    match closed {
        Ok(Ok(closed)) => {
            let text = format!(
                "Cycle closed. {} gave or were asked for feedback in it. To tell them, press “Tell the fellows it concerned” below: you will see the message and confirm it first.",
                texts::count(closed.concerned.len(), "fellow", "fellows")
            );
            done(&state, &lead, text).await
        }
        Ok(Err(problem)) => refused(&state, &lead, problem.to_string()).await,
        Err(error) => server_error(&error),
    }
}

#[derive(Deserialize)]
pub(in crate::web) struct TokenForm {
    #[serde(default)]
    form_token: String,
}

/// "You said, we did" for a closed cycle, drafted as a broadcast to the fellows it concerned:
/// the lead confirms its preview, then follows its delivery report like any broadcast's.
pub(in crate::web) async fn tell_cycle(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Form(form): Form<TokenForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let ctx = &state.ctx;
    let cycle = match ctx.store().cycle(id).await {
        Ok(cycle) => cycle,
        Err(error) => return server_error(&error),
    };
    let Some(text) = cycle.and_then(|c| FeedbackReports::new(ctx).you_said_we_did(&c)) else {
        return refused(&state, &lead, "Close the cycle first.".to_owned()).await;
    };
    let content = BroadcastContent::Text { html: text };
    let drafted = Broadcasts::new(ctx)
        .draft_for_audience(lead.user_id(), &content, &BroadcastAudience::Cycle(id))
        .await;
    match drafted {
        Ok(broadcast) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("/broadcasts/{broadcast}/preview"))],
        )
            .into_response(),
        Err(error) => server_error(&error),
    }
}

async fn done(state: &WebState, lead: &Lead, notice: String) -> Response {
    match render(state, lead, 1, "/feedback?", None).await {
        Ok(body) => page(
            "Feedback: improvement cycles",
            lead,
            html! { p.notice role="status" { (notice) } (body) p { a href="/feedback" { "The feedback report" } } },
        ),
        Err(error) => server_error(&error),
    }
}

async fn refused(state: &WebState, lead: &Lead, problem: String) -> Response {
    match render(state, lead, 1, "/feedback?", Some(problem)).await {
        Ok(body) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            page("Feedback: improvement cycles", lead, body),
        )
            .into_response(),
        Err(error) => server_error(&error),
    }
}
