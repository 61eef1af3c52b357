//! One broadcast's live delivery report: sent, not reachable, pending and the rest, refreshing
//! itself while it waits or sends, the bot's own report text, and the buttons the chat offers
//! (stop it; send again to those not confirmed, by the feature's rule).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};

use super::super::WebState;
use super::super::guard::Lead;
use super::super::layout::{form_token, not_allowed, not_found, page, server_error, when};
use super::compose::see_other;
use super::preview::{TokenForm, shown};
use crate::broadcast::compose::resendable;
use crate::broadcast::conversation::{BroadcastReports, Broadcasts};
use crate::broadcast::{BroadcastStatus, DeliveryStatus as D, report};
use crate::chat::ChatError;

/// How often the page reloads while the broadcast waits or sends, in seconds.
const REFRESH: u32 = 2;

pub(in crate::web) async fn broadcast(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
) -> Response {
    match render(&state, &lead, id).await {
        Ok(response) => response,
        Err(error) => server_error(&error),
    }
}

async fn render(state: &WebState, lead: &Lead, id: i64) -> Result<Response, ChatError> {
    let ctx = &state.ctx;
    let store = ctx.store();
    let Some(broadcast) = store.broadcast(id).await? else {
        return Ok(not_found().await);
    };
    if broadcast.status == BroadcastStatus::Draft {
        return Ok(see_other(&format!("/broadcasts/{id}/preview")));
    }
    let reports = BroadcastReports::new(ctx);
    let label = reports.broadcast_audience_label(&broadcast).await?;
    let tally = store.delivery_tally(id).await?;
    let live = matches!(
        broadcast.status,
        BroadcastStatus::Scheduled | BroadcastStatus::Sending
    );
    let (state_line, text) = match broadcast.status {
        BroadcastStatus::Scheduled => ("Scheduled: nothing has been sent yet.", None),
        BroadcastStatus::Sending => ("Sending.", Some(report::progress_text(id, &label, &tally))),
        BroadcastStatus::Cancelled => ("Cancelled.", None),
        _ => ("Sent.", None),
    };
    let text = match text {
        Some(text) => text,
        None if broadcast.status == BroadcastStatus::Scheduled => {
            let at = broadcast
                .send_at
                .map(|at| when(at, ctx.settings().timezone));
            report::scheduled_text(id, &label, at.as_deref())
        }
        None => {
            let problems = store.delivery_problems(id).await?;
            report::report_text(id, &label, broadcast.status, &tally, &problems)
        }
    };
    let rows = [
        ("Sent", tally.count(D::Delivered)),
        ("Not reachable", tally.count(D::Unreachable)),
        (
            "Pending",
            tally.count(D::Pending) + tally.count(D::InFlight),
        ),
        ("Failed", tally.count(D::Failed)),
        ("Not confirmed", tally.count(D::Unconfirmed)),
        ("Not sent (stopped)", tally.count(D::Skipped)),
    ];
    let zone = ctx.settings().timezone;
    let body = html! {
        @if live {
            meta http-equiv="refresh" content=(REFRESH);
            p.muted role="status" { "This page refreshes every " (REFRESH) " seconds until it is sent." }
        }
        p #state { strong { (state_line) } " To " (label)
            @if let Some(at) = broadcast.send_at { ", " (when(at, zone)) } "." }
        div.scroll {
            table #tally {
                thead { tr { th scope="col" { "Copies" } th.n scope="col" { "How many" } } }
                tbody {
                    @for (name, count) in rows {
                        tr { td { (name) } td.n { (count) } }
                    }
                    tr { th scope="row" { "All" } td.n { (tally.total()) } }
                }
            }
        }
        h2 { "The report, as the bot sends it" }
        // The bot's own report: names and errors in it are escaped where it is built.
        div.telegram { (PreEscaped(&text)) }
        @if let Some(unconfirmed) = resendable(broadcast.status, &tally) {
            form method="post" action={ "/broadcasts/" (id) "/resend" } {
                (form_token(lead))
                div.actions { button type="submit" #resend { "Send again to the " (unconfirmed) " not confirmed" } }
            }
        }
        @if live {
            form method="post" action={ "/broadcasts/" (id) "/cancel" } {
                (form_token(lead))
                div.actions { button.secondary type="submit" #stop { "Stop it" } }
            }
        }
        h2 { "What was sent" }
        (shown(&broadcast.content))
        p { a href="/broadcasts" { "All broadcasts" } }
    };
    let mut response = page(&format!("Broadcast #{id}"), lead, body).into_response();
    if live {
        response
            .headers_mut()
            .insert("refresh", axum::http::HeaderValue::from(REFRESH));
    }
    Ok(response)
}

pub(in crate::web) async fn resend(
    State(state): State<WebState>,
    lead: Lead,
    Path(id): Path<i64>,
    Form(form): Form<TokenForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    match Broadcasts::new(&state.ctx)
        .resend_unconfirmed(lead.user_id(), id)
        .await
    {
        Ok(_) => see_other(&format!("/broadcasts/{id}")),
        Err(error) => server_error(&error),
    }
}
