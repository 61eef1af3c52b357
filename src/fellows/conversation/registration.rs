//! The registration conversation in a private chat: /start, the form's prompts and buttons,
//! /profile and its edits, /cancel. The form's rules are `fellows::registration`; its draft is
//! saved after every answer, so a restart resumes it.

use crate::chat::forms::Field;
use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice, texts};
use crate::fellows::Fellow;
use crate::fellows::press::RegistrationPress;
use crate::fellows::registration::{self, Answer, Draft, Next, Problem, Step};
use crate::fellows::trusts::trust_label;
use crate::message::{Button, Message, escape};

/// The conversation name registration drafts are saved under.
pub(crate) const FORM: &str = "registration";

feature_slice!(
    /// Registration and the profile: /start for someone new, the form, /profile, /cancel.
    Registration
);

impl Registration<'_> {
    /// Starts (or resumes) registration for someone not yet registered.
    pub async fn start_registration(&self, inbound: &Inbound) -> Handled {
        if let Some(draft) = self.open_draft(inbound).await? {
            // Saving it again takes it off any detour: the next text is its answer.
            self.save_draft(inbound, &draft).await?;
            let mut message = prompt(draft.step, &draft, &self.settings.trusts);
            message.html = format!("Let's carry on where we left off.\n\n{}", message.html);
            return Ok(vec![Reply::to(&inbound.chat, message)]);
        }
        let draft = Draft::new(&inbound.from.first_name);
        self.save_draft(inbound, &draft).await?;
        let mut message = prompt(Step::Consent, &draft, &self.settings.trusts);
        message.html = format!(
            "{}\n\n{}",
            texts::welcome(&inbound.from.first_name),
            message.html
        );
        Ok(vec![Reply::to(&inbound.chat, message)])
    }

    /// The saved draft, if this person has a registration form open.
    pub async fn open_draft(&self, inbound: &Inbound) -> Result<Option<Draft>, ChatError> {
        self.open_form(inbound, FORM).await
    }

    async fn save_draft(&self, inbound: &Inbound, draft: &Draft) -> Result<(), ChatError> {
        self.save_form(inbound, FORM, draft).await
    }

    /// What the current step expects typed, and whether its rules would take `text`.
    pub fn registration_field(&self, draft: &Draft, text: &str) -> (Field, bool) {
        let field = match draft.step {
            Step::Name => Field::Name,
            Step::Specialty => Field::Specialty,
            Step::Consent | Step::Trust | Step::StartDate => Field::Parsed,
        };
        let mut trial = draft.clone();
        let next = trial.answer(Answer::Text(text), self.today(), &self.settings.trusts);
        let refused = matches!(next, Next::Ask(step, Some(_)) if step == draft.step);
        (field, !refused)
    }

    /// The current step's question again, after a detour.
    pub fn registration_prompt(&self, draft: &Draft) -> Message {
        prompt(draft.step, draft, &self.settings.trusts)
    }

    fn today(&self) -> chrono::NaiveDate {
        self.now()
            .with_timezone(&self.settings.timezone)
            .date_naive()
    }

    /// An answer (typed, or a button of the current step) to the open form.
    pub async fn answer_form(
        &self,
        inbound: &Inbound,
        mut draft: Draft,
        answer: Answer<'_>,
    ) -> Handled {
        let chat = &inbound.chat;
        match draft.answer(answer, self.today(), &self.settings.trusts) {
            Next::Ask(step, problem) => {
                self.save_draft(inbound, &draft).await?;
                let choices = match &problem {
                    Some(Problem::WhichTrust(candidates)) => candidates,
                    _ => &self.settings.trusts,
                };
                let mut message = prompt(step, &draft, choices);
                if let Some(problem) = problem {
                    message.html =
                        format!("⚠️ {}\n\n{}", escape(&problem.to_string()), message.html);
                }
                Ok(vec![Reply::to(chat, message)])
            }
            Next::Declined => {
                self.store
                    .clear_conversation(chat.id, inbound.from.id)
                    .await?;
                let text = "No problem: I haven't kept anything. You can still ask me anything, and /start registers you later.";
                Ok(vec![Reply::to(chat, Message::html(text))])
            }
            Next::Complete(registration) => {
                self.complete_registration(inbound, registration, draft.editing)
                    .await
            }
        }
    }

    async fn complete_registration(
        &self,
        inbound: &Inbound,
        registration: registration::Registration,
        editing: bool,
    ) -> Handled {
        let existing = self.store.fellow(inbound.from.id).await?;
        let fellow = Fellow {
            user_id: inbound.from.id,
            name: registration.name,
            trust: registration.trust,
            start_date: registration.start_date,
            specialty: registration.specialty,
            left_on: existing.and_then(|f| f.left_on),
        };
        self.store.save_fellow(&fellow, self.now()).await?;
        crate::sessions::conversation::Eq::new(self)
            .schedule_eq_prompts(&fellow)
            .await?;
        crate::journey::nudges::Nudges::new(self)
            .schedule_nudges(&fellow)
            .await?;
        self.store
            .clear_conversation(inbound.chat.id, inbound.from.id)
            .await?;
        let heading = if editing {
            "✅ Saved. Your profile now reads:".to_owned()
        } else {
            format!(
                "✅ You're registered, {}! Welcome to the programme.",
                escape(&fellow.name)
            )
        };
        let text = format!(
            "{heading}\n\n{}\n\nMy answers now show the details for your trust. /profile shows or changes these; /mydata shows everything I keep.",
            profile_lines(&fellow)
        );
        Ok(vec![Reply::to(&inbound.chat, Message::html(text))])
    }

    /// /profile: what is registered, with a button to change each answer.
    pub async fn profile(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        if !chat.is_private() {
            return Ok(vec![Reply::to(
                chat,
                Message::html("Please use /profile in a private chat with me."),
            )]);
        }
        let Some(fellow) = self.store.fellow(inbound.from.id).await? else {
            return Ok(vec![Reply::to(
                chat,
                Message::html(
                    "You're not registered yet. Tap /start to register: it takes a minute.",
                ),
            )]);
        };
        let edit = |label: &str, step| choose(label, RegistrationPress::Edit(step));
        let buttons = vec![
            vec![edit("✏️ Name", Step::Name), edit("✏️ Trust", Step::Trust)],
            vec![
                edit("✏️ Start date", Step::StartDate),
                edit("✏️ Specialty", Step::Specialty),
            ],
        ];
        let text = format!("<b>Your profile</b>\n\n{}", profile_lines(&fellow));
        Ok(vec![Reply::to(
            chat,
            Message::html(text).with_buttons(buttons),
        )])
    }

    /// A press on the registration form, or on the profile's "edit" buttons.
    pub async fn on_form_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        press: RegistrationPress,
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = |text: &str| Ok(Reply::notice(chat, query_id, text));
        if let RegistrationPress::Edit(step) = press {
            return self.edit_profile(inbound, query_id, step).await;
        }
        let Some((step, value)) = press.answer() else {
            return Ok(Vec::new());
        };
        let Some(draft) = self.open_draft(inbound).await? else {
            return notice("This form is closed. Tap /start to begin again.");
        };
        // A button from an earlier step (pressed twice, or an old message) changes nothing.
        if draft.step != step {
            return notice("That step is done already.");
        }
        self.answer_form(inbound, draft, Answer::Choice(value))
            .await
    }

    /// "✏️ Name" and the like under /profile: asks that question again.
    async fn edit_profile(&self, inbound: &Inbound, query_id: &str, step: Step) -> Handled {
        let chat = &inbound.chat;
        let Some(fellow) = self.store.fellow(inbound.from.id).await? else {
            return Ok(Reply::notice(
                chat,
                query_id,
                "You're not registered yet: tap /start.",
            ));
        };
        let draft = Draft::editing(&fellow, step);
        self.save_draft(inbound, &draft).await?;
        Ok(vec![Reply::to(
            chat,
            prompt(step, &draft, &self.settings.trusts),
        )])
    }

    /// /cancel: closes an open form without saving it.
    pub async fn cancel(&self, inbound: &Inbound) -> Handled {
        let open = self
            .store
            .load_conversation(inbound.chat.id, inbound.from.id)
            .await?;
        self.store
            .clear_conversation(inbound.chat.id, inbound.from.id)
            .await?;
        let text = match open {
            // Only registration is begun again with /start; other forms have their own command.
            Some(open) if open.form == FORM => {
                "Stopped. Nothing from that form was saved. Tap /start to begin again, or just ask me a question."
            }
            Some(_) => {
                "Stopped. Nothing from that form was saved. Ask me a question whenever you like."
            }
            None => "Nothing to cancel. Type a question, or tap /faq.",
        };
        Ok(vec![Reply::to(&inbound.chat, Message::html(text))])
    }
}

