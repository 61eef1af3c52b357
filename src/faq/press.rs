//! The FAQ's buttons: the menu, answers and their 👍/👎, and the leads' "teach me" list.

use crate::faq::article::Category;
use crate::message::Payload;
use crate::message::wire::id;

/// A press on one of the FAQ's buttons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaqPress {
    /// The three areas (`faq`).
    Menu,
    /// One area's topics (`faq:c:<token>`).
    Category(Category),
    /// A topic's card inside the menu (`faq:t:<topic>`).
    Topic(String),
    /// A topic's answer as a new message, from "Did you mean" (`faq:f:<topic>`).
    Answer(String),
    /// "Read more" (`faq:m:<topic>:<question>`) or "Less" (`faq:l:…`); question 0 is none.
    View(AnswerView),
    /// 👍 or 👎 on the answer to a question, with the view it was under so that view's toggle
    /// stays (`faq:r:<question>:<1|0>:<topic>:<f|s>`; older buttons end after the vote).
    Rate {
        question: i64,
        helpful: bool,
        shown: Option<Shown>,
    },
    /// Leads: which topic answers this question? (`faq:u:<question>`).
    Teach(i64),
    /// Leads: back to the unanswered questions (`faq:ul`).
    Unanswered,
    /// Leads: this topic answers that question (`faq:a:<question>:<topic>`).
    Learn { question: i64, topic: String },
}

/// Which view of an answer a rating was given under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub topic: String,
    pub full: bool,
}

/// Which view of an answer a "Read more" or "Less" button asks for, and the question it answers
/// (so the 👍/👎 row stays under it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerView {
    pub topic: String,
    pub full: bool,
    pub question: Option<i64>,
}

impl AnswerView {
    pub fn short(topic: &str, question: Option<i64>) -> Self {
        Self {
            topic: topic.to_owned(),
            full: false,
            question,
        }
    }

    pub fn full(topic: &str, question: Option<i64>) -> Self {
        Self {
            topic: topic.to_owned(),
            full: true,
            question,
        }
    }
}

impl FaqPress {
    /// Whether only leads may press it.
    pub fn is_for_leads(&self) -> bool {
        matches!(self, Self::Teach(_) | Self::Unanswered | Self::Learn { .. })
    }

    /// The press from the data after `faq:` (empty for the menu itself).
    pub(crate) fn decode(rest: &str) -> Option<Self> {
        let fields: Vec<&str> = rest.split(':').collect();
        let press = match fields.as_slice() {
            [""] => Self::Menu,
            ["c", token] => Self::Category(Category::from_token(token)?),
            ["t", name] => Self::Topic(topic(name)?),
            ["f", name] => Self::Answer(topic(name)?),
            [verb @ ("m" | "l"), name, question] => Self::View(AnswerView {
                topic: topic(name)?,
                full: *verb == "m",
                question: Some(id(question)?).filter(|q| *q > 0),
            }),
            ["r", question, vote, shown @ ..] => Self::Rate {
                question: id(question)?,
                helpful: vote_of(vote)?,
                shown: match shown {
                    [] => None,
                    [name, view] => Some(Shown {
                        topic: topic(name)?,
                        full: shown_of(view)?,
                    }),
                    _ => return None,
                },
            },
            ["u", question] => Self::Teach(id(question)?),
            ["ul"] => Self::Unanswered,
            ["a", question, name] => Self::Learn {
                question: id(question)?,
                topic: topic(name)?,
            },
            _ => return None,
        };
        Some(press)
    }
}

impl Payload for FaqPress {
    fn encode(&self) -> String {
        match self {
            Self::Menu => "faq".to_owned(),
            Self::Category(category) => format!("faq:c:{}", category.token()),
            Self::Topic(topic) => format!("faq:t:{topic}"),
            Self::Answer(topic) => format!("faq:f:{topic}"),
            Self::View(view) => {
                let verb = if view.full { "m" } else { "l" };
                let question = view.question.unwrap_or(0);
                format!("faq:{verb}:{}:{question}", view.topic)
            }
            Self::Rate {
                question,
                helpful,
                shown,
            } => {
                let vote = u8::from(*helpful);
                match shown {
                    Some(Shown { topic, full }) => {
                        let shown = if *full { "f" } else { "s" };
                        format!("faq:r:{question}:{vote}:{topic}:{shown}")
                    }
                    None => format!("faq:r:{question}:{vote}"),
                }
            }
            Self::Teach(question) => format!("faq:u:{question}"),
            Self::Unanswered => "faq:ul".to_owned(),
            Self::Learn { question, topic } => format!("faq:a:{question}:{topic}"),
        }
    }
}

/// An article id as the content checks allow it: lower-case letters, digits and '-'.
fn topic(text: &str) -> Option<String> {
    let ok = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    ok.then(|| text.to_owned())
}

fn vote_of(text: &str) -> Option<bool> {
    match text {
        "1" => Some(true),
        "0" => Some(false),
        _ => None,
    }
}

fn shown_of(text: &str) -> Option<bool> {
    match text {
        "f" => Some(true),
        "s" => Some(false),
        _ => None,
    }
}
