//! The leads' /unanswered: the questions the bot could not answer well, and teaching it which
//! topic answers one (a learned alias). The buttons that lead here are routed in `conversation`.

use chrono::Duration;

use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};

use crate::message::{Button, Message, escape};

use crate::faq::faq_button;
use crate::faq::press::FaqPress;
use crate::faq::similar::{SimilarQuestions, group_similar};

/// How far back /unanswered looks.
pub const UNANSWERED_WINDOW_DAYS: i64 = 60;
/// Longest question a lead can turn into an alias.
const ALIAS_LIMIT: usize = 120;
/// Lines in the list, each a question and those worded like it.
const LIST_LENGTH: usize = 10;
/// Wordings read to find the near-duplicates among them.
const WORDINGS_READ: i64 = 200;

feature_slice!(
    /// The leads' /unanswered, and teaching the bot a question's topic.
    Unanswered
);

impl Unanswered<'_> {
    /// /unanswered: the list, privately.
    pub async fn unanswered_command(&self, inbound: &Inbound) -> Handled {
        let chat = &inbound.chat;
        if !chat.is_private() {
            return Ok(vec![Reply::to(
                chat,
                Message::html("Please use /unanswered in a private chat with me."),
            )]);
        }
        Ok(vec![Reply::to(chat, self.unanswered_list().await?)])
    }

    pub async fn unanswered_list(&self) -> Result<Message, ChatError> {
        let groups = self.similar_questions().await?;
        if groups.is_empty() {
            return Ok(Message::html(format!(
                "🎉 No unanswered or unhelpful questions in the last {UNANSWERED_WINDOW_DAYS} days."
            )));
        }
        let mut lines = vec![format!(
            "<b>Questions I could not answer well</b> (last {UNANSWERED_WINDOW_DAYS} days)\nTap one to teach me which topic answers it."
        )];
        let mut buttons = Vec::new();
        for (n, group) in groups.iter().take(LIST_LENGTH).enumerate() {
            let times = match group.times_asked() {
                1 => "once".to_owned(),
                times => format!("{times} times"),
            };
            let similar = match group.others() {
                0 => String::new(),
                others => format!(" and {others} like it"),
            };
            lines.push(format!(
                "{}. “{}”{similar} – asked {times}, last {}",
                n + 1,
                escape(&shorten(group.wording(), 200)),
                group.last_asked().format("%-d %b")
            ));
            buttons.push(faq_button(
                format!("Teach {}", n + 1),
                FaqPress::Teach(group.latest_id()),
            ));
        }
        let rows = buttons.chunks(5).map(<[Button]>::to_vec).collect();
        Ok(Message::html(lines.join("\n")).with_buttons(rows))
    }

    /// The unanswered questions of the window, near-duplicates together.
    pub async fn similar_questions(&self) -> Result<Vec<SimilarQuestions>, ChatError> {
        let since = self.now() - Duration::days(UNANSWERED_WINDOW_DAYS);
        let questions = self
            .store
            .unanswered_questions(since, WORDINGS_READ)
            .await?;
        Ok(group_similar(questions))
    }

    /// Every wording taught with `question`: its group's as the list shows it now, or its own.
    async fn wordings_like(&self, question: &str) -> Result<Vec<String>, ChatError> {
        let groups = self.similar_questions().await?;
        Ok(match groups.iter().find(|g| g.holds(question)) {
            Some(group) => group.wordings().map(str::to_owned).collect(),
            None => vec![question.to_owned()],
        })
    }

    /// The chat's answer to a lead who chose the topic for a question.
    pub async fn teach_alias(
        &self,
        lead: i64,
        question_id: i64,
        topic: &str,
    ) -> Result<Message, ChatError> {
        Ok(match self.learn_alias(lead, question_id, topic).await? {
            Taught::Gone => Message::html(
                "That question or topic is gone. Tap /unanswered to see the list again.",
            ),
            Taught::TooLong => Message::html("That question is too long to learn as it is. Add the words people use to the article's aliases in the content folder instead.")
                .with_buttons(back_to_the_list()),
            Taught::Learned {
                question,
                title,
                wordings,
            } => {
                let similar = match wordings {
                    0 | 1 => String::new(),
                    2 => " (and 1 question like it)".to_owned(),
                    n => format!(" (and {} questions like it)", n - 1),
                };
                Message::html(format!(
                    "✅ Learned: “{}”{similar} is answered by <b>{}</b>. The next fellow who asks gets that answer.",
                    escape(&question),
                    escape(&title)
                ))
                .with_buttons(back_to_the_list())
            }
        })
    }

    /// Teaches the bot that `topic` answers the question (and every wording like it, as the
    /// list groups them): learned aliases, live at once, and the questions resolved.
    pub async fn learn_alias(
        &self,
        lead: i64,
        question_id: i64,
        topic: &str,
    ) -> Result<Taught, ChatError> {
        let base = self.faq.current();
        let (Some(question), Some(article)) = (
            self.store.question_text(question_id).await?,
            base.article(topic),
        ) else {
            return Ok(Taught::Gone);
        };
        let alias = question.trim().to_lowercase();
        if alias.chars().count() > ALIAS_LIMIT {
            return Ok(Taught::TooLong);
        }
        let now = self.now();
        let wordings = self.wordings_like(&question).await?;
        for wording in &wordings {
            let alias = wording.trim().to_lowercase();
            // A long wording is resolved with its group but not learned word for word.
            if alias.chars().count() <= ALIAS_LIMIT {
                self.store.add_alias(&alias, &article.id, lead, now).await?;
            }
            self.store.resolve_questions_worded_as(wording, now).await?;
        }
        self.faq.learn_aliases(&self.store.learned_aliases().await?);
        tracing::info!(topic = %article.id, wordings = wordings.len(), "a lead taught the bot a new alias");
        Ok(Taught::Learned {
            question,
            title: article.title.clone(),
            wordings: wordings.len(),
        })
    }
}

/// What teaching a question's topic did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taught {
    /// The question or the topic no longer exists.
    Gone,
    /// The question is too long to learn word for word.
    TooLong,
    /// Learned, with the article's title and how many wordings were taught with it.
    Learned {
        question: String,
        title: String,
        wordings: usize,
    },
}

pub(super) fn back_to_the_list() -> Vec<Vec<Button>> {
    vec![vec![faq_button("◀ Back to the list", FaqPress::Unanswered)]]
}

pub(super) fn topic_picker(
    base: &crate::faq::KnowledgeBase,
    question_id: i64,
    question: &str,
) -> Message {
    let buttons: Vec<Button> = base
        .articles()
        .iter()
        .map(|a| {
            let press = FaqPress::Learn {
                question: question_id,
                topic: a.id.clone(),
            };
            faq_button(a.title.clone(), press)
        })
        .collect();
    let mut rows: Vec<Vec<Button>> = buttons.chunks(2).map(<[Button]>::to_vec).collect();
    rows.extend(back_to_the_list());
    Message::html(format!(
        "Which topic answers “{}”?",
        escape(&shorten(question, 300))
    ))
    .with_buttons(rows)
}

fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit).collect();
    format!("{cut}…")
}
