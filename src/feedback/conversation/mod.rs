//! Feedback conversations: /feedback for open forms and services, and a fellow's way through a
//! form (`answering`, with its texts in `messages`). When forms open and close is `rounds`'
//! part; the leads' side is `reports`.

mod answering;
mod attended;
mod cycles;
mod drafts;
mod messages;
mod reports;
mod rounds;

pub(crate) use crate::feedback::press::SERVICES;
pub use attended::FEEDBACK_LATE_INVITE;
pub use cycles::{ClosedCycle, CycleProblem};
pub use reports::{CHART_CAPTION, FeedbackReport, FeedbackReports};
pub use rounds::{FEEDBACK_CLOSE, FEEDBACK_PROMPT, FEEDBACK_REMINDER, FeedbackRounds};

use serde::{Deserialize, Serialize};

use self::messages::{choose, held_on_words, prompt, question};
use self::rounds::NewFormSpec;
use crate::chat::{ChatError, Field, Handled, Inbound, Reply, feature_slice};
use crate::feedback::press::FeedbackPress;
use crate::feedback::{ANSWER_LIMIT, FormKind};
use crate::message::{Button, Message};

/// The conversation name a feedback conversation is saved under.
pub(crate) const FORM: &str = "feedback";

/// The feedback form a fellow is answering in their private chat, with the start of an answer
/// too long to keep whole, until they confirm it or send a shorter one. Like the rest of the
/// conversation it is deleted when the form closes, so it never outlives the form's salt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FeedbackConversation {
    // Before `form_id`, so the saved text always ends with the form's id (see `saved_state`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    draft: Option<String>,
    form_id: i64,
}

impl FeedbackConversation {
    fn of(form_id: i64) -> Self {
        Self {
            draft: None,
            form_id,
        }
    }

    /// The form and a piece of the saved state every conversation about `form_id` holds
    /// (closing deletes these): `"form_id":7}`, which no escaped draft text can contain.
    pub(crate) fn saved_state(form_id: i64) -> Result<(&'static str, String), ChatError> {
        let state = serde_json::to_string(&Self::of(form_id)).map_err(anyhow::Error::from)?;
        let piece = state.trim_start_matches('{').to_owned();
        Ok((FORM, piece))
    }
}

feature_slice!(
    /// A fellow's feedback: answering a form, /feedback, and feedback on a service.
    Feedback
);

