//! `/healthz` (the process answers) and `/readyz` (the database answers and the knowledge base
//! is loaded), for the container's health check and a load balancer.

use axum::extract::State;
use axum::http::StatusCode;

use super::WebState;

pub(super) async fn healthz() -> &'static str {
    "ok"
}

pub(super) async fn readyz(State(state): State<WebState>) -> (StatusCode, &'static str) {
    let database = state.ctx.store().ping().await.is_ok();
    let content = !state.ctx.faq().current().articles().is_empty();
    match (database, content) {
        (true, true) => (StatusCode::OK, "ready"),
        (false, _) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the database does not answer",
        ),
        (true, false) => (StatusCode::SERVICE_UNAVAILABLE, "no content is loaded"),
    }
}
