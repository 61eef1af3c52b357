//! Turns text into search terms: UK/NHS abbreviations spelled out, common phrases joined,
//! filler words dropped, English stemming. Articles and questions go through the same steps.

use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};

/// Phrases rewritten to one term before splitting, so "sim card" is not SIM training and
/// "on call" is one idea. Applied to lower-cased text with spaces around it.
const PHRASES: &[(&str, &str)] = &[
    (" a&e ", " emergency department "),
    (" a & e ", " emergency department "),
    (" a and e ", " emergency department "),
    (" on-call ", " oncall "),
    (" on call ", " oncall "),
    (" on calls ", " oncall "),
    (" on-calls ", " oncall "),
    (" sim card ", " simcard "),
    (" sim cards ", " simcard "),
    (" sim only ", " simcard "),
    (" e-sim ", " esim "),
    (" e-portfolio ", " eportfolio "),
    (" e portfolio ", " eportfolio "),
    (" pay as you go ", " payg "),
    (" pay-as-you-go ", " payg "),
    (" share code ", " sharecode "),
    (" e-visa ", " evisa "),
    (" e visa ", " evisa "),
    (" log in ", " login "),
    (" log-in ", " login "),
    (" sign in ", " login "),
    (" fit note ", " fitnote "),
    (" sick note ", " fitnote "),
    (" self-certification ", " selfcert "),
    (" self certification ", " selfcert "),
    (" self-certify ", " selfcert "),
    (" self certify ", " selfcert "),
    (" self cert ", " selfcert "),
    (" day off in lieu ", " lieu "),
    (" time off in lieu ", " lieu "),
    (" bank holiday ", " bankholiday "),
    (" bank holidays ", " bankholiday "),
    (" public holiday ", " bankholiday "),
    (" public holidays ", " bankholiday "),
    (" bank account ", " bankaccount "),
    (" current account ", " bankaccount "),
];

/// Abbreviations fellows use, spelled out (after lower-casing and phrase joining).
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("al", &["annual", "leave"]),
    ("sl", &["study", "leave"]),
    ("blc", &["blue", "light", "card"]),
    ("ni", &["national", "insurance"]),
    ("nino", &["national", "insurance", "number"]),
    ("brp", &["brp", "evisa"]),
    ("ihs", &["immigration", "health", "surcharge"]),
    ("ooh", &["oncall"]),
    ("gp", &["gp", "general", "practice"]),
    ("mdo", &["medical", "defence"]),
    ("qip", &["audit", "qip"]),
    ("es", &["educational", "supervisor"]),
    ("cs", &["clinical", "supervisor"]),
    ("ltft", &["less", "full", "time"]),
    ("occ", &["occupational"]),
    ("oh", &["occupational", "health"]),
    ("cfp", &["programme"]),
    ("cf", &["clinical", "fellow"]),
    ("img", &["international", "graduate"]),
];

/// Words that carry no topic: greetings, politeness, question words, pronouns.
const FILLER: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "anyone", "are", "as",
    "at", "be", "because", "been", "being", "but", "by", "can", "could", "dear", "did", "do",
    "does", "doing", "done", "for", "from", "get", "getting", "got", "had", "has", "have",
    "having", "he", "hello", "her", "here", "hi", "him", "his", "how", "i", "if", "im", "in",
    "into", "is", "it", "its", "just", "kindly", "know", "let", "like", "madam", "may", "me",
    "might", "mine", "much", "must", "my", "myself", "need", "of", "ok", "okay", "on", "or", "our",
    "please", "pls", "plz", "regards", "she", "should", "sir", "so", "some", "someone", "tell",
    "than", "thank", "thanks", "that", "the", "their", "them", "then", "there", "these", "they",
    "this", "those", "to", "u", "um", "ur", "us", "very", "want", "was", "we", "were", "what",
    "whats", "when", "where", "which", "who", "whom", "why", "will", "with", "would", "you",
    "your", "yours",
];

/// The text-to-terms pipeline shared by articles and questions.
#[derive(Clone)]
pub struct Analyzer {
    stemmer: Arc<Stemmer>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self {
            stemmer: Arc::new(Stemmer::create(Algorithm::English)),
        }
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer")
    }
}

impl Analyzer {
    /// Lower-cased words with phrases joined, before abbreviations and stemming: the level at which
    /// spelling is checked.
    pub fn words(&self, text: &str) -> Vec<String> {
        // "IT" in capitals is the IT department, not the pronoun.
        let marked: String = text
            .split_inclusive(|c: char| !c.is_alphanumeric())
            .map(|piece| {
                let word = piece.trim_end_matches(|c: char| !c.is_alphanumeric());
                if word == "IT" {
                    piece.replacen("IT", "itdept", 1)
                } else {
                    piece.to_owned()
                }
            })
            .collect();
        let mut padded = format!(" {} ", marked.to_lowercase().replace(['’', '\''], ""));
        padded = padded
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '&' || c == '-' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        padded = collapse_spaces(&padded);
        for (phrase, replacement) in PHRASES {
            while padded.contains(phrase) {
                padded = padded.replace(phrase, replacement);
            }
        }
        padded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Search terms from already-split words.
    pub fn terms_from_words(&self, words: &[String]) -> Vec<String> {
        let mut terms = Vec::new();
        for word in words {
            match ABBREVIATIONS.iter().find(|(short, _)| short == word) {
                Some((_, long)) => terms.extend(long.iter().map(|w| self.stem(w))),
                None if is_filler(word) => {}
                None => terms.push(self.stem(word)),
            }
        }
        terms
    }

    /// Search terms from text.
    pub fn terms(&self, text: &str) -> Vec<String> {
        self.terms_from_words(&self.words(text))
    }

    fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
    }
}

/// Whether a word carries no topic on its own.
pub fn is_filler(word: &str) -> bool {
    FILLER.binary_search(&word).is_ok()
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for c in text.chars() {
        if c == ' ' {
            if !last_space {
                out.push(c);
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

impl bm25::Tokenizer for Analyzer {
    fn tokenize(&self, input_text: &str) -> Vec<String> {
        self.terms(input_text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filler_list_is_sorted_for_binary_search() {
        assert!(FILLER.windows(2).all(|w| w[0] < w[1]), "keep FILLER sorted");
    }

    #[test]
    fn abbreviations_and_phrases_become_the_same_terms_as_their_long_form() {
        let analyzer = Analyzer::default();
        assert_eq!(analyzer.terms("AL"), analyzer.terms("annual leave"));
        assert_eq!(analyzer.terms("my sim card"), analyzer.terms("SIM cards"));
        assert_ne!(analyzer.terms("sim card"), analyzer.terms("sim training"));
        assert_eq!(
            analyzer.terms("A&E"),
            analyzer.terms("emergency department")
        );
        assert_eq!(analyzer.terms("on-call"), analyzer.terms("on call"));
    }

    #[test]
    fn it_in_capitals_is_the_it_department() {
        let analyzer = Analyzer::default();
        assert_eq!(analyzer.terms("IT login"), vec!["itdept", "login"]);
        assert!(analyzer.terms("is it free").iter().all(|t| t != "itdept"));
    }
}
