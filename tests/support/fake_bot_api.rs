//! A fake Telegram Bot API server on 127.0.0.1:0: real getUpdates offset and long-poll semantics,
//! the send/edit/answer methods the bot uses, a record of every call, and failures on demand.
//! A webhook can be set (setWebhook), read (getWebhookInfo) and removed (deleteWebhook); while
//! one is set getUpdates is refused with 409, as by Telegram, and a test takes the queued
//! updates (`take_updates`) to post them to the bot itself.
//! Texts in HTML parse mode are read as Telegram reads them (`telegram_html`): bad HTML is refused.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

// Beside this file, for the load benchmark that includes this file on its own.
#[path = "telegram_html.rs"]
pub mod telegram_html;

pub const BOT_ID: i64 = 777_000;
pub const BOT_USERNAME: &str = "FellowshipTestBot";

/// A way the next call of a method can fail.
#[derive(Debug, Clone, Copy)]
pub enum Failure {
    /// 429 with `retry_after` seconds.
    RetryAfter(u32),
    /// 403 "bot was blocked by the user".
    Blocked,
    /// 500 Internal Server Error.
    ServerError,
    /// Hold the request this long, then answer normally (a slow Bot API).
    Slow(Duration),
    /// 400 with this description (a request Telegram refuses, such as a pin without the right).
    BadRequest(&'static str),
    /// 400: the group became a supergroup with this id.
    Migrated(i64),
    /// 502 Bad Gateway, as Telegram's front end answers when its servers are down.
    BadGateway,
    /// Telegram acts on the request at once (the message is delivered) but its answer comes
    /// only after this long: a slow API, or a hang after delivery when longer than the bot's
    /// timeout.
    AnswersLate(Duration),
    /// Telegram acts on the request (the message is delivered) but the answer is not JSON.
    Malformed,
}

/// Sending limits to enforce, read as strictly as Telegram may apply them: at most
/// `overall_per_second` in any sliding second, `chat_per_second` per private chat in any sliding
/// second and `group_per_minute` per group in any sliding minute, with no burst allowance.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub overall_per_second: usize,
    pub chat_per_second: usize,
    pub group_per_minute: usize,
}

impl Default for Limits {
    /// Telegram's: 30 a second overall, one a second per private chat, 20 a minute per group.
    fn default() -> Self {
        Self {
            overall_per_second: 30,
            chat_per_second: 1,
            group_per_minute: 20,
        }
    }
}

/// One recorded call.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
    /// Whether the call was answered with success.
    pub ok: bool,
    /// When the fake acted on it.
    pub at: std::time::Instant,
}

/// The webhook set with setWebhook, as a test reads it.
#[derive(Debug, Clone, Default)]
pub struct WebhookSet {
    pub url: String,
    pub secret_token: Option<String>,
    /// The update kinds asked for, as Telegram names them.
    pub allowed_updates: Vec<String>,
    pub max_connections: Option<i64>,
    pub drop_pending_updates: Option<bool>,
}

/// A message the bot sent, as a test reads it.
#[derive(Debug, Clone)]
pub struct Sent {
    pub chat_id: i64,
    pub text: String,
    pub message_id: i64,
    pub thread_id: Option<i64>,
    /// Button rows as (label, callback data or url).
    pub buttons: Vec<Vec<(String, String)>>,
}

#[derive(Default)]
struct ApiState {
    /// Updates not yet confirmed by an offset.
    pending: VecDeque<Value>,
    /// Every update ever queued, for redelivery after a simulated crash.
    history: Vec<Value>,
    next_update_id: i64,
    next_message_id: i64,
    calls: Vec<Call>,
    /// Calls received but not yet answered.
    in_flight: usize,
    /// Files users sent, by file id, for getFile and downloads.
    files: HashMap<String, Vec<u8>>,
    /// Telegram's sending limits, when a test asks for them to be enforced.
    limits: Option<Limits>,
    /// When messages were sent: overall (the last second) and per chat (the last second for a
    /// private chat, the last minute for a group), for the limits.
    sent_at: VecDeque<std::time::Instant>,
    sent_at_by_chat: HashMap<i64, VecDeque<std::time::Instant>>,
    /// How many sends were refused for going over the limits.
    pub limit_refusals: usize,
    /// Why each was refused, for a test to say.
    refusal_log: Vec<String>,
    /// How many getUpdates calls arrived.
    polls: usize,
    /// Failures to inject, by method and optionally by chat.
    failures: HashMap<(String, Option<i64>), VecDeque<Failure>>,
    /// Users whose privacy settings forbid links to their account (`tg://user?id=`).
    links_forbidden: std::collections::HashSet<i64>,
    /// The webhook, while one is set.
    webhook: Option<WebhookSet>,
    /// `drop_pending_updates` as the last deleteWebhook gave it.
    pub last_delete_dropped: Option<bool>,
}

