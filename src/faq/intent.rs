//! What kind of message a free-text question is, before any search: an emergency, a request for
//! clinical advice (which the bot never gives), small talk, or a question for the knowledge base.

/// The kind of message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Someone may be in danger now: "call 999" comes first.
    Emergency,
    /// Asks for advice on patient care: doses, management, interpreting results.
    Clinical,
    Greeting,
    Thanks,
    /// "Are you a bot?"
    AboutTheBot,
    /// About working or training in another country: outside what the programme covers.
    ElsewhereAbroad,
    Question,
}

const EMERGENCY: &[&str] = &[
    "not breathing",
    "isnt breathing",
    "stopped breathing",
    "cant breathe",
    "cannot breathe",
    "can not breathe",
    "collapsed",
    "unconscious",
    "unresponsive",
    "no pulse",
    "cardiac arrest",
    "heart attack",
    "having a stroke",
    "having a seizure",
    "choking",
    "overdose",
    "overdosed",
    "bleeding heavily",
    "severe bleeding",
    "suicidal",
    "kill myself",
    "end my life",
    "want to die",
    "chest pain",
    "difficulty breathing",
];

/// Words that only come up when asking about patient care.
const CLINICAL_TERMS: &[&str] = &[
    "dose",
    "doses",
    "dosage",
    "dosing",
    "mg",
    "mcg",
    "mgkg",
    "prescribe",
    "interpret",
    "interpretation",
    "ecg",
    "ekg",
    "abg",
    "vbg",
    "troponin",
    "stemi",
    "nstemi",
    "st elevation",
    "sepsis",
    "septic",
    "hypotension",
    "hypotensive",
    "tachycardia",
    "bradycardia",
    "hyperkalaemia",
    "hyperkalemia",
    "hyponatraemia",
    "hyponatremia",
    "antibiotic",
    "antibiotics",
    "paracetamol",
    "ibuprofen",
    "amoxicillin",
    "co-amoxiclav",
    "morphine",
    "insulin",
    "warfarin",
    "heparin",
    "gentamicin",
    "vancomycin",
    "aspirin",
    "clopidogrel",
    "furosemide",
    "salbutamol",
    "prednisolone",
    "adrenaline",
    "naloxone",
    "differential diagnosis",
    "management of",
    "treatment of",
    "treatment for",
    "how to treat",
    "how to manage",
    "side effects",
    "contraindication",
    "contraindications",
];

/// Phrases that put a patient at the centre of the question.
const PATIENT_CONTEXT: &[&str] = &[
    "patient has",
    "patient with",
    "patient is",
    "pt has",
    "pt with",
];

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
    let about_a_patient = PATIENT_CONTEXT.iter().any(has);
    if EMERGENCY.iter().any(has) && !about_a_patient {
        return Intent::Emergency;
    }
    let vital_signs = padded.contains(" bp ") && text.chars().any(|c| c.is_ascii_digit());
    if CLINICAL_TERMS.iter().any(has) || about_a_patient || vital_signs || EMERGENCY.iter().any(has)
    {
        return Intent::Clinical;
    }
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
    fn emergencies_come_first() {
        assert_eq!(classify("Help, my neighbour collapsed!"), Intent::Emergency);
        assert_eq!(classify("he can't breathe"), Intent::Emergency);
    }

    #[test]
    fn chest_pain_is_an_emergency_unless_it_is_about_a_patient() {
        assert_eq!(
            classify("i have severe chest pain right now"),
            Intent::Emergency
        );
        assert_eq!(
            classify("patient has chest pain, what should I do"),
            Intent::Clinical
        );
    }

    #[test]
    fn other_countries_licensing_is_out_of_scope() {
        assert_eq!(classify("USMLE step 1 books?"), Intent::ElsewhereAbroad);
        assert_eq!(classify("canada licence exam"), Intent::ElsewhereAbroad);
        assert_eq!(classify("can I send money to canada"), Intent::Question);
    }

    #[test]
    fn patient_care_questions_are_clinical() {
        assert_eq!(
            classify("What dose of gentamicin for AKI?"),
            Intent::Clinical
        );
        assert_eq!(
            classify("patient with BP 70/40 on the ward"),
            Intent::Clinical
        );
        assert_eq!(classify("how to interpret a blood gas"), Intent::Clinical);
    }

    #[test]
    fn settling_in_questions_are_not_mistaken_for_clinical_ones() {
        for question in [
            "how much is a prescription in England",
            "too many patients on my night shift, I feel unsafe",
            "does indemnity cover patient complaints",
            "is it free to register with a GP",
        ] {
            assert_eq!(classify(question), Intent::Question, "{question}");
        }
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
