//! Composing a broadcast in the console: the form (text with formatting, the audience with how
//! many each reaches, now or a London time), saved as a draft for the preview (`preview`) the
//! lead confirms before anything is queued. The rules are the broadcast feature's.

use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use maud::html;
use serde::Deserialize;

use super::super::WebState;
use super::super::guard::Lead;
use super::super::layout::{form_token, not_allowed, page, server_error};
use crate::broadcast::compose::{TEXT_LIMIT, check_send_time, formatted_announcement};
use crate::broadcast::conversation::{BroadcastReports, Broadcasts};
use crate::broadcast::{BroadcastAudience, BroadcastContent};
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
pub(super) fn recipients(audience: &BroadcastAudience, count: usize) -> String {
    if audience.is_groups() {
        texts::count(count, "group", "groups")
    } else {
        texts::count(count, "person", "people")
    }
}

pub(super) fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response()
}
