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
    (" sim training ", " simulation training "),
    (" sim trainings ", " simulation trainings "),
    (" sim session ", " simulation session "),
    (" sim sessions ", " simulation sessions "),
    (" sim teaching ", " simulation teaching "),
    (" sim lab ", " simulation lab "),
    (" sim labs ", " simulation labs "),
    (" sim course ", " simulation course "),
    (" sim courses ", " simulation courses "),
    (" sim scenario ", " simulation scenario "),
    (" sim scenarios ", " simulation scenarios "),
    (" sim day ", " simulation day "),
    (" sim days ", " simulation days "),
    (" sim centre ", " simulation centre "),
    (" sim center ", " simulation center "),
    (" sim suite ", " simulation suite "),
    (" sim faculty ", " simulation faculty "),
    (" sim fellow ", " simulation fellow "),
    (" sim practice ", " simulation practice "),
    (" in-situ sim ", " insitu simulation "),
    (" in situ sim ", " insitu simulation "),
    (" do sim ", " do simulation "),
    (" doing sim ", " doing simulation "),
    (" did sim ", " did simulation "),
    (" done sim ", " done simulation "),
    (" attend sim ", " attend simulation "),
    (" attending sim ", " attending simulation "),
    (" attended sim ", " attended simulation "),
    (" book sim ", " book simulation "),
    (" booking sim ", " booking simulation "),
    (" join sim ", " join simulation "),
    (" joining sim ", " joining simulation "),
    (" practise sim ", " practise simulation "),
    (" practice sim ", " practice simulation "),
    (" my sim ", " my simcard "),
    (" a sim ", " a simcard "),
    (" uk sim ", " uk simcard "),
    (" new sim ", " new simcard "),
    (" which sim ", " which simcard "),
    (" wich sim ", " wich simcard "),
    (" cheap sim ", " cheap simcard "),
    (" cheapest sim ", " cheapest simcard "),
    (" best sim ", " best simcard "),
    (" physical sim ", " physical simcard "),
    (" prepaid sim ", " prepaid simcard "),
    (" buy sim ", " buy simcard "),
    (" get sim ", " get simcard "),
    (" local sim ", " local simcard "),
    (" british sim ", " british simcard "),
    (" english sim ", " english simcard "),
    (" sim only ", " simcard only "),
    (" sim-only ", " simcard only "),
    (" sim deal ", " simcard deal "),
    (" sim-deal ", " simcard deal "),
    (" sim deals ", " simcard deals "),
    (" sim-deals ", " simcard deals "),
    (" sim contract ", " simcard contract "),
    (" sim-contract ", " simcard contract "),
    (" sim plan ", " simcard plan "),
    (" sim-plan ", " simcard plan "),
    (" sim free ", " simcard free "),
    (" sim-free ", " simcard free "),
    (" night shifts ", " nightshift "),
    (" night shift ", " nightshift "),
    (" night duty ", " nightshift "),
    (" night duties ", " nightshift "),
    (" night oncall ", " nightshift "),
    (" night oncalls ", " nightshift "),
    (" on nights ", " nightshift "),
    (" nights ", " nightshift "),
    (" first night ", " first nightshift "),
    (" fell ill ", " unwell "),
    (" fall ill ", " unwell "),
    (" falls ill ", " unwell "),
    (" falling ill ", " unwell "),
    (" feel ill ", " unwell "),
    (" feels ill ", " unwell "),
    (" feeling ill ", " unwell "),
    (" felt ill ", " unwell "),
    (" got ill ", " unwell "),
    (" get ill ", " unwell "),
    (" getting ill ", " unwell "),
    (" became ill ", " unwell "),
    (" become ill ", " unwell "),
    (" am ill ", " unwell "),
    (" was ill ", " unwell "),
    (" too ill ", " unwell "),
    (" im ill ", " unwell "),
    (" cover letter ", " coverletter "),
    (" cover letters ", " coverletter "),
    (" covering letter ", " coverletter "),
    (" cover my shift ", " rota "),
    (" cover for my shift ", " rota "),
    (" cover a shift ", " rota "),
    (" cover the shift ", " rota "),
    (" cover shifts ", " rota "),
    (" cover my shifts ", " rota "),
    (" shift cover ", " rota "),
    (" find cover ", " rota "),
    (" arrange cover ", " rota "),
    (" cover the rota ", " rota "),
    (" rota cover ", " rota "),
    (" bank shift ", " bankshift "),
    (" bank shifts ", " bankshift "),
    (" bank work ", " bankshift "),
    (" bank job ", " bankshift "),
    (" bank jobs ", " bankshift "),
    (" bank staff ", " bankshift "),
    (" staff bank ", " bankshift "),
    (" without a car ", " public transport "),
    (" without car ", " public transport "),
    (" dont have a car ", " public transport "),
    (" no car ", " public transport "),
    (" network coverage ", " mobile network "),
    (" phone signal ", " mobile network "),
    (" mobile signal ", " mobile network "),
    (" no signal ", " mobile network "),
    (" pay slip ", " payslip "),
    (" pay slips ", " payslip "),
    (" pay day ", " payday "),
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
    "does", "doing", "done", "during", "for", "from", "get", "getting", "got", "had", "has",
    "have", "having", "he", "hello", "her", "here", "hi", "him", "his", "how", "i", "if", "im",
    "in", "into", "is", "it", "its", "just", "kindly", "know", "let", "like", "madam", "may", "me",
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
    fn a_sim_card_and_sim_training_never_share_a_term() {
        let analyzer = Analyzer::default();
        let card = analyzer.terms("which sim is cheap, I need a new sim");
        let training = analyzer.terms("when is the next sim session");
        assert!(
            card.iter().all(|t| !training.contains(t)),
            "{card:?} {training:?}"
        );
        assert_eq!(analyzer.terms("my sim"), analyzer.terms("SIM card"));
        assert_eq!(analyzer.terms("do sim"), analyzer.terms("do simulation"));
        assert_eq!(
            analyzer.terms("sim training"),
            analyzer.terms("simulation training")
        );
    }

    #[test]
    fn night_shifts_are_not_night_time() {
        let analyzer = Analyzer::default();
        assert_eq!(analyzer.terms("on nights"), analyzer.terms("night shifts"));
        assert!(
            !analyzer
                .terms("tooth pain at night")
                .contains(&"nightshift".to_owned())
        );
    }

    #[test]
    fn falling_ill_is_being_unwell_but_ill_patients_are_not() {
        let analyzer = Analyzer::default();
        assert_eq!(analyzer.terms("I fell ill"), analyzer.terms("unwell"));
        assert!(
            !analyzer
                .terms("acutely ill patients")
                .contains(&"unwel".to_owned())
        );
    }

    #[test]
    fn cover_for_a_shift_and_a_cover_letter_are_not_indemnity_cover() {
        let analyzer = Analyzer::default();
        let cover = analyzer.terms("cover");
        for text in ["who will cover my shift", "cover letter", "bank shifts"] {
            assert!(
                analyzer
                    .terms(text)
                    .iter()
                    .all(|t| !cover.contains(t) && t != "bank"),
                "{text}: {:?}",
                analyzer.terms(text)
            );
        }
    }

    #[test]
    fn it_in_capitals_is_the_it_department() {
        let analyzer = Analyzer::default();
        assert_eq!(analyzer.terms("IT login"), vec!["itdept", "login"]);
        assert!(analyzer.terms("is it free").iter().all(|t| t != "itdept"));
    }
}