#[derive(Clone)]
struct Shared {
    state: Arc<Mutex<ApiState>>,
    changed: Arc<Notify>,
}

/// A running fake Bot API server.
#[derive(Clone)]
pub struct FakeBotApi {
    pub url: String,
    shared: Shared,
}

impl FakeBotApi {
    pub async fn start() -> Self {
        let shared = Shared {
            state: Arc::new(Mutex::new(ApiState {
                next_update_id: 1,
                next_message_id: 1000,
                ..Default::default()
            })),
            changed: Arc::new(Notify::new()),
        };
        let app = Router::new()
            .route("/file/{*path}", axum::routing::get(download))
            .route("/{*path}", post(handle))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake Bot API");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { url, shared }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, ApiState> {
        self.shared.state.lock().unwrap()
    }

    fn queue(&self, make: impl FnOnce(i64, i64) -> Value) -> i64 {
        let id = {
            let mut state = self.state();
            let id = state.next_update_id;
            state.next_update_id += 1;
            state.next_message_id += 1;
            let update = make(id, state.next_message_id);
            state.pending.push_back(update.clone());
            state.history.push(update);
            id
        };
        self.shared.changed.notify_waiters();
        id
    }

    /// A user writes in a chat; returns the update id.
    pub fn user_writes(&self, chat: &TestChat, user: &TestUser, text: &str) -> i64 {
        self.queue(|id, message_id| json!({"update_id": id, "message": text_message(message_id, chat, user, text, None)}))
    }

    /// A user writes a message the Telegram library cannot read (its date is not a number, as if
    /// the Bot API had changed); returns the update id.
    pub fn user_writes_unreadable(&self, chat: &TestChat, user: &TestUser, text: &str) -> i64 {
        self.queue(|id, message_id| {
            let mut message = text_message(message_id, chat, user, text, None);
            message["date"] = json!("yesterday");
            json!({"update_id": id, "message": message})
        })
    }

    /// A user writes in a forum topic of a group.
    pub fn user_writes_in_topic(
        &self,
        chat: &TestChat,
        topic: i64,
        user: &TestUser,
        text: &str,
    ) -> i64 {
        self.queue(|id, message_id| {
            let mut message = text_message(message_id, chat, user, text, None);
            message["message_thread_id"] = json!(topic);
            message["is_topic_message"] = json!(true);
            message["chat"]["is_forum"] = json!(true);
            json!({"update_id": id, "message": message})
        })
    }

    /// A user replies to one of the bot's messages.
    pub fn user_replies_to_bot(&self, chat: &TestChat, user: &TestUser, text: &str) -> i64 {
        let replied = json!({"message_id": 1, "date": now(), "chat": chat.json(), "from": bot_user(), "text": "earlier"});
        self.queue(|id, message_id| json!({"update_id": id, "message": text_message(message_id, chat, user, text, Some(replied))}))
    }

    /// A user replies to an earlier message (`replied`, by its id in that chat).
    pub fn user_replies_to(
        &self,
        chat: &TestChat,
        user: &TestUser,
        replied: i64,
        text: &str,
    ) -> i64 {
        let replied = json!({"message_id": replied, "date": now(), "chat": chat.json(), "from": user.json(), "text": "earlier"});
        self.queue(|id, message_id| json!({"update_id": id, "message": text_message(message_id, chat, user, text, Some(replied))}))
    }

    /// A user sends a photo with a caption.
    pub fn user_sends_photo(&self, chat: &TestChat, user: &TestUser, caption: &str) -> i64 {
        self.queue(|id, message_id| {
            json!({"update_id": id, "message": {"message_id": message_id, "date": now(), "chat": chat.json(), "from": user.json(),
                "caption": caption,
                "photo": [{"file_id": "p1", "file_unique_id": "up1", "width": 640, "height": 480}]}})
        })
    }

