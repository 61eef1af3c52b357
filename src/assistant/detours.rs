//! A form's detours. Text typed at a step is judged (`fit`) before the form sees it: a
//! question is never saved as an answer. It is answered, or held while the person says which it
//! is; the form is parked meanwhile, as it is by any command, until /continue. Each form's own
//! steps and questions stay in its file.

use serde_json::Value;

use super::fit::{Verdict, judge_typed_text};
use crate::assistant::{Assistant, Press};
use crate::broadcast::conversation::{self as broadcasts, BroadcastForm, Broadcasts};
use crate::chat::Field;
use crate::chat::forms::{Detour, PendingText, Saved};
use crate::chat::{Action, ChatError, ChatRef, Command, FormPress, Handled, Inbound, Reply};
use crate::faq::conversation::Knowledge;
use crate::faq::render::MESSAGE_LIMIT;
use crate::feedback::conversation::{self as feedback, Feedback, FeedbackConversation};
use crate::fellows::conversation::registration::{self, Registration};
use crate::fellows::registration::{Answer, Draft};
use crate::journey::nights::{self, NightsForm, RotaNights};
use crate::message::{Button, Message};
use crate::sessions::conversation::{NewSession, new_session};
use crate::sessions::form::{FormAnswer, SessionDraft};

const ASK_WHICH: &str = "🤔 Is this your answer, or a question?";
const ALREADY_DONE: &str = "Already done ✅";
const EXPIRED: &str = "This button has expired.";

/// A form open in a private chat, read from its saved state.
enum OpenForm {
    Registration(Draft),
    NewSession(SessionDraft),
    Feedback(FeedbackConversation),
    Broadcast(BroadcastForm),
    Nights(NightsForm),
}

impl OpenForm {
    /// The form saved under `name`; None for a form this module does not know.
    fn read(name: &str, state: Value) -> Result<Option<Self>, serde_json::Error> {
        let form = match name {
            registration::FORM => Self::Registration(serde_json::from_value(state)?),
            new_session::FORM => Self::NewSession(serde_json::from_value(state)?),
            feedback::FORM => Self::Feedback(serde_json::from_value(state)?),
            broadcasts::FORM => Self::Broadcast(serde_json::from_value(state)?),
            nights::FORM => Self::Nights(serde_json::from_value(state)?),
            _ => return Ok(None),
        };
        Ok(Some(form))
    }

    /// What the person is filling in, as "your ..." finishes it.
    fn noun(&self) -> &'static str {
        match self {
            Self::Registration(draft) if draft.editing => "profile edit",
            Self::Registration(_) => "registration",
            Self::NewSession(_) => "new session",
            Self::Feedback(_) => "feedback",
            Self::Broadcast(_) => "broadcast",
            Self::Nights(_) => "nights form",
        }
    }

    /// Said after a question answered in the middle of the form.
    fn kept_line(&self) -> String {
        let kept = match self {
            Self::Registration(draft) if draft.editing => "kept",
            Self::Broadcast(_) | Self::Nights(_) => "kept",
            _ => "saved",
        };
        format!("Your {} is {kept}: /continue to go on.", self.noun())
    }

    /// Said after a command run in the middle of the form.
    fn reminder(&self) -> String {
        format!("↩️ /continue to go back to your {}", self.noun())
    }
}

impl Assistant {
    /// Typed text in a private chat: the open form's answer, a question asked on the way, or
    /// (None) no form is open and it is an ordinary question.
    pub(super) async fn text_in_form(
        &self,
        inbound: &Inbound,
        text: &str,
    ) -> Result<Option<Vec<Reply>>, ChatError> {
        let Some((name, saved, form)) = self.open_any_form(inbound).await? else {
            return Ok(None);
        };
        if saved.detour.parked {
            return Ok(Some(
                Knowledge::new(self).answer_question(inbound, text).await?,
            ));
        }
        // An announcement is free text by design: whatever the lead sends is the message.
        if let OpenForm::Broadcast(broadcast) = form {
            return Ok(Some(
                Broadcasts::new(self)
                    .answer_broadcast_form(inbound, broadcast)
                    .await?,
            ));
        }
        let (field, accepted) = self.typed_field(inbound, &form, text).await?;
        let verdict = judge_typed_text(field, text, accepted, &self.faq.current());
        let chat = &inbound.chat;
        let settled = saved.detour.settled;
        let replies = match verdict {
            Verdict::Answer => {
                if saved.detour.pending.is_some() {
                    // Typed again instead of pressing a button: the held text is not needed.
                    let detour = Detour {
                        settled,
                        ..Detour::default()
                    };
                    self.save_with_detour(inbound, &name, &saved.state, detour)
                        .await?;
                }
                self.answer_open_form(inbound, form, text).await?
            }
            Verdict::AskWhich => {
                let id = getrandom::u32().map_err(anyhow::Error::from)?;
                let detour = Detour {
                    pending: Some(PendingText {
                        id,
                        text: text.to_owned(),
                    }),
                    parked: false,
                    settled,
                };
                self.save_with_detour(inbound, &name, &saved.state, detour)
                    .await?;
                vec![Reply::to(chat, ask_which(id))]
            }
            Verdict::Question | Verdict::Clinical => {
                // Answered through the question path (which keeps nothing of a clinical one).
                self.park(inbound, &name, &saved.state, settled).await?;
                let mut replies = Knowledge::new(self).answer_question(inbound, text).await?;
                add_line(&mut replies, chat, &form.kept_line());
                replies
            }
        };
        Ok(Some(replies))
    }

