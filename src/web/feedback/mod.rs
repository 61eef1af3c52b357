//! Feedback: the leads' report for a session, a session type, a period (or the last 30 days),
//! by trust, with small groups folded exactly as /report folds them (`FeedbackReports`), the
//! same PDSA chart the chat sends, the CSV; improvement cycles and "you said, we did" are
//! `cycles`'.

mod cycles;

pub(super) use cycles::{close_cycle, start_cycle, tell_cycle};

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{page, server_error};
use crate::chat::ChatError;
use crate::feedback::MIN_GROUP;
use crate::feedback::conversation::FeedbackReports;
use crate::store::ReportScope;

/// What the report is about: a session, a type, or a period (none: the last 30 days).
#[derive(Deserialize, Default, Clone)]
pub(super) struct ScopeQuery {
    #[serde(default)]
    session: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    page: Option<usize>,
}

impl ScopeQuery {
    /// The words /report would be given for the same choice, so the chat's parser decides.
    fn words(&self) -> String {
        let (session, kind) = (self.session.trim(), self.kind.trim());
        if !session.is_empty() {
            session.to_owned()
        } else if !kind.is_empty() {
            kind.to_owned()
        } else if !self.from.trim().is_empty() || !self.to.trim().is_empty() {
            format!("{} {}", self.from.trim(), self.to.trim())
        } else {
            String::new()
        }
    }

    /// The same choice as a query string, for the chart and the CSV.
    fn query_string(&self) -> String {
        let pairs = [
            ("session", self.session.trim()),
            ("type", self.kind.trim()),
            ("from", self.from.trim()),
            ("to", self.to.trim()),
        ];
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.into_iter().filter(|(_, value)| !value.is_empty()))
            .finish()
    }
}

pub(super) async fn feedback(
    State(state): State<WebState>,
    lead: Lead,
    Query(query): Query<ScopeQuery>,
) -> Response {
    let report = match render_report(&state, &query).await {
        Ok(report) => report,
        Err(error) => return server_error(&error),
    };
    let scope = query.query_string();
    let pages = if scope.is_empty() {
        "/feedback?".to_owned()
    } else {
        format!("/feedback?{scope}&")
    };
    let cycles = match cycles::render(&state, &lead, query.page.unwrap_or(1), &pages, None).await {
        Ok(cycles) => cycles,
        Err(error) => return server_error(&error),
    };
    let (status, report) = report;
    let body = html! { (choose_scope(&state, &query)) (report) (cycles) };
    (status, page("Feedback", &lead, body)).into_response()
}

async fn render_report(
    state: &WebState,
    query: &ScopeQuery,
) -> Result<(StatusCode, Markup), ChatError> {
    let reports = FeedbackReports::new(&state.ctx);
    let Some((scope, title)) = reports.report_scope(&query.words()).await? else {
        let problem =
            "Choose a session by its number, a session type, or a period with both dates.";
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html! { div.problems role="alert" { p { (problem) } } },
        ));
    };
    let Some(report) = reports.feedback_report(&scope, &title).await? else {
        return Ok((
            StatusCode::OK,
            html! { h2 { "Report: " (title) } p { "No feedback yet for " (title) "." } },
        ));
    };
    let has_chart = reports.report_chart(&scope, &title).await?.is_some();
    let query_string = query.query_string();
    Ok((
        StatusCode::OK,
        html! {
            h2 { "Report: " (title) }
            p.muted { "Groups of fewer than " (MIN_GROUP) " responses are folded together, and their ratings and comments are not shown, so nobody can be recognised." }
            // The bot's own report: every name and comment in it is escaped where it is built.
            div.telegram #report { (PreEscaped(&report.text)) }
            @if has_chart {
                figure {
                    img src={ "/feedback/chart.png?" (query_string) } width="1000" height="700"
                        alt={ "PDSA chart for " (title) ": mean rating and response rate over time" };
                    figcaption { (crate::feedback::conversation::CHART_CAPTION) }
                }
            }
            @if report.csv.is_some() {
                p { a href={ "/feedback/responses.csv?" (query_string) } download { "Download the " (report.responses) " responses (CSV)" } }
            }
        },
    ))
}

fn choose_scope(state: &WebState, query: &ScopeQuery) -> Markup {
    let catalogue = state.ctx.catalogue();
    html! {
        p { "Without a choice, the report covers the last 30 days." }
        div.filters {
            form method="get" action="/feedback" {
                label for="session" { "A session (its number)" }
                input #session name="session" inputmode="numeric" value=(query.session);
                button type="submit" { "Show" }
            }
            form method="get" action="/feedback" {
                label for="type" { "A session type" }
                select #type name="type" required {
                    option value="" { "Choose a type" }
                    @for kind in catalogue.types() { option value=(kind.id) selected[kind.id == query.kind] { (kind.name) } }
                    option value="exit" selected[query.kind == "exit"] { "Exit surveys" }
                    @for (key, label) in crate::feedback::conversation::SERVICES {
                        @let value = format!("service-{key}");
                        option value=(value) selected[value == query.kind] { (crate::feedback::press::service_title(key, label)) }
                    }
                }
                button type="submit" { "Show" }
            }
            form method="get" action="/feedback" {
                label for="from" { "From" }
                input #from type="date" name="from" value=(query.from);
                label for="to" { "To" }
                input #to type="date" name="to" value=(query.to);
                button type="submit" { "Show" }
            }
        }
    }
}

/// The scope of a chart or CSV request, or an answer saying there is none.
async fn scope_of(
    state: &WebState,
    query: &ScopeQuery,
) -> Result<Option<(ReportScope, String)>, ChatError> {
    FeedbackReports::new(&state.ctx)
        .report_scope(&query.words())
        .await
}

/// The PDSA chart, the same PNG the chat sends.
pub(super) async fn chart(
    State(state): State<WebState>,
    _lead: Lead,
    Query(query): Query<ScopeQuery>,
) -> Response {
    let chart = match scope_of(&state, &query).await {
        Ok(Some((scope, title))) => {
            FeedbackReports::new(&state.ctx)
                .report_chart(&scope, &title)
                .await
        }
        Ok(None) => Ok(None),
        Err(error) => Err(error),
    };
    match chart {
        Ok(Some(png)) => ([(header::CONTENT_TYPE, "image/png")], png).into_response(),
        Ok(None) => super::layout::not_found().await,
        Err(error) => server_error(&error),
    }
}

/// The responses as CSV, as the chat sends them (anonymous unless a fellow gave their name).
pub(super) async fn responses(
    State(state): State<WebState>,
    _lead: Lead,
    Query(query): Query<ScopeQuery>,
) -> Response {
    let reports = FeedbackReports::new(&state.ctx);
    let report = match scope_of(&state, &query).await {
        Ok(Some((scope, title))) => reports.feedback_report(&scope, &title).await,
        Ok(None) => Ok(None),
        Err(error) => Err(error),
    };
    match report.map(|r| r.and_then(|r| r.csv)) {
        Ok(Some(csv)) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"feedback.csv\"",
                ),
            ],
            csv,
        )
            .into_response(),
        Ok(None) => super::layout::not_found().await,
        Err(error) => server_error(&error),
    }
}