    /// The id the next message (a user's or the bot's) will get.
    pub fn next_message_id(&self) -> i64 {
        self.state().next_message_id + 1
    }

    /// People join a group (the service message Telegram sends).
    pub fn members_join(&self, chat: &TestChat, users: &[&TestUser]) -> i64 {
        let members: Vec<Value> = users.iter().map(|u| u.json()).collect();
        let by = users[0].json();
        self.queue(|id, message_id| {
            json!({"update_id": id, "message": {"message_id": message_id, "date": now(), "chat": chat.json(),
                "from": by, "new_chat_members": members}})
        })
    }

    /// The group becomes a supergroup with id `to`.
    pub fn group_migrates(&self, chat: &TestChat, by: &TestUser, to: i64) -> i64 {
        self.queue(|id, message_id| {
            json!({"update_id": id, "message": {"message_id": message_id, "date": now(),
                "chat": {"id": chat.id, "type": "group", "title": chat.title}, "from": by.json(), "migrate_to_chat_id": to}})
        })
    }

    /// A user sends a file (a document) in a chat.
    pub fn user_sends_file(
        &self,
        chat: &TestChat,
        user: &TestUser,
        name: &str,
        content: &[u8],
    ) -> i64 {
        let file_id = format!("file{}", self.state().files.len() + 1);
        self.state().files.insert(file_id.clone(), content.to_vec());
        let size = content.len();
        self.queue(|id, message_id| {
            json!({"update_id": id, "message": {"message_id": message_id, "date": now(), "chat": chat.json(), "from": user.json(),
                "document": {"file_id": file_id, "file_unique_id": format!("u{file_id}"), "file_name": name, "file_size": size}}})
        })
    }

    /// A user sends a sticker (a message without text).
    pub fn user_sends_sticker(&self, chat: &TestChat, user: &TestUser) -> i64 {
        self.queue(|id, message_id| {
            json!({"update_id": id, "message": {"message_id": message_id, "date": now(), "chat": chat.json(), "from": user.json(),
                "sticker": {"file_id": "s1", "file_unique_id": "u1", "type": "regular", "width": 512, "height": 512,
                            "is_animated": false, "is_video": false}}})
        })
    }

    /// A user presses a button under one of the bot's messages.
    pub fn user_presses(
        &self,
        chat: &TestChat,
        user: &TestUser,
        message_id: i64,
        data: &str,
    ) -> i64 {
        self.queue(|id, _| {
            json!({"update_id": id, "callback_query": {"id": format!("cq{id}"), "from": user.json(), "chat_instance": "ci",
                "data": data,
                "message": {"message_id": message_id, "date": now(), "chat": chat.json(), "from": bot_user(), "text": "menu"}}})
        })
    }

    /// The bot's status in a chat changes (blocked, kicked, added).
    pub fn bot_status_changes(&self, chat: &TestChat, by: &TestUser, status: &str) -> i64 {
        self.queue(|id, _| {
            json!({"update_id": id, "my_chat_member": {"chat": chat.json(), "from": by.json(), "date": now(),
                "old_chat_member": {"user": bot_user(), "status": "member"},
                "new_chat_member": if status == "kicked" {
                    json!({"user": bot_user(), "status": "kicked", "until_date": 0})
                } else {
                    json!({"user": bot_user(), "status": status})
                }}})
        })
    }

    /// As after a crash before the offset was confirmed: every update with id >= `from` is pending again.
    pub fn redeliver_from(&self, from: i64) {
        let mut state = self.state();
        let again: Vec<Value> = state
            .history
            .iter()
            .filter(|u| u["update_id"].as_i64() >= Some(from))
            .cloned()
            .collect();
        state.pending = again.into();
    }

    /// Takes the updates Telegram would deliver (all pending ones, oldest first), as JSON to
    /// post to a webhook: they are no longer pending.
    pub fn take_updates(&self) -> Vec<Value> {
        self.state().pending.drain(..).collect()
    }

    /// A webhook is set, as if by setWebhook from another deployment.
    pub fn set_webhook(&self, url: &str, secret_token: &str) {
        self.state().webhook = Some(WebhookSet {
            url: url.to_owned(),
            secret_token: Some(secret_token.to_owned()),
            ..WebhookSet::default()
        });
    }