impl Feedback<'_> {
    /// The open feedback conversation in this private chat, if any.
    pub(crate) async fn open_feedback_conversation(
        &self,
        inbound: &Inbound,
    ) -> Result<Option<FeedbackConversation>, ChatError> {
        self.open_private_form(inbound, FORM).await
    }

    /// A typed answer (or something that is not text) to the current question.
    pub(crate) async fn answer_feedback(
        &self,
        inbound: &Inbound,
        conversation: FeedbackConversation,
        text: Option<&str>,
    ) -> Handled {
        let chat = &inbound.chat;
        let Some(text) = text else {
            let hint = "Please type your answer, or tap <b>Skip</b>.";
            return Ok(vec![Reply::to(chat, Message::html(hint))]);
        };
        if text.trim().chars().count() > ANSWER_LIMIT {
            return self.keep_draft(inbound, conversation.form_id, text).await;
        }
        self.advance(inbound, conversation.form_id, Some(text.trim()))
            .await
    }

    /// What the current question expects typed, and whether it takes typed text: a comment at
    /// the three questions and the suggestion (of any length: a long one is kept as a draft to
    /// confirm), a button anywhere else.
    pub(crate) async fn feedback_field(
        &self,
        inbound: &Inbound,
        conversation: &FeedbackConversation,
    ) -> Result<(Field, bool), ChatError> {
        Ok(
            match self
                .answers_for(inbound.from.id, conversation.form_id)
                .await?
            {
                Ok(answering) if answering.answers.step().is_text() => (Field::Comment, true),
                Ok(_) => (Field::Parsed, false),
                // Closed, or not theirs: answering says so.
                Err(_) => (Field::Parsed, true),
            },
        )
    }

    /// The current question again, after a detour.
    pub(crate) async fn resume_feedback(
        &self,
        inbound: &Inbound,
        conversation: &FeedbackConversation,
    ) -> Handled {
        let chat = &inbound.chat;
        match self
            .answers_for(inbound.from.id, conversation.form_id)
            .await?
        {
            Ok(answering) => Ok(vec![Reply::to(
                chat,
                question(&answering.form, &answering.answers),
            )]),
            Err(reason) => {
                self.store
                    .clear_conversation(chat.id, inbound.from.id)
                    .await?;
                Ok(vec![Reply::to(chat, Message::html(reason))])
            }
        }
    }

    /// A press on a feedback button.
    pub(crate) async fn on_feedback_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        press: FeedbackPress,
    ) -> Handled {
        let chat = &inbound.chat;
        match press {
            FeedbackPress::Service(key) => self.service_feedback(inbound, key).await,
            FeedbackPress::Tell(cycle) => {
                FeedbackReports::new(self)
                    .tell_cycle(inbound, query_id, cycle)
                    .await
            }
            FeedbackPress::Rate { form, rating } => {
                self.rate(inbound, query_id, message_id, form, rating).await
            }
            FeedbackPress::Skip(form) => self.advance(inbound, form, None).await,
            FeedbackPress::UseDraft(form) => self.use_draft(inbound, query_id, form).await,
            FeedbackPress::Anonymous(form) => self.finish(inbound, query_id, form, false).await,
            FeedbackPress::Named(form) => self.finish(inbound, query_id, form, true).await,
            FeedbackPress::Start(form) => self.resume(inbound, query_id, form).await,
            FeedbackPress::NotNow(_) => match message_id {
                Some(message_id) => Ok(vec![Reply::edit(
                    chat,
                    message_id,
                    Message::html(
                        "No problem. If you change your mind before it closes, send /feedback.",
                    ),
                )]),
                None => Ok(Vec::new()),
            },
        }
    }

    /// /feedback: the open forms this fellow was asked to fill in, and the services.
    pub(crate) async fn feedback_command(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        if !chat.is_private() {
            let text = "Feedback is private: send /feedback to me in a private chat.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let forms = self.store.open_forms_for(inbound.from.id).await?;
        let mut rows: Vec<Vec<Button>> = forms
            .iter()
            .map(|f| {
                let label = match f.kind {
                    FormKind::Session => format!("✍️ {} ({})", f.title, held_on_words(f)),
                    _ => format!("✍️ {}", f.title),
                };
                vec![choose(label, FeedbackPress::Start(f.id))]
            })
            .collect();
        rows.extend(SERVICES.chunks(2).map(|pair| {
            pair.iter()
                .map(|(key, title)| choose(*title, FeedbackPress::Service(key)))
                .collect()
        }));
        let text = if forms.is_empty() {
            "📝 No session is waiting for your feedback. You can tell us about a programme service any time:"
        } else {
            "📝 Waiting for your feedback (you can change your answers until a form closes). Or tell us about a service:"
        };
        Ok(vec![Reply::to(
            chat,
            Message::html(text).with_buttons(rows),
        )])
    }

    /// Feedback on a service: one form per service and month.
    async fn service_feedback(&self, inbound: &Inbound, key: &str) -> Handled {
        let chat = &inbound.chat;
        let Some((key, title)) = SERVICES.iter().find(|(k, _)| *k == key) else {
            return Ok(vec![Reply::to(
                chat,
                Message::html("That service is not on my list."),
            )]);
        };
        let Some(fellow) = self.store.fellow(inbound.from.id).await? else {
            let text = "Feedback is for registered fellows: send /start to register.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        };
        let month = self
            .now()
            .with_timezone(&self.settings.timezone)
            .format("%Y-%m")
            .to_string();
        let rounds = FeedbackRounds::new(self);
        let form = rounds
            .open_form_for(NewFormSpec {
                subject: format!("service:{key}:{month}"),
                kind: FormKind::Service,
                session_id: None,
                session_type: format!("service-{key}"),
                title: crate::feedback::press::service_title(key, title).to_owned(),
                held_on: format!("{month}-01"),
                closes_at: Some(rounds.end_of_month()),
            })
            .await?;
        self.store
            .invite_to_feedback(form.id, fellow.user_id, Some(&fellow.trust), self.now())
            .await?;
        Ok(vec![Reply::to(chat, prompt(&form, false))])
    }
}
