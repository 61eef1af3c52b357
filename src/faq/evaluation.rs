//! Measuring answer quality: questions with what they should get (a topic, `none` for "must not
//! answer with confidence", a safety class `crisis` / `emergency` / `clinical`, or `ok` for "must
//! not be flagged"), scored the way `fellowship-bot faq eval` reports them.

use std::collections::BTreeMap;
use std::fmt;

use super::answers::answer_question;
use super::library::KnowledgeBase;

/// The safety classes an evaluation set can expect.
pub const SAFETY_CLASSES: [&str; 3] = ["crisis", "emergency", "clinical"];

/// What a question should get.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// This article.
    Topic(String),
    /// No confident answer.
    Decline,
    /// This safety class.
    Safety(&'static str),
    /// Anything but a safety flag (an ordinary message that borrows alarming words).
    NotFlagged,
}

impl Expected {
    fn parse(label: &str) -> Self {
        match label {
            "none" => Self::Decline,
            "ok" => Self::NotFlagged,
            other => match SAFETY_CLASSES.iter().find(|class| **class == other) {
                Some(class) => Self::Safety(class),
                None => Self::Topic(other.to_owned()),
            },
        }
    }

    fn label(&self) -> &str {
        match self {
            Self::Topic(topic) => topic,
            Self::Decline => "none",
            Self::Safety(class) => class,
            Self::NotFlagged => "ok",
        }
    }
}

/// One labelled question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelledQuestion {
    pub question: String,
    pub expected: Expected,
}

/// Reads `question<TAB>expected` lines; a first line naming the columns is a header.
pub fn parse_labelled(tsv: &str) -> Result<Vec<LabelledQuestion>, String> {
    let mut cases = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        let header = n == 0 && (line.starts_with("question\t") || line.starts_with("message\t"));
        if line.trim().is_empty() || header {
            continue;
        }
        let (question, expected) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: expected 'question<TAB>label'", n + 1))?;
        cases.push(LabelledQuestion {
            question: question.trim().to_owned(),
            expected: Expected::parse(expected.trim()),
        });
    }
    Ok(cases)
}

/// A wrong answer: what was expected and what the bot did (a topic, a safety class or "none").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub question: String,
    pub expected: String,
    pub got: String,
}

/// Recall and false alarms of one safety class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassFigures {
    /// Messages labelled with the class, and how many got it.
    pub labelled: usize,
    pub recognised: usize,
    /// Messages labelled otherwise, and how many were flagged with the class all the same.
    pub others: usize,
    pub false_alarms: usize,
}

/// The figures of one evaluation run.
#[derive(Debug, Clone, Default)]
pub struct EvalReport {
    pub total: usize,
    pub correct: usize,
    pub topic_total: usize,
    pub topic_correct: usize,
    /// Topic questions answered outright with another topic.
    pub confident_wrong: usize,
    pub none_total: usize,
    pub none_declined: usize,
    /// Ordinary messages (`ok` or a topic question) flagged as a crisis or an emergency.
    pub ordinary_total: usize,
    pub ordinary_alarmed: usize,
    pub safety: BTreeMap<&'static str, ClassFigures>,
    pub misses: Vec<Miss>,
}