    /// The webhook, while one is set.
    pub fn webhook(&self) -> Option<WebhookSet> {
        self.state().webhook.clone()
    }

    /// `drop_pending_updates` as the last deleteWebhook gave it (None: not given, or no call).
    pub fn last_delete_dropped(&self) -> Option<bool> {
        self.state().last_delete_dropped
    }

    /// The next `times` calls of `method` fail this way.
    pub fn fail_next(&self, method: &str, times: usize, failure: Failure) {
        let mut state = self.state();
        let queue = state
            .failures
            .entry((method.to_lowercase(), None))
            .or_default();
        queue.extend(std::iter::repeat_n(failure, times));
    }

    /// The next `times` calls of `method` for `chat_id` fail this way.
    pub fn fail_next_in(&self, chat_id: i64, method: &str, times: usize, failure: Failure) {
        let mut state = self.state();
        let queue = state
            .failures
            .entry((method.to_lowercase(), Some(chat_id)))
            .or_default();
        queue.extend(std::iter::repeat_n(failure, times));
    }

    /// Forgets every failure still queued: the API works again.
    pub fn clear_failures(&self) {
        self.state().failures.clear();
    }

    /// This user's privacy settings forbid links to their account: as Telegram, a message
    /// with a `tg://user?id=` button to them is refused whole.
    pub fn forbid_links_to(&self, user_id: i64) {
        self.state().links_forbidden.insert(user_id);
    }

    /// From now on, sends over these limits get a 429, as from Telegram.
    pub fn enforce_limits(&self, limits: Limits) {
        self.state().limits = Some(limits);
    }

    /// Waits until a slowed call is being held (received, not yet answered).
    pub async fn wait_for_a_call_in_flight(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let notified = self.shared.changed.notified();
            if self.state().in_flight > 0 {
                return;
            }
            assert!(
                tokio::time::timeout_at(deadline, notified).await.is_ok(),
                "no call arrived"
            );
        }
    }

    /// How many sends were refused for going over the limits.
    pub fn limit_refusals(&self) -> usize {
        self.state().limit_refusals
    }

    /// Each refusal: which limit, the chat, and how far the window's oldest send was.
    pub fn limit_refusal_log(&self) -> Vec<String> {
        self.state().refusal_log.clone()
    }

    /// How many getUpdates calls have arrived.
    pub fn polls(&self) -> usize {
        self.state().polls
    }

    /// How many calls of `method` succeeded so far (without copying them).
    pub fn successes(&self, method: &str) -> usize {
        self.state()
            .calls
            .iter()
            .filter(|c| c.ok && c.method.eq_ignore_ascii_case(method))
            .count()
    }

    /// Every call of `method` so far.
    pub fn calls(&self, method: &str) -> Vec<Call> {
        self.state()
            .calls
            .iter()
            .filter(|c| c.method.eq_ignore_ascii_case(method))
            .cloned()
            .collect()
    }

    /// Updates Telegram would still deliver (not confirmed by an offset).
    pub fn unconfirmed_updates(&self) -> usize {
        self.state().pending.len()
    }

    /// Messages the bot sent successfully, oldest first.
    pub fn sent(&self) -> Vec<Sent> {
        self.calls("sendMessage")
            .into_iter()
            .filter(|c| c.ok)
            .map(|c| sent_from(&c.body))
            .collect()
    }

    /// Waits until `predicate` holds on the calls so far (at most `limit`), and returns whether it did.
    pub async fn wait_until(&self, limit: Duration, predicate: impl Fn(&[Call]) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let notified = self.shared.changed.notified();
            if predicate(&self.state().calls) {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return predicate(&self.state().calls);
            }
        }
    }

    /// Waits for at least `count` successful sendMessage calls and returns them all.
    pub async fn wait_for_sent(&self, count: usize) -> Vec<Sent> {
        let arrived = self
            .wait_until(Duration::from_secs(20), |calls| {
                calls
                    .iter()
                    .filter(|c| c.ok && c.method.eq_ignore_ascii_case("sendMessage"))
                    .count()
                    >= count
            })
            .await;
        let sent = self.sent();
        let refused: Vec<Value> = self
            .calls("sendMessage")
            .into_iter()
            .filter(|c| !c.ok)
            .map(|c| c.body)
            .collect();
        assert!(
            arrived,
            "expected {count} messages, the bot sent {}: {:#?}\nrefused: {refused:#?}",
            sent.len(),
            sent
        );
        sent
    }

    /// Waits for at least `count` successful calls of `method`.
    pub async fn wait_for_calls(&self, method: &str, count: usize) -> Vec<Call> {
        let arrived = self
            .wait_until(Duration::from_secs(20), |calls| {
                calls
                    .iter()
                    .filter(|c| c.ok && c.method.eq_ignore_ascii_case(method))
                    .count()
                    >= count
            })
            .await;
        let calls = self.calls(method);
        assert!(
            arrived,
            "expected {count} successful {method} calls, got {calls:#?}"
        );
        calls
    }

    /// Waits until every queued update has been confirmed, then a moment for their replies.
    pub async fn wait_until_all_confirmed(&self) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while self.unconfirmed_updates() > 0 {
            assert!(
                tokio::time::Instant::now() < deadline,
                "updates were never confirmed"
            );
            let notified = self.shared.changed.notified();
            let _ = tokio::time::timeout(Duration::from_millis(200), notified).await;
        }
    }
}