    /// A command: in a private chat with a form open, the form is parked while it runs, and a
    /// line after it says how to go back. /cancel and /continue are about the form itself.
    pub(super) async fn command_in_form(
        &self,
        inbound: &Inbound,
        command: &Command<'_>,
    ) -> Handled {
        let about_the_form = matches!(command.name.as_str(), "cancel" | "continue");
        if !inbound.chat.is_private() || about_the_form {
            return self.on_command(inbound, command).await;
        }
        let parked = match self.open_saved::<Value>(inbound, None).await? {
            Some((name, saved)) => {
                self.park(inbound, &name, &saved.state, saved.detour.settled)
                    .await?;
                Some(name)
            }
            None => None,
        };
        let mut replies = self.on_command(inbound, command).await?;
        let Some(parked) = parked else {
            return Ok(replies);
        };
        // Only if the command left it as it was: /start resumes it, /forgetme deletes it, and
        // /newsession or /broadcast starts another.
        if let Some((name, saved, form)) = self.open_any_form(inbound).await?
            && name == parked
            && saved.detour.parked
        {
            add_line(&mut replies, &inbound.chat, &form.reminder());
        }
        Ok(replies)
    }

    /// /continue: back to the parked form, at the question it was on.
    pub(super) async fn continue_form(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        let reply = |text: &str| Ok(vec![Reply::to(chat, Message::html(text))]);
        if !chat.is_private() {
            return reply("Forms are filled in our private chat: send /continue to me there.");
        }
        let Some((name, saved, form)) = self.open_any_form(inbound).await? else {
            return reply("There is nothing to continue. Type a question, or tap /help.");
        };
        let detour = Detour {
            settled: saved.detour.settled,
            ..Detour::default()
        };
        self.save_with_detour(inbound, &name, &saved.state, detour)
            .await?;
        let mut message = match &form {
            OpenForm::Registration(draft) => Registration::new(self).registration_prompt(draft),
            OpenForm::NewSession(draft) => NewSession::new(self).session_prompt(draft, None),
            OpenForm::Feedback(conversation) => {
                return Feedback::new(self)
                    .resume_feedback(inbound, conversation)
                    .await;
            }
            OpenForm::Broadcast(broadcast) => broadcasts::broadcast_prompt(broadcast),
            OpenForm::Nights(_) => RotaNights::new(self).nights_prompt(),
        };
        message.html = format!("Let's carry on where we left off.\n\n{}", message.html);
        Ok(vec![Reply::to(chat, message)])
    }

