//! Ranked retrieval over the articles: BM25 (the `bm25` crate) on two fields, keys (title,
//! command, aliases) and body, plus a bonus for alias phrases found whole in the question,
//! spelling correction against the articles' own words, and the decision to answer, suggest or
//! decline.

use std::collections::{HashMap, HashSet};

use super::analyzer::Analyzer;
use super::article::Article;
use super::field_index::FieldIndex;
use super::spelling::Vocabulary;

/// How many of the best articles get a coverage figure.
const COVERAGE_FOR_BEST: usize = 5;

/// A question whose words no article uses carry this share of its weight or more is about
/// something the articles do not cover ("pension", "mortgage"): matching it on its common words
/// would give a confident wrong answer.
const MAX_UNKNOWN_SHARE: f32 = 0.6;

/// A rival scoring at least this share of the best and covering clearly more of the question
/// (by `RIVAL_COVERAGE_LEAD`) makes the best a close call: "did you mean" rather than an answer.
const RIVAL_SCORE_SHARE: f32 = 0.5;
const RIVAL_COVERAGE_LEAD: f32 = 0.35;

/// How the parts of a match are weighed, and when the bot is sure enough to answer.
/// Tuned on the development question set as a whole; see `fellowship-bot faq eval`.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    pub keys_weight: f32,
    pub body_weight: f32,
    /// Added per term of the longest alias phrase found whole in the question.
    pub phrase_bonus: f32,
    /// Below this score, the bot does not know.
    pub min_score: f32,
    /// Below this share of the question's weight found in the best article, the bot does not know
    /// (unless the score is strong).
    pub min_coverage: f32,
    /// A score this high is enough evidence whatever else the question says.
    pub strong_score: f32,
    /// The best article must beat the second by this share of its score to be answered outright.
    pub min_margin: f32,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            keys_weight: 1.0,
            body_weight: 0.5,
            phrase_bonus: 2.0,
            min_score: 5.0,
            min_coverage: 0.15,
            strong_score: 15.0,
            min_margin: 0.1,
        }
    }
}

/// What the search concluded about a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Confident: this article answers it.
    Answer { article: usize, score: f32 },
    /// Close: one of these might (best first).
    Suggest { articles: Vec<usize>, score: f32 },
    /// Nothing fits well enough.
    Unknown { score: f32 },
}

impl Decision {
    pub fn score(&self) -> f32 {
        match self {
            Self::Answer { score, .. } | Self::Suggest { score, .. } | Self::Unknown { score } => {
                *score
            }
        }
    }
}

/// An article's score for a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub article: usize,
    pub score: f32,
    /// Share of the question's term weight that this article contains (0 beyond the five best).
    pub coverage: f32,
}

/// The search index over one version of the knowledge base.
pub struct SearchIndex {
    analyzer: Analyzer,
    keys: FieldIndex,
    body: FieldIndex,
    /// Every word the articles use, for spelling correction.
    vocabulary: Vocabulary,
    /// Whole-question matches: an alias, title or command, as terms.
    exact: HashMap<Vec<String>, usize>,
    /// Alias phrases as term sequences, by their first term.
    phrases: HashMap<String, Vec<(Vec<String>, usize)>>,
    /// Each article's terms (keys and body), for coverage.
    article_terms: Vec<HashSet<String>>,
    /// In how many articles each term occurs.
    document_frequency: HashMap<String, usize>,
    tuning: Tuning,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("phrases", &self.phrases.len())
            .finish()
    }
}

fn keys_text(article: &Article, extra_aliases: &[String]) -> String {
    let mut parts = vec![article.title.clone(), article.command.clone()];
    parts.extend(article.aliases.iter().cloned());
    parts.extend(extra_aliases.iter().cloned());
    parts.join(" . ")
}

fn body_text(article: &Article) -> String {
    let mut body = format!("{}\n{}", article.summary, article.details);
    for (_, section) in &article.trust_sections {
        body.push('\n');
        body.push_str(section);
    }
    body
}

impl SearchIndex {
    /// Builds the index; `learned` holds aliases leads added, as (article index, alias).
    pub fn build(articles: &[Article], learned: &[(usize, String)], tuning: Tuning) -> Self {
        let analyzer = Analyzer::default();
        let extra = |i: usize| -> Vec<String> {
            learned
                .iter()
                .filter(|(a, _)| *a == i)
                .map(|(_, alias)| alias.clone())
                .collect()
        };
        let keys_corpus: Vec<String> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| keys_text(a, &extra(i)))
            .collect();
        let body_corpus: Vec<String> = articles.iter().map(body_text).collect();
        let keys = FieldIndex::build(&analyzer, &keys_corpus);
        let body = FieldIndex::build(&analyzer, &body_corpus);