fn sent_from(body: &Value) -> Sent {
    let buttons = body["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    row.as_array()
                        .into_iter()
                        .flatten()
                        .map(|b| {
                            let target = b["callback_data"]
                                .as_str()
                                .or(b["url"].as_str())
                                .or(b["login_url"]["url"].as_str())
                                .unwrap_or_default();
                            (
                                b["text"].as_str().unwrap_or_default().to_owned(),
                                target.to_owned(),
                            )
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    Sent {
        chat_id: body["chat_id"].as_i64().unwrap_or_default(),
        text: body["text"].as_str().unwrap_or_default().to_owned(),
        message_id: body["_message_id"].as_i64().unwrap_or_default(),
        thread_id: body["message_thread_id"].as_i64(),
        buttons,
    }
}

async fn handle(State(shared): State<Shared>, Path(path): Path<String>, body: Bytes) -> Response {
    let Some((_, method)) = path
        .strip_prefix("bot")
        .and_then(|rest| rest.split_once('/'))
    else {
        return (StatusCode::NOT_FOUND, "not a Bot API path").into_response();
    };
    let method = method.to_lowercase();
    // Files come as multipart forms: keep those as text so tests can look inside.
    let mut body: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&body).into_owned()));
    if method == "getupdates" {
        if shared.state.lock().unwrap().webhook.is_some() {
            shared.state.lock().unwrap().polls += 1;
            return (
                StatusCode::CONFLICT,
                axum::Json(json!({"ok": false, "error_code": 409,
                    "description": "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})),
            )
                .into_response();
        }
        return get_updates(&shared, &body).await;
    }
    let chat = body["chat_id"].as_i64();
    let counted = matches!(method.as_str(), "sendmessage" | "copymessage");
    if counted && over_the_limits(&shared, chat.unwrap_or(0)) {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            axum::Json(json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 1",
                              "parameters": {"retry_after": 1}})),
        )
            .into_response();
    }
    if let Some(refusal) = refused_text(&method, &body) {
        shared.state.lock().unwrap().calls.push(Call {
            method,
            body,
            ok: false,
            at: std::time::Instant::now(),
        });
        shared.changed.notify_waiters();
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"ok": false, "error_code": 400, "description": format!("Bad Request: {refusal}")})),
        )
            .into_response();
    }
    let failure = {
        let mut state = shared.state.lock().unwrap();
        let button_refused = button_problem(&body, &state.links_forbidden);
        let for_chat = state
            .failures
            .get_mut(&(method.clone(), chat))
            .and_then(VecDeque::pop_front);
        button_refused
            .map(Failure::BadRequest)
            .or(for_chat)
            .or_else(|| {
                state
                    .failures
                    .get_mut(&(method.clone(), None))
                    .and_then(VecDeque::pop_front)
            })
    };
    if let Some(Failure::Slow(delay)) = failure {
        shared.state.lock().unwrap().in_flight += 1;
        shared.changed.notify_waiters();
        tokio::time::sleep(delay).await;
        shared.state.lock().unwrap().in_flight -= 1;
    }
    let (status, answer) = match failure {
        Some(Failure::RetryAfter(seconds)) => (
            StatusCode::TOO_MANY_REQUESTS,
            json!({"ok": false, "error_code": 429, "description": format!("Too Many Requests: retry after {seconds}"),
                   "parameters": {"retry_after": seconds}}),
        ),
        Some(Failure::Blocked) => (
            StatusCode::FORBIDDEN,
            json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}),
        ),
        Some(Failure::BadRequest(description)) => (
            StatusCode::BAD_REQUEST,
            json!({"ok": false, "error_code": 400, "description": format!("Bad Request: {description}")}),
        ),
        Some(Failure::Migrated(to)) => (
            StatusCode::BAD_REQUEST,
            json!({"ok": false, "error_code": 400, "description": "Bad Request: group chat was upgraded to a supergroup chat",
                   "parameters": {"migrate_to_chat_id": to}}),
        ),
        Some(Failure::ServerError) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"ok": false, "error_code": 500, "description": "Internal Server Error"}),
        ),
        Some(Failure::BadGateway) => (
            StatusCode::BAD_GATEWAY,
            json!({"ok": false, "error_code": 502, "description": "Bad Gateway"}),
        ),
        Some(Failure::Slow(_) | Failure::AnswersLate(_) | Failure::Malformed) | None => {
            let mut state = shared.state.lock().unwrap();
            state.next_message_id += 1;
            let message_id = state.next_message_id;
            let result = webhook_call(&mut state, &method, &body)
                .or_else(|| result_for(&method, &body, message_id));
            match result {
                Some(result) => {
                    if let Value::Object(map) = &mut body {
                        map.insert("_message_id".into(), json!(message_id));
                    }
                    (StatusCode::OK, json!({"ok": true, "result": result}))
                }
                None => (
                    StatusCode::NOT_FOUND,
                    json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"}),
                ),
            }
        }
    };
    // Recorded when Telegram acts, which is before it answers.
    shared.state.lock().unwrap().calls.push(Call {
        method,
        body,
        ok: status == StatusCode::OK,
        at: std::time::Instant::now(),
    });
    shared.changed.notify_waiters();
    match failure {
        Some(Failure::AnswersLate(delay)) => {
            shared.state.lock().unwrap().in_flight += 1;
            shared.changed.notify_waiters();
            tokio::time::sleep(delay).await;
            shared.state.lock().unwrap().in_flight -= 1;
        }
        Some(Failure::Malformed) => {
            return (StatusCode::OK, "{\"ok\":true,\"result\":{\"message_id\":").into_response();
        }
        _ => {}
    }
    (status, axum::Json(answer)).into_response()
}

