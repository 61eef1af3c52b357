//! Feedback conversations: the rating and the three Situation–Behaviour–Impact questions with a
//! suggestion, named or anonymous, each answer saved as it comes; /feedback for open forms and
//! services. When forms open and close is `feedback_rounds`' part.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::feedback_rounds::NewFormSpec;
use super::forms::Field;
use super::{
    Assistant, Button, ChatError, FeedbackPress, Handled, Inbound, Message, Press, Reply, escape,
};
use crate::feedback::{ANSWER_LIMIT, FormKind, Rating, Step, respondent_key};
use crate::store::{FeedbackAnswers, FeedbackForm};

/// The conversation name a feedback conversation is saved under.
pub(super) const FORM: &str = "feedback";

/// The feedback form a fellow is answering in their private chat.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct FeedbackConversation {
    form_id: i64,
}

/// A fellow answering a form: the form, their respondent key, the trust they were invited from
/// and their answers so far.
struct Answering {
    form: FeedbackForm,
    key: String,
    trust: String,
    answers: FeedbackAnswers,
}

impl FeedbackConversation {
    /// The conversation as saved while `form_id` is being answered (closing deletes these).
    pub(super) fn saved_state(form_id: i64) -> Result<(&'static str, String), ChatError> {
        let state = serde_json::to_string(&Self { form_id }).map_err(anyhow::Error::from)?;
        Ok((FORM, state))
    }
}

/// Programme services fellows can give feedback on at any time: (key, title).
pub(super) const SERVICES: [(&str, &str); 4] = [
    ("buddy", "The buddy scheme"),
    ("pastoral", "Pastoral support"),
    ("induction", "Induction"),
    ("bot", "This bot"),
];

impl Assistant {
    /// The open feedback conversation in this private chat, if any.
    pub(super) async fn open_feedback_conversation(
        &self,
        inbound: &Inbound,
    ) -> Result<Option<FeedbackConversation>, ChatError> {
        self.open_private_form(inbound, FORM).await
    }

    /// A typed answer (or something that is not text) to the current question.
    pub(super) async fn answer_feedback(
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
        if text.chars().count() > ANSWER_LIMIT {
            let hint = format!(
                "That's longer than I can keep ({ANSWER_LIMIT} characters at most). Could you shorten it a little? Nothing is lost: your other answers are saved."
            );
            return Ok(vec![Reply::to(chat, Message::html(hint))]);
        }
        self.advance(inbound, conversation.form_id, Some(text.trim()))
            .await
    }

    /// What the current question expects typed, and whether it would take `text`: a comment at
    /// the three questions and the suggestion, a button anywhere else.
    pub(super) async fn feedback_field(
        &self,
        inbound: &Inbound,
        conversation: &FeedbackConversation,
        text: &str,
    ) -> Result<(Field, bool), ChatError> {
        Ok(
            match self
                .answers_for(inbound.from.id, conversation.form_id)
                .await?
            {
                Ok(answering) if answering.answers.step().is_text() => {
                    (Field::Comment, text.chars().count() <= ANSWER_LIMIT)
                }
                Ok(_) => (Field::Parsed, false),
                // Closed, or not theirs: answering says so.
                Err(_) => (Field::Parsed, true),
            },
        )
    }

    /// The current question again, after a detour.
    pub(super) async fn resume_feedback(
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
    pub(super) async fn on_feedback_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        press: FeedbackPress,
    ) -> Handled {
        let chat = &inbound.chat;
        match press {
            FeedbackPress::Service(key) => self.service_feedback(inbound, key).await,
            FeedbackPress::Tell(cycle) => self.tell_cycle(inbound, query_id, cycle).await,
            FeedbackPress::Rate { form, rating } => {
                self.rate(inbound, query_id, message_id, form, rating).await
            }
            FeedbackPress::Skip(form) => self.advance(inbound, form, None).await,
            FeedbackPress::Anonymous(form) => self.finish(inbound, query_id, form, false).await,
            FeedbackPress::Named(form) => self.finish(inbound, query_id, form, true).await,
            FeedbackPress::Start(form) => {
                let Some(form) = self.store.feedback_form(form).await? else {
                    return Ok(Reply::notice(chat, query_id, "That form no longer exists."));
                };
                Ok(vec![Reply::to(chat, prompt(&form, false))])
            }
            FeedbackPress::NotNow(_) => match message_id {
                Some(message_id) => Ok(vec![Reply::edit(
                    chat,
                    message_id,
                    Message::html(
                        "No problem. If you change your mind before it closes, /feedback.",
                    ),
                )]),
                None => Ok(Vec::new()),
            },
        }
    }

