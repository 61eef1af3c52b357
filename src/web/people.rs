//! The fellows: a list to search and filter (`fellow_filters`), a page at a time, and
//! one fellow's page (profile, roles, buddy, sessions, whether the bot can reach them).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use maud::html;

use super::WebState;
use super::fellow_filters::Filters;
use super::guard::Lead;
use super::layout::{not_found, page, paginate, server_error, when};
use crate::chat::ChatError;
use crate::fellows::Fellow;
use crate::sessions::rsvp::RsvpStatus;

pub(super) async fn fellows(
    State(state): State<WebState>,
    lead: Lead,
    Query(filters): Query<Filters>,
) -> Response {
    let all = match state.ctx.store().fellows().await {
        Ok(all) => all,
        Err(error) => return server_error(&error),
    };
    let facts = match filters.facts(&state.ctx, &all).await {
        Ok(facts) => facts,
        Err(error) => return server_error(&error),
    };
    let form = filters.form(&state.ctx.settings().trusts, &all);
    let found: Vec<Fellow> = all
        .into_iter()
        .filter(|f| filters.keeps(f, &facts))
        .collect();
    let total = found.len();
    let (shown, pager) = paginate(found, filters.page.unwrap_or(1), |p| filters.link(p));
    let body = html! {
        (form)
        p { (crate::chat::texts::count(total, "fellow", "fellows")) "." }
        div.scroll {
            table {
                thead { tr { th scope="col" { "Name" } th scope="col" { "Trust" } th scope="col" { "Started" } th scope="col" { "Specialty" } } }
                tbody {
                    @for fellow in &shown {
                        tr {
                            td { a href={ "/fellows/" (fellow.user_id) } { (fellow.name) } }
                            td { (fellow.trust) }
                            td { (fellow.start_date.format("%-d %B %Y")) }
                            td { (fellow.specialty) }
                        }
                    }
                }
            }
        }
        (pager)
    };
    page("Fellows", &lead, body)
}

pub(super) async fn fellow(
    State(state): State<WebState>,
    lead: Lead,
    Path(user_id): Path<i64>,
) -> Response {
    match render_fellow(&state, &lead, user_id).await {
        Ok(Some(response)) => response,
        Ok(None) => not_found().await,
        Err(error) => server_error(&error),
    }
}

async fn render_fellow(
    state: &WebState,
    lead: &Lead,
    user_id: i64,
) -> Result<Option<Response>, ChatError> {
    let ctx = &state.ctx;
    let store = ctx.store();
    let Some(fellow) = store.fellow(user_id).await? else {
        return Ok(None);
    };
    let zone = ctx.settings().timezone;
    let roles = store.roles_of(user_id).await?;
    let reachable = ctx.reachable(user_id).await?;
    let mut buddies = Vec::new();
    for pair in store.buddy_pairs().await? {
        if pair.ended_at.is_none() && pair.fellow_id == user_id {
            buddies.push(ctx.display_name(pair.buddy_id).await?);
        }
    }
    let sessions = store
        .sessions_of(user_id, ctx.now(), &ctx.settings().trusts)
        .await?;
    let body = html! {
        dl {
            dt { "Trust" } dd { (fellow.trust) }
            dt { "Started" } dd { (fellow.start_date.format("%-d %B %Y")) }
            dt { "Specialty" } dd { (fellow.specialty) }
            @if let Some(left) = fellow.left_on { dt { "Leaving" } dd { (left.format("%-d %B %Y")) } }
            dt { "Roles" }
            dd { @if roles.is_empty() { "None" } @else { (roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", ")) } }
            dt { "Buddy" }
            dd { @if buddies.is_empty() { "None yet" } @else { (buddies.join(", ")) } }
            dt { "Can the bot message them?" }
            dd { @if reachable { "Yes" } @else { "No: they have not started the bot, or blocked it" } }
        }
        h2 { "Sessions they are going to" }
        @if sessions.is_empty() { p { "None coming up." } } @else {
            ul {
                @for (session, status) in &sessions {
                    li {
                        (when(session.details.starts_at, zone)) ": " (session.details.title)
                        @if *status == RsvpStatus::Waiting { span.muted { " (waiting list)" } }
                    }
                }
            }
        }
        p { a href="/fellows" { "← All fellows" } }
    };
    Ok(Some(page(&fellow.name, lead, body)))
}
