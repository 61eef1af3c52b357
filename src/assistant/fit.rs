//! Whether text typed at a form's step is the answer, or a question that must not be saved as
//! one. Pure: the shape of the text, the safety triage and the knowledge base decide; the form
//! says only what kind of field it is and whether its own rules would accept the text.

use crate::chat::Field;
use crate::faq::KnowledgeBase;
use crate::faq::answers::QUESTION_LIMIT;
use crate::faq::search::Decision;
use crate::safety::Triage;

/// What to do with typed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Give it to the form.
    Answer,
    /// It may be either: ask "Is this your answer, or a question?" and keep it until they say.
    AskWhich,
    /// A question that cannot be the answer: answer it, and keep the form where it was.
    Question,
    /// Asks for clinical advice: the clinical reply; the text is neither saved nor kept.
    Clinical,
}

/// Decides what `text`, typed at a step expecting `field`, is. `accepted`: the form's own rules
/// would take it (a date it can read, a name of the right length).
pub fn judge_typed_text(field: Field, text: &str, accepted: bool, base: &KnowledgeBase) -> Verdict {
    let topic = if text.chars().count() > QUESTION_LIMIT {
        Topic::None
    } else {
        Topic::of(&base.search().decide(text))
    };
    judge(
        field,
        &Shape::of(text),
        accepted,
        crate::safety::triage(text),
        topic,
    )
}

fn judge(field: Field, shape: &Shape, accepted: bool, triage: Triage, topic: Topic) -> Verdict {
    match triage {
        // The chat answers a crisis or an emergency before any form sees the text; should one
        // get here, the question path gives the same help.
        Triage::Crisis | Triage::Emergency(_) => return Verdict::Question,
        Triage::Clinical => {
            let asks = shape.asks() || field_flags(field, shape, topic) || !accepted;
            return match field {
                _ if asks => Verdict::Clinical,
                // Feedback on a SIM session names conditions; a statement is not a request.
                Field::Comment | Field::Parsed => Verdict::Answer,
                // "Palliative medicine" is a specialty, and the triage reads words: let them say.
                _ => Verdict::AskWhich,
            };
        }
        Triage::Clear => {}
    }
    if !accepted {
        // It cannot be the answer. Only a clear question is answered as one; anything else goes
        // back to the form, which says why it could not read it ("I start in January").
        return if asks_plainly(shape, topic) {
            Verdict::Question
        } else {
            Verdict::Answer
        };
    }
    if field != Field::Parsed && field_flags(field, shape, topic) {
        Verdict::AskWhich
    } else {
        Verdict::Answer
    }
}

/// Whether text the form would accept still looks like a question for this kind of field.
fn field_flags(field: Field, shape: &Shape, topic: Topic) -> bool {
    let asks = shape.asks();
    match field {
        Field::Name => {
            asks || shape.personal
                || shape.digits
                || shape.sentence_words >= 2
                || shape.words > 7
                || topic == Topic::Exact
                || (topic == Topic::Found && (shape.sentence_words >= 1 || shape.words >= 4))
        }
        Field::Specialty => {
            asks || shape.personal
                || shape.sentence_words >= 2
                || shape.words > 8
                || topic == Topic::Exact
                || (topic == Topic::Found && shape.sentence_words >= 1)
        }
        // Titles are often topics ("ALS course") or start "How to": the knowledge base only
        // counts beside a question's opening.
        Field::Title => {
            shape.question_mark
                || shape.personal
                || (shape.opens_as_question && (!shape.how_to || topic != Topic::None))
                || shape.sentence_words >= 3
                || shape.words > 15
        }
        // Places match topics ("SIM suite, New Cross"): only the shape counts.
        Field::Place => asks || shape.personal || shape.sentence_words >= 3 || shape.words > 25,
        // A comment is free text ("It was good, but why so long?"): only a short message that
        // opens as a question and ends as one, or asks about a topic, is held back.
        Field::Comment => {
            (shape.words <= 30
                && shape.opens_as_question
                && (shape.question_mark || topic != Topic::None))
                || (shape.question_mark && topic == Topic::Exact)
        }
        Field::Parsed => asks_plainly(shape, topic),
    }
}

/// A question in any field: it opens as one or has a question mark, or names a topic word for
/// word, or loosely beside a verb ("need parking"). A loose match alone is not enough: the
/// search finds a topic in most phrases ("next week", "Mars General").
fn asks_plainly(shape: &Shape, topic: Topic) -> bool {
    shape.asks() || topic == Topic::Exact || (topic == Topic::Found && shape.sentence_words >= 1)
}