    /// The form, this fellow's key and answers so far, and the trust they were invited from;
    /// Err (with the reason to show) when the form is closed or not for them.
    async fn answers_for(
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

    async fn rate(
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
        if answers.rating == Some(rating) && step != Step::Rating && step != Step::Done {
            // A second press of the same star while the questions are under way.
            return Ok(Reply::notice(chat, query_id, "Got it ✅"));
        }
        answers.rating = Some(rating);
        if matches!(step, Step::Rating | Step::Done) {
            answers.step = Step::Situation.as_str().into();
        }
        self.save(&answering).await?;
        self.save_form(inbound, FORM, &FeedbackConversation { form_id })
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
    async fn advance(&self, inbound: &Inbound, form_id: i64, text: Option<&str>) -> Handled {
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
            self.save_form(inbound, FORM, &FeedbackConversation { form_id })
                .await?;
        }
        Ok(vec![Reply::to(
            chat,
            question(&answering.form, &answering.answers),
        )])
    }

    async fn finish(
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

    /// /feedback: the open forms this fellow was asked to fill in, and the services.
    pub(super) async fn feedback_command(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        if !chat.is_private() {
            let text = "Feedback is private: send /feedback to me in a private chat.";
            return Ok(vec![Reply::to(chat, Message::html(text))]);
        }
        let forms = self.store.open_forms_for(inbound.from.id).await?;
        let mut rows: Vec<Vec<Button>> = forms
            .iter()
            .map(|f| {
                vec![choose(
                    format!("✍️ {} ({})", f.title, f.held_on),
                    FeedbackPress::Start(f.id),
                )]
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
            "📝 Sessions waiting for your feedback (you can change answers until a form closes), or tell us about a service:"
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
        let form = self
            .open_form_for(NewFormSpec {
                subject: format!("service:{key}:{month}"),
                kind: FormKind::Service,
                session_id: None,
                session_type: format!("service-{key}"),
                title: (*title).to_owned(),
                held_on: format!("{month}-01"),
                closes_at: Some(self.end_of_month()),
            })
            .await?;
        self.store
            .invite_to_feedback(form.id, fellow.user_id, Some(&fellow.trust), self.now())
            .await?;
        Ok(vec![Reply::to(chat, prompt(&form, false))])
    }
}

fn prompt_heading(form: &FeedbackForm, reminder: bool) -> String {
    let title = escape(&form.title);
    let nudge = if reminder {
        "⏰ A gentle reminder. "
    } else {
        ""
    };
    match form.kind {
        FormKind::Session => format!("📝 {nudge}<b>How was {title}</b> ({})?", form.held_on),
        FormKind::Service => {
            format!("📝 {nudge}<b>Feedback on {title}</b>: how has it been for you?")
        }
        FormKind::Exit => format!(
            "👋 {nudge}Sorry to see you go, and thank you for your work here. <b>How was the programme for you overall?</b>"
        ),
    }
}

/// The first message of a form: the heading and the rating buttons.
pub(super) fn prompt(form: &FeedbackForm, reminder: bool) -> Message {
    // One fellow is asked an exit survey: without their name it is still theirs, and they
    // should know that.
    let privacy = match form.kind {
        FormKind::Exit => {
            "Your name is kept with it only if you add it, but as you are the only one asked, the programme team will know it is yours"
        }
        _ => "It's anonymous unless you choose to add your name",
    };
    let text = format!(
        "{}\nTap a rating, then three short questions; skip any you like. {privacy}, and it takes under a minute.",
        prompt_heading(form, reminder)
    );
    let stars = (1..=5)
        .filter_map(Rating::new)
        .map(|rating| {
            let label = format!("{} ⭐", rating.value());
            choose(
                label,
                FeedbackPress::Rate {
                    form: form.id,
                    rating,
                },
            )
        })
        .collect();
    let later = vec![choose("Not this time", FeedbackPress::NotNow(form.id))];
    Message::html(text).with_buttons(vec![stars, later])
}

/// The question for where the fellow is in the form.
fn question(form: &FeedbackForm, answers: &FeedbackAnswers) -> Message {
    let step = answers.step();
    match step {
        Step::Named => Message::html(
            "Last thing: keep it <b>anonymous</b>, or add your name so the team can follow up with you?",
        )
        .with_buttons(vec![vec![
            choose("🙈 Keep it anonymous", FeedbackPress::Anonymous(form.id)),
            choose("🙋 Add my name", FeedbackPress::Named(form.id)),
        ]]),
        Step::Rating | Step::Done => prompt(form, false),
        text_step => {
            let earlier = match text_step {
                Step::Situation => &answers.situation,
                Step::Behaviour => &answers.behaviour,
                Step::Impact => &answers.impact,
                _ => &answers.suggestion,
            };
            let mut text = text_step.question(form.kind).to_owned();
            let skip = match earlier {
                Some(before) => {
                    text.push_str(&format!("\nYou said: <i>{}</i>", escape(before)));
                    "Keep my answer"
                }
                None => "Skip",
            };
            Message::html(text).with_buttons(vec![vec![choose(skip, FeedbackPress::Skip(form.id))]])
        }
    }
}

/// A feedback button.
fn choose(label: impl Into<String>, press: FeedbackPress) -> Button {
    Button::press(label, Press::Feedback(press))
}

fn closing_day(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    at.with_timezone(&zone).format("%a %-d %b").to_string()
}
