//! Telegram's webhook: each update is posted to the web server's `WEBHOOK_URL` path, with the
//! secret set by `webhook set` in a header. An update is stored in the inbox exactly as long
//! polling stores it before Telegram is answered 200, so an update Telegram lets go of is
//! always on disk; one it posts again is recognised by its id. Any replica may take any update:
//! the inbox worker of whichever replica claims a chat's oldest update answers it.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use sha2::{Digest, Sha256};
use tokio::sync::Notify;

use super::Channel;
use super::received::new_update;
use crate::chat::{NewUpdate, UpdateInbox};
use crate::config::Webhook;

/// The header Telegram sends the secret in.
pub const SECRET_HEADER: &str = "x-telegram-bot-api-secret-token";
/// The largest body taken: an update is a few kilobytes at most.
const BODY_LIMIT: usize = 1024 * 1024;

/// What the endpoint needs: the channel (its inbox and arrival times), the inbox worker to wake,
/// and the secret's digest.
struct Endpoint {
    channel: Arc<Channel>,
    wake: Arc<Notify>,
    secret: SecretDigest,
}

/// The route Telegram posts updates to, at the webhook's path, for the web server to serve.
/// `wake` is this process's inbox worker's.
pub fn routes(webhook: &Webhook, channel: Arc<Channel>, wake: Arc<Notify>) -> Router {
    let endpoint = Arc::new(Endpoint {
        channel,
        wake,
        secret: SecretDigest::of(webhook.secret.expose()),
    });
    Router::new()
        .route(webhook.path(), post(receive_update))
        .with_state(endpoint)
}

/// The secret as its SHA-256 digest: a header is compared digest to digest, in a time that does
/// not depend on where they differ (nor on the secret's length).
struct SecretDigest([u8; 32]);

impl SecretDigest {
    fn of(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()).into())
    }

    /// Whether `header` carries the secret.
    fn admits(&self, header: Option<&HeaderValue>) -> bool {
        let Some(given) = header else {
            return false;
        };
        let digest = Sha256::digest(given.as_bytes());
        let difference = digest
            .iter()
            .zip(self.0.iter())
            .fold(0u8, |seen, (a, b)| seen | (a ^ b));
        difference == 0
    }
}

/// The update a body holds: JSON with an `update_id`. None for anything else.
fn read_posted(body: &[u8]) -> Option<NewUpdate> {
    let raw: serde_json::Value = serde_json::from_slice(body).ok()?;
    new_update(&raw)
}

/// POST at the webhook's path. 401 without the secret (the body is not read), 413 for a body
/// over [`BODY_LIMIT`], 400 for one that is not an update, 500 if it could not be stored
/// (Telegram posts it again later), else 200 once it is in the inbox.
async fn receive_update(State(endpoint): State<Arc<Endpoint>>, request: Request) -> Response {
    if !endpoint.secret.admits(request.headers().get(SECRET_HEADER)) {
        tracing::warn!("refused a webhook request without the right secret token");
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let Ok(body) = axum::body::to_bytes(request.into_body(), BODY_LIMIT).await else {
        tracing::warn!("refused a webhook request whose body was too large or cut short");
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Some(update) = read_posted(&body) else {
        tracing::warn!("refused a webhook request that is not an update");
        return StatusCode::BAD_REQUEST.into_response();
    };
    let channel = &endpoint.channel;
    let update_id = update.update_id;
    // Noted before it is stored: the inbox worker may take it up at once.
    channel.arrivals.note([update_id], channel.assistant.now());
    let inbox = UpdateInbox::new(channel.assistant.context());
    if let Err(error) = inbox.keep(std::slice::from_ref(&update)).await {
        channel.arrivals.take(update_id);
        tracing::error!(%error, update_id, "could not store an update; Telegram will post it again");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    endpoint.wake.notify_one();
    (StatusCode::OK, axum::Json(serde_json::json!({}))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn only_the_secret_itself_is_admitted() {
        let digest = SecretDigest::of(SECRET);
        let header = |value: &str| HeaderValue::from_str(value).unwrap();
        assert!(digest.admits(Some(&header(SECRET))));
        assert!(!digest.admits(None), "no header");
        assert!(!digest.admits(Some(&header(""))), "an empty one");
        assert!(!digest.admits(Some(&header(&SECRET[..31]))), "a prefix");
        assert!(
            !digest.admits(Some(&header(&format!("{SECRET}0")))),
            "a longer one"
        );
        assert!(
            !digest.admits(Some(&header(&SECRET.to_uppercase()))),
            "case counts"
        );
    }

    #[test]
    fn a_body_is_an_update_only_as_json_with_an_id() {
        let update = br#"{"update_id": 12, "message": {"message_id": 1, "date": 0,
            "chat": {"id": 5, "type": "private", "first_name": "A"},
            "from": {"id": 5, "is_bot": false, "first_name": "A"}, "text": "hi"}}"#;
        let read = read_posted(update).unwrap();
        assert_eq!((read.update_id, read.chat_id), (12, 5));
        let unknown_kind = br#"{"update_id": 13, "poll": {"id": "p"}}"#;
        assert_eq!(
            read_posted(unknown_kind).map(|u| (u.update_id, u.chat_id)),
            Some((13, 0)),
            "a kind the bot does not read is kept (and skipped when handled)"
        );
        for body in [
            &b"not json"[..],
            b"",
            b"{}",
            b"[]",
            br#"{"update_id": "12"}"#,
            br#"{"message": {}}"#,
        ] {
            assert!(
                read_posted(body).is_none(),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
