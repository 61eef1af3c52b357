//! Composing a broadcast in the console: the form (text with formatting, the audience with how
//! many each reaches, now or a London time), then a preview the lead confirms before anything is
//! queued. The rules are the broadcast feature's (`broadcast::compose`, `Broadcasts`).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::super::WebState;
use super::super::guard::Lead;
use super::super::layout::{form_token, not_allowed, not_found, page, server_error, when};
use crate::broadcast::compose::{TEXT_LIMIT, check_send_time, formatted_announcement};
use crate::broadcast::conversation::{BroadcastReports, Broadcasts};
use crate::broadcast::{BroadcastAudience, BroadcastContent, BroadcastStatus};
use crate::chat::{ChatError, texts};
use crate::sessions::time::parse_local;

/// What the compose form sends (and shows again with its problems).
#[derive(Deserialize, Default)]
pub(in crate::web) struct ComposeForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    audience: String,
    /// "now", or "later" with `at`.
    #[serde(default)]
    when: String,
    #[serde(default)]
    at: String,
}

pub(in crate::web) async fn new(State(state): State<WebState>, lead: Lead) -> Response {
    show_form(&state, &lead, &ComposeForm::default(), &[]).await
}

pub(in crate::web) async fn draft(
    State(state): State<WebState>,
    lead: Lead,
    Form(form): Form<ComposeForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let (content, audience, at) = match read(&state, &form) {
        Ok(read) => read,
        Err(problems) => return show_form(&state, &lead, &form, &problems).await,
    };
    let broadcasts = Broadcasts::new(&state.ctx);
    match broadcasts
        .draft_for_audience(lead.user_id(), &content, &audience)
        .await
    {
        Ok(id) => {
            let at = at
                .map(|at| format!("?at={}", at.timestamp()))
                .unwrap_or_default();
            see_other(&format!("/broadcasts/{id}/preview{at}"))
        }
        Err(error) => server_error(&error),
    }
}

type Composed = (BroadcastContent, BroadcastAudience, Option<DateTime<Utc>>);

/// The form read through the feature's rules, or every problem found, each naming its field.
fn read(state: &WebState, form: &ComposeForm) -> Result<Composed, Vec<String>> {
    let mut problems = Vec::new();
    let content = formatted_announcement(&form.text)
        .map_err(|p| problems.push(format!("Announcement: {p}")))
        .ok();
    let audience = BroadcastAudience::parse_key(&form.audience);
    if audience.is_none() {
        problems.push("Who gets it: choose an audience.".to_owned());
    }
    let at = match form.when.as_str() {
        "later" => {
            let ctx = &state.ctx;
            match parse_local(&form.at, ctx.settings().timezone) {
                Ok(at) => match check_send_time(at, ctx.now()) {
                    Ok(()) => Some(at),
                    Err(problem) => {
                        problems.push(format!("When: {problem}"));
                        None
                    }
                },
                Err(problem) => {
                    problems.push(format!("When: {problem}."));
                    None
                }
            }
        }
        _ => None,
    };
    match (content, audience) {
        (Some(content), Some(audience)) if problems.is_empty() => Ok((content, audience, at)),
        _ => Err(problems),
    }
}

async fn show_form(
    state: &WebState,
    lead: &Lead,
    form: &ComposeForm,
    problems: &[String],
) -> Response {
    let choices = match audience_choices(state).await {
        Ok(choices) => choices,
        Err(error) => return server_error(&error),
    };
    let later = form.when == "later";
    let body = html! {
        p { "Write the announcement, choose who gets it and when. You will see exactly what they get before anything is sent." }
        @if !problems.is_empty() {
            div.problems role="alert" { @for problem in problems { p { (problem) } } }
        }
        form method="post" action="/broadcasts/new" {
            (form_token(lead))
            label for="text" { "Announcement (" (TEXT_LIMIT) " characters at most)" }
            p.muted #text-help { "Formatting as in the knowledge base: **bold**, _italic_, [a link](https://…), lists with - at the start of a line." }
            textarea #text name="text" rows="8" required aria-describedby="text-help" { (form.text) }
            label for="audience" { "Who gets it" }
            select #audience name="audience" required {
                option value="" { "Choose an audience" }
                @for (group, audiences) in &choices {
                    optgroup label=(group) {
                        @for (key, label) in audiences {
                            option value=(key) selected[*key == form.audience] { (label) }
                        }
                    }
                }
            }
            fieldset {
                legend { "When" }
                label { input type="radio" name="when" value="now" checked[!later]; " Now" }
                label { input type="radio" name="when" value="later" checked[later]; " At a time (London)" }
                label for="at" { "Date and time, London time" }
                input #at type="datetime-local" name="at" value=(form.at);
            }
            div.actions { button type="submit" #preview { "Preview" } }
        }
    };
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, page("Compose a broadcast", lead, body)).into_response()
}

/// Every audience in its group, with its key and "every fellow (12 people)".
async fn audience_choices(
    state: &WebState,
) -> Result<Vec<(&'static str, Vec<(String, String)>)>, ChatError> {
    let ctx = &state.ctx;
    let reports = BroadcastReports::new(ctx);
    let mut groups = Vec::new();
    for (group, audiences) in Broadcasts::new(ctx).audience_choices().await? {
        let mut choices = Vec::with_capacity(audiences.len());
        for audience in audiences {
            let count = reports.broadcast_recipients(&audience).await?.len();
            let label = format!(
                "{} ({})",
                reports.audience_label(&audience).await?,
                recipients(&audience, count)
            );
            choices.push((audience.to_key(), label));
        }
        groups.push((group, choices));
    }
    Ok(groups)
}

/// "3 people", "1 group".
fn recipients(audience: &BroadcastAudience, count: usize) -> String {
    if audience.is_groups() {
        texts::count(count, "group", "groups")
    } else {
        texts::count(count, "person", "people")
    }
}

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

pub(super) fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}
