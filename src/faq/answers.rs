//! From a free-text question to what the bot should say: the safety triage first (a crisis, an
//! emergency, clinical advice), then small talk, then the search's decision. Pure: no storage,
//! no channel.

use serde::Serialize;

use super::faq_button;
use super::intent::{Intent, OutOfScope, classify};
use super::library::KnowledgeBase;
use super::search::Decision;
use crate::faq::press::{FaqPress, Shown};
use crate::message::{Button, Message, escape};
use crate::safety::{EmergencyKind, Triage, read};

/// Questions longer than this are not searched; the asker is asked for a shorter one.
pub const QUESTION_LIMIT: usize = 1000;

/// What the bot makes of a question.
#[derive(Debug, Clone, PartialEq)]
pub enum FaqAnswer {
    /// Thoughts of suicide or self-harm: the crisis signposts, and nothing of the text is kept.
    Crisis,
    /// Danger to life now: "call 999" first, and nothing of the text is kept.
    Emergency(EmergencyKind),
    Clinical,
    Greeting,
    Thanks,
    Farewell,
    /// About a subject no article covers (pay figures, pensions...): where to ask instead.
    OutOfScope(OutOfScope),
    AboutTheBot,
    ElsewhereAbroad,
    TooLong,
    Answer {
        topic: String,
        score: f32,
    },
    Suggest {
        topics: Vec<String>,
        score: f32,
    },
    Unknown {
        score: f32,
    },
}

/// The machine-readable view of an answer, as `faq ask` prints it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionOutcomeView {
    pub question: String,
    pub topic: Option<String>,
    /// "crisis", "emergency" or "clinical" when the safety triage flagged the question.
    pub safety: Option<&'static str>,
    pub score: f32,
    pub alternatives: Vec<String>,
}

/// Decides how to answer `question`.
pub fn answer_question(base: &KnowledgeBase, question: &str) -> FaqAnswer {
    // Safety first, even in a message too long to search: a long message can be a cry for help.
    match triage_question(base, question) {
        Triage::Crisis => return FaqAnswer::Crisis,
        Triage::Emergency(kind) => return FaqAnswer::Emergency(kind),
        Triage::Clinical => return FaqAnswer::Clinical,
        Triage::Clear => {}
    }
    if question.chars().count() > QUESTION_LIMIT {
        return FaqAnswer::TooLong;
    }
    // A question a lead taught an article for is answered with it, even where the scope rules
    // below would decline it (the safety triage above still comes first).
    if let Some(topic) = base.taught_topic(question) {
        return FaqAnswer::Answer {
            topic: topic.to_owned(),
            score: base.search().tuning().strong_score,
        };
    }
    match classify(question) {
        Intent::Greeting => return FaqAnswer::Greeting,
        Intent::Thanks => return FaqAnswer::Thanks,
        Intent::Farewell => return FaqAnswer::Farewell,
        Intent::AboutTheBot => return FaqAnswer::AboutTheBot,
        Intent::ElsewhereAbroad => return FaqAnswer::ElsewhereAbroad,
        Intent::OutOfScope(subject) => return FaqAnswer::OutOfScope(subject),
        Intent::Question => {}
    }
    let topic_id = |i: usize| base.articles()[i].id.clone();
    match base.search().decide(question) {
        Decision::Answer { article, score } => FaqAnswer::Answer {
            topic: topic_id(article),
            score,
        },
        Decision::Suggest { articles, score } => FaqAnswer::Suggest {
            topics: articles.into_iter().map(topic_id).collect(),
            score,
        },
        Decision::Unknown { score } => FaqAnswer::Unknown { score },
    }
}

/// The safety triage, with one check of the knowledge base: when only the triage's model (not its
/// word patterns) thinks a message needs help, and an article answers it outright ("I have a
/// fever and I'm on nights tonight, whom do I call"), it is the question it looks like.
pub fn triage_question(base: &KnowledgeBase, text: &str) -> Triage {
    let reading = read(text);
    if reading.by_model_alone
        && let Decision::Answer { score, .. } = base.search().decide(text)
        && score >= base.search().tuning().strong_score
    {
        return Triage::Clear;
    }
    reading.triage
}

