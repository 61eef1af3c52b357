//! Buddies: the fellows without a buddy, newest first, each with the buddies `/buddy` would
//! suggest and a button to assign one. Assigning is the chat's own (`buddies::assignment`): the
//! same pairing, check-in and audit line, and the same introductions, sent by the job worker.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{form_token, not_allowed, page, paginate, server_error};
use crate::buddies::{Assigned, Buddies};
use crate::chat::ChatError;

#[derive(Deserialize)]
pub(super) struct BuddiesQuery {
    page: Option<usize>,
    /// The pair just made, to confirm it.
    paired: Option<i64>,
}

pub(super) async fn buddies(
    State(state): State<WebState>,
    lead: Lead,
    Query(query): Query<BuddiesQuery>,
) -> Response {
    match render(&state, &lead, &query).await {
        Ok(body) => page("Buddies", &lead, body),
        Err(error) => server_error(&error),
    }
}

async fn render(state: &WebState, lead: &Lead, query: &BuddiesQuery) -> Result<Markup, ChatError> {
    let buddies = Buddies::new(&state.ctx);
    let notice = match query.paired {
        Some(pair) => paired_notice(&buddies, pair).await?,
        None => None,
    };
    let waiting = buddies.waiting_fellows().await?;
    let total = waiting.len();
    let (shown, pager) = paginate(waiting, query.page.unwrap_or(1), |p| {
        format!("/buddies?page={p}")
    });
    let mut rows = Vec::with_capacity(shown.len());
    for fellow in shown {
        let suggested = buddies.suggested_buddies(&fellow).await?;
        rows.push((fellow, suggested));
    }
    Ok(html! {
        @if let Some(notice) = notice { (notice) }
        @if total == 0 {
            p { "Every registered fellow has a buddy." }
        } @else {
            p { (crate::chat::texts::count(total, "fellow", "fellows")) " without a buddy, newest first. Suggestions are buddies at the same trust, the same specialty first, the least busy first, never a previous buddy." }
        }
        @for (fellow, suggested) in &rows {
            section.fellow aria-labelledby={ "f" (fellow.user_id) } {
                h2 #{ "f" (fellow.user_id) } { a href={ "/fellows/" (fellow.user_id) } { (fellow.name) } }
                p.muted { (fellow.trust) " · " (fellow.specialty) " · starts " (fellow.start_date.format("%-d %B %Y")) }
                @if suggested.is_empty() {
                    p { "No buddy at " (fellow.trust) " fits (same trust, not a previous buddy). An admin can give someone the buddy role on the " a href="/roles" { "Roles" } " page." }
                }
                @for candidate in suggested {
                    form.assign method="post" action="/buddies/assign" {
                        (form_token(lead))
                        input type="hidden" name="fellow" value=(fellow.user_id);
                        input type="hidden" name="buddy" value=(candidate.user_id);
                        span { (candidate.name) ": " (candidate.specialty) ", looks after " (candidate.current_load) " now " }
                        button type="submit" { "Assign " (candidate.name) }
                    }
                }
            }
        }
        (pager)
    })
}

/// "X is now Y's buddy", with what the bot could not do, for the pair just made.
async fn paired_notice(buddies: &Buddies<'_>, pair_id: i64) -> Result<Option<Markup>, ChatError> {
    let store = buddies.store();
    let Some(pair) = store.buddy_pair(pair_id).await? else {
        return Ok(None);
    };
    let Some(fellow) = store.fellow(pair.fellow_id).await? else {
        return Ok(None);
    };
    let buddy_name = buddies.display_name(pair.buddy_id).await?;
    let introductions = buddies.introductions(&fellow, pair.buddy_id).await?;
    Ok(Some(html! {
        div.notice role="status" {
            p { (buddy_name) " is now " (fellow.name) "'s buddy. The bot introduces them to each other and asks " (fellow.name) " in two weeks whether they have been in touch." }
            @if let Some(buddy) = &introductions.buddy_unreached {
                p { "⚠️ " (buddy) " hasn't started the bot (or blocked it), so it can't introduce them: please tell them yourself, and ask them to send /start to the bot." }
            }
            @if let Some(fellow) = &introductions.fellow_unreached {
                p { "⚠️ The bot can't message " (fellow) " privately, so they don't know yet." }
            }
        }
    }))
}

#[derive(Deserialize)]
pub(super) struct AssignForm {
    form_token: String,
    fellow: i64,
    buddy: i64,
}

pub(super) async fn assign(
    State(state): State<WebState>,
    lead: Lead,
    Form(form): Form<AssignForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    match assign_buddy(&state, &lead, &form).await {
        Ok(Ok(pair)) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("/buddies?paired={pair}"))],
        )
            .into_response(),
        Ok(Err(problem)) => refused(&lead, problem),
        Err(error) => server_error(&error),
    }
}

/// The pair made (or, pressed twice, the one that exists); a sentence when it cannot be made.
async fn assign_buddy(
    state: &WebState,
    lead: &Lead,
    form: &AssignForm,
) -> Result<Result<i64, &'static str>, ChatError> {
    let buddies = Buddies::new(&state.ctx);
    let store = buddies.store();
    let Some(fellow) = store.fellow(form.fellow).await? else {
        return Ok(Err("That fellow is no longer registered."));
    };
    if store.person(form.buddy).await?.is_none() {
        return Ok(Err("The bot doesn't know that buddy."));
    }
    // Pressed twice (or by two leads at once): the pair exists, so nobody is introduced twice.
    if let Some(pair) = buddies.current_pair(fellow.user_id).await?
        && pair.buddy_id == form.buddy
    {
        return Ok(Ok(pair.id));
    }
    match buddies
        .pair_buddy(lead.user_id(), &fellow, form.buddy)
        .await?
    {
        Assigned::Paired { pair_id, .. } => {
            buddies.schedule_introductions(pair_id).await?;
            Ok(Ok(pair_id))
        }
        Assigned::OwnBuddy => Ok(Err("A fellow cannot be their own buddy.")),
    }
}

fn refused(lead: &Lead, problem: &str) -> Response {
    let body = html! {
        div.problems role="alert" { p { (problem) } }
        p { a href="/buddies" { "← Back to the buddies" } }
    };
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        page("Buddies", lead, body),
    )
        .into_response()
}
