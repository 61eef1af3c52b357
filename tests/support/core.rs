//! The core tier's harness: the real `Assistant` on a fresh SQLite database and the shipped
//! content, a fake clock the test moves, and a recording outbox in place of a channel. Time
//! passes by stepping the clock to each job's due time and running the jobs; nothing sleeps.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};
use fellowship_bot::app::build_assistant;
use fellowship_bot::assistant::Assistant;
use fellowship_bot::chat::{
    Action, ChatKind, ChatRef, Event, Inbound, Outbox, Person, Reply, SendOutcome,
};
use fellowship_bot::clock::{Clock, FakeClock};
use fellowship_bot::message::ButtonAction;
use fellowship_bot::store::Store;

use super::{BOT_USERNAME, TestChat, TestDb, TestUser, test_settings};

/// The core on a fresh database, with the clock at the current time.
pub async fn spawn_core() -> Core {
    spawn_core_at(Utc::now()).await
}

/// The core on a fresh database, with the clock at `start`.
pub async fn spawn_core_at(start: DateTime<Utc>) -> Core {
    let db = TestDb::sqlite();
    let clock = FakeClock::at(start);
    let assistant = start_assistant(&db, &clock).await;
    Core {
        assistant: Mutex::new(assistant),
        clock,
        log: Mutex::new(Log::default()),
        db,
    }
}

async fn start_assistant(db: &TestDb, clock: &FakeClock) -> Assistant {
    build_assistant(
        Arc::new(test_settings(&db.url)),
        Arc::new(clock.clone()),
        BOT_USERNAME,
    )
    .await
    .expect("the core starts")
}

/// The bot's core as a test drives it: people write and press buttons, time passes, and every
/// reply the core sends (answers and jobs alike) is recorded in order. Jobs run only when the
/// test lets time pass ([`Core::advance`]) or runs them ([`Core::run_due_jobs`]).
pub struct Core {
    /// Replaced by [`Core::restart`].
    assistant: Mutex<Assistant>,
    clock: FakeClock,
    log: Mutex<Log>,
    db: TestDb,
}

/// What the recording outbox was asked to deliver.
#[derive(Default)]
struct Log {
    delivered: Vec<Delivered>,
    /// The last message id given out (to people's messages and the bot's alike, as Telegram does).
    last_message_id: i32,
    presses: u32,
}

impl Log {
    fn next_message_id(&mut self) -> i32 {
        self.last_message_id += 1;
        self.last_message_id
    }
}

impl Core {
    /// The core as it runs now (a clone: the next restart replaces it).
    pub fn assistant(&self) -> Assistant {
        self.assistant
            .lock()
            .expect("the assistant is not poisoned")
            .clone()
    }

    /// The database the core runs on (closed by a restart: ask again after one).
    pub fn store(&self) -> Store {
        self.assistant().store().clone()
    }

    /// Where the database is, to look inside it directly.
    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    /// The clock the core reads. Moving it directly runs nothing; [`Core::advance`] runs jobs.
    pub fn clock(&self) -> &FakeClock {
        &self.clock
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn log(&self) -> MutexGuard<'_, Log> {
        self.log.lock().expect("the log is not poisoned")
    }

    /// A person writes `text` in a chat; the core's answer, as delivered.
    pub async fn user_writes(
        &self,
        chat: &TestChat,
        user: &TestUser,
        text: &str,
    ) -> Vec<Delivered> {
        let event = Event::Text {
            text: text.to_owned(),
            replying_to_bot: false,
        };
        let message_id = self.log().next_message_id();
        let inbound = Inbound {
            message_id: Some(message_id),
            ..Inbound::new(chat_ref(chat), person(user), event)
        };
        self.hear(inbound).await
    }