        let mut vocabulary = Vocabulary::default();
        let mut article_terms = Vec::with_capacity(articles.len());
        let mut document_frequency: HashMap<String, usize> = HashMap::new();
        for (keys_text, body_text) in keys_corpus.iter().zip(&body_corpus) {
            let mut terms = HashSet::new();
            for text in [keys_text, body_text] {
                let words = analyzer.words(text);
                terms.extend(analyzer.terms_from_words(&words));
                for word in words {
                    vocabulary.add(word);
                }
            }
            for term in &terms {
                *document_frequency.entry(term.clone()).or_default() += 1;
            }
            article_terms.push(terms);
        }

        let mut exact = HashMap::new();
        let mut phrases: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        for (i, article) in articles.iter().enumerate() {
            let mut names = vec![
                article.title.clone(),
                article.command.clone(),
                article.id.replace('-', " "),
            ];
            names.extend(article.aliases.iter().cloned());
            names.extend(extra(i));
            for name in names {
                let terms = analyzer.terms(&name);
                if terms.is_empty() {
                    continue;
                }
                exact.entry(terms.clone()).or_insert(i);
                phrases
                    .entry(terms[0].clone())
                    .or_default()
                    .push((terms, i));
            }
        }
        Self {
            analyzer,
            keys,
            body,
            vocabulary,
            exact,
            phrases,
            article_terms,
            document_frequency,
            tuning,
        }
    }

    /// The terms the search reads in `text` (stems, fillers dropped, abbreviations spelled out).
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.analyzer.terms(text)
    }

    pub fn tuning(&self) -> Tuning {
        self.tuning
    }

    /// Corrects words the articles never use to the closest word they do, when one is close.
    pub fn correct_spelling(&self, words: &[String]) -> Vec<String> {
        words
            .iter()
            .map(|word| {
                self.vocabulary
                    .correct(word)
                    .unwrap_or_else(|| word.clone())
            })
            .collect()
    }

    /// The question's search terms, after spelling correction.
    pub fn question_terms(&self, question: &str) -> Vec<String> {
        let words = self.analyzer.words(question);
        self.analyzer
            .terms_from_words(&self.correct_spelling(&words))
    }

    /// Every article that shares a term with the question, best first.
    pub fn rank(&self, question: &str) -> Vec<Ranked> {
        let terms = self.question_terms(question);
        self.rank_terms(&terms)
    }

    fn rank_terms(&self, terms: &[String]) -> Vec<Ranked> {
        let unique: Vec<&String> = {
            let mut seen = HashSet::new();
            terms.iter().filter(|t| seen.insert(t.as_str())).collect()
        };
        if unique.is_empty() {
            return Vec::new();
        }
        let term_ids: Vec<u32> = unique.iter().map(|t| FieldIndex::term_id(t)).collect();
        let mut scores: HashMap<usize, f32> = HashMap::new();
        self.keys
            .add_scores(&term_ids, self.tuning.keys_weight, &mut scores);
        self.body
            .add_scores(&term_ids, self.tuning.body_weight, &mut scores);
        for (at, term) in terms.iter().enumerate() {
            for (phrase, article) in self.phrases.get(term).into_iter().flatten() {
                if terms[at..].starts_with(phrase) {
                    *scores.entry(*article).or_default() +=
                        self.tuning.phrase_bonus * phrase.len() as f32;
                }
            }
        }
        let mut ranked: Vec<Ranked> = scores
            .into_iter()
            .map(|(article, score)| Ranked {
                article,
                score,
                coverage: 0.0,
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.article.cmp(&b.article)));
        // Coverage matters only for the few best; computing it for all would cost most of the time.
        let weights: Vec<f32> = unique.iter().map(|t| self.term_weight(t)).collect();
        let total_weight: f32 = weights.iter().sum();
        for found in ranked.iter_mut().take(COVERAGE_FOR_BEST) {
            let covered: f32 = unique
                .iter()
                .zip(&weights)
                .filter(|(term, _)| self.article_has_term(found.article, term))
                .map(|(_, weight)| weight)
                .sum();
            found.coverage = if total_weight > 0.0 {
                covered / total_weight
            } else {
                0.0
            };
        }
        ranked
    }

    /// How much a term says about the topic: rare terms more, unknown terms the most.
    fn term_weight(&self, term: &str) -> f32 {
        let total = self.article_terms.len() as f32;
        match self.document_frequency.get(term) {
            None => (1.0 + (total + 0.5) / 0.5).ln(),
            Some(&n) => (1.0 + (total - n as f32 + 0.5) / (n as f32 + 0.5)).ln(),
        }
    }

    fn article_has_term(&self, article: usize, term: &str) -> bool {
        self.article_terms
            .get(article)
            .is_some_and(|terms| terms.contains(term))
    }

    /// The share of the question's term weight that no article has.
    fn unknown_share(&self, terms: &[String]) -> f32 {
        let unique: HashSet<&String> = terms.iter().collect();
        let (unknown, total) = unique.iter().fold((0.0, 0.0), |(unknown, total), term| {
            let weight = self.term_weight(term);
            let missing = !self.document_frequency.contains_key(term.as_str());
            (unknown + if missing { weight } else { 0.0 }, total + weight)
        });
        if total > 0.0 { unknown / total } else { 0.0 }
    }

    /// Answers, suggests or declines.
    pub fn decide(&self, question: &str) -> Decision {
        let terms = self.question_terms(question);
        if let Some(article) = self.exact.get(&terms) {
            return Decision::Answer {
                article: *article,
                score: 100.0,
            };
        }
        let ranked = self.rank_terms(&terms);
        let Some(best) = ranked.first() else {
            return Decision::Unknown { score: 0.0 };
        };
        let tuning = &self.tuning;
        let strong = best.score >= tuning.strong_score;
        if !strong && self.unknown_share(&terms) >= MAX_UNKNOWN_SHARE {
            return Decision::Unknown { score: best.score };
        }
        let covered = best.coverage >= tuning.min_coverage || strong;
        let second = ranked.get(1).map_or(0.0, |r| r.score);
        if best.score >= tuning.min_score && covered {
            let rival_explains_more = ranked.iter().skip(1).take(2).any(|rival| {
                rival.score >= best.score * RIVAL_SCORE_SHARE
                    && rival.coverage >= best.coverage + RIVAL_COVERAGE_LEAD
            });
            if (best.score - second) / best.score >= tuning.min_margin && !rival_explains_more {
                return Decision::Answer {
                    article: best.article,
                    score: best.score,
                };
            }
            return Decision::Suggest {
                articles: close_to(&ranked, best.score * RIVAL_SCORE_SHARE.min(0.8)),
                score: best.score,
            };
        }
        // A weak match on a short, fully understood question ("card") is worth a "did you mean".
        if best.score >= tuning.min_score / 2.0 && best.coverage >= 0.75 {
            return Decision::Suggest {
                articles: close_to(&ranked, best.score * 0.5),
                score: best.score,
            };
        }
        Decision::Unknown { score: best.score }
    }
}

