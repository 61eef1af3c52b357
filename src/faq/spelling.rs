//! Spelling correction against the words the articles use: a question word the articles never
//! use is replaced by the closest one they do, if it is one or two edits away.

use std::collections::HashMap;

use super::analyzer::is_filler;

/// The articles' words, grouped by length so a lookup compares only plausible candidates.
#[derive(Debug, Default)]
pub struct Vocabulary {
    counts: HashMap<String, u32>,
    by_length: HashMap<usize, Vec<String>>,
}

impl Vocabulary {
    pub fn add(&mut self, word: String) {
        let count = self.counts.entry(word.clone()).or_insert(0);
        if *count == 0 {
            self.by_length
                .entry(word.chars().count())
                .or_default()
                .push(word);
        }
        *count += 1;
    }

    /// The closest known word to `word`, if it is unknown and something close is known.
    /// Short words are left alone: "ring" is not a typo of "bring".
    pub fn correct(&self, word: &str) -> Option<String> {
        let length = word.chars().count();
        if length < 5
            || self.counts.contains_key(word)
            || is_filler(word)
            || word.chars().any(|c| c.is_ascii_digit())
        {
            return None;
        }
        let max_distance = if length >= 8 { 2 } else { 1 };
        let (first, last) = (word.chars().next(), word.chars().last());
        (length.saturating_sub(max_distance)..=length + max_distance)
            .filter_map(|l| self.by_length.get(&l))
            .flatten()
            // Typos rarely hit both ends of a word at once; checking that first is cheap.
            .filter(|known| known.chars().next() == first || known.chars().last() == last)
            .map(|known| {
                (
                    strsim::osa_distance(word, known),
                    std::cmp::Reverse(self.counts[known]),
                    known,
                )
            })
            .filter(|(distance, _, _)| *distance <= max_distance)
            .min()
            .map(|(_, _, known)| known.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &[&str]) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for word in words {
            vocabulary.add(word.to_string());
        }
        vocabulary
    }

    #[test]
    fn close_misspellings_are_corrected() {
        let known = vocabulary(&["indemnity", "working", "budget", "bring"]);
        assert_eq!(known.correct("indeminity").as_deref(), Some("indemnity"));
        assert_eq!(known.correct("wrking").as_deref(), Some("working"));
        assert_eq!(known.correct("budjet").as_deref(), Some("budget"));
    }

    #[test]
    fn short_known_and_distant_words_are_left_alone() {
        let known = vocabulary(&["bring", "parking"]);
        assert_eq!(known.correct("ring"), None);
        assert_eq!(known.correct("parking"), None);
        assert_eq!(known.correct("cricket"), None);
    }
}