    /// A person presses a button with `data` under the bot's message `message_id`.
    pub async fn user_presses(
        &self,
        chat: &TestChat,
        user: &TestUser,
        message_id: i32,
        data: &str,
    ) -> Vec<Delivered> {
        let query = {
            let mut log = self.log();
            log.presses += 1;
            format!("cq{}", log.presses)
        };
        let event = Event::Button {
            query_id: query,
            message_id: Some(message_id),
            data: data.to_owned(),
        };
        self.hear(Inbound::new(chat_ref(chat), person(user), event))
            .await
    }

    /// A person sends something the bot cannot read (a sticker, a photo, a voice note).
    pub async fn user_sends_sticker(&self, chat: &TestChat, user: &TestUser) -> Vec<Delivered> {
        let message_id = self.log().next_message_id();
        let inbound = Inbound {
            message_id: Some(message_id),
            ..Inbound::new(chat_ref(chat), person(user), Event::Unsupported)
        };
        self.hear(inbound).await
    }

    async fn hear(&self, inbound: Inbound) -> Vec<Delivered> {
        let assistant = self.assistant();
        let replies = assistant.handle(inbound).await;
        let from = self.log().delivered.len();
        self.outbox(&assistant).deliver(replies).await;
        self.log().delivered[from..].to_vec()
    }

    fn outbox<'a>(&'a self, assistant: &'a Assistant) -> RecordingOutbox<'a> {
        RecordingOutbox {
            assistant,
            log: &self.log,
        }
    }

    /// One round of the job worker at the current time: every job due now, until none is left.
    /// How many jobs it took up.
    pub async fn run_due_jobs(&self) -> usize {
        let assistant = self.assistant();
        fellowship_bot::worker::run_due_jobs(&assistant, &self.outbox(&assistant))
            .await
            .expect("the job worker runs")
    }

    /// One round of the broadcast sender at the current time: every broadcast due now is sent
    /// (or finished). How many it worked on.
    pub async fn send_due_broadcasts(&self) -> usize {
        let assistant = self.assistant();
        let never = tokio_util::sync::CancellationToken::new();
        fellowship_bot::broadcast::sender::send_due_broadcasts(
            assistant.context(),
            &self.outbox(&assistant),
            &never,
        )
        .await
        .expect("the broadcast sender runs")
    }

    /// Lets `by` pass with the bot running; what the jobs and broadcasts delivered meanwhile.
    pub async fn advance(&self, by: Duration) -> Vec<Delivered> {
        self.advance_to(self.now() + by).await
    }

    /// Lets time pass until `until` with the bot running: the clock steps to each job's or
    /// broadcast's due time in turn and what is due then runs there, as the worker and the
    /// broadcast sender would. What they delivered.
    /// (While another run holds a due job, the steps stop there and the rest runs at `until`.)
    pub async fn advance_to(&self, until: DateTime<Utc>) -> Vec<Delivered> {
        let from = self.log().delivered.len();
        loop {
            self.run_due_jobs().await;
            self.send_due_broadcasts().await;
            let store = self.store();
            let job = store.next_job_due().await.expect("the next job");
            let broadcast = store
                .next_broadcast_due()
                .await
                .expect("the next broadcast");
            let next = job.into_iter().chain(broadcast).min();
            match next {
                Some(due) if due > self.now() && due <= until => self.clock.set(due),
                _ => break,
            }
        }
        if until > self.now() {
            self.clock.set(until);
            self.run_due_jobs().await;
            self.send_due_broadcasts().await;
        }
        self.log().delivered[from..].to_vec()
    }

    /// Stops the bot and starts it again on the same database and clock, as a restart would:
    /// what it knows comes back from the database only.
    pub async fn restart(&self) {
        let next = start_assistant(&self.db, &self.clock).await;
        let previous = std::mem::replace(
            &mut *self
                .assistant
                .lock()
                .expect("the assistant is not poisoned"),
            next,
        );
        previous.store().close().await;
    }

    /// The bot is down until `at` (nothing runs meanwhile), then starts again and takes up the
    /// jobs that fell due; what they delivered.
    pub async fn restart_at(&self, at: DateTime<Utc>) -> Vec<Delivered> {
        self.clock.set(at);
        self.restart().await;
        self.advance_to(at).await
    }

