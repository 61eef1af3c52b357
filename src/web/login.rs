//! Signing in and out. A link from /web opens a page with one button; pressing it uses the
//! link up (so a link preview or a virus scanner fetching the page cannot); Telegram's login
//! button lands on `/login/telegram`. Attempts are limited in each process's memory, per address
//! (the browser's, as a proxy on the private network reports it: `client_address`) and overall;
//! with several replicas each keeps its own count, so the limits allow that many times more.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::Form;
use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::WebState;
use super::guard::{COOKIE, Lead};
use super::layout::{not_allowed, plain, server_error};
use crate::signin::{Secret, SignIn};

/// Sign-in attempts allowed from one address, and from everyone, within [`WINDOW`].
const PER_ADDRESS: usize = 10;
const OVERALL: usize = 60;
const WINDOW: Duration = Duration::from_secs(600);

/// Recent sign-in attempts, per address and overall, in this process's memory.
#[derive(Debug, Default)]
pub struct LoginLimiter {
    attempts: Mutex<Attempts>,
}

#[derive(Debug, Default)]
struct Attempts {
    per_address: HashMap<IpAddr, VecDeque<Instant>>,
    overall: VecDeque<Instant>,
}

impl LoginLimiter {
    /// Counts an attempt from `address` at `now`; false when it is one too many.
    pub fn allow(&self, address: IpAddr, now: Instant) -> bool {
        let mut guard = self
            .attempts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let Attempts {
            per_address,
            overall,
        } = &mut *guard;
        let fresh = |times: &mut VecDeque<Instant>| {
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= WINDOW)
            {
                times.pop_front();
            }
        };
        fresh(overall);
        per_address.retain(|_, times| {
            fresh(times);
            !times.is_empty()
        });
        let mine = per_address.entry(address).or_default();
        if mine.len() >= PER_ADDRESS || overall.len() >= OVERALL {
            return false;
        }
        mine.push_back(now);
        overall.push_back(now);
        true
    }
}

fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// GET /login/{token}: one button that signs in; nothing is used up yet.
pub(super) async fn confirm(Path(token): Path<String>) -> Response {
    if !well_formed(&token) {
        return not_allowed();
    }
    plain(
        StatusCode::OK,
        "Sign in",
        html! {
            p { "You are signing in to the programme's web console. The link works once." }
            form method="post" action={ "/login/" (token) } {
                button type="submit" #sign-in { "Sign in" }
            }
        },
    )
}

/// POST /login/{token}: uses the link up and starts a session.
pub(super) async fn sign_in(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let address = super::client_address::client_address(peer.ip(), &headers);
    if !state.limiter.allow(address, Instant::now()) {
        return too_many();
    }
    if !well_formed(&token) {
        return not_allowed();
    }
    match SignIn::new(&state.ctx).redeem(&token).await {
        Ok(Some(session)) => session_started(&state, &session),
        Ok(None) => not_allowed(),
        Err(error) => server_error(&error),
    }
}

/// GET /login/telegram: where Telegram's login button (`LoginUrl`) sends the browser, with the
/// signed fields in the query. Accepted only when the console is served over https.
pub(super) async fn telegram(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let address = super::client_address::client_address(peer.ip(), &headers);
    if !state.limiter.allow(address, Instant::now()) {
        return too_many();
    }
    let fields: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    match SignIn::new(&state.ctx).redeem_telegram_login(&fields).await {
        Ok(Some(session)) => session_started(&state, &session),
        Ok(None) => not_allowed(),
        Err(error) => server_error(&error),
    }
}

/// The session's cookie, and on to the overview.
fn session_started(state: &WebState, session: &Secret) -> Response {
    let secure = if state.secure { "; Secure" } else { "" };
    let cookie = format!(
        "{COOKIE}={}; HttpOnly; SameSite=Lax; Path=/{secure}",
        session.expose()
    );
    (
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, "/".into())],
    )
        .into_response()
}

fn too_many() -> Response {
    tracing::warn!("web console sign-ins are coming too fast; refused for now");
    plain(
        StatusCode::TOO_MANY_REQUESTS,
        "Please wait",
        html! { p { "Too many sign-in attempts. Please wait ten minutes, then ask the bot for a new link with /web." } },
    )
}

#[derive(Deserialize)]
pub(super) struct TokenOnly {
    form_token: String,
}

/// POST /logout: ends the session and forgets the cookie.
pub(super) async fn sign_out(
    State(state): State<WebState>,
    lead: Lead,
    Form(form): Form<TokenOnly>,
) -> Response {
    if !lead.form_is_ours(&form.form_token) {
        return not_allowed();
    }
    if let Err(error) = SignIn::new(&state.ctx).sign_out(&lead.session).await {
        return server_error(&error);
    }
    let expired = format!("{COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0");
    let page = plain(
        StatusCode::OK,
        "Signed out",
        html! { p { "You have signed out. Send /web to the bot for a new link when you need one." } },
    );
    ([(header::SET_COOKIE, expired)], page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_ins_are_limited_per_address_and_overall_then_allowed_again() {
        let limiter = LoginLimiter::default();
        let start = Instant::now();
        let one: IpAddr = [10, 0, 0, 1].into();
        for _ in 0..PER_ADDRESS {
            assert!(limiter.allow(one, start));
        }
        assert!(!limiter.allow(one, start), "one address is limited");
        let mut others = (2..=255u8).map(|n| IpAddr::from([10, 0, 0, n]));
        for _ in PER_ADDRESS..OVERALL {
            assert!(limiter.allow(others.next().unwrap(), start));
        }
        assert!(
            !limiter.allow(others.next().unwrap(), start),
            "and everyone together"
        );
        assert!(
            limiter.allow(one, start + WINDOW),
            "until the window passes"
        );
    }
}
