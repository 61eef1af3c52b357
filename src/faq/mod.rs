//! The knowledge base: settling-in answers from `content/`, by command, by menu and from free
//! text. This module owns the live content (reloadable without a restart) and what the bot says
//! about it; `answers` turns questions into replies.

mod analyzer;
pub mod answers;
pub mod article;
pub mod conversation;
pub mod editing;
pub mod evaluation;
mod field_index;
pub mod intent;
pub mod library;
pub mod press;
pub mod render;
pub mod search;
mod similar;
mod spelling;
pub mod unanswered;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

pub use answers::{FaqAnswer, QuestionOutcomeView};
pub use article::{Article, Category};
pub use library::{ContentErrors, ContentProblem, KnowledgeBase};
pub use press::AnswerView;
pub use search::Decision;

use crate::message::{Button, Message, escape};

use crate::faq::press::FaqPress;
use render::{MESSAGE_LIMIT, pack_blocks, render_blocks};

/// The live knowledge base. Cheap to clone; every clone sees reloads.
#[derive(Debug, Clone)]
pub struct Faq {
    current: Arc<RwLock<Arc<KnowledgeBase>>>,
    content_dir: PathBuf,
    trusts: Vec<String>,
}

impl Faq {
    /// Loads and checks the content; fails with every problem found.
    pub fn load(content_dir: impl Into<PathBuf>, trusts: &[String]) -> Result<Self, ContentErrors> {
        let content_dir = content_dir.into();
        let base = KnowledgeBase::load_dir(&content_dir, trusts)?;
        Ok(Self {
            current: Arc::new(RwLock::new(Arc::new(base))),
            content_dir,
            trusts: trusts.to_vec(),
        })
    }

    /// The content as it is now.
    pub fn current(&self) -> Arc<KnowledgeBase> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Reads the content folder again; on any problem the previous content stays live.
    pub fn reload(&self, learned: &[(String, String)]) -> Result<usize, ContentErrors> {
        let fresh =
            KnowledgeBase::load_dir(&self.content_dir, &self.trusts)?.with_learned_aliases(learned);
        let count = fresh.articles().len();
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(fresh);
        Ok(count)
    }

    /// Rebuilds the search index with aliases leads have added, keeping the same articles.
    pub fn learn_aliases(&self, learned: &[(String, String)]) {
        let fresh = self.current().with_learned_aliases(learned);
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(fresh);
    }

    pub fn content_dir(&self) -> &std::path::Path {
        &self.content_dir
    }
}

/// Renders a whole article as one or more messages: title, short answer, details and the trust
/// sections the reader should see (theirs, or all of them when their trust is not known).
pub fn render_article(article: &Article, reader_trust: Option<&str>) -> Vec<String> {
    let mut blocks = vec![format!("<b>{}</b>", escape(&article.title))];
    blocks.extend(render_blocks(&article.summary));
    blocks.extend(render_blocks(&article.details));
    for (trust, section) in &article.trust_sections {
        if reader_trust.is_none_or(|t| t == trust) {
            blocks.push(format!("<b>At {}</b>", escape(trust)));
            blocks.extend(render_blocks(section));
        }
    }
    blocks.push(format!(
        "<i>Last checked {}. /faq for all topics.</i>",
        article.last_reviewed.format("%-d %B %Y")
    ));
    pack_blocks(&blocks, MESSAGE_LIMIT)
}

