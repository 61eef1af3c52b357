//! Text as the triage reads it: lower case, plain words, text-speak spelled out, split words
//! joined and the usual misspellings of the words that matter corrected. Pure.

/// Short forms spelled out, word for word (after apostrophes are dropped).
const EXPANSIONS: &[(&str, &str)] = &[
    ("im", "i am"),
    ("iam", "i am"),
    ("ive", "i have"),
    ("id", "i would"),
    ("u", "you"),
    ("ur", "your"),
    ("r", "are"),
    ("wanna", "want to"),
    ("wnt", "want"),
    ("wnna", "want to"),
    ("wan", "want"),
    ("wana", "want to"),
    ("gonna", "going to"),
    ("gona", "going to"),
    ("gotta", "got to"),
    ("dont", "do not"),
    ("doesnt", "does not"),
    ("didnt", "did not"),
    ("cant", "can not"),
    ("cannot", "can not"),
    ("cnt", "can not"),
    ("cudnt", "could not"),
    ("couldnt", "could not"),
    ("wont", "will not"),
    ("isnt", "is not"),
    ("aint", "is not"),
    ("wasnt", "was not"),
    ("arent", "are not"),
    ("havent", "have not"),
    ("hasnt", "has not"),
    ("shouldnt", "should not"),
    ("wouldnt", "would not"),
    ("hes", "he is"),
    ("shes", "she is"),
    ("theyre", "they are"),
    ("thats", "that is"),
    ("whats", "what is"),
    ("theres", "there is"),
    ("rn", "right now"),
    ("kms", "kill myself"),
    ("kys", "kill yourself"),
    ("pls", "please"),
    ("plz", "please"),
    ("coz", "because"),
    ("cuz", "because"),
    ("bcoz", "because"),
    ("bcz", "because"),
    ("n", "and"),
    ("nd", "and"),
    ("wil", "will"),
    ("hav", "have"),
    ("hv", "have"),
    ("liv", "live"),
    ("livin", "living"),
    ("lyf", "life"),
    ("lif", "life"),
    ("dnt", "do not"),
    ("wat", "what"),
    ("wht", "what"),
    ("tmrw", "tomorrow"),
    ("tmr", "tomorrow"),
    ("2moro", "tomorrow"),
    ("2day", "today"),
    ("2nite", "tonight"),
    ("tonite", "tonight"),
    ("b4", "before"),
    ("ppl", "people"),
    ("abt", "about"),
    ("shud", "should"),
    ("wud", "would"),
    ("cud", "could"),
    ("y", "why"),
    ("kno", "know"),
    ("evry1", "everyone"),
    ("every1", "everyone"),
    ("some1", "someone"),
    ("no1", "noone"),
    ("ctb", "kill myself"),
    ("kil", "kill"),
    ("kiled", "killed"),
    ("killin", "killing"),
    ("dieing", "dying"),
    ("dyin", "dying"),
    ("dyeing", "dying"),
    ("myslf", "myself"),
    ("mysef", "myself"),
    ("meself", "myself"),
    ("myselfe", "myself"),
    ("breath", "breathe"),
    ("breating", "breathing"),
    ("breathin", "breathing"),
    ("bretahing", "breathing"),
    ("chocking", "choking"),
    ("bleading", "bleeding"),
    ("bledding", "bleeding"),
    ("bleedin", "bleeding"),
    ("stabed", "stabbed"),
    ("siezure", "seizure"),
    ("overdoes", "overdose"),
    ("od", "overdose"),
    ("sewerslide", "suicide"),
    ("suicied", "suicide"),
    ("tabs", "tablets"),
    ("meds", "medication"),
    ("pt", "patient"),
    ("pts", "patients"),
];

/// Two words that mean one thing here, joined.
const JOINS: &[(&str, &str)] = &[
    (" my self ", " myself "),
    (" self harm", " selfharm"),
    (" self harming ", " selfharming "),
    (" self injury ", " selfharm "),
    (" self injure", " selfharm"),
    (" un alive", " unalive"),
    (" over dose", " overdose"),
    (" sui cide ", " suicide "),
    (" any more ", " anymore "),
    (" no one ", " noone "),
    (" no body ", " nobody "),
    (" can not ", " cannot "),
    (" a and e ", " ae "),
    (" a e ", " ae "),
    (" sewer slide ", " suicide "),
    (" self delete ", " unalive "),
    (" delete myself ", " unalive myself "),
];