impl FaqAnswer {
    /// The topic it answers with confidence, if any.
    pub fn topic(&self) -> Option<&str> {
        match self {
            Self::Answer { topic, .. } => Some(topic),
            _ => None,
        }
    }

    /// The safety triage's label, when it flagged the question.
    pub fn safety(&self) -> Option<&'static str> {
        match self {
            Self::Crisis => Triage::Crisis.label(),
            Self::Emergency(kind) => Triage::Emergency(*kind).label(),
            Self::Clinical => Triage::Clinical.label(),
            _ => None,
        }
    }

    pub fn score(&self) -> f32 {
        match self {
            Self::Answer { score, .. } | Self::Suggest { score, .. } | Self::Unknown { score } => {
                *score
            }
            _ => 0.0,
        }
    }

    pub fn view(&self, question: &str) -> QuestionOutcomeView {
        QuestionOutcomeView {
            question: question.to_owned(),
            topic: self.topic().map(str::to_owned),
            safety: self.safety(),
            score: (self.score() * 1000.0).round() / 1000.0,
            alternatives: match self {
                Self::Suggest { topics, .. } => topics.clone(),
                _ => Vec::new(),
            },
        }
    }
}

pub fn greeting_message(first_name: &str) -> Message {
    Message::html(format!(
        "Hello {}! 👋 Ask me anything about settling in, for example <i>how do I book annual leave?</i>, or tap /faq to browse the topics.",
        escape(first_name)
    ))
}

pub fn thanks_message() -> Message {
    Message::html("You're welcome! Ask me anything else, any time. 🙂")
}

pub fn about_the_bot_message() -> Message {
    Message::html(
        "I'm a bot: I answer from the programme's own guide for new fellows, checked by the programme team. \
         For a real person, see /contacts or ask in the group.",
    )
}

pub fn elsewhere_abroad_message() -> Message {
    Message::html(
        "I only know about living and working in England as a fellow of the programme, so I can't help with \
         exams, licences or jobs in other countries. For career advice, ask your educational supervisor.",
    )
}

pub fn farewell_message() -> Message {
    Message::html("Bye for now! Ask me anything, any time. 👋")
}

/// A kind "that is not something I cover", with where to ask instead.
pub fn out_of_scope_message(subject: OutOfScope) -> Message {
    let (what, instead) = match subject {
        OutOfScope::PayFigures => (
            "salary figures or pay scales",
            "Your contract and payslip show your pay, and medical staffing (/contacts) can explain \
             your pay point and any extra pay. For opening an account and getting paid, see /bank.",
        ),
        OutOfScope::Pensions => (
            "pensions",
            "Payroll or medical staffing (/contacts) can explain the NHS Pension Scheme at your trust; \
             the NHS Business Services Authority runs the scheme itself.",
        ),
        OutOfScope::Tax => (
            "tax codes, tax returns or tax on your income",
            "HMRC answers these on GOV.UK, and payroll can check the tax code on your payslip. \
             Council tax is in /housing.",
        ),
        OutOfScope::BuyingProperty => (
            "mortgages or buying a home",
            "A mortgage adviser or your bank can help, and GOV.UK explains the steps. For renting, \
             see /housing.",
        ),
        OutOfScope::SavingsAndCredit => (
            "savings, investments or credit cards",
            "MoneyHelper (free, backed by the government) and your bank can help. For a phone \
             contract without a credit history, see /mobile; for cards and sending money home, /money.",
        ),
        OutOfScope::FamilyVisasAndSettlement => (
            "family visas, visa extensions, settlement or citizenship",
            "GOV.UK (Visas and immigration) has the rules and fees, and medical staffing (/contacts), \
             who sponsor your visa, can advise on yours. For eVisas and share codes, see /bank.",
        ),
        OutOfScope::SchoolsAndChildcare => (
            "schools or childcare",
            "Your local council's website covers school places and childcare, and GOV.UK explains \
             help with childcare costs.",
        ),
        OutOfScope::Pets => (
            "pets",
            "GOV.UK explains bringing a pet to the UK, and a local vet can help once you are here.",
        ),
        OutOfScope::ParentalLeave => (
            "maternity, paternity or shared parental leave",
            "Medical staffing (/contacts) can tell you what your contract gives you. For annual \
             leave, see /leave.",
        ),
        OutOfScope::ExamPreparation => (
            "preparing for exams",
            "The exam's own website has the syllabus and dates, and your educational supervisor can \
             advise on timing. For study leave and its budget, see /studyleave.",
        ),
        OutOfScope::Applications => (
            "job or training applications, CVs or cover letters",
            "Your educational supervisor and the programme team (/contacts) can advise; NHS posts \
             are advertised on NHS Jobs and specialty training on Oriel. For CESR, see /cesr.",
        ),
        OutOfScope::LocalLife => (
            "that",
            "It is outside what the programme's guide covers. The fellows' group chat is a good \
             place to ask; see /pastoral for social groups and events.",
        ),
    };
    Message::html(format!(
        "Sorry, I can't help with {what}: none of the programme's guides covers it. {instead}"
    ))
}

