//! The knowledge base in `content/` as shipped: every topic present and well formed, every
//! article fits Telegram, and the answers meet the quality bar on both question sets.

use std::path::PathBuf;

use fellowship_bot::config::DEFAULT_TRUSTS;
use fellowship_bot::faq::evaluation::{evaluate, parse_labelled};
use fellowship_bot::faq::render::telegram_length;
use fellowship_bot::faq::{KnowledgeBase, render_article, render_summary};

fn trusts() -> Vec<String> {
    DEFAULT_TRUSTS.iter().map(|t| t.to_string()).collect()
}

fn knowledge_base() -> KnowledgeBase {
    KnowledgeBase::load_dir(&crate::support::content_dir(), &trusts())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The programme's topic list, from the shared folder beside the repository.
const TOPICS: [&str; 29] = [
    "leave",
    "study-leave",
    "sick-leave",
    "blue-light-card",
    "indemnity",
    "mobile",
    "gp-registration",
    "banking",
    "transport",
    "driving",
    "accommodation",
    "what-to-bring",
    "shopping",
    "currency",
    "parking",
    "induction",
    "gmc-welcome",
    "it-access",
    "als-impact",
    "sim-training",
    "on-call",
    "cesr-portfolio",
    "arcp",
    "supervision",
    "eq-sessions",
    "buddy",
    "pastoral-support",
    "wellbeing",
    "contacts",
];

#[test]
fn every_programme_topic_has_a_valid_article() {
    let base = knowledge_base();
    let expected: Vec<String> = TOPICS.iter().map(|t| t.to_string()).collect();
    assert!(
        base.missing_topics(&expected).is_empty(),
        "missing: {:?}",
        base.missing_topics(&expected)
    );
    assert_eq!(base.articles().len(), TOPICS.len());
}

#[test]
fn faq_check_accepts_the_shipped_content() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_fellowship-bot"))
        .args(["faq", "check"])
        .env("CONTENT_DIR", crate::support::content_dir())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("29 articles"));
}

#[test]
fn every_article_fits_telegram_messages_and_its_summary_one_screen() {
    let base = knowledge_base();
    for article in base.articles() {
        for trust in [None, Some("RWT"), Some("WHT"), Some("BCHFT")] {
            for part in render_article(article, trust) {
                assert!(
                    telegram_length(&part) <= 4096,
                    "{} is too long for one message",
                    article.id
                );
            }
        }
        assert!(
            telegram_length(&render_summary(article)) <= 1300,
            "{}: summary too long",
            article.id
        );
        assert!(
            article.last_reviewed.to_string().starts_with("2026"),
            "{} needs a review date",
            article.id
        );
    }
}

fn question_set(path: PathBuf) -> Option<Vec<fellowship_bot::faq::evaluation::LabelledQuestion>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(parse_labelled(&text).expect("a well-formed question set"))
}

#[test]
fn answers_meet_the_bar_on_the_development_questions() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev_questions.tsv");
    let Some(cases) = question_set(path) else {
        eprintln!("../shared/eval is not beside the repository: skipping the development set");
        return;
    };
    let report = evaluate(&knowledge_base(), &cases);
    assert!(report.accuracy() >= 0.92, "below the 92% bar:\n{report}");
    assert_eq!(
        report.none_declined, report.none_total,
        "every 'none' question is declined:\n{report}"
    );
}

#[test]
fn answers_meet_the_bar_on_the_second_development_set() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval/faq_dev_extra.tsv");
    let cases = question_set(path).expect("eval/faq_dev_extra.tsv is in the repository");
    let report = evaluate(&knowledge_base(), &cases);
    assert!(report.accuracy() >= 0.90, "below the 90% bar:\n{report}");
    assert!(
        report.confident_wrong_share() <= 0.02,
        "more than 2% of topic questions answered with a wrong topic:\n{report}"
    );
    assert!(
        report.none_declined_share() >= 0.95,
        "questions no article covers were answered:\n{report}"
    );
}

#[test]
fn answers_meet_the_bar_on_the_held_out_questions() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval/holdout_questions.tsv");
    let cases = question_set(path).expect("eval/holdout_questions.tsv is in the repository");
    let report = evaluate(&knowledge_base(), &cases);
    assert!(
        report.accuracy() >= 0.90,
        "held-out accuracy regressed:\n{report}"
    );
    assert!(
        report.confident_wrong_share() <= 0.025,
        "held-out confident wrong answers regressed:\n{report}"
    );
    assert_eq!(
        report.ordinary_alarmed, 0,
        "an ordinary question was taken for a crisis or an emergency:\n{report}"
    );
    let taken_for_clinical: Vec<_> = report
        .misses
        .iter()
        .filter(|m| m.got == "clinical" && m.expected != "none")
        .map(|m| m.question.as_str())
        .collect();
    assert!(
        taken_for_clinical.is_empty(),
        "topic questions taken for clinical ones: {taken_for_clinical:?}"
    );
}

#[test]
fn every_crisis_and_emergency_of_the_safety_sets_gets_help_and_no_ordinary_message_is_alarmed() {
    for set in ["eval/safety_dev.tsv", "eval/safety_holdout.tsv"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(set);
        let cases = question_set(path).expect("the safety sets are in the repository");
        let report = evaluate(&knowledge_base(), &cases);
        for class in ["crisis", "emergency"] {
            let figures = report.safety[class];
            assert_eq!(
                figures.recognised, figures.labelled,
                "{set}: {class} missed:\n{report}"
            );
        }
        assert!(
            report.safety["clinical"].recognised * 100 >= report.safety["clinical"].labelled * 95,
            "{set}: clinical recall under 95%:\n{report}"
        );
        assert!(
            report.ordinary_alarmed * 20 <= report.ordinary_total,
            "{set}: more than 5% of ordinary messages alarmed:\n{report}"
        );
    }
}

#[test]
fn articles_speak_as_the_bot_and_never_call_it_the_bot() {
    for article in knowledge_base().articles() {
        let sections = article.trust_sections.iter().map(|(_, text)| text);
        let text = [&article.summary, &article.details]
            .into_iter()
            .chain(sections)
            .map(|part| part.to_lowercase())
            .collect::<Vec<_>>()
            .join("\n");
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let third_person = words
            .windows(2)
            .find(|pair| matches!(pair, ["the" | "this", "bot" | "bots"]));
        assert!(
            third_person.is_none(),
            "{} says {third_person:?}: say I, me or this chat",
            article.id
        );
    }
}
