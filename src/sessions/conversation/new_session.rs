//! /newsession: leads create a session by answering a few questions in a private chat. The
//! form's rules are `sessions::form`; its draft is saved after every answer.

use super::Sessions;
use crate::chat::forms::Field;
use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};
use crate::message::{Button, Message, escape};
use crate::sessions::form::{FormAnswer, FormNext, FormStep, SessionDraft};
use crate::sessions::press::NewSessionPress;
use crate::sessions::time::{show, show_in_words};

/// The conversation name drafts are saved under.
pub(crate) const FORM: &str = "newsession";

feature_slice!(
    /// The leads' /newsession form and the session files they send.
    NewSession
);

impl NewSession<'_> {
    /// Stores a session a lead finished (in the chat's form or the web console's) and notes it
    /// in the audit log; its number.
    pub async fn create(
        &self,
        lead: i64,
        session: &crate::sessions::NewSession,
    ) -> Result<i64, ChatError> {
        let ids = self
            .store
            .add_sessions(std::slice::from_ref(session), lead, self.now())
            .await?;
        let id = ids.first().copied().unwrap_or_default();
        let detail = format!("{id} ({})", session.title);
        self.store
            .record_audit(lead, "new session", &detail, self.now())
            .await?;
        Ok(id)
    }

    /// Stores sessions read from a lead's CSV file (`source`, its name) and notes the import
    /// in the audit log; their ids.
    pub(crate) async fn import(
        &self,
        lead: i64,
        sessions: &[crate::sessions::NewSession],
        source: &str,
    ) -> Result<Vec<i64>, ChatError> {
        let ids = self.store.add_sessions(sessions, lead, self.now()).await?;
        let detail = format!(
            "{} from {source}",
            crate::chat::texts::count(ids.len(), "session", "sessions")
        );
        self.store
            .record_audit(lead, "import sessions", &detail, self.now())
            .await?;
        Ok(ids)
    }

    /// /newsession (leads, private chat).
    pub(crate) async fn new_session(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        if !chat.is_private() {
            return Ok(vec![Reply::to(
                chat,
                Message::html("Please use /newsession in a private chat with me."),
            )]);
        }
        if self.catalogue().types().is_empty() {
            return Ok(vec![Reply::to(
                chat,
                Message::html("There are no session types yet: add content/session-types.toml."),
            )]);
        }
        let draft = SessionDraft::default();
        self.save_session_draft(inbound, &draft).await?;
        Ok(vec![Reply::to(chat, self.session_prompt(&draft, None))])
    }

    /// The saved /newsession draft, if one is open.
    pub(crate) async fn open_session_draft(
        &self,
        inbound: &Inbound,
    ) -> Result<Option<SessionDraft>, ChatError> {
        self.open_form(inbound, FORM).await
    }

    async fn save_session_draft(
        &self,
        inbound: &Inbound,
        draft: &SessionDraft,
    ) -> Result<(), ChatError> {
        self.save_form(inbound, FORM, draft).await
    }

    /// What the current step expects typed, and whether its rules would take `text`.
    pub(crate) fn session_form_field(&self, draft: &SessionDraft, text: &str) -> (Field, bool) {
        let field = match draft.step {
            FormStep::Title => Field::Title,
            FormStep::Location => Field::Place,
            _ => Field::Parsed,
        };
        let mut trial = draft.clone();
        let next = trial.answer(
            FormAnswer::Text(text),
            self.now(),
            self.settings.timezone,
            &self.catalogue(),
            &self.settings.trusts,
        );
        let refused = matches!(next, FormNext::Ask(step, Some(_)) if step == draft.step);
        (field, !refused)
    }

    /// An answer to the open /newsession form.
    pub(crate) async fn answer_session_form(
        &self,
        inbound: &Inbound,
        mut draft: SessionDraft,
        answer: FormAnswer<'_>,
    ) -> Handled {
        let chat = &inbound.chat;
        let next = draft.answer(
            answer,
            self.now(),
            self.settings.timezone,
            &self.catalogue(),
            &self.settings.trusts,
        );
        match next {
            FormNext::Ask(_, problem) => {
                self.save_session_draft(inbound, &draft).await?;
                Ok(vec![Reply::to(
                    chat,
                    self.session_prompt(&draft, problem.as_deref()),
                )])
            }
            FormNext::Cancelled => {
                self.store
                    .clear_conversation(chat.id, inbound.from.id)
                    .await?;
                Ok(vec![Reply::to(
                    chat,
                    Message::html("Stopped: no session was created."),
                )])
            }
            FormNext::Create(session) => {
                let id = self.create(inbound.from.id, &session).await?;
                self.store
                    .clear_conversation(chat.id, inbound.from.id)
                    .await?;
                let text = format!(
                    "✅ Created session #{id}: <b>{}</b>, {}.",
                    escape(&session.title),
                    show(session.starts_at, self.settings.timezone)
                );
                let buttons = vec![vec![Button::press(
                    "📣 Announce it now",
                    NewSessionPress::Announce(id),
                )]];
                Ok(vec![Reply::to(
                    chat,
                    Message::html(text).with_buttons(buttons),
                )])
            }
        }
    }

    /// A press on the new-session form, or "Announce it now" once it is created.
    pub(crate) async fn on_session_form_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        press: NewSessionPress,
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = |text: &str| Ok(Reply::notice(chat, query_id, text));
        if !self.access(inbound.from.id).await?.lead {
            return notice(crate::chat::texts::leads_only());
        }
        let mut replies = match press.answer() {
            // Only "announce" answers no step of the form.
            None => match press {
                NewSessionPress::Announce(id) => {
                    Sessions::new(self.ctx)
                        .announce(inbound, &id.to_string())
                        .await?
                }
                _ => Vec::new(),
            },
            Some((step, value)) => {
                let Some(draft) = self.open_session_draft(inbound).await? else {
                    return notice("This form is closed. /newsession starts a new one.");
                };
                if step != draft.step {
                    return notice("That step is done already.");
                }
                self.answer_session_form(inbound, draft, FormAnswer::Choice(value))
                    .await?
            }
        };
        replies.push(Reply::answer_button(chat, query_id, None));
        Ok(replies)
    }

    /// The current step's question, with the problem with the last answer if there was one.
    pub(crate) fn session_prompt(&self, draft: &SessionDraft, problem: Option<&str>) -> Message {
        let button = |label: &str, press| Button::press(label, press);
        let (question, buttons): (String, Vec<Vec<Button>>) = match draft.step {
            FormStep::Type => (
                "<b>New session</b> · What kind of session?".into(),
                self.catalogue().types().chunks(2).map(|pair| pair.iter().map(|t| button(&t.name, NewSessionPress::Type(t.id.clone()))).collect()).collect(),
            ),
            FormStep::Title => ("Its title? Type - to use the type's name.".into(), Vec::new()),
            FormStep::Start => ("When does it start? For example <i>12/3 14:00</i>, <i>next Tuesday 2pm</i> or <i>2027-03-12 14:00</i>.".into(), Vec::new()),
            FormStep::End => (format!("{}When does it end? A time (<i>16:00</i>), a length (<i>90m</i>, <i>2h</i>), or - for the usual length.", self.start_noted(draft)), Vec::new()),
            FormStep::Location => ("Where? A room, or an online link.".into(), Vec::new()),
            FormStep::Audience => {
                let mut row = vec![button("Everyone", NewSessionPress::ForEveryone)];
                row.extend(self.settings.trusts.iter().map(|t| button(t, NewSessionPress::ForTrust(t.clone()))));
                ("Who is it for? Tap, or type a cohort like <i>started:2026-01-01..2026-03-31</i>.".into(), vec![row])
            }
            FormStep::Capacity => ("How many places? Type a number, or - for no limit.".into(), Vec::new()),
            FormStep::Confirm => {
                let summary = self.draft_summary(draft);
                (format!("{summary}\n\nCreate it?"), vec![vec![button("✅ Create", NewSessionPress::Create), button("Cancel", NewSessionPress::Discard)]])
            }
        };
        let text = match problem {
            Some(problem) => format!("⚠️ {}\n\n{question}", escape(problem)),
            None => question,
        };
        Message::html(text).with_buttons(buttons)
    }

    /// The start as understood, in words, so a misread date is caught before it is saved.
    fn start_noted(&self, draft: &SessionDraft) -> String {
        draft.starts_at.map_or(String::new(), |at| {
            format!(
                "Starting <b>{}</b>.\n",
                show_in_words(at, self.settings.timezone, self.now())
            )
        })
    }

    fn draft_summary(&self, draft: &SessionDraft) -> String {
        let Some(session) = draft.complete(&self.catalogue(), &self.settings.trusts) else {
            return "Something is missing; /cancel and start again.".into();
        };
        let zone = self.settings.timezone;
        format!(
            "<b>{}</b>\n🕘 {} to {}\n📍 {}\n👥 {}\n🎟 {}",
            escape(&session.title),
            show_in_words(session.starts_at, zone, self.now()),
            session.ends_at.with_timezone(&zone).format("%H:%M"),
            escape(&session.location),
            super::sessions::audience_label(&session.audience),
            session
                .capacity
                .map_or("no limit".to_owned(), |c| format!("{c} places"))
        )
    }
}