    /// Everything delivered so far, oldest first: answers, jobs' messages, edits, notices.
    pub fn sent(&self) -> Vec<Delivered> {
        self.log().delivered.clone()
    }

    /// The new messages delivered to `chat_id` so far, oldest first.
    pub fn messages_to(&self, chat_id: i64) -> Vec<Delivered> {
        self.log()
            .delivered
            .iter()
            .filter(|d| d.is_message() && d.chat_id() == chat_id)
            .cloned()
            .collect()
    }
}

fn person(user: &TestUser) -> Person {
    Person {
        username: user.username.clone(),
        ..Person::named(user.id, &user.first_name)
    }
}

fn chat_ref(chat: &TestChat) -> ChatRef {
    match &chat.title {
        None => ChatRef::private(chat.id),
        Some(title) => ChatRef {
            id: chat.id,
            kind: ChatKind::Group,
            title: Some(title.clone()),
            thread_id: None,
        },
    }
}

/// The channel in a core test: records each reply, gives each new message the next id, and
/// tells the core the id of a message it asked to track, as a channel does.
struct RecordingOutbox<'a> {
    assistant: &'a Assistant,
    log: &'a Mutex<Log>,
}

#[async_trait::async_trait]
impl Outbox for RecordingOutbox<'_> {
    async fn attempt(&self, reply: &Reply) -> SendOutcome {
        check_text(reply);
        let new_message = matches!(
            reply.action,
            Action::Send(_)
                | Action::SendTracked { .. }
                | Action::Copy { .. }
                | Action::SendDocument { .. }
                | Action::SendPhoto { .. }
        );
        let message_id = {
            let mut log = self.log.lock().expect("the log is not poisoned");
            let message_id = new_message.then(|| log.next_message_id());
            log.delivered.push(Delivered {
                reply: reply.clone(),
                message_id: message_id.or(changed_message(&reply.action)).unwrap_or(0),
            });
            message_id
        };
        if let (Action::SendTracked { track, .. }, Some(id)) = (&reply.action, message_id) {
            fellowship_bot::groups::Groups::new(self.assistant.context())
                .message_posted(reply.chat_id, *track, id)
                .await
                .expect("the core remembers a posted message");
        }
        SendOutcome::Delivered { message_id }
    }
}

/// Every text the core sends is read as Telegram reads it: HTML it accepts, with no run of
/// spaces mid-sentence.
fn check_text(reply: &Reply) {
    let html = match &reply.action {
        Action::Send(message)
        | Action::SendTracked { message, .. }
        | Action::Edit { message, .. } => &message.html,
        _ => return,
    };
    if let Err(refusal) = super::telegram_html::parse(html) {
        panic!("Telegram would refuse this message ({refusal}):\n{html}");
    }
    if let Some(line) = super::telegram_html::run_of_spaces(html) {
        panic!("a run of spaces mid-sentence: {line:?}\nin:\n{html}");
    }
}

/// The earlier message an action changes, if it changes one.
fn changed_message(action: &Action) -> Option<i32> {
    match action {
        Action::Edit { message_id, .. }
        | Action::EditButtons { message_id, .. }
        | Action::Delete { message_id }
        | Action::Pin { message_id } => Some(*message_id),
        _ => None,
    }
}

/// One reply the core had delivered, as a test reads it.
#[derive(Debug, Clone)]
pub struct Delivered {
    pub reply: Reply,
    /// The id the new message got, or the id of the message an edit changed; 0 for the rest.
    pub message_id: i32,
}

impl Delivered {
    pub fn chat_id(&self) -> i64 {
        self.reply.chat_id
    }

    pub fn thread_id(&self) -> Option<i32> {
        self.reply.thread_id
    }

    /// A new text message (not an edit, a file or a notice).
    pub fn is_message(&self) -> bool {
        matches!(
            self.reply.action,
            Action::Send(_) | Action::SendTracked { .. }
        )
    }

