//! The leads' /unanswered: the questions the bot could not answer well, and teaching it which
//! topic answers one (a learned alias). The buttons that lead here are routed in `conversation`.

use chrono::Duration;

use crate::chat::{ChatError, Handled, Inbound, Reply, feature_slice};

use crate::message::{Button, Message, escape};

use crate::faq::faq_button;
use crate::faq::press::FaqPress;

/// How far back /unanswered looks.
const UNANSWERED_WINDOW_DAYS: i64 = 60;
/// Longest question a lead can turn into an alias.
const ALIAS_LIMIT: usize = 120;

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
        let since = self.now() - Duration::days(UNANSWERED_WINDOW_DAYS);
        let questions = self.store.unanswered_questions(since, 10).await?;
        if questions.is_empty() {
            return Ok(Message::html(format!(
                "🎉 No unanswered or unhelpful questions in the last {UNANSWERED_WINDOW_DAYS} days."
            )));
        }
        let mut lines = vec![format!(
            "<b>Questions I could not answer well</b> (last {UNANSWERED_WINDOW_DAYS} days)\nTap one to teach me which topic answers it."
        )];
        let mut buttons = Vec::new();
        for (n, q) in questions.iter().enumerate() {
            let times = if q.times_asked == 1 {
                "once".to_owned()
            } else {
                format!("{} times", q.times_asked)
            };
            lines.push(format!(
                "{}. “{}” – asked {times}, last {}",
                n + 1,
                escape(&shorten(&q.question, 200)),
                q.last_asked().format("%-d %b")
            ));
            buttons.push(faq_button(
                format!("Teach {}", n + 1),
                FaqPress::Teach(q.latest_id),
            ));
        }
        let rows = buttons.chunks(5).map(<[Button]>::to_vec).collect();
        Ok(Message::html(lines.join("\n")).with_buttons(rows))
    }

    pub async fn teach_alias(
        &self,
        lead: i64,
        question_id: i64,
        topic: &str,
    ) -> Result<Message, ChatError> {
        let base = self.faq.current();
        let (Some(question), Some(article)) = (
            self.store.question_text(question_id).await?,
            base.article(topic),
        ) else {
            return Ok(Message::html(
                "That question or topic is gone. Tap /unanswered to see the list again.",
            ));
        };
        let alias = question.trim().to_lowercase();
        if alias.chars().count() > ALIAS_LIMIT {
            return Ok(Message::html("That question is too long to learn as it is. Add the words people use to the article's aliases in the content folder instead.")
                .with_buttons(back_to_the_list()));
        }
        let now = self.now();
        self.store.add_alias(&alias, &article.id, lead, now).await?;
        self.store
            .resolve_questions_worded_as(&question, now)
            .await?;
        self.faq.learn_aliases(&self.store.learned_aliases().await?);
        tracing::info!(topic = %article.id, "a lead taught the bot a new alias");
        Ok(Message::html(format!(
            "✅ Learned: “{}” is answered by <b>{}</b>. The next fellow who asks gets that answer.",
            escape(&question),
            escape(&article.title)
        ))
        .with_buttons(back_to_the_list()))
    }
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