/// The largest session file the bot reads.
pub const SESSION_FILE_LIMIT: usize = 512 * 1024;

impl NewSession<'_> {
    /// A file sent privately: a lead's CSV of sessions is imported (all rows or none).
    pub(crate) async fn receive_file(
        &self,
        inbound: &Inbound,
        name: &str,
        content: Option<&[u8]>,
    ) -> Handled {
        let chat = &inbound.chat;
        let reply = |text: String| Ok(vec![Reply::to(chat, Message::html(text))]);
        let is_csv = name.to_lowercase().ends_with(".csv");
        if !is_csv {
            return reply(crate::chat::texts::unsupported_message().to_owned());
        }
        if !self.access(inbound.from.id).await?.lead {
            return reply("Thank you, but only programme leads can send me session files.".into());
        }
        let Some(content) = content else {
            return reply(format!(
                "I couldn't read that file. Please send a CSV under {} KB.",
                SESSION_FILE_LIMIT / 1024
            ));
        };
        let text = String::from_utf8_lossy(content);
        match crate::sessions::import::parse_sessions_csv(
            &text,
            &self.catalogue(),
            self.settings.timezone,
            &self.settings.trusts,
        ) {
            Ok(sessions) => {
                let ids = self.import(inbound.from.id, &sessions, name).await?;
                reply(format!(
                    "✅ {} /announce N posts one in the groups.",
                    crate::sessions::import::imported_line(&ids)
                ))
            }
            Err(problems) => {
                let lines: Vec<String> = problems
                    .iter()
                    .take(20)
                    .map(|p| format!("• {}", escape(&p.to_string())))
                    .collect();
                reply(format!(
                    "❌ Nothing was imported. Please fix these and send the file again:\n{}",
                    lines.join("\n")
                ))
            }
        }
    }
}
