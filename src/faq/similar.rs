//! Near-duplicate questions for the leads' /unanswered: "Is there a mosque near the hospital?",
//! "nearest mosque" and "Mosques near New Cross?" are one line, taught at once. What is
//! unanswered, and teaching, is `unanswered`.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::analyzer::Analyzer;
use crate::store::UnansweredQuestion;

/// Words that say where or how, or name what every question here is about: two questions
/// sharing only these are not alike ("parking near the hospital", "a mosque near the hospital").
const WEAK_WORDS: &[&str] = &[
    "anyone",
    "area",
    "around",
    "best",
    "close",
    "closest",
    "doctor",
    "doctors",
    "find",
    "get",
    "go",
    "good",
    "hospital",
    "hospitals",
    "know",
    "local",
    "near",
    "nearby",
    "nearest",
    "need",
    "nhs",
    "place",
    "places",
    "recommend",
    "there",
    "trust",
    "uk",
    "work",
];

/// Questions worded alike, the most asked first.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarQuestions {
    questions: Vec<UnansweredQuestion>,
}

impl SimilarQuestions {
    /// The wording shown for the group: its most asked.
    pub fn wording(&self) -> &str {
        &self.questions[0].question
    }

    /// The question a "Teach" button names for the whole group.
    pub fn latest_id(&self) -> i64 {
        self.questions[0].latest_id
    }

    pub fn times_asked(&self) -> i64 {
        self.questions.iter().map(|q| q.times_asked).sum()
    }

    pub fn last_asked(&self) -> DateTime<Utc> {
        self.questions
            .iter()
            .map(UnansweredQuestion::last_asked)
            .max()
            .unwrap_or_default()
    }

    /// How many other wordings the group holds.
    pub fn others(&self) -> usize {
        self.questions.len() - 1
    }

    /// Every wording in the group.
    pub fn wordings(&self) -> impl Iterator<Item = &str> {
        self.questions.iter().map(|q| q.question.as_str())
    }

    /// Whether `question` is worded as one of the group's (case and outer spaces aside, as
    /// the store groups wordings).
    pub fn holds(&self, question: &str) -> bool {
        let question = question.trim().to_lowercase();
        self.wordings()
            .any(|wording| wording.trim().to_lowercase() == question)
    }
}

/// Groups `questions` (each already one wording) with those worded alike; the groups most
/// asked first, then the most recently asked.
pub fn group_similar(questions: Vec<UnansweredQuestion>) -> Vec<SimilarQuestions> {
    let analyzer = Analyzer::default();
    let mut groups: Vec<(Vec<BTreeSet<String>>, SimilarQuestions)> = Vec::new();
    for question in questions {
        let terms = telling_terms(&analyzer, &question.question);
        match groups
            .iter_mut()
            .find(|(seen, _)| seen.iter().any(|other| alike(&terms, other)))
        {
            Some((seen, group)) => {
                seen.push(terms);
                group.questions.push(question);
            }
            None => groups.push((
                vec![terms],
                SimilarQuestions {
                    questions: vec![question],
                },
            )),
        }
    }
    let mut groups: Vec<SimilarQuestions> = groups.into_iter().map(|(_, group)| group).collect();
    for group in &mut groups {
        group.questions.sort_by_key(|q| {
            (
                std::cmp::Reverse(q.times_asked),
                std::cmp::Reverse(q.latest_id),
            )
        });
    }
    groups.sort_by_key(|g| {
        (
            std::cmp::Reverse(g.times_asked()),
            std::cmp::Reverse(g.last_asked()),
        )
    });
    groups
}

/// The stemmed words that tell what a question is about.
fn telling_terms(analyzer: &Analyzer, question: &str) -> BTreeSet<String> {
    let words: Vec<String> = analyzer
        .words(question)
        .into_iter()
        .filter(|word| !WEAK_WORDS.contains(&word.as_str()))
        .collect();
    analyzer.terms_from_words(&words).into_iter().collect()
}

/// Alike when the longer holds at least three quarters of the shorter one's telling words (all
/// of them, for questions of up to three) and they make a third of its own: one shared word
/// among several is a coincidence.
fn alike(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let shared = a.intersection(b).count();
    let (shorter, longer) = (a.len().min(b.len()), a.len().max(b.len()));
    shared > 0 && shared * 4 >= shorter * 3 && shared * 3 >= longer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(id: i64, question: &str, times: i64) -> UnansweredQuestion {
        UnansweredQuestion {
            latest_id: id,
            question: question.into(),
            times_asked: times,
            last_asked_seconds: 1_800_000_000 + id,
        }
    }

    fn wordings(groups: &[SimilarQuestions]) -> Vec<Vec<&str>> {
        groups.iter().map(|g| g.wordings().collect()).collect()
    }

    #[test]
    fn three_mosque_questions_are_one_line_asked_as_often_as_all_three() {
        let groups = group_similar(vec![
            asked(1, "Is there a mosque near the hospital?", 2),
            asked(2, "Where can I park at the hospital?", 2),
            asked(3, "where is the nearest mosque", 1),
            asked(4, "Mosques near New Cross?", 1),
        ]);
        assert_eq!(
            wordings(&groups),
            vec![
                vec![
                    "Is there a mosque near the hospital?",
                    "Mosques near New Cross?",
                    "where is the nearest mosque"
                ],
                vec!["Where can I park at the hospital?"],
            ]
        );
        assert_eq!(groups[0].times_asked(), 4);
        assert_eq!((groups[0].latest_id(), groups[0].others()), (1, 2));
        assert!(groups[0].holds(" WHERE is the nearest mosque") && !groups[0].holds("mosque"));
    }

    #[test]
    fn questions_sharing_only_a_word_of_place_or_one_word_of_several_stay_apart() {
        let groups = group_similar(vec![
            asked(1, "nearest bank", 1),
            asked(2, "nearest mosque", 1),
            asked(3, "Where can I park at the hospital?", 1),
            asked(4, "Is there a mosque near the hospital?", 1),
            asked(5, "lost my bank card on the bus", 1),
            asked(6, "Where can I buy a bus pass?", 1),
        ]);
        assert_eq!(
            wordings(&groups),
            vec![
                vec!["Is there a mosque near the hospital?", "nearest mosque"],
                vec!["Where can I buy a bus pass?"],
                vec!["lost my bank card on the bus"],
                vec!["Where can I park at the hospital?"],
                vec!["nearest bank"],
            ]
        );
    }
}
