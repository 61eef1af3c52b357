//! What guards every request: security headers on every answer, POSTs only from the console's
//! own pages (origin and fetch metadata, plus the form token each form carries), and the
//! signed-in lead each page asks for, checked against the roles on every request.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use super::WebState;
use super::layout::{not_allowed, server_error};
pub(super) use super::lead::Lead;
use crate::signin::SignIn;

/// The cookie that holds a browser's session.
pub(super) const COOKIE: &str = "fb_console";
/// The largest form the console takes (a pasted CSV import is the largest, at most 512 KB).
const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// Adds the headers every answer carries: only our own assets, no sniffing, no referrer, no
/// framing, and nothing kept in shared caches.
pub(super) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Refuses a POST that did not come from the console's own pages. Under `Referrer-Policy:
/// no-referrer` browsers send `Origin: null` on forms (the Fetch standard says so), so a
/// browser proves it with `Sec-Fetch-Site: same-origin`; other clients must send our origin.
pub(super) async fn same_origin_posts(
    State(state): State<WebState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    if !from_our_pages(request.headers(), &state.origin) {
        return not_allowed();
    }
    // Sign-in is the one form posted before there is a session (its link is the proof).
    let signing_in = request.uri().path().starts_with("/login/");
    let Some(session) = session_cookie(request.headers()).filter(|_| !signing_in) else {
        // Without a session every other POST is refused by the page's own `Lead`.
        return next.run(request).await;
    };
    match checked_form(&state, request, session).await {
        Ok(request) => next.run(request).await,
        Err(refusal) => refusal,
    }
}

/// The request back with its body, if the form it posts carries the signed-in session's token;
/// every POST is checked here, so a page cannot forget to.
async fn checked_form(
    state: &WebState,
    request: Request,
    session: String,
) -> Result<Request, Response> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| not_allowed())?;
    let token = url::form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == "form_token")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let ours = match SignIn::new(&state.ctx).signed_in(&session).await {
        Ok(Some(signed_in)) => Lead { signed_in, session }.form_is_ours(&token),
        // A lapsed session: the page's own `Lead` refuses it.
        Ok(None) => true,
        Err(error) => return Err(server_error(&error)),
    };
    if !ours {
        return Err(not_allowed());
    }
    Ok(Request::from_parts(parts, axum::body::Body::from(bytes)))
}

fn from_our_pages(headers: &HeaderMap, origin: &str) -> bool {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let site_ok = value("sec-fetch-site").map(|site| site == "same-origin");
    let origin_ok = match value("origin") {
        Some("null") | None => None,
        Some(sent) => Some(sent == origin),
    };
    match (site_ok, origin_ok) {
        (Some(false), _) | (_, Some(false)) => false,
        (Some(true), _) | (_, Some(true)) => true,
        (None, None) => false,
    }
}

impl FromRequestParts<WebState> for Lead {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &WebState,
    ) -> Result<Self, Response> {
        let session = session_cookie(&parts.headers).ok_or_else(not_allowed)?;
        match SignIn::new(&state.ctx).signed_in(&session).await {
            Ok(Some(signed_in)) => Ok(Self { signed_in, session }),
            Ok(None) => Err(not_allowed()),
            Err(error) => Err(server_error(&error)),
        }
    }
}

/// The session secret from the request's cookies, if it has the shape ours have.
pub(super) fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn a_post_must_show_it_came_from_our_own_origin() {
        let ours = "https://console.example";
        assert!(from_our_pages(&headers(&[("origin", ours)]), ours));
        assert!(from_our_pages(
            &headers(&[("origin", "null"), ("sec-fetch-site", "same-origin")]),
            ours
        ));
        assert!(!from_our_pages(
            &headers(&[("origin", "https://evil.example")]),
            ours
        ));
        assert!(!from_our_pages(
            &headers(&[("origin", ours), ("sec-fetch-site", "cross-site")]),
            ours
        ));
        assert!(!from_our_pages(&headers(&[("origin", "null")]), ours));
        assert!(!from_our_pages(&HeaderMap::new(), ours));
    }

    #[test]
    fn only_a_well_formed_session_cookie_is_read() {
        let good = "a".repeat(64);
        let mut map = HeaderMap::new();
        map.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {COOKIE}={good}")).unwrap(),
        );
        assert_eq!(session_cookie(&map), Some(good));
        let forged = headers(&[("cookie", "fb_console=../../etc")]);
        assert_eq!(session_cookie(&forged), None);
    }
}