    /// The HTML of a new or replaced message, or a file's caption; empty for the rest.
    pub fn text(&self) -> &str {
        match &self.reply.action {
            Action::Send(message)
            | Action::SendTracked { message, .. }
            | Action::Edit { message, .. } => &message.html,
            Action::SendDocument { caption, .. } | Action::SendPhoto { caption, .. } => caption,
            _ => "",
        }
    }

    /// The notice a button press was answered with.
    pub fn notice(&self) -> Option<&str> {
        match &self.reply.action {
            Action::AnswerButton { notice, .. } => notice.as_deref(),
            _ => None,
        }
    }

    /// Whether the person is shown `needle`, in a message or in a notice.
    pub fn says(&self, needle: &str) -> bool {
        self.text().contains(needle) || self.notice().is_some_and(|n| n.contains(needle))
    }

    /// Button rows as (label, callback data or url), as `fake_bot_api::Sent` has them.
    pub fn buttons(&self) -> Vec<Vec<(String, String)>> {
        let rows = match &self.reply.action {
            Action::Send(message)
            | Action::SendTracked { message, .. }
            | Action::Edit { message, .. } => &message.buttons,
            Action::EditButtons { buttons, .. } => buttons,
            _ => return Vec::new(),
        };
        rows.iter()
            .map(|row| {
                row.iter()
                    .map(|button| {
                        let target = match &button.action {
                            ButtonAction::Callback(data)
                            | ButtonAction::Url(data)
                            | ButtonAction::Login(data) => data,
                        };
                        (button.label.clone(), target.clone())
                    })
                    .collect()
            })
            .collect()
    }

    /// The data of the first button whose data starts with `prefix`.
    pub fn button(&self, prefix: &str) -> String {
        self.buttons()
            .into_iter()
            .flatten()
            .map(|(_, data)| data)
            .find(|data| data.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} button on {self:#?}"))
    }

    /// A document's or a photo's file name and bytes.
    pub fn file(&self) -> Option<(&str, &[u8])> {
        match &self.reply.action {
            Action::SendDocument {
                file_name, content, ..
            }
            | Action::SendPhoto {
                file_name, content, ..
            } => Some((file_name, content)),
            _ => None,
        }
    }
}

/// Reading the replies to one action.
pub trait Replies {
    /// The new text messages among them.
    fn messages(&self) -> Vec<&Delivered>;
    /// The one new message among them.
    fn message(&self) -> &Delivered;
    /// The one new message to `chat_id` among them.
    fn message_to(&self, chat_id: i64) -> &Delivered;
    /// The one replaced message among them.
    fn edit(&self) -> &Delivered;
    /// The notice the button press was answered with.
    fn notice(&self) -> Option<&str>;
    /// The files among them, as (name, bytes).
    fn files(&self) -> Vec<(&str, &[u8])>;
}

impl Replies for [Delivered] {
    fn messages(&self) -> Vec<&Delivered> {
        self.iter().filter(|d| d.is_message()).collect()
    }

    fn message(&self) -> &Delivered {
        match self.messages()[..] {
            [one] => one,
            _ => panic!("expected one message: {self:#?}"),
        }
    }

    fn message_to(&self, chat_id: i64) -> &Delivered {
        let to: Vec<&Delivered> = self
            .iter()
            .filter(|d| d.is_message() && d.chat_id() == chat_id)
            .collect();
        match to[..] {
            [one] => one,
            _ => panic!("expected one message to {chat_id}: {self:#?}"),
        }
    }

    fn edit(&self) -> &Delivered {
        let edits: Vec<&Delivered> = self
            .iter()
            .filter(|d| matches!(d.reply.action, Action::Edit { .. }))
            .collect();
        match edits[..] {
            [one] => one,
            _ => panic!("expected one edit: {self:#?}"),
        }
    }

    fn notice(&self) -> Option<&str> {
        self.iter().find_map(Delivered::notice)
    }

    fn files(&self) -> Vec<(&str, &[u8])> {
        self.iter().filter_map(Delivered::file).collect()
    }
}
