//! Sessions from CSV in the browser: the lead pastes the file's text (a textarea, so no upload
//! handling and the text stays on screen to fix), checks it (a dry run listing every problem by
//! line, or the sessions it would make), then imports it. The parser is the CLI's and the chat's
//! (`sessions::import`), and so is the rule that nothing is imported unless every row is good.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::super::WebState;
use super::super::guard::Lead;
use super::super::layout::{form_token, not_allowed, page, server_error, when};
use crate::sessions::NewSession;
use crate::sessions::conversation::SESSION_FILE_LIMIT;
use crate::sessions::import::{RowProblem, parse_sessions_csv};

/// How many rows (sessions or problems) a check lists before "and N more".
const ROWS_SHOWN: usize = 100;

#[derive(Deserialize)]
pub(in crate::web) struct ImportQuery {
    imported: Option<usize>,
    first: Option<i64>,
    last: Option<i64>,
}

#[derive(Deserialize)]
pub(in crate::web) struct ImportForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    csv: String,
    /// "check" (a dry run) or "import".
    #[serde(default)]
    action: String,
}

pub(in crate::web) async fn import_form(lead: Lead, Query(query): Query<ImportQuery>) -> Response {
    let notice = match (query.imported, query.first, query.last) {
        (Some(1), Some(first), _) => Some(format!("Imported 1 session: #{first}.")),
        (Some(n), Some(first), Some(last)) => {
            Some(format!("Imported {n} sessions: #{first} to #{last}."))
        }
        _ => None,
    };
    let body = html! {
        @if let Some(notice) = notice { p.notice role="status" { (notice) " " a href="/sessions" { "See them in the calendar" } } }
        (form(&lead, ""))
    };
    page("Import sessions", &lead, body)
}

fn form(lead: &Lead, text: &str) -> Markup {
    html! {
        p { "Paste the CSV file's text: a header row with " code { "type,title,start,end,location" } " and optionally "
            code { "audience,capacity,facilitators,repeat,until,except" } "; times like " code { "2027-03-12 14:00" } " in London time. Check it first: nothing is imported unless every row is good." }
        form method="post" action="/sessions/import" {
            (form_token(lead))
            label for="csv" { "The CSV text" }
            textarea #csv name="csv" required spellcheck="false" { (text) }
            div.actions {
                button type="submit" name="action" value="check" #check { "Check it" }
                button.secondary type="submit" name="action" value="import" #import { "Import" }
            }
        }
    }
}

pub(in crate::web) async fn import_sessions(
    State(state): State<WebState>,
    lead: Lead,
    Form(form): Form<ImportForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let refuse = |status: StatusCode, outcome: Markup| {
        let body = html! { (outcome) (self::form(&lead, &form.csv)) };
        (status, page("Import sessions", &lead, body)).into_response()
    };
    if form.csv.len() > SESSION_FILE_LIMIT {
        let text = format!(
            "That is too long: please import at most {} KB at a time.",
            SESSION_FILE_LIMIT / 1024
        );
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            html! { div.problems role="alert" { p { (text) } } },
        );
    }
    let ctx = &state.ctx;
    let settings = ctx.settings();
    let parsed = parse_sessions_csv(
        &form.csv,
        &ctx.catalogue(),
        settings.timezone,
        &settings.trusts,
    );
    let sessions = match parsed {
        Ok(sessions) => sessions,
        Err(problems) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, problem_list(&problems)),
    };
    if form.action != "import" || sessions.is_empty() {
        return refuse(StatusCode::OK, would_make(&state, &sessions));
    }
    let imported = crate::sessions::conversation::NewSession::new(ctx)
        .import(lead.user_id(), &sessions, "a paste in the web console")
        .await;
    match imported {
        Ok(ids) => {
            let (first, last) = (
                ids.first().copied().unwrap_or_default(),
                ids.last().copied().unwrap_or_default(),
            );
            let to = format!(
                "/sessions/import?imported={}&first={first}&last={last}",
                ids.len()
            );
            (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
        }
        Err(error) => server_error(&error),
    }
}

fn problem_list(problems: &[RowProblem]) -> Markup {
    html! {
        div.problems role="alert" {
            p { "Nothing was imported. Please fix " @if problems.len() == 1 { "this problem" } @else { "these " (problems.len()) " problems" } " and check again:" }
            table {
                thead { tr { th.n scope="col" { "Line" } th scope="col" { "Problem" } } }
                tbody { @for problem in problems.iter().take(ROWS_SHOWN) { tr { td.n { (problem.line) } td { (problem.problem) } } } }
            }
            @if problems.len() > ROWS_SHOWN { p { "and " (problems.len() - ROWS_SHOWN) " more." } }
        }
    }
}

fn would_make(state: &WebState, sessions: &[NewSession]) -> Markup {
    let zone = state.ctx.settings().timezone;
    html! {
        div.notice role="status" {
            @if sessions.is_empty() { p { "There are no sessions in this text, so there is nothing to import." } }
            @else {
                p { "Every row is good. Importing makes " @if sessions.len() == 1 { "1 session" } @else { (sessions.len()) " sessions" } ":" }
                div.scroll { table {
                    thead { tr { th scope="col" { "Starts" } th scope="col" { "Title" } th scope="col" { "Where" } th scope="col" { "For" } th.n scope="col" { "Places" } } }
                    tbody { @for session in sessions.iter().take(ROWS_SHOWN) {
                        tr { td { (when(session.starts_at, zone)) } td { (session.title) } td { (session.location) } td { (session.audience.to_text()) }
                             td.n { @match session.capacity { Some(places) => (places), None => "no limit" } } }
                    } }
                } }
                @if sessions.len() > ROWS_SHOWN { p { "and " (sessions.len() - ROWS_SHOWN) " more." } }
                p { "Press Import below to add them." }
            }
        }
    }
}