impl EvalReport {
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.total)
    }

    pub fn topic_accuracy(&self) -> f64 {
        ratio(self.topic_correct, self.topic_total)
    }

    pub fn confident_wrong_share(&self) -> f64 {
        share(self.confident_wrong, self.topic_total)
    }

    pub fn none_declined_share(&self) -> f64 {
        ratio(self.none_declined, self.none_total)
    }

    /// (expected, got) pairs with how often they happened, most frequent first.
    pub fn confusions(&self) -> Vec<((String, String), usize)> {
        let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
        for miss in &self.misses {
            *counts
                .entry((miss.expected.clone(), miss.got.clone()))
                .or_default() += 1;
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

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Answers every question and counts.
pub fn evaluate(base: &KnowledgeBase, cases: &[LabelledQuestion]) -> EvalReport {
    let mut report = EvalReport::default();
    for class in SAFETY_CLASSES {
        report.safety.insert(class, ClassFigures::default());
    }
    for case in cases {
        let answer = answer_question(base, &case.question);
        let flag = answer.safety();
        let topic = answer.topic().filter(|_| flag.is_none());
        let got = flag.or(topic).unwrap_or("none");
        let right = match &case.expected {
            Expected::Topic(expected) => topic == Some(expected.as_str()),
            Expected::Decline => topic.is_none(),
            Expected::Safety(class) => flag == Some(*class),
            Expected::NotFlagged => flag.is_none(),
        };
        report.total += 1;
        report.correct += usize::from(right);
        match &case.expected {
            Expected::Topic(_) => {
                report.topic_total += 1;
                report.topic_correct += usize::from(right);
                report.confident_wrong += usize::from(!right && topic.is_some());
            }
            Expected::Decline => {
                report.none_total += 1;
                report.none_declined += usize::from(topic.is_none());
            }
            Expected::Safety(_) | Expected::NotFlagged => {}
        }
        // Ordinary: a topic question or a message that must not be flagged ("none" rows of older
        // sets hold emergencies and clinical questions too).
        if matches!(case.expected, Expected::Topic(_) | Expected::NotFlagged) {
            report.ordinary_total += 1;
            report.ordinary_alarmed += usize::from(matches!(flag, Some("crisis" | "emergency")));
        }
        for (class, figures) in report.safety.iter_mut() {
            if case.expected == Expected::Safety(class) {
                figures.labelled += 1;
                figures.recognised += usize::from(flag == Some(*class));
            } else {
                figures.others += 1;
                figures.false_alarms += usize::from(flag == Some(*class));
            }
        }
        if !right {
            report.misses.push(Miss {
                question: case.question.clone(),
                expected: case.expected.label().to_owned(),
                got: got.to_owned(),
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
        if self.topic_total > 0 {
            writeln!(
                f,
                "accuracy on topics:      {:.1}% ({}/{})",
                100.0 * self.topic_accuracy(),
                self.topic_correct,
                self.topic_total
            )?;
            writeln!(
                f,
                "confident wrong answers: {:.1}% ({}/{} topic questions answered with another topic)",
                100.0 * self.confident_wrong_share(),
                self.confident_wrong,
                self.topic_total
            )?;
        }
        if self.none_total > 0 {
            writeln!(
                f,
                "'none' declined:         {:.1}% ({}/{})",
                100.0 * self.none_declined_share(),
                self.none_declined,
                self.none_total
            )?;
        }
        for (class, figures) in &self.safety {
            if figures.labelled == 0 && figures.false_alarms == 0 {
                continue;
            }
            writeln!(
                f,
                "{class:<10} recall {:.1}% ({}/{}), false alarms {:.1}% ({}/{})",
                100.0 * ratio(figures.recognised, figures.labelled),
                figures.recognised,
                figures.labelled,
                100.0 * share(figures.false_alarms, figures.others),
                figures.false_alarms,
                figures.others
            )?;
        }
        writeln!(
            f,
            "ordinary messages flagged crisis or emergency: {}/{}",
            self.ordinary_alarmed, self.ordinary_total
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
        let cases = parse_labelled(
            "question\texpected_topic\nhow to book AL\tleave\nhi\tnone\ni want to die\tcrisis\nmy phone died\tok\n",
        )
        .unwrap();
        assert_eq!(cases.len(), 4);
        assert_eq!(cases[0].expected, Expected::Topic("leave".into()));
        assert_eq!(cases[1].expected, Expected::Decline);
        assert_eq!(cases[2].expected, Expected::Safety("crisis"));
        assert_eq!(cases[3].expected, Expected::NotFlagged);
        assert!(
            parse_labelled("no tab here")
                .unwrap_err()
                .contains("line 1")
        );
    }
}
