//! The leads' web console: axum in the bot's own process, pages rendered on the server with
//! maud, every asset in the binary. Each page checks the signed-in lead against the roles on
//! every request (the chat's own rule, through `signin`) and calls the same features the chat
//! does; this module only routes, guards and renders.

mod articles;
mod broadcasts;
mod buddies;
mod client_address;
mod exports;
mod feedback;
mod fellow_filters;
mod guard;
mod health;
mod layout;
mod lead;
mod login;
mod metrics;
mod overview;
mod people;
mod revisions;
mod roles;
mod sessions;
mod unanswered;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;
use axum::routing::{get, post};
use tokio_util::sync::CancellationToken;

use crate::chat::Context;

pub use login::LoginLimiter;

/// What every handler is given.
#[derive(Clone)]
pub struct WebState {
    pub(crate) ctx: Context,
    pub(crate) limiter: Arc<LoginLimiter>,
    /// The scheme, host and port browsers use, which a form's `Origin` must match.
    pub(crate) origin: String,
    /// Whether cookies are marked `Secure` (the console is reached over https).
    pub(crate) secure: bool,
}

impl WebState {
    /// The console for `ctx`, reached at `link_base` (`WEB_PUBLIC_URL`, or where it listens).
    pub fn new(ctx: Context, link_base: &str) -> Self {
        let (origin, secure) = origin_of(link_base);
        Self {
            ctx,
            limiter: Arc::new(LoginLimiter::default()),
            secure,
            origin,
        }
    }
}

/// The origin a browser sends for pages at `link_base`, and whether it is https.
fn origin_of(link_base: &str) -> (String, bool) {
    match url::Url::parse(link_base) {
        Ok(url) => (url.origin().ascii_serialization(), url.scheme() == "https"),
        Err(_) => (link_base.to_owned(), false),
    }
}

/// Every route of the console.
pub fn router(state: WebState) -> Router {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics))
        .route("/style.css", get(layout::stylesheet))
        .route("/login/telegram", get(login::telegram))
        .route("/login/{token}", get(login::confirm).post(login::sign_in))
        .route("/logout", post(login::sign_out))
        .route("/", get(overview::overview))
        .route("/fellows", get(people::fellows))
        .route("/fellows/{id}", get(people::fellow))
        .route("/buddies", get(buddies::buddies))
        .route("/buddies/assign", post(buddies::assign))
        .route("/roles", get(roles::roles).post(roles::change))
        .route("/audit", get(roles::audit))
        .route("/exports", get(exports::exports))
        .route("/exports/{file}", get(exports::download))
        .route("/sessions", get(sessions::calendar).post(sessions::create))
        .route(
            "/sessions/import",
            get(sessions::import_form).post(sessions::import_sessions),
        )
        .route("/sessions/{id}", get(sessions::session))
        .route("/sessions/{id}/attendance", post(sessions::mark_attendance))
        .route(
            "/sessions/{id}/move",
            get(sessions::preview_move).post(sessions::confirm_move),
        )
        .route(
            "/sessions/{id}/edit",
            get(sessions::preview_edit).post(sessions::confirm_edit),
        )
        .route(
            "/sessions/{id}/cancel",
            get(sessions::cancel).post(sessions::confirm_cancel),
        )
        .route("/broadcasts", get(broadcasts::broadcasts))
        .route(
            "/broadcasts/new",
            get(broadcasts::new).post(broadcasts::draft),
        )
        .route("/broadcasts/{id}", get(broadcasts::broadcast))
        .route("/broadcasts/{id}/preview", get(broadcasts::preview))
        .route("/broadcasts/{id}/confirm", post(broadcasts::confirm))
        .route("/broadcasts/{id}/cancel", post(broadcasts::cancel))
        .route("/broadcasts/{id}/resend", post(broadcasts::resend))
        .route("/feedback", get(feedback::feedback))
        .route("/feedback/chart.png", get(feedback::chart))
        .route("/feedback/responses.csv", get(feedback::responses))
        .route("/feedback/cycles", post(feedback::start_cycle))
        .route("/feedback/cycles/close", post(feedback::close_cycle))
        .route("/feedback/cycles/{id}/tell", post(feedback::tell_cycle))
        .route("/articles", get(articles::articles))
        .route("/articles/{id}", get(articles::edit).post(articles::save))
        .route("/unanswered", get(unanswered::queue))
        .route(
            "/unanswered/{id}",
            get(unanswered::teach_form).post(unanswered::teach),
        )
        .route("/articles/{id}/revisions", get(revisions::revisions))
        .route("/revisions/{id}", get(revisions::revision))
        .route("/revisions/{id}/restore", post(revisions::restore))
        .fallback(layout::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::same_origin_posts,
        ))
        .layer(axum::middleware::from_fn(guard::security_headers))
        .with_state(state)
}

/// Listens on `addr` (port 0: any free port); the address it got comes back with it.
pub async fn bind(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("the web console could not listen on WEB_ADDR {addr}"))
}

/// Serves the console until `stop` is cancelled; requests under way then finish.
pub async fn serve(listener: tokio::net::TcpListener, state: WebState, stop: CancellationToken) {
    serve_app(listener, router(state), stop).await;
}

/// The console with the routes `more` makes beside it (Telegram's webhook), outside the
/// console's guard: they check their callers themselves. An error if axum refuses them (a route
/// the console has, a path it cannot take), which it does by panicking.
pub fn router_with(state: WebState, more: impl FnOnce() -> Router) -> anyhow::Result<Router> {
    let console = router(state);
    let merged = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| console.merge(more())));
    merged.map_err(|_| anyhow::anyhow!("the web server refused a route beside the console's"))
}

/// Serves `app` (the console, perhaps with more) until `stop` is cancelled; requests under way
/// then finish.
pub async fn serve_app(listener: tokio::net::TcpListener, app: Router, stop: CancellationToken) {
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move { stop.cancelled().await })
        .await;
    if let Err(error) = served {
        tracing::error!(%error, "the web console stopped with an error");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_forms_must_come_from_and_secure_cookies_follow_the_public_address() {
        assert_eq!(
            origin_of("https://fellows.example.org/"),
            ("https://fellows.example.org".to_owned(), true)
        );
        assert_eq!(
            origin_of("HTTP://127.0.0.1:8080"),
            ("http://127.0.0.1:8080".to_owned(), false)
        );
        assert_eq!(
            origin_of("https://fellows.example.org:443/console"),
            ("https://fellows.example.org".to_owned(), true)
        );
    }
}
