//! Word patterns over normalised text (see `normalise`): regular expressions whose words are
//! whole words, with `…` for "up to three words here" and `……` for "up to six".

use regex::{Regex, RegexSet};

/// A list of patterns, compiled once.
pub struct Patterns {
    set: RegexSet,
    each: Vec<Regex>,
}

impl Patterns {
    /// Compiles `patterns`; a pattern that does not compile is a bug caught by the unit tests.
    pub fn new(patterns: &[&str]) -> Self {
        let expanded: Vec<String> = patterns.iter().map(|p| expand(p)).collect();
        let set = RegexSet::new(&expanded).unwrap_or_else(|e| panic!("safety patterns: {e}"));
        let each = expanded
            .iter()
            .map(|p| Regex::new(p).unwrap_or_else(|e| panic!("safety pattern {p}: {e}")))
            .collect();
        Self { set, each }
    }

    /// Whether any pattern matches the normalised text.
    pub fn matches(&self, text: &str) -> bool {
        self.set.is_match(text)
    }

    /// The word positions (0 for the first word) where a match of any pattern starts.
    pub fn positions(&self, text: &str) -> Vec<usize> {
        let mut found = Vec::new();
        for index in self.set.matches(text).iter() {
            for m in self.each[index].find_iter(text) {
                // Every match starts at the space before its first word.
                found.push(text[..m.start()].matches(' ').count());
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The text with every match of every pattern replaced by a single space.
    pub fn remove_from(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for index in self.set.matches(text).iter() {
            out = self.each[index].replace_all(&out, " ").into_owned();
        }
        out
    }
}

/// ` (?:PATTERN) ` with the gaps spelled out: words match whole, between the spaces that
/// normalised text puts around every word.
fn expand(pattern: &str) -> String {
    let body = pattern
        .replace(" …… ", r" (?:\S+ ){0,6}")
        .replace(" … ", r" (?:\S+ ){0,3}");
    format!(" (?:{body}) ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_whole_and_gaps_take_a_few_words() {
        let patterns = Patterns::new(&["kill … myself", "die"]);
        assert!(patterns.matches(" i will kill myself "));
        assert!(patterns.matches(" i want to kill my stupid self myself "));
        assert!(!patterns.matches(" kill a b c d e myself "));
        assert!(!patterns.matches(" diet plan "));
    }

    #[test]
    fn positions_count_words_from_the_start() {
        let patterns = Patterns::new(&["b c", "e"]);
        assert_eq!(patterns.positions(" a b c d e "), vec![1, 4]);
    }

    #[test]
    fn removal_leaves_the_rest_of_the_text() {
        let idioms = Patterns::new(&["dying (?:to|for) \\S+"]);
        assert_eq!(
            idioms.remove_from(" i am dying to know if i can die "),
            " i am if i can die "
        );
    }
}
