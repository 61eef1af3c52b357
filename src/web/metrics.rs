//! `/metrics`: this run's counts in Prometheus' text format for the operators' scraper, with
//! what waits in the database read at each scrape. Outside the sign-in: it holds counts only
//! (see [`crate::telemetry`]).

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::WebState;

/// Prometheus' text exposition format.
const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

pub(super) async fn metrics(State(state): State<WebState>) -> Response {
    let ctx = &state.ctx;
    let now = ctx.now();
    match ctx.store().backlog(now).await {
        Ok(backlog) => (
            [(header::CONTENT_TYPE, TEXT_FORMAT)],
            ctx.telemetry().render(&backlog, now),
        )
            .into_response(),
        Err(error) => {
            // A failed scrape shows as the target down, rather than gauges that stopped moving.
            tracing::error!(%error, "could not read what is waiting for /metrics");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database does not answer",
            )
                .into_response()
        }
    }
}
