//! Exports: the CSV files `fellowship-bot export` writes (feedback with its anonymity rules,
//! attendance, the fellows), as downloads for leads, each noted in the audit log.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use clap::ValueEnum as _;
use maud::html;
use serde::Deserialize;

use super::WebState;
use super::guard::Lead;
use super::layout::{not_found, page, plain, server_error};
use crate::export::{ExportKind, export_csv};

/// Each export: its name in the address, and what it holds.
const EXPORTS: [(&str, &str); 3] = [
    (
        "feedback",
        "Feedback answers: anonymous unless the fellow chose to be named; trusts with few answers folded together.",
    ),
    (
        "attendance",
        "Who attended which session, with its type and time.",
    ),
    (
        "fellows",
        "Every registered fellow: name, trust, start date, specialty and leaving date.",
    ),
];

pub(super) async fn exports(lead: Lead) -> Response {
    let body = html! {
        p { "Each file opens in a spreadsheet. They hold personal data: keep them on NHS systems only." }
        form method="get" action="/exports/fellows.csv" #since-form {
            label for="since" { "From (optional, like 2026-08-01)" }
            input #since name="since" type="date";
        }
        ul {
            @for (name, holds) in EXPORTS {
                li {
                    strong { (name) } ": " (holds) " "
                    button type="submit" form="since-form" formaction={ "/exports/" (name) ".csv" } { "Download " (name) ".csv" }
                }
            }
        }
    };
    page("Exports", &lead, body)
}

#[derive(Deserialize)]
pub(super) struct ExportQuery {
    #[serde(default)]
    since: String,
}

pub(super) async fn download(
    State(state): State<WebState>,
    lead: Lead,
    Path(file): Path<String>,
    Query(query): Query<ExportQuery>,
) -> Response {
    let Some(kind) = file
        .strip_suffix(".csv")
        .and_then(|name| ExportKind::from_str(name, false).ok())
    else {
        return not_found().await;
    };
    let since = match query.since.trim() {
        "" => None,
        day => match NaiveDate::parse_from_str(day, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                return plain(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Exports",
                    html! { p { "Please give the first day like 2026-08-01, or leave it empty for everything. " a href="/exports" { "Back to the exports" } } },
                );
            }
        },
    };
    let ctx = &state.ctx;
    let csv = match export_csv(ctx.store(), kind, since, ctx.settings().timezone).await {
        Ok(csv) => csv,
        Err(error) => return server_error(&format!("{error:#}")),
    };
    let name = file.trim_end_matches(".csv");
    let from = since.map(|d| format!(" from {d}")).unwrap_or_default();
    let noted = ctx
        .store()
        .record_audit(
            lead.user_id(),
            "export",
            &format!("{name}{from}"),
            ctx.now(),
        )
        .await;
    if let Err(error) = noted {
        return server_error(&error);
    }
    let today = ctx
        .now()
        .with_timezone(&ctx.settings().timezone)
        .date_naive();
    let disposition = format!("attachment; filename=\"{name}-{today}.csv\"");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        csv,
    )
        .into_response()
}