/// Why Telegram would refuse the buttons of this message: a URL it does not open, or a link to
/// a user whose privacy forbids it.
fn button_problem(
    body: &Value,
    links_forbidden: &std::collections::HashSet<i64>,
) -> Option<&'static str> {
    let rows = body["reply_markup"]["inline_keyboard"].as_array()?;
    let urls = rows
        .iter()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|b| b["url"].as_str());
    for url in urls {
        if let Some(user) = url.strip_prefix("tg://user?id=") {
            if user
                .parse::<i64>()
                .is_ok_and(|id| links_forbidden.contains(&id))
            {
                return Some("BUTTON_USER_PRIVACY_RESTRICTED");
            }
        } else if !(url.starts_with("https://")
            || url.starts_with("http://")
            || url.starts_with("tg://"))
        {
            return Some("inline keyboard button URL is invalid");
        }
    }
    let mut logins = rows
        .iter()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(|b| b["login_url"]["url"].as_str());
    // A login button opens only https addresses (on the bot's domain, which this fake takes).
    if logins.any(|url| !url.starts_with("https://")) {
        return Some("BUTTON_URL_INVALID");
    }
    None
}

/// Why Telegram would refuse a text sent in HTML parse mode, if it would: a tag it does not
/// know (a raw `<number>`), tags left open or crossed, an empty or too long text.
fn refused_text(method: &str, body: &Value) -> Option<String> {
    let texts = matches!(method, "sendmessage" | "editmessagetext");
    if !texts || body["parse_mode"].as_str() != Some("HTML") {
        return None;
    }
    telegram_html::parse(body["text"].as_str().unwrap_or_default()).err()
}

