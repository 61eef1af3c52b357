//! The console channel: a chat with the same core in a terminal, for trying the bot without
//! Telegram and for demos. Each input line is a message; `#N` presses button N. Jobs and
//! broadcasts that fall due run after each line; what they send to other people is shown as a
//! one-line delivery ("→ to Amaka: …"), never as the console user's own message.

mod render;
mod screen;

use std::collections::HashMap;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};

use crate::assistant::Assistant;
use crate::chat::{ChatRef, Event, Inbound, Person, Reply};
use crate::message::ButtonAction;
use render::{Buttons, Screen};
pub use screen::plain_text;

/// Replies from due jobs and broadcasts, kept to print after the person's own.
#[derive(Default)]
struct Collected(std::sync::Mutex<Vec<Reply>>);

impl Collected {
    fn take(&self) -> Vec<Reply> {
        std::mem::take(
            &mut *self
                .0
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }
}

#[async_trait::async_trait]
impl crate::chat::Outbox for Collected {
    async fn attempt(&self, reply: &Reply) -> crate::chat::SendOutcome {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(reply.clone());
        crate::chat::SendOutcome::Delivered { message_id: None }
    }
}

/// Chats as `person` in a private chat until the input ends (or `/quit`).
pub async fn run<R, W>(
    assistant: &Assistant,
    person: Person,
    input: R,
    mut output: W,
) -> anyhow::Result<()>
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let chat = ChatRef::private(person.id);
    let mut lines = input.lines();
    let mut buttons = Buttons::default();
    let mut next_message_id = 1;
    let mut next_query = 1;
    while let Some(line) = lines.next_line().await? {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line == "/quit" || line == "/exit" {
            break;
        }
        let event = match line.strip_prefix('#').map(str::parse::<usize>) {
            Some(Ok(n)) => match buttons.get(n) {
                Some((message_id, ButtonAction::Callback(data))) => {
                    next_query += 1;
                    Event::Button {
                        query_id: format!("console-{next_query}"),
                        message_id: Some(message_id),
                        data: data.clone(),
                    }
                }
                Some((_, ButtonAction::Url(url) | ButtonAction::Login(url))) => {
                    let note = format!("(that button opens {url})\n");
                    output.write_all(note.as_bytes()).await?;
                    continue;
                }
                None => {
                    let note = format!("(there is no button #{n})\n");
                    output.write_all(note.as_bytes()).await?;
                    continue;
                }
            },
            _ => Event::Text {
                text: line.to_owned(),
                replying_to_bot: false,
            },
        };
        let mut replies = assistant
            .handle(Inbound::new(chat.clone(), person.clone(), event))
            .await;
        replies.extend(run_due_work(assistant).await?);
        let names = names_of_others(assistant, chat.id, &replies).await;
        let text = Screen {
            own_chat: chat.id,
            names: &names,
            buttons: &mut buttons,
            next_message_id: &mut next_message_id,
        }
        .render(&replies);
        output.write_all(text.as_bytes()).await?;
        output.flush().await?;
    }
    Ok(())
}

/// Jobs (check-ins, reminders) and broadcasts that fell due, as they would run beside Telegram:
/// what they sent, in order.
async fn run_due_work(assistant: &Assistant) -> anyhow::Result<Vec<Reply>> {
    let due = Collected::default();
    crate::worker::run_due_jobs(assistant, &due).await?;
    let never = tokio_util::sync::CancellationToken::new();
    crate::broadcast::sender::send_due_broadcasts(assistant.context(), &due, &never).await?;
    Ok(due.take())
}

/// What to call each other chat the replies go to: a person's first name, a group's title.
async fn names_of_others(
    assistant: &Assistant,
    own_chat: i64,
    replies: &[Reply],
) -> HashMap<i64, String> {
    let store = assistant.store();
    let mut names = HashMap::new();
    for reply in replies.iter().filter(|r| r.chat_id != own_chat) {
        if names.contains_key(&reply.chat_id) {
            continue;
        }
        let name = if reply.chat_id < 0 {
            let title = store.group(reply.chat_id).await.ok().flatten();
            title
                .and_then(|g| g.title)
                .map(|t| format!("the group {t}"))
        } else {
            let person = store.person(reply.chat_id).await.ok().flatten();
            match person {
                Some(person) => Some(person.first_name),
                None => store
                    .fellow(reply.chat_id)
                    .await
                    .ok()
                    .flatten()
                    .map(|f| f.name),
            }
        };
        if let Some(name) = name {
            names.insert(reply.chat_id, name);
        }
    }
    names
}