/// What the knowledge base made of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    None,
    /// An answer or a "did you mean".
    Found,
    /// The text is one of a topic's aliases, word for word ("blue light card").
    Exact,
}

impl Topic {
    fn of(decision: &Decision) -> Self {
        match decision {
            // The search scores an exact alias as 100; ranked matches score far lower.
            Decision::Answer { score, .. } if *score >= 100.0 => Self::Exact,
            Decision::Answer { .. } | Decision::Suggest { .. } => Self::Found,
            Decision::Unknown { .. } => Self::None,
        }
    }
}

/// Question words that open a question on their own.
const WH_WORDS: &[&str] = &[
    "what", "whats", "what's", "wat", "where", "wheres", "where's", "when", "whens", "when's",
    "why", "how", "hows", "how's", "which", "who", "whos", "who's", "whom", "whose",
];
/// Words that open a question when a subject follows ("can I", "is there"); alone they are
/// names too ("Will", "May", "Can", "Do").
const AUXILIARIES: &[&str] = &[
    "am", "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would",
    "should", "shall", "may", "might", "must", "have", "has", "isnt", "isn't", "arent", "aren't",
    "dont", "don't", "doesnt", "doesn't", "cant", "can't",
];
const SUBJECTS: &[&str] = &[
    "i", "im", "i'm", "you", "u", "we", "they", "he", "she", "it", "there", "the", "a", "an", "my",
    "your", "our", "this", "that", "these", "those", "someone", "somebody", "anyone", "anybody",
    "fellows", "we're",
];
/// Openings of a request ("tell me about parking").
const REQUESTS: &[&str] = &[
    "tell me",
    "please tell",
    "pls tell",
    "plz tell",
    "i want to know",
    "i need to know",
    "i would like to know",
    "i'd like to know",
    "i wonder",
    "wondering",
    "anyone know",
    "anybody know",
    "help with",
    "help me",
    "need help",
    "info on",
    "info about",
    "information on",
    "information about",
    "any info",
    "any idea",
];
/// Words of a sentence that names and labels do without.
const SENTENCE_WORDS: &[&str] = &[
    "is", "are", "am", "was", "were", "be", "been", "do", "does", "did", "dont", "don't", "doesnt",
    "doesn't", "didnt", "didn't", "get", "gets", "got", "getting", "have", "has", "had", "can",
    "cant", "can't", "could", "will", "would", "should", "need", "needs", "want", "wants", "know",
    "tell", "please", "pls", "plz", "there", "much", "many", "any", "how", "what", "where", "when",
    "why", "which", "who",
];
/// First and second person: a message, not a name or a label.
const PERSONAL: &[&str] = &[
    "i", "i'm", "im", "i've", "ive", "i'd", "me", "my", "mine", "myself", "you", "your", "yours",
    "we", "our", "us", "u",
];
/// The question marks of the languages fellows write in.
const QUESTION_MARKS: &[char] = &['?', '？', '؟', '¿'];

/// The signs of a question in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Shape {
    opens_as_question: bool,
    /// It opens "How to", as titles do.
    how_to: bool,
    question_mark: bool,
    personal: bool,
    digits: bool,
    sentence_words: usize,
    words: usize,
}

impl Shape {
    fn of(text: &str) -> Self {
        // Links are places, not sentences: "?" in a meeting link asks nothing.
        let tokens: Vec<&str> = text.split_whitespace().filter(|t| !is_link(t)).collect();
        let words: Vec<String> = tokens.iter().map(|t| plain(t)).collect();
        let first = words.first().map(String::as_str).unwrap_or_default();
        let second = words.get(1).map(String::as_str).unwrap_or_default();
        // "Where: Room 3" and "What helped: the debrief" are labels, not questions.
        let labelled = tokens.iter().take(3).any(|t| t.ends_with(':'));
        // "How" is a surname too ("How Siew Ling"); "how i get..." is not one.
        let how_as_name = tokens.first() == Some(&"How")
            && tokens
                .get(1)
                .is_some_and(|t| t.chars().next().is_some_and(char::is_uppercase));
        let joined = words.join(" ");
        let opens_as_question = !labelled
            && ((WH_WORDS.contains(&first) && !(first == "how" && how_as_name))
                || (AUXILIARIES.contains(&first) && SUBJECTS.contains(&second))
                || REQUESTS
                    .iter()
                    .any(|r| joined == *r || joined.starts_with(&format!("{r} "))));
        Self {
            opens_as_question,
            how_to: first == "how" && second == "to",
            question_mark: tokens.iter().any(|t| t.contains(QUESTION_MARKS)),
            // "U Aung Kyaw" is a Burmese name; "can u help" is a message.
            personal: tokens
                .iter()
                .zip(&words)
                .any(|(token, word)| PERSONAL.contains(&word.as_str()) && *token != "U"),
            digits: tokens.iter().any(|t| t.chars().any(|c| c.is_ascii_digit())),
            sentence_words: words
                .iter()
                .skip(1)
                .filter(|w| SENTENCE_WORDS.contains(&w.as_str()))
                .count(),
            words: words.iter().filter(|w| !w.is_empty()).count(),
        }
    }