pub fn too_long_message() -> Message {
    Message::html(format!(
        "That's a long message! I work best with one short question (under {QUESTION_LIMIT} characters), \
         like <i>How do I register with a GP?</i>"
    ))
}

/// "Did you mean", with up to three topics to choose from.
pub fn suggestion_message(base: &KnowledgeBase, topics: &[String]) -> Message {
    let rows = topics
        .iter()
        .filter_map(|id| base.article(id))
        .map(|a| vec![faq_button(a.title.clone(), FaqPress::Answer(a.id.clone()))])
        .collect();
    Message::html("I'm not quite sure. Did you mean one of these?").with_buttons(rows)
}

/// The honest "I don't know".
pub fn unknown_message() -> Message {
    Message::html(
        "Sorry, I don't know that one yet. I've passed your question to the programme leads so they can add an answer.\n\n\
         Meanwhile, you can browse the topics, or ask a lead in the group.",
    )
    .with_buttons(vec![vec![faq_button("📚 Browse topics", FaqPress::Menu)]])
}

/// The 👍/👎 row under an answer; the press also says which view it was under, so the
/// "Read more" / "Less" button stays once the vote is counted.
pub fn rating_buttons(question_id: i64, view: &super::AnswerView) -> Vec<Vec<Button>> {
    let rate = |helpful| FaqPress::Rate {
        question: question_id,
        helpful,
        shown: Some(Shown {
            topic: view.topic.clone(),
            full: view.full,
        }),
    };
    vec![vec![
        faq_button("👍 Helpful", rate(true)),
        faq_button("👎 Not helpful", rate(false)),
    ]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_out_of_scope_reply_says_where_to_ask_instead() {
        use OutOfScope::*;
        for subject in [
            PayFigures,
            Pensions,
            Tax,
            BuyingProperty,
            SavingsAndCredit,
            FamilyVisasAndSettlement,
            SchoolsAndChildcare,
            Pets,
            ParentalLeave,
            ExamPreparation,
            Applications,
            LocalLife,
        ] {
            let html = out_of_scope_message(subject).html;
            assert!(html.starts_with("Sorry, I can't help with"), "{html}");
            let points_somewhere = ["GOV.UK", "/contacts", "supervisor", "bank", "group chat"]
                .iter()
                .any(|place| html.contains(place));
            assert!(points_somewhere, "{subject:?} says where to ask: {html}");
            assert!(
                html.chars().count() < 400,
                "{subject:?} fits a phone screen"
            );
        }
    }
}
