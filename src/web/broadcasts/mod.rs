//! Broadcasts: how many each audience reaches now, and the recent announcements with their
//! delivery reports, as the bot writes them (`broadcast::report`); the page refreshes itself
//! while one is sending. Composing is `compose`'s, one broadcast's live report `report`'s.

mod compose;
mod preview;
mod report;

pub(super) use compose::{draft, new};
pub(super) use preview::{cancel, confirm, preview};
pub(super) use report::{broadcast, resend};

use axum::extract::{Query, State};
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{page, paginate, server_error, when};
use crate::broadcast::conversation::BroadcastReports;
use crate::broadcast::{BroadcastAudience, BroadcastStatus};
use crate::chat::ChatError;

/// How many broadcasts the page reads back.
const RECENT: i64 = 200;

#[derive(Deserialize)]
pub(super) struct PageQuery {
    page: Option<usize>,
}

pub(super) async fn broadcasts(
    State(state): State<WebState>,
    lead: Lead,
    Query(query): Query<PageQuery>,
) -> Response {
    match render(&state, query.page.unwrap_or(1)).await {
        Ok((body, live)) => {
            let body = html! {
                @if live { meta http-equiv="refresh" content="5"; p.muted role="status" { "Sending: this page refreshes every 5 seconds." } }
                (body)
            };
            page("Broadcasts", &lead, body)
        }
        Err(error) => server_error(&error),
    }
}

async fn render(state: &WebState, page_number: usize) -> Result<(Markup, bool), ChatError> {
    let ctx = &state.ctx;
    let reports = BroadcastReports::new(ctx);
    let mut audiences = vec![
        BroadcastAudience::ProgrammeGroups,
        BroadcastAudience::AllFellows,
    ];
    audiences.extend(
        ctx.settings()
            .trusts
            .iter()
            .cloned()
            .map(BroadcastAudience::Trust),
    );
    let mut counts = Vec::with_capacity(audiences.len());
    for audience in &audiences {
        let recipients = reports.broadcast_recipients(audience).await?;
        let reachable = recipients.iter().filter(|r| r.reachable).count();
        counts.push((
            reports.audience_label(audience).await?,
            recipients.len(),
            reachable,
        ));
    }
    let recent = ctx.store().recent_broadcasts(RECENT).await?;
    let live = recent.iter().any(|b| {
        matches!(
            b.status,
            BroadcastStatus::Sending | BroadcastStatus::Scheduled
        )
    });
    let (shown, pager) = paginate(recent, page_number, |p| format!("/broadcasts?page={p}"));
    let zone = ctx.settings().timezone;
    let mut items = Vec::with_capacity(shown.len());
    for broadcast in &shown {
        let label = match &broadcast.audience {
            Some(audience) => reports.audience_label(audience).await?,
            None => "nobody yet".into(),
        };
        let tally = ctx.store().delivery_tally(broadcast.id).await?;
        let text = match broadcast.status {
            BroadcastStatus::Sending | BroadcastStatus::Scheduled => {
                crate::broadcast::report::progress_text(broadcast.id, &label, &tally)
            }
            status => {
                let problems = ctx.store().delivery_problems(broadcast.id).await?;
                crate::broadcast::report::report_text(
                    broadcast.id,
                    &label,
                    status,
                    &tally,
                    &problems,
                )
            }
        };
        items.push((broadcast, text));
    }
    let body = html! {
        p { a.button href="/broadcasts/new" #compose { "Compose a broadcast" } }
        p.muted { "Announcements composed here or with /broadcast in the bot; their reports are here as they send." }
        h2 { "Who each audience reaches now" }
        div.scroll {
            table {
                thead { tr { th scope="col" { "Audience" } th.n scope="col" { "Recipients" } th.n scope="col" { "Reachable" } } }
                tbody {
                    @for (label, total, reachable) in &counts {
                        tr { td { (label) } td.n { (total) } td.n { (reachable) } }
                    }
                }
            }
        }
        h2 { "Recent broadcasts" }
        @if items.is_empty() { p { "No broadcasts yet." } }
        @for (broadcast, text) in &items {
            h3 { a href={ "/broadcasts/" (broadcast.id) } { "#" (broadcast.id) ", " (when(broadcast.created_at, zone)) } }
            // The bot's own report: names and errors in it are escaped where it is built.
            div.telegram { (PreEscaped(text)) }
        }
        (pager)
    };
    Ok((body, live))
}
