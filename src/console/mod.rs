//! The console channel: a chat with the same core in a terminal, for trying the bot without
//! Telegram and for demos. Each input line is a message; `#N` presses button N.

mod screen;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};

use crate::chat::{Action, ChatRef, Event, Inbound, Person, Reply};

use crate::assistant::Assistant;

use crate::message::ButtonAction;
pub use screen::plain_text;

/// Replies from due jobs, kept to print after the person's own.
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

/// Buttons on screen, numbered in the order they were printed.
#[derive(Default)]
struct Buttons {
    shown: Vec<(i32, String, ButtonAction)>,
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
            Some(Ok(n)) => match buttons.shown.get(n.wrapping_sub(1)) {
                Some((message_id, _, ButtonAction::Callback(data))) => {
                    next_query += 1;
                    Event::Button {
                        query_id: format!("console-{next_query}"),
                        message_id: Some(*message_id),
                        data: data.clone(),
                    }
                }
                Some((_, _, ButtonAction::Url(url))) => {
                    output
                        .write_all(format!("(that button opens {url})\n").as_bytes())
                        .await?;
                    continue;
                }
                None => {
                    output
                        .write_all(format!("(there is no button #{n})\n").as_bytes())
                        .await?;
                    continue;
                }
            },
            _ => Event::Text {
                text: line.to_owned(),
                replying_to_bot: false,
            },
        };
        let replies = assistant
            .handle(Inbound::new(chat.clone(), person.clone(), event))
            .await;
        let mut replies = replies;
        // Jobs that fell due (check-ins, reminders) speak here too, as they would on Telegram.
        let due = Collected::default();
        crate::worker::run_due_jobs(assistant, &due).await?;
        replies.extend(due.take());
        let text = render(&replies, &mut buttons, &mut next_message_id);
        output.write_all(text.as_bytes()).await?;
        output.flush().await?;
    }
    Ok(())
}

fn render(replies: &[Reply], buttons: &mut Buttons, next_message_id: &mut i32) -> String {
    let mut out = String::new();
    for reply in replies {
        let (message_id, message) = match &reply.action {
            Action::Send(message) | Action::SendTracked { message, .. } => {
                *next_message_id += 1;
                (*next_message_id, message)
            }
            Action::Edit {
                message_id,
                message,
            } => {
                out.push_str("(updated)\n");
                (*message_id, message)
            }
            Action::EditButtons {
                message_id,
                buttons: rows,
            } if rows.is_empty() => {
                buttons.shown.retain(|(id, _, _)| id != message_id);
                continue;
            }
            Action::EditButtons { .. } | Action::Delete { .. } | Action::Pin { .. } => continue,
            Action::SendPhoto { file_name, .. } => {
                out.push_str(&format!("🖼 {file_name}\n\n"));
                continue;
            }
            Action::Copy { message_id, .. } => {
                out.push_str(&format!("(a copy of message {message_id})\n\n"));
                continue;
            }
            Action::SendDocument {
                file_name, content, ..
            } => {
                out.push_str(&format!(
                    "📎 {file_name}\n{}\n\n",
                    String::from_utf8_lossy(content)
                ));
                continue;
            }
            Action::AnswerButton { notice, .. } => {
                if let Some(notice) = notice {
                    out.push_str(&format!("ℹ {notice}\n"));
                }
                continue;
            }
        };
        out.push_str(&plain_text(&message.html));
        out.push('\n');
        if !message.buttons.is_empty() {
            buttons.shown.clear();
            for row in &message.buttons {
                let labels: Vec<String> = row
                    .iter()
                    .map(|button| {
                        buttons.shown.push((
                            message_id,
                            button.label.clone(),
                            button.action.clone(),
                        ));
                        format!("[#{}] {}", buttons.shown.len(), button.label)
                    })
                    .collect();
                out.push_str(&labels.join("   "));
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out
}
