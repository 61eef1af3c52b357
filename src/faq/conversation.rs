//! The knowledge-base conversation: questions, article commands, the /faq menu, 👍/👎, and the
//! leads' /reload. The leads' /unanswered is `unanswered`.

use super::unanswered::{Unanswered, topic_picker};
use crate::chat::{Action, ChatError, ChatRef, Handled, Inbound, Reply, feature_slice, texts};
use crate::faq::answers::{self as says, FaqAnswer};
use crate::faq::press::{FaqPress, Shown};
use crate::faq::{
    AnswerView, category_menu, faq_button, full_answer, main_menu, render_summary, short_answer,
    topic_card,
};
use crate::fellows::conversation::Roles;
use crate::message::{Button, Message, escape};
use crate::safety::conversation::HelpFirst;
use crate::safety::{Triage, signposts};
use crate::store::{BotStatus, QuestionOutcome, RecordedQuestion};

/// The article whose answer also lists the people holding lead roles.
const CONTACTS_TOPIC: &str = "contacts";

feature_slice!(
    /// The FAQ conversation: questions, articles, the menu and its buttons, /reload.
    Knowledge
);

impl Knowledge<'_> {
    /// Answers a free-text question and records it (without its text when it was clinical).
    pub async fn answer_question(&self, inbound: &Inbound, question: &str) -> Handled {
        let base = self.faq.current();
        let answer = crate::faq::answers::answer_question(&base, question);
        let chat = &inbound.chat;
        let simple = |message: Message| Ok(vec![Reply::to(chat, message)]);
        let outcome = match &answer {
            // Never recorded: not even an empty row.
            FaqAnswer::Crisis => {
                return HelpFirst::new(self)
                    .help_first(inbound, Triage::Crisis)
                    .await;
            }
            FaqAnswer::Emergency(kind) => {
                return HelpFirst::new(self)
                    .help_first(inbound, Triage::Emergency(*kind))
                    .await;
            }
            FaqAnswer::Clinical => {
                self.record(inbound, question, &answer, QuestionOutcome::Declined)
                    .await?;
                return simple(signposts::clinical_message());
            }
            FaqAnswer::Greeting => return simple(says::greeting_message(&inbound.from.first_name)),
            FaqAnswer::Thanks => return simple(says::thanks_message()),
            FaqAnswer::Farewell => return simple(says::farewell_message()),
            // Counted with the declined questions, so leads see demand without a "Teach" button
            // for something no article should answer.
            FaqAnswer::OutOfScope(subject) => {
                self.record(inbound, question, &answer, QuestionOutcome::Declined)
                    .await?;
                return simple(says::out_of_scope_message(*subject));
            }
            FaqAnswer::AboutTheBot => return simple(says::about_the_bot_message()),
            FaqAnswer::ElsewhereAbroad => return simple(says::elsewhere_abroad_message()),
            FaqAnswer::TooLong => return simple(says::too_long_message()),
            FaqAnswer::Answer { .. } => QuestionOutcome::Answered,
            FaqAnswer::Suggest { .. } => QuestionOutcome::Suggested,
            FaqAnswer::Unknown { .. } => QuestionOutcome::Unanswered,
        };
        let question_id = self.record(inbound, question, &answer, outcome).await?;
        match answer {
            FaqAnswer::Answer { topic, .. } => {
                self.deliver_article(inbound, &topic, Some(question_id))
                    .await
            }
            FaqAnswer::Suggest { topics, .. } => simple(says::suggestion_message(&base, &topics)),
            _ => simple(says::unknown_message()),
        }
    }

    async fn record(
        &self,
        inbound: &Inbound,
        question: &str,
        answer: &FaqAnswer,
        outcome: QuestionOutcome,
    ) -> Result<i64, ChatError> {
        let record = RecordedQuestion {
            asked_by: inbound.from.id,
            question: question.trim(),
            topic: answer.topic(),
            score: f64::from(answer.score()),
            outcome,
        };
        Ok(self.store.record_question(record, self.now()).await?)
    }

    /// Sends an article where the person can read it: its short answer first, with the rest
    /// one tap away. In a group: privately if they have started the bot (with a pointer in the
    /// group), otherwise the short answer with a link that opens the private chat. `rate` adds
    /// 👍/👎 for that question.
    pub async fn deliver_article(
        &self,
        inbound: &Inbound,
        topic: &str,
        rate: Option<i64>,
    ) -> Handled {
        let base = self.faq.current();
        let Some(article) = base.article(topic) else {
            return Ok(vec![Reply::to(&inbound.chat, says::unknown_message())]);
        };
        let directory = self.directory_for(inbound, &article.id).await?;
        let short = short_answer(article, directory.as_deref(), rate);
        if inbound.chat.is_private() {
            return Ok(vec![Reply::to(&inbound.chat, short)]);
        }
        let private = ChatRef::private(inbound.from.id);
        if self.store.chat_status(inbound.from.id).await? == Some(BotStatus::Member) {
            let pointer = format!(
                "📬 {}, I've sent you the answer about <b>{}</b> in our private chat.",
                escape(&inbound.from.first_name),
                escape(&article.title)
            );
            return Ok(vec![
                Reply::to(&private, short),
                Reply::to(&inbound.chat, Message::html(pointer)),
            ]);
        }
        let buttons = vec![vec![Button::url(
            "📖 Read the full answer",
            self.deep_link(&format!("faq-{}", article.id)),
        )]];
        Ok(vec![Reply::to(
            &inbound.chat,
            Message::html(render_summary(article)).with_buttons(buttons),
        )])
    }

    /// The people holding lead roles, for the contacts article (at the reader's trust first).
    async fn directory_for(
        &self,
        inbound: &Inbound,
        topic: &str,
    ) -> Result<Option<String>, ChatError> {
        if topic != CONTACTS_TOPIC {
            return Ok(None);
        }
        let fellow = self.store.fellow(inbound.from.id).await?;
        let trust = fellow.as_ref().map(|f| f.trust.as_str());
        Ok(Some(Roles::new(self).contacts_directory(trust).await?.html))
    }

    /// "📖 Read more" and "◀ Less": the same message, edited to the other view.
    async fn show_answer_view(
        &self,
        inbound: &Inbound,
        message_id: Option<i32>,
        view: AnswerView,
    ) -> Handled {
        let chat = &inbound.chat;
        let base = self.faq.current();
        let Some(article) = base.article(&view.topic) else {
            return Ok(vec![Reply::to(chat, says::unknown_message())]);
        };
        let directory = self.directory_for(inbound, &article.id).await?;
        let mut messages = if view.full {
            let fellow = self.store.fellow(inbound.from.id).await?;
            let trust = fellow.as_ref().map(|f| f.trust.as_str());
            full_answer(article, trust, directory, view.question)
        } else {
            vec![short_answer(article, directory.as_deref(), view.question)]
        }
        .into_iter();
        let mut replies = Vec::new();
        if let Some(first) = messages.next() {
            replies.push(match message_id {
                Some(id) => Reply::edit(chat, id, first),
                None => Reply::to(chat, first),
            });
        }
        replies.extend(messages.map(|rest| Reply::to(chat, rest)));
        Ok(replies)
    }

    /// A press on one of the FAQ's buttons.
    pub async fn on_faq_button(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        press: FaqPress,
    ) -> Handled {
        let chat = &inbound.chat;
        let base = self.faq.current();
        let edit_or_send = |message: Message| match message_id {
            Some(id) => Reply::edit(chat, id, message),
            None => Reply::to(chat, message),
        };
        if press.is_for_leads() && !self.access(inbound.from.id).await?.lead {
            return Ok(Reply::notice(chat, query_id, texts::leads_only()));
        }
        match press {
            FaqPress::Menu => Ok(vec![edit_or_send(main_menu())]),
            FaqPress::Category(category) => Ok(vec![edit_or_send(category_menu(&base, category))]),
            FaqPress::Topic(topic) => match base.article(&topic) {
                Some(article) => Ok(vec![edit_or_send(topic_card(article))]),
                None => Ok(vec![edit_or_send(main_menu())]),
            },
            FaqPress::Answer(topic) => self.deliver_article(inbound, &topic, None).await,
            FaqPress::View(view) => self.show_answer_view(inbound, message_id, view).await,
            FaqPress::Rate {
                question,
                helpful,
                shown,
            } => {
                self.rate_answer(inbound, query_id, message_id, question, helpful, shown)
                    .await
            }
            FaqPress::Teach(question) => {
                let Some(text) = self.store.question_text(question).await? else {
                    return Ok(Reply::notice(chat, query_id, "That question is gone."));
                };
                Ok(vec![edit_or_send(topic_picker(&base, question, &text))])
            }
            FaqPress::Unanswered => Ok(vec![edit_or_send(
                Unanswered::new(self).unanswered_list().await?,
            )]),
            FaqPress::Learn { question, topic } => {
                let message = Unanswered::new(self)
                    .teach_alias(inbound.from.id, question, &topic)
                    .await?;
                Ok(vec![edit_or_send(message)])
            }
        }
    }

    /// 👍 or 👎: counted once, from the person who asked; the view's toggle stays under it.
    async fn rate_answer(
        &self,
        inbound: &Inbound,
        query_id: &str,
        message_id: Option<i32>,
        question: i64,
        helpful: bool,
        shown: Option<Shown>,
    ) -> Handled {
        let chat = &inbound.chat;
        let notice = if self
            .store
            .rate_answer(question, inbound.from.id, helpful)
            .await?
        {
            if helpful {
                "Thanks! Glad it helped."
            } else {
                "Thanks for telling us. The leads will improve this answer."
            }
        } else {
            "Only the person who asked can rate this answer."
        };
        let mut replies = Reply::notice(chat, query_id, notice);
        if let Some(message_id) = message_id.filter(|_| notice.starts_with("Thanks")) {
            // What stays under the answer once the vote is in: its "Read more" / "Less".
            let remaining = shown.map_or_else(Vec::new, |shown| {
                short_or_full_toggle(&shown.topic, shown.full)
            });
            replies.push(Reply {
                chat_id: chat.id,
                thread_id: chat.thread_id,
                action: Action::EditButtons {
                    message_id,
                    buttons: remaining,
                },
            });
        }
        Ok(replies)
    }

    pub async fn reload_command(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        let learned = self.store.learned_aliases().await?;
        let text = match self.faq.reload(&learned) {
            Ok(count) => {
                tracing::info!(articles = count, "content reloaded on a lead's request");
                format!("✅ Reloaded {count} articles from the content folder.")
            }
            Err(errors) => {
                tracing::warn!(
                    problems = errors.0.len(),
                    "a reload was refused; the previous content stays live"
                );
                let lines: Vec<String> = errors
                    .0
                    .iter()
                    .take(20)
                    .map(|p| format!("• {}", escape(&p.to_string())))
                    .collect();
                format!(
                    "❌ The content has problems, so I kept the previous version live:\n{}",
                    lines.join("\n")
                )
            }
        };
        let catalogue = match crate::sessions::Catalogue::load_from_content(self.faq.content_dir())
        {
            Ok(catalogue) => {
                let count = catalogue.types().len();
                self.replace_catalogue(catalogue);
                format!("✅ {count} session types.")
            }
            Err(problem) => format!("❌ Session types kept as they were: {}", escape(&problem)),
        };
        let base = self.faq.current();
        let journey = match crate::journey::load_from_content(
            self.faq.content_dir(),
            &base,
            &self.settings.trusts,
        ) {
            Ok(journey) => {
                let count = journey.steps().len();
                self.replace_journey(journey);
                crate::journey::nudges::Nudges::new(self)
                    .schedule_all_nudges()
                    .await?;
                format!("✅ {count} journey steps.")
            }
            Err(errors) => {
                let lines: Vec<String> = errors
                    .0
                    .iter()
                    .take(20)
                    .map(|p| format!("• {}", escape(&p.to_string())))
                    .collect();
                format!(
                    "❌ The journey has problems, so I kept the previous version live:\n{}",
                    lines.join("\n")
                )
            }
        };
        Ok(vec![Reply::to(
            chat,
            Message::html(format!("{text}\n{catalogue}\n{journey}")),
        )])
    }
}

/// The "Read more" / "Less" button alone, for an answer whose 👍/👎 has been pressed.
fn short_or_full_toggle(topic: &str, full: bool) -> Vec<Vec<Button>> {
    let view = if full {
        AnswerView::short(topic, None)
    } else {
        AnswerView::full(topic, None)
    };
    let label = if full { "◀ Less" } else { "📖 Read more" };
    vec![vec![faq_button(label, FaqPress::View(view))]]
}
