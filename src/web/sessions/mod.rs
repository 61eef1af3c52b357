//! The calendar: sessions coming up, by month, with places taken; and creating one through the
//! /newsession form's own rules (`sessions::form::SessionDraft`), each field answered in turn
//! as the chat would, so a time, length, audience or capacity the chat refuses is refused here.
//! One session's page is `session`, moving and cancelling `changes`, CSV import `import`.

mod changes;
mod editing;
mod import;
mod session;

pub(super) use changes::{cancel, confirm_cancel, confirm_move, preview_move};
pub(super) use editing::{confirm_edit, preview_edit};
pub(super) use import::{import_form, import_sessions};
pub(super) use session::{mark_attendance, session};

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{form_token, not_allowed, page, paginate, server_error, when};
use crate::chat::ChatError;
use crate::sessions::NewSession;
use crate::sessions::form::{FormAnswer, FormNext, FormStep, SessionDraft};

/// How many sessions the calendar reads ahead.
const AHEAD: i64 = 500;

#[derive(Deserialize)]
pub(super) struct CalendarQuery {
    page: Option<usize>,
    created: Option<i64>,
}

pub(super) async fn calendar(
    State(state): State<WebState>,
    lead: Lead,
    Query(query): Query<CalendarQuery>,
) -> Response {
    match render_calendar(&state, &lead, &query, &NewSessionForm::default(), None).await {
        Ok(body) => page("Sessions", &lead, body),
        Err(error) => server_error(&error),
    }
}

async fn render_calendar(
    state: &WebState,
    lead: &Lead,
    query: &CalendarQuery,
    form: &NewSessionForm,
    problem: Option<String>,
) -> Result<Markup, ChatError> {
    let ctx = &state.ctx;
    let zone = ctx.settings().timezone;
    let trusts = &ctx.settings().trusts;
    let sessions = ctx
        .store()
        .upcoming_sessions(ctx.now(), AHEAD, trusts)
        .await?;
    let (shown, pager) = paginate(sessions, query.page.unwrap_or(1), |p| {
        format!("/sessions?page={p}")
    });
    let mut rows = Vec::with_capacity(shown.len());
    for session in shown {
        let counts = ctx.store().rsvp_counts(session.id).await?;
        rows.push((session, counts));
    }
    let month =
        |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&zone).format("%B %Y").to_string();
    let catalogue = ctx.catalogue();
    Ok(html! {
        @if let Some(id) = query.created { p.notice role="status" { "Created session #" (id) ". Announce it from the bot with /announce " (id) "." } }
        @if rows.is_empty() { p { "No sessions are planned yet." } }
        @for (i, (session, counts)) in rows.iter().enumerate() {
            @let this_month = month(session.details.starts_at);
            @if i == 0 || month(rows[i - 1].0.details.starts_at) != this_month { h2 { (this_month) } }
            p {
                strong { a href={ "/sessions/" (session.id) } { "#" (session.id) " " (session.details.title) } } br;
                (when(session.details.starts_at, zone)) " · " (session.details.location) " · for " (session.details.audience.to_text()) br;
                span.muted {
                    (counts.going) " going"
                    @if let Some(places) = session.details.capacity { " of " (places) " places" }
                    @if counts.waiting > 0 { ", " (counts.waiting) " waiting" }
                }
            }
        }
        (pager)
        p { a href="/sessions/import" { "Import sessions from a CSV file" } }
        h2 #new { "Create a session" }
        @if let Some(problem) = problem { div.problems role="alert" { p { (problem) } } }
        form method="post" action="/sessions" {
            (form_token(lead))
            label for="kind" { "Type" }
            select #kind name="kind" {
                @for kind in catalogue.types() { option value=(kind.id) selected[kind.id == form.kind] { (kind.name) } }
            }
            label for="title" { "Title (leave empty for the type's name)" }
            input #title name="title" value=(form.title);
            label for="start" { "Starts (London time, like 2027-03-12 14:00 or next Tuesday 2pm)" }
            input #start name="start" required value=(form.start);
            label for="end" { "Ends (16:00, 90m or 2h; empty for the usual length)" }
            input #end name="end" value=(form.end);
            label for="location" { "Where (a room or an online link)" }
            input #location name="location" required value=(form.location);
            label for="audience" { "For (everyone, a trust like RWT, or started:2026-01-01..2026-03-31)" }
            input #audience name="audience" required value=(if form.audience.is_empty() { "everyone" } else { form.audience.as_str() });
            label for="capacity" { "Places (empty for no limit)" }
            input #capacity name="capacity" inputmode="numeric" value=(form.capacity);
            div.actions { button type="submit" #create { "Create the session" } }
        }
    })
}

#[derive(Deserialize, Default)]
pub(super) struct NewSessionForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    location: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    capacity: String,
}

impl NewSessionForm {
    /// The form's fields as the chat's form would be answered, step by step; the session, or
    /// the first problem, named by its field.
    fn fill(&self, state: &WebState) -> Result<NewSession, String> {
        let ctx = &state.ctx;
        let (now, zone, trusts) = (ctx.now(), ctx.settings().timezone, &ctx.settings().trusts);
        let catalogue = ctx.catalogue();
        let or_usual = |text: &str| {
            if text.trim().is_empty() {
                "-".to_owned()
            } else {
                text.to_owned()
            }
        };
        // (step, the field's label, the answer; None: a press of the step's button).
        let answers: [(FormStep, &str, Option<String>); 8] = [
            (FormStep::Type, "Type", None),
            (FormStep::Title, "Title", Some(or_usual(&self.title))),
            (FormStep::Start, "Starts", Some(self.start.clone())),
            (FormStep::End, "Ends", Some(or_usual(&self.end))),
            (FormStep::Location, "Where", Some(self.location.clone())),
            (FormStep::Audience, "For", Some(self.audience.clone())),
            (FormStep::Capacity, "Places", Some(or_usual(&self.capacity))),
            (FormStep::Confirm, "Create", None),
        ];
        let mut draft = SessionDraft::default();
        for (step, label, text) in &answers {
            let answer = match (step, text) {
                (_, Some(text)) => FormAnswer::Text(text),
                (FormStep::Type, None) => FormAnswer::Choice(&self.kind),
                (_, None) => FormAnswer::Choice("create"),
            };
            match draft.answer(answer, now, zone, &catalogue, trusts) {
                FormNext::Create(session) => return Ok(session),
                FormNext::Ask(next, Some(problem)) if next == *step => {
                    return Err(format!("{label}: {problem}"));
                }
                FormNext::Ask(..) => {}
                FormNext::Cancelled => break,
            }
        }
        Err("Please fill in every field.".into())
    }
}

pub(super) async fn create(
    State(state): State<WebState>,
    lead: Lead,
    Form(form): Form<NewSessionForm>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    let session = match form.fill(&state) {
        Ok(session) => session,
        Err(problem) => {
            let query = CalendarQuery {
                page: None,
                created: None,
            };
            return match render_calendar(&state, &lead, &query, &form, Some(problem)).await {
                Ok(body) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    page("Sessions", &lead, body),
                )
                    .into_response(),
                Err(error) => server_error(&error),
            };
        }
    };
    match save(&state, &lead, &session).await {
        Ok(id) => (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, format!("/sessions?created={id}"))],
        )
            .into_response(),
        Err(error) => server_error(&error),
    }
}

/// Stores the session and notes it in the audit log, exactly as the chat's form does.
async fn save(state: &WebState, lead: &Lead, session: &NewSession) -> Result<i64, ChatError> {
    crate::sessions::conversation::NewSession::new(&state.ctx)
        .create(lead.user_id(), session)
        .await
}
