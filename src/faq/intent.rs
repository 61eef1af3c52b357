//! What kind of message a free-text question is, once the safety triage has found nothing:
//! small talk, a question about another country's system, a subject no article covers (`scope`),
//! or a question for the knowledge base.

mod scope;

pub use scope::OutOfScope;

/// The kind of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Greeting,
    Thanks,
    /// "Bye", "good night".
    Farewell,
    /// "Are you a bot?"
    AboutTheBot,
    /// About working or training in another country: outside what the programme covers.
    ElsewhereAbroad,
    /// About a subject no article covers (pensions, tax, ...): better asked elsewhere.
    OutOfScope(OutOfScope),
    Question,
}

/// Other countries' licensing and training systems.
const ELSEWHERE_SYSTEMS: &[&str] = &[
    "usmle",
    "ecfmg",
    "nrmp",
    "residency match",
    "amc",
    "ahpra",
    "mccqe",
    "medical council of canada",
    "nclex",
    "prometric",
    "dha",
    "haad",
    "dataflow",
];
/// Other countries, which only matter here next to licensing or job words.
const ELSEWHERE_COUNTRIES: &[&str] = &[
    "usa",
    "america",
    "american",
    "canada",
    "canadian",
    "australia",
    "australian",
    "new zealand",
];
const CAREER_WORDS: &[&str] = &[
    "exam",
    "exams",
    "licence",
    "license",
    "licensing",
    "residency",
    "match",
    "registration",
    "job",
    "jobs",
    "pass",
    "dates",
];

const GREETINGS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "hiya",
    "good morning",
    "good afternoon",
    "good evening",
    "salam",
    "assalamualaikum",
    "assalamu alaikum",
    "namaste",
    "hi there",
    "hello there",
    "hey there",
    "yo",
];
const THANKS: &[&str] = &[
    "thanks",
    "thank you",
    "thank u",
    "thx",
    "ty",
    "many thanks",
    "thanks a lot",
    "cheers",
    "ok thanks",
    "okay thanks",
    "ok thank you",
    "great thanks",
    "thank you so much",
    "thanks so much",
];
const FAREWELLS: &[&str] = &[
    "bye",
    "bye bye",
    "byebye",
    "goodbye",
    "good bye",
    "see you",
    "see ya",
    "see you later",
    "see you soon",
    "good night",
    "goodnight",
    "gn",
    "night",
    "night night",
    "take care",
    "ttyl",
    "talk later",
    "talk to you later",
    "have a good day",
    "have a nice day",
    "have a good night",
];
/// Words around small talk that do not change it: "ok thanks bro", "good night bot".
const COURTESIES: &[&str] = &[
    "ok", "okay", "bot", "bro", "sir", "madam", "dear", "friend", "mate", "buddy", "all",
    "everyone", "then", "now", "for", "again", "so", "much", "a", "lot", "and", "thanks", "thank",
    "you", "u",
];

const ABOUT_THE_BOT: &[&str] = &[
    "are you a bot",
    "are you a robot",
    "are you human",
    "are you a human",
    "are you real",
    "are you a real person",
    "are you a bot or real person",
    "are you a bot or a real person",
    "who are you",
    "what are you",
    "what can you do",
];

/// Classifies a free-text message.
pub fn classify(text: &str) -> Intent {
    let plain = plain_words(text);
    let padded = format!(" {plain} ");
    let has = |phrase: &&str| padded.contains(&format!(" {phrase} "));
    if ELSEWHERE_SYSTEMS.iter().any(has)
        || (ELSEWHERE_COUNTRIES.iter().any(has) && CAREER_WORDS.iter().any(has))
    {
        return Intent::ElsewhereAbroad;
    }
    let whole = plain.as_str();
    let core = without_courtesies(whole);
    if GREETINGS.contains(&whole) || GREETINGS.contains(&core.as_str()) {
        return Intent::Greeting;
    }
    if FAREWELLS.contains(&core.as_str()) {
        return Intent::Farewell;
    }
    if THANKS.contains(&whole) || (core.is_empty() && THANKS.iter().any(has)) {
        return Intent::Thanks;
    }
    if ABOUT_THE_BOT.contains(&whole) {
        return Intent::AboutTheBot;
    }
    if let Some(subject) = scope::out_of_scope_subject(&plain) {
        return Intent::OutOfScope(subject);
    }
    Intent::Question
}

/// The message without the courtesy words around it ("ok thanks bro" is "", "bye bot" is "bye").
fn without_courtesies(plain: &str) -> String {
    let words: Vec<&str> = plain.split(' ').collect();
    let start = words
        .iter()
        .position(|w| !COURTESIES.contains(w))
        .unwrap_or(words.len());
    let end = words
        .iter()
        .rposition(|w| !COURTESIES.contains(w))
        .map_or(start, |at| at + 1);
    words[start..end.max(start)].join(" ")
}

/// Lower-case words separated by single spaces; apostrophes and "/" dropped so "can't" is "cant"
/// and "mg/kg" is "mgkg".
fn plain_words(text: &str) -> String {
    let cleaned: String = text
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, '\'' | '’' | '/'))
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_countries_licensing_is_out_of_scope() {
        assert_eq!(classify("USMLE step 1 books?"), Intent::ElsewhereAbroad);
        assert_eq!(classify("canada licence exam"), Intent::ElsewhereAbroad);
        assert_eq!(classify("can I send money to canada"), Intent::Question);
    }

    #[test]
    fn small_talk_is_recognised_only_as_the_whole_message() {
        assert_eq!(classify("Hello!"), Intent::Greeting);
        assert_eq!(classify("thank you :)"), Intent::Thanks);
        assert_eq!(classify("Are you a bot?"), Intent::AboutTheBot);
        assert_eq!(
            classify("hello, how do I book annual leave"),
            Intent::Question
        );
    }

    #[test]
    fn farewells_and_courtesies_around_small_talk_are_small_talk() {
        assert_eq!(classify("good night bot"), Intent::Farewell);
        assert_eq!(classify("Bye!"), Intent::Farewell);
        assert_eq!(classify("ok thanks bro"), Intent::Thanks);
        assert_eq!(classify("hello bot"), Intent::Greeting);
        assert_eq!(classify("night shift rota"), Intent::Question);
        assert_eq!(classify("see you at induction?"), Intent::Question);
    }

    #[test]
    fn subjects_no_article_covers_are_out_of_scope() {
        assert_eq!(
            classify("Pension contribution, how much percent?"),
            Intent::OutOfScope(OutOfScope::Pensions)
        );
        assert_eq!(classify("When do I get paid?"), Intent::Question);
    }
}
