//! Measuring answer quality: questions with the topic they should get (or `none`, meaning the
//! bot must not answer with confidence), scored the way `fellowship-bot faq eval` reports them.

use std::collections::BTreeMap;
use std::fmt;

use super::answers::answer_question;
use super::library::KnowledgeBase;

/// One labelled question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledQuestion {
    pub question: String,
    /// `None` when the bot must decline.
    pub expected: Option<String>,
}

/// Reads `question<TAB>expected_topic` lines; a first line `question<TAB>expected_topic` is a header.
pub fn parse_labelled(tsv: &str) -> Result<Vec<LabelledQuestion>, String> {
    let mut cases = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || (n == 0 && line.starts_with("question\t")) {
            continue;
        }
        let (question, expected) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: expected 'question<TAB>topic'", n + 1))?;
        let expected = expected.trim();
        cases.push(LabelledQuestion {
            question: question.trim().to_owned(),
            expected: (expected != "none").then(|| expected.to_owned()),
        });
    }
    Ok(cases)
}

/// A wrong answer: what was expected and what the bot said (`None`: it declined).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub question: String,
    pub expected: Option<String>,
    pub got: Option<String>,
}

/// The figures of one evaluation run.
#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    pub total: usize,
    pub correct: usize,
    pub topic_total: usize,
    pub topic_correct: usize,
    pub none_total: usize,
    pub none_declined: usize,
    pub misses: Vec<Miss>,
}

impl EvalReport {
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.total)
    }

    pub fn topic_accuracy(&self) -> f64 {
        ratio(self.topic_correct, self.topic_total)
    }

    pub fn none_declined_share(&self) -> f64 {
        ratio(self.none_declined, self.none_total)
    }

    /// (expected, got) pairs with how often they happened, most frequent first.
    pub fn confusions(&self) -> Vec<((String, String), usize)> {
        let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
        for miss in &self.misses {
            let key = (
                miss.expected.clone().unwrap_or_else(|| "none".into()),
                miss.got.clone().unwrap_or_else(|| "none".into()),
            );
            *counts.entry(key).or_default() += 1;
        }
        let mut sorted: Vec<_> = counts.into_iter().collect();
        sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        sorted
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Answers every question and counts.
pub fn evaluate(base: &KnowledgeBase, cases: &[LabelledQuestion]) -> EvalReport {
    let mut report = EvalReport::default();
    for case in cases {
        let got = answer_question(base, &case.question)
            .topic()
            .map(str::to_owned);
        let right = got == case.expected;
        report.total += 1;
        report.correct += usize::from(right);
        if case.expected.is_some() {
            report.topic_total += 1;
            report.topic_correct += usize::from(right);
        } else {
            report.none_total += 1;
            report.none_declined += usize::from(right);
        }
        if !right {
            report.misses.push(Miss {
                question: case.question.clone(),
                expected: case.expected.clone(),
                got,
            });
        }
    }
    report
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "questions:               {}", self.total)?;
        writeln!(
            f,
            "top-1 accuracy:          {:.1}% ({}/{})",
            100.0 * self.accuracy(),
            self.correct,
            self.total
        )?;
        writeln!(
            f,
            "accuracy on topics:      {:.1}% ({}/{})",
            100.0 * self.topic_accuracy(),
            self.topic_correct,
            self.topic_total
        )?;
        writeln!(
            f,
            "'none' declined:         {:.1}% ({}/{})",
            100.0 * self.none_declined_share(),
            self.none_declined,
            self.none_total
        )?;
        let confusions = self.confusions();
        if !confusions.is_empty() {
            writeln!(f, "confusions (expected -> got: count):")?;
            for ((expected, got), count) in confusions {
                writeln!(f, "  {expected} -> {got}: {count}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_labelled_questions_with_a_header() {
        let cases =
            parse_labelled("question\texpected_topic\nhow to book AL\tleave\nhi\tnone\n").unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].expected.as_deref(), Some("leave"));
        assert_eq!(cases[1].expected, None);
        assert!(
            parse_labelled("no tab here")
                .unwrap_err()
                .contains("line 1")
        );
    }
}
