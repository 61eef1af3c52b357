//! The web console's harness: the real console over HTTP on port 0, on a fresh SQLite database,
//! a copy of the shipped content (so edits stay in the test), a fake clock, and a small client
//! that keeps to what a browser sends (our origin on forms, the session cookie).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use fellowship_bot::app::build_assistant;
use fellowship_bot::assistant::Assistant;
use fellowship_bot::chat::{Outbox, Reply, SendOutcome};
use fellowship_bot::clock::FakeClock;
use fellowship_bot::config::Settings;
use fellowship_bot::signin::SignIn;
use fellowship_bot::web::{WebState, bind, serve};
use reqwest::StatusCode;
use tokio_util::sync::CancellationToken;

use super::{BOT_USERNAME, TestDb, test_settings};

/// Copies the shipped content into `to`, so a test may change it.
pub fn copy_content(to: &Path) {
    copy_folder(&super::content_dir(), to);
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a content folder");
    for entry in std::fs::read_dir(from).expect("the shipped content") {
        let path = entry.expect("an entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("a copied file");
        }
    }
}

/// An answer as a test reads it.
pub struct Page {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// The hidden form token the page's forms carry.
    pub fn form_token(&self) -> String {
        let marker = "name=\"form_token\" value=\"";
        let at = self.body.find(marker).expect("a form token on the page") + marker.len();
        self.body[at..at + 64].to_owned()
    }
}

pub struct TestConsole {
    pub base: String,
    pub assistant: Assistant,
    pub clock: FakeClock,
    pub content: PathBuf,
    client: reqwest::Client,
    stop: CancellationToken,
    _db: TestDb,
    _content_dir: tempfile::TempDir,
}

impl TestConsole {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// A console whose settings `configure` changes first (the address it listens on is set).
    pub async fn start_with(configure: impl FnOnce(&mut Settings)) -> Self {
        let db = TestDb::sqlite();
        let content_dir = tempfile::tempdir().expect("a content folder");
        copy_content(content_dir.path());
        let listener = bind("127.0.0.1:0".parse().expect("an address"))
            .await
            .expect("a free port");
        let addr = listener.local_addr().expect("its address");
        let mut settings: Settings = test_settings(&db.url);
        settings.content_dir = content_dir.path().to_path_buf();
        settings.web_addr = Some(addr);
        configure(&mut settings);
        let link_base = settings.web_link_base().expect("the console is on");
        // The test reaches the console where it listens, whatever address its links use.
        let base = format!("http://{addr}");
        let clock = FakeClock::at(Utc::now());
        let assistant = build_assistant(Arc::new(settings), Arc::new(clock.clone()), BOT_USERNAME)
            .await
            .expect("the core starts");
        let stop = CancellationToken::new();
        let state = WebState::new(assistant.context().clone(), &link_base);
        tokio::spawn(serve(listener, state, stop.clone()));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client");
        Self {
            content: content_dir.path().join("articles"),
            base,
            assistant,
            clock,
            client,
            stop,
            _db: db,
            _content_dir: content_dir,
        }
    }

    pub fn store(&self) -> fellowship_bot::store::Store {
        self.assistant.store().clone()
    }

    /// A fresh sign-in link's token for `user_id`, as /web would give.
    pub async fn link_for(&self, user_id: i64) -> String {
        SignIn::new(self.assistant.context())
            .issue_link(user_id)
            .await
            .expect("a link")
            .expose()
            .to_owned()
    }

    /// Opens a link and presses "Sign in": the session cookie, if it was let in.
    pub async fn use_link(&self, token: &str) -> (Page, Option<String>) {
        let page = self.post(&format!("/login/{token}"), None, &[]).await;
        let cookie = page
            .headers
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .filter(|pair| pair.len() > "fb_console=".len())
            .map(str::to_owned);
        (page, cookie)
    }

    /// Signs `user_id` in through a fresh link; panics if they are not let in.
    pub async fn sign_in(&self, user_id: i64) -> String {
        let token = self.link_for(user_id).await;
        let (page, cookie) = self.use_link(&token).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        cookie.expect("a session cookie")
    }

    /// Runs the job worker once at the console's clock; the messages it sent, in order.
    pub async fn run_due_jobs(&self) -> Vec<Reply> {
        let outbox = Recorder::default();
        fellowship_bot::worker::run_due_jobs(&self.assistant, &outbox)
            .await
            .expect("the job worker runs");
        outbox.sent.into_inner().expect("the log is not poisoned")
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Page {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        read(request.send().await.expect("an answer")).await
    }

    /// A form sent from the console's own pages.
    pub async fn post(&self, path: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Page {
        self.post_from(&self.base, path, cookie, form).await
    }

    /// A form sent from a page of `origin`.
    pub async fn post_from(
        &self,
        origin: &str,
        path: &str,
        cookie: Option<&str>,
        form: &[(&str, &str)],
    ) -> Page {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("origin", origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        read(request.send().await.expect("an answer")).await
    }
}

/// An outbox that delivers everything and remembers what.
#[derive(Default)]
struct Recorder {
    sent: std::sync::Mutex<Vec<Reply>>,
}

#[async_trait::async_trait]
impl Outbox for Recorder {
    async fn attempt(&self, reply: &Reply) -> SendOutcome {
        self.sent
            .lock()
            .expect("the log is not poisoned")
            .push(reply.clone());
        SendOutcome::Delivered {
            message_id: Some(1),
        }
    }
}

async fn read(response: reqwest::Response) -> Page {
    Page {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.expect("a body"),
    }
}

impl Drop for TestConsole {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}
