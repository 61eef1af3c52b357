//! Answering a form: the rating, the Situation–Behaviour–Impact questions and the suggestion,
//! each saved as it comes, and the choice to stay anonymous or add a name.

use super::messages::{closing_day, prompt, prompt_heading, prompt_subject, question};
use super::{FORM, Feedback, FeedbackConversation};
use crate::chat::{ChatError, Handled, Inbound, Reply};
use crate::feedback::{Rating, Step, respondent_key};
use crate::message::Message;
use crate::store::{FeedbackAnswers, FeedbackForm};

/// A fellow answering a form: the form, their respondent key, the trust they were invited from
/// and their answers so far.
pub(super) struct Answering {
    pub(super) form: FeedbackForm,
    key: String,
    trust: String,
    pub(super) answers: FeedbackAnswers,
}

impl Feedback<'_> {
    /// The form, this fellow's key and answers so far, and the trust they were invited from;
    /// Err (with the reason to show) when the form is closed or not for them.
    pub(super) async fn answers_for(
        &self,
        user_id: i64,
        form_id: i64,
    ) -> Result<Result<Answering, &'static str>, ChatError> {
        let Some(form) = self.store.feedback_form(form_id).await? else {
            return Ok(Err("That feedback form no longer exists."));
        };
        let Some(salt) = form.salt.clone() else {
            return Ok(Err(
                "This feedback form has closed. Thank you all the same!",
            ));
        };
        if self.store.fellow(user_id).await?.is_none() {
            return Ok(Err(
                "Feedback is for registered fellows: send /start to register.",
            ));
        }
        let Some(trust) = self.store.invited_trust(form.id, user_id).await? else {
            return Ok(Err(
                "This form is for the people who were there. /feedback shows yours.",
            ));
        };
        let key = respondent_key(&salt, user_id);
        let answers = self
            .store
            .feedback_answers(form.id, &key)
            .await?
            .unwrap_or_else(|| FeedbackAnswers {
                step: Step::Rating.as_str().into(),
                ..FeedbackAnswers::default()
            });
        Ok(Ok(Answering {
            form,
            key,
            trust,
            answers,
        }))
    }

    async fn save(&self, answering: &Answering) -> Result<(), ChatError> {
        // The trust of the invitation, not the fellow's current one: closing labels responses by
        // their invitations, and a trust nobody was invited from would stand out.
        self.store
            .save_feedback_answers(
                answering.form.id,
                &answering.key,
                Some(&answering.trust),
                &answering.answers,
                self.now(),
            )
            .await?;
        Ok(())
    }

    pub(super) async fn rate(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        form_id: i64,
        rating: Rating,
    ) -> Handled {
        let chat = &inbound.chat;
        let mut answering = match self.answers_for(inbound.from.id, form_id).await? {
            Ok(found) => found,
            Err(reason) => return Ok(Reply::notice(chat, query_id, reason)),
        };
        let answers = &mut answering.answers;
        let rating = i64::from(rating.value());
        let step = answers.step();
        if step != Step::Rating && step != Step::Done {
            // The stars belong to the first step: a press while the questions are under way
            // comes from an older message, and changes nothing.
            let mut replies = Reply::notice(
                chat,
                query_id,
                "That button is from an earlier step. Your rating is kept; here is where you are.",
            );
            replies.push(Reply::to(chat, question(&answering.form, answers)));
            return Ok(replies);
        }
        answers.rating = Some(rating);
        if matches!(step, Step::Rating | Step::Done) {
            answers.step = Step::Situation.as_str().into();
        }
        self.save(&answering).await?;
        self.save_form(inbound, FORM, &FeedbackConversation::of(form_id))
            .await?;
        let mut replies = Vec::new();
        if let Some(message_id) = message_id {
            let text = format!(
                "{}\n\nYou rated it {rating}/5 ✅",
                prompt_heading(&answering.form, false)
            );
            replies.push(Reply::edit(chat, message_id, Message::html(text)));
        }
        replies.push(Reply::to(
            chat,
            question(&answering.form, &answering.answers),
        ));
        Ok(replies)
    }

    /// Saves `text` for the current step (None: skipped, keeping any earlier answer) and asks the
    /// next question.
    pub(super) async fn advance(
        &self,
        inbound: &Inbound,
        form_id: i64,
        text: Option<&str>,
    ) -> Handled {
        let chat = &inbound.chat;
        let mut answering = match self.answers_for(inbound.from.id, form_id).await? {
            Ok(found) => found,
            Err(reason) => {
                self.store
                    .clear_conversation(chat.id, inbound.from.id)
                    .await?;
                return Ok(vec![Reply::to(chat, Message::html(reason))]);
            }
        };
        let answers = &mut answering.answers;
        let step = answers.step();
        if !step.is_text() {
            return Ok(vec![Reply::to(chat, question(&answering.form, answers))]);
        }
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            let field = match step {
                Step::Situation => &mut answers.situation,
                Step::Behaviour => &mut answers.behaviour,
                Step::Impact => &mut answers.impact,
                _ => &mut answers.suggestion,
            };
            *field = Some(text.to_owned());
        }
        answers.step = step.next().as_str().into();
        self.save(&answering).await?;
        // Saved again as it moves on, so text held from the last question (a "Skip" pressed
        // instead of saying which it was) is dropped, not given to the next one.
        if self
            .open_feedback_conversation(inbound)
            .await?
            .is_some_and(|open| open.form_id == form_id)
        {
            self.save_form(inbound, FORM, &FeedbackConversation::of(form_id))
                .await?;
        }
        Ok(vec![Reply::to(
            chat,
            question(&answering.form, &answering.answers),
        )])
    }

    /// /feedback's button for a form: the rating if nothing is answered yet (or all of it, to
    /// change it), otherwise the first question not answered yet.
    pub(super) async fn resume(&self, inbound: &Inbound, query_id: &str, form_id: i64) -> Handled {
        let chat = &inbound.chat;
        let answering = match self.answers_for(inbound.from.id, form_id).await? {
            Ok(found) => found,
            Err(reason) => return Ok(Reply::notice(chat, query_id, reason)),
        };
        let step = answering.answers.step();
        if matches!(step, Step::Rating | Step::Done) {
            return Ok(vec![Reply::to(chat, prompt(&answering.form, false))]);
        }
        self.save_form(inbound, FORM, &FeedbackConversation::of(form_id))
            .await?;
        let mut message = question(&answering.form, &answering.answers);
        let rated = answering
            .answers
            .rating
            .map_or(String::new(), |r| format!(" You rated it {r}/5."));
        message.html = format!(
            "Welcome back to {}.{rated} Carrying on where you left off:\n\n{}",
            prompt_subject(&answering.form),
            message.html
        );
        Ok(vec![Reply::to(chat, message)])
    }

    pub(super) async fn finish(
        &self,
        inbound: &Inbound,
        query_id: &str,
        form_id: i64,
        named: bool,
    ) -> Handled {
        let chat = &inbound.chat;
        let mut answering = match self.answers_for(inbound.from.id, form_id).await? {
            Ok(found) => found,
            Err(reason) => return Ok(Reply::notice(chat, query_id, reason)),
        };
        answering.answers.user_id = named.then_some(inbound.from.id);
        answering.answers.step = Step::Done.as_str().into();
        self.save(&answering).await?;
        let form = &answering.form;
        self.store
            .clear_conversation(chat.id, inbound.from.id)
            .await?;
        let who = if named {
            "with your name"
        } else {
            "anonymously"
        };
        let text = format!(
            "Thank you! 🙏 Your feedback is saved {who}. You can change it until {} with /feedback.",
            closing_day(form.closes_at, self.settings.timezone)
        );
        Ok(vec![Reply::to(chat, Message::html(text))])
    }
}
