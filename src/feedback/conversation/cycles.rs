//! Improvement cycles (plan, do, study, act) for a session type: /cycle starts one with the
//! change tried and /cycle close ends it with what came of it, offering to tell the fellows
//! concerned ("you said, we did"). Starting and closing are shared with the web console.

use super::FeedbackReports;
use crate::chat::{ChatError, Handled, Inbound, Reply, texts};
use crate::feedback::press::FeedbackPress;
use crate::message::{Button, Message, escape};
use crate::store::ImprovementCycle;

/// Why a cycle was not started or closed; the text is what a lead sees.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CycleProblem {
    #[error("Say what changed (or, to close it, what came of it).")]
    NoNote,
    #[error("I don't know the session type '{0}'. /upcoming shows types in use.")]
    UnknownType(String),
    #[error("There is no open cycle for {0}.")]
    NoneOpen(String),
}

/// A cycle just closed, and the fellows it concerned (invited to feedback on its type since).
#[derive(Debug, Clone)]
pub struct ClosedCycle {
    pub cycle: ImprovementCycle,
    pub concerned: Vec<i64>,
}

impl FeedbackReports<'_> {
    /// Starts a cycle for `kind` from today with the change tried, closing the one before.
    pub async fn start_cycle(
        &self,
        author: i64,
        kind: &str,
        note: &str,
    ) -> Result<Result<i64, CycleProblem>, ChatError> {
        let (kind, note) = match self.cycle_input(kind, note) {
            Ok(input) => input,
            Err(problem) => return Ok(Err(problem)),
        };
        let id = self
            .store
            .start_cycle(&kind, &self.today(), note, author)
            .await?;
        self.store
            .record_audit(
                author,
                "cycle started",
                &format!("{kind}: {note}"),
                self.now(),
            )
            .await?;
        Ok(Ok(id))
    }

    /// Closes `kind`'s open cycle with what came of it.
    pub async fn close_cycle(
        &self,
        author: i64,
        kind: &str,
        note: &str,
    ) -> Result<Result<ClosedCycle, CycleProblem>, ChatError> {
        let (kind, note) = match self.cycle_input(kind, note) {
            Ok(input) => input,
            Err(problem) => return Ok(Err(problem)),
        };
        let Some(cycle) = self.store.close_cycle(&kind, &self.today(), note).await? else {
            return Ok(Err(CycleProblem::NoneOpen(kind)));
        };
        self.store
            .record_audit(
                author,
                "cycle closed",
                &format!("{kind}: {note}"),
                self.now(),
            )
            .await?;
        let concerned = self
            .store
            .invited_to_type_since(&kind, &cycle.started_on)
            .await?;
        Ok(Ok(ClosedCycle { cycle, concerned }))
    }

    /// The type (lower case, one the programme knows) and the note (not empty).
    fn cycle_input<'n>(
        &self,
        kind: &str,
        note: &'n str,
    ) -> Result<(String, &'n str), CycleProblem> {
        let (kind, note) = (kind.trim().to_lowercase(), note.trim());
        let known =
            self.catalogue().get(&kind).is_some() || kind == "exit" || kind.starts_with("service-");
        if !known {
            return Err(CycleProblem::UnknownType(kind));
        }
        if note.is_empty() {
            return Err(CycleProblem::NoNote);
        }
        Ok((kind, note))
    }

    fn today(&self) -> String {
        self.now()
            .with_timezone(&self.settings.timezone)
            .date_naive()
            .to_string()
    }

    /// A session type's name as leads know it ("Simulation training"), or its id.
    pub fn type_name(&self, kind: &str) -> String {
        self.catalogue()
            .get(kind)
            .map_or(kind.to_owned(), |t| t.name.clone())
    }

    /// /cycle <type> <what changed> starts an improvement cycle; /cycle close <type> <what came
    /// of it> closes it and offers to tell the fellows concerned ("you said, we did").
    pub(crate) async fn cycle_command(&self, inbound: &Inbound, args: &str) -> Handled {
        let chat = &inbound.chat;
        let usage = "Use it like this:\n/cycle sim-training Shorter briefing, more time on scenarios — starts a cycle\n/cycle close sim-training Fellows rated it higher; we keep it — closes it";
        let (first, rest) = args.trim().split_once(' ').unwrap_or((args.trim(), ""));
        let closing = first.eq_ignore_ascii_case("close");
        let (kind, note) = if closing {
            rest.trim().split_once(' ').unwrap_or((rest.trim(), ""))
        } else {
            (first, rest)
        };
        if kind.trim().is_empty() || note.trim().is_empty() {
            return Ok(vec![Reply::to(chat, Message::html(usage))]);
        }
        let author = inbound.from.id;
        let refused = |problem: CycleProblem| {
            Ok(vec![Reply::to(
                chat,
                Message::html(escape(&problem.to_string())),
            )])
        };
        if !closing {
            if let Err(problem) = self.start_cycle(author, kind, note).await? {
                return refused(problem);
            }
            let text = format!(
                "🔁 New cycle for <b>{}</b> from today: {}",
                escape(&kind.to_lowercase()),
                escape(note.trim())
            );
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let closed = match self.close_cycle(author, kind, note).await? {
            Ok(closed) => closed,
            Err(problem) => return refused(problem),
        };
        let text = format!(
            "✅ Cycle for <b>{}</b> closed.\nYou said, we did: {}\n{} gave or were asked for feedback in this cycle.",
            escape(&closed.cycle.session_type),
            escape(note.trim()),
            texts::count(closed.concerned.len(), "fellow", "fellows")
        );
        let mut message = Message::html(text);
        if !closed.concerned.is_empty() {
            message = message.with_buttons(vec![vec![Button::press(
                format!("📣 Tell them ({})", closed.concerned.len()),
                FeedbackPress::Tell(closed.cycle.id),
            )]]);
        }
        Ok(vec![Reply::to(chat, message)])
    }

    /// What fellows are told of a closed cycle ("you said, we did"); None while it is open.
    pub fn you_said_we_did(&self, cycle: &ImprovementCycle) -> Option<String> {
        let outcome = cycle.outcome_note.as_ref()?;
        Some(format!(
            "💬 <b>You said, we did</b> — {}\nWe changed: {}\nWhat came of it: {}\nThank you for your feedback. /feedback any time.",
            escape(&self.type_name(&cycle.session_type)),
            escape(&cycle.change_note),
            escape(outcome)
        ))
    }

    /// Sends a closed cycle's "you said, we did" to the fellows it concerned.
    pub(crate) async fn tell_cycle(
        &self,
        inbound: &Inbound,
        query_id: &str,
        cycle_id: i64,
    ) -> Handled {
        let chat = &inbound.chat;
        if !self.access(inbound.from.id).await?.lead {
            return Ok(Reply::notice(chat, query_id, texts::leads_only()));
        }
        let Some(cycle) = self.store.cycle(cycle_id).await? else {
            return Ok(Reply::notice(
                chat,
                query_id,
                "That cycle no longer exists.",
            ));
        };
        let Some(text) = self.you_said_we_did(&cycle) else {
            return Ok(Reply::notice(chat, query_id, "Close the cycle first."));
        };
        let reachable = self.store.reachable_private_chats().await?;
        let mut replies: Vec<Reply> = self
            .store
            .invited_to_type_since(&cycle.session_type, &cycle.started_on)
            .await?
            .into_iter()
            .filter(|user| reachable.contains(user))
            .map(|user| Reply::send(user, None, Message::html(text.clone())))
            .collect();
        let notice = format!(
            "Sending to {}.",
            texts::count(replies.len(), "fellow", "fellows")
        );
        replies.extend(Reply::notice(chat, query_id, notice));
        Ok(replies)
    }
}
