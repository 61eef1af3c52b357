//! /movesession: a lead sees the new time in words, the notice and who it goes to, then confirms.
//! The notice is a job row sent straight after; a second move confirmed before it went out
//! replaces it, so each person gets one notice, from the time they knew to the final time.
//! The rule itself (shared with the console) is in `moves`.

use chrono::{DateTime, Utc};

use super::Sessions;
use super::moves::{MoveRefusal, NAMES_SHOWN};
use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};
use crate::message::{Button, Message, escape};
use crate::sessions::Session;
use crate::sessions::press::SessionPress;
use crate::sessions::time::show_in_words;

feature_slice!(
    /// Moving a session: the preview, the lead's confirmation and the notice to the people going.
    SessionMoves
);

impl SessionMoves<'_> {
    /// /movesession <id> <new start>: a preview to confirm. Leads only; always in private.
    pub(crate) async fn move_session(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let reply = |text: String| Ok(vec![Reply::to(chat, Message::html(text))]);
        let usage = "Use it like this: /movesession 12 next Tuesday 2pm";
        let (id, when) = args.trim().split_once(' ').unwrap_or((args, ""));
        let Some(session) = Sessions::new(self.ctx).find_session(id).await? else {
            return reply(usage.to_owned());
        };
        let starts_at = match self.new_start(&session, when) {
            Ok(at) => at,
            Err(MoveRefusal::BadTime(problem)) => {
                return reply(format!("{}. {usage}", escape(&problem)));
            }
            Err(refusal) => return reply(refusal.to_string()),
        };
        Ok(vec![Reply::to(
            chat,
            self.preview(&session, starts_at).await?,
        )])
    }

    async fn preview(
        &self,
        session: &Session,
        starts_at: DateTime<Utc>,
    ) -> Result<Message, ChatError> {
        let zone = self.settings.timezone;
        let now = self.now();
        let plan = self.plan_move(session, starts_at).await?;
        let mut names: Vec<String> = plan.names.iter().map(|n| escape(n)).collect();
        if plan.people > NAMES_SHOWN {
            names.push(format!("and {} more", plan.people - NAMES_SHOWN));
        }
        let who = match plan.people {
            0 => "Nobody has said they're going yet, so I won't message anyone.".to_owned(),
            1 => format!(
                "I'll send this to the 1 person going or waiting: {}.",
                names.join(", ")
            ),
            n => format!(
                "I'll send this to the {n} people going or waiting: {}.",
                names.join(", ")
            ),
        };
        let text = format!(
            "<b>Move #{} {}?</b>\nFrom {}\nTo <b>{}</b> (until {})\n\n{who}\n\n{}",
            session.id,
            escape(&session.details.title),
            show_in_words(session.details.starts_at, zone, now),
            show_in_words(starts_at, zone, now),
            plan.ends_at.with_timezone(&zone).format("%H:%M"),
            plan.notice,
        );
        let (Ok(sequence), Ok(minute)) = (
            u32::try_from(session.sequence),
            u32::try_from(starts_at.timestamp().div_euclid(60)),
        ) else {
            return Ok(Message::html("I can't move this session to that time."));
        };
        let confirm = SessionPress::Move {
            session: session.id,
            sequence,
            minute,
        };
        Ok(Message::html(text).with_buttons(vec![vec![
            Button::press("✅ Move it and tell them", confirm),
            Button::press("Keep it as it is", SessionPress::KeepTime(session.id)),
        ]]))
    }

    /// "Move it": moves the session if it has not changed since the preview, then queues the
    /// notice. A second press finds it moved already and says so.
    pub(crate) async fn confirm_move(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        (session_id, sequence, minute): (i64, u32, u32),
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = |text: &str| Ok(Reply::notice(chat, query_id, text));
        if !self.access(inbound.from.id).await?.lead {
            return notice(crate::chat::texts::leads_only());
        }
        let Some(starts_at) = DateTime::from_timestamp(i64::from(minute) * 60, 0) else {
            return notice("That button no longer works. Send /movesession again.");
        };
        let moved = match self
            .carry_out_move(inbound.from.id, session_id, i64::from(sequence), starts_at)
            .await?
        {
            Ok(moved) => moved,
            Err(MoveRefusal::Stale) => {
                return notice(
                    "This session has changed since that preview. Send /movesession again.",
                );
            }
            Err(MoveRefusal::Passed) => {
                return notice("That time has passed now. Send /movesession again.");
            }
            Err(refusal) => return notice(&refusal.to_string()),
        };
        let people = self.store.session_people(session_id).await?.len();
        let zone = self.settings.timezone;
        let text = format!(
            "✅ Moved <b>{}</b> to {}. {}",
            escape(&moved.details.title),
            show_in_words(starts_at, zone, self.now()),
            match people {
                0 => "Nobody was going, so nobody needed telling.".to_owned(),
                1 => "I'm telling the 1 person going or waiting now.".to_owned(),
                n => format!("I'm telling the {n} people going or waiting now."),
            }
        );
        let mut replies = Reply::notice(chat, query_id, "Moved ✅");
        if let Some(message_id) = message_id {
            replies.push(Reply::edit(chat, message_id, Message::html(text)));
        } else {
            replies.push(Reply::to(chat, Message::html(text)));
        }
        replies.extend(Sessions::new(self.ctx).refreshed_posts(&moved).await?);
        Ok(replies)
    }

    /// "Keep it as it is": the preview says nothing changed.
    pub(crate) async fn keep_time(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
    ) -> Handled {
        let chat = &inbound.chat;
        let text = "Nothing changed: the session keeps its time and nobody was messaged.";
        let mut replies = Reply::notice(chat, query_id, "Kept as it is");
        if let Some(message_id) = message_id {
            replies.push(Reply::edit(chat, message_id, Message::html(text)));
        }
        Ok(replies)
    }
}