/// The short answer alone, with the title.
pub fn render_summary(article: &Article) -> String {
    let mut blocks = vec![format!("<b>{}</b>", escape(&article.title))];
    blocks.extend(render_blocks(&article.summary));
    pack_blocks(&blocks, MESSAGE_LIMIT)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// A button on the FAQ's menus and answers.
pub fn faq_button(label: impl Into<String>, press: FaqPress) -> Button {
    Button::press(label, press)
}

/// The top of the menu: the programme's three areas.
pub fn main_menu() -> Message {
    let rows = Category::ALL
        .iter()
        .map(|c| vec![faq_button(c.label(), FaqPress::Category(*c))])
        .collect();
    Message::html(
        "<b>What would you like to know?</b>\nChoose an area, or just type your question.",
    )
    .with_buttons(rows)
}

/// The topics of one area, two to a row, with a way back.
pub fn category_menu(base: &KnowledgeBase, category: Category) -> Message {
    let buttons: Vec<Button> = base
        .in_category(category)
        .map(|a| faq_button(a.title.clone(), FaqPress::Topic(a.id.clone())))
        .collect();
    let mut rows: Vec<Vec<Button>> = buttons.chunks(2).map(<[Button]>::to_vec).collect();
    rows.push(vec![faq_button("◀ All areas", FaqPress::Menu)]);
    Message::html(format!(
        "<b>{}</b>\nChoose a topic:",
        escape(category.label())
    ))
    .with_buttons(rows)
}

/// An article's short answer inside the menu, with the full article one tap away.
pub fn topic_card(article: &Article) -> Message {
    Message::html(render_summary(article)).with_buttons(vec![
        vec![faq_button(
            "📖 Read more",
            FaqPress::View(AnswerView::full(&article.id, None)),
        )],
        vec![faq_button(
            format!("◀ {}", article.category.label()),
            FaqPress::Category(article.category),
        )],
    ])
}

/// The first answer to a question: the article's short answer (and `extra`, such as the
/// contacts directory), with the rest one tap away and, when a question is being answered,
/// "Did this help?".
pub fn short_answer(article: &Article, extra: Option<&str>, question: Option<i64>) -> Message {
    let mut html = render_summary(article);
    if let Some(extra) = extra {
        html.push_str("\n\n");
        html.push_str(extra);
    }
    if question.is_some() {
        html.push_str("\n\nDid this help?");
    }
    Message::html(html).with_buttons(answer_buttons(&AnswerView::short(&article.id, question)))
}

/// The whole article as one message (with `extra`, such as the contacts directory, after it),
/// with "Less" to go back; the rest as further messages in the rare case it does not fit one.
pub fn full_answer(
    article: &Article,
    reader_trust: Option<&str>,
    extra: Option<String>,
    question: Option<i64>,
) -> Vec<Message> {
    let mut parts = render_article(article, reader_trust);
    parts.extend(extra);
    let parts = pack_blocks(&parts, MESSAGE_LIMIT);
    let mut messages: Vec<Message> = parts.into_iter().map(Message::html).collect();
    if let Some(first) = messages.first_mut() {
        if question.is_some() {
            first.html.push_str("\n\nDid this help?");
        }
        first.buttons = answer_buttons(&AnswerView::full(&article.id, question));
    }
    messages
}

/// "📖 Read more" or "◀ Less", and the 👍/👎 row when a question is being answered.
fn answer_buttons(view: &AnswerView) -> Vec<Vec<Button>> {
    let label = if view.full {
        "◀ Less"
    } else {
        "📖 Read more"
    };
    let other = AnswerView {
        full: !view.full,
        ..view.clone()
    };
    let toggle = faq_button(label, FaqPress::View(other));
    let mut rows = vec![vec![toggle]];
    if let Some(question) = view.question {
        rows.extend(answers::rating_buttons(question, view));
    }
    rows
}

impl Faq {
    /// A summary of the content folder's files (names, sizes, times); it changes when a file does.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let folder = self.content_dir.join("articles");
        let folder = if folder.is_dir() {
            folder
        } else {
            self.content_dir.clone()
        };
        if let Ok(entries) = std::fs::read_dir(&folder) {
            let mut files: Vec<_> = entries
                .filter_map(Result::ok)
                .filter_map(|e| Some((e.file_name(), e.metadata().ok()?)))
                .map(|(name, meta)| (name, meta.len(), meta.modified().ok()))
                .collect();
            files.sort();
            files.hash(&mut hasher);
        }
        hasher.finish()
    }
}