/// Counts a send against the limits; true (and counted as a refusal) if it goes over them.
/// Every window is sliding and strict: the send that would make one too many is refused.
fn over_the_limits(shared: &Shared, chat: i64) -> bool {
    let mut state = shared.state.lock().unwrap();
    let Some(limits) = state.limits else {
        return false;
    };
    let now = std::time::Instant::now();
    let forget_older_than = |window: Duration, times: &mut VecDeque<std::time::Instant>| {
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            times.pop_front();
        }
    };
    forget_older_than(Duration::from_secs(1), &mut state.sent_at);
    let overall = state.sent_at.len();
    let (window, allowed) = if chat < 0 {
        (Duration::from_secs(60), limits.group_per_minute)
    } else {
        (Duration::from_secs(1), limits.chat_per_second)
    };
    let by_chat = state.sent_at_by_chat.entry(chat).or_default();
    forget_older_than(window, by_chat);
    let over = overall >= limits.overall_per_second.max(1) || by_chat.len() >= allowed.max(1);
    if over {
        let which = if overall >= limits.overall_per_second.max(1) {
            let oldest = state.sent_at.front().map(|t| now.duration_since(*t));
            format!("overall: {overall} in the last second, the oldest {oldest:?} ago")
        } else {
            let last = state.sent_at_by_chat[&chat]
                .back()
                .map(|t| now.duration_since(*t));
            format!("chat {chat}: its last {last:?} ago")
        };
        let at = chrono::Utc::now().format("%H:%M:%S%.3f");
        state.refusal_log.push(format!("{at} {which}"));
        state.limit_refusals += 1;
        return true;
    }
    by_chat.push_back(now);
    state.sent_at.push_back(now);
    false
}

/// Serves a file's bytes at /file/bot<token>/documents/<file id>.
async fn download(State(shared): State<Shared>, Path(path): Path<String>) -> Response {
    let file_id = path.rsplit('/').next().unwrap_or_default();
    match shared.state.lock().unwrap().files.get(file_id) {
        Some(bytes) => (StatusCode::OK, bytes.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}

async fn get_updates(shared: &Shared, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let limit = body["limit"].as_u64().unwrap_or(100).clamp(1, 100) as usize;
    // As Telegram: updates of kinds the bot did not ask for are not delivered (an empty list
    // asks for the default kinds, which leave out chat_member and a few others).
    let allowed: Vec<String> = body["allowed_updates"]
        .as_array()
        .map(|kinds| {
            kinds
                .iter()
                .filter_map(|k| k.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    shared.state.lock().unwrap().polls += 1;
    let timeout = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0));
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let notified = shared.changed.notified();
        let ready: Vec<Value> = {
            let mut state = shared.state.lock().unwrap();
            // An offset confirms every update before it: they are never sent again.
            state
                .pending
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            state
                .pending
                .iter()
                .filter(|u| allowed.is_empty() || allowed.iter().any(|kind| u.get(kind).is_some()))
                .take(limit)
                .cloned()
                .collect()
        };
        if !ready.is_empty() || tokio::time::timeout_at(deadline, notified).await.is_err() {
            shared.changed.notify_waiters();
            return axum::Json(json!({"ok": true, "result": ready})).into_response();
        }
    }
}

/// setWebhook, deleteWebhook and getWebhookInfo, which change or read the webhook.
fn webhook_call(state: &mut ApiState, method: &str, body: &Value) -> Option<Value> {
    match method {
        "setwebhook" => {
            let url = form_field(body, "url").unwrap_or_default();
            state.webhook = (!url.is_empty()).then(|| WebhookSet {
                url,
                secret_token: form_field(body, "secret_token"),
                allowed_updates: form_field(body, "allowed_updates")
                    .and_then(|kinds| serde_json::from_str(&kinds).ok())
                    .unwrap_or_default(),
                max_connections: form_field(body, "max_connections").and_then(|n| n.parse().ok()),
                drop_pending_updates: form_field(body, "drop_pending_updates")
                    .and_then(|b| b.parse().ok()),
            });
            Some(json!(true))
        }
        "deletewebhook" => {
            state.webhook = None;
            state.last_delete_dropped =
                form_field(body, "drop_pending_updates").and_then(|b| b.parse().ok());
            if state.last_delete_dropped == Some(true) {
                state.pending.clear();
            }
            Some(json!(true))
        }
        "getwebhookinfo" => {
            let mut info = json!({"url": "", "has_custom_certificate": false,
                                  "pending_update_count": state.pending.len()});
            if let Some(webhook) = &state.webhook {
                info["url"] = json!(webhook.url);
                info["max_connections"] = json!(webhook.max_connections.unwrap_or(40));
                if !webhook.allowed_updates.is_empty() {
                    info["allowed_updates"] = json!(webhook.allowed_updates);
                }
            }
            Some(info)
        }
        _ => None,
    }
}

/// A request's field, from a JSON body or from a multipart form (kept as its text).
fn form_field(body: &Value, name: &str) -> Option<String> {
    match body {
        Value::Object(map) => map.get(name).map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }),
        Value::String(form) => {
            let after = form.split_once(&format!("name=\"{name}\""))?.1;
            let value = after.split_once("\r\n\r\n")?.1;
            let end = value.find("\r\n--").unwrap_or(value.len());
            Some(value[..end].to_owned())
        }
        _ => None,
    }
}

