//! What kind of message a free-text question is, once the safety triage has found nothing:
//! small talk, a question about another country's system, or a question for the knowledge base.

/// The kind of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Greeting,
    Thanks,
    /// "Are you a bot?"
    AboutTheBot,
    /// About working or training in another country: outside what the programme covers.
    ElsewhereAbroad,
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
    if GREETINGS.contains(&whole) {
        return Intent::Greeting;
    }
    if THANKS.contains(&whole) {
        return Intent::Thanks;
    }
    if ABOUT_THE_BOT.contains(&whole) {
        return Intent::AboutTheBot;
    }
    Intent::Question
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
}