fn profile_lines(fellow: &Fellow) -> String {
    format!(
        "Name: <b>{}</b>\nTrust: <b>{}</b>\nStart date: <b>{}</b>\nSpecialty: <b>{}</b>",
        escape(&fellow.name),
        escape(&fellow.trust),
        crate::chat::dates::in_words_with_year(fellow.start_date),
        escape(&fellow.specialty)
    )
}

/// The question for `step`, with its buttons.
/// A button on the form or the profile.
fn choose(label: impl Into<String>, press: RegistrationPress) -> Button {
    Button::press(label, press)
}

fn prompt(step: Step, draft: &Draft, trusts: &[String]) -> Message {
    match step {
        Step::Consent => Message::html(
            "<b>Let's get you registered</b> (about a minute).\n\n\
             So that I can remind you of sessions, introduce your buddy and show the details for your trust, I keep:\n\
             • your name, trust, start (or arrival) date and specialty\n\
             • your Telegram id and username\n\n\
             <b>Who sees it:</b> the programme leads; your buddy sees your name and username. \
             The programme's yearly figures count fellows but never name them.\n\
             <b>How long:</b> while you are in the programme and 12 months after you leave. \
             /mydata shows everything; /forgetme deletes it at any time.\n\nIs that OK?",
        )
        .with_buttons(vec![vec![
            choose("✅ Yes, register me", RegistrationPress::Consent(true)),
            choose("Not now", RegistrationPress::Consent(false)),
        ]]),
        Step::Name => Message::html(format!(
            "<b>1 of 4</b> · What name should the programme use for you? Type it, or tap the button to use <b>{}</b>.",
            escape(&draft.suggested_name)
        ))
        .with_buttons(vec![vec![choose(format!("Use “{}”", shorten(&draft.suggested_name, 40)), RegistrationPress::KeepName)]]),
        Step::Trust => Message::html(
            "<b>2 of 4</b> · Which trust are you joining? Tap it, or type the town or hospital.",
        )
        .with_buttons(
            trusts
                .iter()
                .map(|t| vec![choose(trust_label(t), RegistrationPress::Trust(t.clone()))])
                .collect(),
        ),
        Step::StartDate => Message::html(
            "<b>3 of 4</b> · When do you start? If you haven't arrived yet, your expected start date is fine. \
             Type a date like <i>14/01/2027</i>.",
        ),
        Step::Specialty => {
            // Said back in words, so a date read the wrong way round is caught before it is saved.
            let noted = draft.start_date.map_or(String::new(), |date| {
                format!("Start date: <b>{}</b> ✅ (/profile changes it later)\n\n", crate::chat::dates::in_words_with_year(date))
            });
            Message::html(format!("{noted}<b>4 of 4</b> · Your specialty or department? For example <i>Acute medicine</i>."))
        }
    }
}

fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(limit).collect::<String>())
    }
}