/// Up to three articles scoring at least `floor`, best first.
fn close_to(ranked: &[Ranked], floor: f32) -> Vec<usize> {
    ranked
        .iter()
        .take(3)
        .filter(|r| r.score >= floor)
        .map(|r| r.article)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faq::article::parse_article;

    fn article(id: &str, aliases: &str, body: &str) -> Article {
        let text = format!(
            "+++\nid = \"{id}\"\ntitle = \"{id}\"\ncommand = \"{id}\"\naliases = [{aliases}]\n\
             category = \"acclimatisation\"\nlast_reviewed = \"2026-11-30\"\n+++\n\n{body}\n"
        );
        parse_article(&text, &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    fn index() -> SearchIndex {
        let articles = [
            article(
                "mobile",
                "\"SIM\", \"SIM card\"",
                "Get a UK SIM card with pay as you go. Networks and data plans, cheap deals.",
            ),
            article(
                "sim-training",
                "\"sim training\", \"sim session\"",
                "Simulation training: sim sessions with manikins, book a sim session with the team.",
            ),
            article(
                "sick-leave",
                "\"sick leave\", \"report sickness\"",
                "Report sickness before your shift to the rota coordinator. Self-certify for 7 days.",
            ),
            article(
                "on-call",
                "\"on call\", \"night shift\"",
                "Night shifts and on calls: shadow on-calls, the rota, sick patients, what to report.",
            ),
            article(
                "portfolio",
                "\"portfolio pathway\"",
                "The portfolio pathway to the specialist register: evidence and work you collect.",
            ),
        ];
        SearchIndex::build(&articles, &[], Tuning::default())
    }

    fn answered(decision: &Decision) -> Option<usize> {
        match decision {
            Decision::Answer { article, .. } => Some(*article),
            _ => None,
        }
    }

    #[test]
    fn a_sim_card_question_is_not_answered_with_sim_training() {
        let index = index();
        let card = index.decide("which sim has cheap data");
        assert_eq!(
            answered(&card),
            Some(0),
            "{card:?} {:?}",
            index.rank("which sim has cheap data")
        );
        assert_ne!(
            answered(&index.decide("when is the next sim session")),
            Some(0)
        );
    }

    #[test]
    fn a_question_mostly_in_words_no_article_uses_is_declined() {
        let index = index();
        assert!(
            matches!(
                index.decide("which laptop brand for portfolio"),
                Decision::Unknown { .. }
            ),
            "{:?}",
            index.decide("which laptop brand for portfolio")
        );
    }

    #[test]
    fn the_share_of_unknown_words_weighs_each_word_by_its_rarity() {
        let index = index();
        let terms = |text: &str| index.question_terms(text);
        assert_eq!(index.unknown_share(&terms("sim card")), 0.0);
        assert_eq!(index.unknown_share(&terms("mortgage")), 1.0);
        let mixed = index.unknown_share(&terms("mortgage portfolio"));
        assert!(mixed > 0.0 && mixed < 1.0, "{mixed}");
    }
}