    /// Opens as a question or has a question mark.
    fn asks(&self) -> bool {
        self.opens_as_question || self.question_mark
    }
}

/// A word lower-cased, without the punctuation around it (apostrophes inside are kept).
fn plain(token: &str) -> String {
    token
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .trim_matches('\'')
        .replace('’', "'")
        .to_lowercase()
}

fn is_link(token: &str) -> bool {
    let lower = token.to_lowercase();
    lower.contains("://") || lower.starts_with("www.") || lower.starts_with("teams.")
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;

    static BASE: LazyLock<KnowledgeBase> = LazyLock::new(|| {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let trusts = ["RWT", "WHT", "BCHFT"].map(String::from);
        KnowledgeBase::load_dir(&content, &trusts).expect("the knowledge base loads")
    });

    fn verdict(field: Field, text: &str) -> Verdict {
        judge_typed_text(field, text, true, &BASE)
    }

    /// Checks every text, and names every one that came out otherwise.
    fn assert_all(field: Field, texts: &[&str], expected: Verdict) {
        let wrong: Vec<String> = texts
            .iter()
            .map(|text| (text, verdict(field, text)))
            .filter(|(_, got)| *got != expected)
            .map(|(text, got)| format!("{text:?} is {got:?}"))
            .collect();
        assert!(
            wrong.is_empty(),
            "{field:?}, expected {expected:?}: {wrong:#?}"
        );
    }

    #[test]
    fn names_from_many_countries_are_answers() {
        assert_all(
            Field::Name,
            &[
                "Nnamdi Okonkwo-Eze",
                "Siti Nur Aisyah binti Ahmad",
                "Dr. Ayesha Siddiqui",
                "Maria de los Ángeles García",
                "Nguyễn Thị An",
                "Olúwaseun Adébáyọ̀",
                "Priya Raghunathan",
                "Jean-Pierre Dubois",
                "Sean O'Brien",
                "محمد أحمد",
                "Zhang Wei",
                "Fatima Zahra",
                "May Thandar Aung",
                "Can Öztürk",
                "Do Van Minh",
                "U Aung Kyaw",
                "How Siew Ling",
                "Dr Ngozi Adeyemi-Okafor MBBS",
            ],
            Verdict::Answer,
        );
    }

    #[test]
    fn a_name_is_read_by_its_shape_whatever_the_triage_makes_of_it() {
        // The chat runs the triage before any form; these are names by their shape alone.
        for text in [
            "Amina",
            "amina yusuf",
            "Will Turner",
            "Ravi Kumar",
            "Chidi Obi",
        ] {
            let topic = Topic::of(&BASE.search().decide(text));
            assert_eq!(
                judge(Field::Name, &Shape::of(text), true, Triage::Clear, topic),
                Verdict::Answer,
                "{text}"
            );
        }
    }

    #[test]
    fn a_question_typed_for_a_name_is_held_back() {
        assert_all(
            Field::Name,
            &[
                "how i get blue light card",
                "what is the parking price?",
                "where do I park",
                "can I get a blue light card",
                "blue light card",
                "i want to open a bank account",
                "is there parking at New Cross",
                "Parking?",
                "do u know the wifi password",
                "Priya 2",
            ],
            Verdict::AskWhich,
        );
    }

    #[test]
    fn specialties_are_answers_even_when_they_sound_like_topics() {
        assert_all(
            Field::Specialty,
            &[
                "General Medicine",
                "Emergency medicine",
                "Acute medicine",
                "Care of the elderly",
                "Trauma and orthopaedics",
                "Obstetrics and gynaecology",
                "Intensive care",
                "Old age psychiatry",
                "Stroke medicine",
                "Renal medicine",
                "Medicine for older people",
                "Anaesthetics",
                "Paediatrics",
                "Cardiology",
            ],
            Verdict::Answer,
        );
    }

    #[test]
    fn a_question_typed_for_a_specialty_is_held_back() {
        assert_all(
            Field::Specialty,
            &[
                "how i get blue light card",
                "what is the parking price?",
                "when do I get paid",
                "blue light card",
                "need parking permit",
                "i am not sure yet, can I tell you later",
            ],
            Verdict::AskWhich,
        );
    }

    #[test]
    fn a_specialty_the_triage_or_the_topics_read_otherwise_is_asked_about_not_refused() {
        // Word for word a topic's alias, or a clinical word: one tap says it is the answer.
        for text in ["Palliative medicine", "Endoscopy", "GP"] {
            assert_eq!(verdict(Field::Specialty, text), Verdict::AskWhich, "{text}");
        }
    }

    #[test]
    fn a_clinical_question_in_a_form_gets_the_clinical_reply() {
        for field in [Field::Name, Field::Specialty, Field::Title, Field::Comment] {
            for text in [
                "can I give my patient 2mg morphine?",
                "how do I manage hyperkalaemia in my patient",
                "what dose of amoxicillin for a child",
            ] {
                assert_eq!(verdict(field, text), Verdict::Clinical, "{field:?}: {text}");
            }
        }
        assert_eq!(
            judge_typed_text(
                Field::Parsed,
                "what dose of amoxicillin for a child",
                false,
                &BASE
            ),
            Verdict::Clinical
        );
    }

    #[test]
    fn session_titles_and_places_are_answers() {
        assert_all(
            Field::Title,
            &[
                "Acute SIM",
                "ALS course",
                "SIM training",
                "How to write a discharge summary",
                "Teaching: how to do an ABG",
                "EQ session: 1 month",
                "Welcome to UK practice",
            ],
            Verdict::Answer,
        );
        assert_all(
            Field::Place,
            &[
                "SIM suite, New Cross",
                "Room 3, Education Centre, Manor Hospital",
                "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc?context=%7b%22Tid%22%7d",
                "Online (Teams)",
                "Where: Lecture theatre 2",
            ],
            Verdict::Answer,
        );
    }

    #[test]
    fn a_question_typed_for_a_title_or_a_place_is_held_back() {
        assert_all(
            Field::Title,
            &[
                "what is the parking price?",
                "how to get blue light card",
                "where do I park",
                "can I bring my own laptop",
            ],
            Verdict::AskWhich,
        );
        assert_all(
            Field::Place,
            &[
                "where is the education centre",
                "is there parking at New Cross?",
                "I don't know yet",
            ],
            Verdict::AskWhich,
        );
    }

    #[test]
    fn feedback_comments_are_answers_unless_clearly_a_question() {
        assert_all(
            Field::Comment,
            &[
                "Practising a deteriorating patient",
                "The debrief was calm and specific",
                "We ran a sepsis scenario and the debrief was good",
                "The DKA simulation was really useful",
                "More time for scenarios",
                "It was good but why so long?",
                "What helped: the facilitators explained the ABCDE approach well",
                "Parking was a nightmare, I was late",
            ],
            Verdict::Answer,
        );
        assert_all(
            Field::Comment,
            &[
                "how i get blue light card",
                "what is the parking price?",
                "where do I park",
                "when is the next SIM session?",
                "is there parking at New Cross?",
            ],
            Verdict::AskWhich,
        );
    }

    #[test]
    fn a_question_where_a_date_is_expected_is_answered_and_a_sentence_is_re_asked() {
        let unreadable = |text| judge_typed_text(Field::Parsed, text, false, &BASE);
        assert_eq!(unreadable("how i get blue light card"), Verdict::Question);
        assert_eq!(unreadable("when do I start?"), Verdict::Question);
        assert_eq!(unreadable("parking"), Verdict::Question);
        assert_eq!(unreadable("i need parking permit"), Verdict::Question);
        assert_eq!(unreadable("I start in January"), Verdict::Answer);
        assert_eq!(unreadable("I start next week"), Verdict::Answer);
        assert_eq!(unreadable("next week"), Verdict::Answer);
        assert_eq!(unreadable("Mars General"), Verdict::Answer);
        assert_eq!(unreadable("soon"), Verdict::Answer);
        assert_eq!(verdict(Field::Parsed, "14/01/2027"), Verdict::Answer);
    }

    #[test]
    fn text_a_field_cannot_take_is_answered_only_when_it_is_a_question() {
        let too_long = "where can I find out about parking and the blue light card and banking";
        assert_eq!(
            judge_typed_text(Field::Name, too_long, false, &BASE),
            Verdict::Question
        );
        assert_eq!(
            judge_typed_text(Field::Name, "<b>Priya</b>", false, &BASE),
            Verdict::Answer
        );
    }
}