fn result_for(method: &str, body: &Value, message_id: i64) -> Option<Value> {
    let chat = || {
        let id = body["chat_id"].as_i64().unwrap_or(0);
        if id > 0 {
            json!({"id": id, "type": "private", "first_name": "Fellow"})
        } else {
            json!({"id": id, "type": "supergroup", "title": "Group"})
        }
    };
    let message = || {
        json!({"message_id": message_id, "date": now(), "chat": chat(), "from": bot_user(),
                            "text": body["text"].as_str().unwrap_or("")})
    };
    Some(match method {
        "getfile" => {
            let id = body["file_id"].as_str().unwrap_or_default();
            json!({"file_id": id, "file_unique_id": format!("u{id}"), "file_size": 10, "file_path": format!("documents/{id}")})
        }
        "getme" => {
            json!({"id": BOT_ID, "is_bot": true, "first_name": "Fellowship", "username": BOT_USERNAME,
                          "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
                          "can_connect_to_business": false, "has_main_web_app": false})
        }
        "setmycommands" | "answercallbackquery" | "deletemessage" | "pinchatmessage" => json!(true),
        "copymessage" => json!({"message_id": message_id}),
        "sendmessage"
        | "editmessagetext"
        | "editmessagereplymarkup"
        | "senddocument"
        | "sendphoto" => {
            if method.starts_with("edit") {
                let mut edited = message();
                edited["message_id"] = body["message_id"].clone();
                edited
            } else {
                message()
            }
        }
        _ => return None,
    })
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": "Fellowship", "username": BOT_USERNAME})
}

fn text_message(
    message_id: i64,
    chat: &TestChat,
    user: &TestUser,
    text: &str,
    reply_to: Option<Value>,
) -> Value {
    let mut message = json!({"message_id": message_id, "date": now(), "chat": chat.json(), "from": user.json(), "text": text});
    if text.starts_with('/') {
        let length = text
            .split_whitespace()
            .next()
            .map_or(0, |c| c.encode_utf16().count());
        message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": length}]);
    }
    if let Some(replied) = reply_to {
        message["reply_to_message"] = replied;
    }
    message
}

/// A Telegram user in a test.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
}

impl TestUser {
    pub fn new(id: i64, first_name: &str) -> Self {
        Self {
            id,
            first_name: first_name.to_owned(),
            username: None,
        }
    }

    pub fn with_username(mut self, username: &str) -> Self {
        self.username = Some(username.to_owned());
        self
    }

    fn json(&self) -> Value {
        let mut user = json!({"id": self.id, "is_bot": false, "first_name": self.first_name, "language_code": "en"});
        if let Some(username) = &self.username {
            user["username"] = json!(username);
        }
        user
    }

    /// This user's private chat with the bot.
    pub fn private_chat(&self) -> TestChat {
        TestChat {
            id: self.id,
            title: None,
        }
    }
}

/// A chat in a test: private (positive id) or a supergroup (negative id).
#[derive(Debug, Clone)]
pub struct TestChat {
    pub id: i64,
    pub title: Option<String>,
}

impl TestChat {
    pub fn group(id: i64, title: &str) -> Self {
        assert!(id < 0, "group ids are negative");
        Self {
            id,
            title: Some(title.to_owned()),
        }
    }

    fn json(&self) -> Value {
        match &self.title {
            None => json!({"id": self.id, "type": "private", "first_name": "Fellow"}),
            Some(title) => json!({"id": self.id, "type": "supergroup", "title": title}),
        }
    }
}