/// Words worth correcting when misspelt: long and unlike any everyday word, so a near miss
/// ("sucide", "unconcious") is almost surely one of them. Words with everyday neighbours
/// ("choking" and "cooking", "bleeding" and "bleeping") are corrected only from the list above.
const DISTINCT_WORDS: &[&str] = &[
    "suicide",
    "suicidal",
    "myself",
    "overdose",
    "overdosed",
    "unalive",
    "unconscious",
    "unresponsive",
    "breathing",
    "collapsed",
    "seizure",
    "poisoned",
    "poisoning",
    "swallowed",
    "intruder",
    "hopeless",
    "worthless",
    "anaphylaxis",
    "anaphylactic",
    "paracetamol",
    "ambulance",
    "strangled",
    "strangling",
    "selfharm",
    "suffocating",
    "electrocuted",
    "threatening",
];

/// The message as space-separated lower-case words, with a space at each end so patterns can
/// match whole words. "I can't go on..." becomes " i cannot go on ".
pub fn normalise(text: &str) -> String {
    let lowered = possessives(&text.to_lowercase());
    let mut cleaned = String::with_capacity(lowered.len() + 2);
    for c in lowered.chars() {
        if let Some(word) = emoji_word(c) {
            cleaned.push_str(word);
            continue;
        }
        let c = fold_accent(c);
        match c {
            '\'' | '’' | '‘' | '`' | '´' => {}
            // Vowel signs and other marks of Indian, Arabic and Ethiopic scripts are part of words.
            c if is_script_mark(c) => cleaned.push(c),
            '&' => cleaned.push_str(" and "),
            '+' => cleaned.push('+'),
            c if c.is_alphanumeric() => cleaned.push(c),
            _ => cleaned.push(' '),
        }
    }
    let mut words: Vec<String> = Vec::new();
    for word in cleaned.split_whitespace() {
        let word = squeeze_repeats(word);
        let word = correct(&word);
        match EXPANSIONS.iter().find(|(short, _)| *short == word) {
            Some((_, long)) => words.extend(long.split(' ').map(str::to_owned)),
            None => words.push(word),
        }
    }
    let mut joined = format!(" {} ", words.join(" "));
    for (from, to) in JOINS {
        while joined.contains(from) {
            joined = joined.replace(from, to);
        }
    }
    joined
}

/// A Latin letter without its accent: "să trăiesc" reads as "sa traiesc", "suicídio" as "suicidio".
fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ă' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' | 'ő' | 'ø' => 'o',
        'ș' | 'ş' | 'ś' | 'š' => 's',
        'ț' | 'ţ' | 'ť' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ž' | 'ź' | 'ż' => 'z',
        'ğ' => 'g',
        'ł' => 'l',
        other => other,
    }
}

/// Combining marks inside words of the Devanagari-to-Sinhala, Arabic and Ethiopic blocks.
fn is_script_mark(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{109F}' | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0900}'..='\u{0DFF}' | '\u{135D}'..='\u{135F}')
}

/// Pictures that say something the triage needs: pills, a knife, a rope.
fn emoji_word(c: char) -> Option<&'static str> {
    Some(match c {
        '💊' => " pills ",
        '🔪' | '🗡' => " knife ",
        '🪢' => " rope ",
        '⚰' | '🪦' => " coffin ",
        '🩸' => " blood ",
        '🔥' => " fire ",
        '🚑' => " ambulance ",
        '😂' | '🤣' | '😆' | '😅' => " lol ",
        _ => return None,
    })
}