    /// A press on "It's my answer" or "It's a question".
    pub(super) async fn on_pending_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        button: FormPress,
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = |text: &str| Ok(Reply::notice(chat, query_id, text));
        // The form was finished or closed since: a second press, most likely.
        let Some((name, saved, form)) = self.open_any_form(inbound).await? else {
            return notice(ALREADY_DONE);
        };
        let text = match saved.detour.pending {
            Some(pending) if pending.id == button.text_id() => pending.text,
            _ if saved.detour.settled == Some(button.text_id()) => return notice(ALREADY_DONE),
            _ => return notice(EXPIRED),
        };
        let mut replies = Vec::new();
        if let Some(message_id) = message_id {
            replies.push(Reply {
                chat_id: chat.id,
                thread_id: chat.thread_id,
                action: Action::EditButtons {
                    message_id,
                    buttons: Vec::new(),
                },
            });
        }
        // The held text is dropped before anything else, so it is kept no longer than needed.
        let detour = Detour {
            pending: None,
            parked: matches!(button, FormPress::AQuestion(_)),
            settled: Some(button.text_id()),
        };
        self.save_with_detour(inbound, &name, &saved.state, detour)
            .await?;
        match button {
            FormPress::MyAnswer(_) => {
                replies.extend(self.answer_open_form(inbound, form, &text).await?);
            }
            FormPress::AQuestion(_) => {
                replies.extend(Knowledge::new(self).answer_question(inbound, &text).await?);
                add_line(&mut replies, chat, &form.kept_line());
            }
        }
        replies.push(Reply::answer_button(chat, query_id, None));
        Ok(replies)
    }

    /// The form open in this chat with its saved state. A form whose state no longer reads (saved
    /// by an older version) is dropped, as `open_form` does; one this module does not know is
    /// left alone.
    async fn open_any_form(
        &self,
        inbound: &Inbound,
    ) -> Result<Option<(String, Saved<Value>, OpenForm)>, ChatError> {
        let Some((name, saved)) = self.open_saved::<Value>(inbound, None).await? else {
            return Ok(None);
        };
        match OpenForm::read(&name, saved.state.clone()) {
            Ok(Some(form)) => Ok(Some((name, saved, form))),
            Ok(None) => Ok(None),
            Err(error) => {
                tracing::warn!(%error, form = name, "a saved form could not be read; dropping it");
                self.store
                    .clear_conversation(inbound.chat.id, inbound.from.id)
                    .await?;
                Ok(None)
            }
        }
    }

    /// Sets the form aside: typed text is a question until /continue; any held text goes.
    async fn park(
        &self,
        inbound: &Inbound,
        name: &str,
        state: &Value,
        settled: Option<u32>,
    ) -> Result<(), ChatError> {
        let detour = Detour {
            pending: None,
            parked: true,
            settled,
        };
        self.save_with_detour(inbound, name, state, detour).await
    }

    /// What the open form's current step expects, and whether the form would take `text`.
    async fn typed_field(
        &self,
        inbound: &Inbound,
        form: &OpenForm,
        text: &str,
    ) -> Result<(Field, bool), ChatError> {
        Ok(match form {
            OpenForm::Registration(draft) => {
                Registration::new(self).registration_field(draft, text)
            }
            OpenForm::NewSession(draft) => NewSession::new(self).session_form_field(draft, text),
            OpenForm::Feedback(conversation) => {
                Feedback::new(self)
                    .feedback_field(inbound, conversation)
                    .await?
            }
            OpenForm::Broadcast(_) => (Field::Comment, true),
            OpenForm::Nights(_) => RotaNights::new(self).nights_field(text),
        })
    }

    /// Gives typed text to the open form as its answer.
    async fn answer_open_form(&self, inbound: &Inbound, form: OpenForm, text: &str) -> Handled {
        match form {
            OpenForm::Registration(draft) => {
                Registration::new(self)
                    .answer_form(inbound, draft, Answer::Text(text))
                    .await
            }
            OpenForm::NewSession(draft) => {
                NewSession::new(self)
                    .answer_session_form(inbound, draft, FormAnswer::Text(text))
                    .await
            }
            OpenForm::Feedback(conversation) => {
                Feedback::new(self)
                    .answer_feedback(inbound, conversation, Some(text))
                    .await
            }
            OpenForm::Broadcast(broadcast) => {
                Broadcasts::new(self)
                    .answer_broadcast_form(inbound, broadcast)
                    .await
            }
            OpenForm::Nights(_) => {
                RotaNights::new(self)
                    .answer_nights_form(inbound, text)
                    .await
            }
        }
    }
}

/// Adds `line` under the last message this chat gets, or sends it alone when there is none or
/// it is full: one message per command keeps to Telegram's pace of one a second.
fn add_line(replies: &mut Vec<Reply>, chat: &ChatRef, line: &str) {
    let last = replies
        .iter_mut()
        .rev()
        .filter(|reply| reply.chat_id == chat.id)
        .find_map(|reply| match &mut reply.action {
            Action::Send(message) | Action::SendTracked { message, .. } => Some(message),
            _ => None,
        });
    match last {
        Some(message)
            if message.html.encode_utf16().count() + 2 + line.encode_utf16().count()
                <= MESSAGE_LIMIT =>
        {
            message.html.push_str("\n\n");
            message.html.push_str(line);
        }
        _ => replies.push(Reply::to(chat, Message::html(line))),
    }
}

/// "Is this your answer, or a question?" with its two buttons.
fn ask_which(id: u32) -> Message {
    Message::html(ASK_WHICH).with_buttons(vec![vec![
        Button::press("✍️ It's my answer", Press::Form(FormPress::MyAnswer(id))),
        Button::press("❓ It's a question", Press::Form(FormPress::AQuestion(id))),
    ]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reminder_goes_under_the_last_message_unless_it_is_full() {
        let chat = ChatRef::private(7);
        let mut replies = vec![Reply::to(&chat, Message::html("Your profile"))];
        add_line(&mut replies, &chat, "↩️ /continue");
        assert_eq!(replies.len(), 1);
        assert_eq!(
            replies[0].action,
            Action::Send(Message::html("Your profile\n\n↩️ /continue"))
        );
        let mut full = vec![Reply::to(&chat, Message::html("x".repeat(MESSAGE_LIMIT)))];
        add_line(&mut full, &chat, "↩️ /continue");
        assert_eq!(full.len(), 2);
        let mut elsewhere = vec![Reply::to(&ChatRef::private(8), Message::html("hi"))];
        add_line(&mut elsewhere, &chat, "↩️ /continue");
        assert_eq!(elsewhere.len(), 2);
    }
}