/// Contractions spelled out, so "he'll" is not "hell": "he'll" is "he will", "they're" is
/// "they are", "I'd" is "i would", "won't" is "will not".
fn contractions(word: &str) -> Option<String> {
    let word = word.replace('’', "'");
    let irregular = match word.as_str() {
        "won't" => Some("will not"),
        "can't" => Some("can not"),
        "shan't" => Some("shall not"),
        "ain't" => Some("is not"),
        _ => None,
    };
    if let Some(long) = irregular {
        return Some(long.to_owned());
    }
    for (suffix, long) in [
        ("n't", " not"),
        ("'ll", " will"),
        ("'re", " are"),
        ("'ve", " have"),
        ("'d", " would"),
        ("'m", " am"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return Some(format!("{stem}{long}"));
        }
    }
    None
}

/// "he's" is "he is"; "my wife's throat" is "my wife throat", so patterns about the wife match.
fn possessives(text: &str) -> String {
    const IS: &[&str] = &[
        "he",
        "she",
        "it",
        "that",
        "what",
        "there",
        "who",
        "everyone",
        "someone",
        "nobody",
        "here",
        "where",
        "life",
        "everything",
        "nothing",
    ];
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(char::is_whitespace).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if let Some(long) = contractions(word) {
            out.push_str(&long);
            continue;
        }
        let stem = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .filter(|stem| !stem.is_empty());
        match stem {
            Some(stem) if IS.contains(&stem) => {
                out.push_str(stem);
                out.push_str(" is");
            }
            Some(stem) => out.push_str(stem),
            None => out.push_str(word),
        }
    }
    out
}

/// "soooo" is "soo", "pleeease" is "pleease": three or more of a letter become two.
fn squeeze_repeats(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    let mut run = 0;
    for c in word.chars() {
        if Some(c) == last {
            run += 1;
        } else {
            run = 1;
            last = Some(c);
        }
        if run <= 2 {
            out.push(c);
        }
    }
    out
}

/// The distinct word `word` is a misspelling of, if any (one edit; two for long words).
fn correct(word: &str) -> String {
    let length = word.chars().count();
    if length < 6 || word.chars().any(|c| c.is_ascii_digit()) || DISTINCT_WORDS.contains(&word) {
        return word.to_owned();
    }
    let allowed = if length >= 9 { 2 } else { 1 };
    DISTINCT_WORDS
        .iter()
        .filter(|target| target.len().abs_diff(length) <= allowed)
        .map(|target| (strsim::osa_distance(word, target), *target))
        .filter(|(distance, _)| *distance <= allowed)
        .min()
        .map_or_else(|| word.to_owned(), |(_, target)| target.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_and_text_speak_are_spelled_out() {
        assert_eq!(normalise("I can't go on!!"), " i cannot go on ");
        assert_eq!(normalise("i wanna die rn"), " i want to die right now ");
        assert_eq!(normalise("kms"), " kill myself ");
        assert_eq!(normalise("I’m done"), " i am done ");
    }

    #[test]
    fn possessives_and_pictures_are_read() {
        assert_eq!(normalise("my wife's throat"), " my wife throat ");
        assert_eq!(normalise("he's fitting"), " he is fitting ");
        assert_eq!(normalise("goodbye 💊💊"), " goodbye pills pills ");
        assert_eq!(
            normalise("he'll jump, I won't"),
            " he will jump i will not "
        );
        assert_eq!(normalise("I’d rather"), " i would rather ");
    }

    #[test]
    fn split_and_stretched_words_are_joined() {
        assert_eq!(normalise("hurt my self"), " hurt myself ");
        assert_eq!(normalise("self-harm again"), " selfharm again ");
        assert_eq!(normalise("soooo tired"), " soo tired ");
    }

    #[test]
    fn misspellings_of_the_words_that_matter_are_corrected() {
        assert_eq!(normalise("sucide"), " suicide ");
        assert_eq!(normalise("suicdal thoughts"), " suicidal thoughts ");
        assert_eq!(normalise("he is unconcious"), " he is unconscious ");
        assert_eq!(normalise("kil myslef"), " kill myself ");
    }

    #[test]
    fn everyday_words_are_not_corrected_into_alarming_ones() {
        assert_eq!(normalise("cooking dinner"), " cooking dinner ");
        assert_eq!(normalise("my bleep went off"), " my bleep went off ");
        assert_eq!(normalise("bills to pay"), " bills to pay ");
        assert_eq!(normalise("putting it off"), " putting it off ");
    }
}
